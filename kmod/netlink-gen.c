// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	netlink-api/mip4ha.yaml */
/* by netlink-api/gen-uapi.py --kernel-source (make uapi) */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include "mip4ha.h"

/* ha max-lifetime: beyond the s16 of struct nla_policy */
static struct netlink_range_validation mip4ha_a_ha_max_lifetime_range = {
	.min	= 1,
	.max	= 65535,
};

/* ha keygen-max-pending: beyond the s16 of struct nla_policy */
static struct netlink_range_validation mip4ha_a_ha_keygen_max_pending_range = {
	.min	= 1,
	.max	= 65536,
};

/* MIP4HA_CMD_HA_SET - do */
static const struct nla_policy mip4ha_ha_set_nl_policy[MIP4HA_A_HA_MAX + 1] = {
	[MIP4HA_A_HA_ADDRESS] = { .type = NLA_BE32, },
	[MIP4HA_A_HA_PREFIX] = { .type = NLA_BE32, },
	[MIP4HA_A_HA_PREFIX_LEN] = NLA_POLICY_RANGE(NLA_U8, 1, 32),
	[MIP4HA_A_HA_MAX_LIFETIME] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mip4ha_a_ha_max_lifetime_range),
	[MIP4HA_A_HA_REPLAY_TOLERANCE] = NLA_POLICY_RANGE(NLA_U32, 1, 3600),
	[MIP4HA_A_HA_MAX_BINDINGS] = NLA_POLICY_RANGE(NLA_U32, 1, 255),
	[MIP4HA_A_HA_VENDOR_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[MIP4HA_A_HA_KEYGEN_TIMEOUT] = NLA_POLICY_RANGE(NLA_U32, 1, 120),
	[MIP4HA_A_HA_KEYGEN_MAX_PENDING] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mip4ha_a_ha_keygen_max_pending_range),
	[MIP4HA_A_HA_REVERSE_TUNNEL] = NLA_POLICY_MAX(NLA_U8, 2),
};

/* MIP4HA_CMD_HA_GET - do */
/* No attribute, but the set's: each is refused as unsupported. */
static const struct nla_policy mip4ha_ha_get_nl_policy[MIP4HA_A_HA_MAX + 1] = {};

/* MIP4HA_CMD_HA_DEL - do */
/* No attribute, but the set's: each is refused as unsupported. */
static const struct nla_policy mip4ha_ha_del_nl_policy[MIP4HA_A_HA_MAX + 1] = {};

/* MIP4HA_CMD_STATS_GET - do */
/* No attribute, but the set's: each is refused as unsupported. */
static const struct nla_policy
mip4ha_stats_get_nl_policy[MIP4HA_A_STATS_MAX + 1] = {};

/* MIP4HA_CMD_SA_NEW - do */
static const struct nla_policy mip4ha_sa_new_nl_policy[MIP4HA_A_SA_MAX + 1] = {
	[MIP4HA_A_SA_NAI] = NLA_POLICY_RANGE(NLA_BINARY, 1, 255),
	[MIP4HA_A_SA_HOME_ADDRESS] = { .type = NLA_BE32, },
	[MIP4HA_A_SA_SPI] = NLA_POLICY_MIN(NLA_U32, 256),
	[MIP4HA_A_SA_ALGORITHM] = NLA_POLICY_RANGE(NLA_U8, 1, 3),
	[MIP4HA_A_SA_KEY] = NLA_POLICY_RANGE(NLA_BINARY, 1, 64),
	[MIP4HA_A_SA_REPLAY] = NLA_POLICY_RANGE(NLA_U8, 2, 3),
	[MIP4HA_A_SA_REPLAY_TOLERANCE] = NLA_POLICY_RANGE(NLA_U32, 1, 3600),
};

/* MIP4HA_CMD_SA_DEL - do */
static const struct nla_policy mip4ha_sa_del_nl_policy[MIP4HA_A_SA_MAX + 1] = {
	[MIP4HA_A_SA_NAI] = NLA_POLICY_RANGE(NLA_BINARY, 1, 255),
	[MIP4HA_A_SA_HOME_ADDRESS] = { .type = NLA_BE32, },
	[MIP4HA_A_SA_SPI] = NLA_POLICY_MIN(NLA_U32, 256),
};

/* MIP4HA_CMD_SA_GET - do and dump */
static const struct nla_policy mip4ha_sa_get_nl_policy[MIP4HA_A_SA_MAX + 1] = {
	[MIP4HA_A_SA_NAI] = NLA_POLICY_RANGE(NLA_BINARY, 1, 255),
	[MIP4HA_A_SA_HOME_ADDRESS] = { .type = NLA_BE32, },
	[MIP4HA_A_SA_SPI] = NLA_POLICY_MIN(NLA_U32, 256),
	[MIP4HA_A_SA_WITH_SECRETS] = { .type = NLA_FLAG, },
};

/* MIP4HA_CMD_BINDING_GET - dump */
static const struct nla_policy
mip4ha_binding_get_nl_policy[MIP4HA_A_BINDING_MAX + 1] = {
	[MIP4HA_A_BINDING_HOME_ADDRESS] = { .type = NLA_BE32, },
};

/* MIP4HA_CMD_BINDING_DEL - do */
static const struct nla_policy
mip4ha_binding_del_nl_policy[MIP4HA_A_BINDING_MAX + 1] = {
	[MIP4HA_A_BINDING_HOME_ADDRESS] = { .type = NLA_BE32, },
	[MIP4HA_A_BINDING_CARE_OF_ADDRESS] = { .type = NLA_BE32, },
};

/* MIP4HA_CMD_BINDING_FLUSH - do */
/* No attribute, but the set's: each is refused as unsupported. */
static const struct nla_policy
mip4ha_binding_flush_nl_policy[MIP4HA_A_BINDING_MAX + 1] = {};

/* MIP4HA_CMD_KEYGEN_ANSWER - do */
static const struct nla_policy
mip4ha_keygen_answer_nl_policy[MIP4HA_A_KEYGEN_MAX + 1] = {
	[MIP4HA_A_KEYGEN_COOKIE] = { .type = NLA_U32, },
	[MIP4HA_A_KEYGEN_CODE] = { .type = NLA_U8, },
	[MIP4HA_A_KEYGEN_SKEY] = NLA_POLICY_RANGE(NLA_BINARY, 16, 32),
	[MIP4HA_A_KEYGEN_SKEY_PRIME] = NLA_POLICY_RANGE(NLA_BINARY, 16, 32),
	[MIP4HA_A_KEYGEN_KEY_LIFETIME] = NLA_POLICY_MIN(NLA_U32, 1),
	[MIP4HA_A_KEYGEN_REPLY_EXTENSION] =
		NLA_POLICY_RANGE(NLA_BINARY, 1, 255),
	[MIP4HA_A_KEYGEN_REPLY_EXTENSION_TYPE] = { .type = NLA_U16, },
	[MIP4HA_A_KEYGEN_REPLY_USER_EXTENSION] =
		NLA_POLICY_RANGE(NLA_BINARY, 44, 44),
	[MIP4HA_A_KEYGEN_REPLY_KEY] = NLA_POLICY_RANGE(NLA_BINARY, 16, 32),
	[MIP4HA_A_KEYGEN_AGREEMENT_H] = NLA_POLICY_RANGE(NLA_BINARY, 12, 12),
	[MIP4HA_A_KEYGEN_USER_NAI] = NLA_POLICY_RANGE(NLA_BINARY, 1, 255),
};

/* MIP4HA_CMD_SA_SET - do */
static const struct nla_policy mip4ha_sa_set_nl_policy[MIP4HA_A_SA_MAX + 1] = {
	[MIP4HA_A_SA_NAI] = NLA_POLICY_RANGE(NLA_BINARY, 1, 255),
	[MIP4HA_A_SA_SPI] = NLA_POLICY_MIN(NLA_U32, 256),
	[MIP4HA_A_SA_KEY_LIFETIME] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* Ops table for mip4ha */
const struct genl_ops mip4ha_nl_ops[12] = {
	{
		.cmd		= MIP4HA_CMD_HA_SET,
		.doit		= mip4ha_nl_ha_set_doit,
		.policy		= mip4ha_ha_set_nl_policy,
		.maxattr	= MIP4HA_A_HA_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MIP4HA_CMD_HA_GET,
		.doit		= mip4ha_nl_ha_get_doit,
		.policy		= mip4ha_ha_get_nl_policy,
		.maxattr	= MIP4HA_A_HA_MAX,
	},
	{
		.cmd		= MIP4HA_CMD_HA_DEL,
		.doit		= mip4ha_nl_ha_del_doit,
		.policy		= mip4ha_ha_del_nl_policy,
		.maxattr	= MIP4HA_A_HA_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MIP4HA_CMD_STATS_GET,
		.doit		= mip4ha_nl_stats_get_doit,
		.policy		= mip4ha_stats_get_nl_policy,
		.maxattr	= MIP4HA_A_STATS_MAX,
	},
	{
		.cmd		= MIP4HA_CMD_SA_NEW,
		.doit		= mip4ha_nl_sa_new_doit,
		.policy		= mip4ha_sa_new_nl_policy,
		.maxattr	= MIP4HA_A_SA_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MIP4HA_CMD_SA_DEL,
		.doit		= mip4ha_nl_sa_del_doit,
		.policy		= mip4ha_sa_del_nl_policy,
		.maxattr	= MIP4HA_A_SA_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MIP4HA_CMD_SA_GET,
		.start		= mip4ha_nl_sa_dump_start,
		.doit		= mip4ha_nl_sa_get_doit,
		.dumpit		= mip4ha_nl_sa_get_dumpit,
		.done		= mip4ha_nl_walk_done,
		.policy		= mip4ha_sa_get_nl_policy,
		.maxattr	= MIP4HA_A_SA_MAX,
	},
	{
		.cmd		= MIP4HA_CMD_BINDING_GET,
		.start		= mip4ha_nl_binding_dump_start,
		.dumpit		= mip4ha_nl_binding_get_dumpit,
		.done		= mip4ha_nl_walk_done,
		.policy		= mip4ha_binding_get_nl_policy,
		.maxattr	= MIP4HA_A_BINDING_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MIP4HA_CMD_BINDING_DEL,
		.doit		= mip4ha_nl_binding_del_doit,
		.policy		= mip4ha_binding_del_nl_policy,
		.maxattr	= MIP4HA_A_BINDING_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MIP4HA_CMD_BINDING_FLUSH,
		.doit		= mip4ha_nl_binding_flush_doit,
		.policy		= mip4ha_binding_flush_nl_policy,
		.maxattr	= MIP4HA_A_BINDING_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MIP4HA_CMD_KEYGEN_ANSWER,
		.doit		= mip4ha_nl_keygen_answer_doit,
		.policy		= mip4ha_keygen_answer_nl_policy,
		.maxattr	= MIP4HA_A_KEYGEN_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MIP4HA_CMD_SA_SET,
		.doit		= mip4ha_nl_sa_set_doit,
		.policy		= mip4ha_sa_set_nl_policy,
		.maxattr	= MIP4HA_A_SA_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

/* Multicast groups for mip4ha */
const struct genl_multicast_group mip4ha_nl_mcgrps[3] = {
	[MIP4HA_NLGRP_EVENTS] = {
		.name	= MIP4HA_MCGRP_EVENTS,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
	[MIP4HA_NLGRP_REFRESH] = {
		.name	= MIP4HA_MCGRP_REFRESH,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
	[MIP4HA_NLGRP_KEYGEN] = {
		.name	= MIP4HA_MCGRP_KEYGEN,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};
