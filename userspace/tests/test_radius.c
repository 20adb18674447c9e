// SPDX-License-Identifier: GPL-2.0
/* Unit tests of lib/radius.c: vectors, request building, reply checking. */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/md5.h>

#include "ktap.h"
#include "testdata.h"
#include "mschap.h"
#include "radius.h"

#define EXPECT_ERR(call, want) \
	do { \
		enum radius_err _e = (call), _w = (want); \
		if (_e != _w) { \
			char _m[256]; \
			snprintf(_m, sizeof(_m), "%s: \"%s\", expected \"%s\"", \
				 #call, radius_strerror(_e), \
				 radius_strerror(_w)); \
			ktap_fail(__FILE__, __LINE__, _m); \
		} \
	} while (0)

#define SECRET		"testing123"
#define SECRET_LEN	(sizeof(SECRET) - 1)

/* protocol.md §7, algorithm 1 */
#define DK_NAI		"mn-alice@example.net"
#define DK_PASSWORD	"alice-Pass-1"
#define DK_AUTH_CHAL	"101112131415161718191a1b1c1d1e1f"
#define DK_PEER_CHAL	"d59c7bedbf175dfcce70f2bb35bb7208"
#define DK_NT_RESP	"91af9888add464ca1c600acfe54cca733da8dec2dc26fafa"
#define DK_RECV_KEY	"7fb39e2e2b275cf684f6415a67a31632"
#define DK_SEND_KEY	"badb1cf758453e691b84be0e0f312e1d"
#define DK_SUCCESS	"S=1B1CEE97522FDA4EAAA3645433CCF6C7191BC5CB"

static const uint8_t req_auth[16] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};

/* ---- independent computations, to check the library against ---- */

/* MD5(Code ‖ ID ‖ Length ‖ @auth ‖ Attributes ‖ Secret) */
static void ref_packet_auth(const uint8_t *pkt, size_t len,
			    const uint8_t *auth, uint8_t out[16])
{
	uint8_t tmp[RADIUS_MAX_LEN + 64];
	struct md5_ctx ctx;

	memcpy(tmp, pkt, len);
	memcpy(tmp + 4, auth, 16);
	memcpy(tmp + len, SECRET, SECRET_LEN);
	md5_init(&ctx);
	md5_update(&ctx, len + SECRET_LEN, tmp);
	md5_digest(&ctx, 16, out);
}

/* HMAC-MD5(secret, packet with @auth in the header and the MA zeroed) */
static void ref_msg_auth(const uint8_t *pkt, size_t len, size_t ma_off,
			 const uint8_t *auth, uint8_t out[16])
{
	uint8_t tmp[RADIUS_MAX_LEN + 64];
	struct hmac_md5_ctx ctx;

	memcpy(tmp, pkt, len);
	memcpy(tmp + 4, auth, 16);
	memset(tmp + ma_off, 0, 16);
	hmac_md5_set_key(&ctx, SECRET_LEN, (const uint8_t *)SECRET);
	hmac_md5_update(&ctx, len, tmp);
	hmac_md5_digest(&ctx, 16, out);
}

/*
 * RFC 2548 §2.4.2 over an arbitrary plaintext (@n a multiple of 16), so
 * that tests can build key values the library would refuse to build.
 */
static size_t ref_mppe_hide(const uint8_t *plain, size_t n, uint16_t salt,
			    uint8_t *out)
{
	uint8_t b[16];
	struct md5_ctx ctx;
	size_t i, j;

	out[0] = salt >> 8;
	out[1] = salt & 0xff;
	for (i = 0; i < n; i += 16) {
		md5_init(&ctx);
		md5_update(&ctx, SECRET_LEN, (const uint8_t *)SECRET);
		if (!i) {
			md5_update(&ctx, 16, req_auth);
			md5_update(&ctx, 2, out);
		} else {
			md5_update(&ctx, 16, out + 2 + i - 16);
		}
		md5_digest(&ctx, 16, b);
		for (j = 0; j < 16; j++)
			out[2 + i + j] = plain[i + j] ^ b[j];
	}
	return 2 + n;
}

static void set_length(uint8_t *pkt, size_t len)
{
	pkt[2] = len >> 8;
	pkt[3] = len & 0xff;
}

/*
 * Re-signs a reply as a server holding the secret would after changing it:
 * the Message-Authenticator whose value is at @ma_off (0: leave it), then
 * the Response Authenticator over the Length field's octets.
 */
static void resign(uint8_t *pkt, size_t ma_off)
{
	size_t len = (size_t)pkt[2] << 8 | pkt[3];

	if (ma_off)
		ref_msg_auth(pkt, len, ma_off, req_auth, pkt + ma_off);
	ref_packet_auth(pkt, len, req_auth, pkt + 4);
}

/* ---- Documentation/protocol.md, appendix: HMAC ---- */

struct hmac_vector {
	bool sha256;
	const char *key, *data, *mac;	/* hex */
};

static const struct hmac_vector rfc2202_1 = {
	false, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
	"9294727a3638bb1c13f48ef8158bfc9d",
};
static const struct hmac_vector rfc2202_2 = {
	false, "4a656665",
	"7768617420646f2079612077616e7420666f72206e6f7468696e673f",
	"750c783e6ab0b503eaa86e310a5db738",
};
static const struct hmac_vector rfc2202_3 = {
	false, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	"dddddddddddddddddddddddddddddddddddd",
	"56be34521d144c88dbb8c733f0e8b3f6",
};
static const struct hmac_vector rfc4231_1 = {
	true, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
	"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
};

static void test_hmac(const void *arg)
{
	const struct hmac_vector *v = arg;
	uint8_t key[64], data[64], want[32], out[32];
	size_t klen = unhex(v->key, key, sizeof(key));
	size_t dlen = unhex(v->data, data, sizeof(data));
	size_t mlen = unhex(v->mac, want, sizeof(want));

	if (v->sha256) {
		struct hmac_sha256_ctx c;

		hmac_sha256_set_key(&c, klen, key);
		hmac_sha256_update(&c, dlen, data);
		hmac_sha256_digest(&c, mlen, out);
	} else {
		struct hmac_md5_ctx c;

		hmac_md5_set_key(&c, klen, key);
		hmac_md5_update(&c, dlen, data);
		hmac_md5_digest(&c, mlen, out);
	}
	EXPECT_MEM(out, want, mlen);
}

/* ---- Documentation/protocol.md, appendix: RADIUS ---- */

static void test_user_password(const void *arg)
{
	uint8_t want[16], out[32], buf[128];
	struct radius_builder b;
	struct radius_sent sent;
	size_t n, len, off = RADIUS_HDR_LEN, vlen;
	const uint8_t *v;
	uint8_t type;

	(void)arg;
	unhex("f58260af1a892a7b633507240014828b", want, sizeof(want));
	EXPECT_ERR(radius_hide_password("clientPass", 10, SECRET, SECRET_LEN,
					req_auth, out, sizeof(out), &n),
		   RADIUS_OK);
	EXPECT_EQ(n, 16);
	EXPECT_MEM(out, want, 16);
	/* the same through the builder */
	EXPECT_ERR(radius_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 7,
			       req_auth), RADIUS_OK);
	EXPECT_ERR(radius_put_user_password(&b, "clientPass", 10, SECRET,
					    SECRET_LEN), RADIUS_OK);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, &sent),
		   RADIUS_OK);
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(type, RADIUS_MESSAGE_AUTHENTICATOR);
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(type, RADIUS_USER_PASSWORD);
	EXPECT_EQ(vlen, 16);
	EXPECT_MEM(v, want, 16);
	/* 17 octets take two blocks; 0 and 129 are refused */
	EXPECT_ERR(radius_hide_password("0123456789abcdefg", 17, SECRET,
					SECRET_LEN, req_auth, out, sizeof(out),
					&n), RADIUS_OK);
	EXPECT_EQ(n, 32);
	EXPECT_ERR(radius_hide_password("", 0, SECRET, SECRET_LEN, req_auth,
					out, sizeof(out), &n), RADIUS_E_INVAL);
	EXPECT_ERR(radius_hide_password(buf, 129, SECRET, SECRET_LEN, req_auth,
					buf, sizeof(buf), &n), RADIUS_E_INVAL);
	EXPECT_ERR(radius_hide_password("0123456789abcdefg", 17, SECRET,
					SECRET_LEN, req_auth, out, 16, &n),
		   RADIUS_E_NOSPC);
}

#define MPPE_VECTOR_KEY	"8b7cdc149b993a1ba118cb153f56dccb"
#define MPPE_VECTOR_VAL	"8001222f78911e81bc02d486a8a0a785432f23e948690cf7" \
			"b68255e9483cdb57bb05"

static void test_mppe_vector(const void *arg)
{
	uint8_t key[16], want[34], out[64], dec[16], plain[32], ref[34];
	size_t n, klen;

	(void)arg;
	unhex(MPPE_VECTOR_KEY, key, sizeof(key));
	unhex(MPPE_VECTOR_VAL, want, sizeof(want));
	EXPECT_ERR(radius_mppe_encrypt(key, 16, 0x8001, SECRET, SECRET_LEN,
				       req_auth, out, sizeof(out), &n),
		   RADIUS_OK);
	EXPECT_EQ(n, 34);
	EXPECT_MEM(out, want, 34);
	/* the test's own encryptor agrees (it is used for bad values below) */
	memset(plain, 0, sizeof(plain));
	plain[0] = 16;
	memcpy(plain + 1, key, 16);
	EXPECT_EQ(ref_mppe_hide(plain, 32, 0x8001, ref), 34);
	EXPECT_MEM(ref, want, 34);
	EXPECT_ERR(radius_mppe_decrypt(want, 34, SECRET, SECRET_LEN, req_auth,
				       dec, sizeof(dec), &klen), RADIUS_OK);
	EXPECT_EQ(klen, 16);
	EXPECT_MEM(dec, key, 16);
	/* a salt without the high bit is refused when encrypting too */
	EXPECT_ERR(radius_mppe_encrypt(key, 16, 0x0001, SECRET, SECRET_LEN,
				       req_auth, out, sizeof(out), &n),
		   RADIUS_E_INVAL);
	EXPECT_ERR(radius_mppe_encrypt(key, 16, 0x8001, SECRET, SECRET_LEN,
				       req_auth, out, 33, &n), RADIUS_E_NOSPC);
}

struct mppe_bad {
	uint8_t key_len_octet;	/* first plaintext octet */
	size_t plain_len;	/* multiple of 16 */
	size_t value_len;	/* octets handed to decrypt (0: 2 + plain_len) */
	uint16_t salt;
	size_t key_size;	/* room for the key */
	enum radius_err want;
};

static const struct mppe_bad mppe_ok_31 = { 31, 32, 0, 0x8123, 64, RADIUS_OK };
static const struct mppe_bad mppe_ok_0 = { 0, 16, 0, 0x8123, 64, RADIUS_OK };
static const struct mppe_bad mppe_key_past_end = {
	32, 32, 0, 0x8123, 64, RADIUS_E_MPPE_KEY };
static const struct mppe_bad mppe_key_len_255 = {
	255, 32, 0, 0x8123, 255, RADIUS_E_MPPE_KEY };
static const struct mppe_bad mppe_pad_16 = {
	15, 32, 0, 0x8123, 64, RADIUS_E_MPPE_KEY };
static const struct mppe_bad mppe_pad_31 = {
	16, 48, 0, 0x8123, 64, RADIUS_E_MPPE_KEY };
static const struct mppe_bad mppe_len_33 = {
	16, 32, 33, 0x8123, 64, RADIUS_E_MPPE_LEN };
static const struct mppe_bad mppe_len_35 = {
	16, 48, 35, 0x8123, 64, RADIUS_E_MPPE_LEN };
static const struct mppe_bad mppe_len_2 = {
	0, 16, 2, 0x8123, 64, RADIUS_E_MPPE_LEN };
static const struct mppe_bad mppe_len_258 = {
	16, 256, 258, 0x8123, 64, RADIUS_E_MPPE_LEN };
static const struct mppe_bad mppe_salt = {
	16, 32, 0, 0x7123, 64, RADIUS_E_MPPE_SALT };
static const struct mppe_bad mppe_nospc = {
	16, 32, 0, 0x8123, 15, RADIUS_E_NOSPC };

static void test_mppe_bad(const void *arg)
{
	const struct mppe_bad *t = arg;
	uint8_t plain[256], val[2 + 256], key[256];
	size_t n, klen = 999;
	unsigned int i;

	for (i = 0; i < sizeof(plain); i++)
		plain[i] = (uint8_t)(0x40 + i);
	plain[0] = t->key_len_octet;
	n = ref_mppe_hide(plain, t->plain_len, t->salt, val);
	if (t->value_len)
		n = t->value_len;
	EXPECT_ERR(radius_mppe_decrypt(val, n, SECRET, SECRET_LEN, req_auth,
				       key, t->key_size, &klen), t->want);
	if (t->want == RADIUS_OK) {
		EXPECT_EQ(klen, t->key_len_octet);
		if (klen == t->key_len_octet)
			EXPECT_MEM(key, plain + 1, klen);
	} else {
		EXPECT_EQ(klen, 999);
	}
}

/* ---- Access-Request ---- */

/* Builds the §7 Access-Request (algorithm 1) into @buf. */
static size_t build_dk_request(uint8_t *buf, size_t size,
			       struct radius_sent *sent)
{
	uint8_t ac[16], pc[16], nt[24];
	struct radius_builder b;
	size_t len = 0;

	unhex(DK_AUTH_CHAL, ac, sizeof(ac));
	unhex(DK_PEER_CHAL, pc, sizeof(pc));
	unhex(DK_NT_RESP, nt, sizeof(nt));
	radius_init(&b, buf, size, RADIUS_ACCESS_REQUEST, 0x2a, req_auth);
	radius_put_str(&b, RADIUS_USER_NAME, DK_NAI);
	radius_put_addr(&b, RADIUS_NAS_IP_ADDRESS, ip("10.1.0.1"));
	radius_put_str(&b, RADIUS_NAS_IDENTIFIER, "mip4ha");
	radius_put_str(&b, RADIUS_CALLING_STATION_ID, "192.0.2.10");
	radius_put_addr(&b, RADIUS_FRAMED_IP_ADDRESS, ip("10.1.0.10"));
	radius_put_ms_chap_challenge(&b, ac);
	radius_put_ms_chap2_response(&b, 0, 0, pc, nt);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, sent),
		   RADIUS_OK);
	return len;
}

static void test_access_request(const void *arg)
{
	static const uint8_t ms_chap2_hdr[] = {
		26, 58, 0x00, 0x00, 0x01, 0x37, 25, 52, 0, 0 };
	uint8_t buf[512], ma[16], ac[16], pc[16], nt[24];
	struct radius_sent sent, vsent;
	size_t len, off = RADIUS_HDR_LEN, vlen;
	const uint8_t *v;
	uint8_t type;

	(void)arg;
	unhex(DK_AUTH_CHAL, ac, sizeof(ac));
	unhex(DK_PEER_CHAL, pc, sizeof(pc));
	unhex(DK_NT_RESP, nt, sizeof(nt));
	memset(buf, 0xa5, sizeof(buf));	/* nothing left to chance */
	len = build_dk_request(buf, sizeof(buf), &sent);
	/* header */
	EXPECT_EQ(len, 20 + 18 + 22 + 6 + 8 + 12 + 6 + 24 + 58);
	EXPECT_EQ(buf[0], RADIUS_ACCESS_REQUEST);
	EXPECT_EQ(buf[1], 0x2a);
	EXPECT_EQ(buf[2] << 8 | buf[3], len);
	EXPECT_MEM(buf + 4, req_auth, 16);
	EXPECT_EQ(sent.code, RADIUS_ACCESS_REQUEST);
	EXPECT_EQ(sent.id, 0x2a);
	EXPECT_MEM(sent.auth, req_auth, 16);
	/* Message-Authenticator first, and right */
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(type, RADIUS_MESSAGE_AUTHENTICATOR);
	EXPECT_EQ(vlen, 16);
	EXPECT_EQ(v - buf, 22);
	ref_msg_auth(buf, len, 22, req_auth, ma);
	EXPECT_MEM(v, ma, 16);
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(type, RADIUS_USER_NAME);
	EXPECT(vlen == strlen(DK_NAI) && !memcmp(v, DK_NAI, vlen));
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(type, RADIUS_NAS_IP_ADDRESS);
	EXPECT(vlen == 4 && !memcmp(v, "\x0a\x01\x00\x01", 4));
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(type, RADIUS_NAS_IDENTIFIER);
	EXPECT(vlen == 6 && !memcmp(v, "mip4ha", 6));
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(type, RADIUS_CALLING_STATION_ID);
	EXPECT(vlen == 10 && !memcmp(v, "192.0.2.10", 10));
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(type, RADIUS_FRAMED_IP_ADDRESS);
	EXPECT(vlen == 4 && !memcmp(v, "\x0a\x01\x00\x0a", 4));
	/* MS-CHAP-Challenge: 311, type 11, length 18 */
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(type, RADIUS_VENDOR_SPECIFIC);
	EXPECT_EQ(vlen, 22);
	EXPECT(!memcmp(v, "\x00\x00\x01\x37\x0b\x12", 6));
	EXPECT_MEM(v + 6, ac, 16);
	/* MS-CHAP2-Response */
	EXPECT_EQ(off + 58, len);
	EXPECT_MEM(buf + off, ms_chap2_hdr, sizeof(ms_chap2_hdr));
	EXPECT_MEM(buf + off + 10, pc, 16);
	EXPECT_MEM(buf + off + 26, "\0\0\0\0\0\0\0\0", 8);
	EXPECT_MEM(buf + off + 34, nt, 24);
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 0);

	/* as a server sees it */
	EXPECT_ERR(radius_verify_request(buf, len, SECRET, SECRET_LEN,
					 RADIUS_REQUIRE_MSG_AUTH, &vsent),
		   RADIUS_OK);
	EXPECT_MEM(&vsent, &sent, sizeof(sent));
	EXPECT_ERR(radius_verify_request(buf, len, "testing124", SECRET_LEN,
					 0, &vsent), RADIUS_E_MSG_AUTH);
	buf[len - 1] ^= 1;
	EXPECT_ERR(radius_verify_request(buf, len, SECRET, SECRET_LEN, 0,
					 &vsent), RADIUS_E_MSG_AUTH);
	/* without its Message-Authenticator */
	buf[len - 1] ^= 1;
	memmove(buf + 20, buf + 38, len - 38);
	len -= 18;
	set_length(buf, len);
	EXPECT_ERR(radius_verify_request(buf, len, SECRET, SECRET_LEN,
					 RADIUS_REQUIRE_MSG_AUTH, &vsent),
		   RADIUS_E_MSG_AUTH_MISSING);
	EXPECT_ERR(radius_verify_request(buf, len, SECRET, SECRET_LEN, 0,
					 &vsent), RADIUS_OK);
}

/*
 * Dynamic authorization (RFC 5176): a Disconnect-Request and its ACK and
 * NAK, byte for byte as Python's hashlib/hmac make them from the RFCs'
 * formulas (independent of nettle and of this code): Message-Authenticator
 * over a zero Request Authenticator, Request Authenticator as an
 * Accounting-Request's; replies over the request's.
 */
static const char dynauth_req[] =
	"28070044eaf5b8e0bc0b1f5397f6577c085f43cb50123b1eb780791ba6dcb7ab"
	"093663271a0e0113616c696365406578616d706c652e6e65743706692e932021"
	"05707331";
static const char dynauth_ack[] =
	"2907002bb6a4f2fece7bebe1b99de5737f52931e50128f11733470e4bb78897a"
	"4170cc6062472105707331";
static const char dynauth_nak[] =
	"2a07003108226839808b1c3291de8bc738d623ef50122c718ee89fdb688edeaf"
	"1f9668ad2dca6506000001f72105707331";

static size_t dynauth_reply(uint8_t code, const uint8_t *req, uint32_t cause,
			    uint8_t *buf, size_t size)
{
	struct radius_builder b;
	size_t len = 0;

	EXPECT_ERR(radius_init(&b, buf, size, code, req[1], req + 4),
		   RADIUS_OK);
	radius_put_msg_auth(&b);
	if (cause)
		radius_put_u32(&b, RADIUS_ERROR_CAUSE, cause);
	radius_put(&b, RADIUS_PROXY_STATE, "ps1", 3);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, NULL),
		   RADIUS_OK);
	return len;
}

static void test_dynauth(const void *arg)
{
	uint8_t want[128], buf[128], reply[128];
	struct radius_dynauth d;
	struct radius_builder b;
	struct radius_sent sent;
	size_t len, wlen;

	(void)arg;
	wlen = unhex(dynauth_req, want, sizeof(want));
	EXPECT_ERR(radius_init(&b, buf, sizeof(buf), RADIUS_DISCONNECT_REQUEST,
			       7, NULL), RADIUS_OK);
	radius_put_msg_auth(&b);
	radius_put_str(&b, RADIUS_USER_NAME, "alice@example.net");
	radius_put_u32(&b, RADIUS_EVENT_TIMESTAMP, 1764660000);
	radius_put(&b, RADIUS_PROXY_STATE, "ps1", 3);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, NULL),
		   RADIUS_OK);
	EXPECT_EQ(len, wlen);
	EXPECT_MEM(buf, want, wlen);

	EXPECT_ERR(radius_verify_request(want, wlen, SECRET, SECRET_LEN,
					 RADIUS_REQUIRE_MSG_AUTH, &sent),
		   RADIUS_OK);
	EXPECT_ERR(radius_parse_dynauth(want, wlen, &d), RADIUS_OK);
	EXPECT(d.user_name_len == 17 &&
	       !memcmp(d.user_name, "alice@example.net", 17));
	EXPECT(d.has_event_timestamp && d.event_timestamp == 1764660000);
	EXPECT_EQ(d.n_proxy_state, 1);
	EXPECT_EQ(d.unsupported, 0);
	EXPECT(!d.session_id && !d.has_framed_ip && !d.has_session_timeout);

	wlen = unhex(dynauth_ack, want, sizeof(want));
	len = dynauth_reply(RADIUS_DISCONNECT_ACK, buf, 0, reply,
			    sizeof(reply));
	EXPECT_EQ(len, wlen);
	EXPECT_MEM(reply, want, wlen);
	wlen = unhex(dynauth_nak, want, sizeof(want));
	len = dynauth_reply(RADIUS_DISCONNECT_NAK, buf, 503, reply,
			    sizeof(reply));
	EXPECT_EQ(len, wlen);
	EXPECT_MEM(reply, want, wlen);

	/* Another secret, a flipped bit, no Message-Authenticator. */
	len = unhex(dynauth_req, buf, sizeof(buf));
	EXPECT_ERR(radius_verify_request(buf, len, "testing124", SECRET_LEN,
					 RADIUS_REQUIRE_MSG_AUTH, &sent),
		   RADIUS_E_AUTHENTICATOR);
	buf[len - 1] ^= 1;
	EXPECT_ERR(radius_verify_request(buf, len, SECRET, SECRET_LEN,
					 RADIUS_REQUIRE_MSG_AUTH, &sent),
		   RADIUS_E_AUTHENTICATOR);
	EXPECT_ERR(radius_init(&b, buf, sizeof(buf), RADIUS_DISCONNECT_REQUEST,
			       8, NULL), RADIUS_OK);
	radius_put_str(&b, RADIUS_USER_NAME, "alice@example.net");
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, NULL),
		   RADIUS_OK);
	EXPECT_ERR(radius_verify_request(buf, len, SECRET, SECRET_LEN,
					 RADIUS_REQUIRE_MSG_AUTH, &sent),
		   RADIUS_E_MSG_AUTH_MISSING);
	EXPECT_ERR(radius_verify_request(buf, len, SECRET, SECRET_LEN, 0,
					 &sent), RADIUS_OK);
}

/* What the parser makes of each attribute of a Disconnect- or CoA-Request. */
static void test_dynauth_attributes(const void *arg)
{
	static const uint8_t addr[4] = { 10, 1, 0, 10 };
	uint8_t buf[256];
	struct radius_dynauth d;
	struct radius_builder b;
	size_t len;
	int i;

	(void)arg;
	/* Everything a CoA may carry. */
	radius_init(&b, buf, sizeof(buf), RADIUS_COA_REQUEST, 1, NULL);
	radius_put_msg_auth(&b);
	radius_put_str(&b, RADIUS_ACCT_SESSION_ID, "6B0FE3DC00000001");
	radius_put(&b, RADIUS_FRAMED_IP_ADDRESS, addr, 4);
	radius_put(&b, RADIUS_NAS_IP_ADDRESS, addr, 4);
	radius_put_str(&b, RADIUS_NAS_IDENTIFIER, "ha1");
	radius_put_str(&b, RADIUS_CALLING_STATION_ID, "192.0.2.10");
	radius_put_u32(&b, RADIUS_SESSION_TIMEOUT, 20);
	radius_put_u32(&b, RADIUS_EVENT_TIMESTAMP, 5);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, NULL),
		   RADIUS_OK);
	EXPECT_ERR(radius_parse_dynauth(buf, len, &d), RADIUS_OK);
	EXPECT(d.session_id_len == 16 && d.has_framed_ip && d.has_nas_ip &&
	       d.nas_identifier_len == 3 && d.has_session_timeout &&
	       d.session_timeout == 20 && !d.unsupported);
	EXPECT_MEM(&d.framed_ip, addr, 4);

	/* Session-Timeout in a Disconnect-Request: not acted on. */
	buf[0] = RADIUS_DISCONNECT_REQUEST;
	EXPECT_ERR(radius_parse_dynauth(buf, len, &d), RADIUS_OK);
	EXPECT_EQ(d.unsupported, RADIUS_SESSION_TIMEOUT);
	buf[0] = RADIUS_ACCOUNTING_REQUEST;
	EXPECT_ERR(radius_parse_dynauth(buf, len, &d), RADIUS_E_CODE);

	/* Another attribute; a second Event-Timestamp; one of 3 octets. */
	radius_init(&b, buf, sizeof(buf), RADIUS_DISCONNECT_REQUEST, 1, NULL);
	radius_put_str(&b, 11 /* Filter-Id */, "x");
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, NULL),
		   RADIUS_OK);
	EXPECT_ERR(radius_parse_dynauth(buf, len, &d), RADIUS_OK);
	EXPECT_EQ(d.unsupported, 11 /* Filter-Id */);
	radius_init(&b, buf, sizeof(buf), RADIUS_DISCONNECT_REQUEST, 1, NULL);
	radius_put_u32(&b, RADIUS_EVENT_TIMESTAMP, 5);
	radius_put_u32(&b, RADIUS_EVENT_TIMESTAMP, 6);
	radius_finish(&b, SECRET, SECRET_LEN, &len, NULL);
	EXPECT_ERR(radius_parse_dynauth(buf, len, &d), RADIUS_E_DUPLICATE);
	radius_init(&b, buf, sizeof(buf), RADIUS_DISCONNECT_REQUEST, 1, NULL);
	radius_put(&b, RADIUS_EVENT_TIMESTAMP, "abc", 3);
	radius_finish(&b, SECRET, SECRET_LEN, &len, NULL);
	EXPECT_ERR(radius_parse_dynauth(buf, len, &d), RADIUS_E_ATTR_VALUE);
	/* More Proxy-States than can be echoed. */
	radius_init(&b, buf, sizeof(buf), RADIUS_DISCONNECT_REQUEST, 1, NULL);
	for (i = 0; i <= RADIUS_DYNAUTH_MAX_PROXY_STATE; i++)
		radius_put(&b, RADIUS_PROXY_STATE, "p", 1);
	radius_finish(&b, SECRET, SECRET_LEN, &len, NULL);
	EXPECT_ERR(radius_parse_dynauth(buf, len, &d), RADIUS_E_NOSPC);
	/* An attribute running past the end. */
	buf[len - 2] = 9;
	EXPECT_ERR(radius_parse_dynauth(buf, len, &d), RADIUS_E_ATTR_LEN);
}

static void test_builder_limits(const void *arg)
{
	uint8_t buf[RADIUS_MAX_LEN + 100], big[254];
	struct radius_builder b;
	struct radius_sent sent;
	size_t len = 0;
	int i;

	(void)arg;
	memset(big, 'x', sizeof(big));
	/* value lengths */
	radius_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1, req_auth);
	EXPECT_ERR(radius_put(&b, RADIUS_REPLY_MESSAGE, big, 253), RADIUS_OK);
	EXPECT_EQ(b.len, 20 + 18 + 255);
	EXPECT_ERR(radius_put(&b, RADIUS_REPLY_MESSAGE, big, 254),
		   RADIUS_E_NOSPC);
	/* errors are sticky */
	EXPECT_ERR(radius_put_str(&b, RADIUS_USER_NAME, "u"), RADIUS_E_NOSPC);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, &sent),
		   RADIUS_E_NOSPC);
	radius_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1, req_auth);
	EXPECT_ERR(radius_put(&b, RADIUS_REPLY_MESSAGE, big, 0),
		   RADIUS_E_INVAL);
	radius_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1, req_auth);
	EXPECT_ERR(radius_put_vsa(&b, 311, 1, big, 247), RADIUS_OK);
	EXPECT_ERR(radius_put_vsa(&b, 311, 1, big, 248), RADIUS_E_NOSPC);
	/* a second Message-Authenticator */
	radius_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1, req_auth);
	EXPECT_ERR(radius_put_msg_auth(&b), RADIUS_E_DUPLICATE);
	/* 4096 octets at most, however large the buffer */
	radius_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1, req_auth);
	for (i = 0; i < 100 && !b.err; i++)
		radius_put(&b, RADIUS_REPLY_MESSAGE, big, 100);
	EXPECT_ERR(b.err, RADIUS_E_NOSPC);
	EXPECT(b.len <= RADIUS_MAX_LEN && b.len > RADIUS_MAX_LEN - 102);
	/* exactly full */
	radius_init(&b, buf, 20 + 18 + 10, RADIUS_ACCESS_REQUEST, 1, req_auth);
	EXPECT_ERR(radius_put(&b, RADIUS_STATE, big, 8), RADIUS_OK);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, &sent),
		   RADIUS_OK);
	EXPECT_EQ(len, 48);
	radius_init(&b, buf, 20 + 18 + 10, RADIUS_ACCESS_REQUEST, 1, req_auth);
	EXPECT_ERR(radius_put(&b, RADIUS_STATE, big, 9), RADIUS_E_NOSPC);
	/* no room for the header and Message-Authenticator */
	EXPECT_ERR(radius_init(&b, buf, 19, RADIUS_ACCOUNTING_REQUEST, 1,
			       NULL), RADIUS_E_NOSPC);
	EXPECT_ERR(radius_init(&b, buf, 37, RADIUS_ACCESS_REQUEST, 1,
			       req_auth), RADIUS_E_NOSPC);
	/* arguments */
	EXPECT_ERR(radius_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1,
			       NULL), RADIUS_E_INVAL);
	EXPECT_ERR(radius_init(&b, buf, sizeof(buf), RADIUS_ACCOUNTING_REQUEST,
			       1, req_auth), RADIUS_E_INVAL);
	EXPECT_ERR(radius_init(&b, buf, sizeof(buf), 46, 1, req_auth),
		   RADIUS_E_INVAL);
	EXPECT_ERR(radius_init(&b, buf, sizeof(buf), RADIUS_COA_REQUEST, 1,
			       req_auth), RADIUS_E_INVAL);
	radius_init(&b, buf, sizeof(buf), RADIUS_ACCOUNTING_REQUEST, 1, NULL);
	EXPECT_ERR(radius_put_user_password(&b, "pw", 2, SECRET, SECRET_LEN),
		   RADIUS_E_INVAL);
	radius_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1, req_auth);
	EXPECT_ERR(radius_finish(&b, SECRET, 0, &len, &sent), RADIUS_E_INVAL);
}

/* ---- Access-Accept and its tamperings ---- */

struct accept_info {
	size_t len;
	size_t ma;		/* Message-Authenticator value */
	size_t reply_msg;	/* Reply-Message attribute */
	size_t recv_key;	/* MS-MPPE-Recv-Key VSA */
};

/* The §7 Access-Accept, as FreeRADIUS would answer build_dk_request(). */
static struct accept_info build_dk_accept(uint8_t *buf, size_t size)
{
	struct accept_info ai = { 0 };
	uint8_t success[43], recv[16], send[16];
	struct radius_builder b;

	success[0] = 0;
	memcpy(success + 1, DK_SUCCESS, 42);
	unhex(DK_RECV_KEY, recv, sizeof(recv));
	unhex(DK_SEND_KEY, send, sizeof(send));
	radius_init(&b, buf, size, RADIUS_ACCESS_ACCEPT, 0x2a, req_auth);
	radius_put_msg_auth(&b);
	ai.ma = b.msg_auth;
	radius_put_str(&b, RADIUS_USER_NAME, DK_NAI);
	radius_put_u32(&b, RADIUS_SESSION_TIMEOUT, 3600);
	radius_put_u32(&b, RADIUS_ACCT_INTERIM_INTERVAL, 600);
	radius_put_str(&b, RADIUS_CLASS, "class-1");
	radius_put_vsa(&b, RADIUS_VENDOR_MICROSOFT, RADIUS_MS_CHAP2_SUCCESS,
		       success, sizeof(success));
	ai.recv_key = b.len;
	radius_put_mppe_key(&b, RADIUS_MS_MPPE_RECV_KEY, recv, 16, 0x8a11,
			    SECRET, SECRET_LEN, req_auth);
	radius_put_mppe_key(&b, RADIUS_MS_MPPE_SEND_KEY, send, 16, 0x8a22,
			    SECRET, SECRET_LEN, req_auth);
	ai.reply_msg = b.len;
	radius_put_str(&b, RADIUS_REPLY_MESSAGE, "welcome");
	radius_put_str(&b, RADIUS_CLASS, "class-2");
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &ai.len, NULL),
		   RADIUS_OK);
	return ai;
}

static const struct radius_sent dk_sent = {
	RADIUS_ACCESS_REQUEST, 0x2a,
	{ 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	  0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f },
};

static void test_accept(const void *arg)
{
	uint8_t buf[1024], auth[16], ma[16], k2[32], mn_k2[32], ar[20], id;
	uint8_t want_ar[20], ac[16], pc[16], nt[24];
	struct accept_info ai = build_dk_accept(buf, sizeof(buf));
	struct radius_reply r;

	(void)arg;
	/* signatures as computed independently */
	ref_msg_auth(buf, ai.len, ai.ma, req_auth, ma);
	EXPECT_MEM(buf + ai.ma, ma, 16);
	ref_packet_auth(buf, ai.len, req_auth, auth);
	EXPECT_MEM(buf + 4, auth, 16);

	EXPECT_ERR(radius_parse_reply(buf, ai.len, &dk_sent, SECRET,
				      SECRET_LEN, RADIUS_REQUIRE_MSG_AUTH,
				      &r), RADIUS_OK);
	EXPECT_EQ(r.code, RADIUS_ACCESS_ACCEPT);
	EXPECT_EQ(r.id, 0x2a);
	EXPECT_EQ(r.len, ai.len);
	EXPECT(r.msg_auth == buf + ai.ma);
	EXPECT(r.has_session_timeout);
	EXPECT_EQ(r.session_timeout, 3600);
	EXPECT(r.has_interim_interval);
	EXPECT_EQ(r.interim_interval, 600);
	EXPECT(r.user_name_len == strlen(DK_NAI) &&
	       !memcmp(r.user_name, DK_NAI, r.user_name_len));
	EXPECT(r.reply_message_len == 7 &&
	       !memcmp(r.reply_message, "welcome", 7));
	EXPECT_EQ(r.n_class, 2);
	EXPECT(r.class_len[0] == 7 && !memcmp(r.class_[0], "class-1", 7));
	EXPECT(r.class_len[1] == 7 && !memcmp(r.class_[1], "class-2", 7));
	EXPECT(!r.ms_chap_error);
	EXPECT(!r.state);
	EXPECT_EQ(r.ms_chap2_success_len, 43);
	EXPECT_EQ(r.mppe_recv_key_len, 34);
	EXPECT_EQ(r.mppe_send_key_len, 34);

	/* k'' as the HA gets it equals k'' as the MN computes it */
	unhex(DK_AUTH_CHAL, ac, sizeof(ac));
	unhex(DK_PEER_CHAL, pc, sizeof(pc));
	unhex(DK_NT_RESP, nt, sizeof(nt));
	EXPECT_ERR(radius_reply_k2(&r, SECRET, SECRET_LEN, req_auth, k2),
		   RADIUS_OK);
	EXPECT_EQ(mschap_mn_k2(DK_PASSWORD, strlen(DK_PASSWORD), nt, mn_k2),
		  0);
	EXPECT_MEM(k2, mn_k2, 32);
	unhex(DK_RECV_KEY DK_SEND_KEY, mn_k2, sizeof(mn_k2));
	EXPECT_MEM(k2, mn_k2, 32);
	/* the AuthenticatorResponse for KEYGEN_REP */
	EXPECT_ERR(radius_reply_auth_response(&r, &id, ar), RADIUS_OK);
	EXPECT_EQ(id, 0);
	unhex(&DK_SUCCESS[2], want_ar, sizeof(want_ar));
	EXPECT_MEM(ar, want_ar, 20);
	EXPECT_EQ(mschap_check_authenticator_response(DK_PASSWORD,
			strlen(DK_PASSWORD), nt, pc, ac, DK_NAI,
			strlen(DK_NAI), ar), 0);
}

/* A tampering of the §7 Access-Accept and the error it must cause. */
struct tamper {
	size_t (*mutate)(uint8_t *pkt, const struct accept_info *ai);
	enum radius_err want;
	unsigned int flags;
	const char *secret;
};

static size_t t_none(uint8_t *pkt, const struct accept_info *ai)
{
	(void)pkt;
	return ai->len;
}

static size_t t_flip_attr(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[ai->reply_msg + 2] ^= 0x20;
	return ai->len;
}

/* ... by someone who can forge the Response Authenticator only */
static size_t t_flip_attr_resigned(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[ai->reply_msg + 2] ^= 0x20;
	resign(pkt, 0);
	return ai->len;
}

static size_t t_bad_msg_auth(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[ai->ma + 15] ^= 0x01;
	resign(pkt, 0);
	return ai->len;
}

static size_t t_flip_resp_auth(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[4] ^= 0x80;
	return ai->len;
}

/* Removes @n octets at @off and fixes Length. */
static size_t cut(uint8_t *pkt, size_t len, size_t off, size_t n)
{
	memmove(pkt + off, pkt + off + n, len - off - n);
	set_length(pkt, len - n);
	return len - n;
}

/* Appends @n octets and fixes Length. */
static size_t append(uint8_t *pkt, size_t len, const void *p, size_t n)
{
	memcpy(pkt + len, p, n);
	set_length(pkt, len + n);
	return len + n;
}

static size_t t_no_msg_auth(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = cut(pkt, ai->len, ai->ma - 2, 18);

	resign(pkt, 0);
	return len;
}

static size_t t_msg_auth_17(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = cut(pkt, ai->len, ai->ma, 1);

	pkt[ai->ma - 1] = 17;
	resign(pkt, 0);
	return len;
}

static size_t t_msg_auth_twice(uint8_t *pkt, const struct accept_info *ai)
{
	uint8_t ma[18] = { RADIUS_MESSAGE_AUTHENTICATOR, 18 };
	size_t len = append(pkt, ai->len, ma, sizeof(ma));

	resign(pkt, ai->ma);
	return len;
}

static size_t t_len_over(uint8_t *pkt, const struct accept_info *ai)
{
	set_length(pkt, ai->len + 1);
	return ai->len;
}

static size_t t_len_19(uint8_t *pkt, const struct accept_info *ai)
{
	set_length(pkt, 19);
	return ai->len;
}

static size_t t_len_4097(uint8_t *pkt, const struct accept_info *ai)
{
	(void)ai;
	memset(pkt + ai->len, 0, 4200 - ai->len);
	set_length(pkt, 4097);
	return 4200;
}

static size_t t_short(uint8_t *pkt, const struct accept_info *ai)
{
	(void)pkt;
	(void)ai;
	return 19;
}

/* octets past Length are padding (RFC 2865 §3) */
static size_t t_trailing(uint8_t *pkt, const struct accept_info *ai)
{
	memset(pkt + ai->len, 0xee, 30);
	return ai->len + 30;
}

static size_t t_attr_len_0(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = append(pkt, ai->len, "\x12\x00", 2);

	resign(pkt, ai->ma);
	return len;
}

/* followed by octets that would parse if the walk went on from there */
static size_t t_attr_len_1(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = append(pkt, ai->len, "\x12\x01\x02\x12\x03x", 6);

	resign(pkt, ai->ma);
	return len;
}

static size_t t_attr_overrun(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = append(pkt, ai->len, "\x12\x05zz", 4);

	resign(pkt, ai->ma);
	return len;
}

/* a lone Type octet at the end (reading its Length overruns: ASan) */
static size_t t_attr_half(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = append(pkt, ai->len, "\x12", 1);

	resign(pkt, ai->ma);
	return len;
}

/* Length cuts the last attribute short; the datagram still has it all */
static size_t t_len_cuts_attr(uint8_t *pkt, const struct accept_info *ai)
{
	set_length(pkt, ai->len - 1);
	resign(pkt, ai->ma);
	return ai->len;
}

static size_t t_wrong_id(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[1] ^= 1;
	resign(pkt, ai->ma);
	return ai->len;
}

static size_t t_code_acct(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[0] = RADIUS_ACCOUNTING_RESPONSE;
	resign(pkt, ai->ma);
	return ai->len;
}

static size_t t_code_request(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[0] = RADIUS_ACCESS_REQUEST;
	resign(pkt, ai->ma);
	return ai->len;
}

static size_t t_code_reject(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[0] = RADIUS_ACCESS_REJECT;
	resign(pkt, ai->ma);
	return ai->len;
}

/* the Recv-Key VSA claims one octet more for its sub-attribute */
static size_t t_vsa_sublen(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[ai->recv_key + 7]++;
	resign(pkt, ai->ma);
	return ai->len;
}

/* ... or one less, leaving a 1-octet remainder */
static size_t t_vsa_sublen_short(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[ai->recv_key + 7]--;
	resign(pkt, ai->ma);
	return ai->len;
}

/* Recv-Key value of 33 octets: salt + 31 */
static size_t t_mppe_len(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = cut(pkt, ai->len, ai->recv_key + 8 + 33, 1);

	pkt[ai->recv_key + 1]--;
	pkt[ai->recv_key + 7]--;
	resign(pkt, ai->ma);
	return len;
}

static size_t t_mppe_salt(uint8_t *pkt, const struct accept_info *ai)
{
	pkt[ai->recv_key + 8] &= 0x7f;
	resign(pkt, ai->ma);
	return ai->len;
}

/* a second Send-Key: which one would the HA use? */
static size_t t_mppe_twice(uint8_t *pkt, const struct accept_info *ai)
{
	uint8_t vsa[42];
	size_t len;

	memcpy(vsa, pkt + ai->recv_key, 42);
	len = append(pkt, ai->len, vsa, sizeof(vsa));
	resign(pkt, ai->ma);
	return len;
}

static size_t t_session_timeout_3(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = append(pkt, ai->len, "\x1b\x05\x00\x0e\x10", 5);

	resign(pkt, ai->ma);
	return len;
}

/* Acct-Interim-Interval (85) of 3 octets, and a second one. */
static size_t t_interim_3(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = append(pkt, ai->len, "\x55\x05\x00\x02\x58", 5);

	resign(pkt, ai->ma);
	return len;
}

static size_t t_interim_twice(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = append(pkt, ai->len, "\x55\x06\x00\x00\x02\x58", 6);

	resign(pkt, ai->ma);
	return len;
}

static size_t t_session_timeout_5(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = append(pkt, ai->len, "\x1b\x07\x00\x00\x0e\x10\x00",
			    7);

	resign(pkt, ai->ma);
	return len;
}

/* another vendor's VSA with any content is skipped */
static size_t t_other_vendor(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = append(pkt, ai->len, "\x1a\x09\x00\x00\x00\x09\xff\x00\x01",
			    9);

	resign(pkt, ai->ma);
	return len;
}

/* a VSA too short for a vendor id is not ours either */
static size_t t_short_vsa(uint8_t *pkt, const struct accept_info *ai)
{
	size_t len = append(pkt, ai->len, "\x1a\x04\x00\x00", 4);

	resign(pkt, ai->ma);
	return len;
}

static const struct tamper tamper_none = { t_none, RADIUS_OK,
	RADIUS_REQUIRE_MSG_AUTH, NULL };
static const struct tamper tamper_secret = { t_none, RADIUS_E_AUTHENTICATOR,
	RADIUS_REQUIRE_MSG_AUTH, "testing124" };
static const struct tamper tamper_secret_short = { t_none,
	RADIUS_E_AUTHENTICATOR, 0, "testing12" };
static const struct tamper tamper_flip = { t_flip_attr,
	RADIUS_E_AUTHENTICATOR, 0, NULL };
static const struct tamper tamper_flip_resigned = { t_flip_attr_resigned,
	RADIUS_E_MSG_AUTH, 0, NULL };
static const struct tamper tamper_bad_ma = { t_bad_msg_auth,
	RADIUS_E_MSG_AUTH, 0, NULL };
static const struct tamper tamper_resp_auth = { t_flip_resp_auth,
	RADIUS_E_AUTHENTICATOR, 0, NULL };
static const struct tamper tamper_no_ma_required = { t_no_msg_auth,
	RADIUS_E_MSG_AUTH_MISSING, RADIUS_REQUIRE_MSG_AUTH, NULL };
static const struct tamper tamper_no_ma_optional = { t_no_msg_auth,
	RADIUS_OK, 0, NULL };
static const struct tamper tamper_ma_17 = { t_msg_auth_17,
	RADIUS_E_ATTR_VALUE, 0, NULL };
static const struct tamper tamper_ma_twice = { t_msg_auth_twice,
	RADIUS_E_DUPLICATE, 0, NULL };
static const struct tamper tamper_len_over = { t_len_over, RADIUS_E_LENGTH,
	0, NULL };
static const struct tamper tamper_len_19 = { t_len_19, RADIUS_E_LENGTH, 0,
	NULL };
static const struct tamper tamper_len_4097 = { t_len_4097, RADIUS_E_LENGTH,
	0, NULL };
static const struct tamper tamper_short = { t_short, RADIUS_E_SHORT, 0,
	NULL };
static const struct tamper tamper_trailing = { t_trailing, RADIUS_OK,
	RADIUS_REQUIRE_MSG_AUTH, NULL };
static const struct tamper tamper_attr_0 = { t_attr_len_0,
	RADIUS_E_ATTR_LEN, 0, NULL };
static const struct tamper tamper_attr_1 = { t_attr_len_1,
	RADIUS_E_ATTR_LEN, 0, NULL };
static const struct tamper tamper_attr_overrun = { t_attr_overrun,
	RADIUS_E_ATTR_LEN, 0, NULL };
static const struct tamper tamper_attr_half = { t_attr_half,
	RADIUS_E_ATTR_LEN, 0, NULL };
static const struct tamper tamper_len_cuts = { t_len_cuts_attr,
	RADIUS_E_ATTR_LEN, 0, NULL };
static const struct tamper tamper_id = { t_wrong_id, RADIUS_E_ID, 0, NULL };
static const struct tamper tamper_code_acct = { t_code_acct, RADIUS_E_CODE,
	0, NULL };
static const struct tamper tamper_code_req = { t_code_request,
	RADIUS_E_CODE, 0, NULL };
static const struct tamper tamper_code_reject = { t_code_reject, RADIUS_OK,
	RADIUS_REQUIRE_MSG_AUTH, NULL };
static const struct tamper tamper_vsa_sublen = { t_vsa_sublen, RADIUS_E_VSA,
	0, NULL };
static const struct tamper tamper_vsa_sublen_short = { t_vsa_sublen_short,
	RADIUS_E_VSA, 0, NULL };
static const struct tamper tamper_mppe_len = { t_mppe_len,
	RADIUS_E_MPPE_LEN, 0, NULL };
static const struct tamper tamper_mppe_salt = { t_mppe_salt,
	RADIUS_E_MPPE_SALT, 0, NULL };
static const struct tamper tamper_mppe_twice = { t_mppe_twice,
	RADIUS_E_DUPLICATE, 0, NULL };
static const struct tamper tamper_timeout_3 = { t_session_timeout_3,
	RADIUS_E_ATTR_VALUE, 0, NULL };
static const struct tamper tamper_timeout_5 = { t_session_timeout_5,
	RADIUS_E_ATTR_VALUE, 0, NULL };
static const struct tamper tamper_interim_3 = { t_interim_3,
	RADIUS_E_ATTR_VALUE, 0, NULL };
static const struct tamper tamper_interim_twice = { t_interim_twice,
	RADIUS_E_DUPLICATE, 0, NULL };
static const struct tamper tamper_other_vendor = { t_other_vendor, RADIUS_OK,
	RADIUS_REQUIRE_MSG_AUTH, NULL };
static const struct tamper tamper_short_vsa = { t_short_vsa, RADIUS_OK,
	RADIUS_REQUIRE_MSG_AUTH, NULL };

static void test_tamper(const void *arg)
{
	const struct tamper *t = arg;
	static uint8_t buf[4200];
	const char *secret = t->secret ? t->secret : SECRET;
	struct accept_info ai;
	struct radius_reply r;
	uint8_t *copy;
	size_t len;

	memset(buf, 0, sizeof(buf));
	ai = build_dk_accept(buf, sizeof(buf));
	len = t->mutate(buf, &ai);
	/* an exact-size datagram, so that sanitizers see any overrun */
	copy = malloc(len);
	if (!copy) {
		ktap_fail(__FILE__, __LINE__, "out of memory");
		return;
	}
	memcpy(copy, buf, len);
	EXPECT_ERR(radius_parse_reply(copy, len, &dk_sent, secret,
				      strlen(secret), t->flags, &r), t->want);
	free(copy);
}

/* MPPE values that parse but cannot be decrypted into a 16-octet key. */
static size_t accept_with_recv(uint8_t *buf, const uint8_t *value, size_t n)
{
	uint8_t send[16] = { 1 };
	struct radius_builder b;
	size_t len = 0;

	radius_init(&b, buf, 512, RADIUS_ACCESS_ACCEPT, 0x2a, req_auth);
	radius_put_msg_auth(&b);
	radius_put_vsa(&b, RADIUS_VENDOR_MICROSOFT, RADIUS_MS_MPPE_RECV_KEY,
		       value, n);
	radius_put_mppe_key(&b, RADIUS_MS_MPPE_SEND_KEY, send, 16, 0x8002,
			    SECRET, SECRET_LEN, req_auth);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, NULL),
		   RADIUS_OK);
	return len;
}

static void test_mppe_in_reply(const void *arg)
{
	uint8_t buf[512], plain[48] = { 0 }, value[50], k2[32];
	struct radius_reply r;
	size_t len, n;

	(void)arg;
	/* key length 0 with 31 octets of padding */
	n = ref_mppe_hide(plain, 32, 0x8001, value);
	len = accept_with_recv(buf, value, n);
	EXPECT_ERR(radius_parse_reply(buf, len, &dk_sent, SECRET, SECRET_LEN,
				      RADIUS_REQUIRE_MSG_AUTH, &r), RADIUS_OK);
	memset(k2, 0x55, sizeof(k2));
	EXPECT_ERR(radius_reply_k2(&r, SECRET, SECRET_LEN, req_auth, k2),
		   RADIUS_E_MPPE_KEY);
	EXPECT_MEM(k2, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
		   "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 32);
	/* a 15-octet key: well-formed, but not what k'' needs */
	plain[0] = 15;
	n = ref_mppe_hide(plain, 16, 0x8001, value);
	len = accept_with_recv(buf, value, n);
	EXPECT_ERR(radius_parse_reply(buf, len, &dk_sent, SECRET, SECRET_LEN,
				      RADIUS_REQUIRE_MSG_AUTH, &r), RADIUS_OK);
	EXPECT_ERR(radius_reply_k2(&r, SECRET, SECRET_LEN, req_auth, k2),
		   RADIUS_E_MPPE_KEY);
	/* a 16-octet key padded to 48 */
	plain[0] = 16;
	n = ref_mppe_hide(plain, 48, 0x8001, value);
	len = accept_with_recv(buf, value, n);
	EXPECT_ERR(radius_parse_reply(buf, len, &dk_sent, SECRET, SECRET_LEN,
				      RADIUS_REQUIRE_MSG_AUTH, &r), RADIUS_OK);
	EXPECT_ERR(radius_reply_k2(&r, SECRET, SECRET_LEN, req_auth, k2),
		   RADIUS_E_MPPE_KEY);
	/* a 16-octet key with 15 octets of padding is right */
	n = ref_mppe_hide(plain, 32, 0x8001, value);
	len = accept_with_recv(buf, value, n);
	EXPECT_ERR(radius_parse_reply(buf, len, &dk_sent, SECRET, SECRET_LEN,
				      RADIUS_REQUIRE_MSG_AUTH, &r), RADIUS_OK);
	EXPECT_ERR(radius_reply_k2(&r, SECRET, SECRET_LEN, req_auth, k2),
		   RADIUS_OK);
	/* no Send-Key */
	r.mppe_send_key = NULL;
	EXPECT_ERR(radius_reply_k2(&r, SECRET, SECRET_LEN, req_auth, k2),
		   RADIUS_E_MISSING);
}

static void test_reject(const void *arg)
{
	static const char err[] = "\x00"
		"E=691 R=1 C=00000000000000000000000000000000 V=3 M=Denied";
	uint8_t buf[512], ar[20], k2[32];
	struct radius_builder b;
	struct radius_reply r;
	size_t len = 0;

	(void)arg;
	radius_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REJECT, 0x2a, req_auth);
	radius_put_msg_auth(&b);
	radius_put_vsa(&b, RADIUS_VENDOR_MICROSOFT, RADIUS_MS_CHAP_ERROR, err,
		       sizeof(err) - 1);
	radius_put_str(&b, RADIUS_REPLY_MESSAGE, "no");
	radius_put_str(&b, RADIUS_REPLY_MESSAGE, "really");
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, NULL),
		   RADIUS_OK);
	EXPECT_ERR(radius_parse_reply(buf, len, &dk_sent, SECRET, SECRET_LEN,
				      RADIUS_REQUIRE_MSG_AUTH, &r), RADIUS_OK);
	EXPECT_EQ(r.code, RADIUS_ACCESS_REJECT);
	EXPECT_EQ(r.ms_chap_error_len, sizeof(err) - 1);
	EXPECT_MEM(r.ms_chap_error, err, sizeof(err) - 1);
	EXPECT(r.reply_message_len == 2 && !memcmp(r.reply_message, "no", 2));
	EXPECT(!r.has_session_timeout && !r.n_class && !r.mppe_send_key);
	EXPECT_ERR(radius_reply_auth_response(&r, NULL, ar), RADIUS_E_MISSING);
	EXPECT_ERR(radius_reply_k2(&r, SECRET, SECRET_LEN, req_auth, k2),
		   RADIUS_E_MISSING);
}

struct success_case {
	const char *value;	/* after the ident octet */
	enum radius_err want;
};

static const struct success_case success_cases[] = {
	{ DK_SUCCESS, RADIUS_OK },
	{ "S=1b1cee97522fda4eaaa3645433ccf6c7191bc5cb", RADIUS_OK },
	{ DK_SUCCESS " M=Welcome", RADIUS_OK },
	{ DK_SUCCESS "M", RADIUS_E_ATTR_VALUE },
	{ "S=1B1CEE97522FDA4EAAA3645433CCF6C7191BC5C", RADIUS_E_ATTR_VALUE },
	{ "S=1B1CEE97522FDA4EAAA3645433CCF6C7191BC5CG", RADIUS_E_ATTR_VALUE },
	{ "s=1B1CEE97522FDA4EAAA3645433CCF6C7191BC5CB", RADIUS_E_ATTR_VALUE },
	{ "S:1B1CEE97522FDA4EAAA3645433CCF6C7191BC5CB", RADIUS_E_ATTR_VALUE },
};

static void test_success_parse(const void *arg)
{
	uint8_t want[20], out[20], id = 0;
	struct radius_reply r;
	uint8_t v[64];
	size_t i;

	(void)arg;
	unhex(&DK_SUCCESS[2], want, sizeof(want));
	for (i = 0; i < sizeof(success_cases) / sizeof(success_cases[0]); i++) {
		memset(&r, 0, sizeof(r));
		v[0] = 7;
		memcpy(v + 1, success_cases[i].value,
		       strlen(success_cases[i].value));
		r.ms_chap2_success = v;
		r.ms_chap2_success_len = 1 + strlen(success_cases[i].value);
		EXPECT_ERR(radius_reply_auth_response(&r, &id, out),
			   success_cases[i].want);
		if (success_cases[i].want == RADIUS_OK) {
			EXPECT_EQ(id, 7);
			EXPECT_MEM(out, want, 20);
		}
	}
}

/* ---- accounting ---- */

static void test_accounting(const void *arg)
{
	static const uint8_t zero[16];
	uint8_t buf[512], rbuf[128], auth[16];
	struct radius_sent sent, vsent;
	struct radius_builder b;
	struct radius_reply r;
	size_t len = 0, rlen = 0, off = RADIUS_HDR_LEN, vlen;
	const uint8_t *v;
	uint8_t type;

	(void)arg;
	EXPECT_ERR(radius_init(&b, buf, sizeof(buf),
			       RADIUS_ACCOUNTING_REQUEST, 9, NULL), RADIUS_OK);
	radius_put_u32(&b, RADIUS_ACCT_STATUS_TYPE, RADIUS_ACCT_STOP);
	radius_put_str(&b, RADIUS_ACCT_SESSION_ID, "0000002a");
	radius_put_str(&b, RADIUS_USER_NAME, DK_NAI);
	radius_put_addr(&b, RADIUS_NAS_IP_ADDRESS, ip("10.1.0.1"));
	radius_put_addr(&b, RADIUS_FRAMED_IP_ADDRESS, ip("10.1.0.10"));
	radius_put_str(&b, RADIUS_CLASS, "class-1");
	radius_put_u32(&b, RADIUS_ACCT_INPUT_OCTETS, 123456);
	radius_put_u32(&b, RADIUS_ACCT_OUTPUT_OCTETS, 654321);
	radius_put_u32(&b, RADIUS_ACCT_INPUT_PACKETS, 100);
	radius_put_u32(&b, RADIUS_ACCT_OUTPUT_PACKETS, 200);
	radius_put_u32(&b, RADIUS_ACCT_SESSION_TIME, 1800);
	radius_put_u32(&b, RADIUS_ACCT_TERMINATE_CAUSE, 1);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &len, &sent),
		   RADIUS_OK);
	EXPECT_EQ(buf[0], RADIUS_ACCOUNTING_REQUEST);
	EXPECT_EQ(len, 20 + 6 + 10 + 22 + 6 + 6 + 9 + 6 * 6);
	/* RFC 2866 §3: MD5 over the packet with 16 zero octets, then secret */
	ref_packet_auth(buf, len, zero, auth);
	EXPECT_MEM(buf + 4, auth, 16);
	EXPECT_MEM(sent.auth, auth, 16);
	/* no Message-Authenticator in accounting */
	EXPECT_EQ(radius_attr_next(buf, len, &off, &type, &v, &vlen), 1);
	EXPECT_EQ(type, RADIUS_ACCT_STATUS_TYPE);
	EXPECT(vlen == 4 && !memcmp(v, "\0\0\0\2", 4));
	EXPECT_ERR(radius_verify_request(buf, len, SECRET, SECRET_LEN, 0,
					 &vsent), RADIUS_OK);
	EXPECT_MEM(&vsent, &sent, sizeof(sent));
	buf[len - 1] ^= 1;
	EXPECT_ERR(radius_verify_request(buf, len, SECRET, SECRET_LEN, 0,
					 &vsent), RADIUS_E_AUTHENTICATOR);
	buf[len - 1] ^= 1;

	/* the Accounting-Response */
	EXPECT_ERR(radius_init(&b, rbuf, sizeof(rbuf),
			       RADIUS_ACCOUNTING_RESPONSE, 9, sent.auth),
		   RADIUS_OK);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &rlen, NULL),
		   RADIUS_OK);
	EXPECT_EQ(rlen, 20);
	ref_packet_auth(rbuf, rlen, sent.auth, auth);
	EXPECT_MEM(rbuf + 4, auth, 16);
	EXPECT_ERR(radius_parse_reply(rbuf, rlen, &sent, SECRET, SECRET_LEN,
				      0, &r), RADIUS_OK);
	EXPECT_EQ(r.code, RADIUS_ACCOUNTING_RESPONSE);
	EXPECT_ERR(radius_parse_reply(rbuf, rlen, &sent, "x", 1, 0, &r),
		   RADIUS_E_AUTHENTICATOR);
	EXPECT_ERR(radius_parse_reply(rbuf, rlen, &sent, SECRET, SECRET_LEN,
				      RADIUS_REQUIRE_MSG_AUTH, &r),
		   RADIUS_E_MSG_AUTH_MISSING);
	EXPECT_ERR(radius_parse_reply(rbuf, rlen, &dk_sent, SECRET, SECRET_LEN,
				      0, &r), RADIUS_E_CODE);
	rbuf[0] = RADIUS_ACCESS_ACCEPT;
	EXPECT_ERR(radius_parse_reply(rbuf, rlen, &sent, SECRET, SECRET_LEN,
				      0, &r), RADIUS_E_CODE);
	/* an Accounting-Response with a Message-Authenticator */
	radius_init(&b, rbuf, sizeof(rbuf), RADIUS_ACCOUNTING_RESPONSE, 9,
		    sent.auth);
	radius_put_msg_auth(&b);
	EXPECT_ERR(radius_finish(&b, SECRET, SECRET_LEN, &rlen, NULL),
		   RADIUS_OK);
	EXPECT_ERR(radius_parse_reply(rbuf, rlen, &sent, SECRET, SECRET_LEN,
				      RADIUS_REQUIRE_MSG_AUTH, &r), RADIUS_OK);
}

static void test_strerror(const void *arg)
{
	unsigned int e;

	(void)arg;
	for (e = 0; e < RADIUS_E__COUNT; e++)
		EXPECT(radius_strerror(e) && *radius_strerror(e));
	EXPECT(!strcmp(radius_strerror(RADIUS_E__COUNT), "unknown error"));
	EXPECT(!strcmp(radius_strerror(RADIUS_E_MSG_AUTH),
		       "bad Message-Authenticator"));
}

static const struct ktap_case vector_cases[] = {
	{ "hmac_md5_rfc2202_1", test_hmac, &rfc2202_1 },
	{ "hmac_md5_rfc2202_2", test_hmac, &rfc2202_2 },
	{ "hmac_md5_rfc2202_3", test_hmac, &rfc2202_3 },
	{ "hmac_sha256_rfc4231_1", test_hmac, &rfc4231_1 },
	{ "user_password_rfc2865", test_user_password, NULL },
	{ "mppe_key_rfc2548", test_mppe_vector, NULL },
};

static const struct ktap_case mppe_cases[] = {
	{ "key_31_no_padding", test_mppe_bad, &mppe_ok_31 },
	{ "key_0", test_mppe_bad, &mppe_ok_0 },
	{ "key_length_past_end", test_mppe_bad, &mppe_key_past_end },
	{ "key_length_255", test_mppe_bad, &mppe_key_len_255 },
	{ "padding_16", test_mppe_bad, &mppe_pad_16 },
	{ "padding_31", test_mppe_bad, &mppe_pad_31 },
	{ "value_33", test_mppe_bad, &mppe_len_33 },
	{ "value_35", test_mppe_bad, &mppe_len_35 },
	{ "value_2", test_mppe_bad, &mppe_len_2 },
	{ "value_258", test_mppe_bad, &mppe_len_258 },
	{ "salt_high_bit_clear", test_mppe_bad, &mppe_salt },
	{ "key_buffer_too_small", test_mppe_bad, &mppe_nospc },
	{ "in_reply", test_mppe_in_reply, NULL },
};

static const struct ktap_case request_cases[] = {
	{ "access_request_section7", test_access_request, NULL },
	{ "dynauth_vectors", test_dynauth, NULL },
	{ "dynauth_attributes", test_dynauth_attributes, NULL },
	{ "builder_limits", test_builder_limits, NULL },
	{ "accounting", test_accounting, NULL },
	{ "strerror", test_strerror, NULL },
};

static const struct ktap_case reply_cases[] = {
	{ "accept_section7", test_accept, NULL },
	{ "reject", test_reject, NULL },
	{ "ms_chap2_success", test_success_parse, NULL },
	{ "untouched", test_tamper, &tamper_none },
	{ "wrong_secret", test_tamper, &tamper_secret },
	{ "wrong_secret_shorter", test_tamper, &tamper_secret_short },
	{ "flipped_attribute_byte", test_tamper, &tamper_flip },
	{ "flipped_byte_response_auth_forged", test_tamper,
	  &tamper_flip_resigned },
	{ "bad_message_authenticator", test_tamper, &tamper_bad_ma },
	{ "bad_response_authenticator", test_tamper, &tamper_resp_auth },
	{ "no_message_authenticator_required", test_tamper,
	  &tamper_no_ma_required },
	{ "no_message_authenticator_optional", test_tamper,
	  &tamper_no_ma_optional },
	{ "message_authenticator_17_octets", test_tamper, &tamper_ma_17 },
	{ "message_authenticator_twice", test_tamper, &tamper_ma_twice },
	{ "length_larger_than_datagram", test_tamper, &tamper_len_over },
	{ "length_19", test_tamper, &tamper_len_19 },
	{ "length_4097", test_tamper, &tamper_len_4097 },
	{ "datagram_19_octets", test_tamper, &tamper_short },
	{ "trailing_octets_ignored", test_tamper, &tamper_trailing },
	{ "attribute_length_0", test_tamper, &tamper_attr_0 },
	{ "attribute_length_1", test_tamper, &tamper_attr_1 },
	{ "attribute_overrunning", test_tamper, &tamper_attr_overrun },
	{ "attribute_header_cut", test_tamper, &tamper_attr_half },
	{ "length_cuts_last_attribute", test_tamper, &tamper_len_cuts },
	{ "wrong_identifier", test_tamper, &tamper_id },
	{ "code_accounting_response", test_tamper, &tamper_code_acct },
	{ "code_access_request", test_tamper, &tamper_code_req },
	{ "code_access_reject", test_tamper, &tamper_code_reject },
	{ "ms_vsa_sub_length_long", test_tamper, &tamper_vsa_sublen },
	{ "ms_vsa_sub_length_short", test_tamper, &tamper_vsa_sublen_short },
	{ "mppe_value_33_octets", test_tamper, &tamper_mppe_len },
	{ "mppe_salt_high_bit_clear", test_tamper, &tamper_mppe_salt },
	{ "mppe_key_twice", test_tamper, &tamper_mppe_twice },
	{ "session_timeout_3_octets", test_tamper, &tamper_timeout_3 },
	{ "session_timeout_5_octets", test_tamper, &tamper_timeout_5 },
	{ "interim_interval_3_octets", test_tamper, &tamper_interim_3 },
	{ "interim_interval_twice", test_tamper, &tamper_interim_twice },
	{ "other_vendor_vsa_skipped", test_tamper, &tamper_other_vendor },
	{ "vsa_without_vendor_skipped", test_tamper, &tamper_short_vsa },
};

static const struct ktap_suite suites[] = {
	KTAP_SUITE("radius_vectors", vector_cases),
	KTAP_SUITE("radius_mppe", mppe_cases),
	KTAP_SUITE("radius_requests", request_cases),
	KTAP_SUITE("radius_replies", reply_cases),
};

int main(void)
{
	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
