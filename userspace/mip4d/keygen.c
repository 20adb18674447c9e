// SPDX-License-Identifier: GPL-2.0
/* mip4d: one initial registration, from keygen-ntf to keygen-answer. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "mip4ha.h"
#include "aaa.h"
#include "akad.h"

struct keygen_req {
	struct mip4d_txn txn;		/* first: container_of by cast */
	uint32_t cookie;
	struct mip4d_ha ha;
	struct mip4d_keygen kg;
	struct mip4d_answer ans;
	char nai[MIP4D_NAI_STR_MAX];	/* escaped, for the log */
	char user[MIP4D_NAI_STR_MAX];	/* §9: the user's, "" none */
	uint32_t lifetime_cap;		/* §9: the AKA key lifetime, HA max */
	char coa[INET_ADDRSTRLEN];
	char server[32];		/* the one that answered */
	uint32_t replaces;		/* another device's home address, 0: none */
	size_t len;
	uint8_t rrq[MIP4_MSG_MAX];
};

static int fill_random(void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = getrandom(p, len, 0);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void log_outcome(const struct keygen_req *r, uint8_t code,
			const char *what)
{
	uint64_t ms = mip4d_now_ms() - r->txn.started;

	/* §9: the user's NAI too (the device's is the binding's). */
	mip4d_log(code ? LOG_NOTICE : LOG_INFO,
		  "keygen %s coa %s: code %u, %s%s%s%s (%llu ms)", r->nai,
		  r->coa, code, r->user[0] ? "user " : "", r->user,
		  r->user[0] ? ": " : "", what, (unsigned long long)ms);
}

/* A denial: §9's authenticated with K_aka (reply-key), else plain. */
static int answer_denial(struct keygen_req *r, uint8_t code)
{
	struct mip4d_answer ans;
	int err;

	if (!r->kg.multi)
		return mip4d_nl_answer(r->cookie, code, NULL);
	memset(&ans, 0, sizeof(ans));
	mip4d_user_denial(&r->kg, code, &ans);
	err = mip4d_nl_answer(r->cookie, code, &ans);
	mip4d_answer_wipe(&ans);
	return err;
}

static void keygen_free(struct keygen_req *r)
{
	explicit_bzero(r, sizeof(*r));
	free(r);
}

static int keygen_build(struct mip4d_txn *t, struct mip4d_server *srv)
{
	struct keygen_req *r = (struct keygen_req *)t;
	struct mip4d_conf *c = t->conf;
	struct mip4d_nas nas = {
		.ip = r->ha.address,
		.identifier = c->nas_identifier,
	};
	uint8_t auth[RADIUS_AUTH_LEN];
	enum radius_err err;

	/* A new authenticator for each server: each has its own secret. */
	if (fill_random(auth, sizeof(auth))) {
		mip4d_err("getrandom failed");
		return -1;
	}
	err = mip4d_access_request(&r->kg, &nas, (uint8_t)t->id, auth,
				   srv->secret, srv->secret_len, t->pkt,
				   sizeof(t->pkt), &t->len, &t->rsent);
	if (err) {
		mip4d_err("keygen %s: cannot build the Access-Request: %s",
			  r->nai, radius_strerror(err));
		return -1;
	}
	mip4d_debug("keygen %s: Access-Request Identifier %d to %s", r->nai,
		    t->id, srv->name);
	return 0;
}

static bool keygen_reply(struct mip4d_txn *t, struct mip4d_server *srv,
			 const uint8_t *pkt, size_t len)
{
	struct keygen_req *r = (struct keygen_req *)t;
	uint8_t nonce[MIP4_HA_NONCE_LEN];
	uint32_t lifetime = t->conf->key_lifetime_default;
	enum radius_err err;

	if (!lifetime)
		lifetime = r->ha.max_lifetime;
	if (r->kg.multi)
		lifetime = r->lifetime_cap;
	if (fill_random(nonce, sizeof(nonce))) {
		mip4d_err("getrandom failed");
		return false;
	}
	err = mip4d_answer_from_reply(&r->kg, pkt, len, &t->rsent, srv->secret,
				      srv->secret_len, srv->require_msg_auth,
				      nonce, lifetime, &r->ans);
	if (err) {
		/* Forged, or a wrong secret: it must not end the request. */
		mip4d_warn("keygen %s: reply from %s ignored: %s", r->nai,
			   srv->name, radius_strerror(err));
		return false;
	}
	snprintf(r->server, sizeof(r->server), "%s", srv->name);
	if (!r->ans.code && r->kg.multi)
		mip4d_acct_authorized_user(r->kg.msg.nai, r->kg.msg.nai_len,
					   r->kg.user, r->kg.user_len,
					   r->ans.class_, r->ans.class_len,
					   r->ans.interim_s);
	else if (!r->ans.code)
		mip4d_acct_authorized(r->kg.msg.nai, r->kg.msg.nai_len,
				      r->ans.class_, r->ans.class_len,
				      r->ans.interim_s);
	r->ans.class_ = NULL;	/* points into the datagram */
	return true;
}

static void keygen_finish(struct mip4d_txn *t, bool answered)
{
	static struct mip4d_ratelimit no_room_log;
	struct keygen_req *r = (struct keygen_req *)t;
	bool log = true;
	char what[200], more[48];
	unsigned int n;
	uint8_t code;
	int err;

	if (!answered && !t->transmitted) {
		/* No Identifier free (or no request could be built): under a
		 * flood, one line per request would be a flood of lines.
		 */
		code = MIP4_CODE_NO_RESOURCES;
		log = mip4d_ratelimit(&no_room_log, mip4d_now_ms(), &n);
		snprintf(what, sizeof(what), "could not send to any AAA server%s",
			 mip4d_not_logged(log ? n : 0, more));
		if (r->kg.multi)
			mip4d_user_denial(&r->kg, code, &r->ans);
	} else if (!answered) {
		code = MIP4_CODE_NO_AAA;
		snprintf(what, sizeof(what), "no answer from any AAA server");
		/* §9: 128 authenticated with K_aka; nothing installed. */
		if (r->kg.multi)
			mip4d_user_denial(&r->kg, code, &r->ans);
	} else if (r->ans.code) {
		code = r->ans.code;
		snprintf(what, sizeof(what), "%s from %s", r->ans.why,
			 r->server);
		/* The user's rejects (method 1: the NAI is the user). */
		if (r->ans.rejected &&
		    mip4d_backoff_rejected(&t->conf->backoff, r->kg.user,
					   r->kg.user_len, mip4d_now_ms()))
			snprintf(what + strlen(what), sizeof(what) - strlen(what),
				 "; %u failures: refused for %u s",
				 t->conf->backoff.failures,
				 t->conf->backoff.hold_s);
	} else {
		code = MIP4_CODE_ACCEPTED;
		mip4d_backoff_accepted(r->kg.user, r->kg.user_len);
		snprintf(what, sizeof(what),
			 "Access-Accept from %s, key lifetime %u s%s", r->server,
			 r->ans.key_lifetime,
			 r->ans.session_timeout ? " (Session-Timeout)" : "");
	}
	err = mip4d_nl_answer(r->cookie, code, &r->ans);
	mip4d_answer_wipe(&r->ans);
	/* second_device = replace: the new device is in, the old one out. */
	if (code == MIP4_CODE_ACCEPTED && !err && r->replaces) {
		char home[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &r->replaces, home, sizeof(home));
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
			 "; replaces the device at home %s%s", home,
			 mip4d_nl_binding_del(r->replaces) ?
			 " (its binding is gone already)" : "");
	}
	if (err == -ENOENT)
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
			 "; too late, the kernel had answered 128");
	else if (err)
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
			 "; keygen-answer failed: %s", strerror(-err));
	/* A failed answer is worth a line, but not one that came too late
	 * to a request refused for want of room: under a flood that outruns
	 * the kernel's keygen-timeout, that is every such request, and their
	 * lines keep to the rate limit.
	 */
	if (log || (err && err != -ENOENT))
		log_outcome(r, code, what);
	mip4d_conf_put(t->conf);
	keygen_free(r);	/* K_aka, the request, the answer */
}

static const struct mip4d_txn_ops keygen_ops = {
	.build = keygen_build,
	.reply = keygen_reply,
	.finish = keygen_finish,
};

/*
 * A NAI held down by the back-off: 129 at once, no Access-Request. The
 * kernel leaves the node's binding and keys as they are (a failed initial
 * registration never takes them away). One log line a second at most: a
 * guesser sends as fast as it can.
 */
static bool refuse_held(struct keygen_req *r)
{
	static struct mip4d_ratelimit held_log;
	uint64_t now = mip4d_now_ms();
	uint64_t left = mip4d_backoff_held(r->kg.user, r->kg.user_len, now);
	char what[160], more[48];
	unsigned int n;

	if (!left)
		return false;
	mip4d_backoff_count_refusal();
	answer_denial(r, MIP4_CODE_PROHIBITED);
	if (mip4d_ratelimit(&held_log, now, &n)) {
		snprintf(what, sizeof(what),
			 "held down after failed authentications, %llu s left, %llu refused in all%s",
			 (unsigned long long)(left + 999) / 1000,
			 (unsigned long long)mip4d_backoff_refused(),
			 mip4d_not_logged(n, more));
		log_outcome(r, MIP4_CODE_PROHIBITED, what);
	}
	keygen_free(r);
	return true;
}

/*
 * An initial registration from a second device of an NAI (one that has a
 * binding for another home address): with second_device = refuse, 129 at
 * once, no Access-Request, the first device untouched; with replace, noted
 * so that the first device's bindings end once the new one is accepted.
 */
static bool refuse_second_device(struct keygen_req *r,
				 const struct mip4d_conf *c)
{
	char home[INET_ADDRSTRLEN], what[160];
	uint32_t other;

	if (!mip4d_devices_other(r->kg.msg.nai, r->kg.msg.nai_len,
				 r->kg.msg.home_addr, &other))
		return false;
	if (c->second_device == MIP4D_SECOND_DEVICE_REPLACE) {
		r->replaces = other;
		return false;
	}
	mip4d_nl_answer(r->cookie, MIP4_CODE_PROHIBITED, NULL);
	inet_ntop(AF_INET, &other, home, sizeof(home));
	snprintf(what, sizeof(what),
		 "a second device: the NAI has a binding for home %s (second_device = refuse)",
		 home);
	log_outcome(r, MIP4_CODE_PROHIBITED, what);
	free(r);
	return true;
}

void mip4d_keygen_request(uint32_t cookie, const uint8_t *rrq, size_t len,
			  uint32_t src, uint32_t local,
			  const struct mip4d_ha *ha)
{
	struct mip4d_conf *c = mip4d_conf_current();
	struct keygen_req *r;
	struct mip4_msg m;
	enum mip4d_policy policy;
	uint32_t vendor_id;
	int code;

	(void)local;
	/* Method 2 (AKA), and §9's USER_AUTH alone, have their own path;
	 * method 1 goes on below.
	 */
	vendor_id = c->vendor_id ? c->vendor_id : ha->vendor_id;
	if (!mip4_msg_parse(rrq, len, vendor_id, &m) &&
	    m.type == MIP4_TYPE_RRQ &&
	    (m.cvse_type == MIP4_CVSE_AKA_START ||
	     m.cvse_type == MIP4_CVSE_AKA_RESPONSE ||
	     m.cvse_type == MIP4_CVSE_AKA_FAILURE ||
	     (!m.cvse_type && m.user_cvse_type == MIP4_CVSE_USER_AUTH))) {
		char coa[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &m.coa, coa, sizeof(coa));
		mip4d_akad_keygen(cookie, rrq, len, &m, coa, ha);
		return;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		mip4d_err("keygen %u: out of memory", cookie);
		mip4d_nl_answer(cookie, MIP4_CODE_NO_RESOURCES, NULL);
		return;
	}
	r->cookie = cookie;
	r->txn.started = mip4d_now_ms();
	r->len = len;
	memcpy(r->rrq, rrq, len);
	snprintf(r->nai, sizeof(r->nai), "-");
	inet_ntop(AF_INET, &src, r->coa, sizeof(r->coa));

	r->ha = *ha;
	vendor_id = c->vendor_id ? c->vendor_id : r->ha.vendor_id;
	code = mip4d_keygen_parse(&r->kg, r->rrq, r->len, vendor_id);
	if (code < 0) {
		mip4d_warn("keygen %u: the request does not parse (vendor_id %u)",
			   cookie, vendor_id);
		code = MIP4_CODE_POORLY_FORMED;
	}
	if (!code || r->kg.msg.nai) {
		mip4d_escape(r->kg.msg.nai, r->kg.msg.nai_len, r->nai,
			     sizeof(r->nai));
		inet_ntop(AF_INET, &r->kg.msg.coa, r->coa, sizeof(r->coa));
	}
	if (code) {
		mip4d_nl_answer(cookie, (uint8_t)code, NULL);
		log_outcome(r, (uint8_t)code,
			    code == MIP4_CODE_AUTH_FAILED ?
			    "NAI too long for RADIUS (253 octets at most)" :
			    "not a usable initial registration");
		free(r);
		return;
	}

	policy = mip4d_policy_of(c, r->kg.msg.nai, r->kg.msg.nai_len);
	if (mip4d_policy_refuses(policy, r->kg.msg.cvse_type, 0)) {
		char what[80];

		mip4d_nl_answer(cookie, MIP4_CODE_PROHIBITED, NULL);
		snprintf(what, sizeof(what),
			 "refused by policy %s: method 1 (KEYGEN_REQ) not allowed",
			 mip4d_policy_name(policy));
		log_outcome(r, MIP4_CODE_PROHIBITED, what);
		keygen_free(r);
		return;
	}
	if (refuse_held(r) || refuse_second_device(r, c))
		return;
	r->txn.ops = &keygen_ops;
	r->txn.conf = mip4d_conf_get(c);
	/* The NAI's realm chooses the server group ([aaa REALM]). */
	r->txn.set = mip4d_aaa_set(c, r->kg.msg.nai, r->kg.msg.nai_len);
	mip4d_debug("keygen %s coa %s: cookie %u", r->nai, r->coa, cookie);
	mip4d_txn_start(&r->txn);
}

/*
 * §9: the device is authenticated (aka.c); the user's MS-CHAPv2 step, by
 * method 1's Access-Request at the user's realm's server group. The
 * answer: code 0 with AKA_RESULT + USER_RESULT and the multi keys; 131
 * (Access-Reject), 128 (no answer), 129 (held down) with K_aka's MHAE.
 */
void mip4d_keygen_user_step(const struct mip4d_user_step *u,
			    const struct mip4d_ha *ha)
{
	struct mip4d_conf *c = mip4d_conf_current();
	struct mip4d_server_set *set;
	struct keygen_req *r;
	uint32_t vendor_id;
	int code;

	r = calloc(1, sizeof(*r));
	if (!r) {
		mip4d_err("keygen %s: out of memory", u->nai);
		mip4d_nl_answer(u->cookie, MIP4_CODE_NO_RESOURCES, NULL);
		return;
	}
	r->cookie = u->cookie;
	r->txn.started = u->started;
	r->len = u->len;
	memcpy(r->rrq, u->rrq, u->len);
	snprintf(r->nai, sizeof(r->nai), "%s", u->nai);
	snprintf(r->coa, sizeof(r->coa), "%s", u->coa);
	r->ha = *ha;
	vendor_id = c->vendor_id ? c->vendor_id : r->ha.vendor_id;
	code = mip4d_keygen_user(&r->kg, r->rrq, r->len, vendor_id, u);
	if (r->kg.user)
		mip4d_escape(r->kg.user, r->kg.user_len, r->user,
			     sizeof(r->user));
	else if (r->kg.msg.user_nai)
		mip4d_escape(r->kg.msg.user_nai, r->kg.msg.user_nai_len,
			     r->user, sizeof(r->user));
	if (code) {
		answer_denial(r, (uint8_t)code);
		log_outcome(r, (uint8_t)code,
			    code == MIP4_CODE_AUTH_FAILED ?
			    "user NAI too long for RADIUS (253 octets at most)" :
			    "no usable user authentication");
		keygen_free(r);
		return;
	}
	r->lifetime_cap = u->key_lifetime;
	if (r->ha.max_lifetime && r->ha.max_lifetime < r->lifetime_cap)
		r->lifetime_cap = r->ha.max_lifetime;
	if (refuse_held(r))
		return;
	/* The user's realm chooses the group; never the device's. */
	set = mip4d_aaa_set(c, r->kg.user, r->kg.user_len);
	if (!set->n) {
		/* [aka] alone, no [aaa] server: nobody can answer. */
		answer_denial(r, MIP4_CODE_NO_AAA);
		log_outcome(r, MIP4_CODE_NO_AAA,
			    "no AAA server for the user's realm");
		keygen_free(r);
		return;
	}
	r->txn.ops = &keygen_ops;
	r->txn.conf = mip4d_conf_get(c);
	r->txn.set = set;
	mip4d_debug("keygen %s coa %s: user %s, cookie %u", r->nai, r->coa,
		    r->user, r->cookie);
	mip4d_txn_start(&r->txn);
}
