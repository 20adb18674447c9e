// SPDX-License-Identifier: GPL-2.0
/* AAA-derived keys: install, rekey in softirq, key lifetime, deletion. */

#include <asm/unaligned.h>
#include <crypto/hash.h>
#include <linux/jhash.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "binding.h"
#include "dynkey.h"
#include "fault.h"
#include "ha.h"
#include "netlink.h"

static const struct rhashtable_params mip4ha_dynkey_params = {
	.head_offset = offsetof(struct mip4ha_dynkey, node),
	.key_offset = offsetof(struct mip4ha_dynkey, nai),
	.key_len = sizeof(struct mip4ha_id),
	.hashfn = mip4ha_id_rht_hashfn,
	.obj_cmpfn = mip4ha_id_rht_cmpfn,
	.automatic_shrinking = true,
};

static void mip4ha_dynkey_destroy(struct mip4ha_dynkey *dk)
{
	del_timer_sync(&dk->timer);
	crypto_free_shash(dk->kdf_tfm);
	if (dk->new_skey_sa)
		mip4ha_sa_free(dk->new_skey_sa);
	if (dk->new_skey_prime_sa)
		mip4ha_sa_free(dk->new_skey_prime_sa);
	kfree(dk->user_nai);
	kfree(dk);
}

static void mip4ha_dynkey_free_work(struct work_struct *work)
{
	mip4ha_dynkey_destroy(container_of(to_rcu_work(work),
					   struct mip4ha_dynkey, free_work));
}

static struct mip4ha_sa *mip4ha_dynkey_sa(struct mip4ha_net *mn,
					  const struct mip4ha_id *nai, u32 spi)
{
	struct mip4ha_sa_key_buf key;

	key.key.spi = spi;
	mip4ha_id_copy(&key.key.id, nai);
	return mip4ha_sa_lookup(mn, &key.key);
}

/* Under sa_lock and rcu_read_lock (it looks the SAs up): both SAs go, the
 * rest after a grace period.
 */
static void mip4ha_dynkey_unlink(struct mip4ha_net *mn,
				 struct mip4ha_dynkey *dk, u8 reason)
{
	u32 spis[] = { dk->spi_s, dk->spi_d };
	struct mip4ha_sa *sa;
	int i;

	lockdep_assert_held(&mn->sa_lock);

	dk->dead = true;
	/* The notifications still find the pair (its user's NAI). */
	for (i = 0; i < ARRAY_SIZE(spis); i++) {
		sa = mip4ha_dynkey_sa(mn, &dk->nai.id, spis[i]);
		if (sa && mip4ha_sa_dynamic(sa)) {
			mip4ha_nl_sa_notify(mn, sa, MIP4HA_SA_EVENT_DELETE,
					    reason);
			mip4ha_sa_unlink(mn, sa);
		}
	}
	rhashtable_remove_fast(&mn->dynkeys, &dk->node, mip4ha_dynkey_params);
	del_timer(&dk->timer);
	INIT_RCU_WORK(&dk->free_work, mip4ha_dynkey_free_work);
	queue_rcu_work(mip4ha_wq, &dk->free_work);
}

static void mip4ha_dynkey_expire(struct timer_list *timer)
{
	struct mip4ha_dynkey *dk = from_timer(dk, timer, timer);
	struct mip4ha_net *mn = dk->mn;
	struct mip4ha_id_buf nai;
	bool expired = false;

	spin_lock_bh(&mn->sa_lock);
	/* The unlink looks the SAs up: an RCU reader, as every caller. */
	rcu_read_lock();
	if (dk->dead) {
		/* Gone already. */
	} else if (time_before(jiffies, dk->key_expires)) {
		/* The timer wheel fires a timeout longer than its range
		 * (about 48 days at HZ=250) early: wait for the rest.
		 */
		mod_timer(&dk->timer, dk->key_expires);
	} else {
		mip4ha_id_copy(&nai.id, &dk->nai.id);
		mip4ha_dynkey_unlink(mn, dk, MIP4HA_SA_REASON_KEY_EXPIRY);
		expired = true;
	}
	rcu_read_unlock();
	spin_unlock_bh(&mn->sa_lock);

	/* Bindings never outlive their keys. */
	if (expired)
		mip4ha_binding_delete_owner(mn, &nai.id, 0,
					    MIP4HA_BINDING_REASON_KEY_EXPIRY);
}

static struct mip4ha_sa *
mip4ha_dynkey_new_sa(const struct mip4ha_dynkey_params *p, u32 spi,
		     const u8 *key, u8 role, unsigned long key_expires)
{
	struct mip4ha_sa_key_buf sa_key;
	struct mip4ha_sa *sa;

	sa_key.key.spi = spi;
	mip4ha_id_copy(&sa_key.key.id, p->nai);
	sa = mip4ha_sa_new(&sa_key.key, p->algorithm, key, p->key_len, p->replay,
			   0, GFP_KERNEL);
	if (IS_ERR(sa))
		return sa;
	sa->role = role;
	sa->key_expires = key_expires;
	sa->last_id = p->id;
	return sa;
}

/* Allocates everything an initial registration installs, so that the
 * commit cannot fail half way. Process context.
 */
struct mip4ha_dynkey *mip4ha_dynkey_prepare(struct mip4ha_net *mn,
					    const struct mip4ha_dynkey_params *p)
{
	unsigned long key_expires = jiffies + (unsigned long)p->key_lifetime * HZ;
	struct mip4ha_dynkey *dk;
	struct mip4ha_sa *sa;
	int err;

	if (p->key_len != mip4_auth_len(p->algorithm) ||
	    p->algorithm == MIP4_ALG_KEYED_MD5)
		return ERR_PTR(-EINVAL);

	/* A configured SA with one of these SPIs stays; refuse. */
	rcu_read_lock();
	sa = mip4ha_dynkey_sa(mn, p->nai, p->spi_s) ?:
	     mip4ha_dynkey_sa(mn, p->nai, p->spi_d);
	err = sa && !mip4ha_sa_dynamic(sa) ? -EEXIST : 0;
	rcu_read_unlock();
	if (err)
		return ERR_PTR(err);

	dk = mip4ha_kzalloc(sizeof(*dk), GFP_KERNEL);
	if (!dk)
		return ERR_PTR(-ENOMEM);
	dk->mn = mn;
	mip4ha_id_copy(&dk->nai.id, p->nai);
	dk->spi_s = p->spi_s;
	dk->spi_d = p->spi_d;
	dk->algorithm = p->algorithm;
	dk->replay = p->replay;
	dk->key_expires = key_expires;
	timer_setup(&dk->timer, mip4ha_dynkey_expire, 0);

	err = -ENOMEM;
	if (p->user_nai) {
		dk->user_nai = mip4ha_kmalloc(p->user_nai_len, GFP_KERNEL);
		if (!dk->user_nai)
			goto err;
		memcpy(dk->user_nai, p->user_nai, p->user_nai_len);
		dk->user_nai_len = p->user_nai_len;
	}
	dk->kdf_tfm = mip4ha_crypto_alloc_shash("hmac(sha256)");
	if (IS_ERR(dk->kdf_tfm)) {
		err = PTR_ERR(dk->kdf_tfm);
		dk->kdf_tfm = NULL;
		goto err;
	}
	err = crypto_shash_setkey(dk->kdf_tfm, p->skey, p->key_len);
	if (err)
		goto err;

	sa = mip4ha_dynkey_new_sa(p, p->spi_s, p->skey, MIP4HA_SA_ROLE_SKEY,
				  key_expires);
	if (IS_ERR(sa)) {
		err = PTR_ERR(sa);
		goto err;
	}
	dk->new_skey_sa = sa;
	sa = mip4ha_dynkey_new_sa(p, p->spi_d, p->skey_prime,
				  MIP4HA_SA_ROLE_SKEY_PRIME, key_expires);
	if (IS_ERR(sa)) {
		err = PTR_ERR(sa);
		goto err;
	}
	dk->new_skey_prime_sa = sa;
	return dk;

err:
	mip4ha_dynkey_destroy(dk);
	return ERR_PTR(err);
}

void mip4ha_dynkey_abort(struct mip4ha_dynkey *dk)
{
	mip4ha_dynkey_destroy(dk);
}

/* Replaces the node's keys with the prepared ones (§4.4: an initial
 * registration replaces existing dynamic SAs once it succeeds).
 */
int mip4ha_dynkey_commit(struct mip4ha_net *mn, struct mip4ha_dynkey *dk)
{
	struct mip4ha_sa *sa_s = dk->new_skey_sa;
	struct mip4ha_sa *sa_d = dk->new_skey_prime_sa;
	struct mip4ha_dynkey *old;
	int err;

	spin_lock_bh(&mn->sa_lock);
	rcu_read_lock();
	old = rhashtable_lookup(&mn->dynkeys, &dk->nai.id, mip4ha_dynkey_params);
	if (old)
		mip4ha_dynkey_unlink(mn, old, MIP4HA_SA_REASON_REPLACED);
	rcu_read_unlock();

	err = mip4ha_sa_link(mn, sa_s);
	if (err)
		goto unlock;
	dk->new_skey_sa = NULL;
	err = mip4ha_sa_link(mn, sa_d);
	if (err) {
		mip4ha_sa_unlink(mn, sa_s);
		goto unlock;
	}
	dk->new_skey_prime_sa = NULL;
	err = rhashtable_lookup_insert_fast(&mn->dynkeys, &dk->node,
					    mip4ha_dynkey_params);
	if (err) {
		/* Readers may have found them: free after a grace period. */
		mip4ha_sa_unlink(mn, sa_s);
		mip4ha_sa_unlink(mn, sa_d);
		goto unlock;
	}
	mod_timer(&dk->timer, dk->key_expires);
	mip4ha_nl_sa_notify(mn, sa_s, MIP4HA_SA_EVENT_ADD, 0);
	mip4ha_nl_sa_notify(mn, sa_d, MIP4HA_SA_EVENT_ADD, 0);
unlock:
	spin_unlock_bh(&mn->sa_lock);
	if (err)
		mip4ha_dynkey_destroy(dk);
	return err;
}

static int mip4ha_kdf(struct crypto_shash *tfm, const char *label,
		      const u8 *context, unsigned int context_len, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, tfm);
	static const u8 zero;
	int err;

	desc->tfm = tfm;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, label, strlen(label)) ?:
	      crypto_shash_update(desc, &zero, 1) ?:
	      crypto_shash_finup(desc, context, context_len, out);
	shash_desc_zero(desc);
	return err;
}

u32 mip4ha_dynkey_remaining(const struct mip4ha_sa *sa)
{
	/* sa-set may move it at any time (under sa_lock, not ours). */
	return mip4ha_seconds_until(READ_ONCE(sa->key_expires));
}

const u8 *mip4ha_dynkey_user_nai(struct mip4ha_net *mn,
				 const struct mip4ha_id *nai, u8 *len)
{
	struct mip4ha_dynkey *dk;

	dk = rhashtable_lookup(&mn->dynkeys, nai, mip4ha_dynkey_params);
	if (!dk || !dk->user_nai)
		return NULL;
	*len = dk->user_nai_len;
	return dk->user_nai;
}

/* sa-set: the pair of the dynamic SA @key ends @seconds from now. */
int mip4ha_dynkey_set_lifetime(struct mip4ha_net *mn,
			       const struct mip4ha_sa_key *key, u32 seconds)
{
	unsigned long expires = jiffies + (unsigned long)seconds * HZ;
	struct mip4ha_dynkey *dk;
	struct mip4ha_sa *sa;
	u32 spis[2];
	int i, err = 0;

	spin_lock_bh(&mn->sa_lock);
	rcu_read_lock();
	sa = mip4ha_sa_lookup(mn, key);
	if (!sa) {
		err = -ENOENT;
		goto out;
	}
	if (!mip4ha_sa_dynamic(sa)) {
		err = -EINVAL;
		goto out;
	}
	dk = rhashtable_lookup(&mn->dynkeys, &key->id, mip4ha_dynkey_params);
	if (!dk || dk->dead) {
		err = -ENOENT;
		goto out;
	}
	dk->key_expires = expires;
	spis[0] = dk->spi_s;
	spis[1] = dk->spi_d;
	for (i = 0; i < ARRAY_SIZE(spis); i++) {
		sa = mip4ha_dynkey_sa(mn, &dk->nai.id, spis[i]);
		if (sa && mip4ha_sa_dynamic(sa))
			WRITE_ONCE(sa->key_expires, expires);
	}
	/* Sooner or later than before: the timer follows. */
	mod_timer(&dk->timer, expires);
out:
	rcu_read_unlock();
	spin_unlock_bh(&mn->sa_lock);
	return err;
}

/* §4.3: Skey' = KDF(Skey, "mip4 skey'", Identification || SPI_D, L). */
u8 mip4ha_dynkey_rekey(struct mip4ha_net *mn, const struct mip4ha_sa *skey_sa,
		       u64 id, u32 new_spi_d, u32 *remaining)
{
	u8 digest[32], context[12];
	struct mip4ha_sa_key_buf key_buf;
	struct mip4ha_sa_key *key = &key_buf.key;
	struct mip4ha_dynkey *dk;
	struct mip4ha_sa *sa, *old;
	u8 code = MIP4_CODE_ACCEPTED;

	put_unaligned_be64(id, context);
	put_unaligned_be32(new_spi_d, context + 8);

	spin_lock_bh(&mn->sa_lock);
	rcu_read_lock();
	dk = rhashtable_lookup(&mn->dynkeys, &skey_sa->key.id,
			       mip4ha_dynkey_params);
	if (!dk || dk->dead || dk->spi_s != skey_sa->key.spi ||
	    new_spi_d == dk->spi_s) {
		code = MIP4_CODE_POORLY_FORMED;
		goto out;
	}
	key->spi = new_spi_d;
	mip4ha_id_copy(&key->id, &dk->nai.id);
	old = mip4ha_sa_lookup(mn, key);
	if (old && new_spi_d != dk->spi_d) {
		/* The new SPI_D belongs to another SA. */
		code = MIP4_CODE_POORLY_FORMED;
		goto out;
	}
	if (mip4ha_kdf(dk->kdf_tfm, MIP4_KDF_LABEL_SKEY_PRIME, context,
		       sizeof(context), digest)) {
		code = MIP4_CODE_NO_RESOURCES;
		goto out;
	}
	sa = mip4ha_sa_new(key, dk->algorithm, digest,
			   mip4_auth_len(dk->algorithm), dk->replay, 0,
			   GFP_ATOMIC);
	if (IS_ERR(sa)) {
		code = MIP4_CODE_NO_RESOURCES;
		goto out;
	}
	sa->role = MIP4HA_SA_ROLE_SKEY_PRIME;
	WRITE_ONCE(sa->key_expires, dk->key_expires);
	sa->last_id = id;

	key->spi = dk->spi_d;
	old = mip4ha_sa_lookup(mn, key);
	if (old)
		mip4ha_sa_unlink(mn, old);
	/* Cannot fail: the SPI was checked free above, under the lock. */
	WARN_ON_ONCE(mip4ha_sa_link(mn, sa));
	dk->spi_d = new_spi_d;
	mip4ha_nl_sa_notify(mn, sa, MIP4HA_SA_EVENT_REKEY, 0);
	*remaining = mip4ha_seconds_until(dk->key_expires);
out:
	rcu_read_unlock();
	spin_unlock_bh(&mn->sa_lock);
	memzero_explicit(digest, sizeof(digest));
	return code;
}

/* Keys only; the caller deals with bindings (lock order: bindings, SAs). */
void mip4ha_dynkey_delete(struct mip4ha_net *mn, const struct mip4ha_id *nai,
			  u8 reason)
{
	struct mip4ha_dynkey *dk;

	spin_lock_bh(&mn->sa_lock);
	rcu_read_lock();
	dk = rhashtable_lookup(&mn->dynkeys, nai, mip4ha_dynkey_params);
	if (dk && !dk->dead)
		mip4ha_dynkey_unlink(mn, dk, reason);
	rcu_read_unlock();
	spin_unlock_bh(&mn->sa_lock);
}

/* As mip4ha_binding_flush(): the walk's table lock never under sa_lock. */
void mip4ha_dynkey_flush(struct mip4ha_net *mn)
{
	struct rhashtable_iter iter;
	struct mip4ha_dynkey *dk;

	rhashtable_walk_enter(&mn->dynkeys, &iter);
	rhashtable_walk_start(&iter);
	while ((dk = rhashtable_walk_next(&iter))) {
		if (IS_ERR(dk))
			continue;
		spin_lock_bh(&mn->sa_lock);
		if (!dk->dead)
			mip4ha_dynkey_unlink(mn, dk, MIP4HA_SA_REASON_ADMIN);
		spin_unlock_bh(&mn->sa_lock);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

int mip4ha_dynkey_table_init(struct mip4ha_net *mn)
{
	return mip4ha_rhashtable_init(&mn->dynkeys, &mip4ha_dynkey_params);
}

/* After mip4ha_dynkey_flush(): the table is empty. */
void mip4ha_dynkey_table_destroy(struct mip4ha_net *mn)
{
	rhashtable_destroy(&mn->dynkeys);
}
