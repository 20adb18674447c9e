// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of mip4d: the Access-Request built from a keygen request and
 * the answer derived from the AAA server's reply, against the vectors of
 * protocol.md §7; accounting requests; the configuration file; and the
 * retransmission and failover of RADIUS transactions over loopback.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "company.h"
#include "ktap.h"
#include "aaa.h"
#include "mip4ha.h"
#include "akad.h"

/* ---- what log.c and loop.c provide to the daemon ---- */

int mip4d_log_level_cur = LOG_ERR;
/* The last line logged at notice or above (info: last_info). */
static char last_log[512], last_info[512];
/* Lines at notice or above that contain log_pattern, if set. */
static const char *log_pattern;
static unsigned int log_pattern_lines;

void mip4d_log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(level <= LOG_NOTICE ? last_log : last_info,
		  sizeof(last_log), fmt, ap);
	va_end(ap);
	if (level <= LOG_NOTICE && log_pattern && strstr(last_log, log_pattern))
		log_pattern_lines++;
	if (level > mip4d_log_level_cur)
		return;
	va_start(ap, fmt);
	printf("        # log: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

int mip4d_watch_add(int fd, struct mip4d_watch *w)
{
	(void)fd;
	(void)w;
	return 0;
}

void mip4d_watch_del(int fd)
{
	(void)fd;
}

/* mip4d_conf_current() is conf.c's, set with mip4d_conf_set_current(). */
static struct mip4d_conf *current;

/* ---- what netlink.c, akad.c and acct.c provide to keygen.c ---- */

static struct {
	unsigned int n;
	int err;			/* what mip4d_nl_answer returns */
	uint32_t cookie;
	uint8_t code;
	bool has_ans;
	struct mip4d_answer ans;
	unsigned int aka;		/* requests handed to akad.c */
	uint8_t acct_user[MIP4_NAI_MAX];
	size_t acct_user_len;
} K;

int mip4d_nl_answer(uint32_t cookie, uint8_t code,
		    const struct mip4d_answer *ans)
{
	K.n++;
	K.cookie = cookie;
	K.code = code;
	K.has_ans = ans != NULL;
	if (ans)
		K.ans = *ans;
	else
		memset(&K.ans, 0, sizeof(K.ans));
	return K.err;
}

void mip4d_akad_keygen(uint32_t cookie, const uint8_t *rrq, size_t len,
		       const struct mip4_msg *msg, const char *coa,
		       const struct mip4d_ha *ha)
{
	(void)cookie, (void)rrq, (void)len, (void)msg, (void)coa, (void)ha;
	K.aka++;
}

void mip4d_acct_authorized(const uint8_t *nai, size_t nai_len,
			   const uint8_t *class_, size_t class_len,
			   uint32_t interim_s)
{
	(void)nai, (void)nai_len, (void)class_, (void)class_len;
	(void)interim_s;
	K.acct_user_len = 0;
}

void mip4d_acct_authorized_user(const uint8_t *nai, size_t nai_len,
				const uint8_t *user, size_t user_len,
				const uint8_t *class_, size_t class_len,
				uint32_t interim_s)
{
	(void)nai, (void)nai_len, (void)class_, (void)class_len;
	(void)interim_s;
	memcpy(K.acct_user, user, user_len);
	K.acct_user_len = user_len;
}

int mip4d_nl_binding_del(uint32_t home)
{
	(void)home;
	return 0;
}

/* ---- helpers ---- */

static size_t unhex(const char *h, uint8_t *out, size_t max)
{
	size_t len = strlen(h), i;
	unsigned int x;

	if (len % 2 || len / 2 > max) {
		fprintf(stderr, "bad hex in test: %s\n", h);
		exit(2);
	}
	for (i = 0; i < len / 2; i++) {
		if (sscanf(h + 2 * i, "%2x", &x) != 1)
			exit(2);
		out[i] = (uint8_t)x;
	}
	return len / 2;
}

static uint32_t ip(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		exit(2);
	return a.s_addr;
}

#define SECRET		"testing123"
#define SECRET_LEN	(sizeof(SECRET) - 1)
#define NAI		"mn-alice@example.net"
#define AUTH_CHAL	"101112131415161718191a1b1c1d1e1f"
#define HA_NONCE	"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"

/* protocol.md §7 */
struct vector {
	const char *rrq, *peer_chal, *nt_resp, *recv_key, *send_key, *skey,
		*skey_prime, *success, *rrp;
};

static const struct vector alg1 = {
	.rrq = "010207080a01000a0a010001c000020aeb2d0a5a0000000183146d6e2d616c696365406578616d706c652e6e65742600003a00007ed90001010101020000100000001001101112131415161718191a1b1c1d1e1f91af9888add464ca1c600acfe54cca733da8dec2dc26fafa",
	.peer_chal = "d59c7bedbf175dfcce70f2bb35bb7208",
	.nt_resp = "91af9888add464ca1c600acfe54cca733da8dec2dc26fafa",
	.recv_key = "7fb39e2e2b275cf684f6415a67a31632",
	.send_key = "badb1cf758453e691b84be0e0f312e1d",
	.skey = "41ff8c82d8ae0fc484c789166ce6ab90",
	.skey_prime = "f395976c79df6aea81e497f926793454",
	.success = "S=1B1CEE97522FDA4EAAA3645433CCF6C7191BC5CB",
	.rrp = "030007080a01000a0a010001eb2d0a5a0000000183146d6e2d616c696365406578616d706c652e6e65742600003a00007ed9000201010102000010000000100100000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf1b1cee97522fda4eaaa3645433ccf6c7191bc5cb201400001000746adae19829d9f39170019efc9c229a",
};

static const struct vector alg2 = {
	.rrq = "010207080a01000a0a010001c000020aeb2d0a5a0000000183146d6e2d616c696365406578616d706c652e6e65742600003a00007ed90001010102020000100000001001101112131415161718191a1b1c1d1e1fa7b1335f9f3d4c53767c9cc70609213d28250c177441ed81",
	.peer_chal = "ab68e4d624ef1b8555926a14004c2858",
	.nt_resp = "a7b1335f9f3d4c53767c9cc70609213d28250c177441ed81",
	.recv_key = "c9b4cd650b69391aaf77326b3bcde7a3",
	.send_key = "f98c92b7ffc9823e551a325fb92f858c",
	.skey = "1518e28ed9e3809b1eb6066057c641e9492edeaaa768d8ead3891c46b2fd6e11",
	.skey_prime = "3a9180c4c0c4ef6075608b4ad95889925b84bd0d65afe6c457602003ad6e5c30",
	.success = "S=1980BCD324C975A2305BF1624B63DA54DCE2F774",
	.rrp = "030007080a01000a0a010001eb2d0a5a0000000183146d6e2d616c696365406578616d706c652e6e65742600003a00007ed9000201010202000010000000100100000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf1980bcd324c975a2305bf1624b63da54dce2f7742024000010000366a1c406fa4052856d6ca3323cd3c71f9b3039278bcd0bd6a09a6a45ca70b0",
};

/* The KEYGEN_REP value in a §7 RRP: after the fixed part, the NAI
 * extension (2 + 20) and the CVSE header.
 */
#define RRP_KEYGEN_REP_OFF	(MIP4_RRP_FIXED_LEN + 22 + MIP4_CVSE_HDR_LEN)

static const uint8_t req_auth[16] = {
	0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
	0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f,
};

struct built {
	uint8_t rrq[MIP4_MSG_MAX];
	struct mip4d_keygen kg;
	uint8_t pkt[MIP4D_PKT_MAX];
	size_t len;
	struct radius_sent sent;
};

/* Parses the §7 RRQ and builds its Access-Request. */
static void build_request(const struct vector *v, struct built *b)
{
	struct mip4d_nas nas = { .ip = ip("10.1.0.1"), .identifier = "ha1" };
	size_t n = unhex(v->rrq, b->rrq, sizeof(b->rrq));

	EXPECT_EQ(mip4d_keygen_parse(&b->kg, b->rrq, n, 32473), 0);
	EXPECT_EQ(mip4d_access_request(&b->kg, &nas, 42, req_auth, SECRET,
				       SECRET_LEN, b->pkt, sizeof(b->pkt),
				       &b->len, &b->sent), RADIUS_OK);
}

/* Finds the first attribute @type (or Microsoft @vtype when @type is 26). */
static const uint8_t *find_attr(const uint8_t *pkt, size_t len, uint8_t type,
				uint8_t vtype, size_t *vlen, unsigned int *count)
{
	const uint8_t *v, *found = NULL;
	size_t off = RADIUS_HDR_LEN, n;
	uint8_t t;

	*count = 0;
	while (radius_attr_next(pkt, len, &off, &t, &v, &n) == 1) {
		if (t != type)
			continue;
		if (type == RADIUS_VENDOR_SPECIFIC) {
			if (n < 6 || get_unaligned_be32(v) != RADIUS_VENDOR_MICROSOFT ||
			    v[4] != vtype || v[5] != n - 4)
				continue;
			v += 6;
			n -= 6;
		}
		if (!found) {
			found = v;
			*vlen = n;
		}
		(*count)++;
	}
	return found;
}

#define EXPECT_ATTR(pkt, len, type, vtype, want, want_len) \
	do { \
		unsigned int _c; \
		size_t _n = 0; \
		const uint8_t *_v = find_attr(pkt, len, type, vtype, &_n, &_c); \
		EXPECT_EQ(_c, 1); \
		EXPECT_EQ(_n, want_len); \
		if (_v && _n == (size_t)(want_len)) \
			EXPECT_MEM(_v, want, want_len); \
	} while (0)

/* ---- the Access-Request ---- */

static void test_access_request(const void *arg)
{
	const struct vector *v = arg;
	uint8_t pc[16], nt[24], chal[16], resp[50];
	uint32_t addr;
	struct radius_sent srv;
	struct built *b = calloc(1, sizeof(*b));
	const uint8_t *ma;
	unsigned int c;
	size_t n;

	build_request(v, b);
	unhex(v->peer_chal, pc, sizeof(pc));
	unhex(v->nt_resp, nt, sizeof(nt));
	unhex(AUTH_CHAL, chal, sizeof(chal));
	EXPECT_MEM(b->kg.peer_challenge, pc, 16);

	/* What a server checks: Length, attributes, Message-Authenticator. */
	EXPECT_EQ(radius_verify_request(b->pkt, b->len, SECRET, SECRET_LEN,
					RADIUS_REQUIRE_MSG_AUTH, &srv),
		  RADIUS_OK);
	EXPECT_EQ(b->pkt[0], RADIUS_ACCESS_REQUEST);
	EXPECT_EQ(b->pkt[1], 42);
	EXPECT_MEM(b->pkt + 4, req_auth, 16);
	EXPECT_EQ(b->sent.id, 42);

	EXPECT_ATTR(b->pkt, b->len, RADIUS_USER_NAME, 0, NAI, strlen(NAI));
	addr = ip("10.1.0.1");
	EXPECT_ATTR(b->pkt, b->len, RADIUS_NAS_IP_ADDRESS, 0, &addr, 4);
	EXPECT_ATTR(b->pkt, b->len, RADIUS_NAS_IDENTIFIER, 0, "ha1", 3);
	EXPECT_ATTR(b->pkt, b->len, RADIUS_CALLING_STATION_ID, 0, "192.0.2.10",
		    10);
	addr = ip("10.1.0.10");
	EXPECT_ATTR(b->pkt, b->len, RADIUS_FRAMED_IP_ADDRESS, 0, &addr, 4);
	EXPECT_ATTR(b->pkt, b->len, RADIUS_VENDOR_SPECIFIC,
		    RADIUS_MS_CHAP_CHALLENGE, chal, 16);
	/* ident 0, flags 0, PeerChallenge, 8 zero octets, NT-Response */
	memset(resp, 0, sizeof(resp));
	memcpy(resp + 2, pc, 16);
	memcpy(resp + 26, nt, 24);
	EXPECT_ATTR(b->pkt, b->len, RADIUS_VENDOR_SPECIFIC,
		    RADIUS_MS_CHAP2_RESPONSE, resp, 50);
	ma = find_attr(b->pkt, b->len, RADIUS_MESSAGE_AUTHENTICATOR, 0, &n, &c);
	EXPECT_EQ(c, 1);
	/* Nothing the spec does not ask for. */
	find_attr(b->pkt, b->len, RADIUS_USER_PASSWORD, 0, &n, &c);
	EXPECT_EQ(c, 0);
	(void)ma;
	free(b);
}

/* Home address 0.0.0.0: no Framed-IP-Address; the rest is the same. */
static void test_access_request_no_home(const void *arg)
{
	struct mip4d_nas nas = { .ip = ip("10.1.0.1") };
	struct built *b = calloc(1, sizeof(*b));
	size_t n = unhex(alg1.rrq, b->rrq, sizeof(b->rrq)), vlen;
	unsigned int c;

	(void)arg;
	memset(b->rrq + 4, 0, 4);
	EXPECT_EQ(mip4d_keygen_parse(&b->kg, b->rrq, n, 32473), 0);
	EXPECT_EQ(mip4d_access_request(&b->kg, &nas, 1, req_auth, SECRET,
				       SECRET_LEN, b->pkt, sizeof(b->pkt),
				       &b->len, &b->sent), RADIUS_OK);
	find_attr(b->pkt, b->len, RADIUS_FRAMED_IP_ADDRESS, 0, &vlen, &c);
	EXPECT_EQ(c, 0);
	/* No NAS-Identifier configured: none sent. */
	find_attr(b->pkt, b->len, RADIUS_NAS_IDENTIFIER, 0, &vlen, &c);
	EXPECT_EQ(c, 0);
	find_attr(b->pkt, b->len, RADIUS_USER_NAME, 0, &vlen, &c);
	EXPECT_EQ(c, 1);
	free(b);
}

/* What the kernel would not have handed over, refused all the same. */
static void test_keygen_parse_refuses(const void *arg)
{
	struct mip4d_keygen kg;
	uint8_t rrq[MIP4_MSG_MAX];
	size_t n = unhex(alg1.rrq, rrq, sizeof(rrq));

	(void)arg;
	/* another Vendor/Org-ID: an unknown CVSE */
	EXPECT_EQ(mip4d_keygen_parse(&kg, rrq, n, 9), MIP4_CODE_UNKNOWN_CVSE);
	/* truncated inside the KEYGEN_REQ */
	EXPECT_EQ(mip4d_keygen_parse(&kg, rrq, n - 1, 32473), -EINVAL);
	/* lifetime 0: an initial registration cannot deregister */
	rrq[2] = rrq[3] = 0;
	EXPECT_EQ(mip4d_keygen_parse(&kg, rrq, n, 32473),
		  MIP4_CODE_POORLY_FORMED);
	/* method 2 */
	n = unhex(alg1.rrq, rrq, sizeof(rrq));
	rrq[MIP4_RRQ_FIXED_LEN + 22 + MIP4_CVSE_HDR_LEN + 1] = 2;
	EXPECT_EQ(mip4d_keygen_parse(&kg, rrq, n, 32473),
		  MIP4_CODE_POORLY_FORMED);
	/* a reply */
	n = unhex(alg1.rrp, rrq, sizeof(rrq));
	EXPECT_EQ(mip4d_keygen_parse(&kg, rrq, n, 32473), -EINVAL);
	/* an NAI of 254 octets: valid Mobile IP, too long for RADIUS */
	{
		u8 nai[254], value[MIP4_KEYGEN_REQ_LEN] = { 1, 1, 1, 2 };
		struct mip4_msg_spec spec = {
			.type = MIP4_TYPE_RRQ, .lifetime = 1800, .id = 1,
			.nai = nai, .nai_len = sizeof(nai),
			.cvse_type = MIP4_CVSE_KEYGEN_REQ, .cvse_value = value,
			.cvse_len = sizeof(value), .vendor_id = 32473,
		};
		int len;

		memset(nai, 'a', sizeof(nai));
		put_unaligned_be32(0x1000, value + 4);
		put_unaligned_be32(0x1001, value + 8);
		len = mip4_msg_build(rrq, sizeof(rrq), &spec);
		EXPECT(len > 0);
		EXPECT_EQ(mip4d_keygen_parse(&kg, rrq, (size_t)len, 32473),
			  MIP4_CODE_AUTH_FAILED);
		spec.nai_len = 253;
		len = mip4_msg_build(rrq, sizeof(rrq), &spec);
		EXPECT_EQ(mip4d_keygen_parse(&kg, rrq, (size_t)len, 32473), 0);
	}
}

/* ---- the reply: a fake AAA server ---- */

struct accept_opts {
	const char *secret;
	uint8_t code;
	uint8_t id_delta;
	bool no_msg_auth;
	bool no_success;
	bool no_recv_key;
	bool session_timeout;
	uint32_t timeout;
	const char *class_;
	const char *mschap_error;
};

static size_t fake_reply(const struct vector *v, const struct built *b,
			 const struct accept_opts *o, uint8_t *buf, size_t size)
{
	const char *secret = o->secret ? o->secret : SECRET;
	uint8_t recv_key[16], send_key[16], success[43];
	struct radius_builder rb;
	size_t len = 0;

	unhex(v->recv_key, recv_key, 16);
	unhex(v->send_key, send_key, 16);
	radius_init(&rb, buf, size, o->code ? o->code : RADIUS_ACCESS_ACCEPT,
		    (uint8_t)(b->sent.id + o->id_delta), b->sent.auth);
	if (!o->no_msg_auth)
		radius_put_msg_auth(&rb);
	if (o->class_)
		radius_put_str(&rb, RADIUS_CLASS, o->class_);
	if (o->session_timeout)
		radius_put_u32(&rb, RADIUS_SESSION_TIMEOUT, o->timeout);
	if (o->mschap_error)
		radius_put_vsa(&rb, RADIUS_VENDOR_MICROSOFT,
			       RADIUS_MS_CHAP_ERROR, o->mschap_error,
			       strlen(o->mschap_error));
	if (!o->code || o->code == RADIUS_ACCESS_ACCEPT) {
		if (!o->no_success) {
			success[0] = 0;
			memcpy(success + 1, v->success, 42);
			radius_put_vsa(&rb, RADIUS_VENDOR_MICROSOFT,
				       RADIUS_MS_CHAP2_SUCCESS, success, 43);
		}
		if (!o->no_recv_key)
			radius_put_mppe_key(&rb, RADIUS_MS_MPPE_RECV_KEY,
					    recv_key, 16, 0x8a51, secret,
					    strlen(secret), b->sent.auth);
		radius_put_mppe_key(&rb, RADIUS_MS_MPPE_SEND_KEY, send_key, 16,
				    0x9b62, secret, strlen(secret),
				    b->sent.auth);
	}
	EXPECT_EQ(radius_finish(&rb, secret, strlen(secret), &len, NULL),
		  RADIUS_OK);
	return len;
}

static enum radius_err answer(const struct vector *v, const struct built *b,
			      const struct accept_opts *o, bool require,
			      struct mip4d_answer *ans)
{
	uint8_t pkt[RADIUS_MAX_LEN], nonce[16];
	size_t len = fake_reply(v, b, o, pkt, sizeof(pkt));

	unhex(HA_NONCE, nonce, 16);
	memset(ans, 0x5a, sizeof(*ans));
	return mip4d_answer_from_reply(&b->kg, pkt, len, &b->sent, SECRET,
				       SECRET_LEN, require, nonce, 3600, ans);
}

static void test_answer_vectors(const void *arg)
{
	const struct vector *v = arg;
	struct accept_opts o = { 0 };
	uint8_t skey[32], skey_prime[32], rrp[MIP4_MSG_MAX];
	struct built *b = calloc(1, sizeof(*b));
	struct mip4d_answer ans;
	size_t klen = unhex(v->skey, skey, sizeof(skey));

	unhex(v->skey_prime, skey_prime, sizeof(skey_prime));
	unhex(v->rrp, rrp, sizeof(rrp));
	build_request(v, b);
	EXPECT_EQ(answer(v, b, &o, true, &ans), RADIUS_OK);
	EXPECT_EQ(ans.code, 0);
	EXPECT_EQ(ans.key_len, klen);
	EXPECT_EQ(ans.key_lifetime, 3600);
	EXPECT(!ans.session_timeout);
	EXPECT_MEM(ans.skey, skey, klen);
	EXPECT_MEM(ans.skey_prime, skey_prime, klen);
	/* the §7 RRP carries the KEYGEN_REP the kernel is to send */
	EXPECT_MEM(ans.reply_ext, rrp + RRP_KEYGEN_REP_OFF,
		   MIP4_KEYGEN_REP_LEN);
	EXPECT_EQ(ans.class_len, 0);
	free(b);
}

static void test_answer_session_timeout(const void *arg)
{
	struct accept_opts o = { .session_timeout = true, .timeout = 600,
				 .class_ = "sess-77" };
	struct built *b = calloc(1, sizeof(*b));
	struct mip4d_answer ans;

	(void)arg;
	build_request(&alg1, b);
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_OK);
	EXPECT_EQ(ans.code, 0);
	EXPECT_EQ(ans.key_lifetime, 600);
	EXPECT(ans.session_timeout);
	EXPECT_EQ(get_unaligned_be32(ans.reply_ext + 12), 600);
	EXPECT_EQ(ans.class_len, 7);
	/* Session-Timeout 0 says nothing: the default applies */
	o.timeout = 0;
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_OK);
	EXPECT_EQ(ans.key_lifetime, 3600);
	free(b);
}

static void test_answer_denials(const void *arg)
{
	struct built *b = calloc(1, sizeof(*b));
	struct mip4d_answer ans;
	struct accept_opts o;

	(void)arg;
	build_request(&alg1, b);

	/* MS-CHAP-Error: ident, then the text */
	o = (struct accept_opts){ .code = RADIUS_ACCESS_REJECT,
				  .mschap_error = "\x01" "E=691 R=0" };
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_OK);
	EXPECT_EQ(ans.code, MIP4_CODE_AUTH_FAILED);
	if (!strstr(ans.why, "Access-Reject (E=691 R=0)")) {
		printf("        # why: %s\n", ans.why);
		EXPECT(0);
	}
	EXPECT_EQ(ans.key_len, 0);

	o = (struct accept_opts){ .code = RADIUS_ACCESS_CHALLENGE };
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_OK);
	EXPECT_EQ(ans.code, MIP4_CODE_AUTH_FAILED);

	o = (struct accept_opts){ .no_success = true };
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_OK);
	EXPECT_EQ(ans.code, MIP4_CODE_AUTH_FAILED);
	EXPECT(strstr(ans.why, "MS-CHAP2-Success"));

	o = (struct accept_opts){ .no_recv_key = true };
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_OK);
	EXPECT_EQ(ans.code, MIP4_CODE_AUTH_FAILED);
	EXPECT(strstr(ans.why, "MPPE"));
	EXPECT_EQ(ans.key_len, 0);
	free(b);
}

/* Replies that must be ignored: they do not end the request. */
static void test_answer_ignored(const void *arg)
{
	struct built *b = calloc(1, sizeof(*b));
	struct mip4d_answer ans;
	struct accept_opts o;

	(void)arg;
	build_request(&alg1, b);

	o = (struct accept_opts){ .secret = "not-the-secret" };
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_E_AUTHENTICATOR);
	o = (struct accept_opts){ .secret = "not-the-secret",
				  .code = RADIUS_ACCESS_REJECT };
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_E_AUTHENTICATOR);
	o = (struct accept_opts){ .id_delta = 1 };
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_E_ID);

	/* No Message-Authenticator: refused unless the config relaxes it. */
	o = (struct accept_opts){ .no_msg_auth = true };
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_E_MSG_AUTH_MISSING);
	o = (struct accept_opts){ .no_msg_auth = true,
				  .code = RADIUS_ACCESS_REJECT };
	EXPECT_EQ(answer(&alg1, b, &o, true, &ans), RADIUS_E_MSG_AUTH_MISSING);
	o = (struct accept_opts){ .no_msg_auth = true };
	EXPECT_EQ(answer(&alg1, b, &o, false, &ans), RADIUS_OK);
	EXPECT_EQ(ans.code, 0);
	free(b);
}

/* A reply whose Message-Authenticator is wrong, Response Authenticator
 * right (as an attacker who knows the secret of another NAS could not
 * make, but a broken server could).
 */
static void test_answer_bad_msg_auth(const void *arg)
{
	struct built *b = calloc(1, sizeof(*b));
	struct accept_opts o = { 0 };
	uint8_t pkt[RADIUS_MAX_LEN], nonce[16] = { 0 };
	struct mip4d_answer ans;
	struct radius_builder rb;
	size_t len, vlen;
	unsigned int c;
	uint8_t *ma;

	(void)arg;
	build_request(&alg1, b);
	len = fake_reply(&alg1, b, &o, pkt, sizeof(pkt));
	ma = (uint8_t *)find_attr(pkt, len, RADIUS_MESSAGE_AUTHENTICATOR, 0,
				  &vlen, &c);
	EXPECT_EQ(c, 1);
	/* Corrupt it, then re-sign the Response Authenticator only. */
	radius_init(&rb, pkt, sizeof(pkt), RADIUS_ACCESS_ACCEPT, pkt[1],
		    b->sent.auth);
	rb.len = len;
	ma[0] ^= 1;
	EXPECT_EQ(radius_finish(&rb, SECRET, SECRET_LEN, &len, NULL),
		  RADIUS_OK);
	EXPECT_EQ(mip4d_answer_from_reply(&b->kg, pkt, len, &b->sent, SECRET,
					  SECRET_LEN, true, nonce, 3600, &ans),
		  RADIUS_E_MSG_AUTH);
	free(b);
}

/* ---- accounting ---- */

static void test_accounting_request(const void *arg)
{
	struct mip4d_nas nas = { .ip = ip("10.1.0.1"), .identifier = "ha1" };
	struct mip4d_acct_info a = {
		.status = RADIUS_ACCT_STOP,
		.nai = (const uint8_t *)NAI,
		.nai_len = strlen(NAI),
		.home = ip("10.1.0.10"),
		.coa = ip("192.0.2.10"),
		.session_id = "6700000100000001",
		.delay = 2,
		.event_time = 1700000000,
		.session_time = 95,
		.terminate_cause = mip4d_terminate_cause(
			MIP4HA_BINDING_REASON_DEREG),
		.class_ = (const uint8_t *)"sess-77",
		.class_len = 7,
	};
	static const struct mip4d_counters counters = {
		.tx_packets = 3000000, .tx_bytes = 0x123456789ULL,
		.rx_packets = 70, .rx_bytes = 7000,
	};
	uint8_t pkt[MIP4D_PKT_MAX], be[4];
	struct radius_sent sent, srv;
	unsigned int c;
	size_t len, n;

	(void)arg;
	EXPECT_EQ(mip4d_accounting_request(&a, &nas, 9, SECRET, SECRET_LEN,
					   pkt, sizeof(pkt), &len, &sent),
		  RADIUS_OK);
	EXPECT_EQ(radius_verify_request(pkt, len, SECRET, SECRET_LEN, 0, &srv),
		  RADIUS_OK);
	EXPECT_EQ(pkt[0], RADIUS_ACCOUNTING_REQUEST);
	put_unaligned_be32(RADIUS_ACCT_STOP, be);
	EXPECT_ATTR(pkt, len, RADIUS_ACCT_STATUS_TYPE, 0, be, 4);
	put_unaligned_be32(95, be);
	EXPECT_ATTR(pkt, len, RADIUS_ACCT_SESSION_TIME, 0, be, 4);
	put_unaligned_be32(1, be);	/* User-Request */
	EXPECT_ATTR(pkt, len, RADIUS_ACCT_TERMINATE_CAUSE, 0, be, 4);
	EXPECT_ATTR(pkt, len, RADIUS_ACCT_SESSION_ID, 0, "6700000100000001",
		    16);
	EXPECT_ATTR(pkt, len, RADIUS_CLASS, 0, "sess-77", 7);
	EXPECT_ATTR(pkt, len, RADIUS_USER_NAME, 0, NAI, strlen(NAI));
	EXPECT_ATTR(pkt, len, RADIUS_CALLING_STATION_ID, 0, "192.0.2.10", 10);
	find_attr(pkt, len, RADIUS_ACCT_INPUT_OCTETS, 0, &n, &c);
	EXPECT_EQ(c, 0);

	/* The binding's counters: octets past 2^32 in Gigawords. */
	a.counters = &counters;
	EXPECT_EQ(mip4d_accounting_request(&a, &nas, 11, SECRET, SECRET_LEN,
					   pkt, sizeof(pkt), &len, &sent),
		  RADIUS_OK);
	put_unaligned_be32(0x23456789, be);
	EXPECT_ATTR(pkt, len, RADIUS_ACCT_OUTPUT_OCTETS, 0, be, 4);
	put_unaligned_be32(1, be);
	EXPECT_ATTR(pkt, len, RADIUS_ACCT_OUTPUT_GIGAWORDS, 0, be, 4);
	put_unaligned_be32(7000, be);
	EXPECT_ATTR(pkt, len, RADIUS_ACCT_INPUT_OCTETS, 0, be, 4);
	put_unaligned_be32(0, be);
	EXPECT_ATTR(pkt, len, RADIUS_ACCT_INPUT_GIGAWORDS, 0, be, 4);
	put_unaligned_be32(3000000, be);
	EXPECT_ATTR(pkt, len, RADIUS_ACCT_OUTPUT_PACKETS, 0, be, 4);
	put_unaligned_be32(70, be);
	EXPECT_ATTR(pkt, len, RADIUS_ACCT_INPUT_PACKETS, 0, be, 4);
	a.counters = NULL;

	/* A Start has neither Session-Time nor Terminate-Cause. */
	a.status = RADIUS_ACCT_START;
	a.class_len = 0;
	EXPECT_EQ(mip4d_accounting_request(&a, &nas, 10, SECRET, SECRET_LEN,
					   pkt, sizeof(pkt), &len, &sent),
		  RADIUS_OK);
	find_attr(pkt, len, RADIUS_ACCT_SESSION_TIME, 0, &n, &c);
	EXPECT_EQ(c, 0);
	find_attr(pkt, len, RADIUS_ACCT_TERMINATE_CAUSE, 0, &n, &c);
	EXPECT_EQ(c, 0);
	find_attr(pkt, len, RADIUS_CLASS, 0, &n, &c);
	EXPECT_EQ(c, 0);
}

static void test_terminate_cause(const void *arg)
{
	(void)arg;
	EXPECT_EQ(mip4d_terminate_cause(MIP4HA_BINDING_REASON_DEREG), 1);
	EXPECT_EQ(mip4d_terminate_cause(MIP4HA_BINDING_REASON_EXPIRY), 4);
	EXPECT_EQ(mip4d_terminate_cause(MIP4HA_BINDING_REASON_ADMIN), 6);
	EXPECT_EQ(mip4d_terminate_cause(MIP4HA_BINDING_REASON_REPLACED), 13);
	EXPECT_EQ(mip4d_terminate_cause(MIP4HA_BINDING_REASON_KEY_EXPIRY), 5);
	EXPECT_EQ(mip4d_terminate_cause(0), 10);
}

static void test_escape(const void *arg)
{
	char out[32];

	(void)arg;
	mip4d_escape((const uint8_t *)"a@b c\n\\", 7, out, sizeof(out));
	EXPECT(!strcmp(out, "a@b c\\x0a\\x5c"));
	mip4d_escape((const uint8_t *)"abcdefghij", 10, out, 8);
	EXPECT(!strcmp(out, "abcd..."));
	mip4d_escape((const uint8_t *)"abcdefghij", 10, out, 11);
	EXPECT(!strcmp(out, "abcdefghij"));
	mip4d_escape((const uint8_t *)"\x01\x02\x03", 3, out, 9);
	EXPECT(!strcmp(out, "\\x01..."));
	mip4d_escape((const uint8_t *)"\x01\x02", 2, out, 9);
	EXPECT(!strcmp(out, "\\x01\\x02"));
}

/* ---- the configuration file ---- */

static int conf_from(const char *text, struct mip4d_conf *c,
		     struct mip4_conf_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	if (!f)
		exit(2);
	r = mip4d_conf_read(f, NULL, c, err);
	fclose(f);
	return r;
}

static void test_conf(const void *arg)
{
	static const char text[] =
		"# comment\n"
		"log_level = debug\n"
		"nas_identifier = ha1.example.net\n"
		"key_lifetime_default = 7200\n"
		"second_device = refuse\n"
		"[aaa]\n"
		"secret = shared-1\n"
		"timeout_ms = 500\n"
		"server = 10.9.0.2\n"
		"server = 10.9.0.3:11812\n"
		"secret = other  # comment\n"
		"tries = 5\n"
		"require_message_authenticator = no\n"
		"[accounting]\n"
		"server = 10.9.0.2\n"
		"secret = acct\n"
		"state_dir = /run/mip4d-test\n"
		"spool_max = 50\n"
		"retry_interval = 5\n"
		"[dynauth]\n"
		"listen = 10.9.0.1:13799\n"
		"secret = dyn\n"
		"client = 10.9.0.2\n"
		"client = 10.9.0.3\n"
		"secret = dyn3\n"
		"event_window = 60\n"
		"[backoff]\n"
		"failures = 3\n"
		"window = 30\n"
		"hold = 600\n";
	struct mip4d_conf *c = calloc(1, sizeof(*c));
	struct mip4_conf_error err;
	const struct mip4d_server *s;

	(void)arg;
	EXPECT_EQ(conf_from(text, c, &err), 0);
	EXPECT_EQ(c->log_level, LOG_DEBUG);
	EXPECT(!strcmp(c->nas_identifier, "ha1.example.net"));
	EXPECT_EQ(c->key_lifetime_default, 7200);
	EXPECT_EQ(c->vendor_id, 0);
	EXPECT_EQ(c->aaa.n, 2);
	s = &c->aaa.servers[0];
	EXPECT(!strcmp(s->name, "10.9.0.2:1812"));
	EXPECT_EQ(s->secret_len, 8);
	EXPECT_MEM(s->secret, "shared-1", 8);
	EXPECT_EQ(s->timeout_ms, 500);
	EXPECT_EQ(s->tries, MIP4D_TRIES);
	EXPECT(s->require_msg_auth);
	s = &c->aaa.servers[1];
	EXPECT(!strcmp(s->name, "10.9.0.3:11812"));
	EXPECT_EQ(s->secret_len, 5);
	EXPECT_MEM(s->secret, "other", 5);
	EXPECT_EQ(s->timeout_ms, 500);
	EXPECT_EQ(s->tries, 5);
	EXPECT(!s->require_msg_auth);
	EXPECT_EQ(c->acct.n, 1);
	EXPECT(!strcmp(c->acct.servers[0].name, "10.9.0.2:1813"));
	EXPECT_EQ(c->acct.servers[0].timeout_ms, MIP4D_TIMEOUT_MS);
	EXPECT(c->inline_secret);
	EXPECT_EQ(c->backoff.failures, 3);
	EXPECT_EQ(c->backoff.window_s, 30);
	EXPECT_EQ(c->backoff.hold_s, 600);
	EXPECT(!strcmp(c->accounting.state_dir, "/run/mip4d-test"));
	EXPECT_EQ(c->accounting.spool_max, 50);
	EXPECT_EQ(c->accounting.retry_s, 5);
	EXPECT_EQ(c->dynauth_clients.n, 2);
	EXPECT(!strcmp(c->dynauth_clients.servers[0].name, "10.9.0.2"));
	EXPECT_MEM(c->dynauth_clients.servers[0].secret, "dyn", 3);
	EXPECT_EQ(c->dynauth_clients.servers[1].secret_len, 4);
	EXPECT_EQ(ntohs(c->dynauth.listen.sin_port), 13799);
	EXPECT_EQ(c->dynauth.event_window_s, 60);
	EXPECT_EQ(c->second_device, MIP4D_SECOND_DEVICE_REFUSE);
	mip4d_conf_wipe(c);
	EXPECT_EQ(c->dynauth_clients.servers[1].secret[0], 0);
	EXPECT_EQ(c->aaa.servers[0].secret[0], 0);
	/* Without [backoff]: five a minute, then five minutes. */
	EXPECT_EQ(conf_from("[aaa]\nsecret = s\nserver = 10.9.0.2\n", c, &err), 0);
	EXPECT_EQ(c->backoff.failures, 5);
	EXPECT_EQ(c->backoff.window_s, 60);
	EXPECT_EQ(c->backoff.hold_s, 300);
	/* The state directory by default; none when asked. */
	EXPECT(!strcmp(c->accounting.state_dir, MIP4D_STATE_DIR));
	EXPECT_EQ(c->accounting.spool_max, MIP4D_SPOOL_MAX);
	EXPECT_EQ(c->accounting.retry_s, MIP4D_RETRY_S);
	EXPECT_EQ(c->dynauth_clients.n, 0);
	EXPECT_EQ(ntohs(c->dynauth.listen.sin_port), MIP4D_DYNAUTH_PORT);
	EXPECT_EQ(c->dynauth.event_window_s, MIP4D_EVENT_WINDOW_S);
	mip4d_conf_wipe(c);
	EXPECT_EQ(conf_from("[aaa]\nsecret = s\nserver = 10.9.0.2\n[accounting]\nstate_dir = none\n",
			    c, &err), 0);
	EXPECT_EQ(c->accounting.state_dir[0], 0);
	mip4d_conf_wipe(c);
	free(c);
}

/* 256 characters: a path too long for state_dir. */
#define X64 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

static void test_conf_errors(const void *arg)
{
	static const struct {
		const char *text;
		unsigned int line;
		const char *msg;
	} bad[] = {
		{ "[aaa]\nserver = 10.9.0.2\n", 0, "no secret" },
		{ "log_level = loud\n[aaa]\n", 1, "log_level" },
		{ "bogus = 1\n", 1, "unknown setting" },
		{ "[aaa]\nsecret = s\nserver = 10.9.0.2:0\n", 3, "server" },
		{ "[aaa]\nsecret = s\nserver = host.example\n", 3, "server" },
		{ "[aaa]\ntries = 0\n", 2, "tries" },
		{ "[aaa]\ntimeout_ms = 99999\n", 2, "timeout_ms" },
		{ "[accounting]\nrequire_message_authenticator = no\n", 2,
		  "unknown setting" },
		{ "[radius]\nx = 1\n", 2, "unknown section" },
		{ "log_level = info\n", 0, "no [aaa] server" },
		{ "[aaa]\nsecret_file = /nonexistent/mip4d\n", 2, "nonexistent" },
		{ "[backoff]\nfailures = many\n", 2, "failures" },
		{ "[backoff]\nwindow = 0\n", 2, "window" },
		{ "[backoff]\nhold = 86401\n", 2, "hold" },
		{ "[backoff]\ntries = 3\n", 2, "unknown setting" },
		{ "[accounting]\nstate_dir = var/lib/mip4d\n", 2, "state_dir" },
		{ "[accounting]\nstate_dir = /x/" X64 X64 X64 X64 "\n", 2, "state_dir" },
		{ "[accounting]\nspool_max = 0\n", 2, "spool_max" },
		{ "[dynauth]\nclient = 10.9.0.2:3799\n", 2, "client" },
		{ "second_device = keep\n", 1, "second_device" },
		{ "[dynauth]\nserver = 10.9.0.2\n", 2, "unknown setting" },
		{ "[dynauth]\ntimeout_ms = 100\n", 2, "unknown setting" },
		{ "[dynauth]\nrequire_message_authenticator = no\n", 2,
		  "unknown setting" },
		{ "[dynauth]\nlisten = 10.9.0.1:0\n", 2, "listen" },
		{ "[dynauth]\nevent_window = 0\n", 2, "event_window" },
		{ "[aaa]\nsecret = s\nserver = 10.9.0.2\n[dynauth]\nclient = 10.9.0.2\n",
		  0, "[dynauth] client 10.9.0.2 has no secret" },
		{ "[accounting]\nretry_interval = 3601\n", 2, "retry_interval" },
		/* [policy] and [aaa REALM] (protocol.md §9) */
		{ "[aaa]\nsecret = s\nserver = 10.9.0.2\n[policy]\nrequire = @corp.example chap\n",
		  5, "require" },
		{ "[aaa]\nsecret = s\nserver = 10.9.0.2\n[policy]\nrequire = @corp.example\n",
		  5, "require" },
		{ "[policy]\nrequire = @ aka\n", 2, "require" },
		{ "[policy]\nrequire = a@x aka\nrequire = a@x mschapv2\n", 3, "twice" },
		{ "[policy]\nallow = a@x aka\n", 2, "unknown setting" },
		{ "[aaa example.net]\nsecret = s\nserver = 10.9.0.3:0\n", 3, "server" },
		{ "[aaa example.net]\ntries = 11\n", 2, "tries" },
		{ "[aaa a@b]\nsecret = s\n", 2, "realm" },
		{ "[aaa example.net]\nsecret = s\nserver = 10.9.0.3\n"
		  "[aaa]\nsecret = t\n[aaa EXAMPLE.net]\nsecret = s\n", 7, "twice" },
		{ "[aaa example.net]\nserver = 10.9.0.3\n", 0,
		  "[aaa example.net] server 10.9.0.3:1812 has no secret" },
		{ "[aaa example.net]\nsecret = s\n", 0,
		  "[aaa example.net] has no server" },
		{ "[aaa example.net]\nbogus = 1\n", 2, "unknown setting" },
	};
	struct mip4d_conf *c = calloc(1, sizeof(*c));
	struct mip4_conf_error err;
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = conf_from(bad[i].text, c, &err);

		EXPECT(r < 0);
		EXPECT_EQ(err.line, bad[i].line);
		if (!strstr(err.msg, bad[i].msg)) {
			printf("        # case %zu: \"%s\"\n", i, err.msg);
			EXPECT(0);
		}
	}
	free(c);
}

/* [policy] and the server groups [aaa REALM] (protocol.md §9). */
static void test_conf_groups(const void *arg)
{
	static const char text[] =
		"[policy]\n"
		"require = 001010000000002@ims.mnc001.mcc001.3gppnetwork.org aka\n"
		"require = @ims.mnc001.mcc001.3gppnetwork.org aka+mschapv2\n"
		"require = carol@example.net mschapv2\n"
		"[aaa]\n"
		"secret = company\n"
		"timeout_ms = 3000\n"
		"server = 10.9.0.2\n"
		"[aaa b.example]\n"
		"secret = b\n"
		"server = 10.9.0.5\n"
		"[aaa other.example]\n"
		"secret = other\n"
		"timeout_ms = 500\n"
		"tries = 3\n"
		"server = 10.9.0.3:1822\n"
		"server = 10.9.0.4\n"
		"secret = fourth\n"
		"require_message_authenticator = no\n";
	struct mip4d_conf *c = calloc(1, sizeof(*c));
	struct mip4_conf_error err;
	const struct mip4d_server_set *set;

#define UN(s) (const uint8_t *)(s), strlen(s)
	(void)arg;
	EXPECT_EQ(conf_from(text, c, &err), 0);
	EXPECT_EQ(c->policy_n, 3);
	EXPECT_EQ(c->groups_n, 2);
	/* An exact NAI wins over its realm; a realm's line for the rest. */
	EXPECT_EQ(mip4d_policy_of(c, UN("001010000000001@ims.mnc001.mcc001.3gppnetwork.org")),
		  MIP4D_POLICY_BOTH);
	EXPECT_EQ(mip4d_policy_of(c, UN("001010000000002@ims.mnc001.mcc001.3gppnetwork.org")),
		  MIP4D_POLICY_AKA);
	EXPECT_EQ(mip4d_policy_of(c, UN("x@IMS.mnc001.mcc001.3gppnetwork.ORG")),
		  MIP4D_POLICY_BOTH);
	EXPECT_EQ(mip4d_policy_of(c, UN("carol@example.net")),
		  MIP4D_POLICY_MSCHAPV2);
	EXPECT_EQ(mip4d_policy_of(c, UN("alice@example.net")),
		  MIP4D_POLICY_ASK);
	EXPECT_EQ(mip4d_policy_of(c, UN("nobody")), MIP4D_POLICY_ASK);
	/* A user's realm chooses the group; no group: [aaa]. */
	set = mip4d_aaa_set(c, UN("bob@other.example"));
	EXPECT(set == &c->groups[1].set);
	EXPECT(mip4d_aaa_set(c, UN("bob@Other.Example")) == set);
	EXPECT_EQ(set->n, 2);
	EXPECT(!strcmp(set->servers[0].name, "10.9.0.3:1822"));
	EXPECT_MEM(set->servers[0].secret, "other", 5);
	EXPECT_EQ(set->servers[0].timeout_ms, 500);
	EXPECT_EQ(set->servers[0].tries, 3);
	EXPECT(set->servers[0].require_msg_auth);
	EXPECT(!strcmp(set->servers[1].name, "10.9.0.4:1812"));
	EXPECT_MEM(set->servers[1].secret, "fourth", 6);
	EXPECT(!set->servers[1].require_msg_auth);
	EXPECT_EQ(set->servers[1].fd, -1);
	EXPECT(mip4d_aaa_set(c, UN("mn-alice@example.net")) == &c->aaa);
	EXPECT(mip4d_aaa_set(c, UN("bob@sub.other.example")) == &c->aaa);
	EXPECT(mip4d_aaa_set(c, UN("other.example")) == &c->aaa);
	EXPECT(mip4d_aaa_set(c, NULL, 0) == &c->aaa);
	/* [aaa]'s defaults are not a group's. */
	EXPECT_EQ(c->aaa.servers[0].timeout_ms, 3000);
	set = mip4d_aaa_set(c, UN("dave@b.example"));
	EXPECT(set == &c->groups[0].set);
	EXPECT_EQ(set->n, 1);
	EXPECT_EQ(set->servers[0].timeout_ms, MIP4D_TIMEOUT_MS);
	EXPECT_EQ(set->servers[0].tries, MIP4D_TRIES);
	EXPECT(set->servers[0].require_msg_auth);
	EXPECT_MEM(set->servers[0].secret, "b", 1);
	mip4d_conf_wipe(c);
	EXPECT_EQ(c->groups[1].set.servers[1].secret[0], 0);
	mip4d_conf_free_tables(c);
	EXPECT(!c->groups && !c->policy);
	/* A group alone is somebody to ask. */
	EXPECT_EQ(conf_from("[aaa example.net]\nsecret = s\nserver = 10.9.0.3\n",
			    c, &err), 0);
	EXPECT_EQ(c->aaa.n, 0);
	mip4d_conf_wipe(c);
	mip4d_conf_free_tables(c);
#undef UN
	free(c);
}

/* A secret file: text, one final line break dropped, never hex-decoded. */
static void test_conf_secret_file(const void *arg)
{
	char path[] = "/tmp/mip4d-test-XXXXXX", text[128];
	struct mip4d_conf *c = calloc(1, sizeof(*c));
	struct mip4_conf_error err;
	int fd = mkstemp(path);

	(void)arg;
	if (fd < 0 || write(fd, "deadbeef\n", 9) != 9)
		exit(2);
	close(fd);
	snprintf(text, sizeof(text), "[aaa]\nserver = 10.9.0.2\nsecret_file = %s\n",
		 path);
	EXPECT_EQ(conf_from(text, c, &err), 0);
	EXPECT_EQ(c->aaa.servers[0].secret_len, 8);
	EXPECT_MEM(c->aaa.servers[0].secret, "deadbeef", 8);
	unlink(path);
	free(c);
}

/* ---- transactions over loopback ---- */

struct fake_server {
	int fd;
	struct sockaddr_in addr;
};

static void fake_server_open(struct fake_server *f)
{
	socklen_t len = sizeof(f->addr);

	f->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	memset(&f->addr, 0, sizeof(f->addr));
	f->addr.sin_family = AF_INET;
	f->addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (f->fd < 0 || bind(f->fd, (struct sockaddr *)&f->addr, len) ||
	    getsockname(f->fd, (struct sockaddr *)&f->addr, &len))
		exit(2);
}

/* Receives every datagram waiting; returns how many, the last in @buf. */
static unsigned int fake_server_drain(struct fake_server *f, uint8_t *buf,
				      size_t *len, struct sockaddr_in *from)
{
	socklen_t fl = sizeof(*from);
	unsigned int n = 0;
	ssize_t r;

	while ((r = recvfrom(f->fd, buf, 4096, 0, (struct sockaddr *)from,
			     &fl)) > 0) {
		*len = (size_t)r;
		n++;
	}
	return n;
}

struct test_txn {
	struct mip4d_txn txn;
	unsigned int builds, replies;
	int finished;			/* -1 not yet, 0 unanswered, 1 answered */
	uint8_t first[64];		/* the first packet sent, per server */
};

static int tt_build(struct mip4d_txn *t, struct mip4d_server *srv)
{
	struct test_txn *tt = (struct test_txn *)t;
	uint8_t auth[16];
	struct radius_builder b;

	memset(auth, (int)tt->builds + 1, sizeof(auth));
	tt->builds++;
	radius_init(&b, t->pkt, sizeof(t->pkt), RADIUS_ACCESS_REQUEST,
		    (uint8_t)t->id, auth);
	radius_put_str(&b, RADIUS_USER_NAME, "x");
	return radius_finish(&b, srv->secret, srv->secret_len, &t->len,
			     &t->rsent) ? -1 : 0;
}

static bool tt_reply(struct mip4d_txn *t, struct mip4d_server *srv,
		     const uint8_t *pkt, size_t len)
{
	struct test_txn *tt = (struct test_txn *)t;
	struct radius_reply r;

	tt->replies++;
	return !radius_parse_reply(pkt, len, &t->rsent, srv->secret,
				   srv->secret_len, 0, &r);
}

static void tt_finish(struct mip4d_txn *t, bool answered)
{
	struct test_txn *tt = (struct test_txn *)t;

	tt->finished = answered;
	mip4d_conf_put(t->conf);
}

static const struct mip4d_txn_ops tt_ops = {
	.build = tt_build, .reply = tt_reply, .finish = tt_finish,
};

static struct mip4d_conf *two_servers(struct fake_server *a,
				      struct fake_server *b)
{
	struct mip4d_conf *c = calloc(1, sizeof(*c));
	unsigned int i;

	c->refs = 1;
	c->aaa.n = 2;
	for (i = 0; i < 2; i++) {
		struct mip4d_server *s = &c->aaa.servers[i];

		s->addr = (i ? b : a)->addr;
		snprintf(s->name, sizeof(s->name), "fake%u", i);
		memcpy(s->secret, SECRET, SECRET_LEN);
		s->secret_len = SECRET_LEN;
		s->timeout_ms = 20;
		s->tries = 3;
		s->fd = -1;
	}
	if (mip4d_conf_open(c))
		exit(2);
	return c;
}

/* Runs the timer until @tt ends or @ms pass. */
static void run_until(struct test_txn *tt, unsigned int ms)
{
	uint64_t end = mip4d_now_ms() + ms;

	while (tt->finished < 0 && mip4d_now_ms() < end) {
		usleep(1000);
		mip4d_txn_timer();
	}
}

/*
 * Runs the timer until @f has received @want datagrams (or a second has
 * passed); returns how many it got, the last one in @buf.
 */
static unsigned int pump(struct fake_server *f, unsigned int want,
			 uint8_t *buf, size_t *len, struct sockaddr_in *from)
{
	uint64_t end = mip4d_now_ms() + 1000;
	unsigned int n = 0;

	for (;;) {
		n += fake_server_drain(f, buf, len, from);
		if (n >= want || mip4d_now_ms() > end)
			return n;
		usleep(1000);
		mip4d_txn_timer();
	}
}

static void test_txn_failover(const void *arg)
{
	struct fake_server a, b;
	struct test_txn *tt = calloc(1, sizeof(*tt));
	uint8_t pkt[4096], first[4096], reply[64];
	struct sockaddr_in from;
	struct radius_builder rb;
	struct radius_sent sent;
	size_t len = 0, rlen;
	unsigned int n;

	(void)arg;
	fake_server_open(&a);
	fake_server_open(&b);
	current = two_servers(&a, &b);
	mip4d_conf_set_current(current);
	tt->finished = -1;
	tt->txn.ops = &tt_ops;
	tt->txn.conf = mip4d_conf_get(current);
	tt->txn.set = &current->aaa;
	mip4d_txn_start(&tt->txn);

	/* The first server gets the request, then two identical copies. */
	EXPECT_EQ(fake_server_drain(&a, first, &len, &from), 1);
	n = pump(&a, 2, pkt, &len, &from);
	EXPECT_EQ(n, 2);
	EXPECT_MEM(pkt, first, len);
	/* It never answers: the second server gets a new request. */
	EXPECT_EQ(pump(&b, 1, pkt, &len, &from), 1);
	EXPECT_EQ(fake_server_drain(&a, first + 100, &rlen, &from), 0);
	EXPECT_EQ(tt->builds, 2);
	EXPECT(memcmp(pkt + 4, first + 4, 16));	/* new authenticator */
	EXPECT_EQ(tt->finished, -1);

	/* A forged answer (wrong secret) is ignored... */
	EXPECT_EQ(radius_verify_request(pkt, len, SECRET, SECRET_LEN, 0,
					&sent), RADIUS_OK);
	radius_init(&rb, reply, sizeof(reply), RADIUS_ACCESS_REJECT, sent.id,
		    sent.auth);
	radius_finish(&rb, "forged", 6, &rlen, NULL);
	sendto(b.fd, reply, rlen, 0, (struct sockaddr *)&from, sizeof(from));
	usleep(5000);
	mip4d_server_input(&current->aaa.servers[1]);
	EXPECT_EQ(tt->replies, 1);
	EXPECT_EQ(tt->finished, -1);
	/* ... as is one from the wrong server ... */
	radius_init(&rb, reply, sizeof(reply), RADIUS_ACCESS_REJECT, sent.id,
		    sent.auth);
	radius_finish(&rb, SECRET, SECRET_LEN, &rlen, NULL);
	sendto(a.fd, reply, rlen, 0, (struct sockaddr *)&from, sizeof(from));
	usleep(5000);
	mip4d_server_input(&current->aaa.servers[1]);
	EXPECT_EQ(tt->replies, 1);
	/* ... and the genuine one ends it. */
	sendto(b.fd, reply, rlen, 0, (struct sockaddr *)&from, sizeof(from));
	usleep(5000);
	mip4d_server_input(&current->aaa.servers[1]);
	EXPECT_EQ(tt->replies, 2);
	EXPECT_EQ(tt->finished, 1);
	EXPECT(!current->aaa.servers[1].ids[sent.id]);
	EXPECT_EQ(mip4d_txn_next_deadline(), 0);

	mip4d_conf_put(current);
	mip4d_conf_reap();
	close(a.fd);
	close(b.fd);
	free(tt);
}

static void test_txn_all_dead(const void *arg)
{
	struct fake_server a, b;
	struct test_txn *tt = calloc(1, sizeof(*tt));
	uint8_t pkt[4096];
	struct sockaddr_in from;
	size_t len;
	uint64_t start;

	(void)arg;
	fake_server_open(&a);
	fake_server_open(&b);
	current = two_servers(&a, &b);
	mip4d_conf_set_current(current);
	tt->finished = -1;
	tt->txn.ops = &tt_ops;
	tt->txn.conf = mip4d_conf_get(current);
	tt->txn.set = &current->aaa;
	start = mip4d_now_ms();
	mip4d_txn_start(&tt->txn);
	run_until(tt, 1000);
	/* 3 tries x 20 ms on each server, then unanswered */
	EXPECT_EQ(tt->finished, 0);
	EXPECT(mip4d_now_ms() - start >= 120);
	EXPECT_EQ(fake_server_drain(&a, pkt, &len, &from), 3);
	EXPECT_EQ(fake_server_drain(&b, pkt, &len, &from), 3);
	EXPECT_EQ(current->refs, 1);
	mip4d_conf_put(current);
	mip4d_conf_reap();
	close(a.fd);
	close(b.fd);
	free(tt);
}

/* No Identifier free on any server: ends at once, never sent. */
static void test_txn_no_identifier(const void *arg)
{
	struct fake_server a, b;
	static struct mip4d_txn other;	/* owns every Identifier */
	struct test_txn *tt = calloc(1, sizeof(*tt));
	uint8_t pkt[4096];
	struct sockaddr_in from;
	unsigned int i, s;
	size_t len;

	(void)arg;
	fake_server_open(&a);
	fake_server_open(&b);
	current = two_servers(&a, &b);
	mip4d_conf_set_current(current);
	for (s = 0; s < 2; s++)
		for (i = 0; i < 256; i++)
			current->aaa.servers[s].ids[i] = &other;
	tt->finished = -1;
	tt->txn.ops = &tt_ops;
	tt->txn.conf = mip4d_conf_get(current);
	tt->txn.set = &current->aaa;
	mip4d_txn_start(&tt->txn);
	EXPECT_EQ(tt->finished, 0);
	EXPECT(!tt->txn.transmitted);
	EXPECT_EQ(tt->builds, 0);
	EXPECT_EQ(fake_server_drain(&a, pkt, &len, &from), 0);
	EXPECT_EQ(mip4d_txn_next_deadline(), 0);
	/* One freed: the next request takes it. */
	current->aaa.servers[1].ids[7] = NULL;
	tt->finished = -1;
	tt->txn.conf = mip4d_conf_get(current);
	tt->txn.started = 0;
	mip4d_txn_start(&tt->txn);
	EXPECT_EQ(tt->txn.id, 7);
	EXPECT_EQ(tt->txn.server, 1);
	EXPECT_EQ(fake_server_drain(&b, pkt, &len, &from), 1);
	EXPECT(tt->txn.transmitted);
	run_until(tt, 1000);
	EXPECT_EQ(tt->finished, 0);
	mip4d_conf_put(current);
	mip4d_conf_reap();
	close(a.fd);
	close(b.fd);
	free(tt);
}

/* Five lines a second pass; the next to pass counts those that did not. */
/* ---- keygen.c: §9's user step and method 1 through the server groups ---- */

static const char M_RRQ2[] = "010207080a01000a0a010001c000020aeb2d0a5c00000002833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed9000701020102000010000000100108000000d17202d8fcc1ca890ccc3d59307f426e06df059fb98e5b1a00000000000000002600004600007ed9000a01011400101112131415161718191a1b1c1d1e1ff9055fd81d1530d940133c6205d01e70deb4a8e532beff266d6e2d616c696365406578616d706c652e6e65742014000010006d68ee12dc09ab6c88060a29e2bae2b0";
#define M_DEVICE	"001010000000001@ims.mnc001.mcc001.3gppnetwork.org"
#define M_K_AKA		"2d8bd45110bb162370a6124573b441b0"
#define M_SECRET	COMPANY_SECRET

/* [aaa] at @a, [aaa example.net] at @b, and @extra. */
static struct mip4d_conf *groups_conf(struct fake_server *a,
				      struct fake_server *b, const char *extra)
{
	struct mip4d_conf *c = calloc(1, sizeof(*c));
	struct mip4_conf_error err;
	char text[1024];

	snprintf(text, sizeof(text),
		 "[aaa]\nsecret = company\ntimeout_ms = 20\ntries = 1\n"
		 "server = 127.0.0.1:%u\n"
		 "[aaa example.net]\nsecret = " M_SECRET "\ntimeout_ms = 20\n"
		 "tries = 1\nserver = 127.0.0.1:%u\n"
		 "[backoff]\nfailures = 2\n%s",
		 ntohs(a->addr.sin_port), ntohs(b->addr.sin_port), extra);
	if (conf_from(text, c, &err) || mip4d_conf_open(c))
		exit(2);
	mip4d_conf_set_current(c);
	return c;
}

/* A test of the server groups starts afresh: no back-off, no answer yet,
 * groups_conf() at two new fake servers.
 */
static void groups_start(struct fake_server *a, struct fake_server *b)
{
	mip4d_backoff_shutdown();
	memset(&K, 0, sizeof(K));
	fake_server_open(a);
	fake_server_open(b);
	current = groups_conf(a, b, "");
}

static const struct mip4d_ha test_ha = {
	.address = 0x0100010a, .max_lifetime = 1800, .vendor_id = 32473,
	.keygen_timeout = 10,
};

/* aka.c's hand-over of the §9.6 RRQ2, device authenticated. */
static void user_step(uint32_t cookie)
{
	uint8_t rrq[MIP4_MSG_MAX], k[16];
	size_t n = unhex(M_RRQ2, rrq, sizeof(rrq));
	struct mip4d_user_step u = {
		.cookie = cookie, .rrq = rrq, .len = n, .nai = M_DEVICE,
		.coa = "192.0.2.10", .started = mip4d_now_ms(), .k_aka = k,
		.key_len = 16, .h = rrq + 75 + 10,
		.rand = rrq + 75 + 10 + MIP4_AKA_RESPONSE_RAND,
		.key_lifetime = 3600,
	};

	unhex(M_K_AKA, k, 16);
	memset(&K.ans, 0, sizeof(K.ans));
	K.n = 0;
	mip4d_keygen_user_step(&u, &test_ha);
}

/* The company's answer to the request @pkt: Accept (the §9.6 keys and
 * S=..., Session-Timeout 3600) or Reject.
 */
static void company_answer(struct fake_server *f, const uint8_t *pkt,
			   size_t len, const struct sockaddr_in *from,
			   uint8_t code)
{
	uint8_t reply[512];
	struct radius_sent sent;
	size_t rlen;

	EXPECT_EQ(radius_verify_request(pkt, len, M_SECRET, strlen(M_SECRET),
					0, &sent), RADIUS_OK);
	rlen = company_answer_build(reply, sizeof(reply), code, &sent, 3600);
	EXPECT(rlen > 0);
	sendto(f->fd, reply, rlen, 0, (const struct sockaddr *)from,
	       sizeof(*from));
	usleep(5000);
	mip4d_server_input(&current->groups[0].set.servers[0]);
}

/* @line (without its "(N ms)") is what was logged last at @level. */
static void expect_log(bool info, const char *line)
{
	const char *got = info ? last_info : last_log;

	if (strncmp(got, line, strlen(line)) ||
	    strncmp(got + strlen(line), " (", 2)) {
		printf("        # logged \"%s\"\n        # wanted \"%s (N ms)\"\n",
		       got, line);
		EXPECT(0);
	}
}

/* Runs the timer until the kernel got an answer, or @ms pass. */
static void run_until_answer(unsigned int ms)
{
	uint64_t end = mip4d_now_ms() + ms;

	while (!K.n && mip4d_now_ms() < end) {
		usleep(1000);
		mip4d_txn_timer();
	}
}

static void expect_kaka(uint8_t code)
{
	uint8_t k[16];

	unhex(M_K_AKA, k, 16);
	EXPECT_EQ(K.n, 1);
	EXPECT_EQ(K.code, code);
	EXPECT(K.has_ans);
	EXPECT_EQ(K.ans.reply_key_len, 16);
	EXPECT_MEM(K.ans.reply_key, k, 16);
	EXPECT_EQ(K.ans.key_len, 0);
	EXPECT_EQ(K.ans.reply_ext_len, 0);
}

static void test_keygen_user_step(const void *arg)
{
	char line[400];
	struct mip4_conf_error err;
	struct fake_server a, b;
	uint8_t pkt[4096];
	struct sockaddr_in from;
	size_t len = 0;

	(void)arg;
	groups_start(&a, &b);

	/* The user's realm chooses [aaa example.net]; User-Name = user. */
	user_step(21);
	EXPECT_EQ(fake_server_drain(&a, pkt, &len, &from), 0);
	EXPECT_EQ(fake_server_drain(&b, pkt, &len, &from), 1);
	EXPECT(memmem(pkt, len, "mn-alice@example.net", 20));
	EXPECT(!memmem(pkt, len, "001010000000001", 15));
	EXPECT(!memmem(pkt, len, "3gppnetwork", 11));
	EXPECT_EQ(K.n, 0);
	company_answer(&b, pkt, len, &from, RADIUS_ACCESS_ACCEPT);
	EXPECT_EQ(K.n, 1);
	EXPECT_EQ(K.cookie, 21);
	EXPECT_EQ(K.code, 0);
	EXPECT_EQ(K.ans.key_len, 16);
	/* min(AKA 3600 and HA max 1800, Session-Timeout 3600) */
	EXPECT_EQ(K.ans.key_lifetime, 1800);
	EXPECT_EQ(K.ans.reply_ext_type, MIP4_CVSE_AKA_RESULT);
	EXPECT_EQ(K.ans.reply_ext[MIP4_AKA_RESULT_FLAGS],
		  MIP4_AKA_FLAG_USER_AUTH_DONE);
	EXPECT_EQ(K.ans.reply_user_ext_len, MIP4_USER_RESULT_LEN);
	EXPECT_EQ(K.ans.user_nai_len, 20);
	EXPECT_MEM(K.ans.user_nai, "mn-alice@example.net", 20);
	EXPECT_EQ(K.ans.reply_key_len, 0);
	/* Accounting's User-Name: the user (acct.c keeps it for the
	 * device's binding; test_acct multi_user_name).
	 */
	EXPECT_EQ(K.acct_user_len, 20);
	EXPECT_MEM(K.acct_user, "mn-alice@example.net", 20);
	snprintf(line, sizeof(line),
		 "keygen " M_DEVICE " coa 192.0.2.10: code 0, user mn-alice@example.net: Access-Accept from 127.0.0.1:%u, key lifetime 1800 s (Session-Timeout)",
		 ntohs(b.addr.sin_port));
	expect_log(true, line);

	/* No answer from the group: 128 with reply-key K_aka. */
	user_step(22);
	run_until_answer(500);
	expect_kaka(MIP4_CODE_NO_AAA);
	expect_log(false, "keygen " M_DEVICE " coa 192.0.2.10: code 128, user mn-alice@example.net: no answer from any AAA server");
	EXPECT_EQ(fake_server_drain(&a, pkt, &len, &from), 0);
	EXPECT_EQ(fake_server_drain(&b, pkt, &len, &from), 1);

	/* Rejects: 131 with reply-key; the user NAI's back-off, not the
	 * device's: then 129 with reply-key and no request.
	 */
	user_step(23);
	EXPECT_EQ(fake_server_drain(&b, pkt, &len, &from), 1);
	company_answer(&b, pkt, len, &from, RADIUS_ACCESS_REJECT);
	expect_kaka(MIP4_CODE_AUTH_FAILED);
	snprintf(line, sizeof(line),
		 "keygen " M_DEVICE " coa 192.0.2.10: code 131, user mn-alice@example.net: Access-Reject from 127.0.0.1:%u",
		 ntohs(b.addr.sin_port));
	expect_log(false, line);
	user_step(24);
	EXPECT_EQ(fake_server_drain(&b, pkt, &len, &from), 1);
	company_answer(&b, pkt, len, &from, RADIUS_ACCESS_REJECT);
	expect_kaka(MIP4_CODE_AUTH_FAILED);
	EXPECT(mip4d_backoff_held((const uint8_t *)"mn-alice@example.net", 20,
				  mip4d_now_ms()));
	EXPECT(!mip4d_backoff_held((const uint8_t *)M_DEVICE,
				   strlen(M_DEVICE), mip4d_now_ms()));
	user_step(25);
	expect_kaka(MIP4_CODE_PROHIBITED);
	EXPECT(!strncmp(last_log, "keygen " M_DEVICE " coa 192.0.2.10: code 129, user mn-alice@example.net: held down after failed authentications, ",
			strlen("keygen " M_DEVICE " coa 192.0.2.10: code 129, user mn-alice@example.net: held down after failed authentications, ")));
	EXPECT_EQ(fake_server_drain(&b, pkt, &len, &from), 0);
	mip4d_backoff_shutdown();
	mip4d_conf_put(current);
	mip4d_conf_reap();

	/* [aka] alone, no server for the user's realm: 128 with reply-key. */
	current = calloc(1, sizeof(*current));
	if (conf_from("[aka]\nhlr = 127.0.0.1\n", current, &err))
		exit(2);
	mip4d_conf_set_current(current);
	user_step(26);
	expect_kaka(MIP4_CODE_NO_AAA);
	expect_log(false, "keygen " M_DEVICE " coa 192.0.2.10: code 128, user mn-alice@example.net: no AAA server for the user's realm");
	mip4d_conf_put(current);
	mip4d_conf_reap();
	close(a.fd);
	close(b.fd);
}

/* Method 1 (KEYGEN_REQ): its NAI's realm chooses the group; policy aka or
 * aka+mschapv2 refuses it (129, no request); AKA under mschapv2 likewise.
 */
static void test_keygen_method1_policy(const void *arg)
{
	struct fake_server a, b;
	uint8_t rrq[MIP4_MSG_MAX], pkt[4096];
	struct sockaddr_in from;
	size_t n = unhex(alg1.rrq, rrq, sizeof(rrq)), len = 0;

	(void)arg;
	groups_start(&a, &b);
	mip4d_keygen_request(31, rrq, n, ip("192.0.2.10"), 0, &test_ha);
	EXPECT_EQ(fake_server_drain(&a, pkt, &len, &from), 0);
	EXPECT_EQ(fake_server_drain(&b, pkt, &len, &from), 1);
	run_until_answer(500);
	EXPECT_EQ(K.code, MIP4_CODE_NO_AAA);
	EXPECT(!K.has_ans || !K.ans.reply_key_len);	/* method 1: plain */
	mip4d_conf_put(current);
	mip4d_conf_reap();

	static const char *const refusing[] = {
		"[policy]\nrequire = @example.net aka+mschapv2\n",
		"[policy]\nrequire = mn-alice@example.net aka\n",
	};
	for (unsigned int i = 0; i < 2; i++) {
		current = groups_conf(&a, &b, refusing[i]);
		K.n = 0;
		mip4d_keygen_request(32, rrq, n, ip("192.0.2.10"), 0, &test_ha);
		EXPECT_EQ(K.n, 1);
		EXPECT_EQ(K.code, MIP4_CODE_PROHIBITED);
		expect_log(false, i ? "keygen mn-alice@example.net coa 192.0.2.10: code 129, refused by policy aka: method 1 (KEYGEN_REQ) not allowed" :
			   "keygen mn-alice@example.net coa 192.0.2.10: code 129, refused by policy aka+mschapv2: method 1 (KEYGEN_REQ) not allowed");
		EXPECT_EQ(fake_server_drain(&a, pkt, &len, &from), 0);
		EXPECT_EQ(fake_server_drain(&b, pkt, &len, &from), 0);
		mip4d_conf_put(current);
		mip4d_conf_reap();
	}
	close(a.fd);
	close(b.fd);
}

/*
 * A flood that outruns the kernel's keygen-timeout: requests refused for
 * want of room (all 256 Identifiers in use) are answered too late
 * (-ENOENT, the kernel has answered 128). Their lines stay within the
 * rate limit: a late answer is no reason for a line each (seen under
 * load: 4,095 lines in 67 s, one per request).
 */
static void test_keygen_no_room_too_late(const void *arg)
{
	struct fake_server a, b;
	uint8_t rrq[MIP4_MSG_MAX];
	size_t n = unhex(alg1.rrq, rrq, sizeof(rrq));
	unsigned int i, secs;
	uint64_t start, end;

	(void)arg;
	groups_start(&a, &b);
	K.err = -ENOENT;
	log_pattern = "could not send to any AAA server";
	log_pattern_lines = 0;
	start = mip4d_now_ms();
	/* 256 fill example.net's server's Identifiers; 100 find none. */
	for (i = 0; i < 356; i++)
		mip4d_keygen_request(100 + i, rrq, n, ip("192.0.2.10"), 0,
				     &test_ha);
	secs = (unsigned int)((mip4d_now_ms() - start) / 1000);
	EXPECT_EQ(K.n, 100);
	EXPECT_EQ(K.code, MIP4_CODE_NO_RESOURCES);
	/* Fixed intervals of 1 s, 5 lines each (the first may be one
	 * another test began).
	 */
	printf("        # %u lines of \"%s\" in %u s\n", log_pattern_lines,
	       log_pattern, secs + 1);
	EXPECT(log_pattern_lines >= 1);
	EXPECT(log_pattern_lines <= 5 * (secs + 2));
	log_pattern = NULL;
	K.err = 0;
	/* The 256 sent end unanswered (20 ms, one try). */
	end = mip4d_now_ms() + 10000;
	while (K.n < 356 && mip4d_now_ms() < end) {
		usleep(1000);
		mip4d_txn_timer();
	}
	EXPECT_EQ(K.n, 356);
	mip4d_conf_put(current);
	mip4d_conf_reap();
	close(a.fd);
	close(b.fd);
}

static void test_ratelimit(const void *arg)
{
	struct mip4d_ratelimit rl = { 0 };
	unsigned int i, n = 99, passed = 0;
	char buf[48];

	(void)arg;
	for (i = 0; i < 8; i++)
		if (mip4d_ratelimit(&rl, 5000 + i, &n)) {
			EXPECT_EQ(n, 0);
			passed++;
		}
	EXPECT_EQ(passed, MIP4D_RATELIMIT_BURST);
	n = 99;
	EXPECT(!mip4d_ratelimit(&rl, 5999, &n));
	EXPECT_EQ(n, 99);
	EXPECT(mip4d_ratelimit(&rl, 6000, &n));
	EXPECT_EQ(n, 8 + 1 - MIP4D_RATELIMIT_BURST);
	EXPECT(mip4d_ratelimit(&rl, 6001, &n));
	EXPECT_EQ(n, 0);
	/* The very first call, at time 0 too. */
	memset(&rl, 0, sizeof(rl));
	EXPECT(mip4d_ratelimit(&rl, 0, &n));
	EXPECT(!strcmp(mip4d_not_logged(0, buf), ""));
	EXPECT(!strcmp(mip4d_not_logged(4, buf), " (4 more like it not logged)"));
}

/* Rejects of one NAI within the window start a hold; an accept or the end
 * of the window forgets them; other NAIs are not affected.
 */
static void test_backoff(const void *arg)
{
	static const struct mip4d_backoff_conf b = {
		.failures = 3, .window_s = 60, .hold_s = 300,
	};
	static const struct mip4d_backoff_conf off = { 0 };
	const uint8_t *alice = (const uint8_t *)"alice@example.net";
	const uint8_t *bob = (const uint8_t *)"bob@example.net";
	uint64_t t = 1000000;

	(void)arg;
	EXPECT(!mip4d_backoff_rejected(&b, alice, 17, t));
	EXPECT(!mip4d_backoff_rejected(&b, alice, 17, t + 1000));
	EXPECT_EQ(mip4d_backoff_held(alice, 17, t + 1000), 0);
	EXPECT(mip4d_backoff_rejected(&b, alice, 17, t + 2000));
	EXPECT_EQ(mip4d_backoff_held(alice, 17, t + 2000), 300000);
	EXPECT_EQ(mip4d_backoff_held(alice, 17, t + 302000 - 1), 1);
	EXPECT_EQ(mip4d_backoff_held(alice, 17, t + 302000), 0);
	EXPECT_EQ(mip4d_backoff_held(bob, 15, t + 2000), 0);
	/* Another NAI of the same length and prefix is another record. */
	EXPECT_EQ(mip4d_backoff_held(alice, 16, t + 2000), 0);
	/* After the hold, the count starts again. */
	EXPECT(!mip4d_backoff_rejected(&b, alice, 17, t + 302000));
	EXPECT_EQ(mip4d_backoff_held(alice, 17, t + 302000), 0);
	/* Failures spread over more than the window never hold. */
	EXPECT(!mip4d_backoff_rejected(&b, bob, 15, t));
	EXPECT(!mip4d_backoff_rejected(&b, bob, 15, t + 50000));
	EXPECT(!mip4d_backoff_rejected(&b, bob, 15, t + 61000));
	EXPECT(!mip4d_backoff_rejected(&b, bob, 15, t + 62000));
	EXPECT(mip4d_backoff_rejected(&b, bob, 15, t + 63000));
	/* An accept forgets the failures. */
	EXPECT(!mip4d_backoff_rejected(&b, alice, 17, t + 303000));
	mip4d_backoff_accepted(alice, 17);
	EXPECT(!mip4d_backoff_rejected(&b, alice, 17, t + 304000));
	EXPECT(!mip4d_backoff_rejected(&b, alice, 17, t + 305000));
	EXPECT_EQ(mip4d_backoff_held(alice, 17, t + 305000), 0);
	/* failures = 0: off. */
	EXPECT(!mip4d_backoff_rejected(&off, alice, 17, t + 306000));
	EXPECT_EQ(mip4d_backoff_tracked(), 2);
	mip4d_backoff_shutdown();
	EXPECT_EQ(mip4d_backoff_tracked(), 0);
	EXPECT_EQ(mip4d_backoff_held(bob, 15, t + 63000), 0);
}

/* The bindings of each NAI with dynamic keys, from binding events: a
 * second home address is another device; refreshes add nothing; deletes
 * take away; static keys and NAI-less bindings are not tracked.
 */
static void test_devices(const void *arg)
{
	static const uint8_t nai[] = "dev@example.net";
	struct mip4d_binding_event e = {
		.event = MIP4HA_BINDING_EVENT_ADD,
		.nai = nai,
		.nai_len = sizeof(nai) - 1,
		.home = htonl(0x0a01000a),
		.coa = htonl(0xc000020a),
		.dynamic = true,
	};
	uint32_t other = 0;

	(void)arg;
	mip4d_devices_binding(&e);
	EXPECT(!mip4d_devices_other(nai, sizeof(nai) - 1, e.home, &other));
	EXPECT(mip4d_devices_other(nai, sizeof(nai) - 1, htonl(0x0a01000b),
				   &other));
	EXPECT_EQ(other, htonl(0x0a01000a));
	EXPECT(!mip4d_devices_other(nai, 3, htonl(0x0a01000b), &other));
	/* A second care-of address of the same home address: one device. */
	e.event = MIP4HA_BINDING_EVENT_REFRESH;
	e.coa = htonl(0xc000020b);
	mip4d_devices_binding(&e);
	mip4d_devices_binding(&e);
	e.event = MIP4HA_BINDING_EVENT_DELETE;
	e.coa = htonl(0xc000020a);
	mip4d_devices_binding(&e);
	EXPECT(mip4d_devices_other(nai, sizeof(nai) - 1, htonl(0x0a01000b),
				   &other));
	e.coa = htonl(0xc000020b);
	mip4d_devices_binding(&e);
	EXPECT(!mip4d_devices_other(nai, sizeof(nai) - 1, htonl(0x0a01000b),
				    &other));
	/* Static keys: not a device of a dynamic NAI. */
	e.event = MIP4HA_BINDING_EVENT_ADD;
	e.dynamic = false;
	mip4d_devices_binding(&e);
	EXPECT(!mip4d_devices_other(nai, sizeof(nai) - 1, htonl(0x0a01000b),
				    &other));
	e.dynamic = true;
	mip4d_devices_binding(&e);
	mip4d_devices_shutdown();
	EXPECT(!mip4d_devices_other(nai, sizeof(nai) - 1, htonl(0x0a01000b),
				    &other));
}

static const struct ktap_case request_cases[] = {
	{ "vectors_alg1", test_access_request, &alg1 },
	{ "vectors_alg2", test_access_request, &alg2 },
	{ "no_home_address", test_access_request_no_home, NULL },
	{ "parse_refuses", test_keygen_parse_refuses, NULL },
};

static const struct ktap_case answer_cases[] = {
	{ "vectors_alg1", test_answer_vectors, &alg1 },
	{ "vectors_alg2", test_answer_vectors, &alg2 },
	{ "session_timeout", test_answer_session_timeout, NULL },
	{ "denials", test_answer_denials, NULL },
	{ "ignored", test_answer_ignored, NULL },
	{ "bad_message_authenticator", test_answer_bad_msg_auth, NULL },
};

static const struct ktap_case acct_cases[] = {
	{ "request", test_accounting_request, NULL },
	{ "terminate_cause", test_terminate_cause, NULL },
	{ "escape", test_escape, NULL },
};

static const struct ktap_case conf_cases[] = {
	{ "policy_and_groups", test_conf_groups, NULL },
	{ "example", test_conf, NULL },
	{ "errors", test_conf_errors, NULL },
	{ "secret_file", test_conf_secret_file, NULL },
};

static const struct ktap_case txn_cases[] = {
	{ "retransmit_failover", test_txn_failover, NULL },
	{ "keygen_user_step", test_keygen_user_step, NULL },
	{ "keygen_method1_groups_policy", test_keygen_method1_policy, NULL },
	{ "all_dead", test_txn_all_dead, NULL },
	{ "no_identifier", test_txn_no_identifier, NULL },
	{ "log_ratelimit", test_ratelimit, NULL },
	{ "keygen_no_room_too_late", test_keygen_no_room_too_late, NULL },
	{ "backoff", test_backoff, NULL },
	{ "devices", test_devices, NULL },
};

int main(void)
{
	static const struct ktap_suite suites[] = {
		KTAP_SUITE("mip4d_access_request", request_cases),
		KTAP_SUITE("mip4d_answer", answer_cases),
		KTAP_SUITE("mip4d_accounting", acct_cases),
		KTAP_SUITE("mip4d_conf", conf_cases),
		KTAP_SUITE("mip4d_txn", txn_cases),
	};

	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
