// SPDX-License-Identifier: GPL-2.0
/*
 * mip4d: the AKA serving node's decisions (protocol.md §8; no I/O). Per
 * NAI: at most one attempt, which is either waiting for the HLR (holding
 * the kernel's request) or a pending challenge (holding its AV until RRQ2,
 * a failure report or expiry). Per IMSI: the FIFO of unused AVs in the
 * order the HLR sent them, at most one SendAuthInfo outstanding, and the
 * times of the last minute's challenges (the rate limit). CK, IK and XRES
 * are wiped whenever an AV leaves, used or not.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aka.h"
#include "akad.h"
#include "mac.h"

/* Leftovers of a resync plus a batch: never more in practice. */
#define AKA_FIFO_MAX		(2 * GSUP_MAX_VECTORS)
/* Sync failures of one NAI within this long are worth a warning ... */
#define AKA_SYNC_WINDOW_MS	(3600 * 1000ull)
/* ... from this many on: a cloned USIM would cause them (RFC 3310 §5.6). */
#define AKA_SYNC_WARN		3
#define AKA_MINUTE_MS		60000ull

struct aka_av {
	struct gsup_av v;
	uint64_t got;			/* ms */
};

struct aka_imsi {
	char imsi[GSUP_IMSI_MAX + 1];
	struct aka_av fifo[AKA_FIFO_MAX];
	unsigned int head, n;
	/* The last challenges' times, for the rate limit (a ring). */
	uint64_t challenge_at[MIP4D_AKA_RATE_MAX];
	unsigned int challenge_next;
	/* The one SendAuthInfo: none, waiting for the link, or sent. */
	enum { SAI_NONE, SAI_QUEUED, SAI_SENT } sai;
	bool sai_resync;
	uint64_t sai_deadline;
	struct aka_imsi *next;
};

enum aka_state {
	NAI_IDLE,		/* only counters are kept */
	NAI_WAIT_AV,		/* RRQ1 held, SendAuthInfo for the IMSI */
	NAI_CHALLENGE,		/* pending challenge */
	NAI_WAIT_RESYNC,	/* the sync RRQ held, resync for the IMSI */
	NAI_DEVICE_OK,		/* §9: device authenticated, the user awaited */
};

struct aka_nai {
	uint8_t nai[MIP4_NAI_MAX];
	size_t nai_len;
	char nai_str[MIP4D_NAI_STR_MAX];
	enum aka_state state;
	struct aka_imsi *im;		/* not IDLE */
	/* The held request (WAIT_*). */
	uint32_t cookie;
	char coa[INET_ADDRSTRLEN];
	uint64_t started;
	uint64_t waiting_since;		/* order of the waiters of an IMSI */
	bool resync_sent;
	uint8_t auts[MIP4_AKA_AUTS_FIELD_LEN];
	/* The attempt. */
	uint8_t h[MIP4_CVSE_H_LEN];
	struct mip4_cvse_h hd;
	struct gsup_av av;		/* CHALLENGE, WAIT_RESYNC */
	uint64_t expiry;		/* ms: the challenge's (DEVICE_OK: its own) */
	unsigned int resyncs;
	/* §9: the challenge asked for the user; DEVICE_OK's K_aka, RAND. */
	bool user_required;
	uint8_t k_aka[MIP4_KDF_MAX];
	uint8_t rand[MIP4_AKA_RAND_LEN];
	/* Counters of the NAI. */
	unsigned int failures;
	unsigned int sync_failures;
	uint64_t sync_first;
	uint64_t last_used;
	struct aka_nai *next;
};

static const struct mip4d_aka_ops *ops;
static const struct mip4d_aka_conf *conf;
static struct aka_imsi *imsis;
static struct aka_nai *nais;
static unsigned int n_nais, n_busy;
static struct mip4d_aka_stats stats;

/* The last configuration's HLR and mapping, to see what a reload changed. */
static struct sockaddr_in last_hlr;
static char last_name[MIP4D_GSUP_NAME_MAX + 1];
static struct mip4d_aka_map *last_map;
static unsigned int last_map_n;
static bool configured;

static void av_wipe(struct gsup_av *av)
{
	explicit_bzero(av, sizeof(*av));
}

bool mip4d_aka_imsi(const struct mip4d_aka_conf *c, const uint8_t *nai,
		    size_t len, char imsi[GSUP_IMSI_MAX + 1])
{
	unsigned int i;

	for (i = 0; c && i < c->map_n; i++)
		if (c->map[i].nai_len == len && !memcmp(c->map[i].nai, nai, len)) {
			memcpy(imsi, c->map[i].imsi, GSUP_IMSI_MAX + 1);
			return true;
		}
	return mip4_nai_imsi(nai, len, imsi);
}

/* ---- the AV store ---- */

static struct aka_imsi *imsi_find(const char *imsi)
{
	struct aka_imsi *im;

	for (im = imsis; im; im = im->next)
		if (!strcmp(im->imsi, imsi))
			return im;
	return NULL;
}

static struct aka_imsi *imsi_get(const char *imsi)
{
	struct aka_imsi *im = imsi_find(imsi);

	if (im)
		return im;
	im = calloc(1, sizeof(*im));
	if (!im)
		return NULL;
	snprintf(im->imsi, sizeof(im->imsi), "%s", imsi);
	im->next = imsis;
	imsis = im;
	return im;
}

static struct aka_av *fifo_head(struct aka_imsi *im)
{
	return im->n ? &im->fifo[im->head] : NULL;
}

static void fifo_drop_head(struct aka_imsi *im)
{
	av_wipe(&im->fifo[im->head].v);
	im->head = (im->head + 1) % AKA_FIFO_MAX;
	im->n--;
}

static void fifo_flush(struct aka_imsi *im, const char *why)
{
	if (!im->n)
		return;
	mip4d_debug("aka: IMSI %s: %u unused AVs flushed (%s)", im->imsi,
		    im->n, why);
	while (im->n)
		fifo_drop_head(im);
	stats.avs_flushed++;
}

static void fifo_push(struct aka_imsi *im, const struct gsup_av *av,
		      uint64_t now)
{
	struct aka_av *slot;

	if (im->n == AKA_FIFO_MAX)
		fifo_drop_head(im);	/* the oldest: the likeliest stale */
	slot = &im->fifo[(im->head + im->n) % AKA_FIFO_MAX];
	slot->v = *av;
	slot->got = now;
	im->n++;
}

/* The AVs older than av_max_age, from the head (they are in order). */
static void fifo_expire(struct aka_imsi *im, uint64_t now)
{
	struct aka_av *av;

	if (!conf || !conf->av_max_age_s)
		return;
	while ((av = fifo_head(im)) &&
	       now - av->got >= (uint64_t)conf->av_max_age_s * 1000) {
		fifo_drop_head(im);
		stats.avs_expired++;
	}
}

/* True when the IMSI may have another challenge now. */
static bool rate_ok(const struct aka_imsi *im, uint64_t now)
{
	unsigned int i, n = 0;

	for (i = 0; i < MIP4D_AKA_RATE_MAX; i++)
		if (im->challenge_at[i] && now - im->challenge_at[i] < AKA_MINUTE_MS)
			n++;
	return n < conf->challenges_per_minute;
}

static void rate_count(struct aka_imsi *im, uint64_t now)
{
	im->challenge_at[im->challenge_next] = now ? now : 1;
	im->challenge_next = (im->challenge_next + 1) % MIP4D_AKA_RATE_MAX;
}

static bool imsi_in_use(const struct aka_imsi *im)
{
	const struct aka_nai *e;

	for (e = nais; e; e = e->next)
		if (e->state != NAI_IDLE && e->im == im)
			return true;
	return false;
}

/* Frees the IMSIs that hold nothing: no AV, no request, no recent rate. */
static void imsi_reap(uint64_t now)
{
	struct aka_imsi **pp = &imsis, *im;
	unsigned int i;
	bool recent;

	while ((im = *pp)) {
		recent = false;
		for (i = 0; i < MIP4D_AKA_RATE_MAX; i++)
			if (im->challenge_at[i] &&
			    now - im->challenge_at[i] < AKA_MINUTE_MS)
				recent = true;
		if (!im->n && im->sai == SAI_NONE && !recent &&
		    !imsi_in_use(im)) {
			*pp = im->next;
			explicit_bzero(im, sizeof(*im));
			free(im);
		} else {
			pp = &im->next;
		}
	}
}

/* ---- the NAIs' attempts ---- */

static struct aka_nai *nai_find(const uint8_t *nai, size_t len)
{
	struct aka_nai *e;

	for (e = nais; e; e = e->next)
		if (e->nai_len == len && !memcmp(e->nai, nai, len))
			return e;
	return NULL;
}

/* An entry for @nai; when the table is full, the oldest idle one goes. */
static struct aka_nai *nai_get(const uint8_t *nai, size_t len)
{
	struct aka_nai *e = nai_find(nai, len), **pp, **oldest = NULL;

	if (e)
		return e;
	if (n_nais >= 2 * conf->max_in_progress) {
		for (pp = &nais; *pp; pp = &(*pp)->next)
			if ((*pp)->state == NAI_IDLE &&
			    (!oldest || (*pp)->last_used < (*oldest)->last_used))
				oldest = pp;
		if (!oldest)
			return NULL;
		e = *oldest;
		*oldest = e->next;
		explicit_bzero(e, sizeof(*e));
		free(e);
		n_nais--;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	memcpy(e->nai, nai, len);
	e->nai_len = len;
	mip4d_escape(nai, len, e->nai_str, sizeof(e->nai_str));
	e->next = nais;
	nais = e;
	n_nais++;
	return e;
}

/* Ends the attempt of @e (its AV wiped); the counters stay. Not inlined:
 * GCC 12 then takes &e->av for its first member and warns about the wipe.
 */
static __attribute__((noinline)) void attempt_end(struct aka_nai *e)
{
	if (e->state != NAI_IDLE)
		n_busy--;
	e->state = NAI_IDLE;
	e->im = NULL;
	e->resyncs = 0;
	e->resync_sent = false;
	explicit_bzero(&e->av, sizeof(e->av));
	explicit_bzero(e->auts, sizeof(e->auts));
	explicit_bzero(e->k_aka, sizeof(e->k_aka));
	explicit_bzero(e->rand, sizeof(e->rand));
}

/* The AV of @e wiped (noinline: see attempt_end()). */
static __attribute__((noinline)) void av_forget(struct aka_nai *e)
{
	explicit_bzero(&e->av, sizeof(e->av));
}

static void attempt_begin(struct aka_nai *e, struct aka_imsi *im,
			  enum aka_state state)
{
	if (e->state == NAI_IDLE)
		n_busy++;
	e->state = state;
	e->im = im;
}

static void hold(struct aka_nai *e, const struct mip4d_aka_req *r)
{
	e->cookie = r->cookie;
	snprintf(e->coa, sizeof(e->coa), "%s", r->coa);
	e->started = r->now;
	e->waiting_since = r->now;
}

static void say(uint32_t cookie, uint8_t code, const struct mip4d_answer *ans,
		const char *nai, const char *coa, uint64_t started,
		const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void say(uint32_t cookie, uint8_t code, const struct mip4d_answer *ans,
		const char *nai, const char *coa, uint64_t started,
		const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	ops->answer(cookie, code, ans, nai, coa, why, started);
}

static uint16_t remaining_s(const struct aka_nai *e, uint64_t now)
{
	uint64_t left = e->expiry > now ? e->expiry - now : 0;
	uint64_t s = (left + 999) / 1000;

	return s > 0xffff ? 0xffff : (uint16_t)s;
}

/* RRP1: 131 with AKA_CHALLENGE (H echo, flags, remaining lifetime, RAND,
 * AUTN) to the request @cookie.
 */
static void send_challenge(struct aka_nai *e, uint32_t cookie, const char *coa,
			   uint64_t started, uint64_t now, const char *what)
{
	struct mip4d_answer ans;
	uint8_t *v = ans.reply_ext;
	uint16_t left = remaining_s(e, now);

	memset(&ans, 0, sizeof(ans));
	ans.reply_ext_type = MIP4_CVSE_AKA_CHALLENGE;
	ans.reply_ext_len = MIP4_AKA_CHALLENGE_LEN;
	memcpy(v, e->h, MIP4_CVSE_H_LEN);
	/* §9: the policy wants the user too (a hint that saves a trip). */
	v[MIP4_AKA_CHALLENGE_FLAGS] = e->user_required ?
				      MIP4_AKA_FLAG_USER_AUTH_REQUIRED : 0;
	v[MIP4_AKA_CHALLENGE_LIFETIME] = (uint8_t)(left >> 8);
	v[MIP4_AKA_CHALLENGE_LIFETIME + 1] = (uint8_t)left;
	memcpy(v + MIP4_AKA_CHALLENGE_RAND, e->av.rand, MIP4_AKA_RAND_LEN);
	memcpy(v + MIP4_AKA_CHALLENGE_AUTN, e->av.autn,
	       MIP4_AKA_AUTN_FIELD_LEN);
	say(cookie, MIP4_CODE_AUTH_FAILED, &ans, e->nai_str, coa, started,
	    "%s, lifetime %u s", what, left);
}

/* The first AV of @im's FIFO becomes @e's pending challenge; false when
 * there is none.
 */
static bool take_av(struct aka_nai *e, struct aka_imsi *im, uint64_t now)
{
	struct aka_av *av;

	fifo_expire(im, now);
	av = fifo_head(im);
	if (!av)
		return false;
	e->av = av->v;
	fifo_drop_head(im);
	e->expiry = now + (uint64_t)conf->challenge_lifetime_s * 1000;
	e->resyncs = 0;
	attempt_begin(e, im, NAI_CHALLENGE);
	rate_count(im, now);
	stats.challenges++;
	return true;
}

/* Sends the IMSI's next SendAuthInfo, if one is needed and none is out:
 * a resync first, else vectors for the waiters.
 */
static void imsi_kick(struct aka_imsi *im, uint64_t now)
{
	struct gsup_sai_req q;
	struct aka_nai *e, *resync = NULL;
	bool waiters = false;
	int r;

	if (im->sai == SAI_SENT)
		return;
	for (e = nais; e; e = e->next) {
		if (e->im != im)
			continue;
		if (e->state == NAI_WAIT_RESYNC && !e->resync_sent && !resync)
			resync = e;
		if (e->state == NAI_WAIT_AV)
			waiters = true;
	}
	if (!resync && (!waiters || im->n)) {
		im->sai = SAI_NONE;
		return;
	}
	memset(&q, 0, sizeof(q));
	memcpy(q.imsi, im->imsi, sizeof(q.imsi));
	q.num_vectors = (uint8_t)conf->batch;
	if (resync) {
		q.resync = true;
		memcpy(q.rand, resync->av.rand, sizeof(q.rand));
		memcpy(q.auts, resync->auts, sizeof(q.auts));
	}
	if (im->sai == SAI_NONE)
		im->sai_deadline = now + conf->hlr_timeout_ms;
	r = ops->send_sai(&q);
	explicit_bzero(&q, sizeof(q));
	if (r) {
		im->sai = SAI_QUEUED;
		return;
	}
	im->sai = SAI_SENT;
	im->sai_resync = resync;
	if (resync) {
		resync->resync_sent = true;
		stats.resyncs++;
	}
	stats.sai_sent++;
	mip4d_debug("aka: IMSI %s: SendAuthInfo, %u vectors%s", im->imsi,
		    conf->batch, resync ? ", with AUTS and RAND" : "");
}

/* Every attempt of @im waiting for the HLR ends with @code. */
static void fail_waiters(struct aka_imsi *im, uint8_t code, const char *why)
{
	struct aka_nai *e;

	for (e = nais; e; e = e->next) {
		if (e->im != im || (e->state != NAI_WAIT_AV &&
				    e->state != NAI_WAIT_RESYNC))
			continue;
		say(e->cookie, code, NULL, e->nai_str, e->coa, e->started,
		    "%s%s", why, e->state == NAI_WAIT_RESYNC ?
		    " (resync; pending challenge deleted)" : "");
		attempt_end(e);
	}
	im->sai = SAI_NONE;
}

/* ---- the requests ---- */

static void refuse(const struct mip4d_aka_req *r, const char *nai,
		   uint8_t code, const char *why)
{
	say(r->cookie, code, NULL, nai, r->coa, r->now, "%s", why);
}

/* protocol.md §8.4 "The HA on RRQ1", steps 3-6. */
static void on_start(struct aka_nai *e, struct aka_imsi *im,
		     const struct mip4d_aka_req *r)
{
	const uint8_t *h = r->msg->cvse_value;

	if (e->state == NAI_CHALLENGE && e->expiry > r->now) {
		if (!memcmp(e->h, h, MIP4_CVSE_H_LEN) && e->im == im) {
			stats.challenges_resent++;
			send_challenge(e, r->cookie, r->coa, r->now, r->now,
				       "AKA challenge re-sent (pending)");
			return;
		}
		mip4d_debug("aka %s: a new H (or IMSI): the pending challenge is discarded",
			    e->nai_str);
	}
	if (e->state == NAI_CHALLENGE || e->state == NAI_DEVICE_OK)
		attempt_end(e);
	if (n_busy >= conf->max_in_progress) {
		stats.no_room++;
		refuse(r, e->nai_str, MIP4_CODE_NO_RESOURCES,
		       "AKA: no room for another attempt in progress");
		return;
	}
	if (!rate_ok(im, r->now)) {
		stats.rate_limited++;
		refuse(r, e->nai_str, MIP4_CODE_NO_RESOURCES,
		       "AKA: challenge rate limit of the IMSI reached");
		return;
	}
	memcpy(e->h, h, MIP4_CVSE_H_LEN);
	e->hd = r->msg->h;
	e->user_required = r->policy == MIP4D_POLICY_BOTH;
	if (take_av(e, im, r->now)) {
		send_challenge(e, r->cookie, r->coa, r->now, r->now,
			       "AKA challenge");
		return;
	}
	attempt_begin(e, im, NAI_WAIT_AV);
	hold(e, r);
	imsi_kick(im, r->now);
}

/* Whether @r names @e's pending challenge: same RAND and H, in time. */
static bool names_pending(const struct aka_nai *e,
			  const struct mip4d_aka_req *r)
{
	return e->state == NAI_CHALLENGE && e->expiry > r->now &&
	       !memcmp(e->h, r->msg->cvse_value, MIP4_CVSE_H_LEN) &&
	       !memcmp(e->av.rand, r->msg->rand, MIP4_AKA_RAND_LEN);
}

static bool equal_ct(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return !d;
}

/* Hands the user's step over (the attempt is over for the core). */
static void user_hand_over(struct aka_nai *e, const struct mip4d_aka_req *r,
			   const uint8_t *k_aka, uint8_t key_len,
			   const uint8_t *rand, bool agreement)
{
	uint8_t k[MIP4_KDF_MAX], h[MIP4_CVSE_H_LEN], rnd[MIP4_AKA_RAND_LEN];
	struct mip4d_user_step u = {
		.cookie = r->cookie, .rrq = r->rrq, .len = r->len,
		.nai = e->nai_str, .coa = r->coa, .started = r->now,
		.k_aka = k, .key_len = key_len, .h = h, .rand = rnd,
		.key_lifetime = conf->key_lifetime_s, .agreement = agreement,
	};
	struct mip4d_answer ans;

	memcpy(k, k_aka, key_len);
	memcpy(h, e->h, sizeof(h));
	memcpy(rnd, rand, sizeof(rnd));
	e->failures = 0;
	attempt_end(e);		/* single use: CK, IK, XRES, K_aka wiped */
	stats.user_steps++;
	if (ops->user_step) {
		ops->user_step(&u);
	} else {
		memset(&ans, 0, sizeof(ans));
		ans.reply_key_len = key_len;
		memcpy(ans.reply_key, k, key_len);
		if (agreement) {
			ans.has_agreement_h = true;
			memcpy(ans.agreement_h, h, sizeof(h));
		}
		say(r->cookie, MIP4_CODE_AUTH_FAILED, &ans, e->nai_str, r->coa,
		    r->now, "AKA: device authenticated, no user step here");
		mip4d_answer_wipe(&ans);
	}
	explicit_bzero(k, sizeof(k));
}

/*
 * §9.2: RES and the MHAE with K_aka are right. With USER_AUTH in the
 * request, the user's step now; without, an authenticated "continue":
 * 131 with AKA_RESULT(USER_AUTH_REQUIRED, lifetime 0, RAND) and K_aka's
 * MHAE, and "device authenticated" kept for the challenge lifetime.
 */
static void user_next(struct aka_nai *e, const struct mip4d_aka_req *r,
		      const uint8_t *k_aka, uint8_t key_len)
{
	struct mip4d_answer ans;
	uint8_t *v = ans.reply_ext;

	if (r->msg->user_cvse_type == MIP4_CVSE_USER_AUTH) {
		user_hand_over(e, r, k_aka, key_len, e->av.rand, false);
		return;
	}
	memcpy(e->rand, e->av.rand, MIP4_AKA_RAND_LEN);
	av_forget(e);		/* CK, IK, XRES */
	memcpy(e->k_aka, k_aka, key_len);
	e->state = NAI_DEVICE_OK;
	e->expiry = r->now + (uint64_t)conf->challenge_lifetime_s * 1000;
	memset(&ans, 0, sizeof(ans));
	ans.reply_ext_type = MIP4_CVSE_AKA_RESULT;
	ans.reply_ext_len = MIP4_AKA_RESULT_LEN;
	memcpy(v, e->h, MIP4_CVSE_H_LEN);
	v[MIP4_AKA_RESULT_FLAGS] = MIP4_AKA_FLAG_USER_AUTH_REQUIRED;
	memcpy(v + MIP4_AKA_RESULT_RAND, e->rand, MIP4_AKA_RAND_LEN);
	ans.reply_key_len = key_len;
	memcpy(ans.reply_key, k_aka, key_len);
	stats.user_required++;
	say(r->cookie, MIP4_CODE_AUTH_FAILED, &ans, e->nai_str, r->coa, r->now,
	    "AKA: device authenticated, user authentication required, lifetime %u s",
	    conf->challenge_lifetime_s);
	mip4d_answer_wipe(&ans);
}

/* A request whose MHAE the attempt's key does not verify: someone changed
 * it on the way, or it is not the node's. The attempt ends; a security
 * exception (@why) is logged, and the outcome, "MHAE invalid" and @what,
 * answered 131.
 */
static void mhae_refused(struct aka_nai *e, const struct mip4d_aka_req *r,
			 const char *why, const char *what)
{
	stats.mhae_wrong++;
	e->failures++;
	attempt_end(e);
	mip4d_warn("aka %s coa %s: security exception: %s", e->nai_str, r->coa,
		   why);
	say(r->cookie, MIP4_CODE_AUTH_FAILED, NULL, e->nai_str, r->coa, r->now,
	    "AKA: MHAE invalid%s (%u failures)", what, e->failures);
}

/* §9.2 step 3: RRQ3, USER_AUTH alone with K_aka's MHAE under SPI_S. */
static void on_user_alone(struct aka_nai *e, const struct mip4d_aka_req *r)
{
	const struct mip4_msg *msg = r->msg;
	unsigned int key_len = mip4_auth_len(e->hd.algorithm);
	uint8_t k[MIP4_KDF_MAX], rnd[MIP4_AKA_RAND_LEN];

	if (e->state != NAI_DEVICE_OK || e->expiry <= r->now) {
		stats.stale++;
		refuse(r, e->nai_str, MIP4_CODE_AUTH_FAILED,
		       "user authentication with no device authenticated (stale or unknown)");
		return;
	}
	if (!msg->has_mhae || msg->spi != e->hd.spi_s ||
	    mip4_mhae_verify(r->rrq, r->len, msg, e->hd.algorithm, e->k_aka,
			     key_len)) {
		mhae_refused(e, r, "user authentication with an MHAE that K_aka does not verify",
			     " on the user authentication, device state deleted");
		return;
	}
	memcpy(k, e->k_aka, key_len);
	memcpy(rnd, e->rand, sizeof(rnd));
	user_hand_over(e, r, k, (uint8_t)key_len, rnd, true);
	explicit_bzero(k, sizeof(k));
}

/*
 * protocol.md §8.4 "The HA on RRQ2", steps 2-4, and for steps 6-7 Skey'
 * and the AKA_RESULT; the kernel does step 1, step 5, the install and
 * the reply.
 */
static void on_response(struct aka_nai *e, const struct mip4d_aka_req *r)
{
	const struct mip4_msg *msg = r->msg;
	struct mip4d_answer ans;
	uint8_t *v = ans.reply_ext;
	unsigned int key_len = mip4_auth_len(e->hd.algorithm);
	bool res_ok;

	if (!names_pending(e, r)) {
		stats.stale++;
		refuse(r, e->nai_str, MIP4_CODE_AUTH_FAILED,
		       "AKA response to a stale or unknown challenge");
		return;
	}
	/* Lengths first (they are not secret), then the octets in constant
	 * time.
	 */
	res_ok = msg->res_len == e->av.res_len &&
		 equal_ct(msg->res, e->av.res, e->av.res_len);
	if (!res_ok) {
		stats.res_wrong++;
		e->failures++;
		attempt_end(e);
		say(r->cookie, MIP4_CODE_AUTH_FAILED, NULL, e->nai_str, r->coa,
		    r->now, "AKA: wrong RES, pending challenge deleted (%u failures)",
		    e->failures);
		return;
	}
	memset(&ans, 0, sizeof(ans));
	if (mip4_aka_skey(e->av.ck, e->av.ik, e->nai, (uint8_t)e->nai_len,
			  e->av.rand, e->av.autn, e->h, ans.skey) ||
	    !msg->has_mhae || msg->spi != e->hd.spi_s ||
	    mip4_mhae_verify(r->rrq, r->len, msg, e->hd.algorithm, ans.skey,
			     key_len)) {
		mip4d_answer_wipe(&ans);
		mhae_refused(e, r, "right RES, MHAE with SPI_S invalid (tampered request?)",
			     ", pending challenge deleted");
		return;
	}
	/* The device is authenticated. §9: the user's step, when the
	 * policy wants it, or the request brings it and no policy says no.
	 */
	if (r->policy == MIP4D_POLICY_BOTH ||
	    (r->policy == MIP4D_POLICY_ASK &&
	     msg->user_cvse_type == MIP4_CVSE_USER_AUTH)) {
		user_next(e, r, ans.skey, (uint8_t)key_len);
		mip4d_answer_wipe(&ans);
		return;
	}
	if (mip4_skey_prime(e->hd.algorithm, ans.skey, msg->id, e->hd.spi_d,
			    ans.skey_prime)) {
		mip4d_answer_wipe(&ans);
		attempt_end(e);
		refuse(r, e->nai_str, MIP4_CODE_POORLY_FORMED,
		       "AKA: no Skey' for this algorithm");
		return;
	}
	ans.key_len = (uint8_t)key_len;
	ans.key_lifetime = conf->key_lifetime_s;
	ans.reply_ext_type = MIP4_CVSE_AKA_RESULT;
	ans.reply_ext_len = MIP4_AKA_RESULT_LEN;
	memcpy(v, e->h, MIP4_CVSE_H_LEN);
	v[MIP4_AKA_RESULT_LIFETIME] = (uint8_t)(ans.key_lifetime >> 24);
	v[MIP4_AKA_RESULT_LIFETIME + 1] = (uint8_t)(ans.key_lifetime >> 16);
	v[MIP4_AKA_RESULT_LIFETIME + 2] = (uint8_t)(ans.key_lifetime >> 8);
	v[MIP4_AKA_RESULT_LIFETIME + 3] = (uint8_t)ans.key_lifetime;
	memcpy(v + MIP4_AKA_RESULT_RAND, e->av.rand, MIP4_AKA_RAND_LEN);
	e->failures = 0;
	attempt_end(e);		/* CK, IK, XRES wiped */
	stats.accepted++;
	say(r->cookie, MIP4_CODE_ACCEPTED, &ans, e->nai_str, r->coa, r->now,
	    "AKA accepted, key lifetime %u s", ans.key_lifetime);
	mip4d_answer_wipe(&ans);
}

/* protocol.md §8.5 (cause 1) and §8.6 (cause 2). */
static void on_failure(struct aka_nai *e, const struct mip4d_aka_req *r)
{
	const struct mip4_msg *msg = r->msg;

	if (!names_pending(e, r)) {
		stats.stale++;
		refuse(r, e->nai_str, MIP4_CODE_AUTH_FAILED,
		       msg->aka_cause == MIP4_AKA_CAUSE_SYNC ?
		       "AKA sync failure for a stale or unknown challenge" :
		       "AKA MAC failure report for a stale or unknown challenge");
		return;
	}
	if (msg->aka_cause == MIP4_AKA_CAUSE_MAC) {
		stats.mac_failures++;
		e->failures++;
		fifo_flush(e->im, "MAC failure");
		attempt_end(e);
		mip4d_warn("aka %s coa %s: the node refused our AUTN (MAC failure): a forged challenge, or K differs at the HLR; the IMSI's AVs are flushed",
			   e->nai_str, r->coa);
		refuse(r, e->nai_str, MIP4_CODE_AUTH_FAILED,
		       "AKA MAC failure report, pending challenge deleted");
		return;
	}
	stats.sync_failures++;
	e->failures++;
	if (!e->sync_failures || r->now - e->sync_first > AKA_SYNC_WINDOW_MS) {
		e->sync_failures = 0;
		e->sync_first = r->now;
	}
	if (++e->sync_failures >= AKA_SYNC_WARN)
		mip4d_warn("aka %s: %u sync failures within an hour: a cloned USIM?",
			   e->nai_str, e->sync_failures);
	if (e->resyncs >= conf->max_resync) {
		stats.resync_refused++;
		attempt_end(e);
		refuse(r, e->nai_str, MIP4_CODE_AUTH_FAILED,
		       "AKA sync failure again: resync limit reached, pending challenge deleted");
		return;
	}
	e->resyncs++;
	fifo_flush(e->im, "sync failure");
	memcpy(e->auts, msg->auts, sizeof(e->auts));
	e->resync_sent = false;
	e->state = NAI_WAIT_RESYNC;
	hold(e, r);
	imsi_kick(e->im, r->now);
}

void mip4d_aka_request(const struct mip4d_aka_req *r)
{
	const struct mip4_msg *msg = r->msg;
	char nai[MIP4D_NAI_STR_MAX], imsi[GSUP_IMSI_MAX + 1];
	struct aka_imsi *im;
	struct aka_nai *e;
	bool user_alone;

	stats.requests++;
	mip4d_escape(msg->nai, msg->nai_len, nai, sizeof(nai));
	/* §9's RRQ3 (USER_AUTH alone) has no H: the attempt's is kept. */
	user_alone = !msg->cvse_type &&
		     msg->user_cvse_type == MIP4_CVSE_USER_AUTH;
	if (!user_alone && msg->h.method != MIP4_METHOD_AKA) {
		refuse(r, nai, MIP4_CODE_POORLY_FORMED, "AKA: not method 2");
		return;
	}
	/* Its registration is applied: it must not deregister. */
	if ((msg->cvse_type == MIP4_CVSE_AKA_RESPONSE || user_alone) &&
	    !msg->lifetime) {
		refuse(r, nai, MIP4_CODE_POORLY_FORMED,
		       "AKA response with lifetime 0");
		return;
	}
	if (!mip4d_aka_imsi(conf, msg->nai, msg->nai_len, imsi)) {
		stats.no_imsi++;
		refuse(r, nai, MIP4_CODE_AUTH_FAILED,
		       "AKA: no IMSI for this NAI");
		return;
	}
	e = nai_find(msg->nai, msg->nai_len);
	if (!e && msg->cvse_type != MIP4_CVSE_AKA_START) {
		stats.stale++;
		refuse(r, nai, MIP4_CODE_AUTH_FAILED,
		       "AKA: no challenge pending for this NAI");
		return;
	}
	if (!e)
		e = nai_get(msg->nai, msg->nai_len);
	if (!e) {
		stats.no_room++;
		refuse(r, nai, MIP4_CODE_NO_RESOURCES,
		       "AKA: no room for another NAI");
		return;
	}
	e->last_used = r->now;
	if (e->state == NAI_WAIT_AV || e->state == NAI_WAIT_RESYNC) {
		/* The kernel holds one request per NAI: not expected. Like
		 * a retransmission while the HLR is asked, dropped (the
		 * kernel answers it at its keygen-timeout).
		 */
		stats.dropped++;
		mip4d_info("aka %s coa %s: dropped, an earlier request waits for the HLR",
			   nai, r->coa);
		return;
	}
	if ((e->state == NAI_CHALLENGE || e->state == NAI_DEVICE_OK) &&
	    strcmp(e->im->imsi, imsi)) {
		/* The mapping changed under the challenge. */
		attempt_end(e);
	}
	mip4d_debug("aka %s: IMSI %s", nai, imsi);
	switch (msg->cvse_type) {
	case MIP4_CVSE_AKA_START:
		im = e->state == NAI_CHALLENGE ? e->im : imsi_get(imsi);
		if (!im) {
			stats.no_room++;
			refuse(r, nai, MIP4_CODE_NO_RESOURCES,
			       "AKA: out of memory");
			return;
		}
		on_start(e, im, r);
		break;
	case MIP4_CVSE_AKA_RESPONSE:
		on_response(e, r);
		break;
	case MIP4_CVSE_AKA_FAILURE:
		on_failure(e, r);
		break;
	case 0:
		if (user_alone) {
			on_user_alone(e, r);
			break;
		}
		/* fall through */
	default:
		refuse(r, nai, MIP4_CODE_POORLY_FORMED,
		       "AKA: not a request of ours");
		break;
	}
}

/* ---- the HLR's side ---- */

void mip4d_aka_hlr_answer(const struct gsup_sai_answer *a, uint64_t now)
{
	struct aka_imsi *im = imsi_find(a->imsi);
	struct aka_nai *e, *first;
	unsigned int i;
	bool resync;

	if (!im || im->sai != SAI_SENT) {
		/* The IMSI at debug level only, as everywhere. */
		mip4d_notice("aka: an HLR answer nobody asked for ignored (a late one?)");
		mip4d_debug("aka: ... it was for IMSI %s", a->imsi);
		return;
	}
	resync = im->sai_resync;
	im->sai = SAI_NONE;
	if (a->type == GSUP_SAI_ERROR) {
		char why[80];

		stats.hlr_errors++;
		snprintf(why, sizeof(why),
			 "AKA: the HLR refused SendAuthInfo, cause %u", a->cause);
		for (e = nais; e; e = e->next) {
			if (e->im != im)
				continue;
			if (resync ? e->state == NAI_WAIT_RESYNC && e->resync_sent :
			    e->state == NAI_WAIT_AV) {
				say(e->cookie, MIP4_CODE_AUTH_FAILED, NULL,
				    e->nai_str, e->coa, e->started, "%s%s",
				    why, resync ? " (resync: wrong AUTS?); pending challenge deleted" : "");
				attempt_end(e);
			}
		}
		imsi_kick(im, now);
		return;
	}
	stats.avs_received += a->n;
	i = 0;
	if (resync) {
		/* The vectors from before are stale now (measured). */
		fifo_flush(im, "resync");
		for (e = nais; e; e = e->next)
			if (e->im == im && e->state == NAI_WAIT_RESYNC &&
			    e->resync_sent)
				break;
		if (e && a->n) {
			/* The new challenge keeps the first one's expiry. */
			av_wipe(&e->av);
			e->av = a->av[0];
			i = 1;
			e->resync_sent = false;
			e->state = NAI_CHALLENGE;
			if (e->expiry > now) {
				rate_count(im, now);
				stats.challenges++;
				send_challenge(e, e->cookie, e->coa, e->started,
					       now, "AKA challenge after resync");
			} else {
				stats.challenges_expired++;
				say(e->cookie, MIP4_CODE_AUTH_FAILED, NULL,
				    e->nai_str, e->coa, e->started,
				    "AKA: the challenge expired during the resync");
				/* Unused: the next attempt takes it first. */
				fifo_push(im, &e->av, now);
				attempt_end(e);
			}
		}
	}
	for (; i < a->n; i++)
		fifo_push(im, &a->av[i], now);
	/* The waiters, first come first served. */
	for (;;) {
		first = NULL;
		for (e = nais; e; e = e->next)
			if (e->im == im && e->state == NAI_WAIT_AV &&
			    (!first || e->waiting_since < first->waiting_since))
				first = e;
		if (!first)
			break;
		first->state = NAI_IDLE;	/* take_av() makes it CHALLENGE */
		n_busy--;
		if (!take_av(first, im, now)) {
			attempt_begin(first, im, NAI_WAIT_AV);
			break;
		}
		send_challenge(first, first->cookie, first->coa,
			       first->started, now, "AKA challenge");
	}
	imsi_kick(im, now);
}

void mip4d_aka_hlr_up(uint64_t now)
{
	struct aka_imsi *im;

	for (im = imsis; im; im = im->next)
		if (im->sai == SAI_QUEUED)
			imsi_kick(im, now);
}

void mip4d_aka_hlr_down(uint64_t now)
{
	struct aka_imsi *im;
	struct aka_nai *e;

	(void)now;
	for (im = imsis; im; im = im->next) {
		if (im->sai != SAI_SENT)
			continue;
		for (e = nais; e; e = e->next)
			if (e->im == im && (e->state == NAI_WAIT_AV ||
					    e->state == NAI_WAIT_RESYNC))
				stats.hlr_link_lost++;
		fail_waiters(im, MIP4_CODE_NO_AAA,
			     "AKA: the HLR link dropped before the answer");
	}
}

uint64_t mip4d_aka_next_deadline(void)
{
	const struct aka_imsi *im;
	const struct aka_nai *e;
	uint64_t next = 0, t;

#define EARLIER(x) do { t = (x); if (!next || t < next) next = t; } while (0)
	for (im = imsis; im; im = im->next) {
		if (im->sai != SAI_NONE)
			EARLIER(im->sai_deadline);
		if (im->n && conf && conf->av_max_age_s)
			EARLIER(im->fifo[im->head].got +
				(uint64_t)conf->av_max_age_s * 1000);
	}
	for (e = nais; e; e = e->next)
		if (e->state == NAI_CHALLENGE || e->state == NAI_DEVICE_OK)
			EARLIER(e->expiry);
#undef EARLIER
	return next;
}

void mip4d_aka_timer(uint64_t now)
{
	struct aka_imsi *im;
	struct aka_nai *e;
	bool reset = false;

	for (im = imsis; im; im = im->next) {
		fifo_expire(im, now);
		if (im->sai == SAI_NONE || now < im->sai_deadline)
			continue;
		if (im->sai == SAI_SENT)
			reset = true;
		for (e = nais; e; e = e->next)
			if (e->im == im && (e->state == NAI_WAIT_AV ||
					    e->state == NAI_WAIT_RESYNC))
				stats.hlr_timeouts++;
		fail_waiters(im, MIP4_CODE_NO_AAA,
			     im->sai == SAI_SENT ? "AKA: no answer from the HLR" :
			     "AKA: no HLR link");
	}
	for (e = nais; e; e = e->next)
		if ((e->state == NAI_CHALLENGE || e->state == NAI_DEVICE_OK) &&
		    now >= e->expiry) {
			stats.challenges_expired++;
			mip4d_debug("aka %s: the pending %s expired", e->nai_str,
				    e->state == NAI_CHALLENGE ? "challenge" :
				    "device authentication");
			attempt_end(e);
		}
	imsi_reap(now);
	/* A late answer must not be taken for a new request's. */
	if (reset && ops->hlr_reset)
		ops->hlr_reset();
}

/* ---- configuration, counters, shutdown ---- */

static bool map_has(const struct mip4d_aka_map *m, unsigned int n,
		    const struct mip4d_aka_map *x)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (m[i].nai_len == x->nai_len &&
		    !memcmp(m[i].nai, x->nai, x->nai_len) &&
		    !strcmp(m[i].imsi, x->imsi))
			return true;
	return false;
}

/* An entry of one table that is not in the other: its IMSI's AVs and its
 * NAI's pending challenge go.
 */
static void map_changed(const struct mip4d_aka_map *x)
{
	struct aka_imsi *im = imsi_find(x->imsi);
	struct aka_nai *e = nai_find(x->nai, x->nai_len);

	if (im)
		fifo_flush(im, "NAI -> IMSI mapping changed");
	if (e && (e->state == NAI_CHALLENGE || e->state == NAI_DEVICE_OK))
		attempt_end(e);
}

void mip4d_aka_configure(const struct mip4d_aka_conf *c, uint64_t now)
{
	struct aka_imsi *im;
	unsigned int i;

	(void)now;
	if (configured &&
	    (memcmp(&last_hlr, &c->hlr, sizeof(last_hlr)) ||
	     strcmp(last_name, c->gsup_name)))
		for (im = imsis; im; im = im->next)
			fifo_flush(im, "HLR configuration changed");
	if (configured) {
		for (i = 0; i < last_map_n; i++)
			if (!map_has(c->map, c->map_n, &last_map[i]))
				map_changed(&last_map[i]);
		for (i = 0; i < c->map_n; i++)
			if (!map_has(last_map, last_map_n, &c->map[i]))
				map_changed(&c->map[i]);
	}
	free(last_map);
	last_map = NULL;
	last_map_n = 0;
	if (c->map_n) {
		last_map = calloc(c->map_n, sizeof(*last_map));
		if (last_map) {
			memcpy(last_map, c->map, c->map_n * sizeof(*last_map));
			last_map_n = c->map_n;
		}
	}
	last_hlr = c->hlr;
	snprintf(last_name, sizeof(last_name), "%s", c->gsup_name);
	configured = true;
	conf = c;
}

void mip4d_aka_init(const struct mip4d_aka_ops *o)
{
	ops = o;
}

const struct mip4d_aka_stats *mip4d_aka_stats(void)
{
	return &stats;
}

void mip4d_aka_counts(unsigned int *attempts, unsigned int *n_imsi,
		      unsigned int *avs)
{
	const struct aka_imsi *im;

	*attempts = n_busy;
	*n_imsi = 0;
	*avs = 0;
	for (im = imsis; im; im = im->next) {
		(*n_imsi)++;
		*avs += im->n;
	}
}

static bool mem_has(const void *hay, size_t len, const uint8_t *p, size_t n)
{
	return memmem(hay, len, p, n) != NULL;
}

bool mip4d_aka_holds(const uint8_t *p, size_t n)
{
	const struct aka_imsi *im;
	const struct aka_nai *e;

	for (e = nais; e; e = e->next)
		if (mem_has(e, sizeof(*e), p, n))
			return true;
	for (im = imsis; im; im = im->next)
		if (mem_has(im, sizeof(*im), p, n))
			return true;
	return false;
}

void mip4d_aka_shutdown(void)
{
	struct aka_imsi *im;
	struct aka_nai *e;

	while ((e = nais)) {
		nais = e->next;
		explicit_bzero(e, sizeof(*e));
		free(e);
	}
	while ((im = imsis)) {
		imsis = im->next;
		explicit_bzero(im, sizeof(*im));
		free(im);
	}
	n_nais = n_busy = 0;
	free(last_map);
	last_map = NULL;
	last_map_n = 0;
	configured = false;
	conf = NULL;
	memset(&stats, 0, sizeof(stats));
}
