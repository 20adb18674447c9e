// SPDX-License-Identifier: GPL-2.0
/* mip4d: the configuration file (see etc/mip4d.conf.example). */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gsup.h"
#include "mip4d.h"

/* Section defaults of [aaa] and [accounting]: what a new server starts with. */
struct server_defaults {
	uint8_t secret[MIP4D_SECRET_MAX];
	size_t secret_len;
	unsigned int timeout_ms;
	unsigned int tries;
	bool require_msg_auth;
};

struct conf_state {
	struct mip4d_conf *c;
	const char *dir;
	struct server_defaults aaa_def, acct_def, dynauth_def, group_def;
	/* [aaa REALM]: its index in c->groups, -1 before the first */
	int group;
	/* the section of the last server line, to which its settings go */
	struct mip4d_server_set *last_set;
};

static const char *const level_names[] = {
	[LOG_ERR] = "err", [LOG_WARNING] = "warning",
	[LOG_NOTICE] = "notice", [LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

int mip4d_log_level(const char *name)
{
	int i;

	for (i = LOG_ERR; i <= LOG_DEBUG; i++)
		if (level_names[i] && !strcasecmp(name, level_names[i]))
			return i;
	if (!strcasecmp(name, "error"))
		return LOG_ERR;
	if (!strcasecmp(name, "warn"))
		return LOG_WARNING;
	return -EINVAL;
}

static int fail(struct mip4_conf_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct mip4_conf_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int parse_uint(const char *v, unsigned long min, unsigned long max,
		      unsigned long *out)
{
	char *end;
	unsigned long n;

	if (!*v || *v == '-' || *v == '+')
		return -EINVAL;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return -EINVAL;
	*out = n;
	return 0;
}

/* "a.b.c.d" or "a.b.c.d:port" */
static int parse_server(const char *v, uint16_t def_port, struct sockaddr_in *sa)
{
	char host[INET_ADDRSTRLEN];
	const char *colon = strchr(v, ':');
	size_t n = colon ? (size_t)(colon - v) : strlen(v);
	unsigned long port = def_port;

	if (n >= sizeof(host))
		return -EINVAL;
	memcpy(host, v, n);
	host[n] = '\0';
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return -EINVAL;
	if (colon && parse_uint(colon + 1, 1, 65535, &port))
		return -EINVAL;
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

/*
 * A RADIUS shared secret is text: the file's content without its final
 * line break. (Unlike mip4_secret_read(), no hex decoding: "deadbeef" is an
 * eight-character secret to FreeRADIUS.)
 */
static int read_secret_file(const char *dir, const char *path, uint8_t *out,
			    size_t *out_len, struct mip4_conf_error *err)
{
	char full[PATH_MAX];
	uint8_t buf[MIP4D_SECRET_MAX + 2];
	size_t len = 0;
	ssize_t n;
	int fd, e;

	if (path[0] != '/' && dir)
		snprintf(full, sizeof(full), "%s/%s", dir, path);
	else
		snprintf(full, sizeof(full), "%s", path);
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		snprintf(err->msg, sizeof(err->msg), "%.100s: %s", full,
			 strerror(e));
		return -e;
	}
	while (len < sizeof(buf)) {
		n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	e = n < 0 ? errno : 0;
	close(fd);
	if (e) {
		explicit_bzero(buf, sizeof(buf));
		snprintf(err->msg, sizeof(err->msg), "%.100s: %s", full,
			 strerror(e));
		return -e;
	}
	if (len && buf[len - 1] == '\n')
		len--;
	if (len && buf[len - 1] == '\r')
		len--;
	if (len > MIP4D_SECRET_MAX || !len) {
		explicit_bzero(buf, sizeof(buf));
		snprintf(err->msg, sizeof(err->msg),
			 "%.100s: the secret must be 1-%d octets", full,
			 MIP4D_SECRET_MAX);
		return -EINVAL;
	}
	memcpy(out, buf, len);
	*out_len = len;
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

static int global_key(struct conf_state *st, const char *key, const char *v,
		      struct mip4_conf_error *err)
{
	struct mip4d_conf *c = st->c;
	unsigned long n;
	int level;

	if (!strcmp(key, "log_level")) {
		level = mip4d_log_level(v);
		if (level < 0)
			return fail(err, "log_level: want err, warning, notice, info or debug, not '%.40s'", v);
		c->log_level = level;
	} else if (!strcmp(key, "nas_identifier")) {
		if (strlen(v) > MIP4D_NAS_ID_MAX)
			return fail(err, "nas_identifier: longer than %d octets", MIP4D_NAS_ID_MAX);
		snprintf(c->nas_identifier, sizeof(c->nas_identifier), "%s", v);
	} else if (!strcmp(key, "key_lifetime_default")) {
		if (parse_uint(v, 0, UINT32_MAX, &n))
			return fail(err, "key_lifetime_default: want seconds, not '%.40s'", v);
		c->key_lifetime_default = (uint32_t)n;
	} else if (!strcmp(key, "second_device")) {
		if (!strcmp(v, "replace"))
			c->second_device = MIP4D_SECOND_DEVICE_REPLACE;
		else if (!strcmp(v, "refuse"))
			c->second_device = MIP4D_SECOND_DEVICE_REFUSE;
		else
			return fail(err, "second_device: want replace or refuse, not '%.40s'", v);
	} else if (!strcmp(key, "vendor_id")) {
		if (parse_uint(v, 0, UINT32_MAX, &n))
			return fail(err, "vendor_id: want a number, not '%.40s'", v);
		c->vendor_id = (uint32_t)n;
	} else {
		return fail(err, "unknown setting '%.60s'", key);
	}
	return 0;
}

/*
 * A server line starts a server with the section's defaults so far; the
 * settings after it (until the next server line) are its own.
 */
static int server_key(struct conf_state *st, struct mip4d_server_set *set,
		      struct server_defaults *def, const char *key,
		      const char *v, struct mip4_conf_error *err)
{
	struct mip4d_server *srv = NULL;
	uint8_t *secret;
	size_t *secret_len;
	unsigned int *timeout_ms, *tries;
	bool *require;
	unsigned long n;
	int r;

	if (!strcmp(key, set->dynauth ? "client" : "server")) {
		if (set->n == MIP4D_SERVERS_MAX)
			return fail(err, "more than %d %ss", MIP4D_SERVERS_MAX,
				    key);
		srv = &set->servers[set->n];
		memset(srv, 0, sizeof(*srv));
		if (set->dynauth) {
			/* A client is its address; it sends from any port. */
			if (strchr(v, ':') || parse_server(v, 0, &srv->addr))
				return fail(err, "client: want an IPv4 address, not '%.40s'", v);
			snprintf(srv->name, sizeof(srv->name), "%s",
				 inet_ntoa(srv->addr.sin_addr));
		} else {
			if (parse_server(v, set->accounting ? MIP4D_ACCT_PORT :
					 MIP4D_AUTH_PORT, &srv->addr))
				return fail(err, "server: want an IPv4 address[:port], not '%.40s'", v);
			snprintf(srv->name, sizeof(srv->name), "%s:%u",
				 inet_ntoa(srv->addr.sin_addr),
				 ntohs(srv->addr.sin_port));
		}
		memcpy(srv->secret, def->secret, def->secret_len);
		srv->secret_len = def->secret_len;
		srv->timeout_ms = def->timeout_ms;
		srv->tries = def->tries;
		srv->require_msg_auth = def->require_msg_auth;
		srv->fd = -1;
		set->n++;
		st->last_set = set;
		return 0;
	}

	if (st->last_set == set && set->n) {
		srv = &set->servers[set->n - 1];
		secret = srv->secret;
		secret_len = &srv->secret_len;
		timeout_ms = &srv->timeout_ms;
		tries = &srv->tries;
		require = &srv->require_msg_auth;
	} else {
		secret = def->secret;
		secret_len = &def->secret_len;
		timeout_ms = &def->timeout_ms;
		tries = &def->tries;
		require = &def->require_msg_auth;
	}

	if (!strcmp(key, "secret")) {
		if (!*v || strlen(v) > MIP4D_SECRET_MAX)
			return fail(err, "secret: 1-%d octets", MIP4D_SECRET_MAX);
		explicit_bzero(secret, MIP4D_SECRET_MAX);
		*secret_len = strlen(v);
		memcpy(secret, v, *secret_len);
		st->c->inline_secret = true;
	} else if (!strcmp(key, "secret_file")) {
		explicit_bzero(secret, MIP4D_SECRET_MAX);
		r = read_secret_file(st->dir, v, secret, secret_len, err);
		if (r)
			return r;
	} else if (set->dynauth) {
		/* Message-Authenticator is always required of a client. */
		return fail(err, "unknown setting '%.60s'", key);
	} else if (!strcmp(key, "timeout_ms")) {
		if (parse_uint(v, 10, 60000, &n))
			return fail(err, "timeout_ms: want 10-60000, not '%.40s'", v);
		*timeout_ms = (unsigned int)n;
	} else if (!strcmp(key, "tries")) {
		if (parse_uint(v, 1, 10, &n))
			return fail(err, "tries: want 1-10, not '%.40s'", v);
		*tries = (unsigned int)n;
	} else if (!strcmp(key, "require_message_authenticator") &&
		   !set->accounting) {
		r = mip4_conf_bool(v);
		if (r < 0)
			return fail(err, "require_message_authenticator: want yes or no, not '%.40s'", v);
		*require = r;
	} else {
		return fail(err, "unknown setting '%.60s'", key);
	}
	return 0;
}

static int backoff_key(struct conf_state *st, const char *key, const char *v,
		       struct mip4_conf_error *err)
{
	struct mip4d_backoff_conf *b = &st->c->backoff;
	unsigned long n;

	if (!strcmp(key, "failures")) {
		if (parse_uint(v, 0, 1000000, &n))
			return fail(err, "failures: want a number (0: no back-off), not '%.40s'", v);
		b->failures = (unsigned int)n;
	} else if (!strcmp(key, "window")) {
		if (parse_uint(v, 1, 86400, &n))
			return fail(err, "window: want 1 to 86400 seconds, not '%.40s'", v);
		b->window_s = (uint32_t)n;
	} else if (!strcmp(key, "hold")) {
		if (parse_uint(v, 1, 86400, &n))
			return fail(err, "hold: want 1 to 86400 seconds, not '%.40s'", v);
		b->hold_s = (uint32_t)n;
	} else {
		return fail(err, "unknown setting '%.60s'", key);
	}
	return 0;
}

/* [accounting]: the servers, and the interim records of every session. */
static int acct_key(struct conf_state *st, const char *key, const char *v,
		    struct mip4_conf_error *err)
{
	struct mip4d_interim_conf *i = &st->c->accounting.interim;
	unsigned long n;
	int r;

	if (!strcmp(key, "interim_interval")) {
		if (parse_uint(v, 0, 86400, &n))
			return fail(err, "interim_interval: want 0 (none) to 86400 seconds, not '%.40s'", v);
		i->interval_s = (uint32_t)n;
	} else if (!strcmp(key, "static_keys")) {
		r = mip4_conf_bool(v);
		if (r < 0)
			return fail(err, "static_keys: want yes or no, not '%.40s'", v);
		st->c->accounting.static_keys = r;
	} else if (!strcmp(key, "interim_minimum")) {
		if (parse_uint(v, 1, 86400, &n))
			return fail(err, "interim_minimum: want 1 to 86400 seconds, not '%.40s'", v);
		i->minimum_s = (uint32_t)n;
	} else if (!strcmp(key, "state_dir")) {
		if (!strcmp(v, "none")) {
			st->c->accounting.state_dir[0] = '\0';
			return 0;
		}
		if (v[0] != '/' ||
		    strlen(v) >= sizeof(st->c->accounting.state_dir))
			return fail(err, "state_dir: want an absolute path (under %zu characters) or none, not '%.40s'",
				    sizeof(st->c->accounting.state_dir), v);
		strcpy(st->c->accounting.state_dir, v);
	} else if (!strcmp(key, "spool_max")) {
		if (parse_uint(v, 1, 10000000, &n))
			return fail(err, "spool_max: want 1 to 10000000 records, not '%.40s'", v);
		st->c->accounting.spool_max = (unsigned int)n;
	} else if (!strcmp(key, "retry_interval")) {
		if (parse_uint(v, 1, 3600, &n))
			return fail(err, "retry_interval: want 1 to 3600 seconds, not '%.40s'", v);
		st->c->accounting.retry_s = (unsigned int)n;
	} else {
		return server_key(st, &st->c->acct, &st->acct_def, key, v,
				  err);
	}
	return 0;
}

/* [dynauth]: where Disconnect/CoA-Requests come, and from whom. */
static int dynauth_key(struct conf_state *st, const char *key, const char *v,
		       struct mip4_conf_error *err)
{
	struct mip4d_dynauth_conf *d = &st->c->dynauth;
	unsigned long n;

	if (!strcmp(key, "listen")) {
		if (parse_server(v, MIP4D_DYNAUTH_PORT, &d->listen))
			return fail(err, "listen: want an IPv4 address[:port], not '%.40s'", v);
	} else if (!strcmp(key, "event_window")) {
		if (parse_uint(v, 1, 86400, &n))
			return fail(err, "event_window: want 1 to 86400 seconds, not '%.40s'", v);
		d->event_window_s = (uint32_t)n;
	} else {
		return server_key(st, &st->c->dynauth_clients, &st->dynauth_def,
				  key, v, err);
	}
	return 0;
}

/* "map = NAI IMSI": an exact NAI, then 6 to 15 digits. */
static int aka_map_line(struct mip4d_aka_conf *a, const char *v,
			struct mip4_conf_error *err)
{
	const char *sp = strpbrk(v, " \t"), *imsi;
	struct mip4d_aka_map *m;
	size_t nai_len, n, i;

	if (!sp)
		return fail(err, "map: want NAI IMSI, not '%.60s'", v);
	nai_len = (size_t)(sp - v);
	imsi = sp + strspn(sp, " \t");
	n = strlen(imsi);
	if (!nai_len || nai_len > MIP4_NAI_MAX)
		return fail(err, "map: the NAI must be 1 to %d octets", MIP4_NAI_MAX);
	if (n < 6 || n > 15 || strspn(imsi, "0123456789") != n)
		return fail(err, "map: want an IMSI of 6 to 15 digits, not '%.40s'", imsi);
	for (i = 0; i < a->map_n; i++)
		if (a->map[i].nai_len == nai_len &&
		    !memcmp(a->map[i].nai, v, nai_len))
			return fail(err, "map: the NAI '%.*s' is mapped twice",
				    (int)(nai_len > 60 ? 60 : nai_len), v);
	if (a->map_n == MIP4D_AKA_MAP_MAX)
		return fail(err, "map: more than %d entries", MIP4D_AKA_MAP_MAX);
	m = realloc(a->map, (a->map_n + 1) * sizeof(*m));
	if (!m)
		return fail(err, "map: out of memory");
	a->map = m;
	m = &a->map[a->map_n++];
	memset(m, 0, sizeof(*m));
	memcpy(m->nai, v, nai_len);
	m->nai_len = nai_len;
	memcpy(m->imsi, imsi, n + 1);
	return 0;
}

/* [aka]: the HLR and the AV store (Documentation/mip4d.md, "AKA"). */
static int aka_key(struct conf_state *st, const char *key, const char *v,
		   struct mip4_conf_error *err)
{
	struct mip4d_aka_conf *a = &st->c->aka;
	unsigned long n;
	size_t i;

	a->enabled = true;
	if (!strcmp(key, "hlr")) {
		if (parse_server(v, MIP4D_GSUP_PORT, &a->hlr))
			return fail(err, "hlr: want an IPv4 address[:port], not '%.40s'", v);
	} else if (!strcmp(key, "gsup_name")) {
		for (i = 0; v[i]; i++)
			if (v[i] <= ' ' || v[i] > '~')
				break;
		if (!*v || v[i] || i > MIP4D_GSUP_NAME_MAX)
			return fail(err, "gsup_name: want 1 to %d printable characters without spaces", MIP4D_GSUP_NAME_MAX);
		snprintf(a->gsup_name, sizeof(a->gsup_name), "%s", v);
	} else if (!strcmp(key, "batch")) {
		if (parse_uint(v, 1, GSUP_MAX_VECTORS, &n))
			return fail(err, "batch: want 1 to %d vectors, not '%.40s'", GSUP_MAX_VECTORS, v);
		a->batch = (unsigned int)n;
	} else if (!strcmp(key, "av_max_age")) {
		if (parse_uint(v, 0, 86400 * 30, &n))
			return fail(err, "av_max_age: want 0 (never) to 2592000 seconds, not '%.40s'", v);
		a->av_max_age_s = (uint32_t)n;
	} else if (!strcmp(key, "challenge_lifetime")) {
		if (parse_uint(v, 1, 3600, &n))
			return fail(err, "challenge_lifetime: want 1 to 3600 seconds, not '%.40s'", v);
		a->challenge_lifetime_s = (uint32_t)n;
	} else if (!strcmp(key, "hlr_timeout_ms")) {
		if (parse_uint(v, 10, 60000, &n))
			return fail(err, "hlr_timeout_ms: want 10-60000, not '%.40s'", v);
		a->hlr_timeout_ms = (unsigned int)n;
	} else if (!strcmp(key, "challenges_per_minute")) {
		if (parse_uint(v, 1, MIP4D_AKA_RATE_MAX, &n))
			return fail(err, "challenges_per_minute: want 1 to %d, not '%.40s'", MIP4D_AKA_RATE_MAX, v);
		a->challenges_per_minute = (unsigned int)n;
	} else if (!strcmp(key, "max_resync")) {
		if (parse_uint(v, 0, 10, &n))
			return fail(err, "max_resync: want 0 to 10, not '%.40s'", v);
		a->max_resync = (unsigned int)n;
	} else if (!strcmp(key, "key_lifetime")) {
		if (parse_uint(v, 1, UINT32_MAX, &n))
			return fail(err, "key_lifetime: want seconds (at least 1), not '%.40s'", v);
		a->key_lifetime_s = (uint32_t)n;
	} else if (!strcmp(key, "max_in_progress")) {
		if (parse_uint(v, 1, 1000000, &n))
			return fail(err, "max_in_progress: want 1 to 1000000, not '%.40s'", v);
		a->max_in_progress = (unsigned int)n;
	} else if (!strcmp(key, "map")) {
		return aka_map_line(a, v, err);
	} else {
		return fail(err, "unknown setting '%.60s'", key);
	}
	return 0;
}

static int realm_ok(const char *r)
{
	size_t i, n = strlen(r);

	if (!n || n > MIP4_NAI_MAX - 1)
		return 0;
	for (i = 0; i < n; i++)
		if (r[i] <= ' ' || r[i] > '~' || r[i] == '@')
			return 0;
	return 1;
}

/* "require = NAI|@realm aka|mschapv2|aka+mschapv2" */
static int policy_key(struct conf_state *st, const char *key, const char *v,
		      struct mip4_conf_error *err)
{
	struct mip4d_conf *c = st->c;
	const char *sp = strpbrk(v, " \t"), *what;
	struct mip4d_policy_rule *rule;
	enum mip4d_policy p;
	size_t n, i;

	if (strcmp(key, "require"))
		return fail(err, "unknown setting '%.60s'", key);
	if (!sp)
		return fail(err, "require: want NAI or @realm, then aka, mschapv2 or aka+mschapv2, not '%.60s'", v);
	n = (size_t)(sp - v);
	what = sp + strspn(sp, " \t");
	if (!strcmp(what, "aka"))
		p = MIP4D_POLICY_AKA;
	else if (!strcmp(what, "mschapv2"))
		p = MIP4D_POLICY_MSCHAPV2;
	else if (!strcmp(what, "aka+mschapv2"))
		p = MIP4D_POLICY_BOTH;
	else
		return fail(err, "require: want aka, mschapv2 or aka+mschapv2, not '%.40s'", what);
	if (!n || n > MIP4_NAI_MAX || (v[0] == '@' && n == 1))
		return fail(err, "require: the NAI or @realm must be 1 to %d octets", MIP4_NAI_MAX);
	for (i = 0; i < c->policy_n; i++)
		if (c->policy[i].who_len == n && !memcmp(c->policy[i].who, v, n))
			return fail(err, "require: '%.*s' is given twice",
				    (int)(n > 60 ? 60 : n), v);
	rule = realloc(c->policy, (c->policy_n + 1) * sizeof(*rule));
	if (!rule)
		return fail(err, "require: out of memory");
	c->policy = rule;
	rule = &c->policy[c->policy_n++];
	memset(rule, 0, sizeof(*rule));
	memcpy(rule->who, v, n);
	rule->who_len = n;
	rule->policy = p;
	return 0;
}

/* [aaa REALM]: a server group of its own, with [aaa]'s keys. */
static int group_key(struct conf_state *st, const char *realm,
		     const char *key, const char *v,
		     struct mip4_conf_error *err)
{
	struct mip4d_conf *c = st->c;
	struct mip4d_aaa_group *g;
	unsigned int i;

	if (st->group < 0 || strcasecmp(c->groups[st->group].realm, realm)) {
		if (!realm_ok(realm))
			return fail(err, "[aaa %.60s]: want a realm (no spaces, no @)", realm);
		for (i = 0; i < c->groups_n; i++)
			if (!strcasecmp(c->groups[i].realm, realm))
				return fail(err, "[aaa %.60s] given twice", realm);
		if (c->groups_n == MIP4D_GROUPS_MAX)
			return fail(err, "more than %d [aaa REALM] groups", MIP4D_GROUPS_MAX);
		g = realloc(c->groups, (c->groups_n + 1) * sizeof(*g));
		if (!g)
			return fail(err, "[aaa %.60s]: out of memory", realm);
		c->groups = g;
		g = &c->groups[c->groups_n];
		memset(g, 0, sizeof(*g));
		snprintf(g->realm, sizeof(g->realm), "%s", realm);
		for (i = 0; i < MIP4D_SERVERS_MAX; i++)
			g->set.servers[i].fd = -1;
		st->group = (int)c->groups_n++;
		explicit_bzero(&st->group_def, sizeof(st->group_def));
		st->group_def.timeout_ms = MIP4D_TIMEOUT_MS;
		st->group_def.tries = MIP4D_TRIES;
		st->group_def.require_msg_auth = true;
	}
	return server_key(st, &c->groups[st->group].set, &st->group_def, key,
			  v, err);
}

static int conf_cb(const char *section, const char *key, const char *value,
		   void *arg, struct mip4_conf_error *err)
{
	struct conf_state *st = arg;
	bool group = !strncmp(section, "aaa", 3) &&
		     (section[3] == ' ' || section[3] == '\t');

	/* Another section in between: the same [aaa REALM] again is twice. */
	if (!group)
		st->group = -1;
	if (!*section || !strcmp(section, "mip4d"))
		return global_key(st, key, value, err);
	if (!strcmp(section, "aaa"))
		return server_key(st, &st->c->aaa, &st->aaa_def, key, value,
				  err);
	if (group)
		return group_key(st, section + 4 + strspn(section + 4, " \t"),
				 key, value, err);
	if (!strcmp(section, "policy"))
		return policy_key(st, key, value, err);
	if (!strcmp(section, "accounting"))
		return acct_key(st, key, value, err);
	if (!strcmp(section, "backoff"))
		return backoff_key(st, key, value, err);
	if (!strcmp(section, "dynauth"))
		return dynauth_key(st, key, value, err);
	if (!strcmp(section, "aka"))
		return aka_key(st, key, value, err);
	return fail(err, "unknown section [%.60s]", section);
}

static int check_set(const struct mip4d_server_set *set, const char *name,
		     struct mip4_conf_error *err)
{
	unsigned int i;

	for (i = 0; i < set->n; i++) {
		if (!set->servers[i].secret_len) {
			snprintf(err->msg, sizeof(err->msg),
				 "[%s] %s %s has no secret or secret_file",
				 name, set->dynauth ? "client" : "server",
				 set->servers[i].name);
			return -EINVAL;
		}
	}
	return 0;
}

int mip4d_conf_read(FILE *f, const char *dir, struct mip4d_conf *c,
		    struct mip4_conf_error *err)
{
	struct conf_state st = { .c = c, .dir = dir, .group = -1 };
	unsigned int i;
	int r;

	memset(c, 0, sizeof(*c));
	c->refs = 1;
	c->log_level = LOG_INFO;
	c->acct.accounting = true;
	c->dynauth_clients.dynauth = true;
	c->dynauth.listen.sin_family = AF_INET;
	c->dynauth.listen.sin_port = htons(MIP4D_DYNAUTH_PORT);
	c->dynauth.event_window_s = MIP4D_EVENT_WINDOW_S;
	c->accounting.interim.minimum_s = MIP4D_INTERIM_MINIMUM_S;
	strcpy(c->accounting.state_dir, MIP4D_STATE_DIR);
	c->accounting.spool_max = MIP4D_SPOOL_MAX;
	c->accounting.retry_s = MIP4D_RETRY_S;
	c->backoff.failures = MIP4D_BACKOFF_FAILURES;
	c->backoff.window_s = MIP4D_BACKOFF_WINDOW_S;
	c->backoff.hold_s = MIP4D_BACKOFF_HOLD_S;
	if (gethostname(c->nas_identifier, sizeof(c->nas_identifier) - 1))
		c->nas_identifier[0] = '\0';
	c->aka.hlr.sin_family = AF_INET;
	c->aka.hlr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->aka.hlr.sin_port = htons(MIP4D_GSUP_PORT);
	/* Stable across restarts: it names our IND slot at the HLR. */
	snprintf(c->aka.gsup_name, sizeof(c->aka.gsup_name), "mip4d-%.50s",
		 c->nas_identifier[0] ? c->nas_identifier : "ha");
	c->aka.batch = MIP4D_AKA_BATCH;
	c->aka.av_max_age_s = MIP4D_AKA_AV_MAX_AGE_S;
	c->aka.challenge_lifetime_s = MIP4D_AKA_CHALLENGE_LIFETIME_S;
	c->aka.hlr_timeout_ms = MIP4D_AKA_HLR_TIMEOUT_MS;
	c->aka.challenges_per_minute = MIP4D_AKA_CHALLENGES_PER_MINUTE;
	c->aka.max_resync = MIP4D_AKA_MAX_RESYNC;
	c->aka.key_lifetime_s = MIP4D_AKA_KEY_LIFETIME_S;
	c->aka.max_in_progress = MIP4D_AKA_MAX_IN_PROGRESS;
	st.aaa_def.timeout_ms = st.acct_def.timeout_ms = MIP4D_TIMEOUT_MS;
	st.aaa_def.tries = st.acct_def.tries = MIP4D_TRIES;
	st.aaa_def.require_msg_auth = true;

	r = mip4_conf_parse(f, conf_cb, &st, err);
	explicit_bzero(&st.aaa_def, sizeof(st.aaa_def));
	explicit_bzero(&st.acct_def, sizeof(st.acct_def));
	explicit_bzero(&st.dynauth_def, sizeof(st.dynauth_def));
	explicit_bzero(&st.group_def, sizeof(st.group_def));
	if (!r && !c->aaa.n && !c->groups_n && !c->aka.enabled) {
		snprintf(err->msg, sizeof(err->msg),
			 "no [aaa] server and no [aka]: mip4d has nobody to ask");
		r = -EINVAL;
	}
	if (!r)
		r = check_set(&c->aaa, "aaa", err);
	for (i = 0; !r && i < c->groups_n; i++) {
		char name[80];

		snprintf(name, sizeof(name), "aaa %.60s", c->groups[i].realm);
		if (!c->groups[i].set.n) {
			snprintf(err->msg, sizeof(err->msg),
				 "[%.100s] has no server", name);
			r = -EINVAL;
		} else {
			r = check_set(&c->groups[i].set, name, err);
		}
	}
	if (!r)
		r = check_set(&c->acct, "accounting", err);
	if (!r)
		r = check_set(&c->dynauth_clients, "dynauth", err);
	for (i = 0; i < MIP4D_SERVERS_MAX; i++)
		c->aaa.servers[i].fd = c->acct.servers[i].fd =
			c->dynauth_clients.servers[i].fd = -1;
	if (r) {
		mip4d_conf_wipe(c);
		mip4d_conf_free_tables(c);
	}
	return r;
}

void mip4d_conf_free_tables(struct mip4d_conf *c)
{
	free(c->aka.map);
	c->aka.map = NULL;
	c->aka.map_n = 0;
	free(c->policy);
	c->policy = NULL;
	c->policy_n = 0;
	free(c->groups);
	c->groups = NULL;
	c->groups_n = 0;
}

/* The realm of @nai: after its last '@' (NULL, 0: none). */
static const uint8_t *nai_realm(const uint8_t *nai, size_t len, size_t *rlen)
{
	size_t i = len;

	while (i && nai[i - 1] != '@')
		i--;
	if (!i) {
		*rlen = 0;
		return NULL;
	}
	*rlen = len - i;
	return nai + i;
}

static bool realm_eq(const uint8_t *r, size_t rlen, const char *name)
{
	return rlen == strlen(name) && !strncasecmp((const char *)r, name, rlen);
}

enum mip4d_policy mip4d_policy_of(const struct mip4d_conf *c,
				  const uint8_t *nai, size_t len)
{
	const uint8_t *realm;
	enum mip4d_policy p = MIP4D_POLICY_ASK;
	size_t rlen;
	unsigned int i;

	realm = nai_realm(nai, len, &rlen);
	for (i = 0; i < c->policy_n; i++) {
		const struct mip4d_policy_rule *rule = &c->policy[i];

		if (rule->who[0] != '@') {
			if (rule->who_len == len && !memcmp(rule->who, nai, len))
				return rule->policy;
		} else if (realm && realm_eq(realm, rlen,
					     (const char *)rule->who + 1)) {
			p = rule->policy;
		}
	}
	return p;
}

const char *mip4d_policy_name(enum mip4d_policy p)
{
	switch (p) {
	case MIP4D_POLICY_AKA:
		return "aka";
	case MIP4D_POLICY_MSCHAPV2:
		return "mschapv2";
	case MIP4D_POLICY_BOTH:
		return "aka+mschapv2";
	default:
		return "as asked";
	}
}

uint8_t mip4d_policy_refuses(enum mip4d_policy p, uint16_t cvse_type,
			     uint16_t user_cvse_type)
{
	bool method1 = cvse_type == MIP4_CVSE_KEYGEN_REQ;
	bool aka = cvse_type == MIP4_CVSE_AKA_START ||
		   cvse_type == MIP4_CVSE_AKA_RESPONSE ||
		   cvse_type == MIP4_CVSE_AKA_FAILURE ||
		   (!cvse_type && user_cvse_type == MIP4_CVSE_USER_AUTH);

	if ((p == MIP4D_POLICY_AKA || p == MIP4D_POLICY_BOTH) && method1)
		return MIP4_CODE_PROHIBITED;
	if (p == MIP4D_POLICY_MSCHAPV2 && aka)
		return MIP4_CODE_PROHIBITED;
	return 0;
}

struct mip4d_server_set *mip4d_aaa_set(struct mip4d_conf *c,
				       const uint8_t *nai, size_t len)
{
	const uint8_t *realm = NULL;
	size_t rlen = 0;
	unsigned int i;

	if (nai)
		realm = nai_realm(nai, len, &rlen);
	for (i = 0; realm && i < c->groups_n; i++)
		if (realm_eq(realm, rlen, c->groups[i].realm))
			return &c->groups[i].set;
	return &c->aaa;
}

int mip4d_conf_load(const char *path, struct mip4d_conf *c,
		    struct mip4_conf_error *err)
{
	char dir[PATH_MAX];
	struct stat stbuf;
	char *slash;
	FILE *f;
	int r;

	err->line = 0;
	err->msg[0] = '\0';
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	f = fopen(path, "re");
	if (!f)
		return -errno;
	r = mip4d_conf_read(f, dir, c, err);
	if (!r && c->inline_secret && !fstat(fileno(f), &stbuf) &&
	    (stbuf.st_mode & (S_IRWXG | S_IRWXO)))
		mip4d_warn("%s holds a secret and is readable by others (mode %03o); chmod 600 it or use secret_file",
			   path, (unsigned int)(stbuf.st_mode & 0777));
	fclose(f);
	return r;
}

void mip4d_conf_wipe(struct mip4d_conf *c)
{
	unsigned int i, g;

	for (i = 0; i < MIP4D_SERVERS_MAX; i++) {
		explicit_bzero(c->aaa.servers[i].secret, MIP4D_SECRET_MAX);
		explicit_bzero(c->acct.servers[i].secret, MIP4D_SECRET_MAX);
		explicit_bzero(c->dynauth_clients.servers[i].secret,
			       MIP4D_SECRET_MAX);
		c->aaa.servers[i].secret_len = 0;
		for (g = 0; g < c->groups_n; g++) {
			explicit_bzero(c->groups[g].set.servers[i].secret,
				       MIP4D_SECRET_MAX);
			c->groups[g].set.servers[i].secret_len = 0;
		}
		c->acct.servers[i].secret_len = 0;
		c->dynauth_clients.servers[i].secret_len = 0;
	}
}

/* The configuration new requests use: the last one loaded. */
static struct mip4d_conf *current;

struct mip4d_conf *mip4d_conf_current(void)
{
	return current;
}

void mip4d_conf_set_current(struct mip4d_conf *c)
{
	current = c;
}
