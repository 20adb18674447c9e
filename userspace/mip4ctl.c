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
 *	mip4ctl [-j] [-p] sa show [nai N | home-address A] [spi S] [secrets]
 *	mip4ctl [-j] [-p] binding show [home-address A]
 *	mip4ctl binding del home-address A [care-of-address C]
 *	mip4ctl binding flush
 *	mip4ctl [-j] monitor
 *
 * Exit status: 0 on success, 1 on any error (bad input, or the kernel
 * refused). Errors are one line on stderr starting with "Error: ".
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "mip4ha.h"
#include "mip4ha_names.h"
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
static int cmd_binding(struct ctl *ctl, int argc, char **argv);
static int cmd_monitor(struct ctl *ctl, int argc, char **argv);
static int cmd_help(struct ctl *ctl, int argc, char **argv);
static void print_ha_set_usage(FILE *f);

static const struct subcommand subcommands[] = {
	{ "ha", cmd_ha, "{ show | set ARGS | del }",
	  "show, set or delete the Home Agent configuration" },
	{ "stats", cmd_stats, "", "show the Home Agent counters" },
	{ "sa", cmd_sa, "{ show | add | del } ARGS",
	  "security associations" },
	{ "binding", cmd_binding, "{ show | del | flush } ARGS",
	  "mobility bindings" },
	{ "monitor", cmd_monitor, "", "print binding and SA events" },
	{ "help", cmd_help, "", "show this help" },
};

static void usage(FILE *f, const char *prog)
{
	size_t i;

	fprintf(f, "Usage: %s [-j] [-p] COMMAND [ARGS]\n\n", prog);
	fprintf(f, "Commands:\n");
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-8s %-28s %s\n", subcommands[i].name,
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
		"  sa show [nai N | home-address A] [spi S] [secrets]\n"
		"  binding show [home-address A]\n"
		"  binding del home-address A [care-of-address C]\n"
		"  binding flush\n"
		"  monitor        one line (-j: one JSON object) per event\n"
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

/* The settings of ha set and ha show after address and prefix, in output
 * order; their keywords are the attribute names of mip4ha.yaml. A u32,
 * or a u8 enum given and shown by the names of its values (mip4ha_names.h).
 */
static const struct ha_setting {
	int type;
	const char *(*value_str)(int value);
	int (*value_of)(const char *name);
} ha_settings[] = {
	{ MIP4HA_A_HA_MAX_LIFETIME, NULL, NULL },
	{ MIP4HA_A_HA_REPLAY_TOLERANCE, NULL, NULL },
	{ MIP4HA_A_HA_MAX_BINDINGS, NULL, NULL },
	{ MIP4HA_A_HA_VENDOR_ID, NULL, NULL },
	{ MIP4HA_A_HA_KEYGEN_TIMEOUT, NULL, NULL },
	{ MIP4HA_A_HA_KEYGEN_MAX_PENDING, NULL, NULL },
	{ MIP4HA_A_HA_REVERSE_TUNNEL, mip4ha_reverse_tunnel_str,
	  mip4ha_reverse_tunnel_value },
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
		if (!strcmp(keyword, mip4ha_ha_attr_str(ha_settings[i].type)))
			return &ha_settings[i];
	return NULL;
}

static bool ha_is_u8(int type)
{
	size_t i;

	for (i = 0; i < N_HA_SETTINGS; i++)
		if (ha_settings[i].type == type)
			return ha_settings[i].value_str != NULL;
	return false;
}

/* The name of value @v of an enum setting, NULL if it has none. */
static const char *ha_value_name(const struct ha_setting *st, uint32_t v)
{
	return v <= UINT8_MAX ? st->value_str((int)v) : NULL;
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
			 mip4ha_ha_attr_str(st->type));
		if (!st->value_str)
			strcat(arg, "N");
		for (k = 0; st->value_str && k <= UINT8_MAX; k++) {
			const char *value = ha_value_name(st, k);

			if (!value)
				continue;
			if (arg[strlen(arg) - 1] != ' ')
				strcat(arg, "|");
			strcat(arg, value);
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
		} else if (st->value_of) {
			int k = st->value_of(val);

			if (k < 0)
				return fail("ha set: invalid %s \"%s\"", key, val);
			a->v[type] = (uint32_t)k;
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
	r = call(nl, req, 0, NULL, NULL, mip4ha_ha_attr_str);
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
		if (ha_settings[i].value_str) {
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
		const char *name = mip4ha_ha_attr_str(st->type);
		const char *value = NULL;
		uint32_t v = c->v[st->type];

		if (!c->has[st->type])
			continue;
		if (st->value_str)
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
		 ha_get_reply, &c, mip4ha_ha_attr_str);
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
		 mip4ha_ha_attr_str);
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
		 stats_reply, &s, mip4ha_stats_attr_str);
	mip4_nl_close(nl);
	if (r)
		return r;

	if (ctl->json) {
		mip4_json_init(&j, stdout, ctl->pretty);
		mip4_json_obj_open(&j, NULL);
	}
	for (t = MIP4HA_A_STATS_PAD + 1; t <= MIP4HA_A_STATS_MAX; t++) {
		const char *name = mip4ha_stats_attr_str(t);
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

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

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

/* ---- printing SAs and bindings ------------------------------------------- */

/* @name, the name of enum value @v (NULL: none), or its number in @buf. */
static const char *enum_name(const char *name, unsigned int v, char *buf,
			     size_t size)
{
	if (name)
		return name;
	snprintf(buf, size, "%u", v);
	return buf;
}

/* @str: the enum's lookup in mip4ha_names.h, e.g. mip4ha_replay_str. */
#define ENUM_NAME(str, v, buf) \
	enum_name(str((int)(v)), (v), (buf), sizeof(buf))

/*
 * An NAI for printing: bytes 0x21-0x7e but the backslash as they are, the
 * rest as \xNN; @out holds at least 4 * 255 + 1 bytes. With @json, only
 * NUL and the backslash are escaped (the JSON printer does the rest).
 */
#define NAI_STR_MAX (4 * 255 + 1)

static void nai_str(const uint8_t *nai, size_t len, bool json, char *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		uint8_t c = nai[i];

		if (json ? (c && c != '\\') : (c > 0x20 && c < 0x7f && c != '\\'))
			*out++ = (char)c;
		else
			out += sprintf(out, "\\x%02x", c);
	}
	*out = '\0';
}

static void hex_str(const uint8_t *b, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		out += sprintf(out, "%02x", b[i]);
	*out = '\0';
}

/* S B D M G r T x: the letters of the flags set, "-" for none. */
static void flags_str(uint8_t flags, char *out)
{
	static const char letters[] = "SBDMGrTx";
	char *p = out;
	int i;

	for (i = 0; i < 8; i++)
		if (flags & (0x80 >> i))
			*p++ = letters[i];
	if (p == out)
		*p++ = '-';
	*p = '\0';
}

/* A line of text output, built piece by piece. */
struct line {
	char buf[4096];
	size_t len;
};

static void line_add(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void line_add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->buf) - 1)
		return;
	if (l->len)
		l->buf[l->len++] = ' ';
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n;
	if (l->len > sizeof(l->buf) - 1)
		l->len = sizeof(l->buf) - 1;
}

/* What the kernel reports of a security association. */
struct sa_info {
	uint8_t nai[255];
	size_t nai_len;
	bool has_nai, has_home;
	uint32_t home;
	uint32_t spi;
	uint8_t algorithm, replay, role;
	bool has_tolerance, has_key_lifetime, dynamic;
	uint32_t tolerance, key_lifetime;
	uint64_t last_id;
	uint8_t key[KEY_MAX];
	size_t key_len;
	bool has_key;
	uint8_t event, reason;
};

static int sa_parse(struct nlattr **tb, struct sa_info *s)
{
	struct nlattr *a;

	memset(s, 0, sizeof(*s));
	a = tb[MIP4HA_A_SA_NAI];
	if (a) {
		if (nla_len(a) < 1 || nla_len(a) > 255)
			return -EBADMSG;
		s->nai_len = (size_t)nla_len(a);
		memcpy(s->nai, nla_data(a), s->nai_len);
		s->has_nai = true;
	}
	if (tb[MIP4HA_A_SA_HOME_ADDRESS]) {
		if (mip4_nl_attr_in_addr(tb[MIP4HA_A_SA_HOME_ADDRESS], &s->home))
			return -EBADMSG;
		s->has_home = true;
	}
	if (mip4_nl_attr_u32(tb[MIP4HA_A_SA_SPI], &s->spi) ||
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_ALGORITHM], &s->algorithm) ||
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_REPLAY], &s->replay))
		return -EBADMSG;
	if (tb[MIP4HA_A_SA_LAST_IDENTIFICATION] &&
	    mip4_nl_attr_u64(tb[MIP4HA_A_SA_LAST_IDENTIFICATION], &s->last_id))
		return -EBADMSG;
	if (tb[MIP4HA_A_SA_REPLAY_TOLERANCE]) {
		if (mip4_nl_attr_u32(tb[MIP4HA_A_SA_REPLAY_TOLERANCE],
				     &s->tolerance))
			return -EBADMSG;
		s->has_tolerance = true;
	}
	if (tb[MIP4HA_A_SA_KEY_LIFETIME]) {
		if (mip4_nl_attr_u32(tb[MIP4HA_A_SA_KEY_LIFETIME],
				     &s->key_lifetime))
			return -EBADMSG;
		s->has_key_lifetime = true;
	}
	s->dynamic = tb[MIP4HA_A_SA_DYNAMIC] != NULL;
	if (tb[MIP4HA_A_SA_ROLE] &&
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_ROLE], &s->role))
		return -EBADMSG;
	a = tb[MIP4HA_A_SA_KEY];
	if (a) {
		if (nla_len(a) < 0 || (size_t)nla_len(a) > sizeof(s->key))
			return -EBADMSG;
		s->key_len = (size_t)nla_len(a);
		memcpy(s->key, nla_data(a), s->key_len);
		s->has_key = true;
	}
	if (tb[MIP4HA_A_SA_EVENT] &&
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_EVENT], &s->event))
		return -EBADMSG;
	if (tb[MIP4HA_A_SA_REASON] &&
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_REASON], &s->reason))
		return -EBADMSG;
	return 0;
}

static void id_str(uint64_t id, char *out)
{
	sprintf(out, "0x%016" PRIx64, id);
}

/* One SA: a line of text, or a JSON object (@event: from sa-ntf). */
static void sa_print(const struct ctl *ctl, struct mip4_json *j,
		     const struct sa_info *s, bool event)
{
	char nai[NAI_STR_MAX], addr[INET_ADDRSTRLEN], id[20], num[12];
	char key[2 * KEY_MAX + 1];
	const char *role = s->dynamic ?
		ENUM_NAME(mip4ha_sa_role_str, s->role, num) : "static";
	struct line l = { .len = 0 };

	if (s->has_nai)
		nai_str(s->nai, s->nai_len, ctl->json, nai);
	if (s->has_home)
		inet_ntop(AF_INET, &s->home, addr, sizeof(addr));
	id_str(s->last_id, id);
	if (s->has_key)
		hex_str(s->key, s->key_len, key);

	if (ctl->json) {
		char b1[12], b2[12];

		mip4_json_obj_open(j, NULL);
		if (event) {
			mip4_json_str(j, "type", "sa");
			mip4_json_str(j, "event",
				      ENUM_NAME(mip4ha_sa_event_str, s->event, b1));
			if (s->reason)
				mip4_json_str(j, "reason",
					      ENUM_NAME(mip4ha_sa_reason_str,
							s->reason, b2));
		}
		if (s->has_nai)
			mip4_json_str(j, "nai", nai);
		if (s->has_home)
			mip4_json_str(j, "home_address", addr);
		mip4_json_u64(j, "spi", s->spi);
		mip4_json_bool(j, "dynamic", s->dynamic);
		if (s->dynamic)
			mip4_json_str(j, "role", role);
		if (s->has_key_lifetime)
			mip4_json_u64(j, "key_lifetime", s->key_lifetime);
		mip4_json_str(j, "algorithm",
			      ENUM_NAME(mip4ha_algorithm_str, s->algorithm, b1));
		mip4_json_str(j, "replay",
			      ENUM_NAME(mip4ha_replay_str, s->replay, b2));
		if (s->has_tolerance)
			mip4_json_u64(j, "replay_tolerance", s->tolerance);
		mip4_json_str(j, "last_identification", id);
		if (s->has_key)
			mip4_json_str(j, "key", key);
		mip4_json_obj_close(j);
		explicit_bzero(key, sizeof(key));
		return;
	}
	if (event)
		line_add(&l, "sa %s", ENUM_NAME(mip4ha_sa_event_str, s->event, num));
	if (s->has_nai)
		line_add(&l, "nai %s", nai);
	if (s->has_home)
		line_add(&l, "home-address %s", addr);
	line_add(&l, "spi 0x%" PRIx32, s->spi);
	line_add(&l, "%s", role);
	if (s->has_key_lifetime)
		line_add(&l, "key-lifetime %" PRIu32, s->key_lifetime);
	line_add(&l, "algorithm %s",
		 ENUM_NAME(mip4ha_algorithm_str, s->algorithm, num));
	line_add(&l, "replay %s", ENUM_NAME(mip4ha_replay_str, s->replay, num));
	if (s->has_tolerance)
		line_add(&l, "replay-tolerance %" PRIu32, s->tolerance);
	line_add(&l, "last-identification %s", id);
	if (s->has_key)
		line_add(&l, "key %s", key);
	if (event && s->reason)
		line_add(&l, "reason %s",
			 ENUM_NAME(mip4ha_sa_reason_str, s->reason, num));
	printf("%.*s\n", (int)l.len, l.buf);
	explicit_bzero(key, sizeof(key));
	explicit_bzero(&l, sizeof(l));
}

/* What the kernel reports of a binding. */
struct binding_info {
	uint32_t home, coa, src;	/* network byte order */
	uint8_t nai[255];
	size_t nai_len;
	bool has_nai, has_remaining;
	uint32_t spi, lifetime, remaining;
	uint8_t flags, event, reason;
	uint16_t sport;
	uint64_t id, tx_packets, tx_bytes, rx_packets, rx_bytes;
};

static int binding_parse(struct nlattr **tb, struct binding_info *b)
{
	struct nlattr *a;

	memset(b, 0, sizeof(*b));
	if (mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_HOME_ADDRESS], &b->home) ||
	    mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_CARE_OF_ADDRESS],
				 &b->coa))
		return -EBADMSG;
	a = tb[MIP4HA_A_BINDING_NAI];
	if (a) {
		if (nla_len(a) < 1 || nla_len(a) > 255)
			return -EBADMSG;
		b->nai_len = (size_t)nla_len(a);
		memcpy(b->nai, nla_data(a), b->nai_len);
		b->has_nai = true;
	}
	if (tb[MIP4HA_A_BINDING_REMAINING]) {
		if (mip4_nl_attr_u32(tb[MIP4HA_A_BINDING_REMAINING],
				     &b->remaining))
			return -EBADMSG;
		b->has_remaining = true;
	}
	if (tb[MIP4HA_A_BINDING_SOURCE_PORT]) {
		if (nla_len(tb[MIP4HA_A_BINDING_SOURCE_PORT]) != 2)
			return -EBADMSG;
		b->sport = nla_get_u16(tb[MIP4HA_A_BINDING_SOURCE_PORT]);
	}
	/* Optional for robustness; the kernel sends them all. */
	if ((tb[MIP4HA_A_BINDING_SPI] &&
	     mip4_nl_attr_u32(tb[MIP4HA_A_BINDING_SPI], &b->spi)) ||
	    (tb[MIP4HA_A_BINDING_FLAGS] &&
	     mip4_nl_attr_u8(tb[MIP4HA_A_BINDING_FLAGS], &b->flags)) ||
	    (tb[MIP4HA_A_BINDING_LIFETIME] &&
	     mip4_nl_attr_u32(tb[MIP4HA_A_BINDING_LIFETIME], &b->lifetime)) ||
	    (tb[MIP4HA_A_BINDING_IDENTIFICATION] &&
	     mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_IDENTIFICATION], &b->id)) ||
	    (tb[MIP4HA_A_BINDING_SOURCE_ADDRESS] &&
	     mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_SOURCE_ADDRESS],
				  &b->src)) ||
	    (tb[MIP4HA_A_BINDING_TX_PACKETS] &&
	     mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_TX_PACKETS],
			      &b->tx_packets)) ||
	    (tb[MIP4HA_A_BINDING_TX_BYTES] &&
	     mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_TX_BYTES], &b->tx_bytes)) ||
	    (tb[MIP4HA_A_BINDING_RX_PACKETS] &&
	     mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_RX_PACKETS],
			      &b->rx_packets)) ||
	    (tb[MIP4HA_A_BINDING_RX_BYTES] &&
	     mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_RX_BYTES], &b->rx_bytes)) ||
	    (tb[MIP4HA_A_BINDING_EVENT] &&
	     mip4_nl_attr_u8(tb[MIP4HA_A_BINDING_EVENT], &b->event)) ||
	    (tb[MIP4HA_A_BINDING_REASON] &&
	     mip4_nl_attr_u8(tb[MIP4HA_A_BINDING_REASON], &b->reason)))
		return -EBADMSG;
	return 0;
}

static void binding_print(const struct ctl *ctl, struct mip4_json *j,
			  const struct binding_info *b, bool event)
{
	char home[INET_ADDRSTRLEN], coa[INET_ADDRSTRLEN], src[INET_ADDRSTRLEN];
	char nai[NAI_STR_MAX], flags[9], id[20], num[12];
	struct line l = { .len = 0 };

	inet_ntop(AF_INET, &b->home, home, sizeof(home));
	inet_ntop(AF_INET, &b->coa, coa, sizeof(coa));
	inet_ntop(AF_INET, &b->src, src, sizeof(src));
	if (b->has_nai)
		nai_str(b->nai, b->nai_len, ctl->json, nai);
	flags_str(b->flags, flags);
	id_str(b->id, id);

	if (ctl->json) {
		char b1[12];

		mip4_json_obj_open(j, NULL);
		if (event) {
			mip4_json_str(j, "type", "binding");
			mip4_json_str(j, "event",
				      ENUM_NAME(mip4ha_binding_event_str, b->event,
						b1));
			if (b->reason)
				mip4_json_str(j, "reason",
					      ENUM_NAME(mip4ha_binding_reason_str,
							b->reason, num));
		}
		mip4_json_str(j, "home_address", home);
		mip4_json_str(j, "care_of_address", coa);
		mip4_json_u64(j, "lifetime", b->lifetime);
		if (b->has_remaining)
			mip4_json_u64(j, "remaining", b->remaining);
		mip4_json_str(j, "flags", b->flags ? flags : "");
		mip4_json_str(j, "identification", id);
		if (b->has_nai)
			mip4_json_str(j, "nai", nai);
		mip4_json_u64(j, "spi", b->spi);
		mip4_json_str(j, "source_address", src);
		mip4_json_u64(j, "source_port", b->sport);
		mip4_json_u64(j, "tx_packets", b->tx_packets);
		mip4_json_u64(j, "tx_bytes", b->tx_bytes);
		mip4_json_u64(j, "rx_packets", b->rx_packets);
		mip4_json_u64(j, "rx_bytes", b->rx_bytes);
		mip4_json_obj_close(j);
		return;
	}
	if (event)
		line_add(&l, "binding %s",
			 ENUM_NAME(mip4ha_binding_event_str, b->event, num));
	line_add(&l, "home %s care-of %s", home, coa);
	if (b->lifetime == 65535 && !b->has_remaining)
		line_add(&l, "lifetime 65535 remaining infinite");
	else if (b->has_remaining)
		line_add(&l, "lifetime %" PRIu32 " remaining %" PRIu32,
			 b->lifetime, b->remaining);
	else
		line_add(&l, "lifetime %" PRIu32, b->lifetime);
	line_add(&l, "flags %s identification %s", flags, id);
	if (b->has_nai)
		line_add(&l, "nai %s", nai);
	line_add(&l, "spi 0x%" PRIx32 " source %s:%u", b->spi, src, b->sport);
	line_add(&l, "tx-packets %" PRIu64 " tx-bytes %" PRIu64
		 " rx-packets %" PRIu64 " rx-bytes %" PRIu64,
		 b->tx_packets, b->tx_bytes, b->rx_packets, b->rx_bytes);
	if (event && b->reason)
		line_add(&l, "reason %s",
			 ENUM_NAME(mip4ha_binding_reason_str, b->reason, num));
	printf("%.*s\n", (int)l.len, l.buf);
}

/* A growing array of what a dump returned. */
struct list {
	void *items;
	size_t n, cap, size;
	bool wipe;
};

static void *list_add(struct list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		void *p = malloc(cap * l->size);

		if (!p)
			return NULL;
		if (l->n)
			memcpy(p, l->items, l->n * l->size);
		if (l->items) {
			if (l->wipe)
				explicit_bzero(l->items, l->n * l->size);
			free(l->items);
		}
		l->items = p;
		l->cap = cap;
	}
	return (char *)l->items + l->n++ * l->size;
}

static void list_free(struct list *l)
{
	if (l->items && l->wipe)
		explicit_bzero(l->items, l->n * l->size);
	free(l->items);
	memset(l, 0, sizeof(*l));
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

/* ---- bindings ------------------------------------------------------------ */

static int binding_show_reply(struct nlattr **tb, void *arg)
{
	struct list *l = arg;
	struct binding_info b, *p;
	int r;

	r = binding_parse(tb, &b);
	if (r)
		return r;
	p = list_add(l);
	if (!p)
		return -ENOMEM;
	*p = b;
	return 0;
}

static int binding_cmp(const void *x, const void *y)
{
	const struct binding_info *a = x, *b = y;

	if (a->home != b->home)
		return ntohl(a->home) < ntohl(b->home) ? -1 : 1;
	if (a->coa != b->coa)
		return ntohl(a->coa) < ntohl(b->coa) ? -1 : 1;
	return 0;
}

/* Parses [home-address A] [care-of-address C] for binding show and del. */
static int parse_binding_args(const char *cmd, bool coa_ok, int argc,
			      char **argv, bool *has_home, uint32_t *home,
			      bool *has_coa, uint32_t *coa)
{
	int i;

	*has_home = *has_coa = false;
	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool *has;
		uint32_t *v;

		if (!strcmp(key, "home-address")) {
			has = has_home;
			v = home;
		} else if (coa_ok && !strcmp(key, "care-of-address")) {
			has = has_coa;
			v = coa;
		} else {
			return fail("%s: unknown keyword \"%s\"", cmd, key);
		}
		if (!val)
			return fail("%s: %s needs a value", cmd, key);
		if (*has)
			return fail("%s: %s given twice", cmd, key);
		if (!parse_addr(val, v))
			return fail("%s: invalid address \"%s\"", cmd, val);
		*has = true;
	}
	return 0;
}

static int binding_show(struct ctl *ctl, int argc, char **argv)
{
	struct list l = { .size = sizeof(struct binding_info) };
	bool has_home, has_coa;
	uint32_t home, coa;
	struct mip4_nl_error e;
	struct mip4_json j;
	struct mip4_nl *nl;
	struct nl_msg *req;
	size_t i;
	int r;

	if (parse_binding_args("binding show", false, argc, argv, &has_home,
			       &home, &has_coa, &coa))
		return 1;
	if (open_nl(&nl))
		return 1;
	req = mip4_nl_msg(nl, MIP4HA_CMD_BINDING_GET);
	if (req && has_home &&
	    nla_put(req, MIP4HA_A_BINDING_HOME_ADDRESS, sizeof(home), &home) < 0) {
		nlmsg_free(req);
		req = NULL;
	}
	r = mip4_nl_dump(nl, req, MIP4HA_A_BINDING_MAX, binding_show_reply, &l,
			 &e);
	mip4_nl_close(nl);
	if (r < 0) {
		mip4_nl_error_print(stderr, &e, mip4ha_binding_attr_str);
		list_free(&l);
		return 1;
	}
	qsort(l.items, l.n, l.size, binding_cmp);
	if (ctl->json) {
		mip4_json_init(&j, stdout, ctl->pretty);
		mip4_json_arr_open(&j, NULL);
	}
	for (i = 0; i < l.n; i++)
		binding_print(ctl, &j, (struct binding_info *)l.items + i,
			      false);
	if (ctl->json) {
		mip4_json_arr_close(&j);
		mip4_json_end(&j);
	}
	list_free(&l);
	return 0;
}

static int binding_del(struct ctl *ctl, int argc, char **argv)
{
	bool has_home, has_coa;
	uint32_t home, coa;
	struct mip4_nl *nl;
	struct nl_msg *req;
	int r;

	(void)ctl;
	if (parse_binding_args("binding del", true, argc, argv, &has_home,
			       &home, &has_coa, &coa))
		return 1;
	if (!has_home)
		return fail("binding del: needs home-address A");
	if (open_nl(&nl))
		return 1;
	req = mip4_nl_msg(nl, MIP4HA_CMD_BINDING_DEL);
	if (req && (nla_put(req, MIP4HA_A_BINDING_HOME_ADDRESS, sizeof(home),
			    &home) < 0 ||
		    (has_coa && nla_put(req, MIP4HA_A_BINDING_CARE_OF_ADDRESS,
					sizeof(coa), &coa) < 0))) {
		nlmsg_free(req);
		req = NULL;
	}
	r = call(nl, req, 0, NULL, NULL, mip4ha_binding_attr_str);
	mip4_nl_close(nl);
	return r;
}

static int binding_flush(struct ctl *ctl, int argc, char **argv)
{
	struct mip4_nl *nl;
	int r;

	(void)ctl;
	if (argc > 0)
		return fail("binding flush: unexpected argument \"%s\"",
			    argv[0]);
	if (open_nl(&nl))
		return 1;
	r = call(nl, mip4_nl_msg(nl, MIP4HA_CMD_BINDING_FLUSH), 0, NULL, NULL,
		 mip4ha_binding_attr_str);
	mip4_nl_close(nl);
	return r;
}

static int cmd_binding(struct ctl *ctl, int argc, char **argv)
{
	static const struct subcommand binding_cmds[] = {
		{ "show", binding_show, "", "" },
		{ "del", binding_del, "", "" },
		{ "flush", binding_flush, "", "" },
	};
	size_t i;

	if (argc == 0)
		return binding_show(ctl, 0, argv);
	for (i = 0; i < N_OF(binding_cmds); i++)
		if (!strcmp(argv[0], binding_cmds[i].name))
			return binding_cmds[i].fn(ctl, argc - 1, argv + 1);
	return fail("binding: unknown command \"%s\"; try \"%s help\"",
		    argv[0], ctl->prog);
}

/* ---- monitor ------------------------------------------------------------- */

static volatile sig_atomic_t monitor_stop;

static void on_stop_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

struct monitor_ctx {
	struct ctl *ctl;
	int family;
};

#define NTF_MAXATTR ((int)MIP4HA_A_BINDING_MAX > (int)MIP4HA_A_SA_MAX ? \
		     (int)MIP4HA_A_BINDING_MAX : (int)MIP4HA_A_SA_MAX)

static int monitor_msg(struct nl_msg *msg, void *arg)
{
	struct monitor_ctx *m = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh;
	struct nlattr *tb[NTF_MAXATTR + 1];
	struct mip4_json j;

	if (nlh->nlmsg_type != m->family || !genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	gh = nlmsg_data(nlh);
	mip4_json_init(&j, stdout, false);
	if (gh->cmd == MIP4HA_CMD_BINDING_NTF) {
		struct binding_info b;

		if (genlmsg_parse(nlh, 0, tb, MIP4HA_A_BINDING_MAX, NULL) < 0 ||
		    binding_parse(tb, &b) < 0) {
			fprintf(stderr, "Warning: malformed binding-ntf ignored\n");
			return NL_SKIP;
		}
		binding_print(m->ctl, &j, &b, true);
	} else if (gh->cmd == MIP4HA_CMD_SA_NTF) {
		struct sa_info s;

		if (genlmsg_parse(nlh, 0, tb, MIP4HA_A_SA_MAX, NULL) < 0 ||
		    sa_parse(tb, &s) < 0) {
			fprintf(stderr, "Warning: malformed sa-ntf ignored\n");
			return NL_SKIP;
		}
		sa_print(m->ctl, &j, &s, true);
		explicit_bzero(&s, sizeof(s));
	} else {
		return NL_SKIP;
	}
	if (m->ctl->json)
		mip4_json_end(&j);
	fflush(stdout);
	return NL_OK;
}

static int cmd_monitor(struct ctl *ctl, int argc, char **argv)
{
	struct monitor_ctx m = { .ctl = ctl };
	struct sigaction sa = { .sa_handler = on_stop_signal };
	struct mip4_nl_error e;
	sigset_t block, wait_mask;
	struct mip4_nl *nl;
	struct nl_sock *sk;
	struct pollfd pfd;
	int r, size = 1 << 20;

	if (argc > 0)
		return fail("monitor: unexpected argument \"%s\"", argv[0]);
	/* The signals are only delivered inside ppoll(): no lost wakeup. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (open_nl(&nl))
		return 1;
	if (mip4_nl_join_group(nl, MIP4HA_MCGRP_EVENTS, &e) < 0) {
		mip4_nl_error_print(stderr, &e, NULL);
		mip4_nl_close(nl);
		return 1;
	}
	m.family = mip4_nl_family(nl);
	sk = mip4_nl_sock(nl);
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, monitor_msg, &m);
	nl_socket_set_nonblocking(sk);
	pfd.fd = nl_socket_get_fd(sk);
	pfd.events = POLLIN;
	if (setsockopt(pfd.fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(pfd.fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));

	while (!monitor_stop) {
		r = ppoll(&pfd, 1, NULL, &wait_mask);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			fail("monitor: poll: %s", strerror(errno));
			break;
		}
		for (;;) {
			r = nl_recvmsgs_default(sk);
			if (r >= 0)
				continue;
			if (r == -NLE_AGAIN)
				break;
			if (r == -NLE_NOMEM) {
				/* ENOBUFS: the kernel had to drop some. */
				fprintf(stderr,
					"Warning: events lost (receive buffer overrun)\n");
				continue;
			}
			fail("monitor: receive: %s", nl_geterror(r));
			mip4_nl_close(nl);
			return 1;
		}
	}
	mip4_nl_close(nl);
	return monitor_stop ? 0 : 1;
}

static int cmd_sa(struct ctl *ctl, int argc, char **argv)
{
	static const struct subcommand sa_cmds[] = {
		{ "show", sa_show, "", "" },
		{ "add", sa_add, "", "" },
		{ "del", sa_del, "", "" },
	};
	size_t i;

	if (argc == 0)
		return sa_show(ctl, 0, argv);
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
