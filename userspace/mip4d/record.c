// SPDX-License-Identifier: GPL-2.0
/*
 * mip4d: accounting records and sessions as the text files of the state
 * directory (spool/NNNN.acct, sessions/HHHHHHHH-CCCCCCCC.session), and an
 * accounting record as an Accounting-Request.
 *
 * A file is lines of "key value", the first one naming its kind and
 * version. The files are ours, but a disk or a human can damage them:
 * every line, number and length is checked, and a file that does not
 * parse is set aside, never half-used.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mip4d.h"

#define MAGIC_RECORD	"mip4d-record 1"
#define MAGIC_SESSION	"mip4d-session 1"

enum field {
	F_STATUS, F_NAI, F_SESSION, F_HOME, F_COA, F_NAS, F_EVENT,
	F_SESSION_TIME, F_CAUSE, F_COUNTERS, F_CLASS, F_STARTED, F_INTERIM,
	F_BASE, F_LAST_TIME, F_MAX,
};

static const char *const field_names[F_MAX] = {
	[F_STATUS] = "status", [F_NAI] = "nai", [F_SESSION] = "session",
	[F_HOME] = "home", [F_COA] = "coa", [F_NAS] = "nas",
	[F_EVENT] = "event", [F_SESSION_TIME] = "session-time",
	[F_CAUSE] = "cause", [F_COUNTERS] = "counters", [F_CLASS] = "class",
	[F_STARTED] = "started", [F_INTERIM] = "interim", [F_BASE] = "base",
	[F_LAST_TIME] = "last-time",
};

/* Everything either kind of file may hold. */
struct fields {
	unsigned int seen;		/* 1 << enum field */
	uint8_t status;
	uint8_t nai[MIP4_NAI_MAX];
	size_t nai_len;
	char session[MIP4D_SESSION_ID_MAX];
	uint32_t home, coa, nas;
	uint32_t event, session_time, cause, started, interim, last_time;
	struct mip4d_counters counters, base;
	uint8_t class_[RADIUS_ATTR_MAX_VALUE];
	size_t class_len;
};

/* ---- writing ---- */

struct out {
	char *p;
	size_t size, len;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->p + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	/* The buffers are sized for the largest file: never cut. */
	if (n > 0 && (size_t)n < o->size - o->len)
		o->len += (size_t)n;
}

static void put_hex(struct out *o, const char *key, const uint8_t *p,
		    size_t n)
{
	size_t i;

	put(o, "%s ", key);
	for (i = 0; i < n; i++)
		put(o, "%02x", p[i]);
	put(o, "\n");
}

static void put_addr(struct out *o, const char *key, uint32_t a)
{
	char s[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, s, sizeof(s));
	put(o, "%s %s\n", key, s);
}

static void put_counters(struct out *o, const char *key,
			 const struct mip4d_counters *c)
{
	put(o, "%s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", key,
	    c->tx_packets, c->tx_bytes, c->rx_packets, c->rx_bytes);
}

size_t mip4d_record_format(const struct mip4d_acct_record *r, char *buf,
			   size_t size)
{
	struct out o = { .p = buf, .size = size };

	buf[0] = '\0';
	put(&o, MAGIC_RECORD "\nstatus %u\nsession %s\n", r->status,
	    r->session_id);
	if (r->nai_len)
		put_hex(&o, "nai", r->nai, r->nai_len);
	if (r->home) {
		put_addr(&o, "home", r->home);
		put_addr(&o, "coa", r->coa);
	}
	put_addr(&o, "nas", r->nas_ip);
	put(&o, "event %u\n", r->event_time);
	if (r->session_time)
		put(&o, "session-time %u\n", r->session_time);
	if (r->cause)
		put(&o, "cause %u\n", r->cause);
	if (r->has_counters)
		put_counters(&o, "counters", &r->counters);
	if (r->class_len)
		put_hex(&o, "class", r->class_, r->class_len);
	return o.len;
}

size_t mip4d_session_format(const struct mip4d_session_state *s, char *buf,
			    size_t size)
{
	struct out o = { .p = buf, .size = size };

	buf[0] = '\0';
	put(&o, MAGIC_SESSION "\nsession %s\n", s->session_id);
	put_hex(&o, "nai", s->nai, s->nai_len);
	put_addr(&o, "home", s->home);
	put_addr(&o, "coa", s->coa);
	put_addr(&o, "nas", s->nas_ip);
	put(&o, "started %u\n", s->started);
	if (s->interim_s)
		put(&o, "interim %u\n", s->interim_s);
	put_counters(&o, "base", &s->base);
	put_counters(&o, "counters", &s->last);
	put(&o, "last-time %u\n", s->last_time);
	if (s->class_len)
		put_hex(&o, "class", s->class_, s->class_len);
	return o.len;
}

/* ---- reading ---- */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int parse_hex(const char *v, size_t vlen, uint8_t *out, size_t max,
		     size_t *len)
{
	size_t i;
	int hi, lo;

	if (!vlen || vlen % 2 || vlen / 2 > max)
		return -EINVAL;
	for (i = 0; i < vlen / 2; i++) {
		hi = hex_value(v[2 * i]);
		lo = hex_value(v[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = vlen / 2;
	return 0;
}

/* A decimal number of @vlen characters, no sign, no leading zero. */
static int parse_u64(const char *v, size_t vlen, uint64_t max, uint64_t *out)
{
	uint64_t n = 0;
	size_t i;

	if (!vlen || vlen > 20 || (v[0] == '0' && vlen > 1))
		return -EINVAL;
	for (i = 0; i < vlen; i++) {
		if (v[i] < '0' || v[i] > '9' ||
		    n > (UINT64_MAX - (uint64_t)(v[i] - '0')) / 10)
			return -EINVAL;
		n = n * 10 + (uint64_t)(v[i] - '0');
	}
	if (n > max)
		return -EINVAL;
	*out = n;
	return 0;
}

static int parse_u32(const char *v, size_t vlen, uint32_t *out)
{
	uint64_t n;

	if (parse_u64(v, vlen, UINT32_MAX, &n))
		return -EINVAL;
	*out = (uint32_t)n;
	return 0;
}

static int parse_addr(const char *v, size_t vlen, uint32_t *out)
{
	char s[INET_ADDRSTRLEN];

	if (vlen >= sizeof(s))
		return -EINVAL;
	memcpy(s, v, vlen);
	s[vlen] = '\0';
	return inet_pton(AF_INET, s, out) == 1 ? 0 : -EINVAL;
}

static int parse_counters(const char *v, size_t vlen,
			  struct mip4d_counters *c)
{
	uint64_t *n[4] = { &c->tx_packets, &c->tx_bytes, &c->rx_packets,
			   &c->rx_bytes };
	const char *end = v + vlen, *sp;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		sp = memchr(v, ' ', (size_t)(end - v));
		if ((i < 3) != !!sp)
			return -EINVAL;
		if (!sp)
			sp = end;
		if (parse_u64(v, (size_t)(sp - v), UINT64_MAX, n[i]))
			return -EINVAL;
		v = sp + 1;
	}
	return 0;
}

/* Printable, no space: what we make (boot time and a counter in hex). */
static int parse_session_id(const char *v, size_t vlen, char *out)
{
	size_t i;

	if (!vlen || vlen >= MIP4D_SESSION_ID_MAX)
		return -EINVAL;
	for (i = 0; i < vlen; i++)
		if (v[i] <= ' ' || v[i] >= 0x7f)
			return -EINVAL;
	memcpy(out, v, vlen);
	out[vlen] = '\0';
	return 0;
}

static int parse_field(enum field f, const char *v, size_t vlen,
		       struct fields *fs)
{
	uint32_t n;

	switch (f) {
	case F_STATUS:
		if (parse_u32(v, vlen, &n) || !n || n > 0xff)
			return -EINVAL;
		fs->status = (uint8_t)n;
		return 0;
	case F_NAI:
		return parse_hex(v, vlen, fs->nai, sizeof(fs->nai),
				 &fs->nai_len);
	case F_SESSION:
		return parse_session_id(v, vlen, fs->session);
	case F_HOME:
		return parse_addr(v, vlen, &fs->home);
	case F_COA:
		return parse_addr(v, vlen, &fs->coa);
	case F_NAS:
		return parse_addr(v, vlen, &fs->nas);
	case F_EVENT:
		return parse_u32(v, vlen, &fs->event);
	case F_SESSION_TIME:
		return parse_u32(v, vlen, &fs->session_time);
	case F_CAUSE:
		return parse_u32(v, vlen, &fs->cause);
	case F_STARTED:
		return parse_u32(v, vlen, &fs->started);
	case F_INTERIM:
		return parse_u32(v, vlen, &fs->interim);
	case F_LAST_TIME:
		return parse_u32(v, vlen, &fs->last_time);
	case F_COUNTERS:
		return parse_counters(v, vlen, &fs->counters);
	case F_BASE:
		return parse_counters(v, vlen, &fs->base);
	case F_CLASS:
		return parse_hex(v, vlen, fs->class_, sizeof(fs->class_),
				 &fs->class_len);
	case F_MAX:
		break;
	}
	return -EINVAL;
}

/*
 * @text: a NUL-terminated file whose first line is @magic; every other line
 * one of @allowed, at most once, all of @required there.
 */
static int parse_fields(const char *text, const char *magic,
			unsigned int allowed, unsigned int required,
			struct fields *fs)
{
	const char *line = text, *nl, *sp;
	size_t n = strlen(magic);
	unsigned int f;

	memset(fs, 0, sizeof(*fs));
	if (strncmp(text, magic, n) || text[n] != '\n')
		return -EINVAL;
	for (line = text + n + 1; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			return -EINVAL;	/* cut short */
		sp = memchr(line, ' ', (size_t)(nl - line));
		if (!sp)
			return -EINVAL;
		for (f = 0; f < F_MAX; f++)
			if (strlen(field_names[f]) == (size_t)(sp - line) &&
			    !memcmp(line, field_names[f], (size_t)(sp - line)))
				break;
		if (f == F_MAX || !(allowed & 1u << f) || fs->seen & 1u << f ||
		    parse_field(f, sp + 1, (size_t)(nl - sp - 1), fs))
			return -EINVAL;
		fs->seen |= 1u << f;
	}
	return (fs->seen & required) == required ? 0 : -EINVAL;
}

#define BIT(f)	(1u << (f))

int mip4d_record_parse(const char *text, struct mip4d_acct_record *r)
{
	struct fields fs;
	bool session_record;

	if (parse_fields(text, MAGIC_RECORD,
			 BIT(F_STATUS) | BIT(F_NAI) | BIT(F_SESSION) |
			 BIT(F_HOME) | BIT(F_COA) | BIT(F_NAS) | BIT(F_EVENT) |
			 BIT(F_SESSION_TIME) | BIT(F_CAUSE) | BIT(F_COUNTERS) |
			 BIT(F_CLASS),
			 BIT(F_STATUS) | BIT(F_SESSION) | BIT(F_NAS) |
			 BIT(F_EVENT), &fs))
		return -EINVAL;
	switch (fs.status) {
	case RADIUS_ACCT_START:
	case RADIUS_ACCT_STOP:
	case RADIUS_ACCT_INTERIM_UPDATE:
		session_record = true;
		break;
	case RADIUS_ACCT_ON:
	case RADIUS_ACCT_OFF:
		session_record = false;
		break;
	default:
		return -EINVAL;
	}
	/* A session's records name it; On and Off name none. */
	if (session_record != ((fs.seen & (BIT(F_NAI) | BIT(F_HOME) |
					   BIT(F_COA))) ==
			       (BIT(F_NAI) | BIT(F_HOME) | BIT(F_COA))) ||
	    (!session_record && fs.seen & (BIT(F_NAI) | BIT(F_HOME) |
					   BIT(F_COA))) ||
	    (session_record && !fs.home))
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->status = fs.status;
	memcpy(r->nai, fs.nai, fs.nai_len);
	r->nai_len = fs.nai_len;
	memcpy(r->session_id, fs.session, sizeof(r->session_id));
	r->home = fs.home;
	r->coa = fs.coa;
	r->nas_ip = fs.nas;
	r->event_time = fs.event;
	r->session_time = fs.session_time;
	r->cause = fs.cause;
	r->has_counters = fs.seen & BIT(F_COUNTERS);
	r->counters = fs.counters;
	memcpy(r->class_, fs.class_, fs.class_len);
	r->class_len = fs.class_len;
	return 0;
}

int mip4d_session_parse(const char *text, struct mip4d_session_state *s)
{
	struct fields fs;

	if (parse_fields(text, MAGIC_SESSION,
			 BIT(F_SESSION) | BIT(F_NAI) | BIT(F_HOME) |
			 BIT(F_COA) | BIT(F_NAS) | BIT(F_STARTED) |
			 BIT(F_INTERIM) | BIT(F_BASE) | BIT(F_COUNTERS) |
			 BIT(F_LAST_TIME) | BIT(F_CLASS),
			 BIT(F_SESSION) | BIT(F_NAI) | BIT(F_HOME) |
			 BIT(F_COA) | BIT(F_NAS) | BIT(F_STARTED) |
			 BIT(F_BASE) | BIT(F_COUNTERS) | BIT(F_LAST_TIME),
			 &fs) || !fs.home)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	memcpy(s->session_id, fs.session, sizeof(s->session_id));
	memcpy(s->nai, fs.nai, fs.nai_len);
	s->nai_len = fs.nai_len;
	s->home = fs.home;
	s->coa = fs.coa;
	s->nas_ip = fs.nas;
	s->started = fs.started;
	s->interim_s = fs.interim;
	s->base = fs.base;
	s->last = fs.counters;
	s->last_time = fs.last_time;
	memcpy(s->class_, fs.class_, fs.class_len);
	s->class_len = fs.class_len;
	return 0;
}

/* ---- on the wire ---- */

enum radius_err mip4d_record_request(const struct mip4d_acct_record *r,
				     const char *nas_identifier, uint8_t id,
				     const void *secret, size_t secret_len,
				     uint8_t *buf, size_t size, size_t *len,
				     struct radius_sent *sent)
{
	struct mip4d_nas nas = { .ip = r->nas_ip,
				 .identifier = nas_identifier };
	uint32_t now = (uint32_t)time(NULL);
	struct mip4d_acct_info a = {
		.status = r->status,
		.nai = r->nai,
		.nai_len = r->nai_len,
		.home = r->home,
		.coa = r->coa,
		.session_id = r->session_id,
		/* RFC 2866 §5.2: how long it has been trying to send this
		 * record; anew for each Identifier, so it may grow.
		 */
		.delay = now > r->event_time ? now - r->event_time : 0,
		.event_time = r->event_time,
		.session_time = r->session_time,
		.terminate_cause = r->cause,
		.counters = r->has_counters ? &r->counters : NULL,
		.class_ = r->class_,
		.class_len = r->class_len,
	};

	return mip4d_accounting_request(&a, &nas, id, secret, secret_len, buf,
					size, len, sent);
}
