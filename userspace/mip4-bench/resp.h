/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace responder's core (mip4-responder, a measuring instrument,
 * not a Home Agent): what kmod/receive.c and kmod/registration.c do per
 * request authenticated by a static key, done on bytes: parse
 * (proto.c), SA lookup, MHAE check (HMAC-MD5 from precomputed inner and
 * outer MD5 states, as the kernel's SA transform does), replay check
 * (timestamps), the checks of RFC 5944 §3.8.2, lifetime capping, the
 * binding table entry added or refreshed, the reply built (proto.c) and
 * signed. No tunnel, no route, no notification: the kernel's binding
 * update installs a tunnel route for a new binding, the responder only
 * updates its table entry.
 */

#ifndef MIP4_RESP_H
#define MIP4_RESP_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <nettle/md5.h>

#include "proto.h"

struct resp_cfg {
	__be32 address;			/* the Home Agent's */
	__be32 prefix;
	u8 prefix_len;
	u16 max_lifetime;
	u32 tolerance;			/* seconds of replay tolerance */
	u32 vendor_id;
};

struct resp_sa {
	struct resp_sa *next;
	__be32 home_addr;		/* the key: the NAI when nai_len */
	u8 nai_len;
	u8 nai[MIP4_NAI_MAX];
	u32 spi;
	u8 algorithm;
	u8 key[MIP4_AUTH_MAX];
	u8 key_len;
	struct md5_ctx inner, outer;	/* HMAC-MD5: after the padded key */
	pthread_spinlock_t replay_lock;
	u64 last_id;
};

struct resp_binding {
	struct resp_binding *next;	/* published with release */
	__be32 home_addr;
	pthread_spinlock_t lock;	/* the fields below */
	__be32 coa, src;
	__be16 sport;
	u16 lifetime;
	u64 id;
	u64 expires_ns;			/* 0: deregistered */
};

struct resp_stats {
	u64 rx, accepted, denied, discarded, tx, tx_errors;
};

struct resp {
	struct resp_cfg cfg;
	struct resp_sa **sas;		/* chained, read-only once serving */
	u32 sa_mask;
	struct resp_binding **bindings;	/* chained; added under bindings_lock */
	u32 binding_mask;
	pthread_mutex_t bindings_lock;
	u64 n_sas, n_bindings;
};

/* Tables sized for about @nodes entries. Returns 0 or -ENOMEM. */
int resp_init(struct resp *r, const struct resp_cfg *cfg, u32 nodes);
void resp_free(struct resp *r);

/* A static SA keyed by @home_addr, or by the NAI when @nai_len. Returns 0,
 * -EEXIST or -EINVAL (algorithm, key length).
 */
int resp_sa_add(struct resp *r, __be32 home_addr, const u8 *nai, u8 nai_len,
		u32 spi, u8 algorithm, const u8 *key, size_t key_len);

/* The MAC of @sa over @data into @out (mip4_auth_len() octets). */
void resp_sa_mac(const struct resp_sa *sa, const u8 *data, size_t len,
		 u8 *out);

/* Where the request came from and what time it is. */
struct resp_ctx {
	__be32 saddr, daddr;
	__be16 sport;
	u32 ntp_seconds;		/* the realtime clock, NTP era */
	u64 now_ns;			/* for binding expiry */
};

/* Answers the request @req (@len octets): the reply in @out (@size
 * octets, at least MIP4_MSG_MAX) and its length, or 0 when the request is
 * discarded (as the kernel does: unparsable, no MHAE, no SA, an FHAE,
 * something for the key daemon).
 */
int resp_handle(struct resp *r, const u8 *req, size_t len,
		const struct resp_ctx *ctx, u8 *out, size_t size,
		struct resp_stats *st);

/* The binding of @home_addr, or NULL. */
const struct resp_binding *resp_binding_find(const struct resp *r,
					     __be32 home_addr);

#endif /* MIP4_RESP_H */
