// SPDX-License-Identifier: GPL-2.0
/* mip4d: RADIUS accounting (RFC 2866, 2869) of the bindings of dynamic-key
 * nodes, and of static-key nodes by configuration: Start, Interim-Update,
 * Stop.
 */

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
	uint32_t started_unix;
	/* The binding's counters when the session began: a binding that
	 * was there before (mip4d restarted) is billed from then on.
	 */
	struct mip4d_counters base;
};

/* A session an earlier mip4d left in the state directory, until the dump
 * of the bindings says whether it continues.
 */
struct recovered {
	UT_hash_handle hh;
	struct session_key key;
	struct mip4d_session_state st;
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
	/* §9.5: the user authenticated on this device: the User-Name. */
	uint8_t user[MIP4_NAI_MAX];
	size_t user_len;
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

static struct session *sessions;
static struct node_class *classes;
static struct recovered *recovered;
static uint32_t session_count;
static int sessions_dirfd = -1;		/* state_dir/sessions, -1: none */
static uint64_t on_seq;			/* Accounting-On's place, 0: none */
static bool continued;			/* a session went on across a restart */

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
	mip4d_acct_authorized_user(nai, nai_len, NULL, 0, class_, class_len,
				   interim_s);
}

void mip4d_acct_authorized_user(const uint8_t *nai, size_t nai_len,
				const uint8_t *user, size_t user_len,
				const uint8_t *class_, size_t class_len,
				uint32_t interim_s)
{
	struct node_class *nc;

	if (!mip4d_conf_current()->acct.n || nai_len > MIP4_NAI_MAX ||
	    class_len > RADIUS_ATTR_MAX_VALUE || user_len > MIP4_NAI_MAX)
		return;
	/* Not what an earlier Accept said. */
	if (!class_len && !interim_s && !user_len) {
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
	if (user_len)
		memcpy(nc->user, user, user_len);
	nc->user_len = user_len;
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
static void session_save(const struct session *s,
			 const struct mip4d_counters *binding);
static struct recovered *recovered_take(uint32_t home, uint32_t coa,
					const uint8_t *nai, size_t nai_len);

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
	session_save(s, &counters);
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

/* When this mip4d started: the first half of its Acct-Session-Ids. */
static uint32_t boot_time(void)
{
	static uint32_t boot;

	if (!boot)
		boot = (uint32_t)time(NULL);
	return boot;
}

/* @a minus @b, field by field, never below 0 (a binding's counters only
 * grow; a session's base is taken from the same binding).
 */
static void counters_since(const struct mip4d_counters *a,
			   const struct mip4d_counters *b,
			   struct mip4d_counters *out)
{
	out->tx_packets = a->tx_packets > b->tx_packets ?
			  a->tx_packets - b->tx_packets : 0;
	out->tx_bytes = a->tx_bytes > b->tx_bytes ?
			a->tx_bytes - b->tx_bytes : 0;
	out->rx_packets = a->rx_packets > b->rx_packets ?
			  a->rx_packets - b->rx_packets : 0;
	out->rx_bytes = a->rx_bytes > b->rx_bytes ?
			a->rx_bytes - b->rx_bytes : 0;
}

static void session_file_name(uint32_t home, uint32_t coa, char name[32])
{
	snprintf(name, 32, "%08x-%08x.session", ntohl(home), ntohl(coa));
}

/* Keeps what a new mip4d needs to continue @s or to close it; @binding:
 * the binding's counters now (an Interim-Update's), NULL: at its start.
 */
static void session_save(const struct session *s,
			 const struct mip4d_counters *binding)
{
	struct mip4d_session_state st = {
		.nai_len = s->nai_len,
		.home = s->key.home,
		.coa = s->key.coa,
		.nas_ip = s->nas_ip,
		.started = s->started_unix,
		.interim_s = s->interim_s,
		.base = s->base,
		.last = binding ? *binding : s->base,
		.last_time = (uint32_t)time(NULL),
		.class_len = s->class_len,
	};
	char text[MIP4D_RECORD_TEXT_MAX], name[32];
	int r;

	if (sessions_dirfd < 0)
		return;
	memcpy(st.session_id, s->id, sizeof(st.session_id));
	memcpy(st.nai, s->nai, s->nai_len);
	memcpy(st.class_, s->class_, s->class_len);
	session_file_name(s->key.home, s->key.coa, name);
	r = mip4d_state_write(sessions_dirfd, name, text,
			      mip4d_session_format(&st, text, sizeof(text)));
	if (r)
		mip4d_err("accounting: cannot keep session %s in %s: %s",
			  s->id, name, strerror(-r));
}

static void session_file_remove(uint32_t home, uint32_t coa)
{
	char name[32];

	if (sessions_dirfd < 0)
		return;
	session_file_name(home, coa, name);
	if (unlinkat(sessions_dirfd, name, 0) && errno != ENOENT)
		mip4d_err("accounting: cannot remove %s: %s", name,
			  strerror(errno));
}

/* A record of @s, to the spool. @nas_ip: the Home Agent's address, network
 * order; @counters: the binding's (its Stop's or Interim-Update's), NULL
 * when not known; @session_time: for Stops of sessions no longer bound.
 */
static void acct_send_at(const struct session *s, uint8_t status,
			 uint32_t cause, uint32_t nas_ip,
			 const struct mip4d_counters *counters,
			 uint32_t session_time)
{
	struct mip4d_acct_record r = {
		.status = status,
		.nai_len = s->nai_len,
		.home = s->key.home,
		.coa = s->key.coa,
		.nas_ip = nas_ip,
		.event_time = (uint32_t)time(NULL),
		.session_time = session_time,
		.class_len = s->class_len,
	};

	memcpy(r.nai, s->nai, s->nai_len);
	memcpy(r.session_id, s->id, sizeof(r.session_id));
	memcpy(r.class_, s->class_, s->class_len);
	if (status == RADIUS_ACCT_STOP)
		r.cause = cause;
	if (counters) {
		r.has_counters = true;
		counters_since(counters, &s->base, &r.counters);
	}
	mip4d_spool_add(&r);
}

static void acct_send(const struct session *s, uint8_t status, uint32_t cause,
		      uint32_t nas_ip, const struct mip4d_counters *counters)
{
	uint32_t t = status == RADIUS_ACCT_START ? 0 :
		     (uint32_t)((mip4d_now_ms() - s->started) / 1000);

	acct_send_at(s, status, cause, nas_ip, counters, t);
}

/* Accounting-On and -Off: of the whole Home Agent, named by mip4d's start. */
static void acct_send_nas(uint8_t status, uint64_t seq)
{
	struct mip4d_acct_record r = {
		.seq = seq,
		.status = status,
		.event_time = (uint32_t)time(NULL),
	};
	struct mip4d_ha ha;

	if (!mip4d_nl_ha_get(&ha))
		r.nas_ip = ha.address;
	snprintf(r.session_id, sizeof(r.session_id), "%08X00000000",
		 boot_time());
	mip4d_spool_add(&r);
}
/* Adds @s (filled in) to the sessions and its first interim record to the
 * wheel; frees it and returns false when out of memory.
 */
static bool session_add(struct session *s)
{
	uint64_t now = mip4d_now_ms();

	hash_oom = false;
	HASH_ADD(hh, sessions, key, sizeof(s->key), s);
	if (hash_oom) {
		mip4d_err("accounting: out of memory");
		free(s);
		return false;
	}
	if (s->interim_s) {
		/* The second it starts in is the first one to look at. */
		if (!wheel_count)
			wheel_done_s = now / 1000 ? now / 1000 - 1 : 0;
		s->next_interim = now + (uint64_t)s->interim_s * 1000;
		wheel_add(s);
	}
	return true;
}

/* @base: the binding's counters now (not 0 for one that was there before
 * mip4d started).
 */
static void session_start(const uint8_t *nai, size_t nai_len, uint32_t home,
			  uint32_t coa, uint32_t nas_ip,
			  const struct mip4d_counters *base)
{
	const struct mip4d_interim_conf *interim =
		&mip4d_conf_current()->accounting.interim;
	struct node_class *nc;
	struct session *s;

	s = calloc(1, sizeof(*s));
	if (!s) {
		mip4d_err("accounting: out of memory");
		return;
	}
	s->key.home = home;
	s->key.coa = coa;
	nc = class_find(nai, nai_len);
	/* §9.5: the user's NAI is the User-Name (never the device's). */
	if (nc && nc->user_len) {
		nai = nc->user;
		nai_len = nc->user_len;
	}
	memcpy(s->nai, nai, nai_len);
	s->nai_len = nai_len;
	snprintf(s->id, sizeof(s->id), "%08X%08X", boot_time(),
		 ++session_count);
	s->started = mip4d_now_ms();
	s->started_unix = (uint32_t)time(NULL);
	s->interim_s = interim->interval_s;
	s->nas_ip = nas_ip;
	if (base)
		s->base = *base;
	if (nc) {
		memcpy(s->class_, nc->class_, nc->class_len);
		s->class_len = nc->class_len;
		/* RFC 2869 §5.16: the AAA server's, but not too often. */
		if (nc->interim_s)
			s->interim_s = nc->interim_s > interim->minimum_s ?
				       nc->interim_s : interim->minimum_s;
	}
	if (!session_add(s))
		return;
	acct_send(s, RADIUS_ACCT_START, 0, nas_ip, NULL);
	session_save(s, NULL);
}

/* The binding of @rc is still there: its session goes on, same id. */
static void session_continue(struct recovered *rc, uint32_t nas_ip)
{
	const struct mip4d_session_state *st = &rc->st;
	uint32_t now = (uint32_t)time(NULL);
	char nai[MIP4D_NAI_STR_MAX];
	struct session *s;
	uint64_t age_ms;

	s = calloc(1, sizeof(*s));
	if (!s) {
		mip4d_err("accounting: out of memory");
		return;
	}
	s->key = rc->key;
	memcpy(s->nai, st->nai, st->nai_len);
	s->nai_len = st->nai_len;
	memcpy(s->id, st->session_id, sizeof(s->id));
	memcpy(s->class_, st->class_, st->class_len);
	s->class_len = st->class_len;
	s->interim_s = st->interim_s;
	s->base = st->base;
	s->nas_ip = nas_ip ? nas_ip : st->nas_ip;
	s->started_unix = st->started;
	age_ms = now > st->started ? (uint64_t)(now - st->started) * 1000 : 0;
	s->started = mip4d_now_ms() > age_ms ? mip4d_now_ms() - age_ms : 0;
	if (!session_add(s))
		return;
	continued = true;
	mip4d_escape(s->nai, s->nai_len, nai, sizeof(nai));
	mip4d_notice("accounting: session %s of %s continues (begun by an earlier mip4d)",
		     s->id, nai);
}

void mip4d_acct_binding(const struct mip4d_binding_event *e)
{
	struct session *s = session_find(e->home, e->coa);
	char name[MIP4D_NAI_STR_MAX] = "-", h[INET_ADDRSTRLEN],
		c[INET_ADDRSTRLEN];
	const uint8_t *nai = e->nai;
	size_t nai_len = e->nai_len;
	struct recovered *rc;

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
		session_file_remove(s->key.home, s->key.coa);
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
	if (!e->nai) {
		nai = (const uint8_t *)h;
		nai_len = strlen(h);
	}
	rc = recovered_take(e->home, e->coa, nai, nai_len);
	if (!rc && e->nai) {
		/* §9.5: a session of the device's user goes on too. */
		struct node_class *nc = class_find(nai, nai_len);

		if (nc && nc->user_len)
			rc = recovered_take(e->home, e->coa, nc->user,
					    nc->user_len);
	}
	if (rc) {
		session_continue(rc, e->ha);
		free(rc);
		return;
	}
	session_start(nai, nai_len, e->home, e->coa, e->ha,
		      e->has_counters ? &e->counters : NULL);
}

/* The session an earlier mip4d kept for this binding, if it is of the same
 * node; the caller frees it.
 */
static struct recovered *recovered_take(uint32_t home, uint32_t coa,
					const uint8_t *nai, size_t nai_len)
{
	struct session_key key = { .home = home, .coa = coa };
	struct recovered *rc;

	HASH_FIND(hh, recovered, &key, sizeof(key), rc);
	if (!rc)
		return NULL;
	HASH_DEL(recovered, rc);
	if (rc->st.nai_len == nai_len && !memcmp(rc->st.nai, nai, nai_len))
		return rc;
	/* Another node's binding at the same addresses now: the old one
	 * ended while no mip4d ran.
	 */
	HASH_ADD(hh, recovered, key, sizeof(rc->key), rc);
	return NULL;
}

static void sessions_load(void)
{
	char text[MIP4D_RECORD_TEXT_MAX];
	struct recovered *rc;
	struct dirent *de;
	unsigned int n = 0;
	DIR *d;
	int fd, r;

	fd = dup(sessions_dirfd);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		mip4d_err("accounting: sessions: %s", strerror(errno));
		return;
	}
	while ((de = readdir(d))) {
		if (!strstr(de->d_name, ".session") ||
		    strcmp(strstr(de->d_name, ".session"), ".session"))
			continue;
		rc = calloc(1, sizeof(*rc));
		if (!rc)
			break;
		r = mip4d_state_read(sessions_dirfd, de->d_name, text,
				     sizeof(text));
		if (r < 0 || mip4d_session_parse(text, &rc->st)) {
			mip4d_state_set_aside(sessions_dirfd, de->d_name,
					      r < 0 ? strerror(-r) :
					      "not a session");
			free(rc);
			continue;
		}
		rc->key.home = rc->st.home;
		rc->key.coa = rc->st.coa;
		hash_oom = false;
		HASH_ADD(hh, recovered, key, sizeof(rc->key), rc);
		if (hash_oom) {
			free(rc);
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		mip4d_notice("accounting: %u sessions an earlier mip4d left open",
			     n);
}

int mip4d_acct_init(void)
{
	const struct mip4d_conf *c = mip4d_conf_current();
	const char *dir = c->accounting.state_dir;
	int spool_fd = -1;

	continued = false;
	if (!c->acct.n)
		return 0;
	if (dir[0]) {
		spool_fd = mip4d_state_dir(dir, "spool");
		if (spool_fd < 0) {
			mip4d_err("accounting: state_dir %s: %s", dir,
				  strerror(-spool_fd));
			return spool_fd;
		}
		sessions_dirfd = mip4d_state_dir(dir, "sessions");
		if (sessions_dirfd < 0) {
			mip4d_err("accounting: state_dir %s: %s", dir,
				  strerror(-sessions_dirfd));
			close(spool_fd);
			return sessions_dirfd;
		}
		sessions_load();
	}
	mip4d_spool_open(spool_fd);
	/* Its place: after what an earlier mip4d left, before every record
	 * of this one.
	 */
	on_seq = mip4d_spool_reserve();
	return 0;
}

void mip4d_acct_started(void)
{
	char nai[MIP4D_NAI_STR_MAX];
	struct recovered *rc, *tmp;
	struct mip4d_counters last;
	struct session s;

	HASH_ITER(hh, recovered, rc, tmp) {
		HASH_DEL(recovered, rc);
		memset(&s, 0, sizeof(s));
		s.key = rc->key;
		memcpy(s.nai, rc->st.nai, rc->st.nai_len);
		s.nai_len = rc->st.nai_len;
		memcpy(s.id, rc->st.session_id, sizeof(s.id));
		memcpy(s.class_, rc->st.class_, rc->st.class_len);
		s.class_len = rc->st.class_len;
		s.base = rc->st.base;
		last = rc->st.last;
		mip4d_escape(s.nai, s.nai_len, nai, sizeof(nai));
		mip4d_notice("accounting: session %s of %s ended while mip4d was not running: Stop with what its last Interim-Update had",
			     s.id, nai);
		acct_send_at(&s, RADIUS_ACCT_STOP, MIP4D_CAUSE_NAS_ERROR,
			     rc->st.nas_ip, &last,
			     rc->st.last_time > rc->st.started ?
			     rc->st.last_time - rc->st.started : 0);
		session_file_remove(rc->key.home, rc->key.coa);
		free(rc);
	}
	/* RFC 2866: Accounting-On tells the server that every earlier
	 * session of this NAS is over: not when one goes on.
	 */
	if (on_seq && !continued)
		acct_send_nas(RADIUS_ACCT_ON, on_seq);
	on_seq = 0;
	mip4d_spool_release();
}

void mip4d_acct_session_node(const uint8_t *id, size_t id_len,
			     struct mip4d_node *node)
{
	struct session *s, *tmp;

	memset(node, 0, sizeof(*node));
	/* A walk: an administrator's request, not the fast path. */
	HASH_ITER(hh, sessions, s, tmp) {
		if (strlen(s->id) != id_len || memcmp(s->id, id, id_len))
			continue;
		node->found = true;
		node->home = s->key.home;
		node->coa = s->key.coa;
		memcpy(node->nai, s->nai, s->nai_len);
		node->nai_len = s->nai_len;
		return;
	}
}

void mip4d_acct_stop_all(void)
{
	struct mip4d_counters counters;
	struct session *s, *tmp;
	int r;

	if (!mip4d_conf_current()->acct.n)
		return;
	HASH_ITER(hh, sessions, s, tmp) {
		HASH_DEL(sessions, s);
		wheel_del(s);
		r = mip4d_nl_binding_counters(s->key.home, s->key.coa,
					      &counters);
		acct_send(s, RADIUS_ACCT_STOP, MIP4D_CAUSE_ADMIN_REBOOT,
			  s->nas_ip, r ? NULL : &counters);
		session_file_remove(s->key.home, s->key.coa);
		free(s);
	}
	acct_send_nas(RADIUS_ACCT_OFF, 0);
}

void mip4d_acct_shutdown(void)
{
	struct session *s, *s_tmp;
	struct node_class *nc, *nc_tmp;
	struct recovered *rc, *rc_tmp;

	HASH_ITER(hh, sessions, s, s_tmp) {
		HASH_DEL(sessions, s);
		wheel_del(s);
		free(s);
	}
	HASH_ITER(hh, classes, nc, nc_tmp) {
		HASH_DEL(classes, nc);
		free(nc);
	}
	HASH_ITER(hh, recovered, rc, rc_tmp) {
		HASH_DEL(recovered, rc);
		free(rc);
	}
	mip4d_spool_close();
	if (sessions_dirfd >= 0)
		close(sessions_dirfd);
	sessions_dirfd = -1;
}
