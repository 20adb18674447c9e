/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly, auto-generated from: */
/*	netlink-api/mip4ha.yaml */
/* by netlink-api/gen-uapi.py --kernel-header (make uapi) */

#ifndef _MIP4HA_NETLINK_GEN_H
#define _MIP4HA_NETLINK_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include "mip4ha.h"

/* Ops table for mip4ha */
extern const struct genl_ops mip4ha_nl_ops[12];

int mip4ha_nl_ha_set_doit(struct sk_buff *skb, struct genl_info *info);
int mip4ha_nl_ha_get_doit(struct sk_buff *skb, struct genl_info *info);
int mip4ha_nl_ha_del_doit(struct sk_buff *skb, struct genl_info *info);
int mip4ha_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int mip4ha_nl_sa_new_doit(struct sk_buff *skb, struct genl_info *info);
int mip4ha_nl_sa_del_doit(struct sk_buff *skb, struct genl_info *info);
int mip4ha_nl_sa_dump_start(struct netlink_callback *cb);
int mip4ha_nl_sa_get_doit(struct sk_buff *skb, struct genl_info *info);
int mip4ha_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mip4ha_nl_walk_done(struct netlink_callback *cb);
int mip4ha_nl_binding_dump_start(struct netlink_callback *cb);
int mip4ha_nl_binding_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);
int mip4ha_nl_binding_del_doit(struct sk_buff *skb, struct genl_info *info);
int mip4ha_nl_binding_flush_doit(struct sk_buff *skb, struct genl_info *info);
int mip4ha_nl_keygen_answer_doit(struct sk_buff *skb, struct genl_info *info);
int mip4ha_nl_sa_set_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	MIP4HA_NLGRP_EVENTS,
	MIP4HA_NLGRP_REFRESH,
	MIP4HA_NLGRP_KEYGEN,
};

/* Multicast groups for mip4ha, indexed by MIP4HA_NLGRP_* */
extern const struct genl_multicast_group mip4ha_nl_mcgrps[3];

#endif /* _MIP4HA_NETLINK_GEN_H */
