// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the RADIUS reply path of mip4d (lib/radius.c), which
 * anyone who can spoof the AAA server's address can reach.
 *
 * Input: one flags octet, then the datagram's attributes (or, with
 * FLAG_RAW, a whole datagram). Unless FLAG_RAW, the harness signs the
 * attributes as the server would (Response Authenticator, and a
 * Message-Authenticator with FLAG_MSG_AUTH), so that the fuzzer gets past
 * the authenticators into attribute parsing, MPPE key decryption and the
 * MS-CHAP2-Success check. Whatever radius_parse_reply() accepts must point
 * inside the datagram.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/md5.h>

#include "fuzz.h"
#include "radius.h"

#define FLAG_RAW	0x01	/* the input is the whole datagram, unsigned */
#define FLAG_MSG_AUTH	0x02	/* sign with a Message-Authenticator first */
#define FLAG_REQUIRE	0x04	/* RADIUS_REQUIRE_MSG_AUTH */
#define FLAG_REJECT	0x08	/* Access-Reject (else Access-Accept) */
#define FLAG_ACCT	0x10	/* an Accounting-Response to an Accounting-Request */
/* Instead: a Disconnect-Request (with FLAG_REJECT a CoA-Request) as a
 * Dynamic Authorization Client signs it, through mip4d's server side.
 */
#define FLAG_DYNAUTH	0x40

static const char secret[] = "fuzz-secret";
#define SECRET_LEN	(sizeof(secret) - 1)

static void check_within(const uint8_t *pkt, size_t len, const uint8_t *p,
			 size_t n)
{
	if (!p) {
		CHECK(n == 0);
		return;
	}
	CHECK(p >= pkt && p <= pkt + len && n <= (size_t)(pkt + len - p));
}

/* Signs @pkt (@len octets, header and attributes written, Authenticator
 * field holding the Request Authenticator) as the server would: the
 * Message-Authenticator at @msg_auth_off (0: none), then the Response
 * Authenticator.
 */
static void sign(uint8_t *pkt, size_t len, size_t msg_auth_off)
{
	struct hmac_md5_ctx hmac;
	struct md5_ctx md5;

	if (msg_auth_off) {
		hmac_md5_set_key(&hmac, SECRET_LEN, (const uint8_t *)secret);
		hmac_md5_update(&hmac, len, pkt);
		hmac_md5_digest(&hmac, MD5_DIGEST_SIZE, pkt + msg_auth_off);
	}
	md5_init(&md5);
	md5_update(&md5, len, pkt);
	md5_update(&md5, SECRET_LEN, (const uint8_t *)secret);
	md5_digest(&md5, MD5_DIGEST_SIZE, pkt + 4);
}

/* What mip4d does with an accepted reply: the keys and the AAA server's
 * AuthenticatorResponse.
 */
static void use_reply(const uint8_t *pkt, size_t len,
		      const struct radius_sent *sent,
		      const struct radius_reply *r)
{
	uint8_t k2[32], auth_response[20], ident;
	unsigned int i;

	CHECK(r->len <= len && r->code == pkt[0] && r->id == pkt[1]);
	check_within(pkt, len, r->user_name, r->user_name_len);
	check_within(pkt, len, r->reply_message, r->reply_message_len);
	check_within(pkt, len, r->state, r->state_len);
	check_within(pkt, len, r->ms_chap2_success, r->ms_chap2_success_len);
	check_within(pkt, len, r->ms_chap_error, r->ms_chap_error_len);
	check_within(pkt, len, r->mppe_send_key, r->mppe_send_key_len);
	check_within(pkt, len, r->mppe_recv_key, r->mppe_recv_key_len);
	CHECK(r->n_class <= RADIUS_REPLY_MAX_CLASS);
	for (i = 0; i < r->n_class; i++)
		check_within(pkt, len, r->class_[i], r->class_len[i]);
	if (r->msg_auth)
		check_within(pkt, len, r->msg_auth, 16);

	radius_reply_k2(r, secret, SECRET_LEN, sent->auth, k2);
	radius_reply_auth_response(r, &ident, auth_response);
}

/* The server side of mip4d's dynamic authorization (dynauth.c). */
static void dynauth_request(uint8_t *pkt, size_t len)
{
	struct radius_dynauth d;
	struct radius_sent sent;
	unsigned int i;

	if (radius_verify_request(pkt, len, secret, SECRET_LEN,
				  RADIUS_REQUIRE_MSG_AUTH, &sent) != RADIUS_OK)
		return;
	if (radius_parse_dynauth(pkt, len, &d) != RADIUS_OK)
		return;
	CHECK(pkt[0] == 40 || pkt[0] == 43);
	check_within(pkt, len, d.user_name, d.user_name_len);
	check_within(pkt, len, d.session_id, d.session_id_len);
	check_within(pkt, len, d.nas_identifier, d.nas_identifier_len);
	CHECK(d.n_proxy_state <= RADIUS_DYNAUTH_MAX_PROXY_STATE);
	for (i = 0; i < d.n_proxy_state; i++)
		check_within(pkt, len, d.proxy_state[i], d.proxy_state_len[i]);
	CHECK(!d.has_session_timeout || pkt[0] == 43);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t pkt[RADIUS_MAX_LEN + 64];
	struct radius_sent sent = { .code = 1, .id = 7 };
	struct radius_reply r;
	size_t len, off = RADIUS_HDR_LEN, msg_auth_off = 0;
	unsigned int flags;
	uint8_t key[64];
	size_t key_len;

	if (size < 1)
		return 0;
	flags = data[0];
	data++;
	size--;
	memset(sent.auth, 0xa5, sizeof(sent.auth));
	if (flags & FLAG_ACCT)
		sent.code = 4;

	if (flags & FLAG_DYNAUTH) {
		if (flags & FLAG_RAW) {
			if (size > sizeof(pkt))
				return 0;
			memcpy(pkt, data, size);
			dynauth_request(pkt, size);
			return 0;
		}
		/* Message-Authenticator first, over a zero authenticator;
		 * then the Request Authenticator (RFC 5176 §3.3, §3.5).
		 */
		if (off + 18 + size > RADIUS_MAX_LEN)
			return 0;
		pkt[off] = 80;
		pkt[off + 1] = 18;
		memset(pkt + off + 2, 0, 16);
		memcpy(pkt + off + 18, data, size);
		len = off + 18 + size;
		pkt[0] = flags & FLAG_REJECT ? 43 : 40;
		pkt[1] = 9;
		pkt[2] = len >> 8;
		pkt[3] = len & 0xff;
		memset(pkt + 4, 0, RADIUS_AUTH_LEN);
		sign(pkt, len, off + 2);
		dynauth_request(pkt, len);
		return 0;
	}

	if (flags & FLAG_RAW) {
		if (size > sizeof(pkt))
			return 0;
		memcpy(pkt, data, size);
		len = size;
	} else {
		if (flags & FLAG_MSG_AUTH) {
			msg_auth_off = off + 2;
			pkt[off] = 80;		/* Message-Authenticator */
			pkt[off + 1] = 18;
			memset(pkt + msg_auth_off, 0, 16);
			off += 18;
		}
		if (off + size > RADIUS_MAX_LEN)
			return 0;
		memcpy(pkt + off, data, size);
		len = off + size;
		pkt[0] = flags & FLAG_ACCT ? 5 : flags & FLAG_REJECT ? 3 : 2;
		pkt[1] = sent.id;
		pkt[2] = len >> 8;
		pkt[3] = len & 0xff;
		memcpy(pkt + 4, sent.auth, RADIUS_AUTH_LEN);
		sign(pkt, len, msg_auth_off);
	}

	memset(&r, 0, sizeof(r));
	if (radius_parse_reply(pkt, len, &sent, secret, SECRET_LEN,
			       flags & FLAG_REQUIRE ? RADIUS_REQUIRE_MSG_AUTH : 0,
			       &r) == RADIUS_OK) {
		/* Signed by us: only what we signed can pass. */
		CHECK(!(flags & FLAG_REQUIRE) || r.msg_auth);
		use_reply(pkt, len, &sent, &r);
	}

	/* The MPPE decryption on its own, on the input as a value. */
	if (radius_mppe_decrypt(data, size, secret, SECRET_LEN, sent.auth, key,
				flags & 0x20 ? 16 : sizeof(key),
				&key_len) == RADIUS_OK)
		CHECK(key_len <= (flags & 0x20 ? 16 : sizeof(key)));
	return 0;
}
