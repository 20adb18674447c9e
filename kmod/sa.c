// SPDX-License-Identifier: GPL-2.0
/* Mobility security associations: table, MAC computation, replay protection. */

#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/md5.h>
#include <crypto/sha2.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "fault.h"
#include "ha.h"
#include "netlink.h"
#include "sa.h"

/* Seconds between the NTP epoch (1900) and the Unix epoch (1970). */

u32 mip4ha_id_hash(const struct mip4ha_id *id, u32 seed)
{
	return jhash(id->bytes, id->len, jhash_1word(id->type, seed));
}

bool mip4ha_id_equal(const struct mip4ha_id *a, const struct mip4ha_id *b)
{
	return a->type == b->type && a->len == b->len &&
	       !memcmp(a->bytes, b->bytes, a->len);
}

void mip4ha_id_copy(struct mip4ha_id *dst, const struct mip4ha_id *src)
{
	dst->type = src->type;
	dst->len = src->len;
	memcpy(dst->bytes, src->bytes, src->len);
}

/* For tables keyed by an identity (struct mip4ha_id at key_offset). */
u32 mip4ha_id_rht_hashfn(const void *data, u32 len, u32 seed)
{
	return mip4ha_id_hash(data, seed);
}

int mip4ha_id_rht_cmpfn(struct rhashtable_compare_arg *arg, const void *obj)
{
	return !mip4ha_id_equal(arg->key, obj + arg->ht->p.key_offset);
}

static u32 mip4ha_sa_key_hash(const struct mip4ha_sa_key *key, u32 seed)
{
	return mip4ha_id_hash(&key->id, jhash_1word(key->spi, seed));
}

static u32 mip4ha_sa_hashfn(const void *data, u32 len, u32 seed)
{
	return mip4ha_sa_key_hash(data, seed);
}

static u32 mip4ha_sa_obj_hashfn(const void *data, u32 len, u32 seed)
{
	const struct mip4ha_sa *sa = data;

	return mip4ha_sa_key_hash(&sa->key, seed);
}

static int mip4ha_sa_obj_cmpfn(struct rhashtable_compare_arg *arg,
			       const void *obj)
{
	const struct mip4ha_sa_key *key = arg->key;
	const struct mip4ha_sa *sa = obj;

	return key->spi != sa->key.spi || !mip4ha_id_equal(&key->id, &sa->key.id);
}

const struct rhashtable_params mip4ha_sa_params = {
	.head_offset = offsetof(struct mip4ha_sa, node),
	.key_offset = offsetof(struct mip4ha_sa, key),
	.key_len = sizeof(struct mip4ha_sa_key),
	.hashfn = mip4ha_sa_hashfn,
	.obj_hashfn = mip4ha_sa_obj_hashfn,
	.obj_cmpfn = mip4ha_sa_obj_cmpfn,
	.automatic_shrinking = true,
};

void mip4ha_id_from_addr(struct mip4ha_id *id, __be32 addr)
{
	id->type = MIP4HA_ID_ADDR;
	id->len = sizeof(addr);
	memcpy(id->bytes, &addr, sizeof(addr));
}

int mip4ha_id_from_nai(struct mip4ha_id *id, const u8 *nai, unsigned int len)
{
	if (!len || len > MIP4_NAI_MAX)
		return -EINVAL;
	id->type = MIP4HA_ID_NAI;
	id->len = len;
	memcpy(id->bytes, nai, len);
	return 0;
}

/* One unkeyed MD5 transform for the module: HMAC-MD5 imports a chaining
 * value into it, keyed MD5 hashes the secret around the data. Allocated by
 * driver name, so that its exported state is the generic driver's struct
 * md5_state (crypto/md5.c: a copy of its context). Shared by every CPU: an
 * unkeyed shash keeps nothing per request outside the descriptor.
 */
static struct crypto_shash *mip4ha_md5;

int mip4ha_sa_crypto_init(void)
{
	struct crypto_shash *tfm;

	tfm = mip4ha_crypto_alloc_shash("md5-generic");
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	if (crypto_shash_statesize(tfm) != sizeof(struct md5_state) ||
	    crypto_shash_digestsize(tfm) != MD5_DIGEST_SIZE) {
		crypto_free_shash(tfm);
		return -EINVAL;
	}
	mip4ha_md5 = tfm;
	return 0;
}

/* After the last SA: the namespaces are gone and their frees done. */
void mip4ha_sa_crypto_exit(void)
{
	crypto_free_shash(mip4ha_md5);
}

/* Octets of one HMAC chaining value; 0: not an HMAC (keyed MD5). */
static unsigned int mip4ha_sa_state_len(u8 algorithm)
{
	switch (algorithm) {
	case MIP4_ALG_HMAC_MD5:
		return MD5_DIGEST_SIZE;
	case MIP4_ALG_HMAC_SHA256:
		return SHA256_DIGEST_SIZE;
	}
	return 0;
}

static bool mip4ha_sa_algorithm_valid(u8 algorithm)
{
	return algorithm == MIP4_ALG_HMAC_MD5 ||
	       algorithm == MIP4_ALG_HMAC_SHA256 ||
	       algorithm == MIP4_ALG_KEYED_MD5;
}

/* Where the states start: behind the identity, 4-aligned for the u32
 * words of a chaining value (copied with memcpy all the same).
 */
static size_t mip4ha_sa_tail_offset(unsigned int id_len)
{
	return ALIGN(offsetof(struct mip4ha_sa, key.id.bytes) + id_len,
		     sizeof(u32));
}

static u8 *mip4ha_sa_tail(struct mip4ha_sa *sa)
{
	return (u8 *)sa + mip4ha_sa_tail_offset(sa->key.id.len);
}

static const u8 *mip4ha_sa_tail_const(const struct mip4ha_sa *sa)
{
	return (const u8 *)sa + mip4ha_sa_tail_offset(sa->key.id.len);
}

/* The inner chaining value, the outer one right after it. */
static const u8 *mip4ha_sa_states(const struct mip4ha_sa *sa)
{
	return mip4ha_sa_tail_const(sa);
}

const u8 *mip4ha_sa_secret(const struct mip4ha_sa *sa)
{
	return mip4ha_sa_tail_const(sa) +
	       2 * mip4ha_sa_state_len(sa->algorithm);
}

/* The chaining value after one 64-octet block from the initial value. */
static int mip4ha_sa_chain(u8 algorithm, const u8 *block, u8 *out)
{
	int err = 0;

	BUILD_BUG_ON(MD5_HMAC_BLOCK_SIZE != SHA256_BLOCK_SIZE);
	if (algorithm == MIP4_ALG_HMAC_SHA256) {
		struct sha256_state st;

		sha256_init(&st);
		sha256_update(&st, block, SHA256_BLOCK_SIZE);
		memcpy(out, st.state, sizeof(st.state));
		memzero_explicit(&st, sizeof(st));
	} else {
		SHASH_DESC_ON_STACK(desc, mip4ha_md5);
		struct md5_state st;

		desc->tfm = mip4ha_md5;
		err = crypto_shash_init(desc) ?:
		      crypto_shash_update(desc, block, MD5_HMAC_BLOCK_SIZE) ?:
		      crypto_shash_export(desc, &st);
		if (!err)
			memcpy(out, st.hash, sizeof(st.hash));
		shash_desc_zero(desc);
		memzero_explicit(&st, sizeof(st));
	}
	return err;
}

/* RFC 2104: the chaining values after (key ^ ipad) and (key ^ opad). A key
 * is at most MIP4HA_SECRET_MAX, the block size, so it is never hashed first.
 */
static int mip4ha_sa_hmac_prepare(u8 algorithm, const u8 *secret,
				  unsigned int secret_len, u8 *states)
{
	unsigned int state_len = mip4ha_sa_state_len(algorithm);
	u8 pad[SHA256_BLOCK_SIZE];
	unsigned int i;
	int err;

	BUILD_BUG_ON(sizeof(pad) < MIP4HA_SECRET_MAX);
	memset(pad, 0, sizeof(pad));
	memcpy(pad, secret, secret_len);
	for (i = 0; i < sizeof(pad); i++)
		pad[i] ^= 0x36;
	err = mip4ha_sa_chain(algorithm, pad, states);
	for (i = 0; i < sizeof(pad); i++)
		pad[i] ^= 0x36 ^ 0x5c;
	err = err ?: mip4ha_sa_chain(algorithm, pad, states + state_len);
	memzero_explicit(pad, sizeof(pad));
	return err;
}

/* Allocates and fills an SA: no transform, so a rekey can do this in
 * softirq with GFP_ATOMIC.
 */
struct mip4ha_sa *mip4ha_sa_new(const struct mip4ha_sa_key *key,
				u8 algorithm, const u8 *secret,
				unsigned int secret_len, u8 replay,
				u32 replay_tolerance, gfp_t gfp)
{
	unsigned int state_len = mip4ha_sa_state_len(algorithm);
	struct mip4ha_sa *sa;
	u8 *tail;

	if (!mip4ha_sa_algorithm_valid(algorithm) || !secret_len ||
	    secret_len > MIP4HA_SECRET_MAX)
		return ERR_PTR(-EINVAL);

	sa = mip4ha_kzalloc(mip4ha_sa_tail_offset(key->id.len) +
			    2 * state_len + secret_len, gfp);
	if (!sa)
		return ERR_PTR(-ENOMEM);
	sa->key.spi = key->spi;
	mip4ha_id_copy(&sa->key.id, &key->id);
	sa->algorithm = algorithm;
	sa->replay = replay;
	sa->replay_tolerance = replay_tolerance;
	sa->secret_len = secret_len;
	tail = mip4ha_sa_tail(sa);
	memcpy(tail + 2 * state_len, secret, secret_len);
	if (state_len &&
	    mip4ha_sa_hmac_prepare(algorithm, secret, secret_len, tail)) {
		mip4ha_sa_free(sa);
		return ERR_PTR(-EINVAL);
	}
	spin_lock_init(&sa->replay_lock);
	sa->ha_nonce = get_random_u32();
	return sa;
}

struct mip4ha_sa *mip4ha_sa_create(const struct mip4ha_sa_key *key,
				   u8 algorithm, const u8 *secret,
				   unsigned int secret_len, u8 replay,
				   u32 replay_tolerance)
{
	return mip4ha_sa_new(key, algorithm, secret, secret_len, replay,
			     replay_tolerance, GFP_KERNEL);
}

bool mip4ha_sa_dynamic(const struct mip4ha_sa *sa)
{
	return sa->role != MIP4HA_SA_ROLE_STATIC;
}

/* Wipes the whole object: the key and the states made from it. */
void mip4ha_sa_free(struct mip4ha_sa *sa)
{
	kfree_sensitive(sa);
}

static void mip4ha_sa_free_rcu_cb(struct rcu_head *head)
{
	mip4ha_sa_free(container_of(head, struct mip4ha_sa, rcu));
}

/* Readers may hold the SA until a grace period ends. Not kfree_rcu(): that
 * would not wipe the key. Nothing to free in process context any more.
 */
void mip4ha_sa_free_rcu(struct mip4ha_sa *sa)
{
	call_rcu(&sa->rcu, mip4ha_sa_free_rcu_cb);
}

int mip4ha_sa_table_init(struct mip4ha_net *mn)
{
	spin_lock_init(&mn->sa_lock);
	return mip4ha_rhashtable_init(&mn->sas, &mip4ha_sa_params);
}

static void mip4ha_sa_free_entry(void *ptr, void *arg)
{
	mip4ha_sa_free(ptr);
}

/* The namespace is going away: no reader is left. */
void mip4ha_sa_table_destroy(struct mip4ha_net *mn)
{
	rhashtable_free_and_destroy(&mn->sas, mip4ha_sa_free_entry, NULL);
}

int mip4ha_sa_link(struct mip4ha_net *mn, struct mip4ha_sa *sa)
{
	int err;

	lockdep_assert_held(&mn->sa_lock);
	err = rhashtable_lookup_insert_key(&mn->sas, &sa->key, &sa->node,
					   mip4ha_sa_params);
	if (!err)
		mn->sa_generation++;
	return err;
}

void mip4ha_sa_unlink(struct mip4ha_net *mn, struct mip4ha_sa *sa)
{
	lockdep_assert_held(&mn->sa_lock);
	if (!rhashtable_remove_fast(&mn->sas, &sa->node, mip4ha_sa_params)) {
		mn->sa_generation++;
		mip4ha_sa_free_rcu(sa);
	}
}

int mip4ha_sa_insert(struct mip4ha_net *mn, struct mip4ha_sa *sa)
{
	int err;

	spin_lock_bh(&mn->sa_lock);
	err = mip4ha_sa_link(mn, sa);
	spin_unlock_bh(&mn->sa_lock);
	return err;
}

struct mip4ha_sa *mip4ha_sa_lookup(struct mip4ha_net *mn,
				   const struct mip4ha_sa_key *key)
{
	return rhashtable_lookup(&mn->sas, key, mip4ha_sa_params);
}

int mip4ha_sa_delete(struct mip4ha_net *mn, const struct mip4ha_sa_key *key)
{
	struct mip4ha_sa *sa;
	int err = -ENOENT;

	spin_lock_bh(&mn->sa_lock);
	rcu_read_lock();
	sa = rhashtable_lookup(&mn->sas, key, mip4ha_sa_params);
	/* Dynamic SAs come and go in pairs: see dynkey.c. */
	if (sa && !mip4ha_sa_dynamic(sa)) {
		mip4ha_sa_unlink(mn, sa);
		err = 0;
	} else if (sa) {
		err = -EBUSY;
	}
	rcu_read_unlock();
	spin_unlock_bh(&mn->sa_lock);
	return err;
}

/* HMAC-MD5 from the SA's chaining values, on the shared transform. */
static int mip4ha_sa_hmac_md5(const u8 *states, const u8 *data, size_t len,
			      u8 *out)
{
	SHASH_DESC_ON_STACK(desc, mip4ha_md5);
	struct md5_state st = { .byte_count = MD5_HMAC_BLOCK_SIZE };
	u8 inner[MD5_DIGEST_SIZE];
	int err;

	desc->tfm = mip4ha_md5;
	memcpy(st.hash, states, sizeof(st.hash));
	err = crypto_shash_import(desc, &st) ?:
	      crypto_shash_finup(desc, data, len, inner);
	if (!err) {
		memcpy(st.hash, states + MD5_DIGEST_SIZE, sizeof(st.hash));
		err = crypto_shash_import(desc, &st) ?:
		      crypto_shash_finup(desc, inner, sizeof(inner), out);
	}
	shash_desc_zero(desc);
	memzero_explicit(&st, sizeof(st));
	memzero_explicit(inner, sizeof(inner));
	return err;
}

/* HMAC-SHA-256 from the SA's chaining values, with the library code. */
static void mip4ha_sa_hmac_sha256(const u8 *states, const u8 *data,
				  size_t len, u8 *out)
{
	struct sha256_state st = { .count = SHA256_BLOCK_SIZE };
	u8 inner[SHA256_DIGEST_SIZE];

	memcpy(st.state, states, sizeof(st.state));
	sha256_update(&st, data, len);
	sha256_final(&st, inner);
	st.count = SHA256_BLOCK_SIZE;
	memcpy(st.state, states + SHA256_DIGEST_SIZE, sizeof(st.state));
	sha256_update(&st, inner, sizeof(inner));
	sha256_final(&st, out);
	memzero_explicit(&st, sizeof(st));
	memzero_explicit(inner, sizeof(inner));
}

/* RFC 2002 §3.5.1: MD5(key || data || key). */
static int mip4ha_sa_keyed_md5(const u8 *secret, unsigned int secret_len,
			       const u8 *data, size_t len, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, mip4ha_md5);
	int err;

	desc->tfm = mip4ha_md5;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, secret, secret_len) ?:
	      crypto_shash_update(desc, data, len) ?:
	      crypto_shash_finup(desc, secret, secret_len, out);
	shash_desc_zero(desc);
	return err;
}

/* RFC 5944 §3.5.1 for HMAC; RFC 2002 §3.5.1 for keyed MD5. Allocates
 * nothing; the on-stack states are wiped.
 */
int mip4ha_sa_mac(const struct mip4ha_sa *sa, const u8 *data, size_t len,
		  u8 *out)
{
	switch (sa->algorithm) {
	case MIP4_ALG_HMAC_MD5:
		return mip4ha_sa_hmac_md5(mip4ha_sa_states(sa), data, len, out);
	case MIP4_ALG_HMAC_SHA256:
		mip4ha_sa_hmac_sha256(mip4ha_sa_states(sa), data, len, out);
		return 0;
	case MIP4_ALG_KEYED_MD5:
		return mip4ha_sa_keyed_md5(mip4ha_sa_secret(sa),
					   sa->secret_len, data, len, out);
	}
	return -EINVAL;
}

u32 mip4ha_ntp_seconds(void)
{
	return (u32)(ktime_get_real_seconds() + MIP4_NTP_UNIX_OFFSET);
}

/* RFC 5944 §5.7. Timestamps: within the tolerance of our clock and greater
 * than every accepted one; a mismatch answers with our time. Nonces: the
 * high half must be the nonce we gave last; every answer carries a new one.
 */
enum mip4ha_replay_verdict mip4ha_sa_check_replay(struct mip4ha_sa *sa,
						  u64 id, u32 tolerance,
						  u64 *reply_id)
{
	u32 low = lower_32_bits(id), high = upper_32_bits(id);
	enum mip4ha_replay_verdict verdict = MIP4HA_REPLAY_OK;

	if (sa->replay_tolerance)
		tolerance = sa->replay_tolerance;

	spin_lock_bh(&sa->replay_lock);
	if (sa->replay == MIP4_REPLAY_NONCE) {
		if (high != sa->ha_nonce)
			verdict = MIP4HA_REPLAY_MISMATCH;
		else
			sa->last_id = id;
		sa->ha_nonce = get_random_u32();
		*reply_id = (u64)sa->ha_nonce << 32 | low;
	} else {
		u32 now = mip4ha_ntp_seconds();
		s32 skew = (s32)(high - now);

		if (skew > (s32)tolerance || skew < -(s32)tolerance ||
		    id <= sa->last_id) {
			verdict = MIP4HA_REPLAY_MISMATCH;
			*reply_id = (u64)now << 32 | low;
		} else {
			sa->last_id = id;
			*reply_id = id;
		}
	}
	spin_unlock_bh(&sa->replay_lock);
	return verdict;
}
