/* SPDX-License-Identifier: GPL-2.0 */
/*
 * radius.h: a small RADIUS codec for the Home Agent's AAA client: builds
 * Access-Request and Accounting-Request packets, parses and verifies their
 * replies, and hides/unhides MS-MPPE keys and User-Password (RFC 2865,
 * 2866, 2869, 3579, 2548, 5080). No I/O and no allocation: every function
 * works in buffers the caller owns, and checks every length it reads or
 * writes. Crypto is nettle (MD5, HMAC-MD5).
 */

#ifndef MIP4_RADIUS_H
#define MIP4_RADIUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RADIUS_HDR_LEN		20
#define RADIUS_AUTH_LEN		16	/* Request/Response Authenticator */
#define RADIUS_MIN_LEN		20
#define RADIUS_MAX_LEN		4096
#define RADIUS_ATTR_MAX_VALUE	253
#define RADIUS_VSA_MAX_VALUE	247	/* 255 - 2 - vendor id 4 - 2 */
#define RADIUS_MSG_AUTH_LEN	16

/* Packet codes. */
enum {
	RADIUS_ACCESS_REQUEST		= 1,
	RADIUS_ACCESS_ACCEPT		= 2,
	RADIUS_ACCESS_REJECT		= 3,
	RADIUS_ACCOUNTING_REQUEST	= 4,
	RADIUS_ACCOUNTING_RESPONSE	= 5,
	RADIUS_ACCESS_CHALLENGE		= 11,
	/* Dynamic authorization (RFC 5176) */
	RADIUS_DISCONNECT_REQUEST	= 40,
	RADIUS_DISCONNECT_ACK		= 41,
	RADIUS_DISCONNECT_NAK		= 42,
	RADIUS_COA_REQUEST		= 43,
	RADIUS_COA_ACK			= 44,
	RADIUS_COA_NAK			= 45,
};

/* Attribute types (RFC 2865, 2866, 2869). */
enum {
	RADIUS_USER_NAME		= 1,
	RADIUS_USER_PASSWORD		= 2,
	RADIUS_NAS_IP_ADDRESS		= 4,
	RADIUS_NAS_PORT			= 5,
	RADIUS_SERVICE_TYPE		= 6,
	RADIUS_FRAMED_IP_ADDRESS	= 8,
	RADIUS_REPLY_MESSAGE		= 18,
	RADIUS_STATE			= 24,
	RADIUS_CLASS			= 25,
	RADIUS_VENDOR_SPECIFIC		= 26,
	RADIUS_SESSION_TIMEOUT		= 27,
	RADIUS_CALLED_STATION_ID	= 30,
	RADIUS_CALLING_STATION_ID	= 31,
	RADIUS_NAS_IDENTIFIER		= 32,
	RADIUS_PROXY_STATE		= 33,
	RADIUS_ACCT_STATUS_TYPE		= 40,
	RADIUS_ACCT_DELAY_TIME		= 41,
	RADIUS_ACCT_INPUT_OCTETS	= 42,
	RADIUS_ACCT_OUTPUT_OCTETS	= 43,
	RADIUS_ACCT_SESSION_ID		= 44,
	RADIUS_ACCT_AUTHENTIC		= 45,
	RADIUS_ACCT_SESSION_TIME	= 46,
	RADIUS_ACCT_INPUT_PACKETS	= 47,
	RADIUS_ACCT_OUTPUT_PACKETS	= 48,
	RADIUS_ACCT_TERMINATE_CAUSE	= 49,
	RADIUS_ACCT_INPUT_GIGAWORDS	= 52,
	RADIUS_ACCT_OUTPUT_GIGAWORDS	= 53,
	RADIUS_EVENT_TIMESTAMP		= 55,
	RADIUS_NAS_PORT_TYPE		= 61,
	RADIUS_ACCT_INTERIM_INTERVAL	= 85,
	RADIUS_MESSAGE_AUTHENTICATOR	= 80,
	RADIUS_ERROR_CAUSE		= 101,
};

/* Error-Cause values of a Disconnect-NAK or CoA-NAK (RFC 5176 §3.5). */
enum {
	RADIUS_ERR_UNSUPPORTED_ATTRIBUTE	= 401,
	RADIUS_ERR_MISSING_ATTRIBUTE		= 402,
	RADIUS_ERR_NAS_MISMATCH			= 403,
	RADIUS_ERR_INVALID_REQUEST		= 404,
	RADIUS_ERR_SESSION_NOT_FOUND		= 503,
	RADIUS_ERR_RESOURCES_UNAVAILABLE	= 506,
};

/* Acct-Status-Type values (RFC 2866 §5.1). */
enum {
	RADIUS_ACCT_START		= 1,
	RADIUS_ACCT_STOP		= 2,
	RADIUS_ACCT_INTERIM_UPDATE	= 3,
	RADIUS_ACCT_ON			= 7,
	RADIUS_ACCT_OFF			= 8,
};

/* Microsoft vendor attributes (RFC 2548). */
#define RADIUS_VENDOR_MICROSOFT		311
enum {
	RADIUS_MS_CHAP_ERROR		= 2,
	RADIUS_MS_CHAP_CHALLENGE	= 11,
	RADIUS_MS_MPPE_SEND_KEY		= 16,
	RADIUS_MS_MPPE_RECV_KEY		= 17,
	RADIUS_MS_CHAP2_RESPONSE	= 25,
	RADIUS_MS_CHAP2_SUCCESS		= 26,
};

#define RADIUS_MS_CHAP2_RESPONSE_LEN	50	/* value, without VSA header */
#define RADIUS_MS_CHAP2_SUCCESS_LEN	43	/* ident + "S=" + 40 hex */
#define RADIUS_MPPE_KEY_MAX		240	/* longest plaintext String */

/* Why a function failed; radius_strerror() names them for logs. */
enum radius_err {
	RADIUS_OK = 0,
	RADIUS_E_INVAL,		/* bad argument (caller bug) */
	RADIUS_E_NOSPC,		/* buffer, attribute or 4096-octet limit */
	RADIUS_E_SHORT,		/* datagram shorter than a header */
	RADIUS_E_LENGTH,	/* Length < 20, > 4096 or > datagram */
	RADIUS_E_CODE,		/* code not a reply to the request's */
	RADIUS_E_ID,		/* Identifier is not the request's */
	RADIUS_E_ATTR_LEN,	/* attribute length < 2 or past the end */
	RADIUS_E_ATTR_VALUE,	/* known attribute with a malformed value */
	RADIUS_E_DUPLICATE,	/* single-instance attribute twice */
	RADIUS_E_VSA,		/* malformed Microsoft Vendor-Specific */
	RADIUS_E_AUTHENTICATOR,	/* Request/Response Authenticator wrong */
	RADIUS_E_MSG_AUTH,	/* Message-Authenticator wrong */
	RADIUS_E_MSG_AUTH_MISSING, /* required Message-Authenticator absent */
	RADIUS_E_MPPE_LEN,	/* MPPE value not salt + 16n octets */
	RADIUS_E_MPPE_SALT,	/* MPPE salt without its high bit */
	RADIUS_E_MPPE_KEY,	/* decrypted key length/padding impossible */
	RADIUS_E_MISSING,	/* an attribute the caller needs is absent */
	RADIUS_E__COUNT
};

const char *radius_strerror(enum radius_err err);

/* ---- building requests (and, for tests and fake servers, replies) ---- */

/*
 * A packet under construction in a caller buffer. Errors are sticky: after
 * the first failure every later call returns the same error and
 * radius_finish() fails, so a caller may check only the last call.
 */
struct radius_builder {
	uint8_t *buf;
	size_t size;		/* usable octets, at most RADIUS_MAX_LEN */
	size_t len;		/* octets written so far */
	size_t msg_auth;	/* offset of the Message-Authenticator value, 0 if none */
	enum radius_err err;
};

/* What a client keeps of a request it sent, to check the reply. */
struct radius_sent {
	uint8_t code;
	uint8_t id;
	uint8_t auth[RADIUS_AUTH_LEN];
};

/*
 * Starts a packet of @code with Identifier @id in @buf (@size octets).
 * @auth is the Authenticator field's initial content:
 *  - Access-Request: 16 octets from a cryptographically strong RNG
 *    (required); a Message-Authenticator is then added as the first
 *    attribute, and radius_finish() fills it in.
 *  - Accounting-Request: must be NULL (the field is computed at the end).
 *  - replies (Access-Accept/Reject/Challenge, Accounting-Response): the
 *    Request Authenticator of the request being answered (required).
 */
enum radius_err radius_init(struct radius_builder *b, void *buf, size_t size,
			    uint8_t code, uint8_t id, const uint8_t *auth);

/* Appends an attribute with a 1..253-octet value. */
enum radius_err radius_put(struct radius_builder *b, uint8_t type,
			   const void *value, size_t len);
/* ... a string attribute (strlen(@s) must be 1..253). */
enum radius_err radius_put_str(struct radius_builder *b, uint8_t type,
			       const char *s);
/* ... a 32-bit integer, big-endian (Session-Timeout, Acct-*). */
enum radius_err radius_put_u32(struct radius_builder *b, uint8_t type,
			       uint32_t v);
/* ... an IPv4 address given in network byte order (NAS-IP-Address, ...). */
enum radius_err radius_put_addr(struct radius_builder *b, uint8_t type,
				uint32_t addr_be);
/* ... a Vendor-Specific attribute with one sub-attribute (1..247 octets). */
enum radius_err radius_put_vsa(struct radius_builder *b, uint32_t vendor,
			       uint8_t vtype, const void *value, size_t len);
/* ... MS-CHAP-Challenge (16-octet AuthenticatorChallenge). */
enum radius_err radius_put_ms_chap_challenge(struct radius_builder *b,
					     const uint8_t challenge[16]);
/* ... MS-CHAP2-Response: ident, flags, PeerChallenge, 8 zero, NT-Response. */
enum radius_err radius_put_ms_chap2_response(struct radius_builder *b,
					     uint8_t ident, uint8_t flags,
					     const uint8_t peer_challenge[16],
					     const uint8_t nt_response[24]);
/*
 * ... User-Password (RFC 2865 §5.2), hidden with @secret and the packet's
 * Request Authenticator; Access-Request only; @len 1..128.
 */
enum radius_err radius_put_user_password(struct radius_builder *b,
					 const void *password, size_t len,
					 const void *secret, size_t secret_len);
/* ... a Message-Authenticator placeholder (once per packet). */
enum radius_err radius_put_msg_auth(struct radius_builder *b);
/*
 * ... an MS-MPPE-Send-Key or -Recv-Key (@vtype), @key encrypted with
 * @salt (high bit set) for a reply whose request had @req_auth.
 */
enum radius_err radius_put_mppe_key(struct radius_builder *b, uint8_t vtype,
				    const uint8_t *key, size_t key_len,
				    uint16_t salt, const void *secret,
				    size_t secret_len,
				    const uint8_t req_auth[RADIUS_AUTH_LEN]);

/*
 * Writes the Length field and signs the packet with @secret: the
 * Message-Authenticator if there is one (computed with the Authenticator
 * field as it is then: the Request Authenticator, or 16 zero octets for an
 * Accounting-Request), then for an Accounting-Request the Request
 * Authenticator, for a reply the Response Authenticator. On success stores
 * the packet's length in *@len and, if @sent is not NULL, what a client must
 * keep to check the reply.
 */
enum radius_err radius_finish(struct radius_builder *b, const void *secret,
			      size_t secret_len, size_t *len,
			      struct radius_sent *sent);

/* ---- parsing ---- */

/*
 * Walks attributes: @off starts at RADIUS_HDR_LEN; each call returns 1 with
 * the next attribute's type and value, 0 at the end, or -1 when the next
 * attribute's length is < 2 or runs past @len. @pkt must hold @len octets.
 */
int radius_attr_next(const uint8_t *pkt, size_t len, size_t *off,
		     uint8_t *type, const uint8_t **value, size_t *vlen);

#define RADIUS_REPLY_MAX_CLASS	4

/* A verified reply; pointers point into the caller's datagram. */
struct radius_reply {
	uint8_t code;
	uint8_t id;
	uint16_t len;			/* the Length field */
	bool has_session_timeout;
	uint32_t session_timeout;
	bool has_interim_interval;	/* Acct-Interim-Interval (RFC 2869) */
	uint32_t interim_interval;
	const uint8_t *user_name;
	size_t user_name_len;
	const uint8_t *reply_message;	/* the first one */
	size_t reply_message_len;
	const uint8_t *state;
	size_t state_len;
	const uint8_t *class_[RADIUS_REPLY_MAX_CLASS];
	size_t class_len[RADIUS_REPLY_MAX_CLASS];
	unsigned int n_class;		/* kept, at most RADIUS_REPLY_MAX_CLASS */
	const uint8_t *msg_auth;	/* value, or NULL */
	/* Microsoft attributes: values after the Vendor-Type/Length octets */
	const uint8_t *ms_chap2_success;	/* ident, "S=<40 hex>"... */
	size_t ms_chap2_success_len;
	const uint8_t *ms_chap_error;		/* ident, "E=..." */
	size_t ms_chap_error_len;
	const uint8_t *mppe_send_key;		/* salt, encrypted String */
	size_t mppe_send_key_len;
	const uint8_t *mppe_recv_key;
	size_t mppe_recv_key_len;
};

/* radius_parse_reply() flags */
#define RADIUS_REQUIRE_MSG_AUTH	0x1

/*
 * Checks that @pkt (@len octets, a whole datagram) is a well-formed reply to
 * the request @req, authenticated with @secret, and fills @r. Octets past the
 * Length field are ignored (RFC 2865 §3). Checks, in order: Length, code
 * (Access-Accept/Reject/Challenge to an Access-Request, Accounting-Response
 * to an Accounting-Request), Identifier, attribute lengths and the shape of
 * known attributes (Message-Authenticator 18 octets and at most once,
 * Session-Timeout and Acct-Interim-Interval 4 octets, Microsoft sub-attributes filling their VSA, MPPE
 * key values salt + 16n octets with the salt's high bit set), Response
 * Authenticator, then Message-Authenticator if present (required under
 * RADIUS_REQUIRE_MSG_AUTH). Returns RADIUS_OK or why the reply must be
 * dropped; @r is meaningful only on RADIUS_OK.
 */
enum radius_err radius_parse_reply(const uint8_t *pkt, size_t len,
				   const struct radius_sent *req,
				   const void *secret, size_t secret_len,
				   unsigned int flags, struct radius_reply *r);

/*
 * Server side (fake servers in tests, and mip4d's dynamic authorization):
 * checks the Length and attributes of the request @pkt, its Request
 * Authenticator (Accounting-, Disconnect- and CoA-Request: RFC 2866 §3,
 * RFC 5176 §3.5) and its Message-Authenticator (over a zero Request
 * Authenticator for those three, RFC 5176 §3.3), which @flags
 * RADIUS_REQUIRE_MSG_AUTH makes mandatory. Fills @sent for answering.
 */
enum radius_err radius_verify_request(const uint8_t *pkt, size_t len,
				      const void *secret, size_t secret_len,
				      unsigned int flags,
				      struct radius_sent *sent);

#define RADIUS_DYNAUTH_MAX_PROXY_STATE	4

/* What a verified Disconnect- or CoA-Request asks; pointers into it. */
struct radius_dynauth {
	const uint8_t *user_name;
	size_t user_name_len;
	const uint8_t *session_id;	/* Acct-Session-Id */
	size_t session_id_len;
	bool has_framed_ip;
	uint32_t framed_ip;		/* network order */
	bool has_nas_ip;
	uint32_t nas_ip;		/* network order */
	const uint8_t *nas_identifier;
	size_t nas_identifier_len;
	bool has_event_timestamp;
	uint32_t event_timestamp;
	bool has_session_timeout;	/* CoA-Request only */
	uint32_t session_timeout;
	/* to be echoed in the reply, in order (RFC 5176 §3) */
	const uint8_t *proxy_state[RADIUS_DYNAUTH_MAX_PROXY_STATE];
	size_t proxy_state_len[RADIUS_DYNAUTH_MAX_PROXY_STATE];
	unsigned int n_proxy_state;
	uint8_t unsupported;		/* an attribute not acted on; 0: none */
};

/*
 * The attributes of a Disconnect- or CoA-Request that radius_verify_request()
 * accepted: RADIUS_E_ATTR_VALUE for a value of the wrong size,
 * RADIUS_E_DUPLICATE for a second instance (answer: Error-Cause 404), more
 * than RADIUS_DYNAUTH_MAX_PROXY_STATE Proxy-States RADIUS_E_NOSPC. An
 * attribute other than User-Name, NAS-IP-Address, Framed-IP-Address,
 * Calling-Station-Id, NAS-Identifier, Proxy-State, Acct-Session-Id,
 * Event-Timestamp, Message-Authenticator and (CoA) Session-Timeout is named
 * in d->unsupported (answer: 401).
 */
enum radius_err radius_parse_dynauth(const uint8_t *pkt, size_t len,
				     struct radius_dynauth *d);

/* ---- hidden values ---- */

/*
 * MS-MPPE-Send/Recv-Key value (RFC 2548 §2.4.2): @value (@len octets, salt
 * then String) is decrypted with @secret and the Request Authenticator
 * @req_auth; the key (at most @key_size octets) goes to @key and its length
 * to *@key_len. Errors: RADIUS_E_MPPE_LEN, RADIUS_E_MPPE_SALT,
 * RADIUS_E_MPPE_KEY (key length past the String, or more than 15 octets of
 * padding), RADIUS_E_NOSPC. Padding content is not checked (RFC 2548 only
 * recommends zeros).
 */
enum radius_err radius_mppe_decrypt(const uint8_t *value, size_t len,
				    const void *secret, size_t secret_len,
				    const uint8_t req_auth[RADIUS_AUTH_LEN],
				    uint8_t *key, size_t key_size,
				    size_t *key_len);

/*
 * The reverse: writes salt ‖ encrypted(key length ‖ key ‖ zero padding) to
 * @out (@out_size octets) and its length to *@out_len. @key_len <= 239.
 */
enum radius_err radius_mppe_encrypt(const uint8_t *key, size_t key_len,
				    uint16_t salt, const void *secret,
				    size_t secret_len,
				    const uint8_t req_auth[RADIUS_AUTH_LEN],
				    uint8_t *out, size_t out_size,
				    size_t *out_len);

/*
 * k'' of protocol.md §3 from a verified Access-Accept: the decrypted
 * MS-MPPE-Recv-Key ‖ MS-MPPE-Send-Key, each of which must be 16 octets.
 * RADIUS_E_MISSING when either is absent.
 */
enum radius_err radius_reply_k2(const struct radius_reply *r,
				const void *secret, size_t secret_len,
				const uint8_t req_auth[RADIUS_AUTH_LEN],
				uint8_t k2[32]);

/*
 * The 20-octet AuthenticatorResponse and the ident of an MS-CHAP2-Success
 * value (ident, "S=" and 40 hex digits, optionally followed by " M=...").
 * RADIUS_E_MISSING when @r has none, RADIUS_E_ATTR_VALUE when malformed.
 */
enum radius_err radius_reply_auth_response(const struct radius_reply *r,
					   uint8_t *ident, uint8_t out[20]);

/*
 * User-Password hiding (RFC 2865 §5.2): @password (1..128 octets) padded
 * with zeros to a multiple of 16 and hidden into @out (@out_size octets);
 * the hidden length goes to *@out_len.
 */
enum radius_err radius_hide_password(const void *password, size_t len,
				     const void *secret, size_t secret_len,
				     const uint8_t req_auth[RADIUS_AUTH_LEN],
				     uint8_t *out, size_t out_size,
				     size_t *out_len);

#endif /* MIP4_RADIUS_H */
