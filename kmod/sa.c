// SPDX-License-Identifier: GPL-2.0
/* Mobility security associations: table, MAC computation, replay protection. */

#include <crypto/algapi.h>
#include <crypto/hash.h>
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

static const char *mip4ha_sa_crypto_name(u8 algorithm)
{
	switch (algorithm) {
	case MIP4_ALG_HMAC_MD5:
		return "hmac(md5)";
	case MIP4_ALG_HMAC_SHA256:
		return "hmac(sha256)";
	case MIP4_ALG_KEYED_MD5:
		return "md5";
	}
	return NULL;
}

/* Allocates the crypto transform: at install time, never per packet. */
struct crypto_shash *mip4ha_sa_alloc_tfm(u8 algorithm)
{
	const char *name = mip4ha_sa_crypto_name(algorithm);

	if (!name)
		return ERR_PTR(-EINVAL);
	return mip4ha_crypto_alloc_shash(name);
}

/* Builds an SA around a transform the caller allocated (and still owns
 * when this fails). Setting an HMAC key does not sleep, so a rekey can do
 * this in softirq with a transform allocated beforehand.
 */
struct mip4ha_sa *mip4ha_sa_new(const struct mip4ha_sa_key *key,
				u8 algorithm, const u8 *secret,
				unsigned int secret_len, u8 replay,
				u32 replay_tolerance,
				struct crypto_shash *tfm, gfp_t gfp)
{
	struct mip4ha_sa *sa;

	if (!mip4ha_sa_crypto_name(algorithm) || !secret_len ||
	    secret_len > MIP4HA_SECRET_MAX)
		return ERR_PTR(-EINVAL);
	if (algorithm != MIP4_ALG_KEYED_MD5 &&
	    crypto_shash_setkey(tfm, secret, secret_len))
		return ERR_PTR(-EINVAL);

	sa = mip4ha_kzalloc(offsetof(struct mip4ha_sa, key.id.bytes) +
			    key->id.len, gfp);
	if (!sa)
		return ERR_PTR(-ENOMEM);
	sa->tfm = tfm;
	sa->key.spi = key->spi;
	mip4ha_id_copy(&sa->key.id, &key->id);
	sa->algorithm = algorithm;
	sa->replay = replay;
	sa->replay_tolerance = replay_tolerance;
	sa->secret_len = secret_len;
	memcpy(sa->secret, secret, secret_len);
	spin_lock_init(&sa->replay_lock);
	sa->ha_nonce = get_random_u32();
	return sa;
}

struct mip4ha_sa *mip4ha_sa_create(const struct mip4ha_sa_key *key,
				   u8 algorithm, const u8 *secret,
				   unsigned int secret_len, u8 replay,
				   u32 replay_tolerance)
{
	struct crypto_shash *tfm;
	struct mip4ha_sa *sa;

	tfm = mip4ha_sa_alloc_tfm(algorithm);
	if (IS_ERR(tfm))
		return ERR_CAST(tfm);
	sa = mip4ha_sa_new(key, algorithm, secret, secret_len, replay,
			   replay_tolerance, tfm, GFP_KERNEL);
	if (IS_ERR(sa))
		crypto_free_shash(tfm);
	return sa;
}

bool mip4ha_sa_dynamic(const struct mip4ha_sa *sa)
{
	return sa->role != MIP4HA_SA_ROLE_STATIC;
}

/* Wipes the key; the transform wipes its own copy when freed. */
void mip4ha_sa_free(struct mip4ha_sa *sa)
{
	crypto_free_shash(sa->tfm);
	memzero_explicit(sa->secret, sizeof(sa->secret));
	kfree(sa);
}

static void mip4ha_sa_free_work(struct work_struct *work)
{
	mip4ha_sa_free(container_of(to_rcu_work(work), struct mip4ha_sa,
				    free_work));
}

/* Readers may hold the SA until a grace period ends; the transform is freed
 * from a workqueue after it.
 */
void mip4ha_sa_free_rcu(struct mip4ha_sa *sa)
{
	INIT_RCU_WORK(&sa->free_work, mip4ha_sa_free_work);
	queue_rcu_work(mip4ha_wq, &sa->free_work);
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

/* RFC 5944 §3.5.1 for HMAC; RFC 2002 §3.5.1 MD5(key || data || key). */
int mip4ha_sa_mac(const struct mip4ha_sa *sa, const u8 *data, size_t len,
		  u8 *out)
{
	SHASH_DESC_ON_STACK(desc, sa->tfm);
	int err;

	desc->tfm = sa->tfm;
	if (sa->algorithm != MIP4_ALG_KEYED_MD5) {
		err = crypto_shash_digest(desc, data, len, out);
	} else {
		err = crypto_shash_init(desc) ?:
		      crypto_shash_update(desc, sa->secret, sa->secret_len) ?:
		      crypto_shash_update(desc, data, len) ?:
		      crypto_shash_finup(desc, sa->secret, sa->secret_len, out);
	}
	shash_desc_zero(desc);
	return err;
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
