// SPDX-License-Identifier: GPL-2.0
/* Unit tests of lib/mschap.c: RFC 2759/3079 vectors and protocol.md §7. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/md4.h>

#include "ktap.h"
#include "testdata.h"
#include "mschap.h"

#define HEX(var, str) \
	uint8_t var[sizeof(str) / 2]; \
	size_t var##_len = unhex(str, var, sizeof(var)); \
	(void)var##_len

/* ---- Documentation/protocol.md, appendix: MD4, MS-CHAPv2, MPPE ---- */

static void test_md4(const void *arg)
{
	struct md4_ctx ctx;
	uint8_t d[MD4_DIGEST_SIZE];
	HEX(want, "a448017aaf21d8525fc10ae87aa6729d");

	(void)arg;
	md4_init(&ctx);
	md4_update(&ctx, 3, (const uint8_t *)"abc");
	md4_digest(&ctx, sizeof(d), d);
	EXPECT_MEM(d, want, 16);
}

/* RFC 2759 §9.2 */
#define RFC_USER	"User"
#define RFC_PASSWORD	"clientPass"
#define RFC_AUTH_CHAL	"5B5D7C7D7B3F2F3E3C2C602132262628"
#define RFC_PEER_CHAL	"21402324255E262A28295F2B3A337C7E"
#define RFC_NT_RESP	"82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"

static void test_rfc2759_steps(const void *arg)
{
	HEX(ac, RFC_AUTH_CHAL);
	HEX(pc, RFC_PEER_CHAL);
	HEX(want_ch, "D02E4386BCE91226");
	HEX(want_ph, "44EBBA8D5312B8D611474411F56989AE");
	HEX(want_phh, "41C00C584BD2D91C4017A2A12FA59F3F");
	HEX(want_nt, RFC_NT_RESP);
	uint8_t ch[8], ph[16], phh[16], nt[24];

	(void)arg;
	mschap_challenge_hash(pc, ac, RFC_USER, 4, ch);
	EXPECT_MEM(ch, want_ch, 8);
	EXPECT_EQ(mschap_nt_password_hash(RFC_PASSWORD, 10, ph), 0);
	EXPECT_MEM(ph, want_ph, 16);
	mschap_hash_nt_password_hash(ph, phh);
	EXPECT_MEM(phh, want_phh, 16);
	mschap_challenge_response(ch, ph, nt);
	EXPECT_MEM(nt, want_nt, 24);
	memset(nt, 0, sizeof(nt));
	EXPECT_EQ(mschap_generate_nt_response(ac, pc, RFC_USER, 4, RFC_PASSWORD,
					      10, nt), 0);
	EXPECT_MEM(nt, want_nt, 24);
}

static void test_rfc2759_auth_response(const void *arg)
{
	static const char want[] = "S=407A5589115FD0D6209F510FE9C04566932CDA56";
	HEX(ac, RFC_AUTH_CHAL);
	HEX(pc, RFC_PEER_CHAL);
	HEX(nt, RFC_NT_RESP);
	HEX(ph, "44EBBA8D5312B8D611474411F56989AE");
	HEX(want_bin, "407A5589115FD0D6209F510FE9C04566932CDA56");
	uint8_t ar[20], ar2[20];
	char str[MSCHAP_AUTH_RESPONSE_STR_LEN + 1];

	(void)arg;
	EXPECT_EQ(mschap_generate_authenticator_response(RFC_PASSWORD, 10, nt,
							 pc, ac, RFC_USER, 4,
							 ar), 0);
	EXPECT_MEM(ar, want_bin, 20);
	mschap_authenticator_response_from_hash(ph, nt, pc, ac, RFC_USER, 4,
						ar2);
	EXPECT_MEM(ar2, want_bin, 20);
	mschap_auth_response_str(ar, str);
	EXPECT(!strcmp(str, want));
}

static void test_check_auth_response(const void *arg)
{
	static const char good[] = "S=407A5589115FD0D6209F510FE9C04566932CDA56";
	char bad[sizeof(good)];
	HEX(ac, RFC_AUTH_CHAL);
	HEX(pc, RFC_PEER_CHAL);
	HEX(nt, RFC_NT_RESP);
	HEX(bin, "407A5589115FD0D6209F510FE9C04566932CDA56");

	(void)arg;
	EXPECT_EQ(mschap_check_authenticator_response_str(RFC_PASSWORD, 10, nt,
			pc, ac, RFC_USER, 4, good, 42), 0);
	memcpy(bad, good, sizeof(good));
	bad[41] = '7';
	EXPECT_EQ(mschap_check_authenticator_response_str(RFC_PASSWORD, 10, nt,
			pc, ac, RFC_USER, 4, bad, 42), -EBADMSG);
	/* lower-case hex is not what RFC 2759 sends */
	memcpy(bad, good, sizeof(good));
	bad[4] = 'a';
	EXPECT_EQ(mschap_check_authenticator_response_str(RFC_PASSWORD, 10, nt,
			pc, ac, RFC_USER, 4, bad, 42), -EBADMSG);
	EXPECT_EQ(mschap_check_authenticator_response_str(RFC_PASSWORD, 10, nt,
			pc, ac, RFC_USER, 4, good, 41), -EINVAL);
	/* wrong password, wrong user */
	EXPECT_EQ(mschap_check_authenticator_response_str("clientPasS", 10, nt,
			pc, ac, RFC_USER, 4, good, 42), -EBADMSG);
	EXPECT_EQ(mschap_check_authenticator_response(RFC_PASSWORD, 10, nt,
			pc, ac, RFC_USER, 4, bin), 0);
	EXPECT_EQ(mschap_check_authenticator_response(RFC_PASSWORD, 10, nt,
			pc, ac, "user", 4, bin), -EBADMSG);
	bin[19] ^= 1;
	EXPECT_EQ(mschap_check_authenticator_response(RFC_PASSWORD, 10, nt,
			pc, ac, RFC_USER, 4, bin), -EBADMSG);
}

struct des_vector {
	const char *in, *out;
};

static const struct des_vector des_1 = { "FC156AF7EDCD6C", "FD0B5B5E7F6E34D9" };
static const struct des_vector des_2 = { "0EDDE3337D427F", "0E6E796737EA08FE" };

static void test_des_key_expand(const void *arg)
{
	const struct des_vector *v = arg;
	uint8_t in[7], want[8], out[8];

	unhex(v->in, in, sizeof(in));
	unhex(v->out, want, sizeof(want));
	mschap_des_key_expand(in, out);
	EXPECT_MEM(out, want, 8);
}

static void test_rfc3079_keys(const void *arg)
{
	HEX(nt, RFC_NT_RESP);
	HEX(phh, "41C00C584BD2D91C4017A2A12FA59F3F");
	HEX(want_mk, "FDECE3717A8C838CB388E527AE3CDD31");
	HEX(magic3, "8B7CDC149B993A1BA118CB153F56DCCB");
	HEX(magic2, "D5F0E9521E3EA9589645E86051C82226");
	uint8_t mk[16], k[16], k2[32];

	(void)arg;
	mschap_get_master_key(phh, nt, mk);
	EXPECT_MEM(mk, want_mk, 16);
	/* server send = client receive = MS-MPPE-Send-Key */
	EXPECT_EQ(mschap_get_asymmetric_start_key(mk, k, 16, true, true), 0);
	EXPECT_MEM(k, magic3, 16);
	EXPECT_EQ(mschap_get_asymmetric_start_key(mk, k, 16, false, false), 0);
	EXPECT_MEM(k, magic3, 16);
	/* server receive = client send = MS-MPPE-Recv-Key */
	EXPECT_EQ(mschap_get_asymmetric_start_key(mk, k, 16, false, true), 0);
	EXPECT_MEM(k, magic2, 16);
	EXPECT_EQ(mschap_get_asymmetric_start_key(mk, k, 16, true, false), 0);
	EXPECT_MEM(k, magic2, 16);
	/* 40/56-bit keys are the first 8 octets */
	memset(k, 0, sizeof(k));
	EXPECT_EQ(mschap_get_asymmetric_start_key(mk, k, 8, true, true), 0);
	EXPECT_MEM(k, magic3, 8);
	EXPECT_EQ(k[8], 0);
	EXPECT_EQ(mschap_get_asymmetric_start_key(mk, k, 7, true, true),
		  -EINVAL);
	EXPECT_EQ(mschap_get_asymmetric_start_key(mk, k, 17, true, true),
		  -EINVAL);
	/* k'' = Recv-Key ‖ Send-Key */
	EXPECT_EQ(mschap_mn_k2(RFC_PASSWORD, 10, nt, k2), 0);
	EXPECT_MEM(k2, magic2, 16);
	EXPECT_MEM(k2 + 16, magic3, 16);
}

/* ---- password encoding ---- */

static void md4_of(const uint8_t *p, size_t n, uint8_t out[16])
{
	struct md4_ctx ctx;

	md4_init(&ctx);
	md4_update(&ctx, n, p);
	md4_digest(&ctx, 16, out);
}

static void test_password_utf8(const void *arg)
{
	/* "é€😀": U+00E9, U+20AC, U+1F600 (surrogates D83D DE00) */
	static const char pw[] = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	static const uint8_t u16[] = { 0xe9, 0x00, 0xac, 0x20,
				       0x3d, 0xd8, 0x00, 0xde };
	uint8_t h[16], want[16];

	(void)arg;
	md4_of(u16, sizeof(u16), want);
	EXPECT_EQ(mschap_nt_password_hash(pw, sizeof(pw) - 1, h), 0);
	EXPECT_MEM(h, want, 16);
	/* the empty password is allowed (RFC 2759: 0 to 256 characters) */
	md4_of(u16, 0, want);
	EXPECT_EQ(mschap_nt_password_hash("", 0, h), 0);
	EXPECT_MEM(h, want, 16);
}

struct bad_utf8 {
	const char *s;
	size_t len;
};

static const struct bad_utf8 bad_utf8[] = {
	{ "\x80", 1 },			/* stray continuation */
	{ "\xc3", 1 },			/* truncated */
	{ "\xe2\x82", 2 },		/* truncated */
	{ "\xc0\xaf", 2 },		/* overlong '/' */
	{ "\xe0\x80\xaf", 3 },		/* overlong */
	{ "\xed\xa0\x80", 3 },		/* surrogate D800 */
	{ "\xf4\x90\x80\x80", 4 },	/* U+110000 */
	{ "\xf8\x88\x80\x80\x80", 5 },	/* 5-octet form */
	{ "a\xc3(", 3 },		/* bad continuation */
};

static void test_password_bad(const void *arg)
{
	char longpw[2 * MSCHAP_MAX_PASSWORD + 1];
	uint8_t h[16], nt[24], z[16] = { 0 };
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(bad_utf8) / sizeof(bad_utf8[0]); i++) {
		if (mschap_nt_password_hash(bad_utf8[i].s, bad_utf8[i].len,
					    h) != -EINVAL)
			ktap_hexdump("accepted", (const uint8_t *)bad_utf8[i].s,
				     bad_utf8[i].len);
		EXPECT_EQ(mschap_nt_password_hash(bad_utf8[i].s,
						  bad_utf8[i].len, h), -EINVAL);
	}
	memset(longpw, 'x', sizeof(longpw));
	EXPECT_EQ(mschap_nt_password_hash(longpw, MSCHAP_MAX_PASSWORD, h), 0);
	EXPECT_EQ(mschap_nt_password_hash(longpw, MSCHAP_MAX_PASSWORD + 1, h),
		  -EINVAL);
	/* 128 non-BMP characters are 256 UTF-16 units; one more is too many */
	for (i = 0; i < 128; i++)
		memcpy(longpw + 4 * i, "\xf0\x9f\x98\x80", 4);
	longpw[4 * 128] = 'x';
	EXPECT_EQ(mschap_nt_password_hash(longpw, 4 * 128, h), 0);
	EXPECT_EQ(mschap_nt_password_hash(longpw, 4 * 128 + 1, h), -EINVAL);
	EXPECT_EQ(mschap_generate_nt_response(z, z, "u", 1, "\xff", 1, nt),
		  -EINVAL);
}

/* ---- protocol.md §7, at the MS-CHAPv2 level ---- */

struct dk_vector {
	const char *peer_challenge;
	const char *nt_response;
	const char *recv_key;
	const char *send_key;
	const char *auth_response;
};

#define DK_NAI		"mn-alice@example.net"
#define DK_PASSWORD	"alice-Pass-1"
#define DK_AUTH_CHAL	"101112131415161718191a1b1c1d1e1f"

static const struct dk_vector dk_md5 = {
	"d59c7bedbf175dfcce70f2bb35bb7208",
	"91af9888add464ca1c600acfe54cca733da8dec2dc26fafa",
	"7fb39e2e2b275cf684f6415a67a31632",
	"badb1cf758453e691b84be0e0f312e1d",
	"S=1B1CEE97522FDA4EAAA3645433CCF6C7191BC5CB",
};

static const struct dk_vector dk_sha256 = {
	"ab68e4d624ef1b8555926a14004c2858",
	"a7b1335f9f3d4c53767c9cc70609213d28250c177441ed81",
	"c9b4cd650b69391aaf77326b3bcde7a3",
	"f98c92b7ffc9823e551a325fb92f858c",
	"S=1980BCD324C975A2305BF1624B63DA54DCE2F774",
};

static void test_dynamic_keys(const void *arg)
{
	const struct dk_vector *v = arg;
	uint8_t ac[16], pc[16], want_nt[24], nt[24], want_k2[32], k2[32];
	uint8_t ar[20];
	char str[MSCHAP_AUTH_RESPONSE_STR_LEN + 1];
	size_t nai_len = strlen(DK_NAI), pw_len = strlen(DK_PASSWORD);

	unhex(DK_AUTH_CHAL, ac, sizeof(ac));
	unhex(v->peer_challenge, pc, sizeof(pc));
	unhex(v->nt_response, want_nt, sizeof(want_nt));
	unhex(v->recv_key, want_k2, 16);
	unhex(v->send_key, want_k2 + 16, 16);

	EXPECT_EQ(mschap_generate_nt_response(ac, pc, DK_NAI, nai_len,
					      DK_PASSWORD, pw_len, nt), 0);
	EXPECT_MEM(nt, want_nt, 24);
	EXPECT_EQ(mschap_mn_k2(DK_PASSWORD, pw_len, nt, k2), 0);
	EXPECT_MEM(k2, want_k2, 32);
	EXPECT_EQ(mschap_generate_authenticator_response(DK_PASSWORD, pw_len,
			nt, pc, ac, DK_NAI, nai_len, ar), 0);
	mschap_auth_response_str(ar, str);
	EXPECT(!strcmp(str, v->auth_response));
	if (strcmp(str, v->auth_response))
		printf("        # got %s\n", str);
	EXPECT_EQ(mschap_check_authenticator_response_str(DK_PASSWORD, pw_len,
			nt, pc, ac, DK_NAI, nai_len, v->auth_response, 42), 0);
	EXPECT_EQ(mschap_check_authenticator_response(DK_PASSWORD, pw_len,
			nt, pc, ac, DK_NAI, nai_len, ar), 0);
	/* the MN with a wrong password does not reach the same keys */
	EXPECT_EQ(mschap_mn_k2("alice-Pass-2", pw_len, nt, k2), 0);
	EXPECT(memcmp(k2, want_k2, 32));
}

static const struct ktap_case vector_cases[] = {
	{ "md4_rfc1320_abc", test_md4, NULL },
	{ "rfc2759_9_2_steps", test_rfc2759_steps, NULL },
	{ "rfc2759_9_2_authenticator_response", test_rfc2759_auth_response,
	  NULL },
	{ "check_authenticator_response", test_check_auth_response, NULL },
	{ "rfc2759_9_3_des_key_1", test_des_key_expand, &des_1 },
	{ "rfc2759_9_3_des_key_2", test_des_key_expand, &des_2 },
	{ "rfc3079_3_5_mppe_keys", test_rfc3079_keys, NULL },
};

static const struct ktap_case password_cases[] = {
	{ "utf8_to_utf16le", test_password_utf8, NULL },
	{ "invalid_and_too_long", test_password_bad, NULL },
};

static const struct ktap_case dk_cases[] = {
	{ "section7_hmac_md5", test_dynamic_keys, &dk_md5 },
	{ "section7_hmac_sha256", test_dynamic_keys, &dk_sha256 },
};

static const struct ktap_suite suites[] = {
	KTAP_SUITE("mschap_vectors", vector_cases),
	KTAP_SUITE("mschap_password", password_cases),
	KTAP_SUITE("mschap_dynamic_keys", dk_cases),
};

int main(void)
{
	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
