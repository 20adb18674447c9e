// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests (KTAP) of mip4d's AKA core (aka.c) against the vectors of
 * protocol.md §8.11: the HLR's answers are given, the kernel's requests
 * are its RRQs, the time is a fake clock, and what the core answers and
 * asks the HLR is compared octet by octet with its RRPs. Then the
 * negative list of §8.11, the AV store's rules (expiry, flushes, rate limit,
 * in-progress bound), the HLR's failures, the wipe of CK/IK/XRES, the NAI
 * -> IMSI mapping and the [aka] configuration.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "company.h"
#include "ktap.h"
#include "testdata.h"
#include "akad.h"
#include "mac.h"
#include "mip4ha.h"

/* ---- what the rest of mip4d provides ---- */

int mip4d_log_level_cur = LOG_ERR;

void mip4d_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > mip4d_log_level_cur)
		return;
	va_start(ap, fmt);
	printf("        # log: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

/* ---- the vectors of §8.11 ---- */

#define VENDOR		32473
#define NAI1		"001010000000001@ims.mnc001.mcc001.3gppnetwork.org"
#define IMSI1		"001010000000001"
#define T0		1000000ull	/* ms: when RRQ1 arrives */

static const char RRQ1_A1[] = "010207080a01000a0a010001c000020aeb2d0a5a00000001833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600001600007ed9000501020102000010000000100100000000";
static const char RRP1_A1[] = "038300000a01000a0a010001eb2d0a5a00000001833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed900060102010200001000000010010000001ed17202d8fcc1ca890ccc3d59307f426ec2ed09cd7f6a000035a11d3a025e8336";
static const char RRQ2_A1[] = "010207080a01000a0a010001c000020aeb2d0a5c00000002833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed9000701020102000010000000100108000000d17202d8fcc1ca890ccc3d59307f426e06df059fb98e5b1a000000000000000020140000100074854e9d65da166dfe5ed2ec5f931390";
static const char SKEY_A1[] = "2d8bd45110bb162370a6124573b441b0";
static const char SKEYP_A1[] = "af081e3fc79d2f2e48f029ed43c48df0";
static const char RRP2_A1[] = "030007080a01000a0a010001eb2d0a5c00000002833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600002a00007ed900090102010200001000000010010000000000000e10d17202d8fcc1ca890ccc3d59307f426e201400001000db6f1797b7b9031540d405a8e8356ed2";

static const char RRQ1_A2[] = "010207080a01000a0a010001c000020aeb2d0a5a00000001833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600001600007ed9000501020202000010000000100100000000";
static const char RRP1_A2[] = "038300000a01000a0a010001eb2d0a5a00000001833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed900060102020200001000000010010000001ed17202d8fcc1ca890ccc3d59307f426ec2ed09cd7f6a000035a11d3a025e8336";
static const char RRQ2_A2[] = "010207080a01000a0a010001c000020aeb2d0a5c00000002833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed9000701020202000010000000100108000000d17202d8fcc1ca890ccc3d59307f426e06df059fb98e5b1a0000000000000000202400001000e09a777ce01c0f6887951c0d320b055c17657b92a506d82502c252d766c2e934";
static const char SKEY_A2[] = "9e1859692ac43de604cb4651c43b9beea4654ac85046fe8a233fdbbeb35def2f";
static const char SKEYP_A2[] = "f9411fcf017eb39558f97a6f0b8f0f7275764e390cb2db445b1b653c0a29bd90";
static const char RRP2_A2[] = "030007080a01000a0a010001eb2d0a5c00000002833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600002a00007ed900090102020200001000000010010000000000000e10d17202d8fcc1ca890ccc3d59307f426e20240000100006dd59d6f17383ce47641f574d90bb4f696f9761c2e52554d98be22e214d6c8f";

static const char AUTS[] = "80f195b4c20849dac8b42267dc6b";
static const char RRQ1S[] = "010207080a01000a0a010001c000020aeb2d0a5b00000001833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed9000801020102000010000000100101000000d17202d8fcc1ca890ccc3d59307f426e80f195b4c20849dac8b42267dc6b0000";
static const char RRP1S[] = "038300000a01000a0a010001eb2d0a5b00000001833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed900060102010200001000000010010000001ec0c1c2c3c4c5c6c7c8c9cacbcccdcecf2e089b9078300000c977e1198f6447fc";
static const char SKEY_S[] = "582a6ce6b51a40b5cee0d59604a912b3";
static const char RRQ2S[] = "010207080a01000a0a010001c000020aeb2d0a5c00000002833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed9000701020102000010000000100108000000c0c1c2c3c4c5c6c7c8c9cacbcccdcecff0bf70879805370f0000000000000000201400001000a12da4242138da1c65d3b6798862cb79";
static const char SKEYP_S[] = "fded77db26513b1624efe1eb78362de8";
static const char RRP2S[] = "030007080a01000a0a010001eb2d0a5c00000002833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600002a00007ed900090102010200001000000010010000000000000e10c0c1c2c3c4c5c6c7c8c9cacbcccdcecf201400001000065b0452052d1a181ac48143991d6226";
static const char RRQ1M[] = "010207080a01000a0a010001c000020aeb2d0a5b00000001833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed9000801020102000010000000100102000000d17202d8fcc1ca890ccc3d59307f426e00000000000000000000000000000000";

struct av_text {
	const char *rand, *xres, *ck, *ik, *autn;
};

static const struct av_text AV1 = {
	"d17202d8fcc1ca890ccc3d59307f426e", "06df059fb98e5b1a",
	"537322512ba8015499d5253597c496e0", "1025456c297db221a74fc2df699f3605",
	"c2ed09cd7f6a000035a11d3a025e8336",
};
static const struct av_text AV2 = {
	"1e9eb59769a714981d476b5eb5daa5f5", "1a3a2f2b9d591732",
	"5ef10cc37372bacebcc9fbd5af4ca782", "f797da64bf2bc2575973b2194dcb6a2b",
	"dd2fd28bc6390000ff52982ae757221a",
};
static const struct av_text AV3 = {
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", "f0bf70879805370f",
	"6d756de3cbd63072ed0ce4cab294a798", "a6d79b6c9087e95099adf996e552cd99",
	"2e089b9078300000c977e1198f6447fc",
};

/* ---- the fake kernel and HLR ---- */

#define MAX_EVENTS 16

struct sent_answer {
	uint32_t cookie;
	uint8_t code;
	bool has_ans;
	struct mip4d_answer ans;
	char why[200];			/* what the outcome line says */
};

static struct {
	struct gsup_sai_req sai[MAX_EVENTS];
	unsigned int n_sai;
	struct sent_answer ans[MAX_EVENTS];
	unsigned int n_ans;
	bool link_down;			/* send_sai says -ENOTCONN */
	unsigned int resets;
} F;

static int fake_send_sai(const struct gsup_sai_req *q)
{
	if (F.link_down)
		return -ENOTCONN;
	if (F.n_sai < MAX_EVENTS)
		F.sai[F.n_sai++] = *q;
	return 0;
}

static void fake_answer(uint32_t cookie, uint8_t code,
			const struct mip4d_answer *ans, const char *nai,
			const char *coa, const char *why, uint64_t started)
{
	struct sent_answer *a;

	(void)started;
	printf("        # answer %u: code %u, %s (%s, %s)\n", cookie, code, why,
	       nai, coa);
	if (F.n_ans == MAX_EVENTS)
		return;
	a = &F.ans[F.n_ans++];
	a->cookie = cookie;
	a->code = code;
	snprintf(a->why, sizeof(a->why), "%s", why);
	a->has_ans = ans != NULL;
	if (ans)
		a->ans = *ans;
}

static void fake_reset(void)
{
	F.resets++;
}

/* §9: the user's step handed over, copied as keygen.c copies it, and
 * made into a keygen request by the code keygen.c uses.
 */
static struct {
	unsigned int n;
	uint32_t cookie;
	uint8_t rrq[MIP4_MSG_MAX];
	size_t len;
	uint32_t key_lifetime;
	bool agreement;
	int code;			/* mip4d_keygen_user()'s */
	struct mip4d_keygen kg;
} U;

static void fake_user_step(const struct mip4d_user_step *u)
{
	printf("        # user step %u: %s, agreement %d\n", u->cookie, u->nai,
	       u->agreement);
	U.n++;
	U.cookie = u->cookie;
	U.len = u->len;
	memcpy(U.rrq, u->rrq, u->len);
	U.key_lifetime = u->key_lifetime;
	U.agreement = u->agreement;
	U.code = mip4d_keygen_user(&U.kg, U.rrq, U.len, VENDOR, u);
}

static const struct mip4d_aka_ops fake_ops = {
	.send_sai = fake_send_sai,
	.answer = fake_answer,
	.hlr_reset = fake_reset,
	.user_step = fake_user_step,
};

/* The [policy] of the NAIs the test delivers. */
static enum mip4d_policy cur_policy;

static struct mip4d_aka_conf C;
static struct mip4d_aka_map test_map[2];

static void setup(void)
{
	mip4d_aka_shutdown();
	memset(&F, 0, sizeof(F));
	memset(&U, 0, sizeof(U));
	cur_policy = MIP4D_POLICY_ASK;
	memset(&C, 0, sizeof(C));
	C.enabled = true;
	C.hlr.sin_family = AF_INET;
	C.hlr.sin_port = htons(4222);
	C.hlr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	snprintf(C.gsup_name, sizeof(C.gsup_name), "mip4d-test");
	C.batch = 2;
	C.av_max_age_s = 3600;
	C.challenge_lifetime_s = 30;
	C.hlr_timeout_ms = 3000;
	C.challenges_per_minute = 6;
	C.max_resync = 1;
	C.key_lifetime_s = 3600;
	C.max_in_progress = 16;
	memset(test_map, 0, sizeof(test_map));
	memcpy(test_map[0].nai, "mn-b@example.net", 16);
	test_map[0].nai_len = 16;
	strcpy(test_map[0].imsi, "001010000000002");
	C.map = test_map;
	C.map_n = 1;
	mip4d_aka_init(&fake_ops);
	mip4d_aka_configure(&C, T0);
}

static uint8_t rrq_buf[MAX_EVENTS][MIP4_MSG_MAX];
static unsigned int rrq_next;

/* The kernel hands @rrq (@len octets) over as request @cookie at @now. */
static void deliver_bin(const uint8_t *rrq, size_t len, uint32_t cookie,
			uint64_t now)
{
	uint8_t *buf = rrq_buf[rrq_next++ % MAX_EVENTS];
	struct mip4_msg msg;
	struct mip4d_aka_req r = {
		.cookie = cookie, .rrq = buf, .len = len, .msg = &msg,
		.coa = "192.0.2.10", .now = now, .policy = cur_policy,
	};

	memcpy(buf, rrq, len);
	if (mip4_msg_parse(buf, len, VENDOR, &msg) || msg.deny_code) {
		ktap_fail(__FILE__, __LINE__, "the test's RRQ does not parse");
		return;
	}
	mip4d_aka_request(&r);
	/* The core keeps nothing of the request's buffer. */
	memset(buf, 0xa5, len);
}

static void deliver(const char *hex, uint32_t cookie, uint64_t now)
{
	uint8_t b[MIP4_MSG_MAX];
	size_t n = unhex(hex, b, sizeof(b));

	deliver_bin(b, n, cookie, now);
}

static void av_of(const struct av_text *t, struct gsup_av *av)
{
	memset(av, 0, sizeof(*av));
	unhex(t->rand, av->rand, 16);
	unhex(t->autn, av->autn, 16);
	unhex(t->ck, av->ck, 16);
	unhex(t->ik, av->ik, 16);
	av->res_len = (uint8_t)unhex(t->xres, av->res, sizeof(av->res));
}

static void hlr_result(const char *imsi, const struct av_text *a,
		       const struct av_text *b, uint64_t now)
{
	struct gsup_sai_answer ans = { .type = GSUP_SAI_RESULT };

	snprintf(ans.imsi, sizeof(ans.imsi), "%s", imsi);
	av_of(a, &ans.av[ans.n++]);
	if (b)
		av_of(b, &ans.av[ans.n++]);
	mip4d_aka_hlr_answer(&ans, now);
}

static void hlr_error(const char *imsi, uint8_t cause, uint64_t now)
{
	struct gsup_sai_answer ans = { .type = GSUP_SAI_ERROR, .cause = cause };

	snprintf(ans.imsi, sizeof(ans.imsi), "%s", imsi);
	mip4d_aka_hlr_answer(&ans, now);
}

/* The value of the CVSE that ends @rrp_hex before @tail octets (its MHAE). */
static size_t vector_cvse(const char *rrp_hex, size_t value_len, size_t tail,
			  uint8_t *out)
{
	uint8_t b[MIP4_MSG_MAX];
	size_t n = unhex(rrp_hex, b, sizeof(b));

	memcpy(out, b + n - tail - value_len, value_len);
	return value_len;
}

static unsigned int held_avs(void)
{
	unsigned int attempts, imsis, avs;

	mip4d_aka_counts(&attempts, &imsis, &avs);
	return avs;
}

static void expect_challenge(const struct sent_answer *a, const char *rrp_hex)
{
	uint8_t want[MIP4_AKA_CHALLENGE_LEN];

	vector_cvse(rrp_hex, sizeof(want), 0, want);
	EXPECT_EQ(a->code, MIP4_CODE_AUTH_FAILED);
	EXPECT(a->has_ans);
	EXPECT_EQ(a->ans.reply_ext_type, MIP4_CVSE_AKA_CHALLENGE);
	EXPECT_EQ(a->ans.reply_ext_len, MIP4_AKA_CHALLENGE_LEN);
	EXPECT_MEM(a->ans.reply_ext, want, sizeof(want));
}

/* 131 with no CVSE and no keys. */
static void expect_plain_131(const struct sent_answer *a)
{
	EXPECT_EQ(a->code, MIP4_CODE_AUTH_FAILED);
	EXPECT(!a->has_ans || !a->ans.reply_ext_len);
	EXPECT(!a->has_ans || !a->ans.key_len);
}

static void expect_accept(const struct sent_answer *a, const char *skey,
			  const char *skeyp, const char *rrp2, size_t auth_len)
{
	uint8_t k[32], kp[32], want[MIP4_AKA_RESULT_LEN];
	size_t kl = unhex(skey, k, sizeof(k));

	unhex(skeyp, kp, sizeof(kp));
	vector_cvse(rrp2, sizeof(want), MIP4_MHAE_HDR_LEN + auth_len, want);
	EXPECT_EQ(a->code, MIP4_CODE_ACCEPTED);
	EXPECT(a->has_ans);
	EXPECT_EQ(a->ans.key_len, kl);
	EXPECT_MEM(a->ans.skey, k, kl);
	EXPECT_MEM(a->ans.skey_prime, kp, kl);
	EXPECT_EQ(a->ans.key_lifetime, 3600);
	EXPECT_EQ(a->ans.reply_ext_type, MIP4_CVSE_AKA_RESULT);
	EXPECT_EQ(a->ans.reply_ext_len, MIP4_AKA_RESULT_LEN);
	EXPECT_MEM(a->ans.reply_ext, want, sizeof(want));
}

/* RRQ1, the HLR asked for m = 2, AV1 and AV2: the challenge of RRP1. */
static void start_plain(const char *rrq1, const char *rrp1)
{
	deliver(rrq1, 1, T0);
	EXPECT_EQ(F.n_ans, 0);
	EXPECT_EQ(F.n_sai, 1);
	EXPECT(!strcmp(F.sai[0].imsi, IMSI1));
	EXPECT_EQ(F.sai[0].num_vectors, 2);
	EXPECT(!F.sai[0].resync);
	hlr_result(IMSI1, &AV1, &AV2, T0);
	EXPECT_EQ(F.n_ans, 1);
	expect_challenge(&F.ans[0], rrp1);
	EXPECT_EQ(F.ans[0].cookie, 1);
	EXPECT_EQ(held_avs(), 1);
}

/* ---- §8.11, the vectors ---- */

static void test_plain(const void *arg)
{
	const int alg = *(const int *)arg;

	setup();
	start_plain(alg == 1 ? RRQ1_A1 : RRQ1_A2, alg == 1 ? RRP1_A1 : RRP1_A2);
	deliver(alg == 1 ? RRQ2_A1 : RRQ2_A2, 2, T0 + 5000);
	EXPECT_EQ(F.n_ans, 2);
	EXPECT_EQ(F.ans[1].cookie, 2);
	if (alg == 1)
		expect_accept(&F.ans[1], SKEY_A1, SKEYP_A1, RRP2_A1, 16);
	else
		expect_accept(&F.ans[1], SKEY_A2, SKEYP_A2, RRP2_A2, 32);
	EXPECT_EQ(F.n_sai, 1);
	EXPECT_EQ(mip4d_aka_stats()->accepted, 1);
	/* Used once: the same RRQ2 again finds no pending challenge. */
	deliver(alg == 1 ? RRQ2_A1 : RRQ2_A2, 3, T0 + 6000);
	EXPECT_EQ(F.n_ans, 3);
	expect_plain_131(&F.ans[2]);
}

static void test_resync(const void *arg)
{
	uint8_t auts[14], rand1[16];

	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	/* The USIM is ahead: AUTS, with RAND1. */
	deliver(RRQ1S, 2, T0);
	EXPECT_EQ(F.n_ans, 1);
	EXPECT_EQ(F.n_sai, 2);
	EXPECT(F.sai[1].resync);
	EXPECT(!strcmp(F.sai[1].imsi, IMSI1));
	unhex(AUTS, auts, sizeof(auts));
	unhex(AV1.rand, rand1, sizeof(rand1));
	EXPECT_MEM(F.sai[1].auts, auts, 14);
	EXPECT_MEM(F.sai[1].rand, rand1, 16);
	EXPECT_EQ(held_avs(), 0);	/* AV2 flushed */
	hlr_result(IMSI1, &AV3, NULL, T0);
	EXPECT_EQ(F.n_ans, 2);
	EXPECT_EQ(F.ans[1].cookie, 2);
	expect_challenge(&F.ans[1], RRP1S);
	deliver(RRQ2S, 3, T0 + 4000);
	EXPECT_EQ(F.n_ans, 3);
	expect_accept(&F.ans[2], SKEY_S, SKEYP_S, RRP2S, 16);
	/* The sync RRQ replayed after the resync: 131, no SendAuthInfo. */
	deliver(RRQ1S, 4, T0 + 5000);
	EXPECT_EQ(F.n_ans, 4);
	expect_plain_131(&F.ans[3]);
	EXPECT_EQ(F.n_sai, 2);
}

/* The new challenge keeps the first one's expiry. */
static void test_resync_keeps_expiry(const void *arg)
{
	uint8_t *v;

	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	deliver(RRQ1S, 2, T0 + 10000);
	hlr_result(IMSI1, &AV3, NULL, T0 + 10000);
	EXPECT_EQ(F.n_ans, 2);
	v = F.ans[1].ans.reply_ext;
	EXPECT_EQ(v[MIP4_AKA_CHALLENGE_LIFETIME] << 8 |
		  v[MIP4_AKA_CHALLENGE_LIFETIME + 1], 20);
	/* ... and ends with it. */
	deliver(RRQ2S, 3, T0 + 30000);
	expect_plain_131(&F.ans[2]);
}

static void test_resync_once(const void *arg)
{
	uint8_t b[MIP4_MSG_MAX];
	size_t n = unhex(RRQ1S, b, sizeof(b));

	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	deliver(RRQ1S, 2, T0);
	hlr_result(IMSI1, &AV3, NULL, T0);
	/* A sync failure on the fresh challenge (RAND3): the limit, 131. */
	unhex(AV3.rand, b + n - 32, 16);
	deliver_bin(b, n, 3, T0 + 1000);
	EXPECT_EQ(F.n_ans, 3);
	expect_plain_131(&F.ans[2]);
	EXPECT_EQ(F.n_sai, 2);
	EXPECT_EQ(mip4d_aka_stats()->resync_refused, 1);
}

static void test_resync_hlr_error(const void *arg)
{
	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	deliver(RRQ1S, 2, T0);
	hlr_error(IMSI1, 2, T0 + 3);
	EXPECT_EQ(F.n_ans, 2);
	expect_plain_131(&F.ans[1]);
	/* The pending challenge is gone. */
	deliver(RRQ2_A1, 3, T0 + 1000);
	expect_plain_131(&F.ans[2]);
}

static void test_mac_failure(const void *arg)
{
	uint8_t ck2[16];

	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	unhex(AV2.ck, ck2, sizeof(ck2));
	EXPECT(mip4d_aka_holds(ck2, 16));
	deliver(RRQ1M, 2, T0 + 1000);
	EXPECT_EQ(F.n_ans, 2);
	expect_plain_131(&F.ans[1]);
	EXPECT_EQ(held_avs(), 0);	/* FIFO flushed */
	EXPECT(!mip4d_aka_holds(ck2, 16));
	EXPECT_EQ(F.n_sai, 1);		/* nothing to the HLR */
	EXPECT_EQ(mip4d_aka_stats()->mac_failures, 1);
	/* The pending challenge is deleted. */
	deliver(RRQ2_A1, 3, T0 + 2000);
	expect_plain_131(&F.ans[2]);
}

/* ---- §8.11, the negative list ---- */

static void test_res_wrong(const void *arg)
{
	uint8_t b[MIP4_MSG_MAX];
	size_t n = unhex(RRQ2_A1, b, sizeof(b));

	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	/* RES is 8 octets before the 8 of padding and the 22 of the MHAE. */
	b[n - 22 - 16] ^= 0x01;
	deliver_bin(b, n, 2, T0 + 1000);
	EXPECT_EQ(F.n_ans, 2);
	expect_plain_131(&F.ans[1]);
	EXPECT_EQ(mip4d_aka_stats()->res_wrong, 1);
	/* The pending challenge went with it: the right RRQ2 is too late. */
	deliver(RRQ2_A1, 3, T0 + 2000);
	expect_plain_131(&F.ans[2]);
	EXPECT_EQ(mip4d_aka_stats()->accepted, 0);
}

static void test_lifetime_flipped(const void *arg)
{
	uint8_t b[MIP4_MSG_MAX];
	size_t n = unhex(RRQ2_A1, b, sizeof(b));

	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	b[3] ^= 0x01;		/* the lifetime's low octet */
	deliver_bin(b, n, 2, T0 + 1000);
	EXPECT_EQ(F.n_ans, 2);
	expect_plain_131(&F.ans[1]);
	EXPECT_EQ(mip4d_aka_stats()->mhae_wrong, 1);
	deliver(RRQ2_A1, 3, T0 + 2000);
	expect_plain_131(&F.ans[2]);
}

static void test_rand_not_pending(const void *arg)
{
	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	deliver(RRQ2S, 2, T0 + 1000);	/* RAND3 */
	EXPECT_EQ(F.n_ans, 2);
	expect_plain_131(&F.ans[1]);
	EXPECT_EQ(mip4d_aka_stats()->stale, 1);
	/* ... and the pending one stays: the right RRQ2 passes. */
	deliver(RRQ2_A1, 3, T0 + 2000);
	expect_accept(&F.ans[2], SKEY_A1, SKEYP_A1, RRP2_A1, 16);
}

static void test_after_lifetime(const void *arg)
{
	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	mip4d_aka_timer(T0 + 30000);
	deliver(RRQ2_A1, 2, T0 + 30001);
	EXPECT_EQ(F.n_ans, 2);
	expect_plain_131(&F.ans[1]);
	EXPECT_EQ(mip4d_aka_stats()->challenges_expired, 1);
}

/* Without the timer: the expiry is checked on arrival too. */
static void test_after_lifetime_no_timer(const void *arg)
{
	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	deliver(RRQ2_A1, 2, T0 + 30000);
	expect_plain_131(&F.ans[1]);
}

static void test_second_rrq1(const void *arg)
{
	uint8_t *v;

	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	deliver(RRQ1_A1, 2, T0 + 10000);
	EXPECT_EQ(F.n_ans, 2);
	EXPECT_EQ(F.n_sai, 1);
	EXPECT_EQ(held_avs(), 1);	/* no AV used */
	v = F.ans[1].ans.reply_ext;
	EXPECT_EQ(F.ans[1].code, MIP4_CODE_AUTH_FAILED);
	EXPECT_MEM(v, F.ans[0].ans.reply_ext, MIP4_AKA_CHALLENGE_LIFETIME);
	EXPECT_MEM(v + MIP4_AKA_CHALLENGE_RAND,
		   F.ans[0].ans.reply_ext + MIP4_AKA_CHALLENGE_RAND, 32);
	EXPECT_EQ(v[MIP4_AKA_CHALLENGE_LIFETIME] << 8 |
		  v[MIP4_AKA_CHALLENGE_LIFETIME + 1], 20);
	EXPECT_EQ(mip4d_aka_stats()->challenges_resent, 1);
	/* The challenge is still the one RRQ2 answers. */
	deliver(RRQ2_A1, 3, T0 + 12000);
	expect_accept(&F.ans[2], SKEY_A1, SKEYP_A1, RRP2_A1, 16);
}

/* Another H (algorithm 2): the pending challenge goes, the next AV comes. */
static void test_new_h(const void *arg)
{
	uint8_t rand2[16];

	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	deliver(RRQ1_A2, 2, T0 + 1000);
	EXPECT_EQ(F.n_ans, 2);
	EXPECT_EQ(F.n_sai, 1);
	unhex(AV2.rand, rand2, sizeof(rand2));
	EXPECT_MEM(F.ans[1].ans.reply_ext + MIP4_AKA_CHALLENGE_RAND, rand2, 16);
	EXPECT_EQ(held_avs(), 0);
	deliver(RRQ2_A1, 3, T0 + 2000);
	expect_plain_131(&F.ans[2]);
}

/* ---- the AV store, the HLR's failures ---- */

static void test_av_expiry(const void *arg)
{
	(void)arg;
	setup();
	C.av_max_age_s = 100;
	start_plain(RRQ1_A1, RRP1_A1);
	deliver(RRQ2_A1, 2, T0 + 1000);
	EXPECT_EQ(F.ans[1].code, 0);
	/* AV2 is 100 s old: wiped, and a new batch is asked for. */
	deliver(RRQ1_A1, 3, T0 + 100000);
	EXPECT_EQ(F.n_ans, 2);
	EXPECT_EQ(F.n_sai, 2);
	EXPECT_EQ(mip4d_aka_stats()->avs_expired, 1);
}

static void test_av_expiry_timer(const void *arg)
{
	uint8_t ck2[16];

	(void)arg;
	setup();
	C.av_max_age_s = 100;
	start_plain(RRQ1_A1, RRP1_A1);
	unhex(AV2.ck, ck2, sizeof(ck2));
	EXPECT_EQ(mip4d_aka_next_deadline(), T0 + 30000);
	mip4d_aka_timer(T0 + 30000);
	EXPECT_EQ(mip4d_aka_next_deadline(), T0 + 100000);
	mip4d_aka_timer(T0 + 100000);
	EXPECT_EQ(held_avs(), 0);
	EXPECT(!mip4d_aka_holds(ck2, 16));
	EXPECT_EQ(mip4d_aka_next_deadline(), 0);
}

/* A second AV of the FIFO serves the next attempt: no HLR. */
static void test_fifo_order(const void *arg)
{
	uint8_t rand2[16];

	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	deliver(RRQ2_A1, 2, T0 + 1000);
	deliver(RRQ1_A1, 3, T0 + 2000);
	EXPECT_EQ(F.n_sai, 1);
	EXPECT_EQ(F.n_ans, 3);
	unhex(AV2.rand, rand2, sizeof(rand2));
	EXPECT_MEM(F.ans[2].ans.reply_ext + MIP4_AKA_CHALLENGE_RAND, rand2, 16);
	EXPECT_EQ(held_avs(), 0);
}

static void test_rate_limit(const void *arg)
{
	(void)arg;
	setup();
	C.challenges_per_minute = 1;
	start_plain(RRQ1_A1, RRP1_A1);
	/* A new H discards the challenge; a second one within the minute
	 * is one too many.
	 */
	deliver(RRQ1_A2, 2, T0 + 1000);
	EXPECT_EQ(F.n_ans, 2);
	EXPECT_EQ(F.ans[1].code, MIP4_CODE_NO_RESOURCES);
	EXPECT(!F.ans[1].has_ans || !F.ans[1].ans.reply_ext_len);
	EXPECT_EQ(mip4d_aka_stats()->rate_limited, 1);
	EXPECT_EQ(held_avs(), 1);
	/* A minute later it may. */
	deliver(RRQ1_A2, 3, T0 + 60000);
	EXPECT_EQ(F.n_ans, 3);
	EXPECT_EQ(F.ans[2].code, MIP4_CODE_AUTH_FAILED);
	EXPECT_EQ(F.ans[2].ans.reply_ext_type, MIP4_CVSE_AKA_CHALLENGE);
}

/* An RRQ1 of @nai, algorithm 1, no MHAE. */
static size_t build_rrq1(const char *nai, uint8_t *buf, size_t size)
{
	uint8_t v[MIP4_AKA_START_LEN] = { 0 };
	struct mip4_cvse_h h = {
		.version = 1, .method = 2, .algorithm = 1, .replay = 2,
		.spi_s = 0x1000, .spi_d = 0x1001,
	};
	struct mip4_msg_spec s = {
		.type = MIP4_TYPE_RRQ, .flags = 0x02, .lifetime = 1800,
		.home_addr = ip("10.1.0.10"), .ha_addr = ip("10.1.0.1"),
		.coa = ip("192.0.2.10"), .id = 0xeb2d0a5a00000001ull,
		.nai = (const uint8_t *)nai, .nai_len = (uint8_t)strlen(nai),
		.cvse_type = MIP4_CVSE_AKA_START, .cvse_value = v,
		.cvse_len = sizeof(v), .vendor_id = VENDOR,
	};
	int n;

	mip4_cvse_h_put(v, &h);
	n = mip4_msg_build(buf, size, &s);
	return n > 0 ? (size_t)n : 0;
}

static void test_in_progress_bound(const void *arg)
{
	uint8_t b[MIP4_MSG_MAX];
	size_t n;

	(void)arg;
	setup();
	C.max_in_progress = 1;
	deliver(RRQ1_A1, 1, T0);
	EXPECT_EQ(F.n_sai, 1);
	n = build_rrq1("mn-b@example.net", b, sizeof(b));
	EXPECT(n > 0);
	deliver_bin(b, n, 2, T0 + 1);
	EXPECT_EQ(F.n_ans, 1);
	EXPECT_EQ(F.ans[0].cookie, 2);
	EXPECT_EQ(F.ans[0].code, MIP4_CODE_NO_RESOURCES);
	EXPECT_EQ(F.n_sai, 1);
	EXPECT_EQ(mip4d_aka_stats()->no_room, 1);
}

/* Two NAIs of one IMSI: one SendAuthInfo, both served from its batch. */
static void test_one_sai_per_imsi(const void *arg)
{
	uint8_t b[MIP4_MSG_MAX];
	size_t n;

	(void)arg;
	setup();
	strcpy(test_map[0].imsi, IMSI1);
	mip4d_aka_configure(&C, T0);
	deliver(RRQ1_A1, 1, T0);
	n = build_rrq1("mn-b@example.net", b, sizeof(b));
	deliver_bin(b, n, 2, T0 + 1);
	EXPECT_EQ(F.n_sai, 1);
	EXPECT_EQ(F.n_ans, 0);
	hlr_result(IMSI1, &AV1, &AV2, T0 + 5);
	EXPECT_EQ(F.n_ans, 2);
	EXPECT_EQ(F.ans[0].cookie, 1);	/* first come, AV1 */
	expect_challenge(&F.ans[0], RRP1_A1);
	EXPECT_EQ(F.ans[1].cookie, 2);
	EXPECT_EQ(F.ans[1].code, MIP4_CODE_AUTH_FAILED);
	EXPECT_EQ(F.ans[1].ans.reply_ext_type, MIP4_CVSE_AKA_CHALLENGE);
	EXPECT_EQ(F.n_sai, 1);
}

static void test_hlr_error(const void *arg)
{
	(void)arg;
	setup();
	deliver(RRQ1_A1, 1, T0);
	hlr_error(IMSI1, 2, T0 + 2);
	EXPECT_EQ(F.n_ans, 1);
	expect_plain_131(&F.ans[0]);
	EXPECT_EQ(mip4d_aka_stats()->hlr_errors, 1);
}

static void test_hlr_timeout(const void *arg)
{
	(void)arg;
	setup();
	deliver(RRQ1_A1, 1, T0);
	EXPECT_EQ(mip4d_aka_next_deadline(), T0 + 3000);
	mip4d_aka_timer(T0 + 2999);
	EXPECT_EQ(F.n_ans, 0);
	mip4d_aka_timer(T0 + 3000);
	EXPECT_EQ(F.n_ans, 1);
	EXPECT_EQ(F.ans[0].code, MIP4_CODE_NO_AAA);
	EXPECT_EQ(F.resets, 1);
	/* A late answer is not taken for anyone's. */
	hlr_result(IMSI1, &AV1, &AV2, T0 + 3500);
	EXPECT_EQ(F.n_ans, 1);
	EXPECT_EQ(held_avs(), 0);
}

static void test_hlr_link_lost(const void *arg)
{
	(void)arg;
	setup();
	deliver(RRQ1_A1, 1, T0);
	mip4d_aka_hlr_down(T0 + 10);
	EXPECT_EQ(F.n_ans, 1);
	EXPECT_EQ(F.ans[0].code, MIP4_CODE_NO_AAA);
	EXPECT_EQ(mip4d_aka_stats()->hlr_link_lost, 1);
}

/* No link yet: the request waits for it (within hlr_timeout). */
static void test_hlr_queued(const void *arg)
{
	(void)arg;
	setup();
	F.link_down = true;
	deliver(RRQ1_A1, 1, T0);
	EXPECT_EQ(F.n_sai, 0);
	EXPECT_EQ(F.n_ans, 0);
	F.link_down = false;
	mip4d_aka_hlr_up(T0 + 500);
	EXPECT_EQ(F.n_sai, 1);
	hlr_result(IMSI1, &AV1, &AV2, T0 + 600);
	EXPECT_EQ(F.n_ans, 1);
	EXPECT_EQ(F.ans[0].code, MIP4_CODE_AUTH_FAILED);
	/* ... and with no link at all, 128 at the deadline. */
	setup();
	F.link_down = true;
	deliver(RRQ1_A1, 1, T0);
	mip4d_aka_timer(T0 + 3000);
	EXPECT_EQ(F.n_ans, 1);
	EXPECT_EQ(F.ans[0].code, MIP4_CODE_NO_AAA);
	EXPECT_EQ(F.resets, 0);
}

static void test_no_imsi(const void *arg)
{
	uint8_t b[MIP4_MSG_MAX];
	size_t n = build_rrq1("mn-alice@example.net", b, sizeof(b));

	(void)arg;
	setup();
	deliver_bin(b, n, 1, T0);
	EXPECT_EQ(F.n_ans, 1);
	expect_plain_131(&F.ans[0]);
	EXPECT_EQ(F.n_sai, 0);
	EXPECT_EQ(mip4d_aka_stats()->no_imsi, 1);
}

static void test_wipe(const void *arg)
{
	uint8_t ck[16], ik[16], xres[8];

	(void)arg;
	setup();
	unhex(AV1.ck, ck, 16);
	unhex(AV1.ik, ik, 16);
	unhex(AV1.xres, xres, 8);
	start_plain(RRQ1_A1, RRP1_A1);
	EXPECT(mip4d_aka_holds(ck, 16));	/* the pending challenge's */
	EXPECT(mip4d_aka_holds(ik, 16));
	EXPECT(mip4d_aka_holds(xres, 8));
	deliver(RRQ2_A1, 2, T0 + 1000);
	EXPECT_EQ(F.ans[1].code, 0);
	EXPECT(!mip4d_aka_holds(ck, 16));
	EXPECT(!mip4d_aka_holds(ik, 16));
	EXPECT(!mip4d_aka_holds(xres, 8));
	/* A failed attempt wipes too. */
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	mip4d_aka_timer(T0 + 30000);
	EXPECT(!mip4d_aka_holds(ck, 16));
	EXPECT(!mip4d_aka_holds(xres, 8));
}

/* ---- NAI -> IMSI, reload ---- */

static void test_nai_imsi(const void *arg)
{
	char imsi[16];

	(void)arg;
	setup();
	EXPECT(mip4d_aka_imsi(&C, (const uint8_t *)"mn-b@example.net", 16, imsi));
	EXPECT(!strcmp(imsi, "001010000000002"));
	EXPECT(mip4d_aka_imsi(&C, (const uint8_t *)NAI1, strlen(NAI1), imsi));
	EXPECT(!strcmp(imsi, IMSI1));
	EXPECT(mip4d_aka_imsi(&C, (const uint8_t *)"0" NAI1, strlen(NAI1) + 1,
			      imsi));
	EXPECT(!strcmp(imsi, IMSI1));
	EXPECT(!mip4d_aka_imsi(&C, (const uint8_t *)"mn-b@example.ne", 15, imsi));
	/* The table wins over the rule. */
	memcpy(test_map[1].nai, NAI1, strlen(NAI1));
	test_map[1].nai_len = strlen(NAI1);
	strcpy(test_map[1].imsi, "999990000000009");
	C.map_n = 2;
	EXPECT(mip4d_aka_imsi(&C, (const uint8_t *)NAI1, strlen(NAI1), imsi));
	EXPECT(!strcmp(imsi, "999990000000009"));
}

static void test_reload_flush(const void *arg)
{
	static struct mip4d_aka_conf c2;

	(void)arg;
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	/* An unchanged configuration keeps everything. */
	c2 = C;
	mip4d_aka_configure(&c2, T0 + 1);
	EXPECT_EQ(held_avs(), 1);
	/* Another gsup_name: another IND slot, the AVs are of no use. */
	snprintf(c2.gsup_name, sizeof(c2.gsup_name), "mip4d-other");
	mip4d_aka_configure(&c2, T0 + 2);
	EXPECT_EQ(held_avs(), 0);
	/* A mapping that now names IMSI1: its AVs and its NAI's challenge go. */
	setup();
	start_plain(RRQ1_A1, RRP1_A1);
	c2 = C;
	c2.map_n = 0;
	mip4d_aka_configure(&c2, T0 + 1);
	EXPECT_EQ(held_avs(), 1);	/* IMSI 2's entry went: not ours */
	strcpy(test_map[0].imsi, IMSI1);
	c2.map_n = 1;
	mip4d_aka_configure(&c2, T0 + 2);
	EXPECT_EQ(held_avs(), 0);
}

/* ---- [aka] in the configuration file ---- */

static int conf_from(const char *text, struct mip4d_conf *c,
		     struct mip4_conf_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	memset(err, 0, sizeof(*err));
	r = mip4d_conf_read(f, NULL, c, err);
	fclose(f);
	return r;
}

static void test_conf(const void *arg)
{
	static struct mip4d_conf c;
	struct mip4_conf_error err;

	(void)arg;
	EXPECT_EQ(conf_from("[aka]\nhlr = 10.9.0.7\n", &c, &err), 0);
	EXPECT(c.aka.enabled);
	EXPECT_EQ(c.aka.hlr.sin_addr.s_addr, ip("10.9.0.7"));
	EXPECT_EQ(ntohs(c.aka.hlr.sin_port), 4222);
	EXPECT_EQ(c.aka.batch, 2);
	EXPECT_EQ(c.aka.av_max_age_s, 3600);
	EXPECT_EQ(c.aka.challenge_lifetime_s, 30);
	EXPECT_EQ(c.aka.hlr_timeout_ms, 3000);
	EXPECT_EQ(c.aka.challenges_per_minute, 6);
	EXPECT_EQ(c.aka.max_resync, 1);
	EXPECT_EQ(c.aka.key_lifetime_s, 3600);
	EXPECT_EQ(c.aka.max_in_progress, 1024);
	EXPECT(!strncmp(c.aka.gsup_name, "mip4d-", 6));
	EXPECT_EQ(c.aaa.n, 0);	/* AKA alone is a configuration */

	static const char full[] =
		"[aka]\nhlr = 127.0.0.1:4333\ngsup_name = ha-east-1\n"
		"batch = 5\nav_max_age = 0\nchallenge_lifetime = 20\n"
		"hlr_timeout_ms = 2000\nchallenges_per_minute = 3\n"
		"max_resync = 2\nkey_lifetime = 7200\nmax_in_progress = 10\n"
		"map = dev1@corp.example 001010000000007\n"
		"map = dev2@corp.example   001010000000008\n";
	int r = conf_from(full, &c, &err);

	EXPECT_EQ(r, 0);
	EXPECT_EQ(ntohs(c.aka.hlr.sin_port), 4333);
	EXPECT(!strcmp(c.aka.gsup_name, "ha-east-1"));
	EXPECT_EQ(c.aka.batch, 5);
	EXPECT_EQ(c.aka.av_max_age_s, 0);
	EXPECT_EQ(c.aka.challenge_lifetime_s, 20);
	EXPECT_EQ(c.aka.hlr_timeout_ms, 2000);
	EXPECT_EQ(c.aka.challenges_per_minute, 3);
	EXPECT_EQ(c.aka.max_resync, 2);
	EXPECT_EQ(c.aka.key_lifetime_s, 7200);
	EXPECT_EQ(c.aka.max_in_progress, 10);
	EXPECT_EQ(c.aka.map_n, 2);
	EXPECT(c.aka.map && c.aka.map[1].nai_len == 17 &&
	       !memcmp(c.aka.map[1].nai, "dev2@corp.example", 17) &&
	       !strcmp(c.aka.map[1].imsi, "001010000000008"));
	free(c.aka.map);

	EXPECT_EQ(conf_from("[aka]\nbatch = 6\n", &c, &err), -EINVAL);
	EXPECT_EQ(err.line, 2);
	EXPECT(strstr(err.msg, "batch"));
	EXPECT_EQ(conf_from("[aka]\nbatch = 0\n", &c, &err), -EINVAL);
	EXPECT_EQ(conf_from("[aka]\ngsup_name = two words\n", &c, &err), -EINVAL);
	EXPECT_EQ(conf_from("[aka]\nhlr = localhost\n", &c, &err), -EINVAL);
	EXPECT_EQ(conf_from("[aka]\nmap = dev1@corp.example\n", &c, &err), -EINVAL);
	EXPECT_EQ(conf_from("[aka]\nmap = dev1@corp.example 0010a\n", &c, &err), -EINVAL);
	EXPECT_EQ(conf_from("[aka]\nmap = d@x 001010000000007\nmap = d@x 001010000000008\n",
			    &c, &err), -EINVAL);
	EXPECT(strstr(err.msg, "twice"));
	EXPECT_EQ(conf_from("[aka]\nchallenges_per_minute = 61\n", &c, &err), -EINVAL);
	EXPECT_EQ(conf_from("[aka]\nhlr_timeout = 3\n", &c, &err), -EINVAL);
	EXPECT(strstr(err.msg, "unknown setting"));
	/* Neither method: nobody to ask. */
	EXPECT_EQ(conf_from("log_level = info\n", &c, &err), -EINVAL);
}

/* ---- §9: multiple authentications (protocol.md §9.6) ---- */

static const char M_RRQ1[] = "010207080a01000a0a010001c000020aeb2d0a5a00000001833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600001600007ed9000501020102000010000000100101000000";
static const char M_RRP1[] = "038300000a01000a0a010001eb2d0a5a00000001833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed900060102010200001000000010010100001ed17202d8fcc1ca890ccc3d59307f426ec2ed09cd7f6a000035a11d3a025e8336";
static const char M_RRQ2[] = "010207080a01000a0a010001c000020aeb2d0a5c00000002833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600003600007ed9000701020102000010000000100108000000d17202d8fcc1ca890ccc3d59307f426e06df059fb98e5b1a00000000000000002600004600007ed9000a01011400101112131415161718191a1b1c1d1e1ff9055fd81d1530d940133c6205d01e70deb4a8e532beff266d6e2d616c696365406578616d706c652e6e65742014000010006d68ee12dc09ab6c88060a29e2bae2b0";
static const char M_RRP2[] = "030007080a01000a0a010001eb2d0a5c00000002833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72672600002a00007ed900090102010200001000000010010200000000000e10d17202d8fcc1ca890ccc3d59307f426e2600003200007ed9000b0101000000000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf6e7c4707ad90f10cf710bf551900e9fd12e41449201400001000825fe79448a346b8076ce8c6014c49f9";
static const char M_K_AKA[] = "2d8bd45110bb162370a6124573b441b0";
static const char M_SKEY[] = "747fd0fd8aebd55944b4db5b5610af09";
static const char M_SKEYP[] = "7ae4187e21a70d5ae022927a065149cc";
static const char M_NONCE[] = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
static const char M_USER[] = "mn-alice@example.net";
#define M_SECRET	COMPANY_SECRET
/* In the §9.6 RRQ2: fixed part and NAI, AKA_RESPONSE, USER_AUTH, MHAE. */
#define M_OFF_AKA	75
#define M_OFF_USER	133
#define M_OFF_MHAE	207

/* §9.2 step 3: RRQ3 = the RRQ2's fixed part (Identification @id) and
 * NAI, USER_AUTH alone, MHAE with K_aka (@bad: one bit of it flipped).
 */
static size_t build_rrq3(uint8_t *out, uint64_t id, bool bad)
{
	uint8_t b[MIP4_MSG_MAX], k[16];
	size_t n;

	unhex(M_RRQ2, b, sizeof(b));
	unhex(M_K_AKA, k, sizeof(k));
	memcpy(out, b, M_OFF_AKA);
	memcpy(out + M_OFF_AKA, b + M_OFF_USER, M_OFF_MHAE - M_OFF_USER);
	n = M_OFF_AKA + M_OFF_MHAE - M_OFF_USER;
	memcpy(out + n, b + M_OFF_MHAE, 6);	/* 20 14 00001000 */
	memset(out + n + 6, 0, 16);
	n += 22;
	put_unaligned_be32((uint32_t)(id >> 32), out + 16);
	put_unaligned_be32((uint32_t)id, out + 20);
	EXPECT_EQ(mip4_mhae_sign(out, n, MIP4_ALG_HMAC_MD5, k, 16), 0);
	if (bad)
		out[n - 1] ^= 1;
	return n;
}

/* The fake company server: the Access-Request of U.kg, checked, and its
 * answer @code (Accept with the §9.6 MPPE keys, S=..., Session-Timeout
 * @timeout; or Reject) made into mip4d's answer with the HA-nonce of §9.6.
 */
static void radius_round(uint8_t code, uint32_t timeout, uint32_t cap,
			 struct mip4d_answer *ans)
{
	uint8_t req[MIP4D_PKT_MAX], pkt[RADIUS_MAX_LEN], auth[16], nonce[16];
	struct mip4d_nas nas = { .ip = htonl(0x0a010001), .identifier = "ha1" };
	struct radius_sent sent;
	size_t len = 0, plen = 0, i;
	bool user_name = false;

	memset(auth, 0x42, sizeof(auth));
	EXPECT_EQ(mip4d_access_request(&U.kg, &nas, 7, auth, M_SECRET,
				       strlen(M_SECRET), req, sizeof(req),
				       &len, &sent), RADIUS_OK);
	/* User-Name = the user NAI; neither the device NAI nor its IMSI
	 * anywhere toward the company.
	 */
	for (i = 20; i + 2 <= len && req[i + 1] >= 2; i += req[i + 1])
		if (req[i] == RADIUS_USER_NAME) {
			user_name = true;
			EXPECT_EQ(req[i + 1] - 2, strlen(M_USER));
			EXPECT_MEM(req + i + 2, M_USER, strlen(M_USER));
		}
	EXPECT(user_name);
	EXPECT(!memmem(req, len, IMSI1, strlen(IMSI1)));
	EXPECT(!memmem(req, len, "ims.mnc001", 10));

	plen = company_answer_build(pkt, sizeof(pkt), code, &sent, timeout);
	EXPECT(plen > 0);
	unhex(M_NONCE, nonce, 16);
	memset(ans, 0x5a, sizeof(*ans));
	EXPECT_EQ(mip4d_answer_from_reply(&U.kg, pkt, plen, &sent, M_SECRET,
					  strlen(M_SECRET), true, nonce, cap,
					  ans), RADIUS_OK);
}

/* 131 (or @code) authenticated with K_aka: reply-key, no keys. */
static void expect_kaka_denial(const struct mip4d_answer *ans, uint8_t code)
{
	uint8_t k[16];

	unhex(M_K_AKA, k, 16);
	EXPECT_EQ(ans->code, code);
	EXPECT_EQ(ans->reply_key_len, 16);
	EXPECT_MEM(ans->reply_key, k, 16);
	EXPECT_EQ(ans->key_len, 0);
	EXPECT_EQ(ans->reply_ext_len, 0);
	EXPECT_EQ(ans->reply_user_ext_len, 0);
	EXPECT_EQ(ans->user_nai_len, 0);
}

/* RRQ1 of §9.6 (AUTH_FOLLOWS) under @policy: the challenge of RRP1. */
static void multi_start(enum mip4d_policy policy)
{
	setup();
	cur_policy = policy;
	deliver(M_RRQ1, 1, T0);
	hlr_result(IMSI1, &AV1, &AV2, T0);
	EXPECT_EQ(F.n_ans, 1);
}

/* §9.6: the two round trips, mip4d's answer byte for byte. */
static void test_multi_vector(const void *arg)
{
	uint8_t skey[16], skeyp[16], aka_result[MIP4_AKA_RESULT_LEN],
		user_result[MIP4_USER_RESULT_LEN];
	struct mip4d_answer ans;

	(void)arg;
	multi_start(MIP4D_POLICY_BOTH);
	/* USER_AUTH_REQUIRED in RRP1's challenge: RRP1 of §9.6. */
	expect_challenge(&F.ans[0], M_RRP1);
	deliver(M_RRQ2, 2, T0 + 2000);
	/* Device authenticated: handed to the user's step, nothing said. */
	EXPECT_EQ(F.n_ans, 1);
	EXPECT_EQ(U.n, 1);
	EXPECT_EQ(U.cookie, 2);
	EXPECT(!U.agreement);
	EXPECT_EQ(U.code, 0);
	EXPECT_EQ(U.key_lifetime, 3600);
	radius_round(RADIUS_ACCESS_ACCEPT, 3600, 3600, &ans);
	unhex(M_SKEY, skey, 16);
	unhex(M_SKEYP, skeyp, 16);
	vector_cvse(M_RRP2, sizeof(aka_result), 22 + 10 + MIP4_USER_RESULT_LEN,
		    aka_result);
	vector_cvse(M_RRP2, sizeof(user_result), 22, user_result);
	EXPECT_EQ(ans.code, 0);
	EXPECT_EQ(ans.key_len, 16);
	EXPECT_MEM(ans.skey, skey, 16);
	EXPECT_MEM(ans.skey_prime, skeyp, 16);
	EXPECT_EQ(ans.key_lifetime, 3600);
	EXPECT_EQ(ans.reply_ext_type, MIP4_CVSE_AKA_RESULT);
	EXPECT_EQ(ans.reply_ext_len, MIP4_AKA_RESULT_LEN);
	EXPECT_MEM(ans.reply_ext, aka_result, sizeof(aka_result));
	EXPECT_EQ(ans.reply_user_ext_len, MIP4_USER_RESULT_LEN);
	EXPECT_MEM(ans.reply_user_ext, user_result, sizeof(user_result));
	EXPECT_EQ(ans.user_nai_len, strlen(M_USER));
	EXPECT_MEM(ans.user_nai, M_USER, strlen(M_USER));
	EXPECT(!ans.has_agreement_h);	/* RRQ2 has its H */
	EXPECT_EQ(ans.reply_key_len, 0);
	/* The core keeps no K_aka, CK or IK once handed over. */
	EXPECT(!mip4d_aka_holds(U.kg.k_aka, 16));
	unhex(AV1.ck, skey, 16);
	EXPECT(!mip4d_aka_holds(skey, 16));
	mip4d_answer_wipe(&ans);

	/* Key lifetime: min(AKA key lifetime / HA max, Session-Timeout). */
	radius_round(RADIUS_ACCESS_ACCEPT, 600, 3600, &ans);
	EXPECT_EQ(ans.code, 0);
	EXPECT_EQ(ans.key_lifetime, 600);
	radius_round(RADIUS_ACCESS_ACCEPT, 0, 1800, &ans);
	EXPECT_EQ(ans.key_lifetime, 1800);
	radius_round(RADIUS_ACCESS_ACCEPT, 7200, 1800, &ans);
	EXPECT_EQ(ans.key_lifetime, 1800);
}

/* Access-Reject -> 131 with reply-key K_aka; no keys, no CVSE. */
static void test_multi_reject(const void *arg)
{
	struct mip4d_answer ans;

	(void)arg;
	multi_start(MIP4D_POLICY_BOTH);
	deliver(M_RRQ2, 2, T0 + 2000);
	EXPECT_EQ(U.n, 1);
	radius_round(RADIUS_ACCESS_REJECT, 0, 3600, &ans);
	expect_kaka_denial(&ans, MIP4_CODE_AUTH_FAILED);
	EXPECT(ans.rejected);
	/* No RADIUS answer: keygen.c's denial, 128 with reply-key. */
	memset(&ans, 0x5a, sizeof(ans));
	mip4d_user_denial(&U.kg, MIP4_CODE_NO_AAA, &ans);
	expect_kaka_denial(&ans, MIP4_CODE_NO_AAA);
	EXPECT(!ans.has_agreement_h);
}

/* No policy line: what the request asks (USER_AUTH: the user's step;
 * no flag in the challenge); policy aka: USER_AUTH ignored.
 */
static void test_multi_policy_core(const void *arg)
{
	uint8_t want[MIP4_AKA_CHALLENGE_LEN];

	(void)arg;
	multi_start(MIP4D_POLICY_ASK);
	vector_cvse(M_RRP1, sizeof(want), 0, want);
	EXPECT_EQ(F.ans[0].ans.reply_ext[MIP4_AKA_CHALLENGE_FLAGS], 0);
	EXPECT_MEM(F.ans[0].ans.reply_ext + 14, want + 14, sizeof(want) - 14);
	deliver(M_RRQ2, 2, T0 + 2000);
	EXPECT_EQ(U.n, 1);
	EXPECT_EQ(F.n_ans, 1);

	multi_start(MIP4D_POLICY_AKA);
	EXPECT_EQ(F.ans[0].ans.reply_ext[MIP4_AKA_CHALLENGE_FLAGS], 0);
	deliver(M_RRQ2, 2, T0 + 2000);
	EXPECT_EQ(U.n, 0);
	EXPECT_EQ(F.n_ans, 2);
	EXPECT_EQ(F.ans[1].code, 0);
	EXPECT_EQ(F.ans[1].ans.reply_ext_type, MIP4_CVSE_AKA_RESULT);
	EXPECT_EQ(F.ans[1].ans.reply_ext[MIP4_AKA_RESULT_FLAGS], 0);
	EXPECT_EQ(F.ans[1].ans.reply_user_ext_len, 0);
	EXPECT_EQ(F.ans[1].ans.user_nai_len, 0);

	/* The refusals of akad.c and keygen.c: 129. */
	EXPECT_EQ(mip4d_policy_refuses(MIP4D_POLICY_AKA, MIP4_CVSE_KEYGEN_REQ, 0),
		  MIP4_CODE_PROHIBITED);
	EXPECT_EQ(mip4d_policy_refuses(MIP4D_POLICY_BOTH, MIP4_CVSE_KEYGEN_REQ, 0),
		  MIP4_CODE_PROHIBITED);
	EXPECT_EQ(mip4d_policy_refuses(MIP4D_POLICY_MSCHAPV2, MIP4_CVSE_KEYGEN_REQ, 0), 0);
	EXPECT_EQ(mip4d_policy_refuses(MIP4D_POLICY_ASK, MIP4_CVSE_KEYGEN_REQ, 0), 0);
	EXPECT_EQ(mip4d_policy_refuses(MIP4D_POLICY_MSCHAPV2, MIP4_CVSE_AKA_START, 0),
		  MIP4_CODE_PROHIBITED);
	EXPECT_EQ(mip4d_policy_refuses(MIP4D_POLICY_MSCHAPV2, MIP4_CVSE_AKA_RESPONSE,
				       MIP4_CVSE_USER_AUTH), MIP4_CODE_PROHIBITED);
	EXPECT_EQ(mip4d_policy_refuses(MIP4D_POLICY_MSCHAPV2, 0, MIP4_CVSE_USER_AUTH),
		  MIP4_CODE_PROHIBITED);
	EXPECT_EQ(mip4d_policy_refuses(MIP4D_POLICY_BOTH, MIP4_CVSE_AKA_START, 0), 0);
	EXPECT_EQ(mip4d_policy_refuses(MIP4D_POLICY_AKA, MIP4_CVSE_AKA_START, 0), 0);
}

/* Device first: a wrong RES or a wrong MHAE, and no user step at all. */
static void test_multi_device_first(const void *arg)
{
	uint8_t b[MIP4_MSG_MAX];
	size_t n;

	(void)arg;
	multi_start(MIP4D_POLICY_BOTH);
	n = unhex(M_RRQ2, b, sizeof(b));
	b[M_OFF_AKA + 10 + 32] ^= 1;		/* RES */
	deliver_bin(b, n, 2, T0 + 2000);
	EXPECT_EQ(U.n, 0);
	EXPECT_EQ(F.n_ans, 2);
	expect_plain_131(&F.ans[1]);

	multi_start(MIP4D_POLICY_BOTH);
	n = unhex(M_RRQ2, b, sizeof(b));
	b[M_OFF_USER + 10 + 4] ^= 1;		/* AuthenticatorChallenge */
	deliver_bin(b, n, 2, T0 + 2000);
	EXPECT_EQ(U.n, 0);
	EXPECT_EQ(F.n_ans, 2);
	expect_plain_131(&F.ans[1]);
	EXPECT(!F.ans[1].has_ans || !F.ans[1].ans.reply_key_len);
}

/* Three round trips: RRQ2 without USER_AUTH -> an authenticated
 * "continue"; RRQ3 = USER_AUTH alone, once, within the lifetime.
 */
static void test_multi_three_trips(const void *arg)
{
	uint8_t want[MIP4_AKA_RESULT_LEN], k[16], rrq3[MIP4_MSG_MAX],
		h[MIP4_CVSE_H_LEN];
	struct mip4d_answer ans;
	size_t n;

	(void)arg;
	unhex(M_K_AKA, k, 16);
	multi_start(MIP4D_POLICY_BOTH);
	/* §8's RRQ2: AKA_RESPONSE and K_aka's MHAE, no USER_AUTH. */
	deliver(RRQ2_A1, 2, T0 + 2000);
	EXPECT_EQ(U.n, 0);
	EXPECT_EQ(F.n_ans, 2);
	EXPECT_EQ(F.ans[1].code, MIP4_CODE_AUTH_FAILED);
	EXPECT(F.ans[1].has_ans);
	EXPECT_EQ(F.ans[1].ans.key_len, 0);
	EXPECT_EQ(F.ans[1].ans.reply_ext_type, MIP4_CVSE_AKA_RESULT);
	EXPECT_EQ(F.ans[1].ans.reply_ext_len, MIP4_AKA_RESULT_LEN);
	/* H echo, flags USER_AUTH_REQUIRED, lifetime 0, RAND */
	vector_cvse(RRP2_A1, sizeof(want), 22, want);
	want[MIP4_AKA_RESULT_FLAGS] = MIP4_AKA_FLAG_USER_AUTH_REQUIRED;
	memset(want + MIP4_AKA_RESULT_LIFETIME, 0, 4);
	EXPECT_MEM(F.ans[1].ans.reply_ext, want, sizeof(want));
	EXPECT_EQ(F.ans[1].ans.reply_key_len, 16);
	EXPECT_MEM(F.ans[1].ans.reply_key, k, 16);
	EXPECT(!strcmp(F.ans[1].why, "AKA: device authenticated, user authentication required, lifetime 30 s"));
	memcpy(h, want, sizeof(h));

	/* RRQ3 with a wrong MHAE: no user step, and the state is gone. */
	n = build_rrq3(rrq3, 0xeb2d0a5d00000003ull, true);
	deliver_bin(rrq3, n, 3, T0 + 3000);
	EXPECT_EQ(U.n, 0);
	expect_plain_131(&F.ans[2]);
	EXPECT(!strcmp(F.ans[2].why, "AKA: MHAE invalid on the user authentication, device state deleted (1 failures)"));
	n = build_rrq3(rrq3, 0xeb2d0a5d00000004ull, false);
	deliver_bin(rrq3, n, 4, T0 + 3500);
	EXPECT_EQ(U.n, 0);
	expect_plain_131(&F.ans[3]);
	EXPECT(!strcmp(F.ans[3].why, "user authentication with no device authenticated (stale or unknown)"));

	/* Again, right: the user's step with agreement-h. */
	multi_start(MIP4D_POLICY_BOTH);
	deliver(RRQ2_A1, 2, T0 + 2000);
	EXPECT_EQ(F.ans[1].ans.reply_key_len, 16);
	n = build_rrq3(rrq3, 0xeb2d0a5d00000003ull, false);
	deliver_bin(rrq3, n, 3, T0 + 5000);
	EXPECT_EQ(U.n, 1);
	EXPECT_EQ(U.cookie, 3);
	EXPECT(U.agreement);
	EXPECT_EQ(U.code, 0);
	EXPECT_EQ(F.n_ans, 2);
	EXPECT(!mip4d_aka_holds(k, 16));	/* single use, wiped */
	radius_round(RADIUS_ACCESS_ACCEPT, 3600, 3600, &ans);
	EXPECT_EQ(ans.code, 0);
	EXPECT_EQ(ans.key_len, 16);
	EXPECT(ans.has_agreement_h);
	EXPECT_MEM(ans.agreement_h, h, sizeof(h));
	EXPECT_EQ(ans.reply_ext[MIP4_AKA_RESULT_FLAGS],
		  MIP4_AKA_FLAG_USER_AUTH_DONE);
	EXPECT_EQ(ans.reply_user_ext_len, MIP4_USER_RESULT_LEN);
	radius_round(RADIUS_ACCESS_REJECT, 0, 3600, &ans);
	expect_kaka_denial(&ans, MIP4_CODE_AUTH_FAILED);
	EXPECT(ans.has_agreement_h);
	EXPECT_MEM(ans.agreement_h, h, sizeof(h));
	/* Single use: the same RRQ3 again finds nothing. */
	deliver_bin(rrq3, n, 4, T0 + 6000);
	EXPECT_EQ(U.n, 1);
	expect_plain_131(&F.ans[2]);

	/* The pending state expires with the challenge lifetime. */
	multi_start(MIP4D_POLICY_BOTH);
	deliver(RRQ2_A1, 2, T0 + 2000);
	EXPECT(mip4d_aka_holds(k, 16));
	EXPECT_EQ(mip4d_aka_next_deadline(), T0 + 2000 + 30000);
	mip4d_aka_timer(T0 + 2000 + 30000);
	EXPECT(!mip4d_aka_holds(k, 16));
	deliver_bin(rrq3, n, 3, T0 + 2000 + 30001);
	EXPECT_EQ(U.n, 0);
	expect_plain_131(&F.ans[2]);
	/* ... even with no timer run. */
	multi_start(MIP4D_POLICY_BOTH);
	deliver(RRQ2_A1, 2, T0 + 2000);
	deliver_bin(rrq3, n, 3, T0 + 2000 + 30000);
	EXPECT_EQ(U.n, 0);
	expect_plain_131(&F.ans[2]);
}

static const int alg1 = 1, alg2 = 2;

static const struct ktap_case vector_cases[] = {
	{ "plain_hmac_md5", test_plain, &alg1 },
	{ "plain_hmac_sha256", test_plain, &alg2 },
	{ "resync", test_resync, NULL },
	{ "resync_keeps_expiry", test_resync_keeps_expiry, NULL },
	{ "resync_once", test_resync_once, NULL },
	{ "resync_hlr_error", test_resync_hlr_error, NULL },
	{ "mac_failure", test_mac_failure, NULL },
};

static const struct ktap_case negative_cases[] = {
	{ "res_one_bit", test_res_wrong, NULL },
	{ "lifetime_bit_mhae", test_lifetime_flipped, NULL },
	{ "rand_not_pending", test_rand_not_pending, NULL },
	{ "after_challenge_lifetime", test_after_lifetime, NULL },
	{ "after_challenge_lifetime_no_timer", test_after_lifetime_no_timer, NULL },
	{ "second_rrq1_same_challenge", test_second_rrq1, NULL },
	{ "new_h_new_challenge", test_new_h, NULL },
};

static const struct ktap_case store_cases[] = {
	{ "av_expiry", test_av_expiry, NULL },
	{ "av_expiry_timer", test_av_expiry_timer, NULL },
	{ "fifo_order", test_fifo_order, NULL },
	{ "rate_limit_130", test_rate_limit, NULL },
	{ "in_progress_bound_130", test_in_progress_bound, NULL },
	{ "one_sai_per_imsi", test_one_sai_per_imsi, NULL },
	{ "hlr_error_131", test_hlr_error, NULL },
	{ "hlr_timeout_128", test_hlr_timeout, NULL },
	{ "hlr_link_lost_128", test_hlr_link_lost, NULL },
	{ "hlr_queued_until_up", test_hlr_queued, NULL },
	{ "no_imsi_131", test_no_imsi, NULL },
	{ "wipe_ck_ik_xres", test_wipe, NULL },
	{ "nai_imsi", test_nai_imsi, NULL },
	{ "reload_flush", test_reload_flush, NULL },
	{ "conf", test_conf, NULL },
};

static const struct ktap_case multi_cases[] = {
	{ "vector_9_6", test_multi_vector, NULL },
	{ "reject_131_timeout_128", test_multi_reject, NULL },
	{ "policy", test_multi_policy_core, NULL },
	{ "device_first", test_multi_device_first, NULL },
	{ "three_round_trips", test_multi_three_trips, NULL },
};

int main(void)
{
	static const struct ktap_suite suites[] = {
		KTAP_SUITE("aka_vectors", vector_cases),
		KTAP_SUITE("aka_negative", negative_cases),
		KTAP_SUITE("aka_store", store_cases),
		KTAP_SUITE("aka_multi", multi_cases),
	};
	int r = ktap_main(suites, sizeof(suites) / sizeof(suites[0]));

	mip4d_aka_shutdown();
	return r;
}
