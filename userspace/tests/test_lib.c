// SPDX-License-Identifier: GPL-2.0
/* Unit tests (KTAP) of the parts of libmip4 that need no kernel: the JSON
 * printer, the mapping of extended-ACK offsets to attributes, the error
 * line, the attribute readers and names.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "mip4ha.h"
#include "mip4ha_names.h"
#include "mip4_json.h"
#include "mip4_nl.h"
#include "ktap.h"

#define EXPECT_STR(got, want) \
	do { \
		const char *_g = (got), *_w = (want); \
		if (strcmp(_g, _w)) { \
			ktap_fail(__FILE__, __LINE__, "strings differ"); \
			printf("        # got:      [%s]\n", _g); \
			printf("        # expected: [%s]\n", _w); \
		} \
	} while (0)

/* Output of the JSON printer, in memory. */
struct buf {
	char *p;
	size_t n;
	FILE *f;
};

static FILE *buf_open(struct buf *b)
{
	b->p = NULL;
	b->n = 0;
	b->f = open_memstream(&b->p, &b->n);
	return b->f;
}

static const char *buf_done(struct buf *b)
{
	fclose(b->f);
	return b->p;
}

static void check_escape(const char *in, const char *want, int line)
{
	struct buf b;

	mip4_json_write_string(buf_open(&b), in);
	buf_done(&b);
	if (strcmp(b.p, want)) {
		ktap_fail(__FILE__, line, "escaped string differs");
		printf("        # got:      [%s]\n", b.p);
		printf("        # expected: [%s]\n", want);
	}
	free(b.p);
}

#define ESC(in, want) check_escape(in, want, __LINE__)

static void json_escape(const void *arg)
{
	(void)arg;
	ESC("", "\"\"");
	ESC("plain", "\"plain\"");
	ESC("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	ESC("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	ESC("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	/* Valid UTF-8 passes: é, €, U+1F600. */
	ESC("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
	    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	/* Invalid: stray continuation, 0xff, overlong '/', a surrogate,
	 * beyond U+10FFFF, truncated at the end.
	 */
	ESC("a\x80z", "\"a\\ufffdz\"");
	ESC("\xff", "\"\\ufffd\"");
	ESC("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	ESC("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	ESC("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	ESC("x\xe2\x82", "\"x\\ufffd\\ufffd\"");
}

static void json_compact(const void *arg)
{
	struct mip4_json j;
	struct buf b;

	(void)arg;
	mip4_json_init(&j, buf_open(&b), false);
	mip4_json_obj_open(&j, NULL);
	mip4_json_str(&j, "address", "10.1.0.1");
	mip4_json_u64(&j, "max_lifetime", 1800);
	mip4_json_i64(&j, "delta", -5);
	mip4_json_bool(&j, "ok", true);
	mip4_json_null(&j, "none");
	mip4_json_arr_open(&j, "list");
	mip4_json_u64(&j, NULL, 1);
	mip4_json_obj_open(&j, NULL);
	mip4_json_obj_close(&j);
	mip4_json_arr_open(&j, NULL);
	mip4_json_arr_close(&j);
	mip4_json_u64(&j, NULL, UINT64_MAX);
	mip4_json_arr_close(&j);
	mip4_json_str(&j, "k\"ey", "v\n");
	mip4_json_obj_close(&j);
	mip4_json_end(&j);
	EXPECT_STR(buf_done(&b),
		   "{\"address\":\"10.1.0.1\",\"max_lifetime\":1800,\"delta\":-5,"
		   "\"ok\":true,\"none\":null,"
		   "\"list\":[1,{},[],18446744073709551615],"
		   "\"k\\\"ey\":\"v\\n\"}\n");
	free(b.p);
}

static void json_pretty(const void *arg)
{
	struct mip4_json j;
	struct buf b;

	(void)arg;
	mip4_json_init(&j, buf_open(&b), true);
	mip4_json_obj_open(&j, NULL);
	mip4_json_str(&j, "a", "x");
	mip4_json_arr_open(&j, "l");
	mip4_json_u64(&j, NULL, 1);
	mip4_json_u64(&j, NULL, 2);
	mip4_json_arr_close(&j);
	mip4_json_obj_open(&j, "empty");
	mip4_json_obj_close(&j);
	mip4_json_obj_close(&j);
	mip4_json_end(&j);
	EXPECT_STR(buf_done(&b),
		   "{\n"
		   "    \"a\": \"x\",\n"
		   "    \"l\": [\n"
		   "        1,\n"
		   "        2\n"
		   "    ],\n"
		   "    \"empty\": {}\n"
		   "}\n");
	free(b.p);
}

/* A request like the ones the tools send: three attributes, one nested. */
static struct nl_msg *sample_request(uint32_t offs[4])
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, 0x20, 0, 0,
		    MIP4HA_CMD_HA_SET, 1);
	offs[0] = nlmsg_hdr(msg)->nlmsg_len;
	nla_put_u32(msg, MIP4HA_A_HA_ADDRESS, 0x0100000a);
	offs[1] = nlmsg_hdr(msg)->nlmsg_len;
	nla_put_u8(msg, MIP4HA_A_HA_PREFIX_LEN, 24);
	offs[2] = nlmsg_hdr(msg)->nlmsg_len;
	nest = nla_nest_start(msg, 9);
	offs[3] = nlmsg_hdr(msg)->nlmsg_len;
	nla_put_u32(msg, 3, 7);
	nla_nest_end(msg, nest);
	return msg;
}

static void attr_at_offset(const void *arg)
{
	const struct nlmsghdr *nlh;
	struct nl_msg *msg;
	uint32_t o[4];

	(void)arg;
	msg = sample_request(o);
	nlh = nlmsg_hdr(msg);
	/* Attributes start after the netlink and genetlink headers. */
	EXPECT_EQ(o[0], NLMSG_HDRLEN + GENL_HDRLEN);
	EXPECT_EQ(o[1], o[0] + 8);
	EXPECT_EQ(o[2], o[1] + 8);
	EXPECT_EQ(mip4_nl_attr_at_offset(nlh, GENL_HDRLEN, o[0]),
		  MIP4HA_A_HA_ADDRESS);
	EXPECT_EQ(mip4_nl_attr_at_offset(nlh, GENL_HDRLEN, o[1]),
		  MIP4HA_A_HA_PREFIX_LEN);
	EXPECT_EQ(mip4_nl_attr_at_offset(nlh, GENL_HDRLEN, o[2]), 9);
	/* Inside the nest. */
	EXPECT_EQ(mip4_nl_attr_at_offset(nlh, GENL_HDRLEN, o[3]), 3);
	/* Not the start of an attribute. */
	EXPECT_EQ(mip4_nl_attr_at_offset(nlh, GENL_HDRLEN, o[0] + 4), -1);
	EXPECT_EQ(mip4_nl_attr_at_offset(nlh, GENL_HDRLEN, 0), -1);
	EXPECT_EQ(mip4_nl_attr_at_offset(nlh, GENL_HDRLEN, NLMSG_HDRLEN), -1);
	EXPECT_EQ(mip4_nl_attr_at_offset(nlh, GENL_HDRLEN, nlh->nlmsg_len), -1);
	EXPECT_EQ(mip4_nl_attr_at_offset(nlh, GENL_HDRLEN, 1u << 30), -1);
	nlmsg_free(msg);
}

static const char *print_error(const struct mip4_nl_error *e)
{
	static char out[512];
	struct buf b;

	mip4_nl_error_print(buf_open(&b), e, mip4ha_ha_attr_str);
	snprintf(out, sizeof(out), "%s", buf_done(&b));
	free(b.p);
	return out;
}

static void error_line(const void *arg)
{
	struct mip4_nl_error e;

	(void)arg;
	mip4_nl_error_clear(&e);
	e.err = EINVAL;
	strcpy(e.msg, "mip4ha: prefix has host bits set");
	e.has_offset = 1;
	e.offset = 28;
	e.bad_attr = MIP4HA_A_HA_PREFIX;
	EXPECT_STR(print_error(&e),
		   "Error: mip4ha: prefix has host bits set (attribute prefix)\n");

	mip4_nl_error_clear(&e);
	e.err = EINVAL;
	strcpy(e.msg, "mip4ha: first ha-set needs prefix-len");
	e.missing_attr = MIP4HA_A_HA_PREFIX_LEN;
	EXPECT_STR(print_error(&e),
		   "Error: mip4ha: first ha-set needs prefix-len (missing attribute prefix-len)\n");

	/* No message: strerror. */
	mip4_nl_error_clear(&e);
	e.err = EPERM;
	EXPECT_STR(print_error(&e), "Error: Operation not permitted\n");

	/* An offset that is no attribute of the request, a type without name. */
	mip4_nl_error_clear(&e);
	e.err = ERANGE;
	strcpy(e.msg, "integer out of range");
	e.has_offset = 1;
	e.offset = 99;
	EXPECT_STR(print_error(&e),
		   "Error: integer out of range (attribute at offset 99)\n");
	e.bad_attr = 42;
	EXPECT_STR(print_error(&e),
		   "Error: integer out of range (attribute 42)\n");
}

static void attr_readers(const void *arg)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *a8, *a32, *a64;
	uint64_t v64 = 0;
	uint32_t v32 = 0;
	uint8_t v8 = 0;

	(void)arg;
	nla_put_u8(msg, 1, 200);
	nla_put_u32(msg, 2, 123456);
	nla_put_u64(msg, 3, 1ULL << 40);
	a8 = nlmsg_find_attr(nlmsg_hdr(msg), 0, 1);
	a32 = nlmsg_find_attr(nlmsg_hdr(msg), 0, 2);
	a64 = nlmsg_find_attr(nlmsg_hdr(msg), 0, 3);
	EXPECT_EQ(mip4_nl_attr_u8(a8, &v8), 0);
	EXPECT_EQ(v8, 200);
	EXPECT_EQ(mip4_nl_attr_u32(a32, &v32), 0);
	EXPECT_EQ(v32, 123456);
	EXPECT_EQ(mip4_nl_attr_u64(a64, &v64), 0);
	EXPECT(v64 == 1ULL << 40);
	/* Wrong sizes and absent attributes are refused. */
	EXPECT_EQ(mip4_nl_attr_u32(a8, &v32), -EINVAL);
	EXPECT_EQ(mip4_nl_attr_u8(a32, &v8), -EINVAL);
	EXPECT_EQ(mip4_nl_attr_u64(a32, &v64), -EINVAL);
	EXPECT_EQ(mip4_nl_attr_in_addr(NULL, &v32), -EINVAL);
	nlmsg_free(msg);
}

static void names(const void *arg)
{
	(void)arg;
	EXPECT_STR(mip4ha_ha_attr_str(MIP4HA_A_HA_ADDRESS), "address");
	EXPECT_STR(mip4ha_ha_attr_str(MIP4HA_A_HA_MAX_BINDINGS),
		   "max-bindings");
	EXPECT(mip4ha_ha_attr_str(0) == NULL);
	EXPECT(mip4ha_ha_attr_str(MIP4HA_A_HA_MAX + 1) == NULL);
	EXPECT_STR(mip4ha_stats_attr_str(MIP4HA_A_STATS_TX_ERRORS),
		   "tx-errors");
	EXPECT(mip4ha_stats_attr_str(MIP4HA_A_STATS_MAX + 1) == NULL);
	EXPECT_STR(mip4ha_sa_attr_str(MIP4HA_A_SA_WITH_SECRETS),
		   "with-secrets");
	EXPECT_STR(mip4ha_binding_attr_str(MIP4HA_A_BINDING_REASON),
		   "reason");
	EXPECT_STR(mip4ha_op_str(MIP4HA_CMD_HA_SET), "ha-set");
	EXPECT_STR(mip4ha_op_str(MIP4HA_CMD_BINDING_NTF), "binding-ntf");
	EXPECT_STR(mip4ha_op_str(MIP4HA_CMD_KEYGEN_ANSWER), "keygen-answer");
	EXPECT(mip4ha_op_str(MIP4HA_CMD_MAX + 1) == NULL);
	EXPECT(mip4ha_op_str(-1) == NULL);
	EXPECT_STR(mip4ha_stats_attr_str(MIP4HA_A_STATS_REKEYS), "rekeys");
	EXPECT_STR(mip4ha_keygen_attr_str(MIP4HA_A_KEYGEN_SKEY_PRIME),
		   "skey-prime");
	/* Enum values, both ways. */
	EXPECT_STR(mip4ha_sa_role_str(MIP4HA_SA_ROLE_SKEY_PRIME), "skey-prime");
	EXPECT_STR(mip4ha_reverse_tunnel_str(MIP4HA_REVERSE_TUNNEL_OFF), "off");
	EXPECT(mip4ha_replay_str(0) == NULL);
	EXPECT(mip4ha_algorithm_value("hmac-sha256") ==
	       MIP4HA_ALGORITHM_HMAC_SHA256);
	EXPECT(mip4ha_replay_value("nonce") == MIP4HA_REPLAY_NONCE);
	EXPECT(mip4ha_reverse_tunnel_value("off") == MIP4HA_REVERSE_TUNNEL_OFF);
	EXPECT(mip4ha_algorithm_value("md5") == -1);
	EXPECT(mip4ha_binding_reason_value("") == -1);
}

/* Every command, attribute and enum value of mip4ha.h has a name: the
 * tables follow the header.
 */
static void names_complete(const void *arg)
{
	static const struct {
		const char *set;
		const char *(*name)(int type);
		int first, max;
	} sets[] = {
		{ "cmd", mip4ha_op_str, 1, MIP4HA_CMD_MAX },
		{ "ha", mip4ha_ha_attr_str, 1, MIP4HA_A_HA_MAX },
		{ "sa", mip4ha_sa_attr_str, 1, MIP4HA_A_SA_MAX },
		{ "binding", mip4ha_binding_attr_str, 1, MIP4HA_A_BINDING_MAX },
		{ "keygen", mip4ha_keygen_attr_str, 1, MIP4HA_A_KEYGEN_MAX },
		{ "stats", mip4ha_stats_attr_str, 1, MIP4HA_A_STATS_MAX },
		{ "algorithm", mip4ha_algorithm_str, MIP4HA_ALGORITHM_HMAC_MD5,
		  MIP4HA_ALGORITHM_KEYED_MD5 },
		{ "replay", mip4ha_replay_str, MIP4HA_REPLAY_TIMESTAMP,
		  MIP4HA_REPLAY_NONCE },
		{ "sa-role", mip4ha_sa_role_str, MIP4HA_SA_ROLE_STATIC,
		  MIP4HA_SA_ROLE_SKEY_PRIME },
		{ "binding-event", mip4ha_binding_event_str,
		  MIP4HA_BINDING_EVENT_ADD, MIP4HA_BINDING_EVENT_DELETE },
		{ "binding-reason", mip4ha_binding_reason_str,
		  MIP4HA_BINDING_REASON_DEREG, MIP4HA_BINDING_REASON_KEY_EXPIRY },
		{ "reverse-tunnel", mip4ha_reverse_tunnel_str,
		  MIP4HA_REVERSE_TUNNEL_OFF, MIP4HA_REVERSE_TUNNEL_REQUIRED },
		{ "sa-event", mip4ha_sa_event_str, MIP4HA_SA_EVENT_ADD,
		  MIP4HA_SA_EVENT_DELETE },
		{ "sa-reason", mip4ha_sa_reason_str, MIP4HA_SA_REASON_DEREG,
		  MIP4HA_SA_REASON_ADMIN },
	};
	size_t i;
	int t;

	(void)arg;
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		for (t = sets[i].first; t <= sets[i].max; t++) {
			if (sets[i].name(t))
				continue;
			printf("        # %s %d has no name\n", sets[i].set, t);
			ktap_fail(__FILE__, __LINE__, "a name is missing");
		}
		EXPECT(sets[i].name(sets[i].max + 1) == NULL);
	}
}

static const struct ktap_case json_cases[] = {
	{ "escape", json_escape, NULL },
	{ "compact", json_compact, NULL },
	{ "pretty", json_pretty, NULL },
};

static const struct ktap_case nl_cases[] = {
	{ "attr_at_offset", attr_at_offset, NULL },
	{ "error_line", error_line, NULL },
	{ "attr_readers", attr_readers, NULL },
	{ "names", names, NULL },
	{ "names_complete", names_complete, NULL },
};

int main(void)
{
	static const struct ktap_suite suites[] = {
		KTAP_SUITE("json", json_cases),
		KTAP_SUITE("nl", nl_cases),
	};

	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
