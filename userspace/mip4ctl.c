// SPDX-License-Identifier: GPL-2.0
/*
 * mip4ctl: configure the mip4ha Home Agent of the current network namespace.
 *
 *	mip4ctl ha set address A prefix P/N [max-lifetime S]
 *		       [replay-tolerance S] [max-bindings N] ...
 *	mip4ctl [-j] [-p] ha show
 *	mip4ctl ha del
 *	mip4ctl [-j] [-p] stats
 *	mip4ctl sa add (nai N | home-address A) spi S [algorithm ALG]
 *		       [replay timestamp|nonce] [replay-tolerance S] key-file F
 *	mip4ctl sa del (nai N | home-address A) spi S
 *
 * Exit status: 0 on success, 1 on any error (bad input, or the kernel
 * refused). Errors are one line on stderr starting with "Error: ".
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mip4ha.h"
#include "mip4_json.h"
#include "mip4_nl.h"

struct ctl {
	const char *prog;
	bool json;
	bool pretty;
};

struct subcommand {
	const char *name;
	int (*fn)(struct ctl *ctl, int argc, char **argv);
	const char *args;
	const char *desc;
};

static int cmd_ha(struct ctl *ctl, int argc, char **argv);
static int cmd_stats(struct ctl *ctl, int argc, char **argv);
static int cmd_sa(struct ctl *ctl, int argc, char **argv);
static int cmd_help(struct ctl *ctl, int argc, char **argv);
static void print_ha_set_usage(FILE *f);

static const struct subcommand subcommands[] = {
	{ "ha", cmd_ha, "{ show | set ARGS | del }",
	  "show, set or delete the Home Agent configuration" },
	{ "stats", cmd_stats, "", "show the Home Agent counters" },
	{ "sa", cmd_sa, "{ show | add | del } ARGS",
	  "security associations" },
	{ "help", cmd_help, "", "show this help" },
};

static void usage(FILE *f, const char *prog)
{
	size_t i;

	fprintf(f, "Usage: %s [-j] [-p] COMMAND [ARGS]\n\n", prog);
	fprintf(f, "Commands:\n");
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-6s %-26s %s\n", subcommands[i].name,
			subcommands[i].args, subcommands[i].desc);
	fputc('\n', f);
	print_ha_set_usage(f);
	fprintf(f,
		"      The first set of a namespace needs address and prefix.\n"
		"  sa add (nai N | home-address A) spi S\n"
		"         [algorithm hmac-md5|hmac-sha256|keyed-md5]\n"
		"         [replay timestamp|nonce] [replay-tolerance S] key-file F\n"
		"      F holds the key in hex (- reads standard input).\n"
		"  sa del (nai N | home-address A) spi S\n"
		"\n"
		"Options:\n"
		"  -j, --json     print JSON\n"
		"  -p, --pretty   print JSON with indentation (implies -j)\n"
		"  -h, --help     show this help\n"
		"\n"
		"Acts on the Home Agent of the current network namespace\n"
		"(use ip netns exec NAME %s ... for another one).\n", prog);
}

/* One line to stderr for errors that never reached the kernel. */
static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static int open_nl(struct mip4_nl **nl)
{
	struct mip4_nl_error e;

	if (mip4_nl_open(nl, &e) < 0) {
		mip4_nl_error_print(stderr, &e, NULL);
		return 1;
	}
	return 0;
}

/* Sends @req and reports a failure; returns the exit status. */
static int call(struct mip4_nl *nl, struct nl_msg *req, int maxattr,
		mip4_nl_reply_cb cb, void *arg,
		const char *(*attr_name)(int type))
{
	struct mip4_nl_error e;

	if (mip4_nl_call(nl, req, maxattr, cb, arg, &e) < 0) {
		mip4_nl_error_print(stderr, &e, attr_name);
		return 1;
	}
	return 0;
}

/* Decimal without sign, at most @max. */
static bool parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	unsigned long long n;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end || n > max)
		return false;
	*v = (uint32_t)n;
	return true;
}

static bool parse_addr(const char *s, uint32_t *addr)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return false;
	*addr = in.s_addr;
	return true;
}

static bool parse_prefix(const char *s, uint32_t *prefix, uint8_t *len)
{
	char buf[INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	uint32_t n;

	if (!slash || (size_t)(slash - s) >= sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (!parse_addr(buf, prefix) || !parse_u32(slash + 1, 32, &n))
		return false;
	*len = (uint8_t)n;
	return true;
}

/* A JSON key from an attribute name: max-lifetime -> max_lifetime. */
static void json_key(char *key, size_t size, const char *name)
{
	size_t i;

	for (i = 0; name[i] && i < size - 1; i++)
		key[i] = name[i] == '-' ? '_' : name[i];
	key[i] = '\0';
}

static const char *const reverse_tunnel_names[] = {
	[MIP4HA_REVERSE_TUNNEL_OFF] = "off",
	[MIP4HA_REVERSE_TUNNEL_ALLOWED] = "allowed",
	[MIP4HA_REVERSE_TUNNEL_REQUIRED] = "required",
};

/* The settings of ha set and ha show after address and prefix, in output
 * order; their keywords are the attribute names of mip4ha.yaml. A u32,
 * or a u8 enum given and shown by the names of its values.
 */
static const struct ha_setting {
	int type;
	const char *const *values;
	unsigned int n_values;
} ha_settings[] = {
	{ MIP4HA_A_HA_MAX_LIFETIME, NULL, 0 },
	{ MIP4HA_A_HA_REPLAY_TOLERANCE, NULL, 0 },
	{ MIP4HA_A_HA_MAX_BINDINGS, NULL, 0 },
	{ MIP4HA_A_HA_VENDOR_ID, NULL, 0 },
	{ MIP4HA_A_HA_KEYGEN_TIMEOUT, NULL, 0 },
	{ MIP4HA_A_HA_KEYGEN_MAX_PENDING, NULL, 0 },
	{ MIP4HA_A_HA_REVERSE_TUNNEL, reverse_tunnel_names,
	  sizeof(reverse_tunnel_names) / sizeof(reverse_tunnel_names[0]) },
};

#define N_HA_SETTINGS (sizeof(ha_settings) / sizeof(ha_settings[0]))

/* A Home Agent configuration: what ha set sends, what ha show got.
 * Addresses are in network byte order.
 */
struct ha_config {
	bool has[MIP4HA_A_HA_MAX + 1];
	uint32_t v[MIP4HA_A_HA_MAX + 1];
};

static const struct ha_setting *ha_setting_of(const char *keyword)
{
	size_t i;

	for (i = 0; i < N_HA_SETTINGS; i++)
		if (!strcmp(keyword, mip4_nl_ha_attr_name(ha_settings[i].type)))
			return &ha_settings[i];
	return NULL;
}

static bool ha_is_u8(int type)
{
	size_t i;

	for (i = 0; i < N_HA_SETTINGS; i++)
		if (ha_settings[i].type == type)
			return ha_settings[i].values != NULL;
	return false;
}

/* The name of value @v of an enum setting, NULL if it has none. */
static const char *ha_value_name(const struct ha_setting *st, uint32_t v)
{
	return v < st->n_values ? st->values[v] : NULL;
}

static void print_ha_set_usage(FILE *f)
{
	size_t i, col;

	col = (size_t)fprintf(f, "  ha set [address A.B.C.D] [prefix A.B.C.D/N]");
	for (i = 0; i < N_HA_SETTINGS; i++) {
		const struct ha_setting *st = &ha_settings[i];
		char arg[128];
		unsigned int k;

		snprintf(arg, sizeof(arg), " [%s ",
			 mip4_nl_ha_attr_name(st->type));
		if (!st->values)
			strcat(arg, "N");
		for (k = 0; st->values && k < st->n_values; k++) {
			if (k)
				strcat(arg, "|");
			strcat(arg, st->values[k]);
		}
		strcat(arg, "]");
		if (col + strlen(arg) > 78) {
			fputs("\n        ", f);
			col = 8;
		}
		col += (size_t)fprintf(f, "%s", arg);
	}
	fputc('\n', f);
}

static int parse_ha_set(int argc, char **argv, struct ha_config *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	if (argc == 0)
		return fail("ha set: nothing to set; try \"mip4ctl help\"");
	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		const struct ha_setting *st;
		int type;

		st = NULL;
		if (!strcmp(key, "address")) {
			type = MIP4HA_A_HA_ADDRESS;
		} else if (!strcmp(key, "prefix")) {
			type = MIP4HA_A_HA_PREFIX;
		} else {
			st = ha_setting_of(key);
			type = st ? st->type : -1;
		}
		if (type < 0)
			return fail("ha set: unknown keyword \"%s\"", key);
		if (!val)
			return fail("ha set: %s needs a value", key);
		if (a->has[type])
			return fail("ha set: %s given twice", key);
		a->has[type] = true;

		if (type == MIP4HA_A_HA_ADDRESS) {
			if (!parse_addr(val, &a->v[type]))
				return fail("ha set: invalid address \"%s\"",
					    val);
		} else if (type == MIP4HA_A_HA_PREFIX) {
			uint8_t len;

			if (!parse_prefix(val, &a->v[type], &len))
				return fail("ha set: invalid prefix \"%s\" (expected A.B.C.D/N, N at most 32)",
					    val);
			a->has[MIP4HA_A_HA_PREFIX_LEN] = true;
			a->v[MIP4HA_A_HA_PREFIX_LEN] = len;
		} else if (st->values) {
			unsigned int k;

			for (k = 0; k < st->n_values; k++)
				if (st->values[k] && !strcmp(val, st->values[k]))
					break;
			if (k == st->n_values)
				return fail("ha set: invalid %s \"%s\"", key, val);
			a->v[type] = k;
		} else if (!parse_u32(val, UINT32_MAX, &a->v[type])) {
			return fail("ha set: invalid %s \"%s\"", key, val);
		}
	}
	return 0;
}

static int ha_set(struct ctl *ctl, int argc, char **argv)
{
	struct ha_config a;
	struct mip4_nl *nl;
	struct nl_msg *req;
	int r, t;

	(void)ctl;
	if (parse_ha_set(argc, argv, &a))
		return 1;
	if (open_nl(&nl))
		return 1;
	req = mip4_nl_msg(nl, MIP4HA_CMD_HA_SET);
	for (t = 1; req && t <= MIP4HA_A_HA_MAX; t++) {
		if (!a.has[t])
			continue;
		if (t == MIP4HA_A_HA_PREFIX_LEN || ha_is_u8(t))
			r = nla_put_u8(req, t, (uint8_t)a.v[t]);
		else
			r = nla_put_u32(req, t, a.v[t]);
		if (r < 0) {
			nlmsg_free(req);
			req = NULL;
		}
	}
	r = call(nl, req, 0, NULL, NULL, mip4_nl_ha_attr_name);
	mip4_nl_close(nl);
	return r;
}

static int ha_get_reply(struct nlattr **tb, void *arg)
{
	struct ha_config *c = arg;
	size_t i;

	memset(c, 0, sizeof(*c));
	if (tb[MIP4HA_A_HA_ADDRESS]) {
		if (mip4_nl_attr_in_addr(tb[MIP4HA_A_HA_ADDRESS],
					 &c->v[MIP4HA_A_HA_ADDRESS]) < 0)
			return -EBADMSG;
		c->has[MIP4HA_A_HA_ADDRESS] = true;
	}
	if (tb[MIP4HA_A_HA_PREFIX]) {
		if (mip4_nl_attr_in_addr(tb[MIP4HA_A_HA_PREFIX],
					 &c->v[MIP4HA_A_HA_PREFIX]) < 0)
			return -EBADMSG;
		c->has[MIP4HA_A_HA_PREFIX] = true;
	}
	if (tb[MIP4HA_A_HA_PREFIX_LEN]) {
		uint8_t len;

		if (mip4_nl_attr_u8(tb[MIP4HA_A_HA_PREFIX_LEN], &len) < 0)
			return -EBADMSG;
		c->v[MIP4HA_A_HA_PREFIX_LEN] = len;
		c->has[MIP4HA_A_HA_PREFIX_LEN] = true;
	}
	for (i = 0; i < N_HA_SETTINGS; i++) {
		int t = ha_settings[i].type;

		if (!tb[t])
			continue;
		if (ha_settings[i].values) {
			uint8_t v8;

			if (mip4_nl_attr_u8(tb[t], &v8) < 0)
				return -EBADMSG;
			c->v[t] = v8;
		} else if (mip4_nl_attr_u32(tb[t], &c->v[t]) < 0) {
			return -EBADMSG;
		}
		c->has[t] = true;
	}
	return 0;
}

static void ha_print(const struct ctl *ctl, const struct ha_config *c)
{
	char addr[INET_ADDRSTRLEN], prefix[INET_ADDRSTRLEN + 4];
	const char *sep = "";
	struct mip4_json j;
	size_t i;

	if (c->has[MIP4HA_A_HA_ADDRESS])
		inet_ntop(AF_INET, &c->v[MIP4HA_A_HA_ADDRESS], addr,
			  sizeof(addr));
	if (c->has[MIP4HA_A_HA_PREFIX]) {
		inet_ntop(AF_INET, &c->v[MIP4HA_A_HA_PREFIX], prefix,
			  INET_ADDRSTRLEN);
		if (c->has[MIP4HA_A_HA_PREFIX_LEN])
			snprintf(prefix + strlen(prefix), 5, "/%u",
				 (unsigned int)c->v[MIP4HA_A_HA_PREFIX_LEN]);
	}

	if (ctl->json) {
		mip4_json_init(&j, stdout, ctl->pretty);
		mip4_json_obj_open(&j, NULL);
		if (c->has[MIP4HA_A_HA_ADDRESS])
			mip4_json_str(&j, "address", addr);
		if (c->has[MIP4HA_A_HA_PREFIX])
			mip4_json_str(&j, "prefix", prefix);
	} else {
		if (c->has[MIP4HA_A_HA_ADDRESS]) {
			printf("address %s", addr);
			sep = " ";
		}
		if (c->has[MIP4HA_A_HA_PREFIX]) {
			printf("%sprefix %s", sep, prefix);
			sep = " ";
		}
	}
	for (i = 0; i < N_HA_SETTINGS; i++) {
		const struct ha_setting *st = &ha_settings[i];
		const char *name = mip4_nl_ha_attr_name(st->type);
		const char *value = NULL;
		uint32_t v = c->v[st->type];

		if (!c->has[st->type])
			continue;
		if (st->values)
			value = ha_value_name(st, v);
		if (ctl->json) {
			char key[64];

			json_key(key, sizeof(key), name);
			if (value)
				mip4_json_str(&j, key, value);
			else
				mip4_json_u64(&j, key, v);
		} else {
			if (value)
				printf("%s%s %s", sep, name, value);
			else
				printf("%s%s %" PRIu32, sep, name, v);
			sep = " ";
		}
	}
	if (ctl->json) {
		mip4_json_obj_close(&j);
		mip4_json_end(&j);
	} else {
		putchar('\n');
	}
}

static int ha_show(struct ctl *ctl, int argc, char **argv)
{
	struct ha_config c = { 0 };
	struct mip4_nl *nl;
	int r;

	(void)argv;
	if (argc > 0)
		return fail("ha show: unexpected argument \"%s\"", argv[0]);
	if (open_nl(&nl))
		return 1;
	r = call(nl, mip4_nl_msg(nl, MIP4HA_CMD_HA_GET), MIP4HA_A_HA_MAX,
		 ha_get_reply, &c, mip4_nl_ha_attr_name);
	mip4_nl_close(nl);
	if (!r)
		ha_print(ctl, &c);
	return r;
}

static int ha_del(struct ctl *ctl, int argc, char **argv)
{
	struct mip4_nl *nl;
	int r;

	(void)ctl;
	if (argc > 0)
		return fail("ha del: unexpected argument \"%s\"", argv[0]);
	if (open_nl(&nl))
		return 1;
	r = call(nl, mip4_nl_msg(nl, MIP4HA_CMD_HA_DEL), 0, NULL, NULL,
		 mip4_nl_ha_attr_name);
	mip4_nl_close(nl);
	return r;
}

static int cmd_ha(struct ctl *ctl, int argc, char **argv)
{
	static const struct subcommand ha_cmds[] = {
		{ "show", ha_show, "", "" },
		{ "set", ha_set, "", "" },
		{ "del", ha_del, "", "" },
	};
	size_t i;

	if (argc == 0)
		return ha_show(ctl, 0, argv);
	for (i = 0; i < sizeof(ha_cmds) / sizeof(ha_cmds[0]); i++)
		if (!strcmp(argv[0], ha_cmds[i].name))
			return ha_cmds[i].fn(ctl, argc - 1, argv + 1);
	return fail("ha: unknown command \"%s\"; try \"%s help\"", argv[0],
		    ctl->prog);
}

struct stats {
	bool has[MIP4HA_A_STATS_MAX + 1];
	uint64_t v[MIP4HA_A_STATS_MAX + 1];
};

static int stats_reply(struct nlattr **tb, void *arg)
{
	struct stats *s = arg;
	int t;

	memset(s, 0, sizeof(*s));
	for (t = MIP4HA_A_STATS_PAD + 1; t <= MIP4HA_A_STATS_MAX; t++) {
		if (!tb[t])
			continue;
		if (mip4_nl_attr_u64(tb[t], &s->v[t]) < 0)
			return -EBADMSG;
		s->has[t] = true;
	}
	return 0;
}

static int cmd_stats(struct ctl *ctl, int argc, char **argv)
{
	struct stats s = { 0 };
	struct mip4_json j;
	struct mip4_nl *nl;
	int r, t;

	if (argc > 0 && strcmp(argv[0], "show"))
		return fail("stats: unexpected argument \"%s\"", argv[0]);
	if (argc > 1)
		return fail("stats: unexpected argument \"%s\"", argv[1]);
	if (open_nl(&nl))
		return 1;
	r = call(nl, mip4_nl_msg(nl, MIP4HA_CMD_STATS_GET), MIP4HA_A_STATS_MAX,
		 stats_reply, &s, mip4_nl_stats_attr_name);
	mip4_nl_close(nl);
	if (r)
		return r;

	if (ctl->json) {
		mip4_json_init(&j, stdout, ctl->pretty);
		mip4_json_obj_open(&j, NULL);
	}
	for (t = MIP4HA_A_STATS_PAD + 1; t <= MIP4HA_A_STATS_MAX; t++) {
		const char *name = mip4_nl_stats_attr_name(t);
		char key[64];

		/* Counters newer than this build have no name: skipped. */
		if (!s.has[t] || !name)
			continue;
		if (!ctl->json) {
			printf("%s %" PRIu64 "\n", name, s.v[t]);
			continue;
		}
		json_key(key, sizeof(key), name);
		mip4_json_u64(&j, key, s.v[t]);
	}
	if (ctl->json) {
		mip4_json_obj_close(&j);
		mip4_json_end(&j);
	}
	return 0;
}

/* ---- security associations -------------------------------------------- */

static const char *const algorithm_names[] = {
	[MIP4HA_ALGORITHM_HMAC_MD5] = "hmac-md5",
	[MIP4HA_ALGORITHM_HMAC_SHA256] = "hmac-sha256",
	[MIP4HA_ALGORITHM_KEYED_MD5] = "keyed-md5",
};

static const char *const replay_names[] = {
	[MIP4HA_REPLAY_TIMESTAMP] = "timestamp",
	[MIP4HA_REPLAY_NONCE] = "nonce",
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Index of @s in @names (entries may be NULL), or -1. */
static int name_index(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return (int)i;
	return -1;
}

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

#define KEY_MAX 255		/* more than the kernel takes: it says so */
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
	int hi = -1, r = -1;
	FILE *f;

	if (!strcmp(path, "-")) {
		f = stdin;
	} else {
		f = fopen(path, "re");
		if (!f) {
			fail("sa add: cannot open key file \"%s\": %s", path,
			     strerror(errno));
			return -1;
		}
	}
	len = fread(text, 1, sizeof(text), f);
	if (ferror(f)) {
		fail("sa add: cannot read key file \"%s\": %s", path,
		     strerror(errno));
		goto out;
	}
	if (len > KEY_TEXT_MAX) {
		fail("sa add: key file \"%s\" is too long", path);
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
			     path);
			goto out;
		}
		d = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
		if (hi < 0) {
			hi = d;
			continue;
		}
		if (n == size) {
			fail("sa add: key file \"%s\": key too long", path);
			goto out;
		}
		key[n++] = (uint8_t)(hi << 4 | d);
		hi = -1;
	}
	if (hi >= 0) {
		fail("sa add: key file \"%s\": odd number of hex digits", path);
		goto out;
	}
	if (n == 0) {
		fail("sa add: key file \"%s\" holds no key", path);
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
};

enum { SA_ADD, SA_DEL, SA_SHOW };

/* Parses the keywords of sa add, del or show; prints why it fails. */
static int parse_sa_args(int which, int argc, char **argv, struct sa_args *a)
{
	static const char *const what[] = { "sa add", "sa del", "sa show" };
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
		} else if (which != SA_ADD) {
			known = false;
		} else if (!strcmp(key, "algorithm")) {
			dup = a->algorithm != 0;
			a->algorithm = name_index(algorithm_names,
						  N_OF(algorithm_names), val);
			if (a->algorithm < 0)
				return fail("sa add: invalid algorithm \"%s\" (hmac-md5, hmac-sha256 or keyed-md5)",
					    val);
		} else if (!strcmp(key, "replay")) {
			dup = a->replay != 0;
			a->replay = name_index(replay_names, N_OF(replay_names),
					       val);
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
	r = call(nl, req, 0, NULL, NULL, mip4_nl_sa_attr_name);
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
	r = call(nl, req, 0, NULL, NULL, mip4_nl_sa_attr_name);
	mip4_nl_close(nl);
	return r;
}

static int cmd_sa(struct ctl *ctl, int argc, char **argv)
{
	static const struct subcommand sa_cmds[] = {
		{ "add", sa_add, "", "" },
		{ "del", sa_del, "", "" },
	};
	size_t i;

	if (argc == 0)
		return fail("sa: add, del or show?; try \"%s help\"", ctl->prog);
	for (i = 0; i < N_OF(sa_cmds); i++)
		if (!strcmp(argv[0], sa_cmds[i].name))
			return sa_cmds[i].fn(ctl, argc - 1, argv + 1);
	return fail("sa: unknown command \"%s\"; try \"%s help\"", argv[0],
		    ctl->prog);
}

static int cmd_help(struct ctl *ctl, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout, ctl->prog);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl ctl = { .prog = "mip4ctl" };
	size_t i;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jph", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctl.json = true;
			break;
		case 'p':
			ctl.json = true;
			ctl.pretty = true;
			break;
		case 'h':
			usage(stdout, ctl.prog);
			return 0;
		default:
			if (optopt)
				return fail("unknown option \"-%c\"; try \"%s help\"",
					    optopt, ctl.prog);
			return fail("unknown option \"%s\"; try \"%s help\"",
				    argv[optind - 1], ctl.prog);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr, ctl.prog);
		return 1;
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[0], subcommands[i].name))
			return subcommands[i].fn(&ctl, argc - 1, argv + 1);
	return fail("unknown command \"%s\"; try \"%s help\"", argv[0],
		    ctl.prog);
}
