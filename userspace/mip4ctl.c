// SPDX-License-Identifier: GPL-2.0
/*
 * mip4ctl: configure the mip4ha Home Agent of the current network namespace.
 *
 *	mip4ctl ha set address A prefix P/N [max-lifetime S]
 *		       [replay-tolerance S] [max-bindings N]
 *	mip4ctl [-j] [-p] ha show
 *	mip4ctl ha del
 *	mip4ctl [-j] [-p] stats
 *
 * Exit status: 0 on success, 1 on any error (bad input, or the kernel
 * refused). Errors are one line on stderr starting with "Error: ".
 */

#include <arpa/inet.h>
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
static int cmd_help(struct ctl *ctl, int argc, char **argv);

static const struct subcommand subcommands[] = {
	{ "ha", cmd_ha, "{ show | set ARGS | del }",
	  "show, set or delete the Home Agent configuration" },
	{ "stats", cmd_stats, "", "show the Home Agent counters" },
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
	fprintf(f,
		"\n"
		"  ha set [address A.B.C.D] [prefix A.B.C.D/N] [max-lifetime SECONDS]\n"
		"         [replay-tolerance SECONDS] [max-bindings N]\n"
		"      The first set of a namespace needs address and prefix.\n"
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

struct ha_args {
	bool has_address, has_prefix, has_max_lifetime, has_replay_tolerance,
	     has_max_bindings;
	uint32_t address, prefix, max_lifetime, replay_tolerance, max_bindings;
	uint8_t prefix_len;
};

static int parse_ha_set(int argc, char **argv, struct ha_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	if (argc == 0)
		return fail("ha set: nothing to set; try \"mip4ctl help\"");
	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool *seen;

		if (!strcmp(key, "address"))
			seen = &a->has_address;
		else if (!strcmp(key, "prefix"))
			seen = &a->has_prefix;
		else if (!strcmp(key, "max-lifetime"))
			seen = &a->has_max_lifetime;
		else if (!strcmp(key, "replay-tolerance"))
			seen = &a->has_replay_tolerance;
		else if (!strcmp(key, "max-bindings"))
			seen = &a->has_max_bindings;
		else
			return fail("ha set: unknown keyword \"%s\"", key);
		if (!val)
			return fail("ha set: %s needs a value", key);
		if (*seen)
			return fail("ha set: %s given twice", key);
		*seen = true;

		if (seen == &a->has_address) {
			if (!parse_addr(val, &a->address))
				return fail("ha set: invalid address \"%s\"",
					    val);
		} else if (seen == &a->has_prefix) {
			if (!parse_prefix(val, &a->prefix, &a->prefix_len))
				return fail("ha set: invalid prefix \"%s\" (expected A.B.C.D/N, N at most 32)",
					    val);
		} else if (seen == &a->has_max_lifetime) {
			if (!parse_u32(val, UINT32_MAX, &a->max_lifetime))
				return fail("ha set: invalid max-lifetime \"%s\"",
					    val);
		} else if (seen == &a->has_replay_tolerance) {
			if (!parse_u32(val, UINT32_MAX, &a->replay_tolerance))
				return fail("ha set: invalid replay-tolerance \"%s\"",
					    val);
		} else {
			if (!parse_u32(val, UINT32_MAX, &a->max_bindings))
				return fail("ha set: invalid max-bindings \"%s\"",
					    val);
		}
	}
	return 0;
}

static int ha_set(struct ctl *ctl, int argc, char **argv)
{
	struct ha_args a;
	struct mip4_nl *nl;
	struct nl_msg *req;
	int r;

	(void)ctl;
	if (parse_ha_set(argc, argv, &a))
		return 1;
	if (open_nl(&nl))
		return 1;
	req = mip4_nl_msg(nl, MIP4HA_CMD_HA_SET);
	if (req &&
	    ((a.has_address &&
	      nla_put_u32(req, MIP4HA_A_HA_ADDRESS, a.address) < 0) ||
	     (a.has_prefix &&
	      (nla_put_u32(req, MIP4HA_A_HA_PREFIX, a.prefix) < 0 ||
	       nla_put_u8(req, MIP4HA_A_HA_PREFIX_LEN, a.prefix_len) < 0)) ||
	     (a.has_max_lifetime &&
	      nla_put_u32(req, MIP4HA_A_HA_MAX_LIFETIME, a.max_lifetime) < 0) ||
	     (a.has_replay_tolerance &&
	      nla_put_u32(req, MIP4HA_A_HA_REPLAY_TOLERANCE,
			  a.replay_tolerance) < 0) ||
	     (a.has_max_bindings &&
	      nla_put_u32(req, MIP4HA_A_HA_MAX_BINDINGS, a.max_bindings) < 0))) {
		nlmsg_free(req);
		req = NULL;
	}
	r = call(nl, req, 0, NULL, NULL, mip4_nl_ha_attr_name);
	mip4_nl_close(nl);
	return r;
}

struct ha_config {
	bool has_address, has_prefix, has_prefix_len, has_max_lifetime,
	     has_replay_tolerance, has_max_bindings;
	uint32_t address, prefix, max_lifetime, replay_tolerance, max_bindings;
	uint8_t prefix_len;
};

static int ha_get_reply(struct nlattr **tb, void *arg)
{
	struct ha_config *c = arg;

	memset(c, 0, sizeof(*c));
	if (tb[MIP4HA_A_HA_ADDRESS] &&
	    mip4_nl_attr_in_addr(tb[MIP4HA_A_HA_ADDRESS], &c->address) < 0)
		return -EBADMSG;
	c->has_address = tb[MIP4HA_A_HA_ADDRESS];
	if (tb[MIP4HA_A_HA_PREFIX] &&
	    mip4_nl_attr_in_addr(tb[MIP4HA_A_HA_PREFIX], &c->prefix) < 0)
		return -EBADMSG;
	c->has_prefix = tb[MIP4HA_A_HA_PREFIX];
	if (tb[MIP4HA_A_HA_PREFIX_LEN] &&
	    mip4_nl_attr_u8(tb[MIP4HA_A_HA_PREFIX_LEN], &c->prefix_len) < 0)
		return -EBADMSG;
	c->has_prefix_len = tb[MIP4HA_A_HA_PREFIX_LEN];
	if (tb[MIP4HA_A_HA_MAX_LIFETIME] &&
	    mip4_nl_attr_u32(tb[MIP4HA_A_HA_MAX_LIFETIME], &c->max_lifetime) < 0)
		return -EBADMSG;
	c->has_max_lifetime = tb[MIP4HA_A_HA_MAX_LIFETIME];
	if (tb[MIP4HA_A_HA_REPLAY_TOLERANCE] &&
	    mip4_nl_attr_u32(tb[MIP4HA_A_HA_REPLAY_TOLERANCE],
			     &c->replay_tolerance) < 0)
		return -EBADMSG;
	c->has_replay_tolerance = tb[MIP4HA_A_HA_REPLAY_TOLERANCE];
	if (tb[MIP4HA_A_HA_MAX_BINDINGS] &&
	    mip4_nl_attr_u32(tb[MIP4HA_A_HA_MAX_BINDINGS], &c->max_bindings) < 0)
		return -EBADMSG;
	c->has_max_bindings = tb[MIP4HA_A_HA_MAX_BINDINGS];
	return 0;
}

static void ha_print(const struct ctl *ctl, const struct ha_config *c)
{
	char addr[INET_ADDRSTRLEN], prefix[INET_ADDRSTRLEN + 4];

	if (c->has_address)
		inet_ntop(AF_INET, &c->address, addr, sizeof(addr));
	if (c->has_prefix) {
		inet_ntop(AF_INET, &c->prefix, prefix, INET_ADDRSTRLEN);
		if (c->has_prefix_len)
			snprintf(prefix + strlen(prefix), 5, "/%u",
				 c->prefix_len);
	}

	if (ctl->json) {
		struct mip4_json j;

		mip4_json_init(&j, stdout, ctl->pretty);
		mip4_json_obj_open(&j, NULL);
		if (c->has_address)
			mip4_json_str(&j, "address", addr);
		if (c->has_prefix)
			mip4_json_str(&j, "prefix", prefix);
		if (c->has_max_lifetime)
			mip4_json_u64(&j, "max_lifetime", c->max_lifetime);
		if (c->has_replay_tolerance)
			mip4_json_u64(&j, "replay_tolerance",
				      c->replay_tolerance);
		if (c->has_max_bindings)
			mip4_json_u64(&j, "max_bindings", c->max_bindings);
		mip4_json_obj_close(&j);
		mip4_json_end(&j);
		return;
	}

	{
		const char *sep = "";

		if (c->has_address) {
			printf("%saddress %s", sep, addr);
			sep = " ";
		}
		if (c->has_prefix) {
			printf("%sprefix %s", sep, prefix);
			sep = " ";
		}
		if (c->has_max_lifetime) {
			printf("%smax-lifetime %" PRIu32, sep, c->max_lifetime);
			sep = " ";
		}
		if (c->has_replay_tolerance) {
			printf("%sreplay-tolerance %" PRIu32, sep,
			       c->replay_tolerance);
			sep = " ";
		}
		if (c->has_max_bindings)
			printf("%smax-bindings %" PRIu32, sep, c->max_bindings);
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
		char key[32];
		size_t i;

		if (!s.has[t])
			continue;
		if (!ctl->json) {
			printf("%s %" PRIu64 "\n", name, s.v[t]);
			continue;
		}
		for (i = 0; name[i] && i < sizeof(key) - 1; i++)
			key[i] = name[i] == '-' ? '_' : name[i];
		key[i] = '\0';
		mip4_json_u64(&j, key, s.v[t]);
	}
	if (ctl->json) {
		mip4_json_obj_close(&j);
		mip4_json_end(&j);
	}
	return 0;
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
