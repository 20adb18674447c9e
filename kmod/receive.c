// SPDX-License-Identifier: GPL-2.0
/* Registration requests answered in the kernel (RFC 5944 §3.8). */

#include <crypto/algapi.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "binding.h"
#include "ha.h"
#include "mip4ha.h"
#include "proto.h"
#include "sa.h"

/* Everything a reply needs besides the message fields. */
struct mip4ha_reply {
	struct mip4_msg_spec spec;
	const struct mip4ha_sa *sa;	/* NULL: no MHAE */
	__be32 saddr;
	__be32 daddr;
	__be16 dport;
};

static void mip4ha_reply_send(struct mip4ha_net *mn, struct sock *sk,
			      struct mip4ha_reply *reply)
{
	unsigned int headroom = LL_MAX_HEADER + sizeof(struct iphdr) +
				sizeof(struct udphdr);
	struct flowi4 fl4 = {
		.daddr = reply->daddr,
		.saddr = reply->saddr,
		.flowi4_proto = IPPROTO_UDP,
		.fl4_sport = htons(MIP4_PORT),
		.fl4_dport = reply->dport,
	};
	struct sk_buff *skb;
	struct rtable *rt;
	u8 *data;
	int len;

	if (reply->sa) {
		reply->spec.algorithm = reply->sa->algorithm;
		reply->spec.spi = reply->sa->key.spi;
	}

	skb = alloc_skb(headroom + MIP4_MSG_MAX, GFP_ATOMIC);
	if (!skb)
		goto err;
	skb_reserve(skb, headroom);
	data = skb_tail_pointer(skb);
	len = mip4_msg_build(data, MIP4_MSG_MAX, &reply->spec);
	if (len < 0)
		goto err_free;
	skb_put(skb, len);

	if (reply->sa) {
		unsigned int auth_len = mip4_auth_len(reply->sa->algorithm);
		size_t mhae = len - auth_len - MIP4_MHAE_HDR_LEN;

		if (mip4ha_sa_mac(reply->sa, data,
				  mip4_auth_data_len(reply->sa->algorithm, mhae),
				  data + len - auth_len))
			goto err_free;
	}

	rt = ip_route_output_key(mn->net, &fl4);
	if (IS_ERR(rt))
		goto err_free;

	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0, htons(MIP4_PORT),
			    reply->dport, false, false);
	mip4ha_stats_inc(mn, MIP4HA_CNT_TX_PACKETS);
	return;

err_free:
	kfree_skb(skb);
err:
	mip4ha_stats_inc(mn, MIP4HA_CNT_TX_ERRORS);
}

static bool mip4ha_rrq_to_broadcast(const struct sk_buff *skb,
				    const struct mip4ha_config *cfg)
{
	__be32 daddr = ip_hdr(skb)->daddr;
	__be32 mask = inet_make_mask(cfg->prefix_len);

	return ipv4_is_lbcast(daddr) || ipv4_is_multicast(daddr) ||
	       (skb_rtable(skb) &&
		skb_rtable(skb)->rt_flags & RTCF_BROADCAST) ||
	       (cfg->prefix_len < 31 && daddr == (cfg->prefix | ~mask));
}

/* The checks after authentication and replay protection, in the order of
 * RFC 5944 §3.8.2, then the binding update. Returns the reply code.
 */
static u8 mip4ha_rrq_apply(struct mip4ha_net *mn,
			   const struct mip4ha_config *cfg,
			   const struct sk_buff *skb,
			   const struct mip4_msg *msg,
			   const struct mip4ha_id *owner,
			   struct mip4ha_reply *reply)
{
	__be32 mask = inet_make_mask(cfg->prefix_len);
	struct mip4ha_registration reg = {
		.home_addr = msg->home_addr,
		.coa = msg->coa,
		.src_addr = ip_hdr(skb)->saddr,
		.src_port = udp_hdr(skb)->source,
		.flags = msg->flags,
		.spi = msg->spi,
		.id = msg->id,
		.owner = owner,
	};

	if (msg->deny_code)
		return msg->deny_code;
	if (mip4ha_rrq_to_broadcast(skb, cfg) || msg->ha_addr != cfg->address)
		return MIP4_CODE_UNKNOWN_HA;
	/* No home address assignment (RFC 2794 §2): the node must know it. */
	if (ipv4_is_zeronet(msg->home_addr) ||
	    (msg->home_addr & mask) != cfg->prefix)
		return MIP4_CODE_PROHIBITED;
	if (msg->flags & (MIP4_FLAG_M | MIP4_FLAG_G))
		return MIP4_CODE_ENCAP_UNAVAIL;

	if (!msg->lifetime)
		return mip4ha_binding_deregister(mn, &reg);

	reg.lifetime = min_t(u32, msg->lifetime, cfg->max_lifetime);
	reply->spec.lifetime = reg.lifetime;
	return mip4ha_binding_register(mn, &reg, cfg->max_bindings);
}

static bool mip4ha_rrq_authentic(const struct mip4ha_sa *sa,
				 const u8 *buf, const struct mip4_msg *msg)
{
	u8 expected[MIP4_AUTH_MAX];
	bool ok;

	if (msg->auth_len != mip4_auth_len(sa->algorithm))
		return false;
	if (mip4ha_sa_mac(sa, buf,
			  mip4_auth_data_len(sa->algorithm, msg->mhae_offset),
			  expected))
		return false;
	ok = !crypto_memneq(expected, msg->authenticator, msg->auth_len);
	memzero_explicit(expected, sizeof(expected));
	return ok;
}

/* Called from the receive callback of @sk, under RCU, with the UDP header
 * at skb->data. Consumes nothing: the caller frees the skb.
 */
void mip4ha_rrq_receive(struct mip4ha_net *mn, struct sock *sk,
			struct sk_buff *skb)
{
	const struct mip4ha_config *cfg = rcu_dereference(mn->config);
	struct mip4ha_reply reply = {};
	struct mip4ha_sa_key key;
	struct mip4_msg msg;
	struct mip4ha_sa *sa;
	unsigned int len;
	const u8 *buf;
	u64 reply_id;
	u8 code;

	if (!cfg || skb_linearize(skb))
		goto discard;
	buf = skb->data + sizeof(struct udphdr);
	len = skb->len - sizeof(struct udphdr);
	if (mip4_msg_parse(buf, len, cfg->vendor_id, &msg) ||
	    msg.type != MIP4_TYPE_RRQ)
		goto discard;
	/* Requests without an MHAE go to the key daemon (dynamic keys). */
	if (!msg.has_mhae)
		goto discard;

	key.spi = msg.spi;
	if (msg.nai) {
		if (mip4ha_id_from_nai(&key.id, msg.nai, msg.nai_len))
			goto discard;
	} else {
		mip4ha_id_from_addr(&key.id, msg.home_addr);
	}
	/* RFC 5944 §3.8.2.1 a: no security association, no answer. */
	sa = mip4ha_sa_lookup(mn, &key);
	if (!sa)
		goto discard;

	reply.sa = sa;
	reply.saddr = cfg->address;
	if (!mip4ha_rrq_to_broadcast(skb, cfg))
		reply.saddr = ip_hdr(skb)->daddr;
	reply.daddr = ip_hdr(skb)->saddr;
	reply.dport = udp_hdr(skb)->source;
	reply.spec.type = MIP4_TYPE_RRP;
	reply.spec.home_addr = msg.home_addr;
	reply.spec.ha_addr = cfg->address;
	reply.spec.id = msg.id;
	reply.spec.nai = msg.nai;
	reply.spec.nai_len = msg.nai_len;
	reply.spec.vendor_id = cfg->vendor_id;

	if (!mip4ha_rrq_authentic(sa, buf, &msg)) {
		code = MIP4_CODE_AUTH_FAILED;
		goto reply;
	}
	/* §3.8.2.1 d: we share no security association with foreign agents. */
	if (msg.has_fhae)
		goto discard;

	if (mip4ha_sa_check_replay(sa, msg.id, cfg->replay_tolerance,
				   &reply_id) != MIP4HA_REPLAY_OK) {
		reply.spec.id = reply_id;
		code = MIP4_CODE_ID_MISMATCH;
		goto reply;
	}
	reply.spec.id = reply_id;

	code = mip4ha_rrq_apply(mn, cfg, skb, &msg, &key.id, &reply);
reply:
	reply.spec.code = code;
	if (code > MIP4_CODE_ACCEPTED_NO_SIMUL) {
		reply.spec.lifetime = 0;
		mip4ha_stats_inc(mn, MIP4HA_CNT_RRQ_DENIED);
	} else {
		mip4ha_stats_inc(mn, MIP4HA_CNT_RRQ_ACCEPTED);
	}
	mip4ha_reply_send(mn, sk, &reply);
	return;

discard:
	mip4ha_stats_inc(mn, MIP4HA_CNT_RX_DISCARDED);
}
