/* SPDX-License-Identifier: GPL-2.0 */
/* Mobility security associations: keys, algorithms, replay state. */

#ifndef _MIP4HA_SA_H
#define _MIP4HA_SA_H

#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>

#include "mip4ha.h"
#include "proto.h"

struct mip4ha_net;

enum mip4ha_id_type {
	MIP4HA_ID_ADDR = 1,	/* home address, 4 octets */
	MIP4HA_ID_NAI,
};

/* Who a mobile node is: its NAI, or its home address when it has none.
 * Only len octets of bytes exist: objects that keep an identity keep it
 * last and are allocated to its length (mip4ha_id_copy()); what needs room
 * for any identity (a key being looked up, a copy) uses struct
 * mip4ha_id_buf or struct mip4ha_sa_key_buf.
 */
struct mip4ha_id {
	u8 type;
	u8 len;
	u8 bytes[];
};

struct mip4ha_id_buf {
	union {
		struct mip4ha_id id;
		u8 room[sizeof(struct mip4ha_id) + MIP4_NAI_MAX];
	};
};

struct mip4ha_sa_key {
	u32 spi;
	struct mip4ha_id id;		/* last */
};

struct mip4ha_sa_key_buf {
	union {
		struct mip4ha_sa_key key;
		u8 room[sizeof(struct mip4ha_sa_key) + MIP4_NAI_MAX];
	};
};

/* A security association. No crypto transform of its own: an HMAC SA keeps
 * the chaining values after the key's inner and outer pad blocks, so that a
 * MAC starts from them on the module's shared MD5 transform or on the
 * kernel's SHA-256 library code (sa.c). What an SA needs beyond the fixed
 * part lies behind its identity, allocated to the length needed: the inner
 * and outer chaining values (none for keyed MD5) and then the secret, kept
 * for keyed MD5 and for sa show's secrets. Never copy an SA whole.
 */
struct mip4ha_sa {
	struct rhash_head node;
	u8 algorithm;
	u8 replay;
	u8 secret_len;
	u8 role;			/* MIP4HA_SA_ROLE_* (mip4ha.h) */
	u32 replay_tolerance;		/* 0: the Home Agent's */
	unsigned long key_expires;	/* jiffies; dynamic SAs only */

	spinlock_t replay_lock;		/* protects the two fields below */
	u32 ha_nonce;			/* nonce replay: expected high 32 bits */
	u64 last_id;			/* last accepted Identification */

	struct rcu_head rcu;		/* the free after a grace period */

	/* Allocated only up to the identity's length (an NAI may take 255
	 * octets, a home address takes 4), then the states and the secret
	 * (mip4ha_sa_secret()).
	 */
	struct mip4ha_sa_key key;
};

#define MIP4HA_SECRET_MAX	64

void mip4ha_id_from_addr(struct mip4ha_id *id, __be32 addr);
u32 mip4ha_id_hash(const struct mip4ha_id *id, u32 seed);
bool mip4ha_id_equal(const struct mip4ha_id *a, const struct mip4ha_id *b);
/* Copies @src's type, length and own bytes: @dst may be allocated only up
 * to offsetof(..., bytes) + @src->len.
 */
void mip4ha_id_copy(struct mip4ha_id *dst, const struct mip4ha_id *src);
/* Need room for MIP4_NAI_MAX octets in @id (a struct mip4ha_id_buf's). */
struct rhashtable_compare_arg;
u32 mip4ha_id_rht_hashfn(const void *data, u32 len, u32 seed);
int mip4ha_id_rht_cmpfn(struct rhashtable_compare_arg *arg, const void *obj);
int mip4ha_id_from_nai(struct mip4ha_id *id, const u8 *nai, unsigned int len);

int mip4ha_sa_table_init(struct mip4ha_net *mn);
void mip4ha_sa_table_destroy(struct mip4ha_net *mn);

int mip4ha_sa_crypto_init(void);
void mip4ha_sa_crypto_exit(void);
/* Does not sleep with GFP_ATOMIC: a rekey builds an SA in softirq. */
struct mip4ha_sa *mip4ha_sa_new(const struct mip4ha_sa_key *key,
				u8 algorithm, const u8 *secret,
				unsigned int secret_len, u8 replay,
				u32 replay_tolerance, gfp_t gfp);
struct mip4ha_sa *mip4ha_sa_create(const struct mip4ha_sa_key *key,
				   u8 algorithm, const u8 *secret,
				   unsigned int secret_len, u8 replay,
				   u32 replay_tolerance);
const u8 *mip4ha_sa_secret(const struct mip4ha_sa *sa);
void mip4ha_sa_free(struct mip4ha_sa *sa);
void mip4ha_sa_free_rcu(struct mip4ha_sa *sa);
bool mip4ha_sa_dynamic(const struct mip4ha_sa *sa);
/* Under sa_lock. */
void mip4ha_sa_unlink(struct mip4ha_net *mn, struct mip4ha_sa *sa);
int mip4ha_sa_link(struct mip4ha_net *mn, struct mip4ha_sa *sa);
int mip4ha_sa_insert(struct mip4ha_net *mn, struct mip4ha_sa *sa);
int mip4ha_sa_delete(struct mip4ha_net *mn, const struct mip4ha_sa_key *key);
struct mip4ha_sa *mip4ha_sa_lookup(struct mip4ha_net *mn,
				   const struct mip4ha_sa_key *key);

int mip4ha_sa_mac(const struct mip4ha_sa *sa, const u8 *data, size_t len,
		  u8 *out);

enum mip4ha_replay_verdict {
	MIP4HA_REPLAY_OK,
	MIP4HA_REPLAY_MISMATCH,
};

/* Checks the Identification of an authenticated request and, when it is
 * fresh, records it. @reply_id receives the Identification for the reply.
 */
enum mip4ha_replay_verdict mip4ha_sa_check_replay(struct mip4ha_sa *sa,
						  u64 id, u32 tolerance,
						  u64 *reply_id);

/* The clock in the high half of a timestamp Identification (NTP seconds). */
u32 mip4ha_ntp_seconds(void);

extern const struct rhashtable_params mip4ha_sa_params;

#endif /* _MIP4HA_SA_H */
