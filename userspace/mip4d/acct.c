// SPDX-License-Identifier: GPL-2.0
/* mip4d: RADIUS accounting (RFC 2866, 2869) of the bindings of dynamic-key
 * nodes, and of static-key nodes by configuration: Start, Interim-Update,
 * Stop.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mip4ha.h"
#include "mip4d.h"

/* uthash (Debian's uthash-dev): hash tables of sessions and of Classes, so
 * that a binding event costs the same next to 10 sessions as next to
 * 100,000. Out of memory is not fatal: the element is not added.
 */
static bool hash_oom;
#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (hash_oom = true)
#include <uthash.h>
#include <utlist.h>

struct session_key {
	uint32_t home, coa;
};

/* One binding (home address, care-of address) being accounted. */
struct session {
	UT_hash_handle hh;
	struct session_key key;
	uint8_t nai[MIP4_NAI_MAX];
	size_t nai_len;
	char id[24];			/* Acct-Session-Id */
	uint32_t nas_ip;		/* the Home Agent's address at Start */
	uint64_t started;		/* ms, CLOCK_MONOTONIC */
	uint8_t class_[RADIUS_ATTR_MAX_VALUE];
	size_t class_len;
	uint32_t interim_s;		/* 0: no Interim-Update */
	uint64_t next_interim;		/* ms; its slot of the wheel below */
	struct session *prev, *next;	/* in that slot */
};

/* What a node's last Access-Accept said of its accounting (Class,
 * Acct-Interim-Interval), until its binding starts.
 */
struct node_class {
	UT_hash_handle hh;
	uint8_t nai[MIP4_NAI_MAX];
	size_t nai_len;
	uint8_t class_[RADIUS_ATTR_MAX_VALUE];
	size_t class_len;
	uint32_t interim_s;
};

/*
 * The sessions' next interim records on a wheel of one-second slots, so
 * that finding those due costs the same next to 10 sessions as next to
 * 100,000: a session sits in the slot of its due second modulo the
 * wheel's size, and each second's slot is looked at once, when that
 * second has ended, so that every session in it is due by then (one due
 * a turn or more later stays where it is): a record goes out up to a
 * second late, never early.
 */
#define WHEEL_SLOTS	1024
static struct session *wheel[WHEEL_SLOTS];
static uint64_t wheel_done_s;		/* every slot up to this second seen */
static uint32_t wheel_count;

struct acct_req {
	struct mip4d_txn txn;		/* first */
	struct session s;		/* a copy: the session may be gone */
	uint8_t status;
	uint32_t event_time;
	uint32_t session_time;
	uint32_t cause;
	uint32_t nas_ip;
	bool has_counters;
	struct mip4d_counters counters;
	char nai[MIP4D_NAI_STR_MAX];
};

static struct session *sessions;
static struct node_class *classes;
static uint32_t session_count;

static struct session *session_find(uint32_t home, uint32_t coa)
{
	struct session_key key = { .home = home, .coa = coa };
	struct session *s;

	HASH_FIND(hh, sessions, &key, sizeof(key), s);
	return s;
}

static struct node_class *class_find(const uint8_t *nai, size_t nai_len)
{
	struct node_class *nc;

	HASH_FIND(hh, classes, nai, nai_len, nc);
	return nc;
}

void mip4d_acct_authorized(const uint8_t *nai, size_t nai_len,
			   const uint8_t *class_, size_t class_len,
			   uint32_t interim_s)
{
	struct node_class *nc;

	if (!mip4d_conf_current()->acct.n || nai_len > MIP4_NAI_MAX ||
	    class_len > RADIUS_ATTR_MAX_VALUE)
		return;
	/* Not what an earlier Accept said. */
	if (!class_len && !interim_s) {
		mip4d_acct_forget(nai, nai_len);
		return;
	}
	nc = class_find(nai, nai_len);
	if (!nc) {
		nc = calloc(1, sizeof(*nc));
		if (!nc)
			return;
		memcpy(nc->nai, nai, nai_len);
		nc->nai_len = nai_len;
		hash_oom = false;
		HASH_ADD_KEYPTR(hh, classes, nc->nai, nc->nai_len, nc);
		if (hash_oom) {
			free(nc);
			return;
		}
	}
	memcpy(nc->class_, class_, class_len);
	nc->class_len = class_len;
	nc->interim_s = interim_s;
}

void mip4d_acct_forget(const uint8_t *nai, size_t nai_len)
{
	struct node_class *nc = class_find(nai, nai_len);

	if (!nc)
		return;
	HASH_DEL(classes, nc);
	free(nc);
}

uint32_t mip4d_acct_sessions(void)
{
	return HASH_COUNT(sessions);
}

static void wheel_add(struct session *s)
{
	DL_APPEND(wheel[(s->next_interim / 1000) % WHEEL_SLOTS], s);
	wheel_count++;
}

static void wheel_del(struct session *s)
{
	if (!s->interim_s)
		return;
	DL_DELETE(wheel[(s->next_interim / 1000) % WHEEL_SLOTS], s);
	wheel_count--;
}

uint64_t mip4d_acct_next_deadline(void)
{
	/* The end of the next second not yet looked at. */
	return wheel_count ? (wheel_done_s + 2) * 1000 : 0;
}

static void acct_send(const struct session *s, uint8_t status, uint32_t cause,
		      uint32_t nas_ip, const struct mip4d_counters *counters);

/* An Interim-Update with the binding's counters as the kernel has them
 * now; none when the binding is already gone (its Stop is on its way).
 */
static void interim_send(struct session *s)
{
	struct mip4d_counters counters;
	char nai[MIP4D_NAI_STR_MAX];
	int r;

	r = mip4d_nl_binding_counters(s->key.home, s->key.coa, &counters);
	if (r) {
		mip4d_escape(s->nai, s->nai_len, nai, sizeof(nai));
		mip4d_debug("accounting Interim-Update %s session %s: not sent: %s",
			    nai, s->id, r == -ENOENT ? "no binding (its Stop follows)" :
			    strerror(-r));
		return;
	}
	acct_send(s, RADIUS_ACCT_INTERIM_UPDATE, 0, s->nas_ip, &counters);
}

void mip4d_acct_timer(void)
{
	uint64_t now = mip4d_now_ms(), sec;
	struct session *s, *tmp, *due = NULL;

	if (!wheel_count)
		return;
	/* After a long stall, every slot once. */
	sec = wheel_done_s + 1;
	if (now / 1000 > sec + WHEEL_SLOTS)
		sec = now / 1000 - WHEEL_SLOTS;
	for (; sec < now / 1000; sec++) {
		DL_FOREACH_SAFE(wheel[sec % WHEEL_SLOTS], s, tmp) {
			if (s->next_interim > now)
				continue;
			DL_DELETE(wheel[sec % WHEEL_SLOTS], s);
			DL_APPEND(due, s);
		}
	}
	if (now / 1000 > wheel_done_s + 1)
		wheel_done_s = now / 1000 - 1;
	DL_FOREACH_SAFE(due, s, tmp) {
		DL_DELETE(due, s);
		/* Missed records are not made up: the next one has the sum. */
		do
			s->next_interim += (uint64_t)s->interim_s * 1000;
		while (s->next_interim <= now);
		DL_APPEND(wheel[(s->next_interim / 1000) % WHEEL_SLOTS], s);
		interim_send(s);
	}
}

static int acct_build(struct mip4d_txn *t, struct mip4d_server *srv)
{
	struct acct_req *r = (struct acct_req *)t;
	struct mip4d_nas nas = {
		.ip = r->nas_ip,
		.identifier = t->conf->nas_identifier,
	};
	struct mip4d_acct_info a = {
		.status = r->status,
		.nai = r->s.nai,
		.nai_len = r->s.nai_len,
		.home = r->s.key.home,
		.coa = r->s.key.coa,
		.session_id = r->s.id,
		/* A new Identifier per server, so the delay may change. */
		.delay = (uint32_t)((mip4d_now_ms() - t->started) / 1000),
		.event_time = r->event_time,
		.session_time = r->session_time,
		.terminate_cause = r->cause,
		.counters = r->has_counters ? &r->counters : NULL,
		.class_ = r->s.class_,
		.class_len = r->s.class_len,
	};
	enum radius_err err;

	err = mip4d_accounting_request(&a, &nas, (uint8_t)t->id, srv->secret,
				       srv->secret_len, t->pkt, sizeof(t->pkt),
				       &t->len, &t->rsent);
	if (err) {
		mip4d_err("accounting %s: cannot build the request: %s",
			  r->nai, radius_strerror(err));
		return -1;
	}
	return 0;
}

static bool acct_reply(struct mip4d_txn *t, struct mip4d_server *srv,
		       const uint8_t *pkt, size_t len)
{
	struct acct_req *r = (struct acct_req *)t;
	struct radius_reply reply;
	enum radius_err err;

	err = radius_parse_reply(pkt, len, &t->rsent, srv->secret,
				 srv->secret_len, 0, &reply);
	if (err) {
		mip4d_warn("accounting %s: reply from %s ignored: %s", r->nai,
			   srv->name, radius_strerror(err));
		return false;
	}
	return true;
}

static void acct_finish(struct mip4d_txn *t, bool answered)
{
	struct acct_req *r = (struct acct_req *)t;
	const char *what = r->status == RADIUS_ACCT_START ? "Start" :
			   r->status == RADIUS_ACCT_STOP ? "Stop" :
							   "Interim-Update";

	if (answered)
		mip4d_debug("accounting %s %s session %s: acknowledged",
			    what, r->nai, r->s.id);
	else
		mip4d_warn("accounting %s %s session %s: no accounting server answered",
			   what, r->nai, r->s.id);
	mip4d_conf_put(t->conf);
	free(r);
}

static const struct mip4d_txn_ops acct_ops = {
	.build = acct_build,
	.reply = acct_reply,
	.finish = acct_finish,
};

/* @nas_ip: the Home Agent's address, network order; @counters: the
 * binding's traffic (a Stop's), NULL when not known.
 */
static void acct_send(const struct session *s, uint8_t status, uint32_t cause,
		      uint32_t nas_ip, const struct mip4d_counters *counters)
{
	struct mip4d_conf *c = mip4d_conf_current();
	struct acct_req *r;
	uint64_t now = mip4d_now_ms();

	if (!c->acct.n)
		return;
	r = calloc(1, sizeof(*r));
	if (!r) {
		mip4d_err("accounting: out of memory");
		return;
	}
	r->s = *s;
	memset(&r->s.hh, 0, sizeof(r->s.hh));	/* not in the table */
	r->status = status;
	r->event_time = (uint32_t)time(NULL);
	if (status != RADIUS_ACCT_START)
		r->session_time = (uint32_t)((now - s->started) / 1000);
	if (status == RADIUS_ACCT_STOP)
		r->cause = cause;
	r->nas_ip = nas_ip;
	if (counters) {
		r->has_counters = true;
		r->counters = *counters;
	}
	mip4d_escape(s->nai, s->nai_len, r->nai, sizeof(r->nai));
	r->txn.ops = &acct_ops;
	r->txn.conf = mip4d_conf_get(c);
	r->txn.set = &c->acct;
	mip4d_txn_start(&r->txn);
}

static void session_start(const uint8_t *nai, size_t nai_len, uint32_t home,
			  uint32_t coa, uint32_t nas_ip)
{
	const struct mip4d_interim_conf *interim =
		&mip4d_conf_current()->accounting.interim;
	static uint32_t boot;
	struct node_class *nc;
	struct session *s;

	s = calloc(1, sizeof(*s));
	if (!s) {
		mip4d_err("accounting: out of memory");
		return;
	}
	if (!boot)
		boot = (uint32_t)time(NULL);
	s->key.home = home;
	s->key.coa = coa;
	memcpy(s->nai, nai, nai_len);
	s->nai_len = nai_len;
	snprintf(s->id, sizeof(s->id), "%08X%08X", boot, ++session_count);
	s->started = mip4d_now_ms();
	s->interim_s = interim->interval_s;
	nc = class_find(nai, nai_len);
	if (nc) {
		memcpy(s->class_, nc->class_, nc->class_len);
		s->class_len = nc->class_len;
		/* RFC 2869 §5.16: the AAA server's, but not too often. */
		if (nc->interim_s)
			s->interim_s = nc->interim_s > interim->minimum_s ?
				       nc->interim_s : interim->minimum_s;
	}
	hash_oom = false;
	HASH_ADD(hh, sessions, key, sizeof(s->key), s);
	if (hash_oom) {
		mip4d_err("accounting: out of memory");
		free(s);
		return;
	}
	s->nas_ip = nas_ip;
	if (s->interim_s) {
		/* The second it started in is the first one to look at. */
		if (!wheel_count)
			wheel_done_s = s->started / 1000 ?
				       s->started / 1000 - 1 : 0;
		s->next_interim = s->started + (uint64_t)s->interim_s * 1000;
		wheel_add(s);
	}
	acct_send(s, RADIUS_ACCT_START, 0, nas_ip, NULL);
}

void mip4d_acct_binding(const struct mip4d_binding_event *e)
{
	struct session *s = session_find(e->home, e->coa);
	char name[MIP4D_NAI_STR_MAX] = "-", h[INET_ADDRSTRLEN],
		c[INET_ADDRSTRLEN];

	if (e->nai)
		mip4d_escape(e->nai, e->nai_len, name, sizeof(name));
	inet_ntop(AF_INET, &e->home, h, sizeof(h));
	inet_ntop(AF_INET, &e->coa, c, sizeof(c));
	mip4d_debug("binding event %u nai %s home %s coa %s spi %u%s reason %u",
		    e->event, name, h, c, e->spi,
		    e->dynamic ? " dynamic" : "", e->reason);

	if (e->event == MIP4HA_BINDING_EVENT_DELETE) {
		if (!s)
			return;
		HASH_DEL(sessions, s);
		wheel_del(s);
		/* After ha-del the Home Agent has no address any more. */
		acct_send(s, RADIUS_ACCT_STOP, mip4d_terminate_cause(e->reason),
			  e->ha ? e->ha : s->nas_ip,
			  e->has_counters ? &e->counters : NULL);
		free(s);
		return;
	}
	/*
	 * An add starts a session; so does a binding we do not know found
	 * by the dump at start (a "refresh": mip4d_nl_binding_dump()),
	 * which is how sessions that were up across a restart of mip4d are
	 * picked up again (from that moment on). Bindings made with static
	 * keys only with [accounting] static_keys.
	 */
	if (s || !mip4d_conf_current()->acct.n ||
	    (!e->dynamic && !mip4d_conf_current()->accounting.static_keys) ||
	    (e->event != MIP4HA_BINDING_EVENT_ADD &&
	     e->event != MIP4HA_BINDING_EVENT_REFRESH))
		return;
	/* A static SA of a home address has no NAI: the address names it. */
	if (!e->nai)
		session_start((const uint8_t *)h, strlen(h), e->home, e->coa,
			      e->ha);
	else
		session_start(e->nai, e->nai_len, e->home, e->coa, e->ha);
}

void mip4d_acct_shutdown(void)
{
	struct session *s, *s_tmp;
	struct node_class *nc, *nc_tmp;

	HASH_ITER(hh, sessions, s, s_tmp) {
		HASH_DEL(sessions, s);
		wheel_del(s);
		free(s);
	}
	HASH_ITER(hh, classes, nc, nc_tmp) {
		HASH_DEL(classes, nc);
		free(nc);
	}
}
