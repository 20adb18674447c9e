/* SPDX-License-Identifier: GPL-2.0 */
/* The mip4ha generic-netlink family: registration and notifications. */

#ifndef _MIP4HA_NETLINK_H
#define _MIP4HA_NETLINK_H

#include <linux/types.h>

struct mip4ha_binding;
struct mip4ha_config;
struct mip4ha_keygen_req;
struct mip4ha_net;
struct mip4ha_sa;

int mip4ha_netlink_register(void);
void mip4ha_netlink_unregister(void);
void mip4ha_nl_binding_notify(struct mip4ha_net *mn,
			      const struct mip4ha_binding *b, u8 event,
			      u8 reason);
void mip4ha_nl_sa_notify(struct mip4ha_net *mn, const struct mip4ha_sa *sa,
			 u8 event, u8 reason);
bool mip4ha_nl_keygen_has_listeners(struct mip4ha_net *mn);
int mip4ha_nl_keygen_notify(struct mip4ha_net *mn,
			    const struct mip4ha_config *cfg,
			    const struct mip4ha_keygen_req *req);

#endif /* _MIP4HA_NETLINK_H */
