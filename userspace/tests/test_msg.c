// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the Mobile IP message code (proto/proto.c) and lib/mac.c. */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "testdata.h"
#include "mac.h"
#include "mschap.h"
#include "proto.h"

#define VENDOR MIP4_VENDOR_ID_DEFAULT

/* ---- primitives (Documentation/protocol.md, appendix) ---- */

struct mac_vector {
	u8 algorithm;
	const char *key;	/* hex */
	const char *data;	/* hex */
	const char *mac;	/* hex */
};

static const struct mac_vector rfc2202_1 = {
	MIP4_ALG_HMAC_MD5, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	"4869205468657265", "9294727a3638bb1c13f48ef8158bfc9d",
};

static const struct mac_vector rfc2202_2 = {
	MIP4_ALG_HMAC_MD5, "4a656665",
	"7768617420646f2079612077616e7420666f72206e6f7468696e673f",
	"750c783e6ab0b503eaa86e310a5db738",
};

static const struct mac_vector rfc2202_3 = {
	MIP4_ALG_HMAC_MD5, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	"dddddddddddddddddddddddddddddddddddd",
	"56be34521d144c88dbb8c733f0e8b3f6",
};

static const struct mac_vector rfc4231_1 = {
	MIP4_ALG_HMAC_SHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	"4869205468657265",
	"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
};

static void t_mac_vector(const void *arg)
{
	const struct mac_vector *v = arg;
	u8 key[64], data[64], want[32], got[32];
	size_t key_len = unhex(v->key, key, sizeof(key));
	size_t len = unhex(v->data, data, sizeof(data));
	size_t mac_len = unhex(v->mac, want, sizeof(want));

	EXPECT_EQ(mip4_auth_len(v->algorithm), mac_len);
	EXPECT_EQ(mip4_mac(v->algorithm, key, key_len, data, len, got), 0);
	EXPECT_MEM(got, want, mac_len);
}

static void t_mac_unknown(const void *arg)
{
	u8 out[32] = { 0 };

	(void)arg;
	EXPECT_EQ(mip4_mac(0, out, 1, out, 1, out), -EINVAL);
	EXPECT_EQ(mip4_mac(4, out, 1, out, 1, out), -EINVAL);
	EXPECT_EQ(mip4_auth_len(0), 0);
	EXPECT_EQ(mip4_auth_len(MIP4_ALG_HMAC_MD5), 16);
	EXPECT_EQ(mip4_auth_len(MIP4_ALG_HMAC_SHA256), 32);
	EXPECT_EQ(mip4_auth_len(MIP4_ALG_KEYED_MD5), 16);
	EXPECT_EQ(mip4_auth_data_len(MIP4_ALG_HMAC_MD5, 100), 106);
	EXPECT_EQ(mip4_auth_data_len(MIP4_ALG_HMAC_SHA256, 100), 106);
	EXPECT_EQ(mip4_auth_data_len(MIP4_ALG_KEYED_MD5, 100), 102);
}

/* KDF(K, label, context, L) is HMAC-SHA-256(K, label ‖ 0x00 ‖ context)
 * truncated to L: compare with mip4_mac over the spelled-out input.
 */
static void t_kdf_definition(const void *arg)
{
	static const u8 key[20] = { 1, 2, 3 };
	const u8 msg[] = "lab\0ctx";	/* label "lab", 0x00, context "ctx" */
	u8 full[32], out[32];

	(void)arg;
	EXPECT_EQ(mip4_mac(MIP4_ALG_HMAC_SHA256, key, sizeof(key), msg, 7,
			   full), 0);
	memset(out, 0xee, sizeof(out));
	EXPECT_EQ(mip4_kdf(key, sizeof(key), "lab", (const u8 *)"ctx", 3, out,
			   16), 0);
	EXPECT_MEM(out, full, 16);
	EXPECT_EQ(out[16], 0xee);
	EXPECT_EQ(mip4_kdf(key, sizeof(key), "lab", (const u8 *)"ctx", 3, out,
			   32), 0);
	EXPECT_MEM(out, full, 32);
	EXPECT_EQ(mip4_kdf(key, sizeof(key), "lab", (const u8 *)"ctx", 3, out,
			   33), -EINVAL);
}

static const struct ktap_case mac_cases[] = {
	{ "rfc2202_hmac_md5_1", t_mac_vector, &rfc2202_1 },
	{ "rfc2202_hmac_md5_2", t_mac_vector, &rfc2202_2 },
	{ "rfc2202_hmac_md5_3", t_mac_vector, &rfc2202_3 },
	{ "rfc4231_hmac_sha256_1", t_mac_vector, &rfc4231_1 },
	{ "unknown_algorithm_and_lengths", t_mac_unknown, NULL },
	{ "kdf_is_truncated_hmac_sha256", t_kdf_definition, NULL },
};

/* ---- static SAs (protocol.md §7, last paragraph) ---- */

static const u8 static_key[16] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
};

/* The RRQ of the static-SA vector written out field by field from
 * RFC 5944 §3.3, §3.5.2 and RFC 2794, without proto.c.
 */
static size_t static_rrq_by_hand(u8 *b, u8 algorithm)
{
	static const char nai[] = "user@example.com";
	size_t n = 0;

	b[n++] = MIP4_TYPE_RRQ;
	b[n++] = 0;				/* flags */
	b[n++] = 1800 >> 8;
	b[n++] = 1800 & 0xff;
	n += unhex("0a000005", b + n, 4);	/* home address */
	n += unhex("0a000001", b + n, 4);	/* home agent */
	n += unhex("c0000207", b + n, 4);	/* care-of address */
	n += unhex("e123456789abcdef", b + n, 8);
	b[n++] = 131;				/* NAI */
	b[n++] = strlen(nai);
	memcpy(b + n, nai, strlen(nai));
	n += strlen(nai);
	b[n++] = 32;				/* MHAE */
	b[n++] = 4 + mip4_auth_len(algorithm);
	n += unhex("00000100", b + n, 4);	/* SPI */
	memset(b + n, 0, mip4_auth_len(algorithm));
	return n + mip4_auth_len(algorithm);
}

static struct mip4_msg_spec static_spec(u8 algorithm)
{
	struct mip4_msg_spec s = {
		.type = MIP4_TYPE_RRQ,
		.lifetime = 1800,
		.home_addr = ip("10.0.0.5"),
		.ha_addr = ip("10.0.0.1"),
		.coa = ip("192.0.2.7"),
		.id = 0xe123456789abcdefULL,
		.nai = (const u8 *)"user@example.com",
		.nai_len = 16,
		.algorithm = algorithm,
		.spi = 0x100,
	};
	return s;
}

static void check_static(u8 algorithm, const char *auth_hex)
{
	struct mip4_msg_spec spec = static_spec(algorithm);
	u8 hand[128], built[128], want[16], mac[16];
	size_t hand_len = static_rrq_by_hand(hand, algorithm);
	struct mip4_msg m;
	int len;

	unhex(auth_hex, want, sizeof(want));
	len = mip4_msg_build(built, sizeof(built), &spec);
	EXPECT_EQ(len, hand_len);
	EXPECT_MEM(built, hand, hand_len);

	/* The MAC of the hand-made bytes, over the range the RFCs say. */
	EXPECT_EQ(mip4_mac(algorithm, static_key, 16, hand,
			   mip4_auth_data_len(algorithm, 42), mac), 0);
	EXPECT_MEM(mac, want, 16);

	EXPECT_EQ(mip4_mhae_sign(built, len, algorithm, static_key, 16), 0);
	EXPECT_MEM(built + len - 16, want, 16);
	EXPECT_MEM(built, hand, hand_len - 16);

	EXPECT_EQ(mip4_msg_parse(built, len, VENDOR, &m), 0);
	EXPECT_EQ(m.has_mhae, 1);
	EXPECT_EQ(m.mhae_offset, 42);
	EXPECT_EQ(m.spi, 0x100);
	EXPECT_EQ(m.auth_len, 16);
	EXPECT_EQ(m.deny_code, 0);
	EXPECT_EQ(mip4_mhae_verify(built, len, &m, algorithm, static_key, 16),
		  0);
}

static void t_static_hmac_md5(const void *arg)
{
	(void)arg;
	check_static(MIP4_ALG_HMAC_MD5, "3a0161ab37e2e8f5a61d0888499fe627");
}

static void t_static_keyed_md5(const void *arg)
{
	(void)arg;
	check_static(MIP4_ALG_KEYED_MD5, "7097ce2e4ae984d4df59b961e198c530");
}

/* What each algorithm covers: HMAC through the SPI, keyed MD5 through the
 * MHAE Length only; and that any change inside the covered range, or a
 * wrong key, is refused.
 */
static void t_static_coverage(const void *arg)
{
	static const u8 algs[] = { MIP4_ALG_HMAC_MD5, MIP4_ALG_KEYED_MD5 };
	struct mip4_msg m;
	unsigned int i;
	u8 b[128], key[16];
	int len;

	(void)arg;
	for (i = 0; i < sizeof(algs); i++) {
		struct mip4_msg_spec spec = static_spec(algs[i]);

		len = mip4_msg_build(b, sizeof(b), &spec);
		EXPECT_EQ(mip4_mhae_sign(b, len, algs[i], static_key, 16), 0);
		EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
		EXPECT_EQ(mip4_mhae_verify(b, len, &m, algs[i], static_key,
					   16), 0);
		/* wrong key */
		memcpy(key, static_key, 16);
		key[15] ^= 1;
		EXPECT_EQ(mip4_mhae_verify(b, len, &m, algs[i], key, 16),
			  -EBADMSG);
		/* authenticator, home address, NAI */
		b[len - 1] ^= 0x80;
		EXPECT_EQ(mip4_mhae_verify(b, len, &m, algs[i], static_key,
					   16), -EBADMSG);
		b[len - 1] ^= 0x80;
		b[7] ^= 1;
		EXPECT_EQ(mip4_mhae_verify(b, len, &m, algs[i], static_key,
					   16), -EBADMSG);
		b[7] ^= 1;
		b[30] ^= 1;
		EXPECT_EQ(mip4_mhae_verify(b, len, &m, algs[i], static_key,
					   16), -EBADMSG);
		b[30] ^= 1;
		/* the SPI: covered by HMAC only */
		b[45] ^= 1;
		EXPECT_EQ(mip4_mhae_verify(b, len, &m, algs[i], static_key,
					   16),
			  algs[i] == MIP4_ALG_KEYED_MD5 ? 0 : -EBADMSG);
		b[45] ^= 1;
		/* an algorithm whose authenticator has another length */
		EXPECT_EQ(mip4_mhae_verify(b, len, &m, MIP4_ALG_HMAC_SHA256,
					   static_key, 16), -EINVAL);
		EXPECT_EQ(mip4_mhae_sign(b, len, MIP4_ALG_HMAC_SHA256,
					 static_key, 16), -EINVAL);
	}
	/* no MHAE to sign or verify */
	m.has_mhae = false;
	EXPECT_EQ(mip4_mhae_verify(b, len, &m, MIP4_ALG_HMAC_MD5, static_key,
				   16), -EINVAL);
}

static const struct ktap_case static_cases[] = {
	{ "static_sa_hmac_md5", t_static_hmac_md5, NULL },
	{ "static_sa_keyed_md5_prefix_suffix", t_static_keyed_md5, NULL },
	{ "static_sa_coverage_and_tampering", t_static_coverage, NULL },
};

/* ---- dynamic keys (protocol.md §7) ---- */

struct dyn_vector {
	u8 algorithm;
	const char *rrq, *rrp;
	const char *peer_challenge, *nt_response;
	const char *recv_key, *send_key;
	const char *skey, *skey_prime, *rekey_skey_prime;
	const char *auth_response;
};

static const struct dyn_vector dyn[2] = { {
	.algorithm = MIP4_ALG_HMAC_MD5,
	.rrq = "010207080a01000a0a010001c000020aeb2d0a5a0000000183146d6e2d61"
	       "6c696365406578616d706c652e6e65742600003a00007ed9000101010102"
	       "0000100000001001101112131415161718191a1b1c1d1e1f91af9888add4"
	       "64ca1c600acfe54cca733da8dec2dc26fafa",
	.rrp = "030007080a01000a0a010001eb2d0a5a0000000183146d6e2d616c696365"
	       "406578616d706c652e6e65742600003a00007ed900020101010200001000"
	       "0000100100000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf1b1cee97522f"
	       "da4eaaa3645433ccf6c7191bc5cb201400001000746adae19829d9f39170"
	       "019efc9c229a",
	.peer_challenge = "d59c7bedbf175dfcce70f2bb35bb7208",
	.nt_response = "91af9888add464ca1c600acfe54cca733da8dec2dc26fafa",
	.recv_key = "7fb39e2e2b275cf684f6415a67a31632",
	.send_key = "badb1cf758453e691b84be0e0f312e1d",
	.skey = "41ff8c82d8ae0fc484c789166ce6ab90",
	.skey_prime = "f395976c79df6aea81e497f926793454",
	.rekey_skey_prime = "ca7e0a16bfb060daf161d1f30a663300",
	.auth_response = "1B1CEE97522FDA4EAAA3645433CCF6C7191BC5CB",
}, {
	.algorithm = MIP4_ALG_HMAC_SHA256,
	.rrq = "010207080a01000a0a010001c000020aeb2d0a5a0000000183146d6e2d61"
	       "6c696365406578616d706c652e6e65742600003a00007ed9000101010202"
	       "0000100000001001101112131415161718191a1b1c1d1e1fa7b1335f9f3d"
	       "4c53767c9cc70609213d28250c177441ed81",
	.rrp = "030007080a01000a0a010001eb2d0a5a0000000183146d6e2d616c696365"
	       "406578616d706c652e6e65742600003a00007ed900020101020200001000"
	       "0000100100000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf1980bcd324c9"
	       "75a2305bf1624b63da54dce2f7742024000010000366a1c406fa4052856d"
	       "6ca3323cd3c71f9b3039278bcd0bd6a09a6a45ca70b0",
	.peer_challenge = "ab68e4d624ef1b8555926a14004c2858",
	.nt_response = "a7b1335f9f3d4c53767c9cc70609213d28250c177441ed81",
	.recv_key = "c9b4cd650b69391aaf77326b3bcde7a3",
	.send_key = "f98c92b7ffc9823e551a325fb92f858c",
	.skey = "1518e28ed9e3809b1eb6066057c641e9492edeaaa768d8ead3891c46b2fd6e11",
	.skey_prime =
		"3a9180c4c0c4ef6075608b4ad95889925b84bd0d65afe6c457602003ad6e5c30",
	.rekey_skey_prime =
		"2ded8fbe29ffcfb2df251b8e7580d52b9be000d809a05bc25ed4ee4773e220c2",
	.auth_response = "1980BCD324C975A2305BF1624B63DA54DCE2F774",
} };

static const char dyn_nai[] = "mn-alice@example.net";
static const char auth_challenge[] = "101112131415161718191a1b1c1d1e1f";
static const char ha_nonce[] = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
#define DYN_ID		0xeb2d0a5a00000001ULL
#define DYN_REKEY_ID	0xeb2d0a9600000001ULL
#define DYN_SPI_S	0x1000
#define DYN_SPI_D	0x1001

/* The KEYGEN_REQ value, from its fields (§2). */
static void keygen_req_value(const struct dyn_vector *v, u8 *val)
{
	val[0] = 1;
	val[1] = 1;
	val[2] = v->algorithm;
	val[3] = MIP4_REPLAY_TIMESTAMP;
	put_unaligned_be32(DYN_SPI_S, val + 4);
	put_unaligned_be32(DYN_SPI_D, val + 8);
	unhex(auth_challenge, val + 12, 16);
	unhex(v->nt_response, val + 28, 24);
}

/* The KEYGEN_REP value, from its fields (§2). */
static void keygen_rep_value(const struct dyn_vector *v, u8 *val)
{
	val[0] = 1;
	val[1] = 1;
	val[2] = v->algorithm;
	val[3] = MIP4_REPLAY_TIMESTAMP;
	put_unaligned_be32(DYN_SPI_S, val + 4);
	put_unaligned_be32(DYN_SPI_D, val + 8);
	put_unaligned_be32(3600, val + 12);
	unhex(ha_nonce, val + 16, 16);
	unhex(v->auth_response, val + 32, 20);
}

static void t_dyn_parse_rrq(const void *arg)
{
	const struct dyn_vector *v = arg;
	u8 b[MIP4_MSG_MAX], val[52];
	size_t len = unhex(v->rrq, b, sizeof(b));
	struct mip4_msg m;

	keygen_req_value(v, val);
	EXPECT_EQ(len, 108);
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.type, MIP4_TYPE_RRQ);
	EXPECT_EQ(m.flags, MIP4_FLAG_T);
	EXPECT_EQ(m.code, 0);
	EXPECT_EQ(m.lifetime, 1800);
	EXPECT_EQ(m.home_addr, ip("10.1.0.10"));
	EXPECT_EQ(m.ha_addr, ip("10.1.0.1"));
	EXPECT_EQ(m.coa, ip("192.0.2.10"));
	EXPECT(m.id == DYN_ID);
	EXPECT_EQ(m.nai_len, strlen(dyn_nai));
	EXPECT(m.nai == b + 26);
	EXPECT_MEM(m.nai, dyn_nai, strlen(dyn_nai));
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_KEYGEN_REQ);
	EXPECT_EQ(m.cvse_len, 52);
	EXPECT(m.cvse_value == b + 56);
	EXPECT_MEM(m.cvse_value, val, 52);
	EXPECT_EQ(m.cvse_end, 108);
	/* Decoded once, by the parser. */
	EXPECT_EQ(m.initial, 1);
	EXPECT_EQ(m.h.version, 1);
	EXPECT_EQ(m.h.method, MIP4_METHOD_MSCHAPV2);
	EXPECT_EQ(m.h.algorithm, v->algorithm);
	EXPECT_EQ(m.h.replay, MIP4_REPLAY_TIMESTAMP);
	EXPECT_EQ(m.h.spi_s, DYN_SPI_S);
	EXPECT_EQ(m.h.spi_d, DYN_SPI_S + 1);
	EXPECT_EQ(m.has_mhae, 0);
	EXPECT_EQ(m.has_fhae, 0);
	EXPECT_EQ(m.deny_code, 0);

	/* A Vendor/Org-ID configured otherwise makes it a foreign CVSE. */
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR + 1, &m), 0);
	EXPECT_EQ(m.deny_code, MIP4_CODE_UNKNOWN_CVSE);
	EXPECT_EQ(m.cvse_type, 0);
}

static void t_dyn_parse_rrp(const void *arg)
{
	const struct dyn_vector *v = arg;
	u8 b[MIP4_MSG_MAX], val[52];
	size_t len = unhex(v->rrp, b, sizeof(b));
	unsigned int alen = mip4_auth_len(v->algorithm);
	struct mip4_msg m;

	keygen_rep_value(v, val);
	EXPECT_EQ(len, 104 + 6 + alen);
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.type, MIP4_TYPE_RRP);
	EXPECT_EQ(m.flags, 0);
	EXPECT_EQ(m.code, MIP4_CODE_ACCEPTED);
	EXPECT_EQ(m.lifetime, 1800);
	EXPECT_EQ(m.home_addr, ip("10.1.0.10"));
	EXPECT_EQ(m.ha_addr, ip("10.1.0.1"));
	EXPECT_EQ(m.coa, 0);
	EXPECT(m.id == DYN_ID);
	EXPECT_EQ(m.nai_len, strlen(dyn_nai));
	EXPECT(m.nai == b + 22);
	EXPECT_MEM(m.nai, dyn_nai, strlen(dyn_nai));
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_KEYGEN_REP);
	EXPECT_EQ(m.cvse_len, 52);
	EXPECT(m.cvse_value == b + 52);
	EXPECT_MEM(m.cvse_value, val, 52);
	EXPECT_EQ(m.cvse_end, 104);
	EXPECT_EQ(m.initial, 0);
	EXPECT_EQ(m.h.algorithm, v->algorithm);
	EXPECT_EQ(m.h.spi_s, DYN_SPI_S);
	EXPECT_EQ(m.h.spi_d, DYN_SPI_S + 1);
	EXPECT_EQ(m.key_lifetime, 3600);
	EXPECT_EQ(m.has_mhae, 1);
	EXPECT_EQ(m.mhae_offset, 104);
	EXPECT_EQ(m.spi, DYN_SPI_S);
	EXPECT_EQ(m.auth_len, alen);
	EXPECT(m.authenticator == b + 110);
	EXPECT_EQ(m.has_fhae, 0);
	EXPECT_EQ(m.deny_code, 0);
}

static void t_dyn_verify_rrp(const void *arg)
{
	const struct dyn_vector *v = arg;
	u8 b[MIP4_MSG_MAX], skey[32], skey_prime[32];
	size_t len = unhex(v->rrp, b, sizeof(b));
	size_t klen = unhex(v->skey, skey, sizeof(skey));
	struct mip4_msg m;

	unhex(v->skey_prime, skey_prime, sizeof(skey_prime));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(mip4_mhae_verify(b, len, &m, v->algorithm, skey, klen), 0);
	EXPECT_EQ(mip4_mhae_verify(b, len, &m, v->algorithm, skey_prime,
				   klen), -EBADMSG);
	b[60] ^= 1;	/* inside the KEYGEN_REP */
	EXPECT_EQ(mip4_mhae_verify(b, len, &m, v->algorithm, skey, klen),
		  -EBADMSG);
}

static void t_dyn_build_rrp(const void *arg)
{
	const struct dyn_vector *v = arg;
	u8 want[MIP4_MSG_MAX], b[MIP4_MSG_MAX], val[52], skey[32];
	size_t want_len = unhex(v->rrp, want, sizeof(want));
	size_t klen = unhex(v->skey, skey, sizeof(skey));
	struct mip4_msg_spec spec = {
		.type = MIP4_TYPE_RRP,
		.code = MIP4_CODE_ACCEPTED,
		.lifetime = 1800,
		.home_addr = ip("10.1.0.10"),
		.ha_addr = ip("10.1.0.1"),
		.id = DYN_ID,
		.nai = (const u8 *)dyn_nai,
		.nai_len = strlen(dyn_nai),
		.cvse_type = MIP4_CVSE_KEYGEN_REP,
		.cvse_value = val,
		.cvse_len = sizeof(val),
		.vendor_id = VENDOR,
		.algorithm = v->algorithm,
		.spi = DYN_SPI_S,
	};
	int len;

	keygen_rep_value(v, val);
	memset(b, 0x55, sizeof(b));
	len = mip4_msg_build(b, sizeof(b), &spec);
	EXPECT_EQ(len, want_len);
	EXPECT_EQ(mip4_mhae_sign(b, len, v->algorithm, skey, klen), 0);
	EXPECT_MEM(b, want, want_len);
}

static void t_dyn_build_rrq(const void *arg)
{
	const struct dyn_vector *v = arg;
	u8 want[MIP4_MSG_MAX], b[MIP4_MSG_MAX], val[52];
	size_t want_len = unhex(v->rrq, want, sizeof(want));
	struct mip4_msg_spec spec = {
		.type = MIP4_TYPE_RRQ,
		.flags = MIP4_FLAG_T,
		.lifetime = 1800,
		.home_addr = ip("10.1.0.10"),
		.ha_addr = ip("10.1.0.1"),
		.coa = ip("192.0.2.10"),
		.id = DYN_ID,
		.nai = (const u8 *)dyn_nai,
		.nai_len = strlen(dyn_nai),
		.cvse_type = MIP4_CVSE_KEYGEN_REQ,
		.cvse_value = val,
		.cvse_len = sizeof(val),
		.vendor_id = VENDOR,
	};

	keygen_req_value(v, val);
	EXPECT_EQ(mip4_msg_build(b, sizeof(b), &spec), want_len);
	EXPECT_MEM(b, want, want_len);
}

static void t_dyn_peer_challenge(const void *arg)
{
	const struct dyn_vector *v = arg;
	u8 b[MIP4_MSG_MAX], want[16], got[16];
	size_t len = unhex(v->rrq, b, sizeof(b));
	struct mip4_msg m;

	unhex(v->peer_challenge, want, sizeof(want));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(mip4_peer_challenge(b, len, &m, got), 0);
	EXPECT_MEM(got, want, 16);
	/* The NT-Response does not count, everything before it does. */
	b[len - 1] ^= 1;
	EXPECT_EQ(mip4_peer_challenge(b, len, &m, got), 0);
	EXPECT_MEM(got, want, 16);
	b[len - 25] ^= 1;
	EXPECT_EQ(mip4_peer_challenge(b, len, &m, got), 0);
	EXPECT(memcmp(got, want, 16) != 0);
	/* Not a KEYGEN_REQ. */
	len = unhex(v->rrp, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(mip4_peer_challenge(b, len, &m, got), -EINVAL);
}

static void t_dyn_skey(const void *arg)
{
	const struct dyn_vector *v = arg;
	u8 b[MIP4_MSG_MAX], k2[32], pc[16], nonce[16], want[32], got[32];
	size_t len = unhex(v->rrq, b, sizeof(b));
	size_t klen = unhex(v->skey, want, sizeof(want));
	struct mip4_msg m;

	unhex(v->recv_key, k2, 16);
	unhex(v->send_key, k2 + 16, 16);
	unhex(ha_nonce, nonce, sizeof(nonce));
	EXPECT_EQ(klen, mip4_auth_len(v->algorithm));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(mip4_peer_challenge(b, len, &m, pc), 0);
	memset(got, 0, sizeof(got));
	EXPECT_EQ(mip4_skey(k2, m.nai, m.nai_len, m.cvse_value, pc, nonce,
			    got), 0);
	EXPECT_MEM(got, want, klen);
}

static void t_dyn_skey_prime(const void *arg)
{
	const struct dyn_vector *v = arg;
	u8 skey[32], want[32], got[32], ctx[12];
	size_t klen = unhex(v->skey, skey, sizeof(skey));

	/* The KDF itself, with the context spelled out. */
	unhex(v->skey_prime, want, sizeof(want));
	unhex("eb2d0a5a0000000100001001", ctx, sizeof(ctx));
	EXPECT_EQ(mip4_kdf(skey, klen, "mip4 skey'", ctx, sizeof(ctx), got,
			   klen), 0);
	EXPECT_MEM(got, want, klen);

	/* The helper: first Skey', then the rekey. */
	memset(got, 0, sizeof(got));
	EXPECT_EQ(mip4_skey_prime(v->algorithm, skey, DYN_ID, DYN_SPI_D, got),
		  0);
	EXPECT_MEM(got, want, klen);
	unhex(v->rekey_skey_prime, want, sizeof(want));
	EXPECT_EQ(mip4_skey_prime(v->algorithm, skey, DYN_REKEY_ID, DYN_SPI_D,
				  got), 0);
	EXPECT_MEM(got, want, klen);
	EXPECT_EQ(mip4_skey_prime(MIP4_ALG_KEYED_MD5, skey, DYN_ID, DYN_SPI_D,
				  got), -EINVAL);
}

static const struct ktap_case dyn_cases[] = {
	{ "hmac_md5_parse_rrq", t_dyn_parse_rrq, &dyn[0] },
	{ "hmac_md5_parse_rrp", t_dyn_parse_rrp, &dyn[0] },
	{ "hmac_md5_verify_rrp", t_dyn_verify_rrp, &dyn[0] },
	{ "hmac_md5_build_rrq", t_dyn_build_rrq, &dyn[0] },
	{ "hmac_md5_build_sign_rrp", t_dyn_build_rrp, &dyn[0] },
	{ "hmac_md5_peer_challenge", t_dyn_peer_challenge, &dyn[0] },
	{ "hmac_md5_skey", t_dyn_skey, &dyn[0] },
	{ "hmac_md5_skey_prime_and_rekey", t_dyn_skey_prime, &dyn[0] },
	{ "hmac_sha256_parse_rrq", t_dyn_parse_rrq, &dyn[1] },
	{ "hmac_sha256_parse_rrp", t_dyn_parse_rrp, &dyn[1] },
	{ "hmac_sha256_verify_rrp", t_dyn_verify_rrp, &dyn[1] },
	{ "hmac_sha256_build_rrq", t_dyn_build_rrq, &dyn[1] },
	{ "hmac_sha256_build_sign_rrp", t_dyn_build_rrp, &dyn[1] },
	{ "hmac_sha256_peer_challenge", t_dyn_peer_challenge, &dyn[1] },
	{ "hmac_sha256_skey", t_dyn_skey, &dyn[1] },
	{ "hmac_sha256_skey_prime_and_rekey", t_dyn_skey_prime, &dyn[1] },
};

/* ---- AKA (method 2): the messages of protocol.md's vectors ---- */

#define AKA_NAI_HEX "833130303130313030303030303030303140696d732e6d6e63303031" \
		    "2e6d63633030312e336770706e6574776f726b2e6f7267"
#define AKA_RRQ_FIXED(id) "010207080a01000a0a010001c000020a" id AKA_NAI_HEX
#define AKA_RRP_FIXED(code, lt, id) "03" code lt "0a01000a0a010001" id AKA_NAI_HEX

struct aka_vector {
	u8 algorithm;
	const char *rrq1, *rrp1, *rrq2, *rrp2, *skey;
};

static const struct aka_vector aka[] = {
	{
		MIP4_ALG_HMAC_MD5,
		AKA_RRQ_FIXED("eb2d0a5a00000001")
		"2600001600007ed9000501020102000010000000100100000000",
		AKA_RRP_FIXED("83", "0000", "eb2d0a5a00000001")
		"2600003600007ed900060102010200001000000010010000001e"
		"d17202d8fcc1ca890ccc3d59307f426ec2ed09cd7f6a000035a11d3a025e8336",
		AKA_RRQ_FIXED("eb2d0a5c00000002")
		"2600003600007ed9000701020102000010000000100108000000"
		"d17202d8fcc1ca890ccc3d59307f426e06df059fb98e5b1a0000000000000000"
		"20140000100074854e9d65da166dfe5ed2ec5f931390",
		AKA_RRP_FIXED("00", "0708", "eb2d0a5c00000002")
		"2600002a00007ed900090102010200001000000010010000000000000e10"
		"d17202d8fcc1ca890ccc3d59307f426e"
		"201400001000db6f1797b7b9031540d405a8e8356ed2",
		"2d8bd45110bb162370a6124573b441b0",
	},
	{
		MIP4_ALG_HMAC_SHA256,
		AKA_RRQ_FIXED("eb2d0a5a00000001")
		"2600001600007ed9000501020202000010000000100100000000",
		AKA_RRP_FIXED("83", "0000", "eb2d0a5a00000001")
		"2600003600007ed900060102020200001000000010010000001e"
		"d17202d8fcc1ca890ccc3d59307f426ec2ed09cd7f6a000035a11d3a025e8336",
		AKA_RRQ_FIXED("eb2d0a5c00000002")
		"2600003600007ed9000701020202000010000000100108000000"
		"d17202d8fcc1ca890ccc3d59307f426e06df059fb98e5b1a0000000000000000"
		"202400001000e09a777ce01c0f6887951c0d320b055c"
		"17657b92a506d82502c252d766c2e934",
		AKA_RRP_FIXED("00", "0708", "eb2d0a5c00000002")
		"2600002a00007ed900090102020200001000000010010000000000000e10"
		"d17202d8fcc1ca890ccc3d59307f426e"
		"20240000100006dd59d6f17383ce47641f574d90bb4f69"
		"6f9761c2e52554d98be22e214d6c8f",
		"9e1859692ac43de604cb4651c43b9beea4654ac85046fe8a233fdbbeb35def2f",
	},
};

static const char aka_rand1[] = "d17202d8fcc1ca890ccc3d59307f426e";
static const char aka_autn1[] = "c2ed09cd7f6a000035a11d3a025e8336";

static void check_aka_h(const struct mip4_msg *m, u8 algorithm)
{
	EXPECT_EQ(m->h.version, 1);
	EXPECT_EQ(m->h.method, MIP4_METHOD_AKA);
	EXPECT_EQ(m->h.algorithm, algorithm);
	EXPECT_EQ(m->h.replay, MIP4_REPLAY_TIMESTAMP);
	EXPECT_EQ(m->h.spi_s, 0x1000);
	EXPECT_EQ(m->h.spi_d, 0x1001);
}

/* The MHAE of @b (@len octets, parsed into @m) verifies with @skey. */
static void check_aka_mhae(const u8 *b, const struct mip4_msg *m,
			   const struct aka_vector *v)
{
	u8 skey[32], mac[32];
	size_t key_len = unhex(v->skey, skey, sizeof(skey));

	EXPECT(m->has_mhae);
	EXPECT_EQ(m->spi, 0x1000);
	EXPECT_EQ(m->auth_len, mip4_auth_len(v->algorithm));
	EXPECT_EQ(mip4_mac(v->algorithm, skey, key_len, b,
			   mip4_auth_data_len(v->algorithm, m->mhae_offset),
			   mac), 0);
	EXPECT_MEM(mac, m->authenticator, m->auth_len);
}

static void t_aka_vector(const void *arg)
{
	const struct aka_vector *v = arg;
	u8 b[512], want[32];
	struct mip4_msg m;
	size_t len;

	len = unhex(v->rrq1, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.deny_code, 0);
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_AKA_START);
	EXPECT(m.initial && m.to_daemon && !m.has_mhae);
	EXPECT_EQ(m.aka_flags, 0);
	check_aka_h(&m, v->algorithm);

	len = unhex(v->rrp1, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.deny_code, 0);
	EXPECT_EQ(m.code, MIP4_CODE_AUTH_FAILED);
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_AKA_CHALLENGE);
	EXPECT(!m.to_daemon && !m.has_mhae);
	EXPECT_EQ(m.challenge_lifetime, 30);
	check_aka_h(&m, v->algorithm);
	unhex(aka_rand1, want, sizeof(want));
	EXPECT_MEM(m.rand, want, MIP4_AKA_RAND_LEN);
	unhex(aka_autn1, want, sizeof(want));
	EXPECT_MEM(m.autn, want, MIP4_AKA_AUTN_FIELD_LEN);

	len = unhex(v->rrq2, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.deny_code, 0);
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_AKA_RESPONSE);
	EXPECT(!m.initial && m.to_daemon);
	EXPECT_EQ(m.res_len, 8);
	unhex("06df059fb98e5b1a", want, sizeof(want));
	EXPECT_MEM(m.res, want, 8);
	unhex(aka_rand1, want, sizeof(want));
	EXPECT_MEM(m.rand, want, MIP4_AKA_RAND_LEN);
	check_aka_h(&m, v->algorithm);
	check_aka_mhae(b, &m, v);

	len = unhex(v->rrp2, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.deny_code, 0);
	EXPECT_EQ(m.code, 0);
	EXPECT_EQ(m.lifetime, 1800);
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_AKA_RESULT);
	EXPECT_EQ(m.key_lifetime, 3600);
	EXPECT_EQ(m.aka_flags, 0);
	EXPECT_MEM(m.rand, want, MIP4_AKA_RAND_LEN);
	check_aka_h(&m, v->algorithm);
	check_aka_mhae(b, &m, v);
}

/* The reply the kernel builds from the daemon's AKA_CHALLENGE value is RRP1
 * byte for byte; a value of another length or type is refused.
 */
static void t_aka_build_rrp1(const void *arg)
{
	const struct aka_vector *v = arg;
	u8 want[512], b[512], value[MIP4_AKA_CHALLENGE_LEN];
	size_t want_len = unhex(v->rrp1, want, sizeof(want));
	struct mip4_msg rrq;
	struct mip4_msg_spec spec = {
		.type = MIP4_TYPE_RRP,
		.code = MIP4_CODE_AUTH_FAILED,
		.vendor_id = VENDOR,
		.cvse_type = MIP4_CVSE_AKA_CHALLENGE,
		.cvse_value = value,
		.cvse_len = sizeof(value),
	};
	u8 rrq_buf[512];
	size_t rrq_len = unhex(v->rrq1, rrq_buf, sizeof(rrq_buf));
	int len;

	EXPECT_EQ(mip4_msg_parse(rrq_buf, rrq_len, VENDOR, &rrq), 0);
	mip4_cvse_h_put(value, &rrq.h);
	value[MIP4_AKA_CHALLENGE_FLAGS] = 0;
	value[MIP4_AKA_CHALLENGE_FLAGS + 1] = 0;
	value[MIP4_AKA_CHALLENGE_LIFETIME] = 0;
	value[MIP4_AKA_CHALLENGE_LIFETIME + 1] = 30;
	unhex(aka_rand1, value + MIP4_AKA_CHALLENGE_RAND, MIP4_AKA_RAND_LEN);
	unhex(aka_autn1, value + MIP4_AKA_CHALLENGE_AUTN,
	      MIP4_AKA_AUTN_FIELD_LEN);
	spec.id = rrq.id;
	spec.home_addr = rrq.home_addr;
	spec.ha_addr = rrq.ha_addr;
	spec.nai = rrq.nai;
	spec.nai_len = rrq.nai_len;
	len = mip4_msg_build(b, sizeof(b), &spec);
	EXPECT_EQ(len, (int)want_len);
	EXPECT_MEM(b, want, want_len);

	EXPECT_EQ(mip4_cvse_check(MIP4_CVSE_AKA_CHALLENGE, MIP4_TYPE_RRP, 48), 0);
	EXPECT_EQ(mip4_cvse_check(MIP4_CVSE_AKA_RESULT, MIP4_TYPE_RRP, 36), 0);
	EXPECT_EQ(mip4_cvse_check(MIP4_CVSE_KEYGEN_REP, MIP4_TYPE_RRP, 52), 0);
	EXPECT_EQ(mip4_cvse_check(MIP4_CVSE_AKA_RESULT, MIP4_TYPE_RRP, 48),
		  -EINVAL);
	EXPECT_EQ(mip4_cvse_check(MIP4_CVSE_AKA_START, MIP4_TYPE_RRP, 16),
		  -EINVAL);
	EXPECT_EQ(mip4_cvse_check(12, MIP4_TYPE_RRP, 16), -EINVAL);
}

/* The resynchronisation and MAC-failure reports of the vectors. */
static void t_aka_failures(const void *arg)
{
	static const char sync[] = AKA_RRQ_FIXED("eb2d0a5b00000001")
		"2600003600007ed9000801020102000010000000100101000000"
		"d17202d8fcc1ca890ccc3d59307f426e80f195b4c20849dac8b42267dc6b0000";
	static const char mac[] = AKA_RRQ_FIXED("eb2d0a5b00000001")
		"2600003600007ed9000801020102000010000000100102000000"
		"d17202d8fcc1ca890ccc3d59307f426e00000000000000000000000000000000";
	static const char deny[] = AKA_RRP_FIXED("83", "0000",
						 "eb2d0a5b00000001");
	u8 b[512], want[16];
	struct mip4_msg m;
	size_t len;

	(void)arg;
	len = unhex(sync, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.deny_code, 0);
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_AKA_FAILURE);
	EXPECT(m.initial && m.to_daemon);
	EXPECT_EQ(m.aka_cause, MIP4_AKA_CAUSE_SYNC);
	unhex("80f195b4c20849dac8b42267dc6b", want, sizeof(want));
	EXPECT_MEM(m.auts, want, MIP4_AKA_AUTS_FIELD_LEN);

	len = unhex(mac, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.deny_code, 0);
	EXPECT_EQ(m.aka_cause, MIP4_AKA_CAUSE_MAC);

	len = unhex(deny, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.code, MIP4_CODE_AUTH_FAILED);
	EXPECT_EQ(m.cvse_type, 0);
	EXPECT(!m.has_mhae);
}

static const struct ktap_case aka_cases[] = {
	{ "hmac_md5_rrq1_rrp1_rrq2_rrp2", t_aka_vector, &aka[0] },
	{ "hmac_sha256_rrq1_rrp1_rrq2_rrp2", t_aka_vector, &aka[1] },
	{ "hmac_md5_build_rrp1", t_aka_build_rrp1, &aka[0] },
	{ "hmac_sha256_build_rrp1", t_aka_build_rrp1, &aka[1] },
	{ "resync_and_mac_failure", t_aka_failures, NULL },
};

/* ---- Multiple authentications (protocol.md §9.6): AKA, then MS-CHAPv2 ---- */

static const struct {
	const char *rrq1, *rrp1, *rrq2, *rrp2, *k_aka, *peer_challenge,
		*nt_response, *recv_key, *send_key, *auth_response, *skey,
		*skey_prime, *challenge, *ha_nonce, *user, *password;
} multi = {
	AKA_RRQ_FIXED("eb2d0a5a00000001")
	"2600001600007ed9000501020102000010000000100101000000",
	AKA_RRP_FIXED("83", "0000", "eb2d0a5a00000001")
	"2600003600007ed900060102010200001000000010010100001e"
	"d17202d8fcc1ca890ccc3d59307f426ec2ed09cd7f6a000035a11d3a025e8336",
	AKA_RRQ_FIXED("eb2d0a5c00000002")
	"2600003600007ed9000701020102000010000000100108000000"
	"d17202d8fcc1ca890ccc3d59307f426e06df059fb98e5b1a0000000000000000"
	"2600004600007ed9000a01011400101112131415161718191a1b1c1d1e1f"
	"f9055fd81d1530d940133c6205d01e70deb4a8e532beff26"
	"6d6e2d616c696365406578616d706c652e6e6574"
	"2014000010006d68ee12dc09ab6c88060a29e2bae2b0",
	AKA_RRP_FIXED("00", "0708", "eb2d0a5c00000002")
	"2600002a00007ed900090102010200001000000010010200000000000e10"
	"d17202d8fcc1ca890ccc3d59307f426e"
	"2600003200007ed9000b0101000000000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
	"6e7c4707ad90f10cf710bf551900e9fd12e41449"
	"201400001000825fe79448a346b8076ce8c6014c49f9",
	"2d8bd45110bb162370a6124573b441b0",
	"e937463526e9ffb0f0f216d6e5b0bd4b",
	"f9055fd81d1530d940133c6205d01e70deb4a8e532beff26",
	"ce53d1ae6c4476ef9224b955015e58ad",
	"606861d0b6af8292ccfefc5dac173ec1",
	"6e7c4707ad90f10cf710bf551900e9fd12e41449",
	"747fd0fd8aebd55944b4db5b5610af09",
	"7ae4187e21a70d5ae022927a065149cc",
	"101112131415161718191a1b1c1d1e1f",
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
	"mn-alice@example.net",
	"alice-Pass-1",
};

/* The MHAE of @b, parsed into @m, verifies with the hex key @key. */
static void check_mhae_with(const u8 *b, size_t len, const struct mip4_msg *m,
			    const char *key)
{
	u8 k[32];
	size_t key_len = unhex(key, k, sizeof(k));

	EXPECT(m->has_mhae);
	EXPECT_EQ(m->spi, 0x1000);
	EXPECT_EQ(mip4_mhae_verify(b, len, m, MIP4_ALG_HMAC_MD5, k, key_len), 0);
}

static void t_multi_vector(const void *arg)
{
	u8 b[512], want[64], got[64], k_aka[16], k2[MIP4_K2_LEN];
	const size_t user_len = strlen(multi.user);
	struct mip4_msg m;
	size_t len;

	(void)arg;
	len = unhex(multi.rrq1, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_AKA_START);
	EXPECT_EQ(m.aka_flags, MIP4_AKA_FLAG_AUTH_FOLLOWS);
	EXPECT_EQ(m.user_cvse_type, 0);

	len = unhex(multi.rrp1, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_AKA_CHALLENGE);
	EXPECT_EQ(m.aka_flags, MIP4_AKA_FLAG_USER_AUTH_REQUIRED);
	EXPECT_EQ(m.challenge_lifetime, 30);

	/* RRQ2: AKA_RESPONSE, then USER_AUTH, under an MHAE made with K_aka. */
	len = unhex(multi.rrq2, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.deny_code, 0);
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_AKA_RESPONSE);
	EXPECT_EQ(m.user_cvse_type, MIP4_CVSE_USER_AUTH);
	EXPECT_EQ(m.user_cvse_len, 64);
	EXPECT_EQ(m.user_cvse_end, m.mhae_offset);
	EXPECT(m.to_daemon && !m.initial);
	EXPECT_EQ(m.user_nai_len, user_len);
	EXPECT_MEM(m.user_nai, multi.user, user_len);
	unhex(multi.challenge, want, sizeof(want));
	EXPECT_MEM(m.user_challenge, want, 16);
	check_mhae_with(b, len, &m, multi.k_aka);

	EXPECT_EQ(mip4_user_peer_challenge(b, len, &m, got), 0);
	unhex(multi.peer_challenge, want, sizeof(want));
	EXPECT_MEM(got, want, 16);
	/* The NT-Response is the user's, over that PeerChallenge. */
	EXPECT_EQ(mschap_generate_nt_response(m.user_challenge, got, multi.user,
					      user_len, multi.password,
					      strlen(multi.password), want), 0);
	EXPECT_MEM(m.user_nt_response, want, 24);
	unhex(multi.nt_response, want, sizeof(want));
	EXPECT_MEM(m.user_nt_response, want, 24);
	EXPECT_EQ(mschap_generate_authenticator_response(
			multi.password, strlen(multi.password),
			m.user_nt_response, got, m.user_challenge, multi.user,
			user_len, want), 0);
	unhex(multi.auth_response, k2, sizeof(k2));
	EXPECT_MEM(want, k2, 20);

	/* Skey from K_aka and k'' (FreeRADIUS's MPPE keys), then Skey'. */
	unhex(multi.k_aka, k_aka, sizeof(k_aka));
	unhex(multi.recv_key, k2, 16);
	unhex(multi.send_key, k2 + 16, 16);
	unhex(multi.ha_nonce, want, sizeof(want));
	EXPECT_EQ(mip4_multi_skey(MIP4_ALG_HMAC_MD5, k_aka, k2, &m, got, want,
				  0x1000, got + 16), 0);
	unhex(multi.skey, want, sizeof(want));
	EXPECT_MEM(got + 16, want, 16);
	EXPECT_EQ(mip4_skey_prime(MIP4_ALG_HMAC_MD5, want, m.id, 0x1001, got), 0);
	unhex(multi.skey_prime, want, sizeof(want));
	EXPECT_MEM(got, want, 16);
	EXPECT_EQ(mip4_multi_skey(3, k_aka, k2, &m, got, want, 0x1000, got), -EINVAL);

	/* RRP2: AKA_RESULT, then USER_RESULT, under an MHAE made with Skey. */
	len = unhex(multi.rrp2, b, sizeof(b));
	EXPECT_EQ(mip4_msg_parse(b, len, VENDOR, &m), 0);
	EXPECT_EQ(m.deny_code, 0);
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_AKA_RESULT);
	EXPECT_EQ(m.aka_flags, MIP4_AKA_FLAG_USER_AUTH_DONE);
	EXPECT_EQ(m.key_lifetime, 3600);
	EXPECT_EQ(m.user_cvse_type, MIP4_CVSE_USER_RESULT);
	EXPECT_EQ(m.user_key_lifetime, 3600);
	unhex(multi.ha_nonce, want, sizeof(want));
	EXPECT_MEM(m.user_ha_nonce, want, 16);
	unhex(multi.auth_response, want, sizeof(want));
	EXPECT_MEM(m.user_auth_response, want, 20);
	check_mhae_with(b, len, &m, multi.skey);
}

/* RRP2 built from its parts is the vector's, byte for byte. */
static void t_multi_build_rrp2(const void *arg)
{
	u8 want[512], b[512], skey[16];
	size_t want_len = unhex(multi.rrp2, want, sizeof(want));
	struct mip4_msg m;
	struct mip4_msg_spec spec = {
		.type = MIP4_TYPE_RRP,
		.vendor_id = VENDOR,
		.algorithm = MIP4_ALG_HMAC_MD5,
		.spi = 0x1000,
	};
	int len;

	(void)arg;
	EXPECT_EQ(mip4_msg_parse(want, want_len, VENDOR, &m), 0);
	spec.lifetime = m.lifetime;
	spec.id = m.id;
	spec.home_addr = m.home_addr;
	spec.ha_addr = m.ha_addr;
	spec.nai = m.nai;
	spec.nai_len = m.nai_len;
	spec.cvse_type = m.cvse_type;
	spec.cvse_value = m.cvse_value;
	spec.cvse_len = m.cvse_len;
	spec.user_cvse_type = m.user_cvse_type;
	spec.user_cvse_value = m.user_cvse_value;
	spec.user_cvse_len = m.user_cvse_len;
	len = mip4_msg_build(b, sizeof(b), &spec);
	EXPECT_EQ(len, (int)want_len);
	unhex(multi.skey, skey, sizeof(skey));
	EXPECT_EQ(mip4_mhae_sign(b, len, MIP4_ALG_HMAC_MD5, skey, 16), 0);
	EXPECT_MEM(b, want, want_len);

	EXPECT_EQ(mip4_cvse_check(MIP4_CVSE_USER_RESULT, MIP4_TYPE_RRP, 44), 0);
	EXPECT_EQ(mip4_cvse_check(MIP4_CVSE_USER_RESULT, MIP4_TYPE_RRP, 45),
		  -EINVAL);
	EXPECT_EQ(mip4_cvse_check(MIP4_CVSE_USER_AUTH, MIP4_TYPE_RRQ, 45), 0);
	EXPECT_EQ(mip4_cvse_check(MIP4_CVSE_USER_AUTH, MIP4_TYPE_RRQ, 43),
		  -EINVAL);
	EXPECT_EQ(mip4_cvse_check(MIP4_CVSE_USER_AUTH, MIP4_TYPE_RRQ, 44 + 256),
		  -EINVAL);
	EXPECT_EQ(mip4_cvse_pair_check(MIP4_CVSE_AKA_RESULT,
				       MIP4_CVSE_USER_RESULT, MIP4_TYPE_RRP), 0);
	EXPECT_EQ(mip4_cvse_pair_check(MIP4_CVSE_AKA_CHALLENGE,
				       MIP4_CVSE_USER_RESULT, MIP4_TYPE_RRP),
		  -EINVAL);
	EXPECT_EQ(mip4_cvse_pair_check(0, MIP4_CVSE_USER_RESULT, MIP4_TYPE_RRP),
		  -EINVAL);
	EXPECT_EQ(mip4_cvse_pair_check(0, MIP4_CVSE_USER_AUTH, MIP4_TYPE_RRQ), 0);
	EXPECT_EQ(mip4_cvse_pair_check(MIP4_CVSE_AKA_RESULT,
				       MIP4_CVSE_AKA_RESULT, MIP4_TYPE_RRP),
		  -EINVAL);
}

static const struct ktap_case multi_cases[] = {
	{ "rrq1_rrp1_rrq2_rrp2_keys", t_multi_vector, NULL },
	{ "build_rrp2", t_multi_build_rrp2, NULL },
};

/* ---- messages that must be discarded or denied ---- */

#define RRQ_FIXED	"01000708 0a000005 0a000001 c0000207 e123456789abcdef "
#define RRP_FIXED	"03000708 0a000005 0a000001 e123456789abcdef "
#define NAI		"8310 75736572406578616d706c652e636f6d "
#define MHAE		"2014 00000100 00000000000000000000000000000000 "
#define MFAE		"2114 00000101 00000000000000000000000000000000 "
#define FHAE		"2214 00000102 00000000000000000000000000000000 "
#define CVSE(len, vendor, type) "26 00 " len " " vendor " " type " "
#define OURS		"00007ed9"
#define KG_REQ(len)	CVSE(len, OURS, "0001")
#define KG_CHAL_NTR	"101112131415161718191a1b1c1d1e1f " \
			"000102030405060708090a0b0c0d0e0f1011121314151617 "
#define KG_VALUE	"01010102 00001000 00001001 " KG_CHAL_NTR
#define KEYGEN_REQ	KG_REQ("003a") KG_VALUE
#define REKEY_REQ	CVSE("000e", OURS, "0003") "01000000 00001002 "
#define KG_REP_VALUE	"01010102 00001000 00001001 00000e10 " \
			"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf " \
			"000102030405060708090a0b0c0d0e0f10111213 "

#define AKA_H		"01020102 00001000 00001001 "
#define AKA_START	CVSE("0016", OURS, "0005") AKA_H "00000000 "
#define AKA_RESP(res_len) CVSE("0036", OURS, "0007") AKA_H res_len "000000 "
#define AKA_FAIL(cause)	CVSE("0036", OURS, "0008") AKA_H cause "000000 "
#define AKA_RAND	"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf "
#define AKA_RAND_15	"a0a1a2a3a4a5a6a7a8a9aaabacadae "
#define AKA_RESP_OK	AKA_RESP("08") AKA_RAND \
			"0102030405060708 0000000000000000 "
/* USER_AUTH (protocol.md §9.3): 44 octets, then the user NAI "u@x". */
#define USER_AUTH_HDR(len) CVSE(len, OURS, "000a")
#define USER_AUTH	USER_AUTH_HDR("0035") "01010300 " KG_CHAL_NTR "754078 "
#define USER_RESULT	CVSE("0032", OURS, "000b") "01010000 00000e10 " \
			AKA_RAND "000102030405060708090a0b0c0d0e0f10111213 "
#define AKA_RESULT	CVSE("002a", OURS, "0009") AKA_H \
			"02000000 00000e10 " AKA_RAND

struct bad_msg {
	const char *name;
	const char *hex;
	size_t pad_to;		/* append skippable extensions up to this */
	int ret;		/* mip4_msg_parse()'s result */
	u8 deny;		/* deny_code when ret is 0 */
	bool fhae;		/* has_fhae when ret is 0 */
	bool mhae;		/* has_mhae when ret is 0 */
	bool daemon;		/* ACCEPT_DAEMON: to_daemon set, when ret is 0 */
};

/* DISCARD: mip4_msg_parse() returns -EINVAL. ACCEPT: it returns 0 with
 * this deny code, has_fhae and has_mhae.
 */
#define DISCARD(name, hex)	{ name, hex, 0, -EINVAL, 0, false, false, false }
#define ACCEPT(name, hex, deny, fhae, mhae) \
				{ name, hex, 0, 0, deny, fhae, mhae, false }
/* ACCEPT_DAEMON: as ACCEPT, and to_daemon is set. */
#define ACCEPT_DAEMON(name, hex, deny, fhae, mhae) \
				{ name, hex, 0, 0, deny, fhae, mhae, true }
#define NO_FHAE			false
#define FHAE_SEEN		true
#define NO_MHAE			false
#define MHAE_SEEN		true

static const struct bad_msg bad_msgs[] = {
	DISCARD("empty", ""),
	DISCARD("unknown_message_type_2", "02000708 0a000005 0a000001 "
		"c0000207 e123456789abcdef" NAI MHAE),
	DISCARD("truncated_rrq_fixed_part", "01000708 0a000005 0a000001 "
		"c0000207 e123456789abcd"),
	DISCARD("truncated_rrp_fixed_part", "03000708 0a000005 0a000001 "
		"e123456789abcd"),
	DISCARD("rrq_fixed_part_only", RRQ_FIXED),
	DISCARD("extension_length_past_end", RRQ_FIXED
		"8311 75736572406578616d706c652e636f6d"),
	DISCARD("one_trailing_byte", RRQ_FIXED NAI MHAE "83"),
	/* RFC 5944 §1.9: type 0 is One-byte Padding, with no Length. */
	ACCEPT("one_trailing_padding_byte", RRQ_FIXED NAI MHAE "00",
	       0, NO_FHAE, MHAE_SEEN),
	ACCEPT("padding_before_and_after_mhae", RRQ_FIXED "00" NAI "0000" MHAE
	       "00", 0, NO_FHAE, MHAE_SEEN),
	DISCARD("padding_then_truncated_extension", RRQ_FIXED NAI MHAE "0083"),
	DISCARD("zero_length_nai", RRQ_FIXED "8300" MHAE),
	DISCARD("two_nais", RRQ_FIXED NAI NAI MHAE),
	DISCARD("mhae_length_3", RRQ_FIXED NAI "2003 000001"),
	DISCARD("mhae_length_0", RRQ_FIXED NAI "2000"),
	ACCEPT("mhae_length_4_no_authenticator", RRQ_FIXED NAI "2004 00000100",
	       0, NO_FHAE, MHAE_SEEN),
	DISCARD("two_mhaes", RRQ_FIXED NAI MHAE MHAE),
	DISCARD("fhae_before_mhae", RRQ_FIXED NAI FHAE MHAE),
	DISCARD("mfae_before_mhae", RRQ_FIXED NAI MFAE MHAE),
	ACCEPT("fhae_after_mhae", RRQ_FIXED NAI MHAE MFAE FHAE,
	       0, FHAE_SEEN, MHAE_SEEN),
	DISCARD("unknown_type_5", RRQ_FIXED NAI "0502 abcd" MHAE),
	/* RFC 5944 §1.9 holds after the MHAE too. */
	DISCARD("unknown_type_5_after_mhae", RRQ_FIXED NAI MHAE "0502 abcd"),
	DISCARD("unknown_type_100_after_mhae", RRQ_FIXED NAI MHAE
		"6404 61626364"),
	DISCARD("unknown_type_100_after_fhae", RRQ_FIXED NAI MHAE FHAE
		"6400"),
	DISCARD("unknown_type_100_after_keygen_req", RRQ_FIXED NAI KEYGEN_REQ
		"6400"),
	DISCARD("unknown_type_100_after_mhae_in_rrp", RRP_FIXED NAI MHAE
		"6400"),
	ACCEPT("unknown_skippable_200_after_mhae", RRQ_FIXED NAI MHAE
	       "c802 abcd", 0, NO_FHAE, MHAE_SEEN),
	ACCEPT("unknown_skippable_200_skipped", RRQ_FIXED "c803 aabbcc" NAI
	       "c800" MHAE, 0, NO_FHAE, MHAE_SEEN),
	DISCARD("skippable_200_length_past_end", RRQ_FIXED NAI MHAE
		"c805 aabbcc"),
	ACCEPT("nai_after_mhae_skipped", RRQ_FIXED NAI MHAE "8300" NAI,
	       0, NO_FHAE, MHAE_SEEN),
	DISCARD("cvse_short_length", RRQ_FIXED NAI CVSE("0005", OURS, "")
		MHAE),
	DISCARD("cvse_length_past_end", RRQ_FIXED NAI KG_REQ("003b")
		KG_VALUE),
	DISCARD("cvse_truncated_header", RRQ_FIXED NAI MHAE "2600 00"),
	DISCARD("cvse_after_mhae_framing_checked", RRQ_FIXED NAI MHAE
		"26000010"),
	/* RFC 3115 §2.4: a CVSE a foreign agent appended. */
	ACCEPT("cvse_foreign_vendor_after_mhae", RRQ_FIXED NAI MHAE
	       CVSE("0006", "00003039", "0001"),
	       MIP4_CODE_UNKNOWN_CVSE_FA, NO_FHAE, MHAE_SEEN),
	ACCEPT("cvse_of_ours_after_mhae", RRQ_FIXED NAI MHAE REKEY_REQ,
	       MIP4_CODE_UNKNOWN_CVSE_FA, NO_FHAE, MHAE_SEEN),
	ACCEPT("cvse_after_keygen_req", RRQ_FIXED NAI KEYGEN_REQ
	       CVSE("0006", "00003039", "0001"),
	       MIP4_CODE_UNKNOWN_CVSE_FA, NO_FHAE, NO_MHAE),
	ACCEPT("cvse_after_mhae_in_rrp", RRP_FIXED NAI MHAE
	       CVSE("0006", "00003039", "0001"),
	       MIP4_CODE_UNKNOWN_CVSE_FA, NO_FHAE, MHAE_SEEN),
	ACCEPT("cvse_foreign_vendor", RRQ_FIXED NAI
	       CVSE("003a", "00000009", "0001") KG_VALUE,
	       MIP4_CODE_UNKNOWN_CVSE, NO_FHAE, NO_MHAE),
	ACCEPT("cvse_foreign_vendor_then_mhae", RRQ_FIXED NAI
	       CVSE("0006", "00000009", "0001") MHAE,
	       MIP4_CODE_UNKNOWN_CVSE, NO_FHAE, MHAE_SEEN),
	ACCEPT("cvse_unknown_type", RRQ_FIXED NAI CVSE("003a", OURS, "000c")
	       KG_VALUE, MIP4_CODE_UNKNOWN_CVSE, NO_FHAE, NO_MHAE),
	ACCEPT("cvse_keygen_rep_in_rrq", RRQ_FIXED NAI
	       CVSE("003a", OURS, "0002") KG_REP_VALUE,
	       MIP4_CODE_UNKNOWN_CVSE, NO_FHAE, NO_MHAE),
	ACCEPT("cvse_rekey_rep_in_rrq", RRQ_FIXED NAI
	       CVSE("0012", OURS, "0004") "01000000 00001002 00000e10" MHAE,
	       MIP4_CODE_UNKNOWN_CVSE, NO_FHAE, MHAE_SEEN),
	DISCARD("two_cvses_of_ours", RRQ_FIXED NAI REKEY_REQ REKEY_REQ MHAE),
	ACCEPT("first_deny_code_wins", RRQ_FIXED NAI
	       CVSE("0006", "00000009", "0001") KG_REQ("003a")
	       "02010102 00001000 00001001 " KG_CHAL_NTR,
	       MIP4_CODE_UNKNOWN_CVSE, NO_FHAE, NO_MHAE),
	DISCARD("keygen_req_cvse_length_lies", RRQ_FIXED NAI KG_REQ("0039")
		"0101"),
	ACCEPT("keygen_req_ok", RRQ_FIXED NAI KEYGEN_REQ, 0, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_51_bytes", RRQ_FIXED NAI KG_REQ("0039")
	       "01010102 00001000 00001001 101112131415161718191a1b1c1d1e1f "
	       "000102030405060708090a0b0c0d0e0f10111213141516",
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_53_bytes", RRQ_FIXED NAI KG_REQ("003b") KG_VALUE
	       "00", MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_version_2", RRQ_FIXED NAI KG_REQ("003a")
	       "02010102 00001000 00001001 " KG_CHAL_NTR,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_method_2", RRQ_FIXED NAI KG_REQ("003a")
	       "01020102 00001000 00001001 " KG_CHAL_NTR,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_algorithm_3", RRQ_FIXED NAI KG_REQ("003a")
	       "01010302 00001000 00001001 " KG_CHAL_NTR,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_algorithm_2_replay_3", RRQ_FIXED NAI KG_REQ("003a")
	       "01010203 00001000 00001001 " KG_CHAL_NTR,
	       0, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_replay_1", RRQ_FIXED NAI KG_REQ("003a")
	       "01010101 00001000 00001001 " KG_CHAL_NTR,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_spi_s_equals_spi_d", RRQ_FIXED NAI KG_REQ("003a")
	       "01010102 00001000 00001000 " KG_CHAL_NTR,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_spi_s_255", RRQ_FIXED NAI KG_REQ("003a")
	       "01010102 000000ff 00001001 " KG_CHAL_NTR,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_spi_d_255", RRQ_FIXED NAI KG_REQ("003a")
	       "01010102 00001000 000000ff " KG_CHAL_NTR,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_spis_256_257", RRQ_FIXED NAI KG_REQ("003a")
	       "01010102 00000100 00000101 " KG_CHAL_NTR,
	       0, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_then_fa_mfae_fhae", RRQ_FIXED NAI KEYGEN_REQ MFAE
	       FHAE, 0, FHAE_SEEN, NO_MHAE),
	/* protocol.md §4.1: malformed initial registration. */
	ACCEPT("keygen_req_then_mhae", RRQ_FIXED NAI KEYGEN_REQ MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_then_two_mhaes", RRQ_FIXED NAI KEYGEN_REQ MHAE
	       MHAE, MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("rekey_req_ok", RRQ_FIXED NAI REKEY_REQ MHAE,
	       0, NO_FHAE, MHAE_SEEN),
	ACCEPT("rekey_req_9_bytes", RRQ_FIXED NAI CVSE("000f", OURS, "0003")
	       "01000000 00001002 00" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("rekey_req_version_0", RRQ_FIXED NAI CVSE("000e", OURS, "0003")
	       "00000000 00001002" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("rekey_req_reserved_not_zero", RRQ_FIXED NAI
	       CVSE("000e", OURS, "0003") "01000100 00001002" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("rekey_req_spi_d_255", RRQ_FIXED NAI CVSE("000e", OURS, "0003")
	       "01000000 000000ff" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("rekey_req_without_mhae", RRQ_FIXED NAI REKEY_REQ,
	       0, NO_FHAE, NO_MHAE),
	DISCARD("rrq_neither_mhae_nor_cvse", RRQ_FIXED NAI),
	ACCEPT("rrq_mhae_without_nai", RRQ_FIXED MHAE, 0, NO_FHAE, MHAE_SEEN),
	ACCEPT("rrp_without_mhae", RRP_FIXED NAI, 0, NO_FHAE, NO_MHAE),
	ACCEPT("rrp_fixed_part_only", RRP_FIXED, 0, NO_FHAE, NO_MHAE),
	ACCEPT("rrp_keygen_req_denied", RRP_FIXED NAI KEYGEN_REQ MHAE,
	       MIP4_CODE_UNKNOWN_CVSE, NO_FHAE, MHAE_SEEN),
	ACCEPT("rrp_keygen_rep_ok", RRP_FIXED NAI CVSE("003a", OURS, "0002")
	       KG_REP_VALUE MHAE, 0, NO_FHAE, MHAE_SEEN),
	ACCEPT("rrp_keygen_rep_51_bytes", RRP_FIXED NAI
	       CVSE("0039", OURS, "0002") "01010102 00001000 00001001 "
	       "00000e10 a0a1a2a3a4a5a6a7a8a9aaabacadaeaf "
	       "000102030405060708090a0b0c0d0e0f101112" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("rrp_rekey_rep_ok", RRP_FIXED NAI CVSE("0012", OURS, "0004")
	       "01000000 00001002 00000e10" MHAE, 0, NO_FHAE, MHAE_SEEN),
	ACCEPT("rrp_rekey_rep_8_bytes", RRP_FIXED NAI
	       CVSE("000e", OURS, "0004") "01000000 00001002" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("rrp_fhae_after_mhae_ignored", RRP_FIXED NAI MHAE FHAE "c800",
	       0, NO_FHAE, MHAE_SEEN),
	DISCARD("rrp_after_mhae_framing_checked", RRP_FIXED NAI MHAE "c8"),
	/* AKA (protocol.md §8.2): lengths, H of method 2, RES, causes. */
	ACCEPT("aka_start_ok", RRQ_FIXED NAI AKA_START, 0, NO_FHAE, NO_MHAE),
	ACCEPT("aka_start_15_bytes", RRQ_FIXED NAI CVSE("0015", OURS, "0005")
	       AKA_H "000000", MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("aka_start_method_1", RRQ_FIXED NAI CVSE("0016", OURS, "0005")
	       "01010102 00001000 00001001 00000000",
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("keygen_req_method_2", RRQ_FIXED NAI KG_REQ("003a")
	       "01020102 00001000 00001001 " KG_CHAL_NTR,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("aka_start_then_mhae", RRQ_FIXED NAI AKA_START MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("aka_response_ok", RRQ_FIXED NAI AKA_RESP("08") AKA_RAND
	       "0102030405060708 0000000000000000" MHAE, 0, NO_FHAE, MHAE_SEEN),
	ACCEPT("aka_response_res_16", RRQ_FIXED NAI AKA_RESP("10") AKA_RAND
	       "0102030405060708 090a0b0c0d0e0f10" MHAE, 0, NO_FHAE, MHAE_SEEN),
	ACCEPT("aka_response_res_3", RRQ_FIXED NAI AKA_RESP("03") AKA_RAND
	       "0102030000000000 0000000000000000" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("aka_response_res_17", RRQ_FIXED NAI AKA_RESP("11") AKA_RAND
	       "0102030405060708 090a0b0c0d0e0f10" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("aka_response_padding_not_zero", RRQ_FIXED NAI AKA_RESP("08")
	       AKA_RAND "0102030405060708 0000000000000001" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("aka_response_47_bytes", RRQ_FIXED NAI CVSE("0035", OURS, "0007")
	       AKA_H "08000000" AKA_RAND "0102030405060708 00000000000000" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("aka_failure_sync", RRQ_FIXED NAI AKA_FAIL("01") AKA_RAND
	       "000102030405060708090a0b0c0d 0000", 0, NO_FHAE, NO_MHAE),
	ACCEPT("aka_failure_cause_3", RRQ_FIXED NAI AKA_FAIL("03") AKA_RAND
	       "000102030405060708090a0b0c0d 0000",
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, NO_MHAE),
	ACCEPT("aka_challenge_in_rrq", RRQ_FIXED NAI CVSE("0036", OURS, "0006")
	       AKA_H "0000001e" AKA_RAND AKA_RAND, MIP4_CODE_UNKNOWN_CVSE,
	       NO_FHAE, NO_MHAE),
	ACCEPT("aka_start_in_rrp", RRP_FIXED NAI AKA_START,
	       MIP4_CODE_UNKNOWN_CVSE, NO_FHAE, NO_MHAE),
	ACCEPT("aka_result_35_bytes", RRP_FIXED NAI CVSE("0029", OURS, "0009")
	       AKA_H "00000000 00000e10" AKA_RAND_15 MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	/* Multiple authentications (protocol.md §9): USER_AUTH after
	 * AKA_RESPONSE or alone (with an MHAE), USER_RESULT after AKA_RESULT.
	 */
	ACCEPT_DAEMON("user_auth_after_aka_response", RRQ_FIXED NAI AKA_RESP_OK
		      USER_AUTH MHAE, 0, NO_FHAE, MHAE_SEEN),
	ACCEPT_DAEMON("user_auth_alone", RRQ_FIXED NAI USER_AUTH MHAE, 0,
		      NO_FHAE, MHAE_SEEN),
	ACCEPT("user_auth_nai_len_0", RRQ_FIXED NAI USER_AUTH_HDR("0032")
	       "01010000 " KG_CHAL_NTR MHAE, MIP4_CODE_POORLY_FORMED, NO_FHAE,
	       MHAE_SEEN),
	ACCEPT("user_auth_nai_len_4_of_3", RRQ_FIXED NAI USER_AUTH_HDR("0035")
	       "01010400 " KG_CHAL_NTR "754078" MHAE, MIP4_CODE_POORLY_FORMED,
	       NO_FHAE, MHAE_SEEN),
	ACCEPT("user_auth_nai_len_2_of_3", RRQ_FIXED NAI USER_AUTH_HDR("0035")
	       "01010200 " KG_CHAL_NTR "754078" MHAE, MIP4_CODE_POORLY_FORMED,
	       NO_FHAE, MHAE_SEEN),
	ACCEPT("user_auth_43_bytes", RRQ_FIXED NAI USER_AUTH_HDR("0031")
	       "01010000 101112131415161718191a1b1c1d1e1f "
	       "000102030405060708090a0b0c0d0e0f10111213141516" MHAE,
	       MIP4_CODE_POORLY_FORMED, NO_FHAE, MHAE_SEEN),
	ACCEPT("user_auth_version_2", RRQ_FIXED NAI USER_AUTH_HDR("0035")
	       "02010300 " KG_CHAL_NTR "754078" MHAE, MIP4_CODE_POORLY_FORMED,
	       NO_FHAE, MHAE_SEEN),
	ACCEPT("user_auth_method_2", RRQ_FIXED NAI USER_AUTH_HDR("0035")
	       "01020300 " KG_CHAL_NTR "754078" MHAE, MIP4_CODE_POORLY_FORMED,
	       NO_FHAE, MHAE_SEEN),
	DISCARD("user_auth_twice", RRQ_FIXED NAI USER_AUTH USER_AUTH MHAE),
	DISCARD("user_auth_twice_after_aka_response", RRQ_FIXED NAI AKA_RESP_OK
		USER_AUTH USER_AUTH MHAE),
	DISCARD("user_auth_before_aka_response", RRQ_FIXED NAI USER_AUTH
		AKA_RESP_OK MHAE),
	/* After KEYGEN_REQ or AKA_START, which end what the node sent, a CVSE
	 * was a foreign agent's: 141, never the user's step.
	 */
	ACCEPT("user_auth_after_keygen_req", RRQ_FIXED NAI KG_REQ("003a")
	       KG_VALUE USER_AUTH, MIP4_CODE_UNKNOWN_CVSE_FA, NO_FHAE, NO_MHAE),
	ACCEPT("user_auth_after_aka_start", RRQ_FIXED NAI AKA_START USER_AUTH,
	       MIP4_CODE_UNKNOWN_CVSE_FA, NO_FHAE, NO_MHAE),
	DISCARD("user_auth_after_rekey_req", RRQ_FIXED NAI
		REKEY_REQ USER_AUTH MHAE),
	ACCEPT("user_result_after_aka_result", RRP_FIXED NAI AKA_RESULT
	       USER_RESULT MHAE, 0, NO_FHAE, MHAE_SEEN),
	DISCARD("user_result_alone", RRP_FIXED NAI USER_RESULT MHAE),
	DISCARD("user_result_after_aka_challenge", RRP_FIXED NAI
		CVSE("0036", OURS, "0006") AKA_H "0000001e" AKA_RAND AKA_RAND
		USER_RESULT MHAE),
	DISCARD("user_result_in_rrq", RRQ_FIXED NAI AKA_RESP_OK USER_RESULT
		MHAE),
	{ "message_of_1400_bytes", RRQ_FIXED NAI MHAE, 1400, 0, 0, NO_FHAE,
	  MHAE_SEEN, false },
	{ "message_of_1401_bytes", RRQ_FIXED NAI MHAE, 1401, -EINVAL, 0,
	  NO_FHAE, NO_MHAE, false },
};

static void t_bad_msg(const void *arg)
{
	const struct bad_msg *t = arg;
	u8 b[2048];
	size_t len = unhex(t->hex, b, sizeof(b));
	struct mip4_msg m;
	int ret;

	/* Pad with type-200 extensions of at most 255 data octets. */
	while (t->pad_to && len < t->pad_to) {
		size_t chunk = t->pad_to - len;

		if (chunk > 257)
			chunk = chunk - 257 >= 2 ? 257 : 200;
		b[len] = 200;
		b[len + 1] = chunk - 2;
		memset(b + len + 2, 0xa5, chunk - 2);
		len += chunk;
	}
	if (t->pad_to)
		EXPECT_EQ(len, t->pad_to);

	memset(&m, 0x5a, sizeof(m));
	ret = mip4_msg_parse(b, len, VENDOR, &m);
	EXPECT_EQ(ret, t->ret);
	if (!ret && !t->ret) {
		EXPECT_EQ(m.deny_code, t->deny);
		EXPECT_EQ(m.has_fhae, t->fhae);
		EXPECT_EQ(m.has_mhae, t->mhae);
		if (t->daemon)
			EXPECT_EQ(m.to_daemon, true);
	}
}

/* ---- building ---- */

static void t_build_sizes(const void *arg)
{
	struct mip4_msg_spec spec = static_spec(MIP4_ALG_HMAC_SHA256);
	u8 b[MIP4_MSG_MAX + 64], big[MIP4_MSG_MAX];

	(void)arg;
	/* 24 + 18 (NAI) + 38 (MHAE) */
	EXPECT_EQ(mip4_msg_build(b, 79, &spec), -ENOSPC);
	EXPECT_EQ(mip4_msg_build(b, 80, &spec), 80);
	spec.cvse_type = MIP4_CVSE_REKEY_REQ;
	spec.cvse_value = big;
	spec.cvse_len = MIP4_MSG_MAX - 80 - 10;
	memset(big, 0, sizeof(big));
	EXPECT_EQ(mip4_msg_build(b, sizeof(b), &spec), MIP4_MSG_MAX);
	spec.cvse_len++;
	EXPECT_EQ(mip4_msg_build(b, sizeof(b), &spec), -ENOSPC);
	spec.cvse_len = 0xffff;
	EXPECT_EQ(mip4_msg_build(b, sizeof(b), &spec), -ENOSPC);
}

static void t_build_invalid(const void *arg)
{
	struct mip4_msg_spec spec = static_spec(MIP4_ALG_HMAC_MD5);
	u8 b[256];

	(void)arg;
	spec.type = 2;
	EXPECT_EQ(mip4_msg_build(b, sizeof(b), &spec), -EINVAL);
	spec = static_spec(9);
	EXPECT_EQ(mip4_msg_build(b, sizeof(b), &spec), -EINVAL);
	spec = static_spec(MIP4_ALG_HMAC_MD5);
	spec.nai_len = 0;
	EXPECT_EQ(mip4_msg_build(b, sizeof(b), &spec), -EINVAL);
	spec = static_spec(MIP4_ALG_HMAC_MD5);
	spec.cvse_type = MIP4_CVSE_REKEY_REQ;
	spec.cvse_len = 8;
	EXPECT_EQ(mip4_msg_build(b, sizeof(b), &spec), -EINVAL);
}

static void t_build_roundtrip(const void *arg)
{
	static const u8 rekey_rep[12] = { 1, 0, 0, 0, 0, 0, 0x20, 0x02,
					  0, 0, 0x0e, 0x10 };
	struct mip4_msg_spec spec = {
		.type = MIP4_TYPE_RRP,
		.code = MIP4_CODE_ACCEPTED_NO_SIMUL,
		.lifetime = 0xfffe,
		.home_addr = ip("198.51.100.1"),
		.ha_addr = ip("198.51.100.2"),
		.coa = ip("203.0.113.9"),	/* not in a reply */
		.id = 0x0102030405060708ULL,
		.nai = (const u8 *)"x",
		.nai_len = 1,
		.cvse_type = MIP4_CVSE_REKEY_REP,
		.cvse_value = rekey_rep,
		.cvse_len = sizeof(rekey_rep),
		.vendor_id = 0x01020304,
		.algorithm = MIP4_ALG_HMAC_SHA256,
		.spi = 0xfedcba98,
	};
	struct mip4_msg m;
	u8 b[256];
	int len;

	(void)arg;
	len = mip4_msg_build(b, sizeof(b), &spec);
	EXPECT_EQ(len, 20 + 3 + 22 + 38);
	EXPECT_EQ(mip4_msg_parse(b, len, 0x01020304, &m), 0);
	EXPECT_EQ(m.type, MIP4_TYPE_RRP);
	EXPECT_EQ(m.code, MIP4_CODE_ACCEPTED_NO_SIMUL);
	EXPECT_EQ(m.lifetime, 0xfffe);
	EXPECT_EQ(m.home_addr, spec.home_addr);
	EXPECT_EQ(m.ha_addr, spec.ha_addr);
	EXPECT_EQ(m.coa, 0);
	EXPECT(m.id == spec.id);
	EXPECT_EQ(m.nai_len, 1);
	EXPECT_MEM(m.nai, "x", 1);
	EXPECT_EQ(m.cvse_type, MIP4_CVSE_REKEY_REP);
	EXPECT_EQ(m.cvse_len, 12);
	EXPECT_MEM(m.cvse_value, rekey_rep, 12);
	EXPECT_EQ(m.cvse_end, 45);
	EXPECT_EQ(m.has_mhae, 1);
	EXPECT_EQ(m.mhae_offset, 45);
	EXPECT_EQ(m.spi, 0xfedcba98);
	EXPECT_EQ(m.auth_len, 32);
	EXPECT_EQ(m.deny_code, 0);
	EXPECT_EQ(b[22 + 1 + 2], 0);	/* CVSE Reserved octet */
	EXPECT_EQ(b[22 + 1 + 3], 6 + 12);

	/* An RRQ with only an MHAE, no NAI, no CVSE. */
	spec.type = MIP4_TYPE_RRQ;
	spec.flags = MIP4_FLAG_S | MIP4_FLAG_B | MIP4_FLAG_T;
	spec.nai = NULL;
	spec.cvse_type = 0;
	len = mip4_msg_build(b, sizeof(b), &spec);
	EXPECT_EQ(len, 24 + 38);
	EXPECT_EQ(mip4_msg_parse(b, len, 0x01020304, &m), 0);
	EXPECT_EQ(m.flags, MIP4_FLAG_S | MIP4_FLAG_B | MIP4_FLAG_T);
	EXPECT_EQ(m.code, 0);
	EXPECT_EQ(m.coa, spec.coa);
	EXPECT(m.nai == NULL);
	EXPECT_EQ(m.cvse_type, 0);
	EXPECT_EQ(m.mhae_offset, 24);
}

static const struct ktap_case build_cases[] = {
	{ "build_sizes_enospc", t_build_sizes, NULL },
	{ "build_invalid_spec", t_build_invalid, NULL },
	{ "build_parse_roundtrip", t_build_roundtrip, NULL },
};

#define N_BAD (sizeof(bad_msgs) / sizeof(bad_msgs[0]))

int main(void)
{
	static struct ktap_case bad_cases[N_BAD];
	struct ktap_suite suites[] = {
		KTAP_SUITE("mip4_mac", mac_cases),
		KTAP_SUITE("mip4_static_sa", static_cases),
		KTAP_SUITE("mip4_dynamic_keys", dyn_cases),
		KTAP_SUITE("mip4_aka", aka_cases),
		KTAP_SUITE("mip4_multi_auth", multi_cases),
		KTAP_SUITE("mip4_msg_parse_malformed", bad_cases),
		KTAP_SUITE("mip4_msg_build", build_cases),
	};
	unsigned int i;

	for (i = 0; i < N_BAD; i++) {
		bad_cases[i].name = bad_msgs[i].name;
		bad_cases[i].run = t_bad_msg;
		bad_cases[i].arg = &bad_msgs[i];
	}
	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
