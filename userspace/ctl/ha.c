// SPDX-License-Identifier: GPL-2.0
/* mip4ctl ha set, show, del; mip4ctl stats. */

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "mip4ha.h"
#include "mip4ha_names.h"
#include "ctl.h"

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

void print_ha_set_usage(FILE *f)
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
	(void)ctl;
	return call_no_args("ha del", MIP4HA_CMD_HA_DEL, mip4ha_ha_attr_str,
			    argc, argv);
}

int cmd_ha(struct ctl *ctl, int argc, char **argv)
{
	static const struct subcommand ha_cmds[] = {
		{ "show", ha_show, "", "" },
		{ "set", ha_set, "", "" },
		{ "del", ha_del, "", "" },
	};

	return run_subcommand(ctl, "ha", ha_cmds, N_OF(ha_cmds), argc, argv);
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

int cmd_stats(struct ctl *ctl, int argc, char **argv)
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
