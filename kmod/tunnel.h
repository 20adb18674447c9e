/* SPDX-License-Identifier: GPL-2.0 */
/* The data plane: tunnels to care-of addresses, reverse tunnels, ARP. */

#ifndef _MIP4HA_TUNNEL_H
#define _MIP4HA_TUNNEL_H

#include <linux/types.h>

struct mip4ha_net;
struct net_device;

int mip4ha_tunnel_init(void);
void mip4ha_tunnel_exit(void);
void mip4ha_tunnel_net_init(struct mip4ha_net *mn);
int mip4ha_tunnel_start(struct mip4ha_net *mn);
void mip4ha_tunnel_stop(struct mip4ha_net *mn);
void mip4ha_tunnel_announce(struct mip4ha_net *mn, __be32 home_addr);
void mip4ha_tunnel_announce_home(struct mip4ha_net *mn, struct net_device *dev,
				 __be32 home_addr, const u8 *lladdr);

#endif /* _MIP4HA_TUNNEL_H */
