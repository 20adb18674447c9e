/* SPDX-License-Identifier: GPL-2.0 */
/* AAA-derived session keys of one mobile node: Skey and Skey' (protocol.md). */

#ifndef _MIP4HA_DYNKEY_H
#define _MIP4HA_DYNKEY_H

#include <linux/rhashtable-types.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "sa.h"

struct mip4ha_net;

/* The pair of dynamic SAs of one NAI and what a rekey needs. */
struct mip4ha_dynkey {
	struct rhash_head node;		/* keyed by nai */
	struct mip4ha_id_buf nai;
	u32 spi_s;
	u32 spi_d;
	u8 algorithm;
	u8 replay;
	bool dead;			/* unlinked; under sa_lock */
	unsigned long key_expires;	/* jiffies */
	struct timer_list timer;	/* key lifetime */
	struct crypto_shash *kdf_tfm;	/* HMAC-SHA-256 keyed with Skey */
	struct mip4ha_net *mn;
	struct rcu_work free_work;
	/* Between prepare and commit: the SAs to install. */
	struct mip4ha_sa *new_skey_sa;
	struct mip4ha_sa *new_skey_prime_sa;
	/* The user's NAI of a multiple authentication (protocol.md §9.5):
	 * allocated only when there is one.
	 */
	u8 *user_nai;
	u8 user_nai_len;
};

/* What keygen-answer installs. */
struct mip4ha_dynkey_params {
	const struct mip4ha_id *nai;
	u8 algorithm;
	u8 replay;
	u32 spi_s;
	u32 spi_d;
	const u8 *skey;
	const u8 *skey_prime;
	unsigned int key_len;
	u32 key_lifetime;
	u64 id;				/* Identification of the initial RRQ */
	const u8 *user_nai;		/* NULL: none */
	u8 user_nai_len;
};

int mip4ha_dynkey_table_init(struct mip4ha_net *mn);
void mip4ha_dynkey_table_destroy(struct mip4ha_net *mn);

struct mip4ha_dynkey *mip4ha_dynkey_prepare(struct mip4ha_net *mn,
					    const struct mip4ha_dynkey_params *p);
void mip4ha_dynkey_abort(struct mip4ha_dynkey *dk);
int mip4ha_dynkey_commit(struct mip4ha_net *mn, struct mip4ha_dynkey *dk);
/* sa-set: 0, -ENOENT (no such SA) or -EINVAL (a static one). */
int mip4ha_dynkey_set_lifetime(struct mip4ha_net *mn,
			       const struct mip4ha_sa_key *key, u32 seconds);

/* REKEY_REQ (§4.3), from softirq: returns 0 and the seconds of key lifetime
 * left, or a reply code.
 */
u8 mip4ha_dynkey_rekey(struct mip4ha_net *mn, const struct mip4ha_sa *skey_sa,
		       u64 id, u32 new_spi_d, u32 *remaining);
void mip4ha_dynkey_delete(struct mip4ha_net *mn, const struct mip4ha_id *nai,
			  u8 reason);
void mip4ha_dynkey_flush(struct mip4ha_net *mn);
u32 mip4ha_dynkey_remaining(const struct mip4ha_sa *sa);
/* Under rcu_read_lock: the user's NAI kept with the dynamic keys of @nai
 * (a multiple authentication made them), or NULL; valid until
 * rcu_read_unlock.
 */
const u8 *mip4ha_dynkey_user_nai(struct mip4ha_net *mn,
				 const struct mip4ha_id *nai, u8 *len);

#endif /* _MIP4HA_DYNKEY_H */
