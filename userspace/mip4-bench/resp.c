// SPDX-License-Identifier: GPL-2.0
/* The userspace responder's core: see resp.h. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mac.h"
#include "resp.h"

static u32 hash_addr(__be32 a)
{
	return (u32)(((u64)ntohl(a) * 0x9e3779b97f4a7c15ull) >> 32);
}

/* FNV-1a over the NAI and the SPI, or the address and the SPI. */
static u32 sa_hash(__be32 home_addr, const u8 *nai, u8 nai_len, u32 spi)
{
	u32 h = 2166136261u;
	u8 i;

	if (!nai_len)
		return hash_addr(home_addr) ^ hash_addr(htonl(spi));
	for (i = 0; i < nai_len; i++)
		h = (h ^ nai[i]) * 16777619u;
	return h ^ hash_addr(htonl(spi));
}

static u32 table_size(u32 n)
{
	u32 s = 64;

	while (s < 2 * n && s < (1u << 30))
		s <<= 1;
	return s;
}

int resp_init(struct resp *r, const struct resp_cfg *cfg, u32 nodes)
{
	u32 s = table_size(nodes);

	memset(r, 0, sizeof(*r));
	r->cfg = *cfg;
	r->sas = calloc(s, sizeof(*r->sas));
	r->bindings = calloc(s, sizeof(*r->bindings));
	if (!r->sas || !r->bindings) {
		free(r->sas);
		free(r->bindings);
		return -ENOMEM;
	}
	r->sa_mask = s - 1;
	r->binding_mask = s - 1;
	pthread_mutex_init(&r->bindings_lock, NULL);
	return 0;
}

void resp_free(struct resp *r)
{
	struct resp_sa *sa, *ns;
	struct resp_binding *b, *nb;
	u32 i;

	for (i = 0; i <= r->sa_mask && r->sas; i++)
		for (sa = r->sas[i]; sa; sa = ns) {
			ns = sa->next;
			pthread_spin_destroy(&sa->replay_lock);
			free(sa);
		}
	for (i = 0; i <= r->binding_mask && r->bindings; i++)
		for (b = r->bindings[i]; b; b = nb) {
			nb = b->next;
			pthread_spin_destroy(&b->lock);
			free(b);
		}
	free(r->sas);
	free(r->bindings);
	pthread_mutex_destroy(&r->bindings_lock);
}

static struct resp_sa *sa_lookup(const struct resp *r, __be32 home_addr,
				 const u8 *nai, u8 nai_len, u32 spi)
{
	struct resp_sa *sa;

	sa = r->sas[sa_hash(home_addr, nai, nai_len, spi) & r->sa_mask];
	for (; sa; sa = sa->next) {
		if (sa->spi != spi || sa->nai_len != nai_len)
			continue;
		if (nai_len ? !memcmp(sa->nai, nai, nai_len) :
			      sa->home_addr == home_addr)
			return sa;
	}
	return NULL;
}

/* HMAC-MD5's inner and outer states after the padded key (RFC 2104). */
static void hmac_md5_precompute(struct resp_sa *sa)
{
	u8 k[MD5_BLOCK_SIZE] = { 0 }, pad[MD5_BLOCK_SIZE];
	unsigned int i;

	memcpy(k, sa->key, sa->key_len);	/* at most 32 < 64 */
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	md5_init(&sa->inner);
	md5_update(&sa->inner, sizeof(pad), pad);
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	md5_init(&sa->outer);
	md5_update(&sa->outer, sizeof(pad), pad);
	memset(k, 0, sizeof(k));
	memset(pad, 0, sizeof(pad));
}

int resp_sa_add(struct resp *r, __be32 home_addr, const u8 *nai, u8 nai_len,
		u32 spi, u8 algorithm, const u8 *key, size_t key_len)
{
	struct resp_sa *sa;
	u32 h;

	if (!mip4_auth_len(algorithm) || !key_len || key_len > MIP4_AUTH_MAX)
		return -EINVAL;
	if (sa_lookup(r, home_addr, nai, nai_len, spi))
		return -EEXIST;
	sa = calloc(1, sizeof(*sa));
	if (!sa)
		return -ENOMEM;
	sa->home_addr = nai_len ? 0 : home_addr;
	sa->nai_len = nai_len;
	if (nai_len)
		memcpy(sa->nai, nai, nai_len);
	sa->spi = spi;
	sa->algorithm = algorithm;
	memcpy(sa->key, key, key_len);
	sa->key_len = (u8)key_len;
	if (algorithm == MIP4_ALG_HMAC_MD5)
		hmac_md5_precompute(sa);
	pthread_spin_init(&sa->replay_lock, PTHREAD_PROCESS_PRIVATE);
	h = sa_hash(home_addr, nai, nai_len, spi) & r->sa_mask;
	sa->next = r->sas[h];
	r->sas[h] = sa;
	r->n_sas++;
	return 0;
}

void resp_sa_mac(const struct resp_sa *sa, const u8 *data, size_t len,
		 u8 *out)
{
	struct md5_ctx c;
	u8 d[MD5_DIGEST_SIZE];

	if (sa->algorithm != MIP4_ALG_HMAC_MD5) {
		/* HMAC-SHA-256, keyed MD5: nettle from the key each time. */
		mip4_mac(sa->algorithm, sa->key, sa->key_len, data, len, out);
		return;
	}
	c = sa->inner;
	md5_update(&c, len, data);
	md5_digest(&c, sizeof(d), d);
	c = sa->outer;
	md5_update(&c, sizeof(d), d);
	md5_digest(&c, MD5_DIGEST_SIZE, out);
}

static bool memneq(const u8 *a, const u8 *b, size_t n)
{
	u8 x = 0;
	size_t i;

	for (i = 0; i < n; i++)
		x |= a[i] ^ b[i];
	return x;
}

static bool authentic(const struct resp_sa *sa, const u8 *buf,
		      const struct mip4_msg *msg)
{
	u8 expected[MIP4_AUTH_MAX];

	if (msg->auth_len != mip4_auth_len(sa->algorithm))
		return false;
	resp_sa_mac(sa, buf, mip4_auth_data_len(sa->algorithm,
						msg->mhae_offset), expected);
	return !memneq(expected, msg->authenticator, msg->auth_len);
}

/* Timestamps (RFC 5944 §5.7.1), as mip4ha_sa_check_replay(). */
static bool replay_ok(struct resp_sa *sa, u64 id, u32 tolerance, u32 now,
		      u64 *reply_id)
{
	int32_t skew = (int32_t)((u32)(id >> 32) - now);
	bool ok;

	pthread_spin_lock(&sa->replay_lock);
	ok = skew <= (int32_t)tolerance && skew >= -(int32_t)tolerance &&
	     id > sa->last_id;
	if (ok)
		sa->last_id = id;
	pthread_spin_unlock(&sa->replay_lock);
	*reply_id = ok ? id : (u64)now << 32 | (u32)id;
	return ok;
}

const struct resp_binding *resp_binding_find(const struct resp *r,
					     __be32 home_addr)
{
	struct resp_binding *b;

	b = __atomic_load_n(&r->bindings[hash_addr(home_addr) &
					 r->binding_mask], __ATOMIC_ACQUIRE);
	for (; b; b = __atomic_load_n(&b->next, __ATOMIC_ACQUIRE))
		if (b->home_addr == home_addr)
			return b;
	return NULL;
}

static void binding_set(struct resp_binding *b, const struct mip4_msg *msg,
			const struct resp_ctx *ctx, u16 lifetime)
{
	b->coa = msg->coa;
	b->src = ctx->saddr;
	b->sport = ctx->sport;
	b->lifetime = lifetime;
	b->id = msg->id;
	b->expires_ns = lifetime ? ctx->now_ns + lifetime * 1000000000ull : 0;
}

/* The binding entry added or refreshed: the entry's own lock for a
 * refresh, the table's to add one (as the kernel since e75ec67+1).
 */
static u8 binding_update(struct resp *r, const struct mip4_msg *msg,
			 const struct resp_ctx *ctx, u16 lifetime)
{
	struct resp_binding *b, **head;

	b = (struct resp_binding *)resp_binding_find(r, msg->home_addr);
	if (b) {
		pthread_spin_lock(&b->lock);
		binding_set(b, msg, ctx, lifetime);
		pthread_spin_unlock(&b->lock);
		return MIP4_CODE_ACCEPTED;
	}
	if (!lifetime)
		return MIP4_CODE_ACCEPTED;	/* nothing to deregister */
	pthread_mutex_lock(&r->bindings_lock);
	b = (struct resp_binding *)resp_binding_find(r, msg->home_addr);
	if (!b) {
		b = calloc(1, sizeof(*b));
		if (!b) {
			pthread_mutex_unlock(&r->bindings_lock);
			return MIP4_CODE_NO_RESOURCES;
		}
		b->home_addr = msg->home_addr;
		pthread_spin_init(&b->lock, PTHREAD_PROCESS_PRIVATE);
		binding_set(b, msg, ctx, lifetime);
		head = &r->bindings[hash_addr(msg->home_addr) &
				    r->binding_mask];
		b->next = *head;
		__atomic_store_n(head, b, __ATOMIC_RELEASE);
		r->n_bindings++;
		pthread_mutex_unlock(&r->bindings_lock);
		return MIP4_CODE_ACCEPTED;
	}
	pthread_mutex_unlock(&r->bindings_lock);
	pthread_spin_lock(&b->lock);
	binding_set(b, msg, ctx, lifetime);
	pthread_spin_unlock(&b->lock);
	return MIP4_CODE_ACCEPTED;
}

/* mip4ha_rrq_apply(): the checks of RFC 5944 §3.8.2 in its order. */
static u8 apply(struct resp *r, const struct mip4_msg *msg,
		const struct resp_ctx *ctx, u16 *lifetime)
{
	const struct resp_cfg *cfg = &r->cfg;
	u8 code;

	*lifetime = 0;
	if (msg->deny_code)
		return msg->deny_code;
	if (msg->ha_addr != cfg->address)
		return MIP4_CODE_UNKNOWN_HA;
	code = mip4_rrq_addr_check(msg, cfg->address, cfg->prefix,
				   cfg->prefix_len);
	if (code)
		return code;
	/* Reverse tunnels: allowed, the kernel's default. */
	*lifetime = msg->lifetime < cfg->max_lifetime ? msg->lifetime :
							cfg->max_lifetime;
	return binding_update(r, msg, ctx, *lifetime);
}

int resp_handle(struct resp *r, const u8 *req, size_t len,
		const struct resp_ctx *ctx, u8 *out, size_t size,
		struct resp_stats *st)
{
	struct mip4_msg_spec spec = { .type = MIP4_TYPE_RRP };
	struct mip4_msg msg;
	struct resp_sa *sa;
	size_t mhae;
	u64 reply_id;
	u8 code;
	int n;

	st->rx++;
	if (mip4_msg_parse(req, len, r->cfg.vendor_id, &msg) ||
	    msg.type != MIP4_TYPE_RRQ || !msg.has_mhae || msg.to_daemon)
		goto discard;
	sa = sa_lookup(r, msg.home_addr, msg.nai, msg.nai ? msg.nai_len : 0,
		       msg.spi);
	if (!sa)
		goto discard;
	spec.id = msg.id;
	if (!authentic(sa, req, &msg)) {
		code = MIP4_CODE_AUTH_FAILED;
		goto reply;
	}
	if (msg.has_fhae)
		goto discard;
	if (!replay_ok(sa, msg.id, r->cfg.tolerance, ctx->ntp_seconds,
		       &reply_id)) {
		spec.id = reply_id;
		code = MIP4_CODE_ID_MISMATCH;
		goto reply;
	}
	spec.id = reply_id;
	code = apply(r, &msg, ctx, &spec.lifetime);
reply:
	spec.code = code;
	spec.home_addr = msg.home_addr;
	spec.ha_addr = r->cfg.address;
	spec.nai = msg.nai;
	spec.nai_len = msg.nai_len;
	spec.vendor_id = r->cfg.vendor_id;
	spec.algorithm = sa->algorithm;
	spec.spi = sa->spi;
	if (code > MIP4_CODE_ACCEPTED_NO_SIMUL) {
		spec.lifetime = 0;
		st->denied++;
	} else {
		st->accepted++;
	}
	n = mip4_msg_build(out, size, &spec);
	if (n < 0) {
		st->tx_errors++;
		return 0;
	}
	mhae = (size_t)n - mip4_auth_len(sa->algorithm) - MIP4_MHAE_HDR_LEN;
	resp_sa_mac(sa, out, mip4_auth_data_len(sa->algorithm, mhae),
		    out + mhae + MIP4_MHAE_HDR_LEN);
	return n;

discard:
	st->discarded++;
	return 0;
}
