// SPDX-License-Identifier: GPL-2.0
/* mip4ctl sa add, del, set, show. */

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mip4ha.h"
#include "mip4ha_names.h"
#include "ctl.h"

/* Decimal, or hexadecimal with 0x; at most UINT32_MAX. */
static bool parse_u32_any(const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!isxdigit((unsigned char)*s))
			return false;
	} else if (*s < '0' || *s > '9') {
		return false;
	}
	errno = 0;
	n = strtoull(s, &end, base);
	if (errno || *end || n > UINT32_MAX)
		return false;
	*v = (uint32_t)n;
	return true;
}

#define KEY_TEXT_MAX 4096

/*
 * Reads a key file (or standard input for "-"): hex digits, whitespace
 * anywhere ignored, an optional 0x in front. Returns the key length, or -1
 * after printing why. The caller wipes @key.
 */
static int read_key_file(const char *path, uint8_t *key, size_t size)
{
	char text[KEY_TEXT_MAX + 1];
	size_t len = 0, i, n = 0;
	const char *name = strcmp(path, "-") ? path : "(standard input)";
	int hi = -1, r = -1;
	FILE *f;

	if (!strcmp(path, "-")) {
		f = stdin;
	} else {
		f = fopen(path, "re");
		if (!f) {
			fail("sa add: cannot open key file \"%s\": %s", name,
			     strerror(errno));
			return -1;
		}
	}
	len = fread(text, 1, sizeof(text), f);
	if (ferror(f)) {
		fail("sa add: cannot read key file \"%s\": %s", name,
		     strerror(errno));
		goto out;
	}
	if (len > KEY_TEXT_MAX) {
		fail("sa add: key file \"%s\" is too long", name);
		goto out;
	}
	i = 0;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	if (i + 1 < len && text[i] == '0' && (text[i + 1] == 'x' ||
					      text[i + 1] == 'X'))
		i += 2;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		int d;

		if (isspace(c))
			continue;
		if (!isxdigit(c)) {
			fail("sa add: key file \"%s\": not hexadecimal text",
			     name);
			goto out;
		}
		d = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
		if (hi < 0) {
			hi = d;
			continue;
		}
		if (n == size) {
			fail("sa add: key file \"%s\": key too long", name);
			goto out;
		}
		key[n++] = (uint8_t)(hi << 4 | d);
		hi = -1;
	}
	if (hi >= 0) {
		fail("sa add: key file \"%s\": odd number of hex digits", name);
		goto out;
	}
	if (n == 0) {
		fail("sa add: key file \"%s\" holds no key", name);
		goto out;
	}
	r = (int)n;
out:
	explicit_bzero(text, sizeof(text));
	if (f != stdin)
		fclose(f);
	return r;
}

struct sa_args {
	const char *nai;
	bool has_home;
	uint32_t home;		/* network byte order */
	bool has_spi;
	uint32_t spi;
	int algorithm;		/* 0: not given */
	int replay;
	bool has_tolerance;
	uint32_t tolerance;
	const char *key_file;
	bool secrets;
	uint32_t key_lifetime;	/* sa set; 0: not given */
};

enum { SA_ADD, SA_DEL, SA_SHOW, SA_SET };

/* Parses the keywords of sa add, del or show; prints why it fails. */
static int parse_sa_args(int which, int argc, char **argv, struct sa_args *a)
{
	static const char *const what[] = { "sa add", "sa del", "sa show",
					    "sa set" };
	const char *cmd = what[which];
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i++) {
		const char *key = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool known = true, valued = true, dup = false;

		if (!strcmp(key, "secrets") && which == SA_SHOW) {
			dup = a->secrets;
			a->secrets = true;
			valued = false;
		} else if (!val && (!strcmp(key, "nai") ||
				    !strcmp(key, "home-address") ||
				    !strcmp(key, "spi") ||
				    (which == SA_SET &&
				     !strcmp(key, "key-lifetime")) ||
				    (which == SA_ADD &&
				     (!strcmp(key, "algorithm") ||
				      !strcmp(key, "replay") ||
				      !strcmp(key, "replay-tolerance") ||
				      !strcmp(key, "key-file"))))) {
			return fail("%s: %s needs a value", cmd, key);
		} else if (!strcmp(key, "nai")) {
			dup = a->nai != NULL;
			if (!*val || strlen(val) > 255)
				return fail("%s: invalid nai \"%s\" (1 to 255 octets)",
					    cmd, val);
			a->nai = val;
		} else if (!strcmp(key, "home-address")) {
			dup = a->has_home;
			if (!parse_addr(val, &a->home))
				return fail("%s: invalid address \"%s\"", cmd,
					    val);
			a->has_home = true;
		} else if (!strcmp(key, "spi")) {
			dup = a->has_spi;
			if (!parse_u32_any(val, &a->spi))
				return fail("%s: invalid spi \"%s\"", cmd, val);
			a->has_spi = true;
		} else if (which == SA_SET && !strcmp(key, "key-lifetime")) {
			dup = a->key_lifetime != 0;
			if (!parse_u32(val, UINT32_MAX, &a->key_lifetime) ||
			    !a->key_lifetime)
				return fail("sa set: invalid key-lifetime \"%s\" (1 to 4294967295 seconds)",
					    val);
		} else if (which != SA_ADD) {
			known = false;
		} else if (!strcmp(key, "algorithm")) {
			dup = a->algorithm != 0;
			a->algorithm = mip4ha_algorithm_value(val);
			if (a->algorithm < 0)
				return fail("sa add: invalid algorithm \"%s\" (hmac-md5, hmac-sha256 or keyed-md5)",
					    val);
		} else if (!strcmp(key, "replay")) {
			dup = a->replay != 0;
			a->replay = mip4ha_replay_value(val);
			if (a->replay < 0)
				return fail("sa add: invalid replay \"%s\" (timestamp or nonce)",
					    val);
		} else if (!strcmp(key, "replay-tolerance")) {
			dup = a->has_tolerance;
			if (!parse_u32(val, UINT32_MAX, &a->tolerance))
				return fail("sa add: invalid replay-tolerance \"%s\"",
					    val);
			a->has_tolerance = true;
		} else if (!strcmp(key, "key-file")) {
			dup = a->key_file != NULL;
			a->key_file = val;
		} else {
			known = false;
		}
		if (!known) {
			if (which == SA_ADD && !strcmp(key, "key"))
				return fail("sa add: the key is never given on the command line; use key-file FILE (or - for standard input)");
			return fail("%s: unknown keyword \"%s\"", cmd, key);
		}
		if (dup)
			return fail("%s: %s given twice", cmd, key);
		if (valued)
			i++;
	}
	if (a->nai && a->has_home)
		return fail("%s: give nai or home-address, not both", cmd);
	if (which == SA_SHOW)
		return 0;
	if (!a->nai && !a->has_home)
		return fail("%s: needs nai N or home-address A", cmd);
	if (!a->has_spi)
		return fail("%s: needs spi S", cmd);
	if (which == SA_ADD && !a->key_file)
		return fail("sa add: needs key-file FILE (or - for standard input)");
	if (which == SA_SET && !a->key_lifetime)
		return fail("sa set: needs key-lifetime L");
	if (which == SA_SET && a->has_home)
		return fail("sa set: only the dynamic keys of a nai have a key lifetime");
	return 0;
}

/* The identity and SPI of a request. */
static int put_sa_key(struct nl_msg *req, const struct sa_args *a)
{
	if (a->nai && nla_put(req, MIP4HA_A_SA_NAI, (int)strlen(a->nai),
			      a->nai) < 0)
		return -1;
	if (a->has_home && nla_put(req, MIP4HA_A_SA_HOME_ADDRESS,
				   sizeof(a->home), &a->home) < 0)
		return -1;
	if (a->has_spi && nla_put_u32(req, MIP4HA_A_SA_SPI, a->spi) < 0)
		return -1;
	return 0;
}

static int sa_add(struct ctl *ctl, int argc, char **argv)
{
	uint8_t key[KEY_MAX];
	struct sa_args a;
	struct mip4_nl *nl;
	struct nl_msg *req;
	int r, key_len;

	(void)ctl;
	if (parse_sa_args(SA_ADD, argc, argv, &a))
		return 1;
	key_len = read_key_file(a.key_file, key, sizeof(key));
	if (key_len < 0)
		return 1;
	if (open_nl(&nl)) {
		explicit_bzero(key, sizeof(key));
		return 1;
	}
	req = mip4_nl_msg(nl, MIP4HA_CMD_SA_NEW);
	if (req && (put_sa_key(req, &a) < 0 ||
		    (a.algorithm &&
		     nla_put_u8(req, MIP4HA_A_SA_ALGORITHM,
				(uint8_t)a.algorithm) < 0) ||
		    (a.replay &&
		     nla_put_u8(req, MIP4HA_A_SA_REPLAY, (uint8_t)a.replay) < 0) ||
		    (a.has_tolerance &&
		     nla_put_u32(req, MIP4HA_A_SA_REPLAY_TOLERANCE,
				 a.tolerance) < 0) ||
		    nla_put(req, MIP4HA_A_SA_KEY, key_len, key) < 0)) {
		nlmsg_free(req);
		req = NULL;
	}
	explicit_bzero(key, sizeof(key));
	/* Keep the message after the call to wipe the key it holds. */
	if (req)
		nlmsg_get(req);
	r = call(nl, req, 0, NULL, NULL, mip4ha_sa_attr_str);
	if (req) {
		explicit_bzero(nlmsg_hdr(req), nlmsg_hdr(req)->nlmsg_len);
		nlmsg_free(req);
	}
	mip4_nl_close(nl);
	return r;
}

static int sa_del(struct ctl *ctl, int argc, char **argv)
{
	struct sa_args a;
	struct mip4_nl *nl;
	struct nl_msg *req;
	int r;

	(void)ctl;
	if (parse_sa_args(SA_DEL, argc, argv, &a))
		return 1;
	if (open_nl(&nl))
		return 1;
	req = mip4_nl_msg(nl, MIP4HA_CMD_SA_DEL);
	if (req && put_sa_key(req, &a) < 0) {
		nlmsg_free(req);
		req = NULL;
	}
	r = call(nl, req, 0, NULL, NULL, mip4ha_sa_attr_str);
	mip4_nl_close(nl);
	return r;
}

/* A node's dynamic keys end key-lifetime seconds from now. */
static int sa_set(struct ctl *ctl, int argc, char **argv)
{
	struct sa_args a;
	struct mip4_nl *nl;
	struct nl_msg *req;
	int r;

	(void)ctl;
	if (parse_sa_args(SA_SET, argc, argv, &a))
		return 1;
	if (open_nl(&nl))
		return 1;
	req = mip4_nl_msg(nl, MIP4HA_CMD_SA_SET);
	if (req && (put_sa_key(req, &a) < 0 ||
		    nla_put_u32(req, MIP4HA_A_SA_KEY_LIFETIME,
				a.key_lifetime) < 0)) {
		nlmsg_free(req);
		req = NULL;
	}
	r = call(nl, req, 0, NULL, NULL, mip4ha_sa_attr_str);
	mip4_nl_close(nl);
	return r;
}

/* ---- sa show --------------------------------------------------------------- */

struct sa_show_ctx {
	const struct sa_args *filter;
	struct list list;
};

static bool sa_matches(const struct sa_args *f, const struct sa_info *s)
{
	if (f->nai && (!s->has_nai || s->nai_len != strlen(f->nai) ||
		       memcmp(s->nai, f->nai, s->nai_len)))
		return false;
	if (f->has_home && (!s->has_home || s->home != f->home))
		return false;
	return !f->has_spi || s->spi == f->spi;
}

static int sa_show_reply(struct nlattr **tb, void *arg)
{
	struct sa_show_ctx *c = arg;
	struct sa_info s, *p;
	int r;

	r = sa_parse(tb, &s);
	if (!r && sa_matches(c->filter, &s)) {
		p = list_add(&c->list);
		if (p)
			*p = s;
		else
			r = -ENOMEM;
	}
	explicit_bzero(&s, sizeof(s));
	return r;
}

static int sa_cmp(const void *x, const void *y)
{
	const struct sa_info *a = x, *b = y;
	int r;

	if (a->has_nai != b->has_nai)
		return a->has_nai ? 1 : -1;
	if (a->has_nai) {
		size_t n = a->nai_len < b->nai_len ? a->nai_len : b->nai_len;

		r = memcmp(a->nai, b->nai, n);
		if (r)
			return r;
		if (a->nai_len != b->nai_len)
			return a->nai_len < b->nai_len ? -1 : 1;
	} else if (a->home != b->home) {
		return ntohl(a->home) < ntohl(b->home) ? -1 : 1;
	}
	return a->spi < b->spi ? -1 : a->spi > b->spi;
}

static int sa_show(struct ctl *ctl, int argc, char **argv)
{
	struct sa_show_ctx c = { 0 };
	struct mip4_nl_error e;
	struct mip4_json j;
	struct sa_args a;
	struct mip4_nl *nl;
	struct nl_msg *req;
	size_t i;
	int r;

	if (parse_sa_args(SA_SHOW, argc, argv, &a))
		return 1;
	c.filter = &a;
	c.list.size = sizeof(struct sa_info);
	c.list.wipe = true;
	if (open_nl(&nl))
		return 1;
	req = mip4_nl_msg(nl, MIP4HA_CMD_SA_GET);
	/* One SA when it is named entirely, else a dump filtered here. */
	if (req && (a.nai || a.has_home) && a.has_spi) {
		if (put_sa_key(req, &a) < 0) {
			nlmsg_free(req);
			req = NULL;
		}
	}
	if (req && a.secrets &&
	    nla_put_flag(req, MIP4HA_A_SA_WITH_SECRETS) < 0) {
		nlmsg_free(req);
		req = NULL;
	}
	if ((a.nai || a.has_home) && a.has_spi)
		r = mip4_nl_call(nl, req, MIP4HA_A_SA_MAX, sa_show_reply, &c,
				 &e);
	else
		r = mip4_nl_dump(nl, req, MIP4HA_A_SA_MAX, sa_show_reply, &c,
				 &e);
	mip4_nl_close(nl);
	if (r < 0) {
		/* Linux 6.1 drops the message a dump's start gives. */
		if (e.err == EPERM && a.secrets && !e.msg[0])
			snprintf(e.msg, sizeof(e.msg),
				 "secrets need CAP_NET_ADMIN (%s)",
				 strerror(EPERM));
		mip4_nl_error_print(stderr, &e, mip4ha_sa_attr_str);
		list_free(&c.list);
		return 1;
	}
	qsort(c.list.items, c.list.n, c.list.size, sa_cmp);
	if (ctl->json) {
		mip4_json_init(&j, stdout, ctl->pretty);
		mip4_json_arr_open(&j, NULL);
	}
	for (i = 0; i < c.list.n; i++)
		sa_print(ctl, &j, (struct sa_info *)c.list.items + i, false);
	if (ctl->json) {
		mip4_json_arr_close(&j);
		mip4_json_end(&j);
	}
	list_free(&c.list);
	return 0;
}

int cmd_sa(struct ctl *ctl, int argc, char **argv)
{
	static const struct subcommand sa_cmds[] = {
		{ "show", sa_show, "", "" },
		{ "add", sa_add, "", "" },
		{ "del", sa_del, "", "" },
		{ "set", sa_set, "", "" },
	};

	return run_subcommand(ctl, "sa", sa_cmds, N_OF(sa_cmds), argc, argv);
}
