// SPDX-License-Identifier: GPL-2.0
/*
 * Raw generic-netlink requests to the mip4ha family, well-formed and not,
 * checking for each the exact errno, extended-ACK message, offending
 * attribute offset or missing attribute type, and the configuration the
 * kernel keeps. Every test runs in a network namespace of its own. The
 * policies are checked against mip4ha.yaml through mip4ha_policy.h, the
 * table netlink-api/gen-uapi.py makes of it.
 *
 * Needs root and the mip4ha module loaded.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "mip4ha.h"
#include "mip4ha_policy.h"
#include "kselftest_harness.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define NO_OFFS		(-1)
#define NO_MISS		(-1)
#define ABSENT		(-1)

/* ------------------------------------------------------------------ */
/* A small libmnl client that keeps every byte it sends and receives. */

struct nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
};

struct req {
	char buf[4096];
	struct nlmsghdr *nlh;
};

#define MAX_TYPE 32

struct ans {
	bool acked;		/* an NLMSG_ERROR (error or ACK) arrived */
	int error;		/* positive errno; 0 for an ACK */
	bool has_msg;
	char msg[256];
	bool has_offs;
	uint32_t offs;
	bool has_miss;
	uint32_t miss;
	bool has_pol_min, has_pol_max;
	uint64_t pol_min, pol_max;
	bool has_pol_min_len, has_pol_max_len;
	uint32_t pol_min_len, pol_max_len;
	int nreplies;
	uint8_t reply_cmd;
	uint8_t reply_version;
	/* Attributes of the last reply, by type. */
	struct {
		int count;
		uint16_t len;
		uint8_t data[16];
	} a[MAX_TYPE];
	int big_types;		/* attributes with type >= MAX_TYPE */
};

static void req_init(struct req *r, struct nl *nl, uint16_t type,
		     uint8_t cmd)
{
	struct genlmsghdr *g;

	memset(r->buf, 0, sizeof(r->buf));
	r->nlh = mnl_nlmsg_put_header(r->buf);
	r->nlh->nlmsg_type = type;
	r->nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r->nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(r->nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = MIP4HA_FAMILY_VERSION;
}

/* Appends an attribute of any length; returns its offset in the message. */
static uint32_t req_put(struct req *r, uint16_t type, const void *data,
			size_t len)
{
	uint32_t offset = r->nlh->nlmsg_len;

	mnl_attr_put(r->nlh, type, len, data);
	return offset;
}

static uint32_t req_u8(struct req *r, uint16_t type, uint8_t v)
{
	return req_put(r, type, &v, sizeof(v));
}

static uint32_t req_u32(struct req *r, uint16_t type, uint32_t v)
{
	return req_put(r, type, &v, sizeof(v));
}

static uint32_t in_addr(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "# bad address in the test: %s\n", s);
		abort();
	}
	return a.s_addr;
}

static uint32_t req_addr(struct req *r, uint16_t type, const char *s)
{
	return req_u32(r, type, in_addr(s));
}

static int parse_policy(const struct nlattr *attr, void *data)
{
	struct ans *a = data;

	switch (mnl_attr_get_type(attr)) {
	case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
		if (mnl_attr_get_payload_len(attr) == sizeof(uint64_t)) {
			a->has_pol_min = true;
			a->pol_min = mnl_attr_get_u64(attr);
		}
		break;
	case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
		if (mnl_attr_get_payload_len(attr) == sizeof(uint64_t)) {
			a->has_pol_max = true;
			a->pol_max = mnl_attr_get_u64(attr);
		}
		break;
	case NL_POLICY_TYPE_ATTR_MIN_LENGTH:
		if (mnl_attr_get_payload_len(attr) == sizeof(uint32_t)) {
			a->has_pol_min_len = true;
			a->pol_min_len = mnl_attr_get_u32(attr);
		}
		break;
	case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
		if (mnl_attr_get_payload_len(attr) == sizeof(uint32_t)) {
			a->has_pol_max_len = true;
			a->pol_max_len = mnl_attr_get_u32(attr);
		}
		break;
	}
	return MNL_CB_OK;
}

static int parse_tlv(const struct nlattr *attr, void *data)
{
	struct ans *a = data;
	uint16_t len = mnl_attr_get_payload_len(attr);

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0) {
			snprintf(a->msg, sizeof(a->msg),
				 "<message not NUL-terminated>");
		} else {
			snprintf(a->msg, sizeof(a->msg), "%s",
				 mnl_attr_get_str(attr));
		}
		a->has_msg = true;
		break;
	case NLMSGERR_ATTR_OFFS:
		if (len == sizeof(uint32_t)) {
			a->has_offs = true;
			a->offs = mnl_attr_get_u32(attr);
		}
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (len == sizeof(uint32_t)) {
			a->has_miss = true;
			a->miss = mnl_attr_get_u32(attr);
		}
		break;
	case NLMSGERR_ATTR_POLICY:
		mnl_attr_parse_nested(attr, parse_policy, a);
		break;
	}
	return MNL_CB_OK;
}

static int parse_reply_attr(const struct nlattr *attr, void *data)
{
	struct ans *a = data;
	uint16_t type = mnl_attr_get_type(attr);
	uint16_t len = mnl_attr_get_payload_len(attr);

	if (type >= MAX_TYPE) {
		a->big_types++;
		return MNL_CB_OK;
	}
	a->a[type].count++;
	a->a[type].len = len;
	memcpy(a->a[type].data, mnl_attr_get_payload(attr),
	       len < sizeof(a->a[type].data) ? len : sizeof(a->a[type].data));
	return MNL_CB_OK;
}

/* Sends @r and reads until its ACK or error (for a dump, its end). 0, or
 * -errno of the socket.
 */
static int nl_call(struct nl *nl, struct req *r, struct ans *a)
{
	char buf[32768];
	uint32_t seq = r->nlh->nlmsg_seq;

	memset(a, 0, sizeof(*a));
	if (mnl_socket_sendto(nl->sock, r->nlh, r->nlh->nlmsg_len) < 0)
		return -errno;

	while (!a->acked) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		int len = (int)n;

		if (n < 0)
			return -errno;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != nl->portid)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				const int *err = mnl_nlmsg_get_payload(nlh);

				a->acked = true;
				if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err))
					break;
				a->error = -*err;
				if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
					mnl_attr_parse(nlh, sizeof(*err),
						       parse_tlv, a);
				break;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *err =
					mnl_nlmsg_get_payload(nlh);
				size_t off = sizeof(*err);

				a->acked = true;
				a->error = -err->error;
				if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
					break;
				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					off += mnl_nlmsg_get_payload_len(&err->msg);
				mnl_attr_parse(nlh, (unsigned int)off, parse_tlv, a);
				break;
			}
			if (nlh->nlmsg_type == nl->family ||
			    nlh->nlmsg_type == GENL_ID_CTRL) {
				const struct genlmsghdr *g =
					mnl_nlmsg_get_payload(nlh);

				a->nreplies++;
				a->reply_cmd = g->cmd;
				a->reply_version = g->version;
				memset(a->a, 0, sizeof(a->a));
				a->big_types = 0;
				mnl_attr_parse(nlh, sizeof(*g), parse_reply_attr, a);
			}
		}
	}
	return 0;
}

/* Opens a socket in the current netns; 0, -ENOENT without the family. */
static int nl_open(struct nl *nl)
{
	struct req r;
	struct ans a;
	int one = 1;
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock)
		return -errno;
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	if (mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one,
				  sizeof(one)) < 0 ||
	    mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one,
				  sizeof(one)) < 0)
		goto fail;
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)getpid() << 8;

	req_init(&r, nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	req_put(&r, CTRL_ATTR_FAMILY_NAME, MIP4HA_FAMILY_NAME,
		sizeof(MIP4HA_FAMILY_NAME));
	err = nl_call(nl, &r, &a);
	if (err)
		goto fail_err;
	if (a.error || a.a[CTRL_ATTR_FAMILY_ID].count != 1 ||
	    a.a[CTRL_ATTR_FAMILY_ID].len != sizeof(uint16_t)) {
		err = a.error ? -a.error : -EPROTO;
		goto fail_err;
	}
	memcpy(&nl->family, a.a[CTRL_ATTR_FAMILY_ID].data, sizeof(uint16_t));
	return 0;
fail:
	err = -errno;
fail_err:
	mnl_socket_close(nl->sock);
	nl->sock = NULL;
	return err;
}

static void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

/* A Home Agent configuration; NULL / ABSENT fields are not sent (and, in
 * an expected configuration, ABSENT means the default).
 */
struct cfg {
	const char *address;
	const char *prefix;
	int64_t prefix_len;
	int64_t max_lifetime;
	int64_t replay_tolerance;
	int64_t max_bindings;
	int64_t vendor_id;
	int64_t keygen_timeout;
	int64_t keygen_max_pending;
	int64_t reverse_tunnel;
};

#define CFG(...) ((struct cfg){ .prefix_len = ABSENT, .max_lifetime = ABSENT, \
	.replay_tolerance = ABSENT, .max_bindings = ABSENT, .vendor_id = ABSENT, \
	.keygen_timeout = ABSENT, .keygen_max_pending = ABSENT, \
	.reverse_tunnel = ABSENT, __VA_ARGS__ })

/* The usual configuration of the tests. */
#define HOME CFG(.address = "10.1.0.1", .prefix = "10.1.0.0", .prefix_len = 24)

/* The settings of the ha set after address, prefix and prefix-len
 * (mip4ha.yaml): size, default, and another valid value.
 */
static const struct setting {
	uint16_t type;
	uint8_t size;
	uint32_t def;
	uint32_t other;
} settings[] = {
	{ MIP4HA_A_HA_MAX_LIFETIME, 4, MIP4HA_MAX_LIFETIME_DEFAULT, 600 },
	{ MIP4HA_A_HA_REPLAY_TOLERANCE, 4, MIP4HA_REPLAY_TOLERANCE_DEFAULT, 3600 },
	{ MIP4HA_A_HA_MAX_BINDINGS, 4, MIP4HA_MAX_BINDINGS_DEFAULT, 255 },
	{ MIP4HA_A_HA_VENDOR_ID, 4, MIP4HA_VENDOR_ID_DEFAULT, 4294967295u },
	{ MIP4HA_A_HA_KEYGEN_TIMEOUT, 4, MIP4HA_KEYGEN_TIMEOUT_DEFAULT, 120 },
	{ MIP4HA_A_HA_KEYGEN_MAX_PENDING, 4, MIP4HA_KEYGEN_MAX_PENDING_DEFAULT, 65536 },
	/* "Default allowed." */
	{ MIP4HA_A_HA_REVERSE_TUNNEL, 1, MIP4HA_REVERSE_TUNNEL_ALLOWED,
	  MIP4HA_REVERSE_TUNNEL_REQUIRED },
};

static const struct setting *setting_of(int type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(settings); i++)
		if (settings[i].type == type)
			return &settings[i];
	return NULL;
}

static int64_t *cfg_setting(struct cfg *c, int type)
{
	switch (type) {
	case MIP4HA_A_HA_MAX_LIFETIME: return &c->max_lifetime;
	case MIP4HA_A_HA_REPLAY_TOLERANCE: return &c->replay_tolerance;
	case MIP4HA_A_HA_MAX_BINDINGS: return &c->max_bindings;
	case MIP4HA_A_HA_VENDOR_ID: return &c->vendor_id;
	case MIP4HA_A_HA_KEYGEN_TIMEOUT: return &c->keygen_timeout;
	case MIP4HA_A_HA_KEYGEN_MAX_PENDING: return &c->keygen_max_pending;
	case MIP4HA_A_HA_REVERSE_TUNNEL: return &c->reverse_tunnel;
	}
	return NULL;
}

/* Attribute offsets of a request built by req_ha_set() (0: not sent). */
struct offs {
	uint32_t o[MIP4HA_A_HA_MAX + 1];
};

static void req_ha_set(struct req *r, struct nl *nl, const struct cfg *c,
		       struct offs *o)
{
	struct cfg cc = *c;
	struct offs dummy;
	size_t i;

	if (!o)
		o = &dummy;
	memset(o, 0, sizeof(*o));
	req_init(r, nl, nl->family, MIP4HA_CMD_HA_SET);
	if (c->address)
		o->o[MIP4HA_A_HA_ADDRESS] =
			req_addr(r, MIP4HA_A_HA_ADDRESS, c->address);
	if (c->prefix)
		o->o[MIP4HA_A_HA_PREFIX] =
			req_addr(r, MIP4HA_A_HA_PREFIX, c->prefix);
	if (c->prefix_len != ABSENT)
		o->o[MIP4HA_A_HA_PREFIX_LEN] =
			req_u8(r, MIP4HA_A_HA_PREFIX_LEN,
			       (uint8_t)c->prefix_len);
	for (i = 0; i < ARRAY_SIZE(settings); i++) {
		uint16_t t = settings[i].type;
		int64_t v = *cfg_setting(&cc, t);

		if (v == ABSENT)
			continue;
		if (settings[i].size == 1)
			o->o[t] = req_u8(r, t, (uint8_t)v);
		else
			o->o[t] = req_u32(r, t, (uint32_t)v);
	}
}

static const char *errname(int e)
{
	static char buf[64];

	switch (e) {
	case 0: return "0 (ACK)";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case EADDRINUSE: return "EADDRINUSE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	snprintf(buf, sizeof(buf), "%d (%s)", e, strerror(e));
	return buf;
}

/* What a loop of a test is at, printed only when a check fails. */
static char context[160];

#define CONTEXT(...) snprintf(context, sizeof(context), __VA_ARGS__)

/*
 * Checks an answer: errno, message (NULL: none), offset (NO_OFFS: none),
 * missing type (NO_MISS: none).
 */
#define CHECK_ANS(a, err, msg, offs, miss) \
	check_ans(_metadata, a, err, msg, offs, miss, __LINE__)

static void check_ans(struct __test_metadata *_metadata, const struct ans *a,
		      int err, const char *msg, int64_t offs, int64_t miss,
		      int line)
{
	/* The same checks as below, to name the context once per call. */
	bool ok = a->acked && a->error == err &&
		  (msg ? a->has_msg && !strcmp(msg, a->msg) : !a->has_msg) &&
		  (offs != NO_OFFS ? a->has_offs && a->offs == offs :
				     !a->has_offs) &&
		  (miss != NO_MISS ? a->has_miss && a->miss == miss :
				     !a->has_miss);

	if (!ok && context[0])
		TH_LOG("line %d: while %s", line, context);
	ASSERT_TRUE(a->acked)
		TH_LOG("line %d: no ACK (%s)", line, context);
	EXPECT_EQ(err, a->error)
		TH_LOG("line %d: errno %s, expected %s (message \"%s\")", line,
		       errname(a->error), errname(err),
		       a->has_msg ? a->msg : "");
	if (msg) {
		EXPECT_TRUE(a->has_msg)
			TH_LOG("line %d: no extack message, expected \"%s\"",
			       line, msg);
		if (a->has_msg) {
			EXPECT_STREQ(msg, a->msg)
				TH_LOG("line %d: extack message", line);
		}
	} else {
		EXPECT_FALSE(a->has_msg)
			TH_LOG("line %d: unexpected extack message \"%s\"",
			       line, a->msg);
	}
	if (offs != NO_OFFS) {
		EXPECT_TRUE(a->has_offs)
			TH_LOG("line %d: no NLMSGERR_ATTR_OFFS, expected %" PRId64,
			       line, offs);
		if (a->has_offs) {
			EXPECT_EQ(offs, (int64_t)a->offs)
				TH_LOG("line %d: NLMSGERR_ATTR_OFFS", line);
		}
	} else {
		EXPECT_FALSE(a->has_offs)
			TH_LOG("line %d: unexpected NLMSGERR_ATTR_OFFS %u",
			       line, a->offs);
	}
	if (miss != NO_MISS) {
		EXPECT_TRUE(a->has_miss)
			TH_LOG("line %d: no NLMSGERR_ATTR_MISS_TYPE, expected %" PRId64,
			       line, miss);
		if (a->has_miss) {
			EXPECT_EQ(miss, (int64_t)a->miss)
				TH_LOG("line %d: NLMSGERR_ATTR_MISS_TYPE", line);
		}
	} else {
		EXPECT_FALSE(a->has_miss)
			TH_LOG("line %d: unexpected NLMSGERR_ATTR_MISS_TYPE %u",
			       line, a->miss);
	}
}

#define CHECK_OK(a) CHECK_ANS(a, 0, NULL, NO_OFFS, NO_MISS)

static void do_call(struct __test_metadata *_metadata, struct nl *nl,
		    struct req *r, struct ans *a)
{
	int err = nl_call(nl, r, a);

	ASSERT_EQ(0, err) TH_LOG("netlink socket error: %s", strerror(-err));
}

static void ha_set(struct __test_metadata *_metadata, struct nl *nl,
		   const struct cfg *c, struct ans *a, struct offs *o)
{
	struct req r;

	req_ha_set(&r, nl, c, o);
	do_call(_metadata, nl, &r, a);
}

static void simple(struct __test_metadata *_metadata, struct nl *nl,
		   uint8_t cmd, struct ans *a)
{
	struct req r;

	req_init(&r, nl, nl->family, cmd);
	do_call(_metadata, nl, &r, a);
}

/* A dump request without attributes. */
static void dump(struct __test_metadata *_metadata, struct nl *nl,
		 uint8_t cmd, struct ans *a)
{
	struct req r;

	req_init(&r, nl, nl->family, cmd);
	r.nlh->nlmsg_flags |= NLM_F_DUMP;
	do_call(_metadata, nl, &r, a);
}

/* Checks that ha-get returns exactly @c, all six attributes, once each. */
#define CHECK_CONFIG(nl, c) check_config(_metadata, nl, c, __LINE__)

static void check_config(struct __test_metadata *_metadata, struct nl *nl,
			 const struct cfg *c, int line)
{
	struct cfg cc = *c;
	uint16_t lens[MIP4HA_A_HA_MAX + 1] = {
		[MIP4HA_A_HA_ADDRESS] = 4,
		[MIP4HA_A_HA_PREFIX] = 4,
		[MIP4HA_A_HA_PREFIX_LEN] = 1,
	};
	uint32_t want[MIP4HA_A_HA_MAX + 1] = {
		[MIP4HA_A_HA_ADDRESS] = in_addr(c->address),
		[MIP4HA_A_HA_PREFIX] = in_addr(c->prefix),
		[MIP4HA_A_HA_PREFIX_LEN] = (uint32_t)c->prefix_len,
	};
	struct ans a;
	size_t i;
	int t;

	for (i = 0; i < ARRAY_SIZE(settings); i++) {
		int64_t v = *cfg_setting(&cc, settings[i].type);

		t = settings[i].type;
		lens[t] = settings[i].size;
		want[t] = v == ABSENT ? settings[i].def : (uint32_t)v;
	}

	simple(_metadata, nl, MIP4HA_CMD_HA_GET, &a);
	CHECK_ANS(&a, 0, NULL, NO_OFFS, NO_MISS);
	ASSERT_EQ(1, a.nreplies) TH_LOG("line %d: ha-get replies", line);
	EXPECT_EQ(MIP4HA_CMD_HA_GET, a.reply_cmd)
		TH_LOG("line %d: genl command of the reply", line);
	EXPECT_EQ(0, a.big_types) TH_LOG("line %d: unknown attributes", line);
	for (t = 0; t < MAX_TYPE; t++) {
		uint32_t v = 0;

		if (t < 1 || t > MIP4HA_A_HA_MAX) {
			EXPECT_EQ(0, a.a[t].count)
				TH_LOG("line %d: unexpected attribute %d in ha-get",
				       line, t);
			continue;
		}
		EXPECT_NE(0, lens[t])
			TH_LOG("attribute %d of the ha set is new to this test", t);
		EXPECT_EQ(1, a.a[t].count)
			TH_LOG("line %d: attribute %d in ha-get", line, t);
		EXPECT_EQ(lens[t], a.a[t].len)
			TH_LOG("line %d: length of attribute %d", line, t);
		if (a.a[t].count != 1 || a.a[t].len != lens[t])
			continue;
		if (lens[t] == 1)
			v = a.a[t].data[0];
		else
			memcpy(&v, a.a[t].data, sizeof(v));
		if (t == MIP4HA_A_HA_ADDRESS || t == MIP4HA_A_HA_PREFIX) {
			EXPECT_EQ(ntohl(want[t]), ntohl(v))
				TH_LOG("line %d: attribute %d (host order)",
				       line, t);
		} else {
			EXPECT_EQ(want[t], v)
				TH_LOG("line %d: attribute %d", line, t);
		}
	}
}

/* ha-get must say "not configured". */
#define CHECK_UNCONFIGURED(nl) check_unconfigured(_metadata, nl, __LINE__)

static void check_unconfigured(struct __test_metadata *_metadata,
			       struct nl *nl, int line)
{
	char saved[sizeof(context)];
	struct ans a;

	memcpy(saved, context, sizeof(saved));
	simple(_metadata, nl, MIP4HA_CMD_HA_GET, &a);
	CONTEXT("checking from line %d that the HA is not configured", line);
	CHECK_ANS(&a, ENOENT, "mip4ha: home agent is not configured",
		  NO_OFFS, NO_MISS);
	EXPECT_EQ(0, a.nreplies);
	memcpy(context, saved, sizeof(context));
}

/* A fresh network namespace and a socket in it. */
static void setup_netns(struct __test_metadata *_metadata, struct nl *nl)
{
	int err;

	ASSERT_EQ(0, unshare(CLONE_NEWNET))
		TH_LOG("unshare(CLONE_NEWNET): %s", strerror(errno));
	err = nl_open(nl);
	ASSERT_EQ(0, err)
		TH_LOG("no mip4ha generic netlink family (%s): is mip4ha.ko loaded?",
		       strerror(-err));
}

/* Drops CAP_NET_ADMIN from every set of this process. */
static int drop_net_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	int i = CAP_TO_INDEX(CAP_NET_ADMIN);

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[i].effective &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	data[i].permitted &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	data[i].inheritable &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	return (int)syscall(SYS_capset, &hdr, data);
}

/* ------------------------------------------------------------------ */

FIXTURE(ha) {
	struct nl nl;
};

FIXTURE_SETUP(ha)
{
	setup_netns(_metadata, &self->nl);
}

FIXTURE_TEARDOWN(ha)
{
	nl_close(&self->nl);
}

TEST_F(ha, get_unconfigured)
{
	CHECK_UNCONFIGURED(&self->nl);
}

TEST_F(ha, del_unconfigured)
{
	struct ans a;

	simple(_metadata, &self->nl, MIP4HA_CMD_HA_DEL, &a);
	CHECK_ANS(&a, ENOENT, "mip4ha: home agent is not configured",
		  NO_OFFS, NO_MISS);
}

TEST_F(ha, set_then_get_returns_exactly_the_values)
{
	struct cfg c = CFG(.address = "192.168.77.9", .prefix = "192.168.64.0",
			   .prefix_len = 18, .max_lifetime = 600,
			   .replay_tolerance = 30, .max_bindings = 9);
	struct ans a;

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);
	EXPECT_EQ(0, a.nreplies) TH_LOG("ha-set should answer with an ACK only");
	CHECK_CONFIG(&self->nl, &c);
}

TEST_F(ha, defaults_when_not_given)
{
	struct cfg c = HOME;
	struct ans a;

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);
	/* The defaults of mip4ha.yaml, spelled out. */
	ASSERT_EQ(1800, MIP4HA_MAX_LIFETIME_DEFAULT);
	ASSERT_EQ(7, MIP4HA_REPLAY_TOLERANCE_DEFAULT);
	ASSERT_EQ(4, MIP4HA_MAX_BINDINGS_DEFAULT);
	/* ABSENT fields of c: check_config() expects the defaults. */
	CHECK_CONFIG(&self->nl, &c);
}

TEST_F(ha, partial_update_keeps_other_fields)
{
	struct cfg c = CFG(.address = "10.1.0.1", .prefix = "10.1.0.0",
			   .prefix_len = 24, .max_lifetime = 1000,
			   .replay_tolerance = 20, .max_bindings = 2);
	struct ans a;
	size_t i;

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);

	/* Each u32 setting alone. */
	for (i = 0; i < ARRAY_SIZE(settings); i++) {
		struct cfg one = CFG();

		*cfg_setting(&one, settings[i].type) = settings[i].other;
		*cfg_setting(&c, settings[i].type) = settings[i].other;
		CONTEXT("ha-set of attribute %d alone", settings[i].type);
		ha_set(_metadata, &self->nl, &one, &a, NULL);
		CHECK_OK(&a);
		CHECK_CONFIG(&self->nl, &c);
	}

	ha_set(_metadata, &self->nl, &CFG(.address = "10.1.0.200"), &a, NULL);
	CHECK_OK(&a);
	c.address = "10.1.0.200";
	CHECK_CONFIG(&self->nl, &c);

	/* A wider prefix that still holds the address. */
	ha_set(_metadata, &self->nl, &CFG(.prefix = "10.0.0.0", .prefix_len = 8),
	       &a, NULL);
	CHECK_OK(&a);
	c.prefix = "10.0.0.0";
	c.prefix_len = 8;
	CHECK_CONFIG(&self->nl, &c);

	/* Moving to another network: address and prefix together. */
	ha_set(_metadata, &self->nl,
	       &CFG(.address = "172.16.5.1", .prefix = "172.16.0.0",
		    .prefix_len = 16), &a, NULL);
	CHECK_OK(&a);
	c.address = "172.16.5.1";
	c.prefix = "172.16.0.0";
	c.prefix_len = 16;
	CHECK_CONFIG(&self->nl, &c);

	/* An empty ha-set on a configured HA changes nothing. */
	ha_set(_metadata, &self->nl, &CFG(), &a, NULL);
	CHECK_OK(&a);
	CHECK_CONFIG(&self->nl, &c);
}

TEST_F(ha, failed_update_keeps_config)
{
	struct cfg c = CFG(.address = "10.1.0.1", .prefix = "10.1.0.0",
			   .prefix_len = 24, .max_lifetime = 1000,
			   .replay_tolerance = 20, .max_bindings = 2);
	struct offs o;
	struct ans a;

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);

	/* A new prefix the configured address is not in: the request has no
	 * address, so the kernel may only point at the prefix.
	 */
	ha_set(_metadata, &self->nl, &CFG(.prefix = "10.2.0.0", .prefix_len = 24),
	       &a, &o);
	ASSERT_TRUE(a.acked);
	EXPECT_EQ(EINVAL, a.error) TH_LOG("errno %s", errname(a.error));
	EXPECT_STREQ("mip4ha: address is outside the home network prefix",
		     a.msg);
	if (a.has_offs) {
		EXPECT_TRUE(a.offs == o.o[MIP4HA_A_HA_PREFIX] ||
			    a.offs == o.o[MIP4HA_A_HA_PREFIX_LEN])
			TH_LOG("offset %u is neither prefix (%u) nor prefix-len (%u)",
			       a.offs, o.o[MIP4HA_A_HA_PREFIX],
			       o.o[MIP4HA_A_HA_PREFIX_LEN]);
	}
	EXPECT_FALSE(a.has_miss);
	CHECK_CONFIG(&self->nl, &c);

	/* Valid max-lifetime with an address outside the prefix: all or
	 * nothing.
	 */
	ha_set(_metadata, &self->nl,
	       &CFG(.address = "10.9.0.1", .max_lifetime = 99), &a, &o);
	CHECK_ANS(&a, EINVAL, "mip4ha: address is outside the home network prefix",
		  o.o[MIP4HA_A_HA_ADDRESS], NO_MISS);
	CHECK_CONFIG(&self->nl, &c);

	/* A policy error on the last attribute after valid ones. */
	ha_set(_metadata, &self->nl,
	       &CFG(.max_lifetime = 99, .replay_tolerance = 0), &a, &o);
	CHECK_ANS(&a, ERANGE, "integer out of range",
		  o.o[MIP4HA_A_HA_REPLAY_TOLERANCE], NO_MISS);
	CHECK_CONFIG(&self->nl, &c);
}

TEST_F(ha, set_twice_full_is_an_update)
{
	struct cfg c = HOME;
	struct ans a;

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);
	/* Must not try to open port 434 a second time. */
	c = CFG(.address = "10.3.0.1", .prefix = "10.3.0.0", .prefix_len = 16,
		.max_lifetime = 300, .replay_tolerance = 5, .max_bindings = 1);
	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);
	CHECK_CONFIG(&self->nl, &c);
}

TEST_F(ha, del_forgets_everything)
{
	struct cfg c = HOME;
	struct offs o;
	struct ans a;

	ha_set(_metadata, &self->nl,
	       &CFG(.address = "10.1.0.1", .prefix = "10.1.0.0", .prefix_len = 24,
		    .max_lifetime = 42, .replay_tolerance = 42, .max_bindings = 42),
	       &a, NULL);
	CHECK_OK(&a);
	simple(_metadata, &self->nl, MIP4HA_CMD_HA_DEL, &a);
	CHECK_OK(&a);
	EXPECT_EQ(0, a.nreplies);
	CHECK_UNCONFIGURED(&self->nl);

	simple(_metadata, &self->nl, MIP4HA_CMD_HA_DEL, &a);
	CHECK_ANS(&a, ENOENT, "mip4ha: home agent is not configured",
		  NO_OFFS, NO_MISS);

	/* After ha-del the next ha-set is a first one again. */
	ha_set(_metadata, &self->nl, &CFG(.max_lifetime = 600), &a, &o);
	CHECK_ANS(&a, EINVAL, "mip4ha: first ha-set needs address", NO_OFFS,
		  MIP4HA_A_HA_ADDRESS);
	CHECK_UNCONFIGURED(&self->nl);

	/* ... and the old values are not remembered. */
	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);
	CHECK_CONFIG(&self->nl, &c);
}

TEST_F(ha, host_bits_in_prefix)
{
	static const struct {
		const char *address, *prefix;
		int len;
	} cases[] = {
		{ "10.1.0.2", "10.1.0.1", 24 },
		{ "10.1.0.2", "10.1.0.128", 24 },
		{ "10.1.0.65", "10.1.0.64", 25 },
		{ "10.1.1.1", "10.1.1.0", 23 },
		{ "10.0.0.1", "10.0.0.1", 31 },
		{ "128.0.0.1", "192.0.0.0", 1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct offs o;
		struct ans a;

		CONTEXT("prefix %s/%d", cases[i].prefix, cases[i].len);
		ha_set(_metadata, &self->nl,
		       &CFG(.address = cases[i].address,
			    .prefix = cases[i].prefix,
			    .prefix_len = cases[i].len), &a, &o);
		CHECK_ANS(&a, EINVAL, "mip4ha: prefix has host bits set",
			  o.o[MIP4HA_A_HA_PREFIX], NO_MISS);
	}
	CHECK_UNCONFIGURED(&self->nl);
}

TEST_F(ha, address_outside_prefix)
{
	static const struct {
		const char *address, *prefix;
		int len;
	} cases[] = {
		{ "10.2.0.1", "10.1.0.0", 24 },
		{ "10.1.1.1", "10.1.0.0", 24 },
		{ "11.0.0.1", "10.0.0.0", 8 },
		{ "10.1.0.2", "10.1.0.1", 32 },
		{ "1.2.3.4", "128.0.0.0", 1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct offs o;
		struct ans a;

		CONTEXT("address %s prefix %s/%d", cases[i].address,
		       cases[i].prefix, cases[i].len);
		ha_set(_metadata, &self->nl,
		       &CFG(.address = cases[i].address,
			    .prefix = cases[i].prefix,
			    .prefix_len = cases[i].len), &a, &o);
		CHECK_ANS(&a, EINVAL,
			  "mip4ha: address is outside the home network prefix",
			  o.o[MIP4HA_A_HA_ADDRESS], NO_MISS);
	}
	CHECK_UNCONFIGURED(&self->nl);
}

TEST_F(ha, unsupported_attribute_in_ha_del)
{
	int t;

	/* Unconfigured: the policy answers before the command does. */
	for (t = 1; t <= MIP4HA_A_HA_MAX; t++) {
		struct req r;
		struct ans a;
		uint32_t off;

		CONTEXT("ha-del with attribute %d", t);
		req_init(&r, &self->nl, self->nl.family, MIP4HA_CMD_HA_DEL);
		if (t == MIP4HA_A_HA_PREFIX_LEN)
			off = req_u8(&r, (uint16_t)t, 24);
		else
			off = req_u32(&r, (uint16_t)t, 1);
		do_call(_metadata, &self->nl, &r, &a);
		CHECK_ANS(&a, EINVAL, "Unsupported attribute", off, NO_MISS);
	}
}

/* ha-get and stats-get take no attribute either (mip4ha.yaml). */
TEST_F(ha, unsupported_attribute_in_gets)
{
	static const struct {
		uint8_t cmd;
		int max;
	} cmds[] = {
		{ MIP4HA_CMD_HA_GET, MIP4HA_A_HA_MAX },
		{ MIP4HA_CMD_STATS_GET, MIP4HA_A_STATS_MAX },
	};
	struct ans set;
	size_t i;
	int t;

	/* Configured, so that ha-get would otherwise answer. */
	ha_set(_metadata, &self->nl, &HOME, &set, NULL);
	CHECK_OK(&set);
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		for (t = 1; t <= cmds[i].max + 1; t++) {
			struct req r;
			struct ans a;
			uint32_t off;

			CONTEXT("command %d with attribute %d", cmds[i].cmd, t);
			req_init(&r, &self->nl, self->nl.family, cmds[i].cmd);
			off = req_u32(&r, (uint16_t)t, 1);
			do_call(_metadata, &self->nl, &r, &a);
			CHECK_ANS(&a, EINVAL, t <= cmds[i].max ?
				  "Unsupported attribute" : "Unknown attribute type",
				  off, NO_MISS);
			EXPECT_EQ(0, a.nreplies);
		}
	}
}

TEST_F(ha, unsupported_attribute_keeps_ha)
{
	struct cfg c = HOME;
	struct req r;
	struct ans a;
	uint32_t off;

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);
	req_init(&r, &self->nl, self->nl.family, MIP4HA_CMD_HA_DEL);
	off = req_addr(&r, MIP4HA_A_HA_ADDRESS, "10.1.0.1");
	do_call(_metadata, &self->nl, &r, &a);
	CHECK_ANS(&a, EINVAL, "Unsupported attribute", off, NO_MISS);
	CHECK_CONFIG(&self->nl, &c);
}

TEST_F(ha, stats_unconfigured_are_zero)
{
	struct ans a;
	int t;

	simple(_metadata, &self->nl, MIP4HA_CMD_STATS_GET, &a);
	CHECK_OK(&a);
	ASSERT_EQ(1, a.nreplies);
	EXPECT_EQ(MIP4HA_CMD_STATS_GET, a.reply_cmd);
	EXPECT_EQ(0, a.big_types);
	for (t = 0; t < MAX_TYPE; t++) {
		uint64_t v;

		if (t == MIP4HA_A_STATS_PAD)
			continue;
		if (t < MIP4HA_A_STATS_RX_PACKETS || t > MIP4HA_A_STATS_MAX) {
			EXPECT_EQ(0, a.a[t].count)
				TH_LOG("unexpected attribute %d in stats", t);
			continue;
		}
		EXPECT_EQ(1, a.a[t].count) TH_LOG("counter %d", t);
		EXPECT_EQ(8, a.a[t].len) TH_LOG("length of counter %d", t);
		memcpy(&v, a.a[t].data, sizeof(v));
		EXPECT_EQ(0ULL, (unsigned long long)v) TH_LOG("counter %d", t);
	}
}

TEST_F(ha, stats_survive_ha_del)
{
	struct ans a;
	int t;

	ha_set(_metadata, &self->nl, &HOME, &a, NULL);
	CHECK_OK(&a);
	simple(_metadata, &self->nl, MIP4HA_CMD_HA_DEL, &a);
	CHECK_OK(&a);
	simple(_metadata, &self->nl, MIP4HA_CMD_STATS_GET, &a);
	CHECK_OK(&a);
	ASSERT_EQ(1, a.nreplies);
	for (t = MIP4HA_A_STATS_RX_PACKETS; t <= MIP4HA_A_STATS_MAX; t++)
		EXPECT_EQ(1, a.a[t].count) TH_LOG("counter %d", t);
}

static int bind_udp_434(void)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(MIP4HA_PORT),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

TEST_F(ha, port_434_in_use)
{
	struct cfg c = HOME;
	struct ans a;
	int fd;

	fd = bind_udp_434();
	ASSERT_LE(0, fd) TH_LOG("bind 0.0.0.0:434: %s", strerror(-fd));

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_ANS(&a, EADDRINUSE, "mip4ha: UDP port 434 is already in use",
		  NO_OFFS, NO_MISS);
	/* Not half configured. */
	CHECK_UNCONFIGURED(&self->nl);

	close(fd);
	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);

	/* Now the Home Agent holds the port ... */
	fd = bind_udp_434();
	EXPECT_EQ(-EADDRINUSE, fd) TH_LOG("bind 434 while the HA runs: %s",
					  fd < 0 ? strerror(-fd) : "success");
	if (fd >= 0)
		close(fd);

	/* ... and gives it back on ha-del. */
	simple(_metadata, &self->nl, MIP4HA_CMD_HA_DEL, &a);
	CHECK_OK(&a);
	fd = bind_udp_434();
	EXPECT_LE(0, fd) TH_LOG("bind 434 after ha-del: %s", strerror(-fd));
	if (fd >= 0)
		close(fd);
}

TEST_F(ha, namespaces_are_separate)
{
	struct cfg c = HOME;
	struct cfg c2 = CFG(.address = "10.2.0.1", .prefix = "10.2.0.0",
			    .prefix_len = 16, .max_lifetime = 10,
			    .replay_tolerance = 10, .max_bindings = 10);
	struct nl other;
	struct ans a;

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);

	setup_netns(_metadata, &other);
	CHECK_UNCONFIGURED(&other);
	/* Port 434 is free in the new namespace. */
	ha_set(_metadata, &other, &c2, &a, NULL);
	CHECK_OK(&a);
	CHECK_CONFIG(&other, &c2);
	/* The first socket still talks to the first namespace. */
	CHECK_CONFIG(&self->nl, &c);
	simple(_metadata, &other, MIP4HA_CMD_HA_DEL, &a);
	CHECK_OK(&a);
	CHECK_CONFIG(&self->nl, &c);
	nl_close(&other);
}

TEST_F(ha, eperm_without_cap_net_admin)
{
	struct cfg c = HOME;
	struct nl weak;
	struct ans a;
	int err;

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);
	/* The dump refused below, with the privilege. */
	dump(_metadata, &self->nl, MIP4HA_CMD_BINDING_GET, &a);
	CHECK_OK(&a);

	ASSERT_EQ(0, drop_net_admin()) TH_LOG("capset: %s", strerror(errno));
	/* The check uses the credentials of whoever opened the socket. */
	err = nl_open(&weak);
	ASSERT_EQ(0, err) TH_LOG("nl_open: %s", strerror(-err));

	ha_set(_metadata, &weak, &CFG(.max_lifetime = 5), &a, NULL);
	EXPECT_TRUE(a.acked);
	EXPECT_EQ(EPERM, a.error) TH_LOG("ha-set: %s", errname(a.error));
	simple(_metadata, &weak, MIP4HA_CMD_HA_DEL, &a);
	EXPECT_TRUE(a.acked);
	EXPECT_EQ(EPERM, a.error) TH_LOG("ha-del: %s", errname(a.error));

	/* Reading the configuration, the counters and the SAs needs no
	 * privilege; where the nodes are (bindings) does (mip4ha.yaml), as
	 * do the multicast groups.
	 */
	CHECK_CONFIG(&weak, &c);
	simple(_metadata, &weak, MIP4HA_CMD_STATS_GET, &a);
	CHECK_OK(&a);
	EXPECT_EQ(1, a.nreplies);
	dump(_metadata, &weak, MIP4HA_CMD_BINDING_GET, &a);
	CHECK_ANS(&a, EPERM, NULL, NO_OFFS, NO_MISS);
	EXPECT_EQ(0, a.nreplies);
	/* SAs without their keys: no privilege (registration.sh too). */
	dump(_metadata, &weak, MIP4HA_CMD_SA_GET, &a);
	CHECK_OK(&a);
	nl_close(&weak);
}

TEST_F(ha, eperm_from_user_namespace)
{
	struct cfg c = HOME;
	struct nl weak;
	struct ans a;
	int err;

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_OK(&a);

	/* All capabilities, but in a user namespace that does not own the
	 * network namespace. The kernel checks both the opener of the
	 * socket and the sender, so a socket opened before is no way out.
	 */
	ASSERT_EQ(0, unshare(CLONE_NEWUSER))
		TH_LOG("unshare(CLONE_NEWUSER): %s", strerror(errno));
	err = nl_open(&weak);
	ASSERT_EQ(0, err) TH_LOG("nl_open: %s", strerror(-err));

	ha_set(_metadata, &weak, &CFG(.max_lifetime = 5), &a, NULL);
	EXPECT_TRUE(a.acked);
	EXPECT_EQ(EPERM, a.error) TH_LOG("ha-set: %s", errname(a.error));
	ha_set(_metadata, &self->nl, &CFG(.max_lifetime = 5), &a, NULL);
	EXPECT_TRUE(a.acked);
	EXPECT_EQ(EPERM, a.error)
		TH_LOG("ha-set on the old socket: %s", errname(a.error));
	simple(_metadata, &weak, MIP4HA_CMD_HA_DEL, &a);
	EXPECT_TRUE(a.acked);
	EXPECT_EQ(EPERM, a.error) TH_LOG("ha-del: %s", errname(a.error));
	CHECK_CONFIG(&weak, &c);
	nl_close(&weak);
}

TEST_F(ha, user_namespace_owner_may_configure)
{
	struct cfg c = CFG(.address = "10.7.0.1", .prefix = "10.7.0.0",
			   .prefix_len = 24, .max_lifetime = 77,
			   .replay_tolerance = 7, .max_bindings = 7);
	struct nl own;
	struct ans a;
	int err;

	/* uns-admin-perm: CAP_NET_ADMIN over the namespace's own user
	 * namespace is enough.
	 */
	ASSERT_EQ(0, unshare(CLONE_NEWUSER | CLONE_NEWNET))
		TH_LOG("unshare(CLONE_NEWUSER | CLONE_NEWNET): %s",
		       strerror(errno));
	err = nl_open(&own);
	ASSERT_EQ(0, err) TH_LOG("nl_open: %s", strerror(-err));
	ha_set(_metadata, &own, &c, &a, NULL);
	CHECK_OK(&a);
	CHECK_CONFIG(&own, &c);
	dump(_metadata, &own, MIP4HA_CMD_BINDING_GET, &a);
	CHECK_OK(&a);
	simple(_metadata, &own, MIP4HA_CMD_HA_DEL, &a);
	CHECK_OK(&a);
	nl_close(&own);
}

TEST_F(ha, unknown_command)
{
	struct ans a;

	simple(_metadata, &self->nl, MIP4HA_CMD_MAX + 1, &a);
	ASSERT_TRUE(a.acked);
	EXPECT_EQ(EOPNOTSUPP, a.error) TH_LOG("%s", errname(a.error));
}

/* ------------------------------------------------------------------ */
/* First ha-set of a namespace: address, prefix, prefix-len, in order. */

FIXTURE(first_set) {
	struct nl nl;
};

FIXTURE_VARIANT(first_set) {
	bool address, prefix, prefix_len, max_lifetime;
	int missing;
	const char *msg;
};

#define NEEDS(what) "mip4ha: first ha-set needs " what

FIXTURE_VARIANT_ADD(first_set, empty) {
	.missing = MIP4HA_A_HA_ADDRESS, .msg = NEEDS("address"),
};
FIXTURE_VARIANT_ADD(first_set, only_max_lifetime) {
	.max_lifetime = true,
	.missing = MIP4HA_A_HA_ADDRESS, .msg = NEEDS("address"),
};
FIXTURE_VARIANT_ADD(first_set, no_address) {
	.prefix = true, .prefix_len = true, .max_lifetime = true,
	.missing = MIP4HA_A_HA_ADDRESS, .msg = NEEDS("address"),
};
FIXTURE_VARIANT_ADD(first_set, only_prefix_len) {
	.prefix_len = true,
	.missing = MIP4HA_A_HA_ADDRESS, .msg = NEEDS("address"),
};
FIXTURE_VARIANT_ADD(first_set, no_prefix) {
	.address = true, .prefix_len = true,
	.missing = MIP4HA_A_HA_PREFIX, .msg = NEEDS("prefix"),
};
FIXTURE_VARIANT_ADD(first_set, only_address) {
	.address = true,
	.missing = MIP4HA_A_HA_PREFIX, .msg = NEEDS("prefix"),
};
FIXTURE_VARIANT_ADD(first_set, no_prefix_len) {
	.address = true, .prefix = true, .max_lifetime = true,
	.missing = MIP4HA_A_HA_PREFIX_LEN, .msg = NEEDS("prefix-len"),
};

FIXTURE_SETUP(first_set)
{
	setup_netns(_metadata, &self->nl);
}

FIXTURE_TEARDOWN(first_set)
{
	nl_close(&self->nl);
}

TEST_F(first_set, missing_attribute)
{
	struct cfg c = CFG(.address = variant->address ? "10.1.0.1" : NULL,
			   .prefix = variant->prefix ? "10.1.0.0" : NULL,
			   .prefix_len = variant->prefix_len ? 24 : ABSENT,
			   .max_lifetime = variant->max_lifetime ? 60 : ABSENT);
	struct ans a;

	ha_set(_metadata, &self->nl, &c, &a, NULL);
	CHECK_ANS(&a, EINVAL, variant->msg, NO_OFFS, variant->missing);
	CHECK_UNCONFIGURED(&self->nl);
}

/* ------------------------------------------------------------------ */
/* Attributes of the wrong size, among valid ones. */

FIXTURE(bad_length) {
	struct nl nl;
};

FIXTURE_VARIANT(bad_length) {
	uint16_t type;
	uint16_t len;
};

FIXTURE_VARIANT_ADD(bad_length, address_0) { MIP4HA_A_HA_ADDRESS, 0 };
FIXTURE_VARIANT_ADD(bad_length, address_2) { MIP4HA_A_HA_ADDRESS, 2 };
FIXTURE_VARIANT_ADD(bad_length, address_8) { MIP4HA_A_HA_ADDRESS, 8 };
FIXTURE_VARIANT_ADD(bad_length, prefix_3) { MIP4HA_A_HA_PREFIX, 3 };
FIXTURE_VARIANT_ADD(bad_length, prefix_5) { MIP4HA_A_HA_PREFIX, 5 };
FIXTURE_VARIANT_ADD(bad_length, prefix_len_0) { MIP4HA_A_HA_PREFIX_LEN, 0 };
FIXTURE_VARIANT_ADD(bad_length, prefix_len_4) { MIP4HA_A_HA_PREFIX_LEN, 4 };
FIXTURE_VARIANT_ADD(bad_length, max_lifetime_2) { MIP4HA_A_HA_MAX_LIFETIME, 2 };
FIXTURE_VARIANT_ADD(bad_length, max_lifetime_8) { MIP4HA_A_HA_MAX_LIFETIME, 8 };
FIXTURE_VARIANT_ADD(bad_length, replay_tolerance_1) {
	MIP4HA_A_HA_REPLAY_TOLERANCE, 1
};
FIXTURE_VARIANT_ADD(bad_length, max_bindings_1) { MIP4HA_A_HA_MAX_BINDINGS, 1 };
FIXTURE_VARIANT_ADD(bad_length, vendor_id_2) { MIP4HA_A_HA_VENDOR_ID, 2 };
FIXTURE_VARIANT_ADD(bad_length, keygen_timeout_8) { MIP4HA_A_HA_KEYGEN_TIMEOUT, 8 };
FIXTURE_VARIANT_ADD(bad_length, keygen_max_pending_1) {
	MIP4HA_A_HA_KEYGEN_MAX_PENDING, 1
};
FIXTURE_VARIANT_ADD(bad_length, reverse_tunnel_4) { MIP4HA_A_HA_REVERSE_TUNNEL, 4 };

FIXTURE_SETUP(bad_length)
{
	setup_netns(_metadata, &self->nl);
}

FIXTURE_TEARDOWN(bad_length)
{
	nl_close(&self->nl);
}

TEST_F(bad_length, invalid_attribute_length)
{
	static const uint8_t bytes[8] = { 10, 1, 0, 1, 0, 0, 0, 0 };
	struct req r;
	struct ans a;
	uint32_t off = 0;
	int t;

	/* A complete, valid request with attribute @type malformed. */
	req_init(&r, &self->nl, self->nl.family, MIP4HA_CMD_HA_SET);
	for (t = 1; t <= MIP4HA_A_HA_MAX; t++) {
		if (t == variant->type) {
			off = req_put(&r, (uint16_t)t, bytes, variant->len);
			continue;
		}
		switch (t) {
		case MIP4HA_A_HA_ADDRESS:
			req_addr(&r, (uint16_t)t, "10.1.0.1");
			break;
		case MIP4HA_A_HA_PREFIX:
			req_addr(&r, (uint16_t)t, "10.1.0.0");
			break;
		case MIP4HA_A_HA_PREFIX_LEN:
			req_u8(&r, (uint16_t)t, 24);
			break;
		default:
			ASSERT_NE(NULL, setting_of(t))
				TH_LOG("attribute %d is new to this test", t);
			if (setting_of(t)->size == 1)
				req_u8(&r, (uint16_t)t, (uint8_t)setting_of(t)->def);
			else
				req_u32(&r, (uint16_t)t, 60);
		}
	}
	do_call(_metadata, &self->nl, &r, &a);
	CHECK_ANS(&a, EINVAL, "invalid attribute length", off, NO_MISS);
	CHECK_UNCONFIGURED(&self->nl);
}

/* ------------------------------------------------------------------ */
/* Unknown attribute types, to ha-set and ha-del. */

FIXTURE(unknown_type) {
	struct nl nl;
};

FIXTURE_VARIANT(unknown_type) {
	uint16_t type;
	uint8_t cmd;
};

FIXTURE_VARIANT_ADD(unknown_type, set_0) { 0, MIP4HA_CMD_HA_SET };
FIXTURE_VARIANT_ADD(unknown_type, set_max_plus_1) {
	MIP4HA_A_HA_MAX + 1, MIP4HA_CMD_HA_SET
};
FIXTURE_VARIANT_ADD(unknown_type, set_1000) { 1000, MIP4HA_CMD_HA_SET };
FIXTURE_VARIANT_ADD(unknown_type, del_0) { 0, MIP4HA_CMD_HA_DEL };
FIXTURE_VARIANT_ADD(unknown_type, del_max_plus_1) {
	MIP4HA_A_HA_MAX + 1, MIP4HA_CMD_HA_DEL
};

FIXTURE_SETUP(unknown_type)
{
	setup_netns(_metadata, &self->nl);
}

FIXTURE_TEARDOWN(unknown_type)
{
	nl_close(&self->nl);
}

TEST_F(unknown_type, rejected)
{
	struct req r;
	struct ans a;
	uint32_t off;

	req_init(&r, &self->nl, self->nl.family, variant->cmd);
	if (variant->cmd == MIP4HA_CMD_HA_SET) {
		req_addr(&r, MIP4HA_A_HA_ADDRESS, "10.1.0.1");
		req_addr(&r, MIP4HA_A_HA_PREFIX, "10.1.0.0");
		off = req_u32(&r, variant->type, 1);
		req_u8(&r, MIP4HA_A_HA_PREFIX_LEN, 24);
	} else {
		off = req_u32(&r, variant->type, 1);
	}
	do_call(_metadata, &self->nl, &r, &a);
	CHECK_ANS(&a, EINVAL, "Unknown attribute type", off, NO_MISS);
	CHECK_UNCONFIGURED(&self->nl);
}

/* ------------------------------------------------------------------ */
/*
 * Every command's policy against mip4ha.yaml, through the table that
 * gen-uapi.py makes of it (mip4ha_policy.h): each range on both sides of
 * both bounds, each attribute's size, every attribute of the set that the
 * command does not list refused. A kernel that drifts from the spec fails
 * here.
 */

FIXTURE(spec) {
	struct nl nl;
};

FIXTURE_SETUP(spec)
{
	setup_netns(_metadata, &self->nl);
}

FIXTURE_TEARDOWN(spec)
{
	nl_close(&self->nl);
}

static const struct mip4ha_policy_cmd *spec_cmd(uint8_t cmd)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mip4ha_policy_cmds); i++)
		if (mip4ha_policy_cmds[i].cmd == cmd)
			return &mip4ha_policy_cmds[i];
	return NULL;
}

static const struct mip4ha_policy_attr *spec_attr(uint8_t cmd, int type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mip4ha_policy_attrs); i++)
		if (mip4ha_policy_attrs[i].cmd == cmd &&
		    mip4ha_policy_attrs[i].type == type)
			return &mip4ha_policy_attrs[i];
	return NULL;
}

/* Payload size of an integer or flag; 0 for binary (any). */
static size_t spec_size(enum mip4ha_policy_type kind)
{
	switch (kind) {
	case MIP4HA_POLICY_U8: return 1;
	case MIP4HA_POLICY_U16: return 2;
	case MIP4HA_POLICY_U32: return 4;
	case MIP4HA_POLICY_BE32: return 4;
	case MIP4HA_POLICY_U64: return 8;
	case MIP4HA_POLICY_FLAG: return 0;
	case MIP4HA_POLICY_BINARY: return 0;
	}
	return 0;
}

/* The largest value of an integer; for binary the largest length tried. */
static uint64_t spec_top(enum mip4ha_policy_type kind)
{
	size_t size = spec_size(kind);

	if (kind == MIP4HA_POLICY_BINARY)
		return 1024;
	return size == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
}

/*
 * A request of the command of @pa carrying only @pa: value @v for an
 * integer (in @size bytes; 0: its own size), @v bytes for binary, and
 * for a flag @size bytes. A command that only dumps is sent as a dump.
 * Returns the attribute's offset.
 */
static uint32_t req_spec(struct req *r, struct nl *nl,
			 const struct mip4ha_policy_attr *pa, uint64_t v,
			 size_t size)
{
	static const uint8_t text[1024] = { [0 ... 1023] = 'a' };
	union {
		uint8_t u8;
		uint16_t u16;
		uint32_t u32;
		uint64_t u64;
		uint8_t bytes[16];
	} u = { .bytes = { 0 } };

	req_init(r, nl, nl->family, pa->cmd);
	if (!spec_cmd(pa->cmd)->doit)
		r->nlh->nlmsg_flags |= NLM_F_DUMP;
	if (pa->kind == MIP4HA_POLICY_BINARY)
		return req_put(r, pa->type, text, (size_t)v);
	if (pa->kind == MIP4HA_POLICY_FLAG)
		return req_put(r, pa->type, u.bytes, size);
	switch (pa->kind) {
	case MIP4HA_POLICY_U8:
		u.u8 = (uint8_t)v;
		break;
	case MIP4HA_POLICY_U16:
		u.u16 = (uint16_t)v;
		break;
	case MIP4HA_POLICY_U32:
		u.u32 = (uint32_t)v;
		break;
	case MIP4HA_POLICY_BE32:
		u.u32 = htonl((uint32_t)v);
		break;
	default:
		u.u64 = v;
	}
	return req_put(r, pa->type, u.bytes, size ? size : spec_size(pa->kind));
}

/* An ha-set range: the whole configuration, as ha set sends it. */
static void spec_range_ha_set(struct __test_metadata *_metadata, struct nl *nl,
			      const struct mip4ha_policy_attr *pa, uint64_t v,
			      bool ok, uint64_t lo, uint64_t hi)
{
	/* A prefix-len of 1 or 32 needs its own address and prefix. */
	struct cfg c = CFG(.address = "192.0.2.1", .prefix = "192.0.2.0",
			   .prefix_len = 24, .max_lifetime = 100,
			   .replay_tolerance = 10, .max_bindings = 3);
	struct offs o;
	struct ans a;

	if (pa->type == MIP4HA_A_HA_PREFIX_LEN) {
		c.prefix_len = (int64_t)v;
		if (v == 1)
			c.prefix = "128.0.0.0";
		else if (v == 32)
			c.prefix = "192.0.2.1";
	} else {
		ASSERT_NE(NULL, cfg_setting(&c, pa->type))
			TH_LOG("ha-set %s is new to this test", pa->name);
		*cfg_setting(&c, pa->type) = (int64_t)v;
	}
	ha_set(_metadata, nl, &c, &a, &o);
	if (ok) {
		CHECK_OK(&a);
		if (a.error)
			return;	/* CHECK_CONFIG would end the test */
		CHECK_CONFIG(nl, &c);
		simple(_metadata, nl, MIP4HA_CMD_HA_DEL, &a);
		CHECK_OK(&a);
		return;
	}
	CHECK_ANS(&a, ERANGE, "integer out of range", o.o[pa->type], NO_MISS);
	/* The policy the kernel reports is the one of mip4ha.yaml. */
	EXPECT_TRUE(a.has_pol_min && a.has_pol_max)
		TH_LOG("%s: no policy in the extended ACK", context);
	if (a.has_pol_min && a.has_pol_max) {
		EXPECT_EQ(lo, a.pol_min) TH_LOG("%s", context);
		EXPECT_EQ(hi, a.pol_max) TH_LOG("%s", context);
	}
	CHECK_UNCONFIGURED(nl);
}

/* Any other command: the attribute alone, refused or not by the policy
 * (the command itself may then refuse the request for what is missing).
 */
static void spec_range_alone(struct __test_metadata *_metadata, struct nl *nl,
			     const struct mip4ha_policy_attr *pa, uint64_t v,
			     bool ok, uint64_t lo, uint64_t hi)
{
	bool binary = pa->kind == MIP4HA_POLICY_BINARY;
	struct req r;
	struct ans a;
	uint32_t off;

	off = req_spec(&r, nl, pa, v, 0);
	do_call(_metadata, nl, &r, &a);
	if (ok) {
		EXPECT_TRUE(a.acked) TH_LOG("%s: no answer", context);
		EXPECT_NE(ERANGE, a.error) TH_LOG("%s: refused", context);
		EXPECT_FALSE(a.has_offs && a.offs == off)
			TH_LOG("%s: refused (\"%s\")", context, a.msg);
		return;
	}
	CHECK_ANS(&a, ERANGE, binary ? "binary attribute size out of range" :
		  "integer out of range", off, NO_MISS);
	if (binary) {
		/* A length policy: a bound of 0 or 65535 is not reported. */
		EXPECT_EQ(lo > 0, a.has_pol_min_len) TH_LOG("%s", context);
		if (lo > 0 && a.has_pol_min_len)
			EXPECT_EQ(lo, a.pol_min_len) TH_LOG("%s", context);
		EXPECT_TRUE(a.has_pol_max_len) TH_LOG("%s", context);
		if (a.has_pol_max_len)
			EXPECT_EQ(hi, a.pol_max_len) TH_LOG("%s", context);
		return;
	}
	EXPECT_TRUE(a.has_pol_min && a.has_pol_max)
		TH_LOG("%s: no policy in the extended ACK", context);
	if (a.has_pol_min && a.has_pol_max) {
		EXPECT_EQ(lo, a.pol_min) TH_LOG("%s", context);
		EXPECT_EQ(hi, a.pol_max) TH_LOG("%s", context);
	}
}

/* Integer ranges and binary lengths, both sides of each bound. */
TEST_F(spec, ranges)
{
	size_t i, n, tried = 0;

	for (i = 0; i < ARRAY_SIZE(mip4ha_policy_attrs); i++) {
		const struct mip4ha_policy_attr *pa = &mip4ha_policy_attrs[i];
		bool binary = pa->kind == MIP4HA_POLICY_BINARY;
		uint64_t top = spec_top(pa->kind);
		uint64_t lo = pa->has_min ? pa->min : 0;
		uint64_t hi = pa->has_max ? pa->max : top;
		struct {
			uint64_t v;
			bool ok;
		} tries[6];

		if (!pa->has_min && !pa->has_max)
			continue;
		ASSERT_FALSE(pa->kind == MIP4HA_POLICY_FLAG);
		n = 0;
		if (lo > 0)
			tries[n++] = (typeof(tries[0])){ lo - 1, false };
		if (lo > 1)
			tries[n++] = (typeof(tries[0])){ 0, false };
		if (hi < top)
			tries[n++] = (typeof(tries[0])){ hi + 1, false };
		if (!binary && hi + 1 < top)
			tries[n++] = (typeof(tries[0])){ top, false };
		tries[n++] = (typeof(tries[0])){ lo, true };
		/* A binary without a maximum: its minimum will do. */
		if (hi != lo && (pa->has_max || !binary))
			tries[n++] = (typeof(tries[0])){ hi, true };

		while (n--) {
			CONTEXT("%s %s %s %" PRIu64,
				spec_cmd(pa->cmd)->name, pa->name,
				binary ? "of length" : "=", tries[n].v);
			if (pa->cmd == MIP4HA_CMD_HA_SET)
				spec_range_ha_set(_metadata, &self->nl, pa,
						  tries[n].v, tries[n].ok, lo, hi);
			else
				spec_range_alone(_metadata, &self->nl, pa,
						 tries[n].v, tries[n].ok, lo, hi);
			tried++;
		}
	}
	context[0] = '\0';
	/* The spec has ranges in ha-set, sa-new and keygen-answer. */
	EXPECT_LE((size_t)40, tried);
}

/* Each listed attribute: its own size passes the policy, another not. */
TEST_F(spec, sizes)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mip4ha_policy_attrs); i++) {
		const struct mip4ha_policy_attr *pa = &mip4ha_policy_attrs[i];
		bool flag = pa->kind == MIP4HA_POLICY_FLAG;
		uint64_t v = pa->has_min ? pa->min : 0;
		struct req r;
		struct ans a;
		uint32_t off;

		if (pa->kind == MIP4HA_POLICY_BINARY && !v)
			v = 1;
		CONTEXT("%s %s of its size", spec_cmd(pa->cmd)->name,
			pa->name);
		off = req_spec(&r, &self->nl, pa, v, 0);
		do_call(_metadata, &self->nl, &r, &a);
		EXPECT_TRUE(a.acked) TH_LOG("%s: no answer", context);
		EXPECT_FALSE(a.has_offs && a.offs == off)
			TH_LOG("%s: refused (\"%s\")", context, a.msg);
		if (pa->kind == MIP4HA_POLICY_BINARY)
			continue;

		CONTEXT("%s %s of another size", spec_cmd(pa->cmd)->name,
			pa->name);
		off = req_spec(&r, &self->nl, pa, v, spec_size(pa->kind) + 1);
		do_call(_metadata, &self->nl, &r, &a);
		/* 6.1 answers a flag with a value with ERANGE. */
		if (flag)
			CHECK_ANS(&a, ERANGE, "Attribute failed policy validation",
				  off, NO_MISS);
		else
			CHECK_ANS(&a, EINVAL, "invalid attribute length", off,
				  NO_MISS);
	}
	context[0] = '\0';
	CHECK_UNCONFIGURED(&self->nl);
}

/* What a command does not list is refused, as unsupported up to the
 * set's largest type and unknown beyond.
 */
TEST_F(spec, unlisted_attributes)
{
	size_t i;
	int t;

	for (i = 0; i < ARRAY_SIZE(mip4ha_policy_cmds); i++) {
		const struct mip4ha_policy_cmd *pc = &mip4ha_policy_cmds[i];

		for (t = 1; t <= pc->maxattr + 1; t++) {
			struct req r;
			struct ans a;
			uint32_t off;

			if (spec_attr(pc->cmd, t))
				continue;
			CONTEXT("%s with attribute %d", pc->name, t);
			req_init(&r, &self->nl, self->nl.family, pc->cmd);
			if (!pc->doit)
				r.nlh->nlmsg_flags |= NLM_F_DUMP;
			off = req_u32(&r, (uint16_t)t, 1);
			do_call(_metadata, &self->nl, &r, &a);
			CHECK_ANS(&a, EINVAL, t <= pc->maxattr ?
				  "Unsupported attribute" : "Unknown attribute type",
				  off, NO_MISS);
			EXPECT_EQ(0, a.nreplies);
		}
	}
	context[0] = '\0';
	CHECK_UNCONFIGURED(&self->nl);
}

/* ------------------------------------------------------------------ */
/* The address must be one a node can have. */

FIXTURE(unicast) {
	struct nl nl;
};

FIXTURE_VARIANT(unicast) {
	const char *address;
	const char *prefix;
	int prefix_len;
	bool ok;
};

FIXTURE_VARIANT_ADD(unicast, zero) { "0.0.0.0", "0.0.0.0", 8, false };
FIXTURE_VARIANT_ADD(unicast, limited_broadcast) {
	"255.255.255.255", "255.255.255.0", 24, false
};
FIXTURE_VARIANT_ADD(unicast, multicast_low) { "224.0.0.1", "224.0.0.0", 4, false };
FIXTURE_VARIANT_ADD(unicast, multicast_high) {
	"239.255.255.254", "239.0.0.0", 8, false
};
FIXTURE_VARIANT_ADD(unicast, loopback) { "127.0.0.1", "127.0.0.0", 8, false };
FIXTURE_VARIANT_ADD(unicast, loopback_high) {
	"127.255.0.1", "127.255.0.0", 16, false
};
FIXTURE_VARIANT_ADD(unicast, class_e) { "240.0.0.1", "240.0.0.0", 4, false };
FIXTURE_VARIANT_ADD(unicast, class_e_high) {
	"255.255.255.254", "255.255.255.0", 24, false
};
FIXTURE_VARIANT_ADD(unicast, low_unicast) { "1.0.0.1", "1.0.0.0", 8, true };
FIXTURE_VARIANT_ADD(unicast, below_loopback) {
	"126.255.255.254", "126.0.0.0", 8, true
};
FIXTURE_VARIANT_ADD(unicast, above_loopback) { "128.0.0.1", "128.0.0.0", 16, true };
FIXTURE_VARIANT_ADD(unicast, below_multicast) {
	"223.255.255.254", "223.255.255.0", 24, true
};

FIXTURE_SETUP(unicast)
{
	setup_netns(_metadata, &self->nl);
}

FIXTURE_TEARDOWN(unicast)
{
	nl_close(&self->nl);
}

TEST_F(unicast, address)
{
	struct cfg c = CFG(.address = variant->address,
			   .prefix = variant->prefix,
			   .prefix_len = variant->prefix_len);
	struct offs o;
	struct ans a;

	ha_set(_metadata, &self->nl, &c, &a, &o);
	if (variant->ok) {
		CHECK_OK(&a);
		CHECK_CONFIG(&self->nl, &c);
		return;
	}
	CHECK_ANS(&a, EINVAL, "mip4ha: address must be a unicast address",
		  o.o[MIP4HA_A_HA_ADDRESS], NO_MISS);
	CHECK_UNCONFIGURED(&self->nl);
}

TEST_HARNESS_MAIN
