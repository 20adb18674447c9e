/* SPDX-License-Identifier: GPL-2.0 */
/* Mobile IPv4 registration messages: parsing and building, no crypto, no state.
 *
 * RFC 5944 registration requests and replies, the NAI extension (RFC 2794)
 * and the dynamic-key CVSEs. This file and proto.c are built into
 * mip4ha.ko and, through proto_user.h beside them, into the userspace
 * tools, unit tests and fuzzers, so that the code the kernel runs on
 * untrusted bytes is the code that is tested and fuzzed. They include
 * nothing of the module's nor of userspace's.
 */

#ifndef _MIP4HA_PROTO_H
#define _MIP4HA_PROTO_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "proto_user.h"
#endif

#define MIP4_PORT			434

#define MIP4_TYPE_RRQ			1
#define MIP4_TYPE_RRP			3
#define MIP4_RRQ_FIXED_LEN		24
#define MIP4_RRP_FIXED_LEN		20
/* Largest message either side builds or accepts (no IP fragmentation). */
#define MIP4_MSG_MAX			1400

/* RRQ flags (RFC 5944 §3.3); r and x are reserved. */
#define MIP4_FLAG_S			0x80
#define MIP4_FLAG_B			0x40
#define MIP4_FLAG_D			0x20
#define MIP4_FLAG_M			0x10
#define MIP4_FLAG_G			0x08
#define MIP4_FLAG_R			0x04
#define MIP4_FLAG_T			0x02
#define MIP4_FLAG_X			0x01

#define MIP4_LIFETIME_INFINITE		0xffff

/* Extension types. 0-127 must be understood, 128-255 may be skipped. */
#define MIP4_EXT_PAD			0	/* one octet, no Length */
#define MIP4_EXT_MHAE			32
#define MIP4_EXT_MFAE			33
#define MIP4_EXT_FHAE			34
#define MIP4_EXT_CVSE			38
#define MIP4_EXT_NAI			131
#define MIP4_EXT_SKIPPABLE_MIN		128

/* Authentication algorithms of a security association (protocol.md §1). */
#define MIP4_ALG_HMAC_MD5		1
#define MIP4_ALG_HMAC_SHA256		2
#define MIP4_ALG_KEYED_MD5		3

/* Replay protection methods (RFC 3957 numbering). */
#define MIP4_REPLAY_TIMESTAMP		2
#define MIP4_REPLAY_NONCE		3

/* Reply codes. */
#define MIP4_CODE_ACCEPTED		0
#define MIP4_CODE_ACCEPTED_NO_SIMUL	1
#define MIP4_CODE_NO_AAA		128
#define MIP4_CODE_PROHIBITED		129
#define MIP4_CODE_NO_RESOURCES		130
#define MIP4_CODE_AUTH_FAILED		131
#define MIP4_CODE_ID_MISMATCH		133
#define MIP4_CODE_POORLY_FORMED		134
#define MIP4_CODE_TOO_MANY_BINDINGS	135
#define MIP4_CODE_UNKNOWN_HA		136
#define MIP4_CODE_REV_TUNNEL_UNAVAIL	137
#define MIP4_CODE_REV_TUNNEL_NEEDS_T	138
#define MIP4_CODE_ENCAP_UNAVAIL		139
#define MIP4_CODE_UNKNOWN_CVSE		140	/* sent by the node */
#define MIP4_CODE_UNKNOWN_CVSE_FA	141	/* sent by a foreign agent */

/* Seconds from 1900 (NTP, timestamps of Identifications) to 1970. */
#define MIP4_NTP_UNIX_OFFSET		2208988800ULL

/* Dynamic keys (Documentation/protocol.md): our CVSEs, RFC 3115 type 38. */
#define MIP4_VENDOR_ID_DEFAULT		32473
#define MIP4_CVSE_KEYGEN_REQ		1
#define MIP4_CVSE_KEYGEN_REP		2
#define MIP4_CVSE_REKEY_REQ		3
#define MIP4_CVSE_REKEY_REP		4
#define MIP4_CVSE_HDR_LEN		10	/* type, reserved, length, vendor, vendor type */

/* Every key-agreement CVSE value starts with H: version, method, algorithm
 * and replay method of both SAs, SPI_S, SPI_D.
 */
#define MIP4_CVSE_H_LEN			12
#define MIP4_DK_VERSION			1
#define MIP4_METHOD_MSCHAPV2		1
#define MIP4_METHOD_AKA			2

/* KEYGEN_REQ value: H, AuthenticatorChallenge, NT-Response. */
#define MIP4_KEYGEN_REQ_LEN		52
#define MIP4_KEYGEN_REQ_CHALLENGE	12
#define MIP4_KEYGEN_REQ_NT_RESPONSE	28
/* KEYGEN_REP value: H, key lifetime, HA-nonce, AuthenticatorResponse. */
#define MIP4_KEYGEN_REP_LEN		52
#define MIP4_KEYGEN_REP_LIFETIME	12
#define MIP4_KEYGEN_REP_NONCE		16
#define MIP4_KEYGEN_REP_AUTH_RESPONSE	32
/* REKEY_REQ value: version, 3 reserved, new SPI_D. REKEY_REP: the same,
 * then the key lifetime left.
 */
#define MIP4_REKEY_REQ_LEN		8
#define MIP4_REKEY_REP_LEN		12

/* AKA (method 2, protocol.md §8): the CVSEs of its exchanges. Every value
 * starts with H; the offsets are those of the fields after it.
 */
#define MIP4_CVSE_AKA_START		5	/* MN -> HA, the first request */
#define MIP4_CVSE_AKA_CHALLENGE		6	/* HA -> MN, in a 131 */
#define MIP4_CVSE_AKA_RESPONSE		7	/* MN -> HA, with an MHAE */
#define MIP4_CVSE_AKA_FAILURE		8	/* MN -> HA, AUTN refused */
#define MIP4_CVSE_AKA_RESULT		9	/* HA -> MN, in a 0 or 1 */
/* AKA_START value: H, flags, 3 reserved. */
#define MIP4_AKA_START_LEN		16
#define MIP4_AKA_START_FLAGS		12
#define MIP4_AKA_FLAG_AUTH_FOLLOWS	0x01
/* AKA_CHALLENGE value: H, flags, reserved, challenge lifetime, RAND, AUTN. */
#define MIP4_AKA_CHALLENGE_LEN		48
#define MIP4_AKA_CHALLENGE_FLAGS	12
#define MIP4_AKA_CHALLENGE_LIFETIME	14
#define MIP4_AKA_CHALLENGE_RAND		16
#define MIP4_AKA_CHALLENGE_AUTN		32
#define MIP4_AKA_FLAG_USER_AUTH_REQUIRED 0x01
/* AKA_RESPONSE value: H, RES length, 3 reserved, RAND, RES (zero-padded). */
#define MIP4_AKA_RESPONSE_LEN		48
#define MIP4_AKA_RESPONSE_RES_LEN	12
#define MIP4_AKA_RESPONSE_RAND		16
#define MIP4_AKA_RESPONSE_RES		32
#define MIP4_AKA_RES_MIN		4
#define MIP4_AKA_RES_MAX		16
/* AKA_FAILURE value: H, cause, 3 reserved, RAND, AUTS, 2 reserved. */
#define MIP4_AKA_FAILURE_LEN		48
#define MIP4_AKA_FAILURE_CAUSE		12
#define MIP4_AKA_FAILURE_RAND		16
#define MIP4_AKA_FAILURE_AUTS		32
#define MIP4_AKA_CAUSE_SYNC		1
#define MIP4_AKA_CAUSE_MAC		2
/* AKA_RESULT value: H, flags, 3 reserved, key lifetime, RAND. */
#define MIP4_AKA_RESULT_LEN		36
#define MIP4_AKA_RESULT_FLAGS		12
#define MIP4_AKA_RESULT_LIFETIME	16
#define MIP4_AKA_RESULT_RAND		20
#define MIP4_AKA_FLAG_USER_AUTH_DONE	0x02
#define MIP4_AKA_RAND_LEN		16
#define MIP4_AKA_AUTN_FIELD_LEN		16
#define MIP4_AKA_AUTS_FIELD_LEN		14

/* Multiple authentications (protocol.md §9): the user's step, MS-CHAPv2 at
 * the user's realm, after the device's AKA. USER_AUTH follows AKA_RESPONSE
 * in the same request, or comes alone (with an MHAE made with the AKA key)
 * after a 131 that asked for it; USER_RESULT follows AKA_RESULT. Neither
 * starts with H.
 */
#define MIP4_CVSE_USER_AUTH		10	/* MN -> HA */
#define MIP4_CVSE_USER_RESULT		11	/* HA -> MN */
/* USER_AUTH value: version, method, n, reserved, AuthenticatorChallenge,
 * NT-Response, user NAI (n octets).
 */
#define MIP4_USER_AUTH_MIN_LEN		44
#define MIP4_USER_AUTH_NAI_LEN		2
#define MIP4_USER_AUTH_CHALLENGE	4
#define MIP4_USER_AUTH_NT_RESPONSE	20
#define MIP4_USER_AUTH_NAI		44
/* USER_RESULT value: version, method, 2 reserved, key lifetime, HA-nonce,
 * AuthenticatorResponse.
 */
#define MIP4_USER_RESULT_LEN		44
#define MIP4_USER_RESULT_LIFETIME	4
#define MIP4_USER_RESULT_NONCE		8
#define MIP4_USER_RESULT_AUTH_RESPONSE	24
#define MIP4_USER_METHOD_MSCHAPV2	1
/* The longest value of ours that a reply carries. */
#define MIP4_CVSE_REPLY_MAX		MIP4_KEYGEN_REP_LEN

#define MIP4_AUTH_CHALLENGE_LEN		16
#define MIP4_PEER_CHALLENGE_LEN		16
#define MIP4_NT_RESPONSE_LEN		24
#define MIP4_HA_NONCE_LEN		16
#define MIP4_AUTH_RESPONSE_LEN		20
#define MIP4_KDF_MAX			32	/* one HMAC-SHA-256 block */
/* Labels of the key derivations: Skey from k'', Skey' from Skey. */
#define MIP4_KDF_LABEL_SKEY		"mip4 skey"
#define MIP4_KDF_LABEL_SKEY_PRIME	"mip4 skey'"
#define MIP4_KDF_LABEL_MULTI_SKEY	"mip4 multi skey"

/* H, decoded. */
struct mip4_cvse_h {
	u8 version;
	u8 method;
	u8 algorithm;		/* MIP4_ALG_*, of Skey and Skey' */
	u8 replay;		/* MIP4_REPLAY_*, of both SAs */
	u32 spi_s;
	u32 spi_d;
};

#define MIP4_NAI_MAX			255
#define MIP4_AUTH_MAX			32	/* HMAC-SHA-256 */
#define MIP4_MHAE_HDR_LEN		6	/* type, length, SPI */

/* A parsed registration message. Pointers point into the parsed buffer. */
struct mip4_msg {
	u8 type;		/* MIP4_TYPE_RRQ or MIP4_TYPE_RRP */
	u8 flags;		/* RRQ: MIP4_FLAG_*; RRP: 0 */
	u8 code;		/* RRP: reply code; RRQ: 0 */
	u16 lifetime;
	__be32 home_addr;
	__be32 ha_addr;
	__be32 coa;		/* RRQ only */
	u64 id;			/* Identification, host order */

	/* NAI extension before the authorization-enabling extension. */
	const u8 *nai;		/* NULL when absent */
	u8 nai_len;		/* >= 1 when present */

	/* Our vendor's CVSE before the authorization-enabling extension. */
	u16 cvse_type;		/* 0 when absent */
	const u8 *cvse_value;
	u16 cvse_len;
	u16 cvse_end;		/* offset just past the CVSE */
	/* Its fields, decoded once its length is right for its type. */
	struct mip4_cvse_h h;	/* KEYGEN_*, AKA_* */
	u32 new_spi_d;		/* REKEY_REQ, REKEY_REP */
	u32 key_lifetime;	/* KEYGEN_REP, REKEY_REP, AKA_RESULT: seconds */
	u8 aka_flags;		/* AKA_START, AKA_CHALLENGE, AKA_RESULT */
	u8 aka_cause;		/* AKA_FAILURE: MIP4_AKA_CAUSE_* */
	u8 res_len;		/* AKA_RESPONSE */
	u16 challenge_lifetime;	/* AKA_CHALLENGE: seconds */
	const u8 *rand;		/* AKA_*: RAND (MIP4_AKA_RAND_LEN) */
	const u8 *autn;		/* AKA_CHALLENGE: AUTN */
	const u8 *res;		/* AKA_RESPONSE: RES (res_len octets) */
	const u8 *auts;		/* AKA_FAILURE: AUTS */

	/* The user's step of a multiple authentication (protocol.md §9):
	 * USER_AUTH after AKA_RESPONSE or alone, USER_RESULT after
	 * AKA_RESULT. Its decoded fields once its length is right.
	 */
	u16 user_cvse_type;	/* 0 when absent */
	const u8 *user_cvse_value;
	u16 user_cvse_len;
	u16 user_cvse_end;	/* offset just past it */
	const u8 *user_nai;	/* USER_AUTH */
	u8 user_nai_len;
	const u8 *user_challenge;	/* USER_AUTH: AuthenticatorChallenge */
	const u8 *user_nt_response;	/* USER_AUTH */
	u32 user_key_lifetime;	/* USER_RESULT */
	const u8 *user_ha_nonce;	/* USER_RESULT */
	const u8 *user_auth_response;	/* USER_RESULT */
	/* It stands in for the MHAE: the first request of a key agreement. */
	bool initial;
	/* The key daemon answers it, whatever keys are installed: every
	 * request of a key agreement (protocol.md §4.1, §8.4).
	 */
	bool to_daemon;

	/* The Mobile-Home Authentication Extension. */
	bool has_mhae;
	u32 spi;
	const u8 *authenticator;
	u8 auth_len;
	u16 mhae_offset;	/* offset of the MHAE Type octet */

	/* Foreign-Home Authentication Extension seen after the MHAE. */
	bool has_fhae;

	/* A deny code for a well-framed message whose content is refused
	 * (MIP4_CODE_POORLY_FORMED, MIP4_CODE_UNKNOWN_CVSE); 0 when none.
	 */
	u8 deny_code;
};

/* Parse a registration request or reply of @len bytes (the UDP payload),
 * checking every length. @vendor_id is the Vendor/Org-ID of our CVSEs.
 *
 * The authorization-enabling extension is the MHAE or, in a request, the
 * CVSE of ours that opens a key agreement (KEYGEN_REQ, AKA_START or
 * AKA_FAILURE: no key exists yet, protocol.md §4.1, §8.4). Extensions after
 * it were appended by a foreign agent, which the MHAE does not cover: an
 * FHAE in a request sets has_fhae, an MFAE is skipped, any CVSE denies with
 * 141 (RFC 3115 §2.4), an MHAE after such a CVSE denies with 134. An MFAE
 * or FHAE before it is refused. One-byte Padding (type 0) is skipped
 * anywhere.
 *
 * Returns 0 when the message is well framed (then msg->deny_code may still
 * say it is to be refused), or -EINVAL when it must be silently discarded:
 * truncated, lengths that lie, an unknown non-skippable extension anywhere
 * (RFC 5944 §1.9), a type that is neither RRQ nor RRP, a zero-length NAI, a
 * second MHAE, more than one NAI before the MHAE, a CVSE of ours before the
 * MHAE other than one (or the pairs of protocol.md §9: AKA_RESPONSE then
 * USER_AUTH, AKA_RESULT then USER_RESULT), a request that carries neither an
 * MHAE nor a CVSE.
 */
int mip4_msg_parse(const u8 *buf, size_t len, u32 vendor_id,
		   struct mip4_msg *msg);

/* What to build; the inverse of struct mip4_msg. */
struct mip4_msg_spec {
	u8 type;
	u8 flags;
	u8 code;
	u16 lifetime;
	__be32 home_addr;
	__be32 ha_addr;
	__be32 coa;
	u64 id;
	const u8 *nai;		/* NULL: no NAI extension */
	u8 nai_len;
	u16 cvse_type;		/* 0: no CVSE */
	const u8 *cvse_value;
	u16 cvse_len;
	u16 user_cvse_type;	/* 0: none; else after the CVSE above */
	const u8 *user_cvse_value;
	u16 user_cvse_len;
	u32 vendor_id;
	u8 algorithm;		/* 0: no MHAE */
	u32 spi;
};

/* Build the message into @buf (@size bytes), with the MHAE's authenticator
 * left zero for the caller to fill in after computing it over the bytes
 * mip4_auth_data_len() names. Returns the message length, -ENOSPC when it
 * does not fit in @size or MIP4_MSG_MAX, or -EINVAL for a @spec that cannot
 * be encoded (unknown type or algorithm, zero-length NAI).
 */
int mip4_msg_build(u8 *buf, size_t size, const struct mip4_msg_spec *spec);
/* The length mip4_msg_build() would write, or its error. */
int mip4_msg_len(const struct mip4_msg_spec *spec);

/* H of the value at @v (MIP4_CVSE_H_LEN octets), read; the parser does it
 * for the CVSE of a message.
 */
void mip4_cvse_h_get(const u8 *v, struct mip4_cvse_h *h);
/* The values of our CVSEs, written: H into the first MIP4_CVSE_H_LEN octets
 * of @v; a REKEY_REQ (@key_lifetime unused) or REKEY_REP value.
 */
void mip4_cvse_h_put(u8 *v, const struct mip4_cvse_h *h);
void mip4_rekey_put(u8 *v, u16 cvse_type, u32 new_spi_d, u32 key_lifetime);

/* Whether @len octets are a right value of our CVSE @cvse_type in a message
 * of @msg_type (MIP4_TYPE_RRQ or _RRP): 0 or -EINVAL. For values a reply is
 * built with from someone else's bytes (the key daemon's).
 */
int mip4_cvse_check(u16 cvse_type, u8 msg_type, size_t len);
/* Whether our CVSE @user_cvse_type may follow @cvse_type (0: none) in a
 * message of @msg_type: 0 or -EINVAL.
 */
int mip4_cvse_pair_check(u16 cvse_type, u16 user_cvse_type, u8 msg_type);
/* Whether @h is an H this Home Agent can do for @method: true or false. */
bool mip4_cvse_h_valid(const struct mip4_cvse_h *h, u8 method);

/* An address of one node: not 0/8, loopback, multicast, broadcast, or
 * 240.0.0.0/4 (reserved, RFC 1112).
 */
bool mip4_addr_is_unicast(__be32 addr);

/* RFC 5944 §3.8.2-3.8.3, what a Home Agent at @ha_addr serving the home
 * network @prefix/@prefix_len refuses of the request @msg before any key
 * or binding: its deny code, else 0. A home address it cannot serve
 * (outside the home prefix, not one node's address, its own, the home
 * subnet's network or broadcast address) is 129; M or G 139; a care-of
 * address of a registration that is not unicast 134, inside the home
 * network 129 (the tunnel would lead back into the Home Agent).
 */
u8 mip4_rrq_addr_check(const struct mip4_msg *msg, __be32 ha_addr,
		       __be32 prefix, u8 prefix_len);

/* Authenticator length of @algorithm; 0 for an unknown algorithm. */
unsigned int mip4_auth_len(u8 algorithm);

/* Length of the data an MHAE at @mhae_offset authenticates with @algorithm:
 * through the SPI for HMAC (RFC 5944 §3.5.1), through Type and Length for
 * keyed MD5 (RFC 2002 §3.5.1).
 */
size_t mip4_auth_data_len(u8 algorithm, size_t mhae_offset);

#endif /* _MIP4HA_PROTO_H */
