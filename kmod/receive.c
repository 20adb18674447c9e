// SPDX-License-Identifier: GPL-2.0
/* Registration requests answered in the kernel (RFC 5944 §3.8). */

#include <asm/unaligned.h>
#include <crypto/algapi.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "binding.h"
#include "dynkey.h"
#include "ha.h"
#include "keygen.h"
#include "mip4ha.h"
#include "proto.h"
#include "receive.h"
#include "registration.h"
#include "reply.h"
#include "tunnel.h"
#include "sa.h"

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

/* §4.3: REKEY_REQ, authenticated with Skey. Fills the REKEY_REP value. */
static u8 mip4ha_rrq_rekey(struct mip4ha_net *mn, const struct mip4_msg *msg,
			   const struct mip4ha_sa *sa, u8 rep[MIP4_REKEY_REP_LEN])
{
	u32 new_spi_d = msg->new_spi_d;
	u32 remaining;
	u8 code;

	if (sa->role != MIP4HA_SA_ROLE_SKEY)
		return MIP4_CODE_POORLY_FORMED;
	code = mip4ha_dynkey_rekey(mn, sa, msg->id, new_spi_d, &remaining);
	if (code)
		return code;
	mip4ha_stats_inc(mn, MIP4HA_CNT_REKEYS);
	mip4_rekey_put(rep, MIP4_CVSE_REKEY_REP, new_spi_d, remaining);
	return MIP4_CODE_ACCEPTED;
}

/* A request authenticated by an MHAE: answered here, in softirq. */
static void mip4ha_rrq_authenticated(struct mip4ha_net *mn, struct sock *sk,
				     const struct mip4ha_rrq *rrq)
{
	const struct mip4_msg *msg = rrq->msg;
	struct mip4_msg_spec spec = { .id = msg->id };
	u8 rekey_rep[MIP4_REKEY_REP_LEN];
	u32 key_lifetime = MIP4HA_KEY_LIFETIME_STATIC;
	struct mip4ha_sa_key_buf key_buf;
	struct mip4ha_sa_key *key = &key_buf.key;
	struct mip4ha_sa *sa;
	u64 reply_id;
	u8 code;

	key->spi = msg->spi;
	if (msg->nai) {
		if (mip4ha_id_from_nai(&key->id, msg->nai, msg->nai_len))
			goto discard;
	} else {
		mip4ha_id_from_addr(&key->id, msg->home_addr);
	}
	/* RFC 5944 §3.8.2.1 a: no security association, no answer. */
	sa = mip4ha_sa_lookup(mn, key);
	if (!sa)
		goto discard;

	if (!mip4ha_rrq_authentic(sa, rrq->buf, msg)) {
		code = MIP4_CODE_AUTH_FAILED;
		goto reply;
	}
	/* §3.8.2.1 d: we share no security association with foreign agents. */
	if (msg->has_fhae)
		goto discard;

	if (mip4ha_sa_check_replay(sa, msg->id, rrq->cfg->replay_tolerance,
				   &reply_id) != MIP4HA_REPLAY_OK) {
		spec.id = reply_id;
		code = MIP4_CODE_ID_MISMATCH;
		goto reply;
	}
	spec.id = reply_id;

	if (mip4ha_sa_dynamic(sa)) {
		key_lifetime = mip4ha_dynkey_remaining(sa);
		if (!key_lifetime) {
			code = MIP4_CODE_AUTH_FAILED;
			goto reply;
		}
	}
	if (!msg->deny_code && msg->cvse_type == MIP4_CVSE_REKEY_REQ) {
		code = mip4ha_rrq_rekey(mn, msg, sa, rekey_rep);
		if (code)
			goto reply;
		spec.cvse_type = MIP4_CVSE_REKEY_REP;
		spec.cvse_value = rekey_rep;
		spec.cvse_len = sizeof(rekey_rep);
	}

	code = mip4ha_rrq_apply(mn, rrq, &key->id, sa->key.spi, key_lifetime,
				&spec.lifetime);
reply:
	spec.code = code;
	mip4ha_reply_send(mn, sk, rrq, &spec, sa);

	/* §4.4: a deregistration ends the node's keys and every binding;
	 * the reply above was authenticated before.
	 */
	if (code == MIP4_CODE_ACCEPTED && !msg->lifetime &&
	    mip4ha_sa_dynamic(sa)) {
		mip4ha_binding_delete_owner(mn, &key->id, 0,
					    MIP4HA_BINDING_REASON_DEREG);
		mip4ha_dynkey_delete(mn, &key->id, MIP4HA_SA_REASON_DEREG);
	}
	return;

discard:
	mip4ha_stats_inc(mn, MIP4HA_CNT_RX_DISCARDED);
}

/* A request of a key agreement: the key daemon answers it (keygen.c). */
static void mip4ha_rrq_initial(struct mip4ha_net *mn, struct sock *sk,
			       const struct mip4ha_rrq *rrq, unsigned int len)
{
	u64 reply_id;
	int code;

	code = mip4ha_keygen_submit(mn, rrq, len, &reply_id);
	if (code < 0) {
		mip4ha_stats_inc(mn, MIP4HA_CNT_RX_DISCARDED);
	} else if (code > 0) {
		mip4ha_stats_inc(mn, MIP4HA_CNT_KEYGEN_REJECTED);
		mip4ha_reply_plain(mn, sk, rrq, code, reply_id);
	}
}

/* Called from the receive callback of @sk, under RCU, with the UDP header
 * at skb->data. Consumes nothing: the caller frees the skb.
 */
void mip4ha_rrq_receive(struct mip4ha_net *mn, struct sock *sk,
			struct sk_buff *skb)
{
	const struct mip4ha_config *cfg = rcu_dereference(mn->config);
	struct mip4ha_rrq rrq;
	struct mip4_msg msg;
	unsigned int len;

	if (!cfg || skb_linearize(skb))
		goto discard;
	rrq.buf = skb->data + sizeof(struct udphdr);
	len = skb->len - sizeof(struct udphdr);
	if (mip4_msg_parse(rrq.buf, len, cfg->vendor_id, &msg) ||
	    msg.type != MIP4_TYPE_RRQ)
		goto discard;

	rrq.cfg = cfg;
	rrq.msg = &msg;
	rrq.saddr = ip_hdr(skb)->saddr;
	rrq.daddr = ip_hdr(skb)->daddr;
	rrq.sport = udp_hdr(skb)->source;
	rrq.to_broadcast = mip4ha_rrq_to_broadcast(skb, cfg);
	rrq.dev = skb->dev;
	rrq.src_lladdr = NULL;
	if (skb->dev->type == ARPHRD_ETHER && skb_mac_header_was_set(skb) &&
	    skb_mac_header_len(skb) >= ETH_HLEN)
		rrq.src_lladdr = eth_hdr(skb)->h_source;

	/* A request of a key agreement goes to the key daemon whatever keys
	 * are installed: an AKA_RESPONSE's MHAE is made with a key only the
	 * daemon can derive (protocol.md §8.4). RFC 5944 §3.8.2.1 a: without
	 * an authorization-enabling extension (the MHAE, or the CVSE that
	 * opens a key agreement), no answer; d: nor with an FHAE, we share no
	 * key with foreign agents (checked after the MHAE, in
	 * mip4ha_rrq_authenticated(), when there is one). A request that
	 * goes on with an agreement (AKA_RESPONSE, USER_AUTH with or without
	 * it, protocol.md §9.2) is enabled by its MHAE, checked by the daemon.
	 */
	if (msg.to_daemon && !msg.has_fhae && (msg.initial || msg.has_mhae))
		mip4ha_rrq_initial(mn, sk, &rrq, len);
	else if (msg.has_mhae && !msg.to_daemon)
		mip4ha_rrq_authenticated(mn, sk, &rrq);
	else
		goto discard;
	return;

discard:
	mip4ha_stats_inc(mn, MIP4HA_CNT_RX_DISCARDED);
}
