// SPDX-License-Identifier: GPL-2.0
/* Initial registrations in progress at the key daemon (protocol.md §4.1). */

#include <asm/unaligned.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "binding.h"
#include "dynkey.h"
#include "fault.h"
#include "ha.h"
#include "keygen.h"
#include "netlink.h"
#include "proto.h"
#include "registration.h"
#include "reply.h"

static const struct rhashtable_params mip4ha_keygen_params = {
	.head_offset = offsetof(struct mip4ha_keygen_req, node),
	.key_offset = offsetof(struct mip4ha_keygen_req, nai),
	.key_len = sizeof(struct mip4ha_id),
	.hashfn = mip4ha_id_rht_hashfn,
	.obj_cmpfn = mip4ha_id_rht_cmpfn,
	.automatic_shrinking = true,
};

static const struct rhashtable_params mip4ha_keygen_seen_params = {
	.head_offset = offsetof(struct mip4ha_keygen_seen, node),
	.key_offset = offsetof(struct mip4ha_keygen_seen, nai),
	.key_len = sizeof(struct mip4ha_id),
	.hashfn = mip4ha_id_rht_hashfn,
	.obj_cmpfn = mip4ha_id_rht_cmpfn,
	.automatic_shrinking = true,
};

/* How many NAIs' last initial Identification are remembered at most, per
 * request that may be in progress: beyond, initial requests get 130.
 */
#define MIP4HA_KEYGEN_SEEN_PER_PENDING	4

/* Under keygen_lock. */
static void mip4ha_keygen_forget(struct mip4ha_net *mn,
				 struct mip4ha_keygen_seen *seen)
{
	lockdep_assert_held(&mn->keygen_lock);
	seen->dead = true;
	rhashtable_remove_fast(&mn->keygen_seen, &seen->node,
			       mip4ha_keygen_seen_params);
	mn->keygen_seen_count--;
}

static void mip4ha_keygen_seen_expire(struct timer_list *timer)
{
	struct mip4ha_keygen_seen *seen = from_timer(seen, timer, timer);
	struct mip4ha_net *mn = seen->mn;
	bool forget = false;

	spin_lock_bh(&mn->keygen_lock);
	/* A newer request of the node re-armed the timer. */
	if (!seen->dead && !timer_pending(&seen->timer)) {
		mip4ha_keygen_forget(mn, seen);
		forget = true;
	}
	spin_unlock_bh(&mn->keygen_lock);
	if (forget)
		kfree_rcu(seen, rcu);
}

static struct mip4ha_keygen_seen *
mip4ha_keygen_seen_alloc(struct mip4ha_net *mn, const struct mip4ha_id *nai)
{
	struct mip4ha_keygen_seen *seen;

	seen = mip4ha_kzalloc(offsetof(struct mip4ha_keygen_seen, nai.bytes) +
			      nai->len, GFP_ATOMIC);
	if (!seen)
		return NULL;
	seen->mn = mn;
	mip4ha_id_copy(&seen->nai, nai);
	timer_setup(&seen->timer, mip4ha_keygen_seen_expire, 0);
	return seen;
}

/* Under keygen_lock: whether (NAI, @id) repeats or, with timestamps,
 * precedes an initial request of the window.
 */
static bool mip4ha_keygen_seen_before(const struct mip4ha_keygen_seen *seen,
				      u64 id, u8 replay)
{
	if (!seen)
		return false;
	return replay == MIP4_REPLAY_TIMESTAMP ? id <= seen->id : id == seen->id;
}

/* Under keygen_lock: remember @id for the window; @fresh is a preallocated
 * entry, NULL when it was used.
 */
static void mip4ha_keygen_remember(struct mip4ha_net *mn,
				   struct mip4ha_keygen_seen *seen,
				   struct mip4ha_keygen_seen **fresh, u64 id,
				   u32 tolerance)
{
	if (!seen) {
		seen = *fresh;
		if (rhashtable_lookup_insert_fast(&mn->keygen_seen, &seen->node,
						  mip4ha_keygen_seen_params))
			return;
		*fresh = NULL;
		mn->keygen_seen_count++;
	}
	seen->id = id;
	mod_timer(&seen->timer, jiffies + (unsigned long)tolerance * HZ);
}

/* Under keygen_lock: the first of answer, timeout and flush to get here
 * owns the request.
 */
static bool mip4ha_keygen_claim(struct mip4ha_net *mn,
				struct mip4ha_keygen_req *req)
{
	lockdep_assert_held(&mn->keygen_lock);
	if (req->done)
		return false;
	req->done = true;
	xa_erase_bh(&mn->keygen_cookies, req->cookie);
	return true;
}

/* Ends a claimed request. Until now it kept its node's place in the table,
 * so that retransmissions are dropped while it is being answered.
 */
void mip4ha_keygen_release(struct mip4ha_net *mn,
			   struct mip4ha_keygen_req *req)
{
	spin_lock_bh(&mn->keygen_lock);
	rhashtable_remove_fast(&mn->keygen_reqs, &req->node,
			       mip4ha_keygen_params);
	mn->keygen_pending--;
	spin_unlock_bh(&mn->keygen_lock);
	kfree_rcu(req, rcu);
}

/* Rebuilds what a reply needs from the stored request. */
static int mip4ha_keygen_rrq(const struct mip4ha_config *cfg,
			     const struct mip4ha_keygen_req *req,
			     struct mip4_msg *msg, struct mip4ha_rrq *rrq)
{
	if (mip4_msg_parse(req->rrq, req->len, cfg->vendor_id, msg))
		return -EINVAL;
	rrq->cfg = cfg;
	rrq->msg = msg;
	rrq->buf = req->rrq;
	rrq->saddr = req->saddr;
	rrq->daddr = req->daddr;
	rrq->sport = req->sport;
	rrq->to_broadcast = req->to_broadcast;
	rrq->dev = NULL;
	rrq->src_lladdr = NULL;
	return 0;
}

/* The daemon did not answer in time: code 128. */
static void mip4ha_keygen_expire(struct timer_list *timer)
{
	struct mip4ha_keygen_req *req = from_timer(req, timer, timer);
	struct mip4ha_net *mn = req->mn;
	const struct mip4ha_config *cfg;
	struct socket *sock;
	struct mip4ha_rrq rrq;
	struct mip4_msg msg;
	bool expired = false;

	spin_lock_bh(&mn->keygen_lock);
	expired = mip4ha_keygen_claim(mn, req);
	spin_unlock_bh(&mn->keygen_lock);
	if (!expired)
		return;

	mip4ha_stats_inc(mn, MIP4HA_CNT_KEYGEN_TIMEOUTS);
	rcu_read_lock();
	cfg = rcu_dereference(mn->config);
	/* ha_stop() waits a grace period before it closes the socket; the
	 * pointer itself changes under the configuration mutex, not ours.
	 */
	sock = READ_ONCE(mn->sock);
	if (cfg && sock && !mip4ha_keygen_rrq(cfg, req, &msg, &rrq))
		mip4ha_reply_plain(mn, sock->sk, &rrq, MIP4_CODE_NO_AAA,
				   msg.id);
	rcu_read_unlock();
	mip4ha_keygen_release(mn, req);
}

/*
 * With nonces, an initial request must carry the Home Agent's nonce for
 * its NAI in the high half of its Identification, as any other request
 * does: otherwise it is answered 133 with that nonce (protocol.md §4.1).
 * The nonce needs no state: a keyed hash of the NAI and of the current
 * period of @window seconds, the (NAI, Identification) window. So a
 * request can be accepted only while its nonce lasts, at most @window
 * seconds after it was given, and once accepted it is remembered for
 * @window seconds: a replay is refused at any later time, without an
 * Access-Request.
 */
static u32 mip4ha_keygen_nonce(struct mip4ha_net *mn,
			       const struct mip4ha_id *nai, u32 window)
{
	u64 period = div_u64(ktime_get_seconds(), window ? window : 1);

	return (u32)siphash_2u64(siphash(nai->bytes, nai->len,
					 &mn->keygen_nonce_key),
				 period, &mn->keygen_nonce_key);
}

/* Whether the request carries H: every CVSE that opens or goes on with a
 * key agreement starts with it; a USER_AUTH alone (protocol.md §9.2) has
 * none, and the daemon's answer names the agreement (agreement-h).
 */
static bool mip4ha_keygen_has_h(const struct mip4_msg *msg)
{
	return msg->cvse_type != 0;
}

/* §4.1 step 1: the checks that need no key. @replay receives the replay
 * method the Identification was found fresh by: H's, or for a request
 * without H either (protocol.md §9.2), the nonce's first.
 */
static int mip4ha_keygen_check(struct mip4ha_net *mn,
			       const struct mip4ha_rrq *rrq,
			       struct mip4ha_id *nai, u64 *reply_id, u8 *replay)
{
	const struct mip4_msg *msg = rrq->msg;
	s32 tolerance = rrq->cfg->replay_tolerance;
	struct mip4ha_sa_key_buf key_buf;
	struct mip4ha_sa_key *key = &key_buf.key;
	bool has_h = mip4ha_keygen_has_h(msg);
	struct mip4ha_sa *sa;
	u32 nonce, now;
	s32 skew;

	*reply_id = msg->id;
	/* Only a well-formed KEYGEN_REQ (52 octets) gets past this. */
	if (msg->deny_code)
		return msg->deny_code;
	*replay = msg->h.replay;
	if (!msg->nai || mip4ha_id_from_nai(nai, msg->nai, msg->nai_len))
		return MIP4_CODE_POORLY_FORMED;

	if (!has_h || *replay == MIP4_REPLAY_NONCE) {
		nonce = mip4ha_keygen_nonce(mn, nai, tolerance);
		if (upper_32_bits(msg->id) == nonce) {
			*replay = MIP4_REPLAY_NONCE;
			return 0;
		}
		if (has_h) {
			*reply_id = (u64)nonce << 32 | lower_32_bits(msg->id);
			return MIP4_CODE_ID_MISMATCH;
		}
		/* Not the nonce: a timestamp, or 133 with the HA's time. */
		*replay = MIP4_REPLAY_TIMESTAMP;
	}
	now = mip4ha_ntp_seconds();
	skew = (s32)(upper_32_bits(msg->id) - now);
	if (skew > tolerance || skew < -tolerance) {
		*reply_id = (u64)now << 32 | lower_32_bits(msg->id);
		return MIP4_CODE_ID_MISMATCH;
	}
	/* Never older than what the node's current keys accepted (the
	 * retransmission of the request that made them included). A request
	 * without H names no SPI: the seen window alone applies.
	 */
	if (!has_h)
		return 0;
	key->spi = msg->h.spi_s;
	mip4ha_id_copy(&key->id, nai);
	sa = mip4ha_sa_lookup(mn, key);
	if (sa && mip4ha_sa_dynamic(sa) && sa->replay == MIP4_REPLAY_TIMESTAMP &&
	    msg->id <= READ_ONCE(sa->last_id))
		return MIP4_CODE_ID_MISMATCH;
	return 0;
}

int mip4ha_keygen_submit(struct mip4ha_net *mn, const struct mip4ha_rrq *rrq,
			 unsigned int len, u64 *reply_id)
{
	const struct mip4ha_config *cfg = rrq->cfg;
	const struct mip4_msg *msg = rrq->msg;
	struct mip4ha_keygen_seen *seen, *fresh = NULL;
	struct mip4ha_keygen_req *req;
	u8 replay;
	u32 cookie;
	int code;

	req = mip4ha_kzalloc(struct_size(req, rrq, len), GFP_ATOMIC);
	if (!req)
		return MIP4_CODE_NO_RESOURCES;
	code = mip4ha_keygen_check(mn, rrq, &req->nai.id, reply_id, &replay);
	if (code)
		goto err_free;
	if (!mip4ha_nl_keygen_has_listeners(mn)) {
		code = MIP4_CODE_NO_AAA;
		goto err_free;
	}
	code = MIP4_CODE_NO_RESOURCES;
	fresh = mip4ha_keygen_seen_alloc(mn, &req->nai.id);
	if (!fresh)
		goto err_free;

	req->mn = mn;
	req->saddr = rrq->saddr;
	req->daddr = rrq->daddr;
	req->sport = rrq->sport;
	req->to_broadcast = rrq->to_broadcast;
	req->len = len;
	memcpy(req->rrq, rrq->buf, len);
	timer_setup(&req->timer, mip4ha_keygen_expire, 0);

	spin_lock_bh(&mn->keygen_lock);
	/* One request per node: a retransmission waits for the first. */
	if (rhashtable_lookup_fast(&mn->keygen_reqs, &req->nai.id,
				   mip4ha_keygen_params)) {
		code = -1;
		goto err_unlock;
	}
	seen = rhashtable_lookup_fast(&mn->keygen_seen, &req->nai.id,
				      mip4ha_keygen_seen_params);
	if (mip4ha_keygen_seen_before(seen, msg->id, replay)) {
		if (replay == MIP4_REPLAY_TIMESTAMP)
			*reply_id = (u64)mip4ha_ntp_seconds() << 32 |
				    lower_32_bits(msg->id);
		code = MIP4_CODE_ID_MISMATCH;
		goto err_unlock;
	}
	code = MIP4_CODE_NO_RESOURCES;
	if (mn->keygen_pending >= cfg->keygen_max_pending ||
	    (!seen && mn->keygen_seen_count >=
		      cfg->keygen_max_pending * MIP4HA_KEYGEN_SEEN_PER_PENDING))
		goto err_unlock;
	if (xa_alloc_cyclic_bh(&mn->keygen_cookies, &req->cookie, req,
			       xa_limit_32b, &mn->keygen_next_cookie,
			       GFP_ATOMIC) < 0)
		goto err_unlock;
	if (rhashtable_lookup_insert_fast(&mn->keygen_reqs, &req->node,
					  mip4ha_keygen_params)) {
		xa_erase_bh(&mn->keygen_cookies, req->cookie);
		goto err_unlock;
	}
	mn->keygen_pending++;
	mip4ha_keygen_remember(mn, seen, &fresh, msg->id,
			       cfg->replay_tolerance);
	cookie = req->cookie;
	mod_timer(&req->timer, jiffies + cfg->keygen_timeout * HZ);
	spin_unlock_bh(&mn->keygen_lock);
	kfree(fresh);

	if (mip4ha_nl_keygen_notify(mn, cfg, req)) {
		req = mip4ha_keygen_take(mn, cookie);
		if (req)
			mip4ha_keygen_release(mn, req);
		return MIP4_CODE_NO_AAA;
	}
	mip4ha_stats_inc(mn, MIP4HA_CNT_KEYGEN_REQUESTS);
	return 0;

err_unlock:
	spin_unlock_bh(&mn->keygen_lock);
err_free:
	kfree(fresh);
	kfree(req);
	return code;
}

struct mip4ha_keygen_req *mip4ha_keygen_take(struct mip4ha_net *mn,
					     u32 cookie)
{
	struct mip4ha_keygen_req *req;

	spin_lock_bh(&mn->keygen_lock);
	req = xa_load(&mn->keygen_cookies, cookie);
	if (req && mip4ha_keygen_claim(mn, req))
		del_timer(&req->timer);
	else
		req = NULL;
	spin_unlock_bh(&mn->keygen_lock);
	return req;
}

int mip4ha_keygen_peek(struct mip4ha_net *mn, u32 cookie, bool *has_h,
		       struct mip4_cvse_h *h)
{
	const struct mip4ha_config *cfg;
	struct mip4ha_keygen_req *req;
	struct mip4_msg msg;
	int err = -ENOENT;

	lockdep_assert_held(&mn->lock);
	cfg = rcu_dereference_protected(mn->config, lockdep_is_held(&mn->lock));
	if (!cfg)
		return -ENOENT;
	/* The request's bytes never change; it is freed under this lock. */
	spin_lock_bh(&mn->keygen_lock);
	req = xa_load(&mn->keygen_cookies, cookie);
	if (req && !req->done &&
	    !mip4_msg_parse(req->rrq, req->len, cfg->vendor_id, &msg)) {
		*has_h = mip4ha_keygen_has_h(&msg);
		*h = msg.h;
		err = 0;
	}
	spin_unlock_bh(&mn->keygen_lock);
	return err;
}

/* §4.1 step 3: install the keys, update the binding, reply with KEYGEN_REP
 * and an MHAE made with Skey. Until the binding update succeeds the node's
 * old keys and bindings stay as they were.
 */
static int mip4ha_keygen_accept(struct mip4ha_net *mn,
				const struct mip4ha_rrq *rrq,
				const struct mip4ha_id *nai,
				const struct mip4ha_keygen_keys *keys,
				const struct mip4ha_keygen_reply_ext *ext,
				struct netlink_ext_ack *extack)
{
	const struct mip4_msg *msg = rrq->msg;
	const struct mip4_cvse_h *h = keys->agreement_h ?: &msg->h;
	struct mip4ha_dynkey_params params = {
		.nai = nai,
		.algorithm = h->algorithm,
		.replay = h->replay,
		.spi_s = h->spi_s,
		.spi_d = h->spi_d,
		.skey = keys->skey,
		.skey_prime = keys->skey_prime,
		.key_len = keys->key_len,
		.key_lifetime = keys->key_lifetime,
		.id = msg->id,
		.user_nai = keys->user_nai,
		.user_nai_len = keys->user_nai_len,
	};
	struct mip4_msg_spec spec = {
		.id = msg->id,
		.cvse_type = ext->cvse_type,
		.cvse_value = ext->value,
		.cvse_len = ext->len,
	};
	struct sock *sk = mn->sock->sk;
	struct mip4ha_sa_key_buf key_buf;
	struct mip4ha_sa_key *key = &key_buf.key;
	struct mip4ha_dynkey *dk;
	struct mip4ha_sa *sa;
	int err;
	u8 code;

	if (ext->user_value) {
		spec.user_cvse_type = MIP4_CVSE_USER_RESULT;
		spec.user_cvse_value = ext->user_value;
		spec.user_cvse_len = MIP4_USER_RESULT_LEN;
	}
	/* An initial registration cannot deregister: there is nothing to end. */
	if (!msg->lifetime) {
		mip4ha_reply_plain(mn, sk, rrq, MIP4_CODE_POORLY_FORMED, msg->id);
		return 0;
	}
	dk = mip4ha_dynkey_prepare(mn, &params);
	if (IS_ERR(dk)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "keys do not fit the request (algorithm, key length, SPI in use)");
		mip4ha_reply_plain(mn, sk, rrq, MIP4_CODE_NO_RESOURCES, msg->id);
		return PTR_ERR(dk);
	}

	code = mip4ha_rrq_apply(mn, rrq, nai, params.spi_s, keys->key_lifetime,
				&spec.lifetime);
	if (code > MIP4_CODE_ACCEPTED_NO_SIMUL) {
		/* Nothing is installed. A request authenticated with the new
		 * Skey (AKA_RESPONSE, protocol.md §8.4) gets its denial
		 * authenticated with it; a KEYGEN_REQ's node cannot have Skey
		 * before it sees KEYGEN_REP, so its denial goes plain.
		 */
		struct mip4_msg_spec denial = { .id = msg->id, .code = code };

		mip4ha_reply_send(mn, sk, rrq, &denial,
				  msg->has_mhae ? dk->new_skey_sa : NULL);
		mip4ha_dynkey_abort(dk);
		return 0;
	}
	err = mip4ha_dynkey_commit(mn, dk);
	if (err) {
		/* The old keys were unlinked first (the new ones may reuse
		 * their SPIs): no binding of the node outlives them (§4.4).
		 */
		mip4ha_binding_delete_owner(mn, nai, 0,
					    MIP4HA_BINDING_REASON_KEY_EXPIRY);
		NL_SET_ERR_MSG_MOD(extack, "cannot install the keys");
		mip4ha_reply_plain(mn, sk, rrq, MIP4_CODE_NO_RESOURCES, msg->id);
		return err;
	}

	key->spi = params.spi_s;
	mip4ha_id_copy(&key->id, nai);
	rcu_read_lock();
	sa = mip4ha_sa_lookup(mn, key);
	spec.code = code;
	if (sa)
		mip4ha_reply_send(mn, sk, rrq, &spec, sa);
	rcu_read_unlock();
	return 0;
}

/* A denial from the daemon: without reply-key, no key (a hint, or a
 * challenge that AUTN authenticates); with it, an MHAE under SPI_S made
 * with it, the AKA key of a device whose user's step did not succeed or is
 * yet to come (protocol.md §9.2). That key is installed nowhere.
 */
static int mip4ha_keygen_deny(struct mip4ha_net *mn,
			      const struct mip4ha_rrq *rrq,
			      const struct mip4ha_id *nai, u8 code,
			      const struct mip4ha_keygen_keys *keys,
			      const struct mip4ha_keygen_reply_ext *ext)
{
	const struct mip4_msg *msg = rrq->msg;
	const struct mip4_cvse_h *h = keys->agreement_h ?: &msg->h;
	struct mip4_msg_spec spec = {
		.id = msg->id,
		.code = code,
		.cvse_type = ext->cvse_type,
		.cvse_value = ext->value,
		.cvse_len = ext->len,
	};
	struct mip4ha_sa_key_buf key_buf;
	struct mip4ha_sa *sa = NULL;

	if (ext->user_value) {
		spec.user_cvse_type = MIP4_CVSE_USER_RESULT;
		spec.user_cvse_value = ext->user_value;
		spec.user_cvse_len = MIP4_USER_RESULT_LEN;
	}
	if (keys->reply_key) {
		key_buf.key.spi = h->spi_s;
		mip4ha_id_copy(&key_buf.key.id, nai);
		sa = mip4ha_sa_create(&key_buf.key, h->algorithm,
				      keys->reply_key, keys->reply_key_len,
				      h->replay, 0);
		if (IS_ERR(sa)) {
			mip4ha_reply_plain(mn, mn->sock->sk, rrq,
					   MIP4_CODE_NO_RESOURCES, msg->id);
			return PTR_ERR(sa);
		}
	}
	mip4ha_reply_send(mn, mn->sock->sk, rrq, &spec, sa);
	/* Wipes the key; never linked, so no reader has it. */
	if (sa)
		mip4ha_sa_free(sa);
	return 0;
}

int mip4ha_keygen_complete(struct mip4ha_net *mn,
			   struct mip4ha_keygen_req *req, u8 code,
			   const struct mip4ha_keygen_keys *keys,
			   const struct mip4ha_keygen_reply_ext *ext,
			   struct netlink_ext_ack *extack)
{
	const struct mip4ha_config *cfg;
	struct mip4ha_rrq rrq;
	struct mip4_msg msg;
	int err = 0;

	lockdep_assert_held(&mn->lock);
	cfg = rcu_dereference_protected(mn->config, lockdep_is_held(&mn->lock));
	if (!cfg || !mn->sock || mip4ha_keygen_rrq(cfg, req, &msg, &rrq))
		return -ENOENT;

	if (code)
		err = mip4ha_keygen_deny(mn, &rrq, &req->nai.id, code, keys,
					 ext);
	else
		err = mip4ha_keygen_accept(mn, &rrq, &req->nai.id, keys, ext,
					   extack);
	return err;
}

/* One at a time, so that del_timer_sync() runs outside the walk: a timer
 * that runs meanwhile waits for the lock and then finds its entry dead (or
 * forgets it first, and the walk does not find it again). The walk's table
 * lock is never taken under keygen_lock (see mip4ha_binding_flush()).
 */
static void mip4ha_keygen_seen_flush(struct mip4ha_net *mn)
{
	struct mip4ha_keygen_seen *seen;
	struct rhashtable_iter iter;
	bool forgot;

	for (;;) {
		rhashtable_walk_enter(&mn->keygen_seen, &iter);
		rhashtable_walk_start(&iter);
		do {
			seen = rhashtable_walk_next(&iter);
		} while (IS_ERR(seen));
		forgot = false;
		if (seen) {
			spin_lock_bh(&mn->keygen_lock);
			forgot = !seen->dead;
			if (forgot)
				mip4ha_keygen_forget(mn, seen);
			spin_unlock_bh(&mn->keygen_lock);
		}
		rhashtable_walk_stop(&iter);
		rhashtable_walk_exit(&iter);
		if (!seen)
			break;
		if (forgot) {
			del_timer_sync(&seen->timer);
			kfree_rcu(seen, rcu);
		}
	}
}

/* Process context; the Home Agent is stopping or the namespace going. */
void mip4ha_keygen_flush(struct mip4ha_net *mn)
{
	struct mip4ha_keygen_req *req;
	unsigned long cookie;

	xa_for_each(&mn->keygen_cookies, cookie, req) {
		req = mip4ha_keygen_take(mn, cookie);
		if (req) {
			del_timer_sync(&req->timer);
			mip4ha_keygen_release(mn, req);
		}
	}
	mip4ha_keygen_seen_flush(mn);
}

int mip4ha_keygen_table_init(struct mip4ha_net *mn)
{
	int err;

	spin_lock_init(&mn->keygen_lock);
	xa_init_flags(&mn->keygen_cookies, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_BH);
	get_random_bytes(&mn->keygen_nonce_key, sizeof(mn->keygen_nonce_key));
	err = mip4ha_rhashtable_init(&mn->keygen_reqs, &mip4ha_keygen_params);
	if (err)
		return err;
	err = mip4ha_rhashtable_init(&mn->keygen_seen, &mip4ha_keygen_seen_params);
	if (err)
		rhashtable_destroy(&mn->keygen_reqs);
	return err;
}

void mip4ha_keygen_table_destroy(struct mip4ha_net *mn)
{
	rhashtable_destroy(&mn->keygen_seen);
	rhashtable_destroy(&mn->keygen_reqs);
	xa_destroy(&mn->keygen_cookies);
}
