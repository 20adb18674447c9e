// SPDX-License-Identifier: GPL-2.0
/* Registration replies (RFC 5944 §3.8.3), sent from the namespace's socket. */

#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "fault.h"
#include "ha.h"
#include "proto.h"
#include "registration.h"
#include "reply.h"
#include "sa.h"

void mip4ha_reply_send(struct mip4ha_net *mn, struct sock *sk,
		       const struct mip4ha_rrq *rrq, struct mip4_msg_spec *spec,
		       const struct mip4ha_sa *sa)
{
	unsigned int headroom = LL_MAX_HEADER + sizeof(struct iphdr) +
				sizeof(struct udphdr);
	int size;
	struct flowi4 fl4 = {
		.daddr = rrq->saddr,
		.saddr = rrq->to_broadcast ? rrq->cfg->address : rrq->daddr,
		.flowi4_proto = IPPROTO_UDP,
		.fl4_sport = htons(MIP4_PORT),
		.fl4_dport = rrq->sport,
	};
	struct sk_buff *skb;
	struct rtable *rt;
	u8 *data;
	int len;

	spec->type = MIP4_TYPE_RRP;
	spec->home_addr = rrq->msg->home_addr;
	spec->ha_addr = rrq->cfg->address;
	spec->nai = rrq->msg->nai;
	spec->nai_len = rrq->msg->nai_len;
	spec->vendor_id = rrq->cfg->vendor_id;
	spec->algorithm = sa ? sa->algorithm : 0;
	spec->spi = sa ? sa->key.spi : 0;
	if (spec->code > MIP4_CODE_ACCEPTED_NO_SIMUL) {
		spec->lifetime = 0;
		mip4ha_stats_inc(mn, MIP4HA_CNT_RRQ_DENIED);
	} else {
		mip4ha_stats_inc(mn, MIP4HA_CNT_RRQ_ACCEPTED);
	}

	size = mip4_msg_len(spec);
	if (size < 0)
		goto err;
	skb = mip4ha_alloc_skb(headroom + size, GFP_ATOMIC);
	if (!skb)
		goto err;
	skb_reserve(skb, headroom);
	data = skb_tail_pointer(skb);
	len = mip4_msg_build(data, size, spec);
	if (len < 0)
		goto err_free;
	skb_put(skb, len);

	if (sa) {
		unsigned int auth_len = mip4_auth_len(sa->algorithm);
		size_t mhae = len - auth_len - MIP4_MHAE_HDR_LEN;

		if (mip4ha_sa_mac(sa, data,
				  mip4_auth_data_len(sa->algorithm, mhae),
				  data + len - auth_len))
			goto err_free;
	}

	rt = ip_route_output_key(mn->net, &fl4);
	if (IS_ERR(rt))
		goto err_free;

	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0, htons(MIP4_PORT),
			    rrq->sport, false, false);
	mip4ha_stats_inc(mn, MIP4HA_CNT_TX_PACKETS);
	return;

err_free:
	kfree_skb(skb);
err:
	mip4ha_stats_inc(mn, MIP4HA_CNT_TX_ERRORS);
}

/* A reply without MHAE: there is no key (initial registrations). */
void mip4ha_reply_plain(struct mip4ha_net *mn, struct sock *sk,
			const struct mip4ha_rrq *rrq, u8 code, u64 id)
{
	struct mip4_msg_spec spec = { .code = code, .id = id };

	mip4ha_reply_send(mn, sk, rrq, &spec, NULL);
}
