// SPDX-License-Identifier: GPL-2.0
/*
 * KTAP unit tests of mip4-responder's core (resp.c): its reply to the
 * static-SA request of Documentation/protocol.md §7 (last paragraph),
 * against a reply built and signed independently (proto.c and nettle's
 * HMAC from the key, not the responder's precomputed states); the
 * denials (131, 133, 136), lifetime capping, the binding entry.
 */

#include <errno.h>
#include <stdlib.h>

#include "proto.h"
#include "mac.h"
#include "resp.h"
#include "ktap.h"
#include "testdata.h"

static const u8 static_key[16] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
};
static const char nai[] = "user@example.com";
#define ID		0xe123456789abcdefULL

/* The §7 static request, signed with @algorithm. */
static int vector_rrq(u8 *b, u8 algorithm, u16 lifetime, u64 id)
{
	struct mip4_msg_spec s = {
		.type = MIP4_TYPE_RRQ,
		.lifetime = lifetime,
		.home_addr = ip("10.0.0.5"),
		.ha_addr = ip("10.0.0.1"),
		.coa = ip("192.0.2.7"),
		.id = id,
		.nai = (const u8 *)nai,
		.nai_len = 16,
		.algorithm = algorithm,
		.spi = 0x100,
	};
	int len = mip4_msg_build(b, MIP4_MSG_MAX, &s);

	if (len > 0 && mip4_mhae_sign(b, len, algorithm, static_key, 16))
		return -1;
	return len;
}

/* The reply the kernel sends for it: fixed part, NAI, MHAE. */
static int expected_rrp(u8 *b, u8 algorithm, u8 code, u16 lifetime, u64 id)
{
	struct mip4_msg_spec s = {
		.type = MIP4_TYPE_RRP,
		.code = code,
		.lifetime = lifetime,
		.home_addr = ip("10.0.0.5"),
		.ha_addr = ip("10.0.0.1"),
		.id = id,
		.nai = (const u8 *)nai,
		.nai_len = 16,
		.vendor_id = MIP4_VENDOR_ID_DEFAULT,
		.algorithm = algorithm,
		.spi = 0x100,
	};
	int len = mip4_msg_build(b, MIP4_MSG_MAX, &s);

	if (len > 0 && mip4_mhae_sign(b, len, algorithm, static_key, 16))
		return -1;
	return len;
}

static struct resp r;
static struct resp_stats st;
static const struct resp_ctx ctx0 = {
	.saddr = 0,		/* the source: not in the reply */
	.sport = 0x3412,
	.ntp_seconds = (u32)(ID >> 32),
	.now_ns = 1000000000ull,
};

static void setup(u8 algorithm, u16 max_lifetime)
{
	struct resp_cfg cfg = {
		.address = ip("10.0.0.1"),
		.prefix = ip("10.0.0.0"),
		.prefix_len = 8,
		.max_lifetime = max_lifetime,
		.tolerance = 7,
		.vendor_id = MIP4_VENDOR_ID_DEFAULT,
	};

	memset(&st, 0, sizeof(st));
	EXPECT_EQ(resp_init(&r, &cfg, 16), 0);
	EXPECT_EQ(resp_sa_add(&r, 0, (const u8 *)nai, 16, 0x100, algorithm,
			      static_key, 16), 0);
	EXPECT_EQ(resp_sa_add(&r, 0, (const u8 *)nai, 16, 0x100, algorithm,
			      static_key, 16), -EEXIST);
}

/* Sends the request, checks the reply against the expected one. */
static void exchange(u8 algorithm, const u8 *req, int req_len, u8 code,
		     u16 lifetime, u64 reply_id, const struct resp_ctx *ctx)
{
	u8 got[MIP4_MSG_MAX], want[MIP4_MSG_MAX];
	struct mip4_msg m;
	int n, wn;

	n = resp_handle(&r, req, (size_t)req_len, ctx, got, sizeof(got), &st);
	wn = expected_rrp(want, algorithm, code, lifetime, reply_id);
	EXPECT_EQ(n, wn);
	if (n != wn || n <= 0)
		return;
	EXPECT_MEM(got, want, (size_t)n);
	EXPECT_EQ(mip4_msg_parse(got, (size_t)n, MIP4_VENDOR_ID_DEFAULT, &m),
		  0);
	EXPECT_EQ(m.type, MIP4_TYPE_RRP);
	EXPECT_EQ(m.code, code);
	EXPECT_EQ(m.lifetime, lifetime);
	EXPECT_EQ(m.id, reply_id);
	EXPECT_EQ(m.spi, 0x100);
	EXPECT_EQ(mip4_mhae_verify(got, (size_t)n, &m, algorithm, static_key,
				   16), 0);
}

/* The vector itself: its authenticator is §7's; the reply, byte for
 * byte, the one the kernel builds (type 3, code 0, lifetime 1800, the
 * Identification echoed, the NAI, the MHAE with SPI 0x100).
 */
static void t_vector(const void *arg)
{
	const u8 alg = *(const u8 *)arg;
	const char *auth = alg == MIP4_ALG_HMAC_MD5 ?
		"3a0161ab37e2e8f5a61d0888499fe627" :
		"7097ce2e4ae984d4df59b961e198c530";
	u8 req[MIP4_MSG_MAX], want[16];
	const struct resp_binding *b;
	int len;

	setup(alg, 65535);
	len = vector_rrq(req, alg, 1800, ID);
	EXPECT_EQ(len, 64);
	unhex(auth, want, sizeof(want));
	EXPECT_MEM(req + len - 16, want, 16);
	exchange(alg, req, len, 0, 1800, ID, &ctx0);
	EXPECT_EQ(st.accepted, 1);
	b = resp_binding_find(&r, ip("10.0.0.5"));
	EXPECT(b != NULL);
	if (b) {
		EXPECT_EQ(b->coa, ip("192.0.2.7"));
		EXPECT_EQ(b->lifetime, 1800);
		EXPECT_EQ(b->expires_ns, ctx0.now_ns + 1800000000000ull);
	}
	resp_free(&r);
}

/* The reply's exact bytes for HMAC-MD5, written out: a reply whose
 * MHAE the responder got wrong would still verify against itself.
 */
static void t_vector_bytes(const void *arg)
{
	u8 req[MIP4_MSG_MAX], got[MIP4_MSG_MAX], want[64], mac[16];
	int len, n;

	(void)arg;
	setup(MIP4_ALG_HMAC_MD5, 65535);
	len = vector_rrq(req, MIP4_ALG_HMAC_MD5, 1800, ID);
	n = resp_handle(&r, req, (size_t)len, &ctx0, got, sizeof(got), &st);
	EXPECT_EQ(n, 60);
	unhex("03000708" "0a000005" "0a000001" "e123456789abcdef"
	      "8310" "75736572406578616d706c652e636f6d" "2014" "00000100",
	      want, sizeof(want));
	EXPECT_MEM(got, want, 44);
	/* HMAC-MD5 through the SPI, with nettle from the key. */
	EXPECT_EQ(mip4_mac(MIP4_ALG_HMAC_MD5, static_key, 16, got, 44, mac),
		  0);
	EXPECT_MEM(got + 44, mac, 16);
	resp_free(&r);
}

/* The precomputed inner and outer states give HMAC-MD5. */
static void t_precomputed(const void *arg)
{
	const struct resp_sa *sa;
	u8 data[200], a[16], b[16];
	unsigned int i, n;

	(void)arg;
	setup(MIP4_ALG_HMAC_MD5, 65535);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i * 7 + 1);
	for (i = 0; i <= r.sa_mask; i++)
		if (r.sas[i])
			break;
	sa = i <= r.sa_mask ? r.sas[i] : NULL;
	EXPECT(sa != NULL);
	for (n = 0; sa && n <= sizeof(data); n += 13) {
		resp_sa_mac(sa, data, n, a);
		mip4_mac(MIP4_ALG_HMAC_MD5, static_key, 16, data, n, b);
		EXPECT_MEM(a, b, 16);
	}
	resp_free(&r);
}

/* Replays and stale timestamps: 133, the HA's time in the high half. */
static void t_replay(const void *arg)
{
	struct resp_ctx ctx = ctx0;
	u8 req[MIP4_MSG_MAX];
	int len;

	(void)arg;
	setup(MIP4_ALG_HMAC_MD5, 65535);
	len = vector_rrq(req, MIP4_ALG_HMAC_MD5, 1800, ID);
	exchange(MIP4_ALG_HMAC_MD5, req, len, 0, 1800, ID, &ctx);
	/* the same again */
	ctx.ntp_seconds += 1;
	exchange(MIP4_ALG_HMAC_MD5, req, len, MIP4_CODE_ID_MISMATCH, 0,
		 (u64)ctx.ntp_seconds << 32 | (u32)ID, &ctx);
	/* a later Identification, 8 s off the HA's clock (tolerance 7) */
	len = vector_rrq(req, MIP4_ALG_HMAC_MD5, 1800, ID + 1);
	ctx.ntp_seconds = (u32)(ID >> 32) + 8;
	exchange(MIP4_ALG_HMAC_MD5, req, len, MIP4_CODE_ID_MISMATCH, 0,
		 (u64)ctx.ntp_seconds << 32 | (u32)(ID + 1), &ctx);
	/* within it: accepted */
	ctx.ntp_seconds = (u32)(ID >> 32) - 7;
	exchange(MIP4_ALG_HMAC_MD5, req, len, 0, 1800, ID + 1, &ctx);
	EXPECT_EQ(st.accepted, 2);
	EXPECT_EQ(st.denied, 2);
	resp_free(&r);
}

/* A wrong authenticator: 131, signed; no SA: no answer. */
static void t_auth_failed(const void *arg)
{
	u8 req[MIP4_MSG_MAX], out[MIP4_MSG_MAX];
	int len;

	(void)arg;
	setup(MIP4_ALG_HMAC_MD5, 65535);
	len = vector_rrq(req, MIP4_ALG_HMAC_MD5, 1800, ID);
	req[len - 1] ^= 1;
	exchange(MIP4_ALG_HMAC_MD5, req, len, MIP4_CODE_AUTH_FAILED, 0, ID,
		 &ctx0);
	EXPECT(resp_binding_find(&r, ip("10.0.0.5")) == NULL);
	/* SPI 0x101: no SA */
	req[len - 1] ^= 1;
	req[len - 17] ^= 1;
	EXPECT_EQ(resp_handle(&r, req, (size_t)len, &ctx0, out, sizeof(out),
			      &st), 0);
	EXPECT_EQ(st.discarded, 1);
	resp_free(&r);
}

/* Lifetime capped at the Home Agent's maximum; another HA address: 136. */
static void t_lifetime_and_ha(const void *arg)
{
	u8 req[MIP4_MSG_MAX];
	const struct resp_binding *b;
	int len;

	(void)arg;
	setup(MIP4_ALG_HMAC_MD5, 600);
	len = vector_rrq(req, MIP4_ALG_HMAC_MD5, 1800, ID);
	exchange(MIP4_ALG_HMAC_MD5, req, len, 0, 600, ID, &ctx0);
	b = resp_binding_find(&r, ip("10.0.0.5"));
	EXPECT(b != NULL && b->lifetime == 600);
	resp_free(&r);

	setup(MIP4_ALG_HMAC_MD5, 65535);
	r.cfg.address = ip("10.0.0.2");
	len = vector_rrq(req, MIP4_ALG_HMAC_MD5, 1800, ID);
	{
		u8 got[MIP4_MSG_MAX];
		struct mip4_msg m;
		int n = resp_handle(&r, req, (size_t)len, &ctx0, got,
				    sizeof(got), &st);

		EXPECT_EQ(mip4_msg_parse(got, (size_t)n,
					 MIP4_VENDOR_ID_DEFAULT, &m), 0);
		EXPECT_EQ(m.code, MIP4_CODE_UNKNOWN_HA);
		EXPECT_EQ(m.lifetime, 0);
		EXPECT_EQ(m.ha_addr, ip("10.0.0.2"));
		EXPECT_EQ(mip4_mhae_verify(got, (size_t)n, &m,
					   MIP4_ALG_HMAC_MD5, static_key, 16),
			  0);
	}
	resp_free(&r);
}

static const u8 alg_md5 = MIP4_ALG_HMAC_MD5, alg_keyed = MIP4_ALG_KEYED_MD5;

static const struct ktap_case resp_cases[] = {
	{ "static_vector_hmac_md5", t_vector, &alg_md5 },
	{ "static_vector_keyed_md5", t_vector, &alg_keyed },
	{ "static_vector_reply_bytes", t_vector_bytes, NULL },
	{ "precomputed_hmac_md5", t_precomputed, NULL },
	{ "replay_timestamps", t_replay, NULL },
	{ "auth_failed_and_no_sa", t_auth_failed, NULL },
	{ "lifetime_cap_and_unknown_ha", t_lifetime_and_ha, NULL },
};

static const struct ktap_suite suites[] = {
	KTAP_SUITE("bench_responder", resp_cases),
};

int main(void)
{
	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
