// SPDX-License-Identifier: GPL-2.0
/* RADIUS codec for the Home Agent's AAA client (see radius.h); nettle MD5. */

#include <string.h>

#include <nettle/hmac.h>
#include <nettle/md5.h>
#include <nettle/memops.h>

#include "radius.h"

static const char *const radius_errors[RADIUS_E__COUNT] = {
	[RADIUS_OK]			= "ok",
	[RADIUS_E_INVAL]		= "invalid argument",
	[RADIUS_E_NOSPC]		= "no space for the attribute",
	[RADIUS_E_SHORT]		= "datagram shorter than a RADIUS header",
	[RADIUS_E_LENGTH]		= "bad Length field",
	[RADIUS_E_CODE]			= "unexpected code",
	[RADIUS_E_ID]			= "Identifier does not match the request",
	[RADIUS_E_ATTR_LEN]		= "attribute length out of bounds",
	[RADIUS_E_ATTR_VALUE]		= "malformed attribute value",
	[RADIUS_E_DUPLICATE]		= "attribute present more than once",
	[RADIUS_E_VSA]			= "malformed Microsoft Vendor-Specific attribute",
	[RADIUS_E_AUTHENTICATOR]	= "bad Request/Response Authenticator",
	[RADIUS_E_MSG_AUTH]		= "bad Message-Authenticator",
	[RADIUS_E_MSG_AUTH_MISSING]	= "Message-Authenticator missing",
	[RADIUS_E_MPPE_LEN]		= "MS-MPPE key value length not salt + 16n",
	[RADIUS_E_MPPE_SALT]		= "MS-MPPE key salt without its high bit",
	[RADIUS_E_MPPE_KEY]		= "MS-MPPE key length or padding impossible",
	[RADIUS_E_MISSING]		= "required attribute missing",
};

const char *radius_strerror(enum radius_err err)
{
	if ((unsigned int)err >= RADIUS_E__COUNT)
		return "unknown error";
	return radius_errors[err];
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Requests whose Request Authenticator is an MD5 over a zero one. */
static bool is_signed_request(uint8_t code)
{
	return code == RADIUS_ACCOUNTING_REQUEST ||
	       code == RADIUS_DISCONNECT_REQUEST || code == RADIUS_COA_REQUEST;
}

static bool is_request(uint8_t code)
{
	return code == RADIUS_ACCESS_REQUEST || is_signed_request(code);
}

static bool is_reply(uint8_t code)
{
	return code == RADIUS_ACCESS_ACCEPT || code == RADIUS_ACCESS_REJECT ||
	       code == RADIUS_ACCESS_CHALLENGE ||
	       code == RADIUS_ACCOUNTING_RESPONSE ||
	       code == RADIUS_DISCONNECT_ACK || code == RADIUS_DISCONNECT_NAK ||
	       code == RADIUS_COA_ACK || code == RADIUS_COA_NAK;
}

/*
 * The hiding scheme shared by User-Password (RFC 2865 §5.2) and the MPPE
 * keys (RFC 2548 §2.4.2): b(1) = MD5(S ‖ R [‖ salt]), b(i) = MD5(S ‖
 * c(i-1)), c(i) = p(i) xor b(i). @len is a multiple of 16; @in and @out may
 * be the same buffer.
 */
static void radius_hide(const void *secret, size_t secret_len,
			const uint8_t req_auth[RADIUS_AUTH_LEN],
			const uint8_t *salt, size_t salt_len,
			const uint8_t *in, uint8_t *out, size_t len,
			bool decrypt)
{
	struct md5_ctx ctx;
	uint8_t b[MD5_DIGEST_SIZE], c[16];
	size_t i, j;

	md5_init(&ctx);
	md5_update(&ctx, secret_len, secret);
	md5_update(&ctx, RADIUS_AUTH_LEN, req_auth);
	if (salt_len)
		md5_update(&ctx, salt_len, salt);
	for (i = 0; i < len; i += 16) {
		md5_digest(&ctx, sizeof(b), b);
		/* c(i) feeds the next block: keep it before @out overwrites @in */
		if (decrypt)
			memcpy(c, in + i, 16);
		for (j = 0; j < 16; j++)
			out[i + j] = in[i + j] ^ b[j];
		if (!decrypt)
			memcpy(c, out + i, 16);
		md5_update(&ctx, secret_len, secret);
		md5_update(&ctx, 16, c);
	}
	explicit_bzero(&ctx, sizeof(ctx));
	explicit_bzero(b, sizeof(b));
	explicit_bzero(c, sizeof(c));
}

enum radius_err radius_hide_password(const void *password, size_t len,
				     const void *secret, size_t secret_len,
				     const uint8_t req_auth[RADIUS_AUTH_LEN],
				     uint8_t *out, size_t out_size,
				     size_t *out_len)
{
	size_t padded = (len + 15) / 16 * 16;

	if (!password || !len || len > 128 || !secret || !req_auth || !out)
		return RADIUS_E_INVAL;
	if (out_size < padded)
		return RADIUS_E_NOSPC;
	memset(out, 0, padded);
	memcpy(out, password, len);
	radius_hide(secret, secret_len, req_auth, NULL, 0, out, out, padded,
		    false);
	*out_len = padded;
	return RADIUS_OK;
}

enum radius_err radius_mppe_encrypt(const uint8_t *key, size_t key_len,
				    uint16_t salt, const void *secret,
				    size_t secret_len,
				    const uint8_t req_auth[RADIUS_AUTH_LEN],
				    uint8_t *out, size_t out_size,
				    size_t *out_len)
{
	size_t plain = (1 + key_len + 15) / 16 * 16;

	if ((!key && key_len) || key_len >= RADIUS_MPPE_KEY_MAX ||
	    !(salt & 0x8000) || !secret || !req_auth || !out || !out_len)
		return RADIUS_E_INVAL;
	if (out_size < 2 + plain)
		return RADIUS_E_NOSPC;
	put_be16(out, salt);
	memset(out + 2, 0, plain);
	out[2] = (uint8_t)key_len;
	if (key_len)
		memcpy(out + 3, key, key_len);
	radius_hide(secret, secret_len, req_auth, out, 2, out + 2, out + 2,
		    plain, false);
	*out_len = 2 + plain;
	return RADIUS_OK;
}

/* The shape of an MPPE key value: salt with its high bit, then 16n octets. */
static enum radius_err mppe_check_shape(const uint8_t *value, size_t len)
{
	if (len < 2 + 16 || (len - 2) % 16 || len - 2 > RADIUS_MPPE_KEY_MAX)
		return RADIUS_E_MPPE_LEN;
	if (!(value[0] & 0x80))
		return RADIUS_E_MPPE_SALT;
	return RADIUS_OK;
}

enum radius_err radius_mppe_decrypt(const uint8_t *value, size_t len,
				    const void *secret, size_t secret_len,
				    const uint8_t req_auth[RADIUS_AUTH_LEN],
				    uint8_t *key, size_t key_size,
				    size_t *key_len)
{
	uint8_t plain[RADIUS_MPPE_KEY_MAX];
	enum radius_err err;
	size_t n, klen;

	if (!value || !secret || !req_auth || !key_len || (!key && key_size))
		return RADIUS_E_INVAL;
	err = mppe_check_shape(value, len);
	if (err)
		return err;
	n = len - 2;
	radius_hide(secret, secret_len, req_auth, value, 2, value + 2, plain,
		    n, true);
	klen = plain[0];
	/* Key-Length, Key, then 0..15 octets of padding. */
	if (1 + klen > n || n - (1 + klen) > 15)
		err = RADIUS_E_MPPE_KEY;
	else if (klen > key_size)
		err = RADIUS_E_NOSPC;
	if (!err) {
		memcpy(key, plain + 1, klen);
		*key_len = klen;
	}
	explicit_bzero(plain, sizeof(plain));
	return err;
}

/* ---- builder ---- */

static enum radius_err builder_fail(struct radius_builder *b,
				    enum radius_err err)
{
	if (!b->err)
		b->err = err;
	return b->err;
}

/* Reserves an attribute of @vlen value octets; returns its value or NULL. */
static uint8_t *builder_attr(struct radius_builder *b, uint8_t type,
			     size_t vlen)
{
	uint8_t *p;

	if (b->err)
		return NULL;
	if (vlen < 1 || vlen > RADIUS_ATTR_MAX_VALUE) {
		builder_fail(b, vlen ? RADIUS_E_NOSPC : RADIUS_E_INVAL);
		return NULL;
	}
	if (b->size - b->len < 2 + vlen) {
		builder_fail(b, RADIUS_E_NOSPC);
		return NULL;
	}
	p = b->buf + b->len;
	p[0] = type;
	p[1] = (uint8_t)(2 + vlen);
	b->len += 2 + vlen;
	return p + 2;
}

enum radius_err radius_init(struct radius_builder *b, void *buf, size_t size,
			    uint8_t code, uint8_t id, const uint8_t *auth)
{
	if (!b)
		return RADIUS_E_INVAL;
	memset(b, 0, sizeof(*b));
	b->buf = buf;
	b->size = size > RADIUS_MAX_LEN ? RADIUS_MAX_LEN : size;
	if (!buf || !(is_request(code) || is_reply(code)) ||
	    is_signed_request(code) != !auth)
		return builder_fail(b, RADIUS_E_INVAL);
	if (b->size < RADIUS_HDR_LEN)
		return builder_fail(b, RADIUS_E_NOSPC);
	b->buf[0] = code;
	b->buf[1] = id;
	put_be16(b->buf + 2, RADIUS_HDR_LEN);
	if (auth)
		memcpy(b->buf + 4, auth, RADIUS_AUTH_LEN);
	else
		memset(b->buf + 4, 0, RADIUS_AUTH_LEN);
	b->len = RADIUS_HDR_LEN;
	/*
	 * First, so that no attribute can be chosen to precede it (the
	 * BlastRADIUS advice); RFC 5080 §2.2.2: clients SHOULD include one.
	 */
	if (code == RADIUS_ACCESS_REQUEST)
		return radius_put_msg_auth(b);
	return RADIUS_OK;
}

enum radius_err radius_put(struct radius_builder *b, uint8_t type,
			   const void *value, size_t len)
{
	uint8_t *p;

	if (!value)
		return builder_fail(b, RADIUS_E_INVAL);
	p = builder_attr(b, type, len);
	if (!p)
		return b->err;
	memcpy(p, value, len);
	return RADIUS_OK;
}

enum radius_err radius_put_str(struct radius_builder *b, uint8_t type,
			       const char *s)
{
	if (!s)
		return builder_fail(b, RADIUS_E_INVAL);
	return radius_put(b, type, s, strlen(s));
}

enum radius_err radius_put_u32(struct radius_builder *b, uint8_t type,
			       uint32_t v)
{
	uint8_t be[4] = { v >> 24, v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff };

	return radius_put(b, type, be, sizeof(be));
}

enum radius_err radius_put_addr(struct radius_builder *b, uint8_t type,
				uint32_t addr_be)
{
	return radius_put(b, type, &addr_be, sizeof(addr_be));
}

/* Reserves a one-sub-attribute VSA; returns the sub-attribute's value. */
static uint8_t *builder_vsa(struct radius_builder *b, uint32_t vendor,
			    uint8_t vtype, size_t len)
{
	uint8_t *p;

	if (b->err)
		return NULL;
	if (len < 1 || len > RADIUS_VSA_MAX_VALUE) {
		builder_fail(b, len ? RADIUS_E_NOSPC : RADIUS_E_INVAL);
		return NULL;
	}
	p = builder_attr(b, RADIUS_VENDOR_SPECIFIC, 4 + 2 + len);
	if (!p)
		return NULL;
	p[0] = vendor >> 24;
	p[1] = vendor >> 16 & 0xff;
	p[2] = vendor >> 8 & 0xff;
	p[3] = vendor & 0xff;
	p[4] = vtype;
	p[5] = (uint8_t)(2 + len);
	return p + 6;
}

enum radius_err radius_put_vsa(struct radius_builder *b, uint32_t vendor,
			       uint8_t vtype, const void *value, size_t len)
{
	uint8_t *p;

	if (!value)
		return builder_fail(b, RADIUS_E_INVAL);
	p = builder_vsa(b, vendor, vtype, len);
	if (!p)
		return b->err;
	memcpy(p, value, len);
	return RADIUS_OK;
}

enum radius_err radius_put_ms_chap_challenge(struct radius_builder *b,
					     const uint8_t challenge[16])
{
	return radius_put_vsa(b, RADIUS_VENDOR_MICROSOFT,
			      RADIUS_MS_CHAP_CHALLENGE, challenge, 16);
}

enum radius_err radius_put_ms_chap2_response(struct radius_builder *b,
					     uint8_t ident, uint8_t flags,
					     const uint8_t peer_challenge[16],
					     const uint8_t nt_response[24])
{
	uint8_t *p;

	if (!peer_challenge || !nt_response)
		return builder_fail(b, RADIUS_E_INVAL);
	p = builder_vsa(b, RADIUS_VENDOR_MICROSOFT, RADIUS_MS_CHAP2_RESPONSE,
			RADIUS_MS_CHAP2_RESPONSE_LEN);
	if (!p)
		return b->err;
	p[0] = ident;
	p[1] = flags;
	memcpy(p + 2, peer_challenge, 16);
	memset(p + 18, 0, 8);
	memcpy(p + 26, nt_response, 24);
	return RADIUS_OK;
}

enum radius_err radius_put_user_password(struct radius_builder *b,
					 const void *password, size_t len,
					 const void *secret, size_t secret_len)
{
	uint8_t hidden[128];
	enum radius_err err;
	size_t n;

	if (b->err)
		return b->err;
	if (b->buf[0] != RADIUS_ACCESS_REQUEST)
		return builder_fail(b, RADIUS_E_INVAL);
	err = radius_hide_password(password, len, secret, secret_len,
				   b->buf + 4, hidden, sizeof(hidden), &n);
	if (!err)
		err = radius_put(b, RADIUS_USER_PASSWORD, hidden, n);
	explicit_bzero(hidden, sizeof(hidden));
	return err ? builder_fail(b, err) : RADIUS_OK;
}

enum radius_err radius_put_msg_auth(struct radius_builder *b)
{
	static const uint8_t zero[RADIUS_MSG_AUTH_LEN];
	enum radius_err err;

	if (b->err)
		return b->err;
	if (b->msg_auth)
		return builder_fail(b, RADIUS_E_DUPLICATE);
	err = radius_put(b, RADIUS_MESSAGE_AUTHENTICATOR, zero, sizeof(zero));
	if (err)
		return err;
	b->msg_auth = b->len - RADIUS_MSG_AUTH_LEN;
	return RADIUS_OK;
}

enum radius_err radius_put_mppe_key(struct radius_builder *b, uint8_t vtype,
				    const uint8_t *key, size_t key_len,
				    uint16_t salt, const void *secret,
				    size_t secret_len,
				    const uint8_t req_auth[RADIUS_AUTH_LEN])
{
	uint8_t value[2 + RADIUS_MPPE_KEY_MAX];
	enum radius_err err;
	size_t n;

	if (b->err)
		return b->err;
	err = radius_mppe_encrypt(key, key_len, salt, secret, secret_len,
				  req_auth, value, sizeof(value), &n);
	if (!err)
		err = radius_put_vsa(b, RADIUS_VENDOR_MICROSOFT, vtype, value,
				     n);
	explicit_bzero(value, sizeof(value));
	return err ? builder_fail(b, err) : RADIUS_OK;
}

static void msg_auth_compute(const uint8_t *pkt, size_t len, size_t off,
			     const void *secret, size_t secret_len,
			     uint8_t out[RADIUS_MSG_AUTH_LEN])
{
	static const uint8_t zero[RADIUS_MSG_AUTH_LEN];
	struct hmac_md5_ctx ctx;

	hmac_md5_set_key(&ctx, secret_len, secret);
	hmac_md5_update(&ctx, off, pkt);
	hmac_md5_update(&ctx, RADIUS_MSG_AUTH_LEN, zero);
	hmac_md5_update(&ctx, len - off - RADIUS_MSG_AUTH_LEN,
			pkt + off + RADIUS_MSG_AUTH_LEN);
	hmac_md5_digest(&ctx, RADIUS_MSG_AUTH_LEN, out);
	explicit_bzero(&ctx, sizeof(ctx));
}

/*
 * MD5(Code ‖ ID ‖ Length ‖ @auth ‖ Attributes ‖ Secret): the Response
 * Authenticator (@auth = Request Authenticator) or the Accounting-Request's
 * Request Authenticator (@auth = 16 zero octets).
 */
static void packet_auth_compute(const uint8_t *pkt, size_t len,
				const uint8_t auth[RADIUS_AUTH_LEN],
				const void *secret, size_t secret_len,
				uint8_t out[RADIUS_AUTH_LEN])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, 4, pkt);
	md5_update(&ctx, RADIUS_AUTH_LEN, auth);
	md5_update(&ctx, len - RADIUS_HDR_LEN, pkt + RADIUS_HDR_LEN);
	md5_update(&ctx, secret_len, secret);
	md5_digest(&ctx, RADIUS_AUTH_LEN, out);
	explicit_bzero(&ctx, sizeof(ctx));
}

enum radius_err radius_finish(struct radius_builder *b, const void *secret,
			      size_t secret_len, size_t *len,
			      struct radius_sent *sent)
{
	uint8_t *pkt = b->buf, auth[RADIUS_AUTH_LEN];
	uint8_t code;

	if (b->err)
		return b->err;
	if (!secret || !secret_len || !len)
		return builder_fail(b, RADIUS_E_INVAL);
	code = pkt[0];
	put_be16(pkt + 2, (uint16_t)b->len);
	if (b->msg_auth)
		msg_auth_compute(pkt, b->len, b->msg_auth, secret, secret_len,
				 pkt + b->msg_auth);
	if (code != RADIUS_ACCESS_REQUEST) {
		memcpy(auth, pkt + 4, RADIUS_AUTH_LEN);
		packet_auth_compute(pkt, b->len, auth, secret, secret_len,
				    pkt + 4);
	}
	*len = b->len;
	if (sent) {
		sent->code = code;
		sent->id = pkt[1];
		memcpy(sent->auth, pkt + 4, RADIUS_AUTH_LEN);
	}
	return RADIUS_OK;
}

/* ---- parsing ---- */

int radius_attr_next(const uint8_t *pkt, size_t len, size_t *off,
		     uint8_t *type, const uint8_t **value, size_t *vlen)
{
	size_t o = *off;

	if (o >= len)
		return 0;
	if (len - o < 2 || pkt[o + 1] < 2 || pkt[o + 1] > len - o)
		return -1;
	*type = pkt[o];
	*value = pkt + o + 2;
	*vlen = pkt[o + 1] - 2u;
	*off = o + pkt[o + 1];
	return 1;
}

/* Checks the header; returns the Length field's value in *@plen. */
static enum radius_err check_header(const uint8_t *pkt, size_t len,
				    size_t *plen)
{
	size_t n;

	if (!pkt || len < RADIUS_HDR_LEN)
		return RADIUS_E_SHORT;
	n = get_be16(pkt + 2);
	if (n < RADIUS_MIN_LEN || n > RADIUS_MAX_LEN || n > len)
		return RADIUS_E_LENGTH;
	*plen = n;
	return RADIUS_OK;
}

/* Sets a single-instance value, refusing a second instance. */
static enum radius_err set_once(const uint8_t **p, size_t *plen,
				const uint8_t *v, size_t vlen)
{
	if (*p)
		return RADIUS_E_DUPLICATE;
	*p = v;
	*plen = vlen;
	return RADIUS_OK;
}

/* Microsoft sub-attributes of a VSA (@v, @vlen, after the vendor id). */
static enum radius_err parse_ms_vsa(const uint8_t *v, size_t vlen,
				    struct radius_reply *r)
{
	enum radius_err err = RADIUS_OK;
	size_t off, sublen;
	const uint8_t *sv;

	/* the sub-attributes must fill the VSA exactly, before any is used */
	for (off = 0; off < vlen; off += v[off + 1])
		if (vlen - off < 2 || v[off + 1] < 2 ||
		    v[off + 1] > vlen - off)
			return RADIUS_E_VSA;
	for (off = 0; off < vlen && !err; off += v[off + 1]) {
		sv = v + off + 2;
		sublen = v[off + 1] - 2u;
		switch (v[off]) {
		case RADIUS_MS_CHAP2_SUCCESS:
			err = set_once(&r->ms_chap2_success,
				       &r->ms_chap2_success_len, sv, sublen);
			break;
		case RADIUS_MS_CHAP_ERROR:
			err = set_once(&r->ms_chap_error,
				       &r->ms_chap_error_len, sv, sublen);
			break;
		case RADIUS_MS_MPPE_SEND_KEY:
			err = mppe_check_shape(sv, sublen);
			if (!err)
				err = set_once(&r->mppe_send_key,
					       &r->mppe_send_key_len, sv,
					       sublen);
			break;
		case RADIUS_MS_MPPE_RECV_KEY:
			err = mppe_check_shape(sv, sublen);
			if (!err)
				err = set_once(&r->mppe_recv_key,
					       &r->mppe_recv_key_len, sv,
					       sublen);
			break;
		}
	}
	return err;
}

static enum radius_err parse_attrs(const uint8_t *pkt, size_t len,
				   struct radius_reply *r)
{
	enum radius_err err = RADIUS_OK;
	size_t off = RADIUS_HDR_LEN, vlen;
	const uint8_t *v;
	uint8_t type;
	int ret;

	/* every attribute inside the packet, before any is looked at */
	while ((ret = radius_attr_next(pkt, len, &off, &type, &v, &vlen)) > 0)
		;
	if (ret < 0)
		return RADIUS_E_ATTR_LEN;
	off = RADIUS_HDR_LEN;
	while (!err && radius_attr_next(pkt, len, &off, &type, &v, &vlen) > 0) {
		switch (type) {
		case RADIUS_MESSAGE_AUTHENTICATOR:
			if (vlen != RADIUS_MSG_AUTH_LEN)
				return RADIUS_E_ATTR_VALUE;
			if (r->msg_auth)
				return RADIUS_E_DUPLICATE;
			r->msg_auth = v;
			break;
		case RADIUS_SESSION_TIMEOUT:
			if (vlen != 4)
				return RADIUS_E_ATTR_VALUE;
			if (r->has_session_timeout)
				return RADIUS_E_DUPLICATE;
			r->has_session_timeout = true;
			r->session_timeout = get_be32(v);
			break;
		case RADIUS_ACCT_INTERIM_INTERVAL:
			if (vlen != 4)
				return RADIUS_E_ATTR_VALUE;
			if (r->has_interim_interval)
				return RADIUS_E_DUPLICATE;
			r->has_interim_interval = true;
			r->interim_interval = get_be32(v);
			break;
		case RADIUS_USER_NAME:
			err = set_once(&r->user_name, &r->user_name_len, v,
				       vlen);
			break;
		case RADIUS_STATE:
			err = set_once(&r->state, &r->state_len, v, vlen);
			break;
		case RADIUS_REPLY_MESSAGE:
			if (!r->reply_message) {
				r->reply_message = v;
				r->reply_message_len = vlen;
			}
			break;
		case RADIUS_CLASS:
			if (r->n_class < RADIUS_REPLY_MAX_CLASS) {
				r->class_[r->n_class] = v;
				r->class_len[r->n_class++] = vlen;
			}
			break;
		case RADIUS_VENDOR_SPECIFIC:
			if (vlen >= 4 &&
			    get_be32(v) == RADIUS_VENDOR_MICROSOFT)
				err = parse_ms_vsa(v + 4, vlen - 4, r);
			break;
		}
	}
	return err;
}

/* Checks the Message-Authenticator at @r->msg_auth, with @auth in the
 * Authenticator field.
 */
static enum radius_err check_msg_auth(const uint8_t *pkt, size_t len,
				      const uint8_t *msg_auth,
				      const uint8_t auth[RADIUS_AUTH_LEN],
				      const void *secret, size_t secret_len)
{
	static const uint8_t zero[RADIUS_MSG_AUTH_LEN];
	uint8_t mac[RADIUS_MSG_AUTH_LEN];
	size_t off = (size_t)(msg_auth - pkt);
	struct hmac_md5_ctx ctx;
	int ok;

	hmac_md5_set_key(&ctx, secret_len, secret);
	hmac_md5_update(&ctx, 4, pkt);
	hmac_md5_update(&ctx, RADIUS_AUTH_LEN, auth);
	hmac_md5_update(&ctx, off - RADIUS_HDR_LEN, pkt + RADIUS_HDR_LEN);
	hmac_md5_update(&ctx, RADIUS_MSG_AUTH_LEN, zero);
	hmac_md5_update(&ctx, len - off - RADIUS_MSG_AUTH_LEN,
			msg_auth + RADIUS_MSG_AUTH_LEN);
	hmac_md5_digest(&ctx, sizeof(mac), mac);
	explicit_bzero(&ctx, sizeof(ctx));
	ok = memeql_sec(mac, msg_auth, sizeof(mac));
	return ok ? RADIUS_OK : RADIUS_E_MSG_AUTH;
}

enum radius_err radius_parse_reply(const uint8_t *pkt, size_t len,
				   const struct radius_sent *req,
				   const void *secret, size_t secret_len,
				   unsigned int flags, struct radius_reply *r)
{
	uint8_t auth[RADIUS_AUTH_LEN];
	enum radius_err err;
	size_t plen;
	uint8_t code;

	if (!req || !secret || !secret_len || !r)
		return RADIUS_E_INVAL;
	memset(r, 0, sizeof(*r));
	err = check_header(pkt, len, &plen);
	if (err)
		return err;
	code = pkt[0];
	if (req->code == RADIUS_ACCESS_REQUEST) {
		if (code != RADIUS_ACCESS_ACCEPT &&
		    code != RADIUS_ACCESS_REJECT &&
		    code != RADIUS_ACCESS_CHALLENGE)
			return RADIUS_E_CODE;
	} else if (req->code == RADIUS_ACCOUNTING_REQUEST) {
		if (code != RADIUS_ACCOUNTING_RESPONSE)
			return RADIUS_E_CODE;
	} else {
		return RADIUS_E_INVAL;
	}
	if (pkt[1] != req->id)
		return RADIUS_E_ID;
	err = parse_attrs(pkt, plen, r);
	if (err)
		return err;
	packet_auth_compute(pkt, plen, req->auth, secret, secret_len, auth);
	if (!memeql_sec(auth, pkt + 4, RADIUS_AUTH_LEN))
		return RADIUS_E_AUTHENTICATOR;
	if (r->msg_auth) {
		err = check_msg_auth(pkt, plen, r->msg_auth, req->auth, secret,
				     secret_len);
		if (err)
			return err;
	} else if (flags & RADIUS_REQUIRE_MSG_AUTH) {
		return RADIUS_E_MSG_AUTH_MISSING;
	}
	r->code = code;
	r->id = pkt[1];
	r->len = (uint16_t)plen;
	return RADIUS_OK;
}

enum radius_err radius_verify_request(const uint8_t *pkt, size_t len,
				      const void *secret, size_t secret_len,
				      unsigned int flags,
				      struct radius_sent *sent)
{
	static const uint8_t zero[RADIUS_AUTH_LEN];
	uint8_t auth[RADIUS_AUTH_LEN];
	struct radius_reply r;
	enum radius_err err;
	size_t plen;

	if (!secret || !secret_len || !sent)
		return RADIUS_E_INVAL;
	memset(&r, 0, sizeof(r));
	err = check_header(pkt, len, &plen);
	if (err)
		return err;
	if (!is_request(pkt[0]))
		return RADIUS_E_CODE;
	err = parse_attrs(pkt, plen, &r);
	if (err)
		return err;
	if (is_signed_request(pkt[0])) {
		packet_auth_compute(pkt, plen, zero, secret, secret_len, auth);
		if (!memeql_sec(auth, pkt + 4, RADIUS_AUTH_LEN))
			return RADIUS_E_AUTHENTICATOR;
		/* its Message-Authenticator was computed over zeros */
		if (r.msg_auth)
			err = check_msg_auth(pkt, plen, r.msg_auth, zero,
					     secret, secret_len);
		else if (flags & RADIUS_REQUIRE_MSG_AUTH)
			err = RADIUS_E_MSG_AUTH_MISSING;
	} else if (r.msg_auth) {
		err = check_msg_auth(pkt, plen, r.msg_auth, pkt + 4, secret,
				     secret_len);
	} else if (flags & RADIUS_REQUIRE_MSG_AUTH) {
		err = RADIUS_E_MSG_AUTH_MISSING;
	}
	if (err)
		return err;
	sent->code = pkt[0];
	sent->id = pkt[1];
	memcpy(sent->auth, pkt + 4, RADIUS_AUTH_LEN);
	return RADIUS_OK;
}

static enum radius_err dynauth_u32(const uint8_t *v, size_t vlen, bool *has,
				   uint32_t *out, bool raw)
{
	if (vlen != 4)
		return RADIUS_E_ATTR_VALUE;
	if (*has)
		return RADIUS_E_DUPLICATE;
	*has = true;
	if (raw)
		memcpy(out, v, 4);	/* an address: kept in network order */
	else
		*out = get_be32(v);
	return RADIUS_OK;
}

enum radius_err radius_parse_dynauth(const uint8_t *pkt, size_t len,
				     struct radius_dynauth *d)
{
	enum radius_err err = RADIUS_OK;
	size_t off = RADIUS_HDR_LEN, plen, vlen;
	const uint8_t *v;
	uint8_t type;
	int ret;

	if (!d)
		return RADIUS_E_INVAL;
	memset(d, 0, sizeof(*d));
	err = check_header(pkt, len, &plen);
	if (err)
		return err;
	if (pkt[0] != RADIUS_DISCONNECT_REQUEST && pkt[0] != RADIUS_COA_REQUEST)
		return RADIUS_E_CODE;
	while (!err &&
	       (ret = radius_attr_next(pkt, plen, &off, &type, &v, &vlen)) > 0) {
		switch (type) {
		case RADIUS_USER_NAME:
			err = set_once(&d->user_name, &d->user_name_len, v,
				       vlen);
			break;
		case RADIUS_ACCT_SESSION_ID:
			err = set_once(&d->session_id, &d->session_id_len, v,
				       vlen);
			break;
		case RADIUS_NAS_IDENTIFIER:
			err = set_once(&d->nas_identifier,
				       &d->nas_identifier_len, v, vlen);
			break;
		case RADIUS_FRAMED_IP_ADDRESS:
			err = dynauth_u32(v, vlen, &d->has_framed_ip,
					  &d->framed_ip, true);
			break;
		case RADIUS_NAS_IP_ADDRESS:
			err = dynauth_u32(v, vlen, &d->has_nas_ip, &d->nas_ip,
					  true);
			break;
		case RADIUS_EVENT_TIMESTAMP:
			err = dynauth_u32(v, vlen, &d->has_event_timestamp,
					  &d->event_timestamp, false);
			break;
		case RADIUS_SESSION_TIMEOUT:
			if (pkt[0] != RADIUS_COA_REQUEST) {
				if (!d->unsupported)
					d->unsupported = type;
				break;
			}
			err = dynauth_u32(v, vlen, &d->has_session_timeout,
					  &d->session_timeout, false);
			break;
		case RADIUS_PROXY_STATE:
			if (d->n_proxy_state == RADIUS_DYNAUTH_MAX_PROXY_STATE)
				return RADIUS_E_NOSPC;
			d->proxy_state[d->n_proxy_state] = v;
			d->proxy_state_len[d->n_proxy_state++] = vlen;
			break;
		case RADIUS_CALLING_STATION_ID:
		case RADIUS_MESSAGE_AUTHENTICATOR:
			break;
		default:
			if (!d->unsupported)
				d->unsupported = type;
		}
	}
	if (!err && ret < 0)
		err = RADIUS_E_ATTR_LEN;
	return err;
}

enum radius_err radius_reply_k2(const struct radius_reply *r,
				const void *secret, size_t secret_len,
				const uint8_t req_auth[RADIUS_AUTH_LEN],
				uint8_t k2[32])
{
	uint8_t key[RADIUS_MPPE_KEY_MAX];
	enum radius_err err;
	size_t n;

	if (!r || !k2)
		return RADIUS_E_INVAL;
	if (!r->mppe_recv_key || !r->mppe_send_key)
		return RADIUS_E_MISSING;
	err = radius_mppe_decrypt(r->mppe_recv_key, r->mppe_recv_key_len,
				  secret, secret_len, req_auth, key,
				  sizeof(key), &n);
	if (!err && n != 16)
		err = RADIUS_E_MPPE_KEY;
	if (!err)
		memcpy(k2, key, 16);
	if (!err)
		err = radius_mppe_decrypt(r->mppe_send_key,
					  r->mppe_send_key_len, secret,
					  secret_len, req_auth, key,
					  sizeof(key), &n);
	if (!err && n != 16)
		err = RADIUS_E_MPPE_KEY;
	if (!err)
		memcpy(k2 + 16, key, 16);
	else
		explicit_bzero(k2, 32);
	explicit_bzero(key, sizeof(key));
	return err;
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

enum radius_err radius_reply_auth_response(const struct radius_reply *r,
					   uint8_t *ident, uint8_t out[20])
{
	const uint8_t *v;
	int hi, lo;
	size_t i;

	if (!r || !out)
		return RADIUS_E_INVAL;
	v = r->ms_chap2_success;
	if (!v)
		return RADIUS_E_MISSING;
	if (r->ms_chap2_success_len < RADIUS_MS_CHAP2_SUCCESS_LEN ||
	    v[1] != 'S' || v[2] != '=' ||
	    (r->ms_chap2_success_len > RADIUS_MS_CHAP2_SUCCESS_LEN &&
	     v[RADIUS_MS_CHAP2_SUCCESS_LEN] != ' '))
		return RADIUS_E_ATTR_VALUE;
	for (i = 0; i < 20; i++) {
		hi = hexval(v[3 + 2 * i]);
		lo = hexval(v[4 + 2 * i]);
		if (hi < 0 || lo < 0)
			return RADIUS_E_ATTR_VALUE;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	if (ident)
		*ident = v[0];
	return RADIUS_OK;
}
