/* SPDX-License-Identifier: GPL-2.0 */
/* Initial registrations in progress at the key daemon (protocol.md §4.1). */

#ifndef _MIP4HA_KEYGEN_H
#define _MIP4HA_KEYGEN_H

#include <linux/rhashtable-types.h>
#include <linux/timer.h>

#include "sa.h"

struct mip4ha_net;
struct mip4_cvse_h;
struct mip4_msg;
struct mip4ha_rrq;
struct netlink_ext_ack;

struct mip4ha_keygen_req {
	struct rhash_head node;		/* keyed by nai: one per node */
	struct mip4ha_id_buf nai;
	u32 cookie;
	__be32 saddr;			/* the request's source */
	__be32 daddr;			/* where it was sent */
	__be16 sport;
	bool to_broadcast;
	bool done;			/* claimed; under keygen_lock */
	struct timer_list timer;
	struct mip4ha_net *mn;
	struct rcu_head rcu;
	u16 len;
	u8 rrq[];
};

/* The last Identification of an initial request of one NAI, kept for the
 * replay tolerance (protocol.md §4.1: no (NAI, Identification) pair
 * twice within the window).
 */
struct mip4ha_keygen_seen {
	struct rhash_head node;		/* keyed by nai */
	u64 id;
	bool dead;			/* under keygen_lock */
	struct timer_list timer;
	struct mip4ha_net *mn;
	struct rcu_head rcu;
	struct mip4ha_id nai;		/* only nai.len bytes allocated */
};

int mip4ha_keygen_table_init(struct mip4ha_net *mn);
void mip4ha_keygen_table_destroy(struct mip4ha_net *mn);
/* Drops every request in progress without answering; process context. */
void mip4ha_keygen_flush(struct mip4ha_net *mn);

/* Claims the request @cookie; NULL when none (or already answered or timed
 * out). The caller answers it and ends it with mip4ha_keygen_release().
 */
struct mip4ha_keygen_req *mip4ha_keygen_take(struct mip4ha_net *mn,
					     u32 cookie);
void mip4ha_keygen_release(struct mip4ha_net *mn,
			   struct mip4ha_keygen_req *req);

/* An initial registration that reached the socket. Returns a reply code to
 * send at once without MHAE (128, 130, 133, 134), 0 when the daemon has it,
 * or -1 when it is to be dropped silently (retransmission).
 */
int mip4ha_keygen_submit(struct mip4ha_net *mn, const struct mip4ha_rrq *rrq,
			 unsigned int len, u64 *reply_id);

/* What a request leaves to the daemon's answer: H, when it has one (a
 * USER_AUTH alone has none, protocol.md §9.2). For keygen-answer's checks
 * before it claims the request: 0, or -ENOENT when it is not in progress.
 */
int mip4ha_keygen_peek(struct mip4ha_net *mn, u32 cookie, bool *has_h,
		       struct mip4_cvse_h *h);

/* The daemon's answer (keygen-answer); process context, under mn->lock. */
struct mip4ha_keygen_keys {
	const u8 *skey;
	const u8 *skey_prime;
	unsigned int key_len;
	u32 key_lifetime;
	/* H of the agreement when the request has none; NULL otherwise. */
	const struct mip4_cvse_h *agreement_h;
	/* With a denial: the key of the reply's MHAE (protocol.md §9.2). */
	const u8 *reply_key;
	unsigned int reply_key_len;
	/* Kept with the keys installed (multiple authentications). */
	const u8 *user_nai;
	u8 user_nai_len;
};

/* The CVSEs of ours the reply carries; type 0: none. The user's step
 * (USER_RESULT, MIP4_USER_RESULT_LEN octets) follows the first one.
 */
struct mip4ha_keygen_reply_ext {
	u16 cvse_type;
	const u8 *value;
	u16 len;
	const u8 *user_value;	/* NULL: none */
};

int mip4ha_keygen_complete(struct mip4ha_net *mn,
			   struct mip4ha_keygen_req *req, u8 code,
			   const struct mip4ha_keygen_keys *keys,
			   const struct mip4ha_keygen_reply_ext *ext,
			   struct netlink_ext_ack *extack);

#endif /* _MIP4HA_KEYGEN_H */
