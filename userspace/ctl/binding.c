// SPDX-License-Identifier: GPL-2.0
/* mip4ctl binding show, del, flush. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mip4ha.h"
#include "mip4ha_names.h"
#include "ctl.h"

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
	(void)ctl;
	return call_no_args("binding flush", MIP4HA_CMD_BINDING_FLUSH,
			    mip4ha_binding_attr_str, argc, argv);
}

int cmd_binding(struct ctl *ctl, int argc, char **argv)
{
	static const struct subcommand binding_cmds[] = {
		{ "show", binding_show, "", "" },
		{ "del", binding_del, "", "" },
		{ "flush", binding_flush, "", "" },
	};

	return run_subcommand(ctl, "binding", binding_cmds,
			      N_OF(binding_cmds), argc, argv);
}
