// SPDX-License-Identifier: GPL-2.0
/* The mip4ha generic-netlink family (netlink-api/mip4ha.yaml). */

#include <linux/inetdevice.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "ha.h"
#include "mip4ha.h"

static struct netlink_range_validation mip4ha_lifetime_range = {
	.min = 1,
	.max = 65535,
};

static const struct nla_policy mip4ha_ha_set_policy[MIP4HA_A_HA_MAX + 1] = {
	[MIP4HA_A_HA_ADDRESS] = { .type = NLA_BE32 },
	[MIP4HA_A_HA_PREFIX] = { .type = NLA_BE32 },
	[MIP4HA_A_HA_PREFIX_LEN] = NLA_POLICY_RANGE(NLA_U8, 1, 32),
	[MIP4HA_A_HA_MAX_LIFETIME] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mip4ha_lifetime_range),
	[MIP4HA_A_HA_REPLAY_TOLERANCE] = NLA_POLICY_RANGE(NLA_U32, 1, 3600),
};

/* Commands that take no attribute still know their attribute set, so that
 * an attribute of the set is reported as unsupported, not unknown.
 */
static const struct nla_policy mip4ha_ha_none_policy[MIP4HA_A_HA_MAX + 1] = {};
static const struct nla_policy mip4ha_stats_none_policy[MIP4HA_A_STATS_MAX + 1] = {};

static struct genl_family mip4ha_family;

/* 240.0.0.0/4 is reserved (RFC 1112), never a node's address. */
static bool mip4ha_addr_is_class_e(__be32 addr)
{
	return (addr & htonl(0xf0000000)) == htonl(0xf0000000);
}

static bool mip4ha_addr_is_unicast(__be32 addr)
{
	return !(ipv4_is_zeronet(addr) || ipv4_is_loopback(addr) ||
		 ipv4_is_multicast(addr) || ipv4_is_lbcast(addr) ||
		 mip4ha_addr_is_class_e(addr));
}

/* Checks the combination of old and new values; names the attribute at fault. */
static int mip4ha_config_validate(const struct mip4ha_config *config,
				  struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	__be32 mask = inet_make_mask(config->prefix_len);
	struct nlattr *addr_attr = attrs[MIP4HA_A_HA_ADDRESS];

	if (!mip4ha_addr_is_unicast(config->address)) {
		NL_SET_ERR_MSG_ATTR(info->extack, addr_attr,
				    "mip4ha: address must be a unicast address");
		return -EINVAL;
	}
	if (config->prefix & ~mask) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[MIP4HA_A_HA_PREFIX],
				    "mip4ha: prefix has host bits set");
		return -EINVAL;
	}
	if ((config->address & mask) != config->prefix) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    addr_attr ?: attrs[MIP4HA_A_HA_PREFIX],
				    "mip4ha: address is outside the home network prefix");
		return -EINVAL;
	}
	/* On a link with a broadcast address, the subnet's network and
	 * broadcast addresses are not an address of one node.
	 */
	if (config->prefix_len < 31 &&
	    (config->address == config->prefix ||
	     config->address == (config->prefix | ~mask))) {
		NL_SET_ERR_MSG_ATTR(info->extack, addr_attr,
				    "mip4ha: address must be a unicast address");
		return -EINVAL;
	}
	return 0;
}

static int mip4ha_nl_ha_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	const struct mip4ha_config *old;
	struct mip4ha_config *config;
	int err;

	config = kzalloc(sizeof(*config), GFP_KERNEL);
	if (!config)
		return -ENOMEM;

	mutex_lock(&mn->lock);

	old = rcu_dereference_protected(mn->config, lockdep_is_held(&mn->lock));
	if (old) {
		*config = *old;
	} else {
		err = -EINVAL;
		if (!attrs[MIP4HA_A_HA_ADDRESS]) {
			NL_SET_ERR_ATTR_MISS(info->extack, NULL, MIP4HA_A_HA_ADDRESS);
			NL_SET_ERR_MSG_MOD(info->extack, "first ha-set needs address");
			goto err_unlock;
		}
		if (!attrs[MIP4HA_A_HA_PREFIX]) {
			NL_SET_ERR_ATTR_MISS(info->extack, NULL, MIP4HA_A_HA_PREFIX);
			NL_SET_ERR_MSG_MOD(info->extack, "first ha-set needs prefix");
			goto err_unlock;
		}
		if (!attrs[MIP4HA_A_HA_PREFIX_LEN]) {
			NL_SET_ERR_ATTR_MISS(info->extack, NULL,
					     MIP4HA_A_HA_PREFIX_LEN);
			NL_SET_ERR_MSG_MOD(info->extack,
					   "first ha-set needs prefix-len");
			goto err_unlock;
		}
		config->max_lifetime = MIP4HA_MAX_LIFETIME_DEFAULT;
		config->replay_tolerance = MIP4HA_REPLAY_TOLERANCE_DEFAULT;
	}

	if (attrs[MIP4HA_A_HA_ADDRESS])
		config->address = nla_get_in_addr(attrs[MIP4HA_A_HA_ADDRESS]);
	if (attrs[MIP4HA_A_HA_PREFIX])
		config->prefix = nla_get_in_addr(attrs[MIP4HA_A_HA_PREFIX]);
	if (attrs[MIP4HA_A_HA_PREFIX_LEN])
		config->prefix_len = nla_get_u8(attrs[MIP4HA_A_HA_PREFIX_LEN]);
	if (attrs[MIP4HA_A_HA_MAX_LIFETIME])
		config->max_lifetime = nla_get_u32(attrs[MIP4HA_A_HA_MAX_LIFETIME]);
	if (attrs[MIP4HA_A_HA_REPLAY_TOLERANCE])
		config->replay_tolerance =
			nla_get_u32(attrs[MIP4HA_A_HA_REPLAY_TOLERANCE]);

	err = mip4ha_config_validate(config, info);
	if (err)
		goto err_unlock;

	err = mip4ha_ha_configure(mn, config);
	config = NULL;
	if (err == -EADDRINUSE)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "UDP port 434 is already in use");
err_unlock:
	mutex_unlock(&mn->lock);
	kfree(config);
	return err;
}

static int mip4ha_nl_ha_fill(struct sk_buff *msg,
			     const struct mip4ha_config *config)
{
	if (nla_put_in_addr(msg, MIP4HA_A_HA_ADDRESS, config->address) ||
	    nla_put_in_addr(msg, MIP4HA_A_HA_PREFIX, config->prefix) ||
	    nla_put_u8(msg, MIP4HA_A_HA_PREFIX_LEN, config->prefix_len) ||
	    nla_put_u32(msg, MIP4HA_A_HA_MAX_LIFETIME, config->max_lifetime) ||
	    nla_put_u32(msg, MIP4HA_A_HA_REPLAY_TOLERANCE,
			config->replay_tolerance))
		return -EMSGSIZE;
	return 0;
}

static int mip4ha_nl_ha_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	const struct mip4ha_config *config;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mip4ha_family, 0, MIP4HA_CMD_HA_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}

	mutex_lock(&mn->lock);
	config = rcu_dereference_protected(mn->config,
					   lockdep_is_held(&mn->lock));
	if (config) {
		err = mip4ha_nl_ha_fill(msg, config);
	} else {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "home agent is not configured");
		err = -ENOENT;
	}
	mutex_unlock(&mn->lock);
	if (err)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

static int mip4ha_nl_ha_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	int err;

	mutex_lock(&mn->lock);
	err = mip4ha_ha_stop(mn);
	mutex_unlock(&mn->lock);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "home agent is not configured");
	return err;
}

static int mip4ha_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	static const int attr_of_counter[MIP4HA_CNT_NUM] = {
		[MIP4HA_CNT_RX_PACKETS] = MIP4HA_A_STATS_RX_PACKETS,
		[MIP4HA_CNT_RX_BYTES] = MIP4HA_A_STATS_RX_BYTES,
		[MIP4HA_CNT_RX_DISCARDED] = MIP4HA_A_STATS_RX_DISCARDED,
		[MIP4HA_CNT_RRQ_ACCEPTED] = MIP4HA_A_STATS_RRQ_ACCEPTED,
		[MIP4HA_CNT_RRQ_DENIED] = MIP4HA_A_STATS_RRQ_DENIED,
		[MIP4HA_CNT_TX_PACKETS] = MIP4HA_A_STATS_TX_PACKETS,
		[MIP4HA_CNT_TX_ERRORS] = MIP4HA_A_STATS_TX_ERRORS,
	};
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	u64 totals[MIP4HA_CNT_NUM];
	struct sk_buff *msg;
	void *hdr;
	int i;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mip4ha_family, 0,
				MIP4HA_CMD_STATS_GET);
	if (!hdr)
		goto err_free;

	mip4ha_stats_read(mn, totals);
	for (i = 0; i < MIP4HA_CNT_NUM; i++)
		if (nla_put_u64_64bit(msg, attr_of_counter[i], totals[i],
				      MIP4HA_A_STATS_PAD))
			goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_ops mip4ha_nl_ops[] = {
	{
		.cmd = MIP4HA_CMD_HA_SET,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = mip4ha_nl_ha_set_doit,
		.policy = mip4ha_ha_set_policy,
		.maxattr = MIP4HA_A_HA_MAX,
	},
	{
		.cmd = MIP4HA_CMD_HA_GET,
		.doit = mip4ha_nl_ha_get_doit,
		.policy = mip4ha_ha_none_policy,
		.maxattr = MIP4HA_A_HA_MAX,
	},
	{
		.cmd = MIP4HA_CMD_HA_DEL,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = mip4ha_nl_ha_del_doit,
		.policy = mip4ha_ha_none_policy,
		.maxattr = MIP4HA_A_HA_MAX,
	},
	{
		.cmd = MIP4HA_CMD_STATS_GET,
		.doit = mip4ha_nl_stats_get_doit,
		.policy = mip4ha_stats_none_policy,
		.maxattr = MIP4HA_A_STATS_MAX,
	},
};

static struct genl_family mip4ha_family __ro_after_init = {
	.name = MIP4HA_FAMILY_NAME,
	.version = MIP4HA_FAMILY_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = mip4ha_nl_ops,
	.n_ops = ARRAY_SIZE(mip4ha_nl_ops),
};

int __init mip4ha_netlink_register(void)
{
	return genl_register_family(&mip4ha_family);
}

void mip4ha_netlink_unregister(void)
{
	genl_unregister_family(&mip4ha_family);
}
