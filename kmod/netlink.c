// SPDX-License-Identifier: GPL-2.0
/* The mip4ha generic-netlink family: handlers, replies and notifications;
 * the policies and the ops table are netlink-gen.c, from mip4ha.yaml.
 */

#include <linux/inetdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "binding.h"
#include "dynkey.h"
#include "fault.h"
#include "ha.h"
#include "keygen.h"
#include "netlink-gen.h"
#include "netlink.h"
#include "proto.h"
#include "sa.h"
#include "stats.h"

static struct genl_family mip4ha_family;

/* Checks the combination of old and new values; names the attribute at fault. */
static int mip4ha_config_validate(const struct mip4ha_config *config,
				  struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	__be32 mask = inet_make_mask(config->prefix_len);
	struct nlattr *addr_attr = attrs[MIP4HA_A_HA_ADDRESS];

	if (!mip4_addr_is_unicast(config->address)) {
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

int mip4ha_nl_ha_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	const struct mip4ha_config *old;
	struct mip4ha_config *config;
	int err;

	config = mip4ha_kzalloc(sizeof(*config), GFP_KERNEL);
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
		config->max_bindings = MIP4HA_MAX_BINDINGS_DEFAULT;
		config->vendor_id = MIP4HA_VENDOR_ID_DEFAULT;
		config->keygen_timeout = MIP4HA_KEYGEN_TIMEOUT_DEFAULT;
		config->keygen_max_pending = MIP4HA_KEYGEN_MAX_PENDING_DEFAULT;
		config->reverse_tunnel = MIP4HA_REVERSE_TUNNEL_ALLOWED;
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
	if (attrs[MIP4HA_A_HA_MAX_BINDINGS])
		config->max_bindings =
			nla_get_u32(attrs[MIP4HA_A_HA_MAX_BINDINGS]);
	if (attrs[MIP4HA_A_HA_VENDOR_ID])
		config->vendor_id = nla_get_u32(attrs[MIP4HA_A_HA_VENDOR_ID]);
	if (attrs[MIP4HA_A_HA_KEYGEN_TIMEOUT])
		config->keygen_timeout =
			nla_get_u32(attrs[MIP4HA_A_HA_KEYGEN_TIMEOUT]);
	if (attrs[MIP4HA_A_HA_KEYGEN_MAX_PENDING])
		config->keygen_max_pending =
			nla_get_u32(attrs[MIP4HA_A_HA_KEYGEN_MAX_PENDING]);
	if (attrs[MIP4HA_A_HA_REVERSE_TUNNEL])
		config->reverse_tunnel =
			nla_get_u8(attrs[MIP4HA_A_HA_REVERSE_TUNNEL]);

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
			config->replay_tolerance) ||
	    nla_put_u32(msg, MIP4HA_A_HA_MAX_BINDINGS, config->max_bindings) ||
	    nla_put_u32(msg, MIP4HA_A_HA_VENDOR_ID, config->vendor_id) ||
	    nla_put_u32(msg, MIP4HA_A_HA_KEYGEN_TIMEOUT,
			config->keygen_timeout) ||
	    nla_put_u32(msg, MIP4HA_A_HA_KEYGEN_MAX_PENDING,
			config->keygen_max_pending) ||
	    nla_put_u8(msg, MIP4HA_A_HA_REVERSE_TUNNEL, config->reverse_tunnel))
		return -EMSGSIZE;
	return 0;
}

int mip4ha_nl_ha_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	const struct mip4ha_config *config;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = mip4ha_genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
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

int mip4ha_nl_ha_del_doit(struct sk_buff *skb, struct genl_info *info)
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

int mip4ha_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	static const int attr_of_counter[MIP4HA_CNT_NUM] = {
		[MIP4HA_CNT_RX_PACKETS] = MIP4HA_A_STATS_RX_PACKETS,
		[MIP4HA_CNT_RX_BYTES] = MIP4HA_A_STATS_RX_BYTES,
		[MIP4HA_CNT_RX_DISCARDED] = MIP4HA_A_STATS_RX_DISCARDED,
		[MIP4HA_CNT_RRQ_ACCEPTED] = MIP4HA_A_STATS_RRQ_ACCEPTED,
		[MIP4HA_CNT_RRQ_DENIED] = MIP4HA_A_STATS_RRQ_DENIED,
		[MIP4HA_CNT_TX_PACKETS] = MIP4HA_A_STATS_TX_PACKETS,
		[MIP4HA_CNT_TX_ERRORS] = MIP4HA_A_STATS_TX_ERRORS,
		[MIP4HA_CNT_KEYGEN_REQUESTS] = MIP4HA_A_STATS_KEYGEN_REQUESTS,
		[MIP4HA_CNT_KEYGEN_TIMEOUTS] = MIP4HA_A_STATS_KEYGEN_TIMEOUTS,
		[MIP4HA_CNT_KEYGEN_REJECTED] = MIP4HA_A_STATS_KEYGEN_REJECTED,
		[MIP4HA_CNT_REKEYS] = MIP4HA_A_STATS_REKEYS,
		[MIP4HA_CNT_TUNNEL_TX_PACKETS] = MIP4HA_A_STATS_TUNNEL_TX_PACKETS,
		[MIP4HA_CNT_TUNNEL_RX_PACKETS] = MIP4HA_A_STATS_TUNNEL_RX_PACKETS,
		[MIP4HA_CNT_TUNNEL_RX_DROPPED] = MIP4HA_A_STATS_TUNNEL_RX_DROPPED,
		[MIP4HA_CNT_TUNNEL_FRAG_NEEDED] =
			MIP4HA_A_STATS_TUNNEL_FRAG_NEEDED,
		[MIP4HA_CNT_TUNNEL_ERRORS] = MIP4HA_A_STATS_TUNNEL_ERRORS,
	};
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	u64 totals[MIP4HA_CNT_NUM];
	struct sk_buff *msg;
	void *hdr;
	int i;

	msg = mip4ha_genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
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

/* The identity and SPI that select an SA; names the attribute at fault. */
static int mip4ha_nl_sa_key(struct genl_info *info, struct mip4ha_sa_key *key)
{
	struct nlattr **attrs = info->attrs;
	struct nlattr *nai = attrs[MIP4HA_A_SA_NAI];
	struct nlattr *home = attrs[MIP4HA_A_SA_HOME_ADDRESS];

	if (nai && home) {
		NL_SET_ERR_MSG_ATTR(info->extack, home,
				    "mip4ha: give nai or home-address, not both");
		return -EINVAL;
	}
	if (!nai && !home) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, MIP4HA_A_SA_NAI);
		NL_SET_ERR_MSG_MOD(info->extack, "sa needs nai or home-address");
		return -EINVAL;
	}
	if (!attrs[MIP4HA_A_SA_SPI]) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, MIP4HA_A_SA_SPI);
		NL_SET_ERR_MSG_MOD(info->extack, "sa needs spi");
		return -EINVAL;
	}

	memset(key, 0, sizeof(*key));
	key->spi = nla_get_u32(attrs[MIP4HA_A_SA_SPI]);
	if (home)
		mip4ha_id_from_addr(&key->id, nla_get_in_addr(home));
	else
		mip4ha_id_from_nai(&key->id, nla_data(nai), nla_len(nai));
	return 0;
}

int mip4ha_nl_sa_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	u8 algorithm = MIP4_ALG_HMAC_MD5, replay = MIP4_REPLAY_TIMESTAMP;
	u32 tolerance = 0;
	struct mip4ha_sa_key_buf key_buf;
	struct mip4ha_sa_key *key = &key_buf.key;
	struct mip4ha_sa *sa;
	int err;

	err = mip4ha_nl_sa_key(info, key);
	if (err)
		return err;
	if (!attrs[MIP4HA_A_SA_KEY]) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, MIP4HA_A_SA_KEY);
		NL_SET_ERR_MSG_MOD(info->extack, "sa-new needs key");
		return -EINVAL;
	}
	if (attrs[MIP4HA_A_SA_ALGORITHM])
		algorithm = nla_get_u8(attrs[MIP4HA_A_SA_ALGORITHM]);
	if (attrs[MIP4HA_A_SA_REPLAY])
		replay = nla_get_u8(attrs[MIP4HA_A_SA_REPLAY]);
	if (attrs[MIP4HA_A_SA_REPLAY_TOLERANCE])
		tolerance = nla_get_u32(attrs[MIP4HA_A_SA_REPLAY_TOLERANCE]);

	sa = mip4ha_sa_create(key, algorithm, nla_data(attrs[MIP4HA_A_SA_KEY]),
			      nla_len(attrs[MIP4HA_A_SA_KEY]), replay,
			      tolerance);
	if (IS_ERR(sa)) {
		/* Out of memory says so itself (strerror). */
		if (PTR_ERR(sa) != -ENOMEM)
			NL_SET_ERR_MSG_MOD(info->extack,
					   "cannot set up the algorithm's key");
		return PTR_ERR(sa);
	}
	err = mip4ha_sa_insert(mn, sa);
	if (err) {
		mip4ha_sa_free(sa);
		if (err == -EEXIST)
			NL_SET_ERR_MSG_MOD(info->extack,
					   "security association exists");
	}
	return err;
}

int mip4ha_nl_sa_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	struct mip4ha_sa_key_buf key_buf;
	struct mip4ha_sa_key *key = &key_buf.key;
	int err;

	err = mip4ha_nl_sa_key(info, key);
	if (err)
		return err;
	err = mip4ha_sa_delete(mn, key);
	if (err == -EBUSY) {
		/* Dynamic keys go as a pair, with the node's bindings. */
		mip4ha_binding_delete_owner(mn, &key->id, 0,
					    MIP4HA_BINDING_REASON_ADMIN);
		mip4ha_dynkey_delete(mn, &key->id, MIP4HA_SA_REASON_ADMIN);
		return 0;
	}
	if (err) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no such security association");
		return err;
	}
	mip4ha_binding_delete_owner(mn, &key->id, key->spi,
				    MIP4HA_BINDING_REASON_ADMIN);
	return 0;
}

int mip4ha_nl_sa_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	struct nlattr *lifetime = info->attrs[MIP4HA_A_SA_KEY_LIFETIME];
	struct mip4ha_sa_key_buf key_buf;
	struct mip4ha_sa_key *key = &key_buf.key;
	int err;

	if (!lifetime) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL,
				     MIP4HA_A_SA_KEY_LIFETIME);
		NL_SET_ERR_MSG_MOD(info->extack, "sa-set needs key-lifetime");
		return -EINVAL;
	}
	err = mip4ha_nl_sa_key(info, key);
	if (err)
		return err;
	err = mip4ha_dynkey_set_lifetime(mn, key, nla_get_u32(lifetime));
	if (err == -ENOENT)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no such security association");
	else if (err == -EINVAL)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a static security association has no key lifetime");
	return err;
}

static int mip4ha_nl_sa_fill(struct mip4ha_net *mn, struct sk_buff *msg,
			     struct mip4ha_sa *sa, bool with_secrets)
{
	const u8 *user_nai;
	u8 user_nai_len;
	u64 last_id;
	int err;

	spin_lock_bh(&sa->replay_lock);
	last_id = sa->last_id;
	spin_unlock_bh(&sa->replay_lock);

	if (sa->key.id.type == MIP4HA_ID_NAI) {
		if (nla_put(msg, MIP4HA_A_SA_NAI, sa->key.id.len,
			    sa->key.id.bytes))
			return -EMSGSIZE;
	} else {
		if (nla_put(msg, MIP4HA_A_SA_HOME_ADDRESS, sa->key.id.len,
			    sa->key.id.bytes))
			return -EMSGSIZE;
	}
	if (nla_put_u32(msg, MIP4HA_A_SA_SPI, sa->key.spi) ||
	    nla_put_u8(msg, MIP4HA_A_SA_ALGORITHM, sa->algorithm) ||
	    nla_put_u8(msg, MIP4HA_A_SA_REPLAY, sa->replay) ||
	    nla_put_u64_64bit(msg, MIP4HA_A_SA_LAST_IDENTIFICATION, last_id,
			      MIP4HA_A_SA_PAD))
		return -EMSGSIZE;
	if (sa->replay_tolerance &&
	    nla_put_u32(msg, MIP4HA_A_SA_REPLAY_TOLERANCE,
			sa->replay_tolerance))
		return -EMSGSIZE;
	if (mip4ha_sa_dynamic(sa) &&
	    (nla_put_flag(msg, MIP4HA_A_SA_DYNAMIC) ||
	     nla_put_u8(msg, MIP4HA_A_SA_ROLE, sa->role) ||
	     nla_put_u32(msg, MIP4HA_A_SA_KEY_LIFETIME,
			 mip4ha_dynkey_remaining(sa))))
		return -EMSGSIZE;
	/* Some callers hold only sa_lock; the pair is freed after a grace
	 * period.
	 */
	rcu_read_lock();
	user_nai = mip4ha_sa_dynamic(sa) ?
		   mip4ha_dynkey_user_nai(mn, &sa->key.id, &user_nai_len) : NULL;
	err = user_nai &&
	      nla_put(msg, MIP4HA_A_SA_USER_NAI, user_nai_len, user_nai);
	rcu_read_unlock();
	if (err)
		return -EMSGSIZE;
	if (with_secrets &&
	    nla_put(msg, MIP4HA_A_SA_KEY, sa->secret_len,
		    mip4ha_sa_secret(sa)))
		return -EMSGSIZE;
	return 0;
}

void mip4ha_nl_sa_notify(struct mip4ha_net *mn, const struct mip4ha_sa *sa,
			 u8 event, u8 reason)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&mip4ha_family, mn->net, MIP4HA_NLGRP_EVENTS))
		return;

	msg = mip4ha_genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &mip4ha_family, 0, MIP4HA_CMD_SA_NTF);
	if (!hdr)
		goto err_free;
	/* The replay lock nests inside sa_lock; the SA is not changing. */
	if (mip4ha_nl_sa_fill(mn, msg, (struct mip4ha_sa *)sa, false) ||
	    nla_put_u8(msg, MIP4HA_A_SA_EVENT, event) ||
	    (reason && nla_put_u8(msg, MIP4HA_A_SA_REASON, reason)))
		goto err_free;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&mip4ha_family, mn->net, msg, 0,
				MIP4HA_NLGRP_EVENTS, GFP_ATOMIC);
	return;

err_free:
	nlmsg_free(msg);
}

bool mip4ha_nl_keygen_has_listeners(struct mip4ha_net *mn)
{
	return genl_has_listeners(&mip4ha_family, mn->net,
				  MIP4HA_NLGRP_KEYGEN);
}

int mip4ha_nl_keygen_notify(struct mip4ha_net *mn,
			    const struct mip4ha_config *cfg,
			    const struct mip4ha_keygen_req *req)
{
	/* The request, then seven 32-bit or smaller attributes. */
	size_t size = nla_total_size(req->len) + 7 * nla_total_size(4);
	struct sk_buff *msg;
	void *hdr;

	msg = mip4ha_genlmsg_new(size, GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &mip4ha_family, 0,
			  MIP4HA_CMD_KEYGEN_NTF);
	if (!hdr ||
	    nla_put_u32(msg, MIP4HA_A_KEYGEN_COOKIE, req->cookie) ||
	    nla_put(msg, MIP4HA_A_KEYGEN_REQUEST, req->len, req->rrq) ||
	    nla_put_in_addr(msg, MIP4HA_A_KEYGEN_SOURCE_ADDRESS, req->saddr) ||
	    nla_put_u16(msg, MIP4HA_A_KEYGEN_SOURCE_PORT, ntohs(req->sport)) ||
	    nla_put_in_addr(msg, MIP4HA_A_KEYGEN_LOCAL_ADDRESS, req->daddr) ||
	    nla_put_in_addr(msg, MIP4HA_A_KEYGEN_HA_ADDRESS, cfg->address) ||
	    nla_put_u32(msg, MIP4HA_A_KEYGEN_VENDOR_ID, cfg->vendor_id) ||
	    nla_put_u32(msg, MIP4HA_A_KEYGEN_MAX_LIFETIME, cfg->max_lifetime)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_multicast_netns(&mip4ha_family, mn->net, msg, 0,
				       MIP4HA_NLGRP_KEYGEN, GFP_ATOMIC);
}

/* What keygen-answer may say depends on the request: whether it has H
 * (a USER_AUTH alone has none, protocol.md §9.2), and its algorithm.
 * @h is agreement-h, decoded; @keys gets what the answer goes on with.
 */
static int mip4ha_nl_keygen_answer_check(struct genl_info *info, u8 code,
					 bool has_h,
					 const struct mip4_cvse_h *req_h,
					 const struct mip4_cvse_h *h,
					 struct mip4ha_keygen_keys *keys)
{
	struct nlattr **attrs = info->attrs;
	struct nlattr *agreement_h = attrs[MIP4HA_A_KEYGEN_AGREEMENT_H];
	struct nlattr *reply_key = attrs[MIP4HA_A_KEYGEN_REPLY_KEY];

	if (!agreement_h && !has_h && (!code || reply_key)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the request has no H (USER_AUTH alone): keys or reply-key need agreement-h");
		return -EINVAL;
	}
	if (agreement_h) {
		if (has_h) {
			NL_SET_ERR_MSG_ATTR(info->extack, agreement_h,
					    "mip4ha: agreement-h refused: the request has an H of its own");
			return -EINVAL;
		}
		if (!mip4_cvse_h_valid(h, MIP4_METHOD_AKA)) {
			NL_SET_ERR_MSG_ATTR(info->extack, agreement_h,
					    "mip4ha: agreement-h is not an H of AKA this Home Agent can do");
			return -EINVAL;
		}
		keys->agreement_h = h;
	} else {
		h = req_h;
	}
	if (reply_key) {
		if (nla_len(reply_key) != mip4_auth_len(h->algorithm)) {
			NL_SET_ERR_MSG_ATTR(info->extack, reply_key,
					    "mip4ha: reply-key is not of the algorithm's key length");
			return -EINVAL;
		}
		keys->reply_key = nla_data(reply_key);
		keys->reply_key_len = nla_len(reply_key);
	}
	return 0;
}

int mip4ha_nl_keygen_answer_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	struct nlattr *reply_ext = attrs[MIP4HA_A_KEYGEN_REPLY_EXTENSION];
	struct nlattr *reply_user_ext =
		attrs[MIP4HA_A_KEYGEN_REPLY_USER_EXTENSION];
	struct nlattr *reply_key = attrs[MIP4HA_A_KEYGEN_REPLY_KEY];
	struct nlattr *agreement_h = attrs[MIP4HA_A_KEYGEN_AGREEMENT_H];
	struct nlattr *user_nai = attrs[MIP4HA_A_KEYGEN_USER_NAI];
	struct mip4ha_keygen_reply_ext ext = {};
	struct mip4ha_keygen_keys keys = {};
	struct mip4_cvse_h h = {}, req_h;
	struct mip4ha_keygen_req *req;
	bool has_h;
	u32 cookie;
	u8 code;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MIP4HA_A_KEYGEN_COOKIE) ||
	    GENL_REQ_ATTR_CHECK(info, MIP4HA_A_KEYGEN_CODE)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "keygen-answer needs cookie and code");
		return -EINVAL;
	}
	cookie = nla_get_u32(attrs[MIP4HA_A_KEYGEN_COOKIE]);
	code = nla_get_u8(attrs[MIP4HA_A_KEYGEN_CODE]);
	if (code == MIP4_CODE_ACCEPTED_NO_SIMUL ||
	    (code > MIP4_CODE_ACCEPTED && code < MIP4_CODE_NO_AAA)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[MIP4HA_A_KEYGEN_CODE],
				    "mip4ha: code must be 0 or a denial (128-255)");
		return -EINVAL;
	}
	if (!code) {
		struct nlattr *skey = attrs[MIP4HA_A_KEYGEN_SKEY];
		struct nlattr *skey_prime = attrs[MIP4HA_A_KEYGEN_SKEY_PRIME];

		if (GENL_REQ_ATTR_CHECK(info, MIP4HA_A_KEYGEN_SKEY) ||
		    GENL_REQ_ATTR_CHECK(info, MIP4HA_A_KEYGEN_SKEY_PRIME) ||
		    GENL_REQ_ATTR_CHECK(info, MIP4HA_A_KEYGEN_KEY_LIFETIME) ||
		    GENL_REQ_ATTR_CHECK(info, MIP4HA_A_KEYGEN_REPLY_EXTENSION)) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "an acceptance needs skey, skey-prime, key-lifetime and reply-extension");
			return -EINVAL;
		}
		if (nla_len(skey) != nla_len(skey_prime)) {
			NL_SET_ERR_MSG_ATTR(info->extack, skey_prime,
					    "mip4ha: skey and skey-prime differ in length");
			return -EINVAL;
		}
		keys.skey = nla_data(skey);
		keys.skey_prime = nla_data(skey_prime);
		keys.key_len = nla_len(skey);
		keys.key_lifetime =
			nla_get_u32(attrs[MIP4HA_A_KEYGEN_KEY_LIFETIME]);
	}
	if (reply_ext) {
		struct nlattr *type = attrs[MIP4HA_A_KEYGEN_REPLY_EXTENSION_TYPE];

		ext.cvse_type = type ? nla_get_u16(type) : MIP4_CVSE_KEYGEN_REP;
		ext.value = nla_data(reply_ext);
		ext.len = nla_len(reply_ext);
		/* Only a value of ours, of its type's length, goes out. */
		if (mip4_cvse_check(ext.cvse_type, MIP4_TYPE_RRP, ext.len)) {
			NL_SET_ERR_MSG_ATTR(info->extack, reply_ext,
					    "mip4ha: not a reply extension of ours of its type's length");
			return -EINVAL;
		}
	}
	if (reply_user_ext) {
		/* USER_RESULT, after an AKA_RESULT only (protocol.md §9). */
		if (mip4_cvse_pair_check(ext.cvse_type, MIP4_CVSE_USER_RESULT,
					 MIP4_TYPE_RRP) ||
		    mip4_cvse_check(MIP4_CVSE_USER_RESULT, MIP4_TYPE_RRP,
				    nla_len(reply_user_ext))) {
			NL_SET_ERR_MSG_ATTR(info->extack, reply_user_ext,
					    "mip4ha: reply-user-extension (USER_RESULT) goes only after an AKA_RESULT reply-extension");
			return -EINVAL;
		}
		ext.user_value = nla_data(reply_user_ext);
	}
	if (reply_key && !code) {
		NL_SET_ERR_MSG_ATTR(info->extack, reply_key,
				    "mip4ha: reply-key goes with a denial only; an acceptance is authenticated with skey");
		return -EINVAL;
	}
	if (user_nai) {
		if (code) {
			NL_SET_ERR_MSG_ATTR(info->extack, user_nai,
					    "mip4ha: user-nai goes with an acceptance only (kept with its keys)");
			return -EINVAL;
		}
		keys.user_nai = nla_data(user_nai);
		keys.user_nai_len = nla_len(user_nai);
	}
	if (agreement_h)
		mip4_cvse_h_get(nla_data(agreement_h), &h);

	mutex_lock(&mn->lock);
	err = mip4ha_keygen_peek(mn, cookie, &has_h, &req_h);
	if (err) {
		NL_SET_BAD_ATTR(info->extack, attrs[MIP4HA_A_KEYGEN_COOKIE]);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no such request in progress (it timed out?)");
		goto unlock;
	}
	err = mip4ha_nl_keygen_answer_check(info, code, has_h, &req_h, &h,
					    &keys);
	if (err)
		goto unlock;
	req = mip4ha_keygen_take(mn, cookie);
	if (!req) {
		NL_SET_BAD_ATTR(info->extack, attrs[MIP4HA_A_KEYGEN_COOKIE]);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no such request in progress (it timed out?)");
		err = -ENOENT;
		goto unlock;
	}
	err = mip4ha_keygen_complete(mn, req, code, &keys, &ext,
				     info->extack);
	mutex_unlock(&mn->lock);
	mip4ha_keygen_release(mn, req);
	return err;

unlock:
	mutex_unlock(&mn->lock);
	return err;
}

static bool mip4ha_nl_may_see_secrets(const struct sk_buff *skb,
				      struct net *net)
{
	return netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN);
}

int mip4ha_nl_sa_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct mip4ha_net *mn = mip4ha_net(net);
	bool with_secrets = nla_get_flag(info->attrs[MIP4HA_A_SA_WITH_SECRETS]);
	struct mip4ha_sa_key_buf key_buf;
	struct mip4ha_sa_key *key = &key_buf.key;
	struct mip4ha_sa *sa;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (with_secrets && !mip4ha_nl_may_see_secrets(skb, net)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[MIP4HA_A_SA_WITH_SECRETS],
				    "mip4ha: with-secrets needs CAP_NET_ADMIN");
		return -EPERM;
	}
	err = mip4ha_nl_sa_key(info, key);
	if (err)
		return err;

	msg = mip4ha_genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mip4ha_family, 0, MIP4HA_CMD_SA_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}

	rcu_read_lock();
	sa = mip4ha_sa_lookup(mn, key);
	if (sa) {
		err = mip4ha_nl_sa_fill(mn, msg, sa, with_secrets);
	} else {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no such security association");
		err = -ENOENT;
	}
	rcu_read_unlock();
	if (err)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

/* Dumps walk a table with an iterator kept across calls: cb->args[0] holds
 * it; for SAs, cb->args[1] says whether the caller may see secrets and
 * cb->args[2] that the request was checked.
 */
static int mip4ha_nl_walk_start(struct netlink_callback *cb,
				struct rhashtable *table)
{
	struct rhashtable_iter *iter;

	iter = mip4ha_kmalloc(sizeof(*iter), GFP_KERNEL);
	if (!iter)
		return -ENOMEM;
	rhashtable_walk_enter(table, iter);
	cb->args[0] = (long)iter;
	return 0;
}

int mip4ha_nl_walk_done(struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];

	if (iter) {
		rhashtable_walk_exit(iter);
		kfree(iter);
	}
	return 0;
}

/* The element that did not fit last time comes first. */
static void *mip4ha_nl_walk_next(struct netlink_callback *cb,
				 struct rhashtable_iter *iter, bool *first)
{
	void *obj;

	for (;;) {
		obj = *first ? rhashtable_walk_peek(iter) :
			       rhashtable_walk_next(iter);
		*first = false;
		if (!IS_ERR(obj))
			return obj;
		/* The table was resized: the walk restarts and may repeat. */
		cb->seq = cb->prev_seq + 1;
	}
}

/* Checked in the first dumpit call, not in start: 6.1 gives start no
 * extended ACK, and the message would be lost.
 */
static int mip4ha_nl_sa_dump_check(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct net *net = sock_net(cb->skb->sk);
	int type;

	/* 6.1 has one policy per command: the dump refuses what only the
	 * single-SA get takes.
	 */
	for (type = MIP4HA_A_SA_NAI; type <= MIP4HA_A_SA_SPI; type++) {
		if (info->attrs[type]) {
			NL_SET_ERR_MSG_ATTR(cb->extack, info->attrs[type],
					    "mip4ha: a dump of all SAs takes no identity or spi");
			return -EINVAL;
		}
	}
	if (nla_get_flag(info->attrs[MIP4HA_A_SA_WITH_SECRETS])) {
		if (!mip4ha_nl_may_see_secrets(cb->skb, net)) {
			NL_SET_ERR_MSG_MOD(cb->extack,
					   "with-secrets needs CAP_NET_ADMIN");
			return -EPERM;
		}
		cb->args[1] = 1;
	}
	cb->args[2] = 1;
	return 0;
}

int mip4ha_nl_sa_dump_start(struct netlink_callback *cb)
{
	return mip4ha_nl_walk_start(cb, &mip4ha_net(sock_net(cb->skb->sk))->sas);
}

int mip4ha_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];
	struct mip4ha_net *mn = mip4ha_net(sock_net(skb->sk));
	bool first = true;
	struct mip4ha_sa *sa;
	void *hdr;
	int err;

	if (!cb->args[2]) {
		err = mip4ha_nl_sa_dump_check(cb);
		if (err)
			return err;
	}
	cb->seq = READ_ONCE(mn->sa_generation);
	rhashtable_walk_start(iter);
	while ((sa = mip4ha_nl_walk_next(cb, iter, &first))) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mip4ha_family,
				  NLM_F_MULTI, MIP4HA_CMD_SA_GET);
		if (!hdr)
			break;
		nl_dump_check_consistent(cb, genlmsg_nlhdr(hdr));
		if (mip4ha_nl_sa_fill(mn, skb, sa, cb->args[1])) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rhashtable_walk_stop(iter);
	return skb->len;
}

/* The user's NAI of the keys of @b's NAI, for binding-get: a lookup that
 * the notifications, built in softirq for every change, do without.
 */
static int mip4ha_nl_binding_put_user(struct sk_buff *msg,
				      const struct mip4ha_binding *b)
{
	const u8 *user_nai;
	u8 len;
	int err = 0;

	if (b->owner.type != MIP4HA_ID_NAI)
		return 0;
	rcu_read_lock();
	user_nai = mip4ha_dynkey_user_nai(b->mn, &b->owner, &len);
	if (user_nai)
		err = nla_put(msg, MIP4HA_A_BINDING_USER_NAI, len, user_nai);
	rcu_read_unlock();
	return err;
}

static int mip4ha_nl_binding_fill(struct sk_buff *msg,
				  const struct mip4ha_binding *b)
{
	const struct mip4ha_config *cfg;
	int err;

	if (nla_put_in_addr(msg, MIP4HA_A_BINDING_HOME_ADDRESS, b->home_addr) ||
	    nla_put_in_addr(msg, MIP4HA_A_BINDING_CARE_OF_ADDRESS, b->coa) ||
	    nla_put_u32(msg, MIP4HA_A_BINDING_SPI, b->spi) ||
	    nla_put_u8(msg, MIP4HA_A_BINDING_FLAGS, b->flags) ||
	    nla_put_u32(msg, MIP4HA_A_BINDING_LIFETIME, b->lifetime) ||
	    nla_put_u64_64bit(msg, MIP4HA_A_BINDING_IDENTIFICATION, b->id,
			      MIP4HA_A_BINDING_PAD) ||
	    nla_put_in_addr(msg, MIP4HA_A_BINDING_SOURCE_ADDRESS, b->src_addr) ||
	    nla_put_u16(msg, MIP4HA_A_BINDING_SOURCE_PORT, ntohs(b->src_port)) ||
	    nla_put_u64_64bit(msg, MIP4HA_A_BINDING_TX_PACKETS,
			      atomic64_read(&b->tx_packets), MIP4HA_A_BINDING_PAD) ||
	    nla_put_u64_64bit(msg, MIP4HA_A_BINDING_TX_BYTES,
			      atomic64_read(&b->tx_bytes), MIP4HA_A_BINDING_PAD) ||
	    nla_put_u64_64bit(msg, MIP4HA_A_BINDING_RX_PACKETS,
			      atomic64_read(&b->rx_packets), MIP4HA_A_BINDING_PAD) ||
	    nla_put_u64_64bit(msg, MIP4HA_A_BINDING_RX_BYTES,
			      atomic64_read(&b->rx_bytes), MIP4HA_A_BINDING_PAD))
		return -EMSGSIZE;
	if (b->owner.type == MIP4HA_ID_NAI &&
	    nla_put(msg, MIP4HA_A_BINDING_NAI, b->owner.len, b->owner.bytes))
		return -EMSGSIZE;
	if (b->dynamic && nla_put_flag(msg, MIP4HA_A_BINDING_DYNAMIC))
		return -EMSGSIZE;
	rcu_read_lock();
	cfg = rcu_dereference(b->mn->config);
	err = cfg ? nla_put_in_addr(msg, MIP4HA_A_BINDING_HA_ADDRESS,
				    cfg->address) : 0;
	rcu_read_unlock();
	if (err)
		return -EMSGSIZE;
	if (b->lifetime != MIP4_LIFETIME_INFINITE &&
	    nla_put_u32(msg, MIP4HA_A_BINDING_REMAINING,
			mip4ha_seconds_until(READ_ONCE(b->expires))))
		return -EMSGSIZE;
	return 0;
}

/* What mip4ha_nl_binding_fill() and the event and reason take at most. */
static size_t mip4ha_nl_binding_size(const struct mip4ha_binding *b)
{
	return 7 * nla_total_size(sizeof(u32)) +	/* addresses, spi, ... */
	       3 * nla_total_size(sizeof(u8)) +		/* flags, event, reason */
	       nla_total_size(sizeof(u16)) +		/* source port */
	       5 * nla_total_size_64bit(sizeof(u64)) +	/* id, counters */
	       nla_total_size(b->owner.len) +		/* NAI */
	       nla_total_size(0);			/* dynamic */
}

/* A refresh goes to a group of its own: every node refreshes every few
 * minutes, and a listener that only wants changes (mip4d) must not make
 * each refresh build and multicast a message in softirq.
 */
void mip4ha_nl_binding_notify(struct mip4ha_net *mn,
			      const struct mip4ha_binding *b, u8 event,
			      u8 reason)
{
	unsigned int group = event == MIP4HA_BINDING_EVENT_REFRESH ?
			     MIP4HA_NLGRP_REFRESH : MIP4HA_NLGRP_EVENTS;
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&mip4ha_family, mn->net, group))
		return;

	msg = mip4ha_genlmsg_new(mip4ha_nl_binding_size(b), GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &mip4ha_family, 0,
			  MIP4HA_CMD_BINDING_NTF);
	if (!hdr)
		goto err_free;
	if (mip4ha_nl_binding_fill(msg, b) ||
	    nla_put_u8(msg, MIP4HA_A_BINDING_EVENT, event) ||
	    (reason && nla_put_u8(msg, MIP4HA_A_BINDING_REASON, reason)))
		goto err_free;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&mip4ha_family, mn->net, msg, 0,
				group, GFP_ATOMIC);
	return;

err_free:
	nlmsg_free(msg);
}

int mip4ha_nl_binding_dump_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct nlattr *home = info->attrs[MIP4HA_A_BINDING_HOME_ADDRESS];
	struct net *net = sock_net(cb->skb->sk);

	if (home)
		cb->args[2] = (long)(__force u32)nla_get_in_addr(home);
	cb->args[3] = !!home;
	return mip4ha_nl_walk_start(cb, &mip4ha_net(net)->bindings.ht);
}

/* One binding of a dump; -EMSGSIZE when it does not fit: the next call
 * starts with it.
 */
static int mip4ha_nl_binding_dump_one(struct sk_buff *skb,
				      struct netlink_callback *cb,
				      const struct mip4ha_binding *b)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &mip4ha_family, NLM_F_MULTI, MIP4HA_CMD_BINDING_GET);
	if (!hdr)
		return -EMSGSIZE;
	nl_dump_check_consistent(cb, genlmsg_nlhdr(hdr));
	if (mip4ha_nl_binding_fill(skb, b) ||
	    mip4ha_nl_binding_put_user(skb, b)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The bindings of one home address come from the table's lookup, not from
 * a walk of every binding: mip4d asks for them for each interim accounting
 * record. cb->args[4] counts those sent by earlier calls (a home address
 * has few, but they need not fit one message batch); a change of the
 * table meanwhile marks the dump interrupted.
 */
static int mip4ha_nl_binding_dump_home(struct sk_buff *skb,
				       struct netlink_callback *cb,
				       struct mip4ha_net *mn, __be32 home)
{
	struct rhlist_head *list, *pos;
	struct mip4ha_binding *b;
	long skip = cb->args[4];

	cb->seq = READ_ONCE(mn->binding_generation);
	rcu_read_lock();
	list = rhltable_lookup(&mn->bindings, &home, mip4ha_binding_params);
	rhl_for_each_entry_rcu(b, pos, list, node) {
		if (skip-- > 0)
			continue;
		if (mip4ha_nl_binding_dump_one(skb, cb, b))
			break;
		cb->args[4]++;
	}
	rcu_read_unlock();
	return skb->len;
}

int mip4ha_nl_binding_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];
	struct mip4ha_net *mn = mip4ha_net(sock_net(skb->sk));
	struct mip4ha_binding *b;
	bool first = true;

	if (cb->args[3])
		return mip4ha_nl_binding_dump_home(skb, cb, mn,
						   (__force __be32)(u32)cb->args[2]);
	cb->seq = READ_ONCE(mn->binding_generation);
	rhashtable_walk_start(iter);
	while ((b = mip4ha_nl_walk_next(cb, iter, &first))) {
		if (mip4ha_nl_binding_dump_one(skb, cb, b))
			break;
	}
	rhashtable_walk_stop(iter);
	return skb->len;
}

int mip4ha_nl_binding_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mip4ha_net *mn = mip4ha_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	struct nlattr *coa = attrs[MIP4HA_A_BINDING_CARE_OF_ADDRESS];
	int err;

	if (!attrs[MIP4HA_A_BINDING_HOME_ADDRESS]) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL,
				     MIP4HA_A_BINDING_HOME_ADDRESS);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "binding-del needs home-address");
		return -EINVAL;
	}
	err = mip4ha_binding_delete(mn,
				    nla_get_in_addr(attrs[MIP4HA_A_BINDING_HOME_ADDRESS]),
				    coa ? nla_get_in_addr(coa) : 0, !coa);
	if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "no such binding");
	return err;
}

int mip4ha_nl_binding_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	mip4ha_binding_flush(mip4ha_net(genl_info_net(info)));
	return 0;
}

static struct genl_family mip4ha_family __ro_after_init = {
	.name = MIP4HA_FAMILY_NAME,
	.version = MIP4HA_FAMILY_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = mip4ha_nl_ops,
	.n_ops = ARRAY_SIZE(mip4ha_nl_ops),
	.mcgrps = mip4ha_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mip4ha_nl_mcgrps),
};

int __init mip4ha_netlink_register(void)
{
	/* sa-new hands the UAPI values to code that knows them as the
	 * message format's (proto.h, shared with userspace).
	 */
	BUILD_BUG_ON(MIP4HA_ALGORITHM_HMAC_MD5 != MIP4_ALG_HMAC_MD5);
	BUILD_BUG_ON(MIP4HA_ALGORITHM_HMAC_SHA256 != MIP4_ALG_HMAC_SHA256);
	BUILD_BUG_ON(MIP4HA_ALGORITHM_KEYED_MD5 != MIP4_ALG_KEYED_MD5);
	BUILD_BUG_ON(MIP4HA_REPLAY_TIMESTAMP != MIP4_REPLAY_TIMESTAMP);
	BUILD_BUG_ON(MIP4HA_REPLAY_NONCE != MIP4_REPLAY_NONCE);

	return genl_register_family(&mip4ha_family);
}

void mip4ha_netlink_unregister(void)
{
	genl_unregister_family(&mip4ha_family);
}
