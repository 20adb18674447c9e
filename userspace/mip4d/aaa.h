/* SPDX-License-Identifier: GPL-2.0 */
/*
 * aaa.h: the RADIUS side of a keygen request (aaa.c, no I/O): parsing the
 * registration request the kernel hands over, the Access-Request of
 * protocol.md §4.1 step 2, and the answer to the kernel derived from
 * the AAA server's reply (step 3). Needs proto.h (-I../proto).
 */

#ifndef MIP4D_AAA_H
#define MIP4D_AAA_H

#include "mac.h"
#include "proto.h"
#include "mip4d.h"

/* An initial registration as the kernel handed it over. */
struct mip4d_keygen {
	const uint8_t *rrq;
	size_t len;
	struct mip4_msg msg;
	const uint8_t *req;		/* the KEYGEN_REQ value, 52 octets */
	uint8_t peer_challenge[MIP4_PEER_CHALLENGE_LEN];
	/* The MS-CHAPv2 step, in the request: the user (User-Name), the
	 * AuthenticatorChallenge and the NT-Response; the H of the keys.
	 * Method 1: the NAI and KEYGEN_REQ's; §9: USER_AUTH's.
	 */
	const uint8_t *user;
	size_t user_len;
	const uint8_t *challenge;
	const uint8_t *nt_response;
	struct mip4_cvse_h h;
	/* Multiple authentications (protocol.md §9): the device's AKA. */
	bool multi;
	uint8_t k_aka[MIP4_KDF_MAX];
	uint8_t key_len;
	uint8_t h_raw[MIP4_CVSE_H_LEN];
	uint8_t rand[MIP4_AKA_RAND_LEN];
	bool agreement;			/* the request has no H: USER_AUTH alone */
};

/*
 * The user's step after the device's AKA (aka.c hands it over): the
 * request (its USER_AUTH), K_aka, the attempt's H and RAND, the AKA key
 * lifetime; agreement when the request is USER_AUTH alone. The pointers
 * are valid during the call only.
 */
struct mip4d_user_step {
	uint32_t cookie;
	const uint8_t *rrq;
	size_t len;
	const char *nai;		/* the device's, printable */
	const char *coa;
	uint64_t started;
	const uint8_t *k_aka;
	uint8_t key_len;
	const uint8_t *h;		/* 12 octets */
	const uint8_t *rand;
	uint32_t key_lifetime;
	bool agreement;
};

/*
 * A keygen request for the user's step of @u, the request copied by the
 * caller in @rrq (@len octets): USER_AUTH's user, challenge, NT-Response,
 * PeerChallenge (mip4_user_peer_challenge), K_aka. Returns 0, or a code
 * (131: a user NAI no User-Name can carry; 134: no usable USER_AUTH).
 */
int mip4d_keygen_user(struct mip4d_keygen *kg, const uint8_t *rrq, size_t len,
		      uint32_t vendor_id, const struct mip4d_user_step *u);

/* A denial of the user's step (131, 128, 129): authenticated with K_aka
 * (reply-key), with agreement-h for a request with no H. Nothing else.
 */
void mip4d_user_denial(const struct mip4d_keygen *kg, uint8_t code,
		       struct mip4d_answer *ans);

/*
 * Parses @rrq (@len octets, kept by the caller) with @vendor_id and computes
 * PeerChallenge. Returns 0, or the reply code the request deserves when it is
 * not an initial registration we can use (134, 140; 131 for an NAI longer
 * than a RADIUS User-Name can be), or -EINVAL when it does not parse at all.
 */
int mip4d_keygen_parse(struct mip4d_keygen *kg, const uint8_t *rrq, size_t len,
		       uint32_t vendor_id);

/*
 * The Access-Request of §4.1 step 2 for @kg, Identifier @id, Request
 * Authenticator @auth (16 random octets), signed with @secret, into @buf.
 */
enum radius_err mip4d_access_request(const struct mip4d_keygen *kg,
				     const struct mip4d_nas *nas, uint8_t id,
				     const uint8_t auth[RADIUS_AUTH_LEN],
				     const void *secret, size_t secret_len,
				     uint8_t *buf, size_t size, size_t *len,
				     struct radius_sent *sent);

/*
 * Checks the RADIUS reply @pkt (@len octets) to the request @sent made with
 * @secret and, when it is genuine, fills @ans: code 0 with both keys, the key
 * lifetime (Session-Timeout, else @default_lifetime) and KEYGEN_REP for an
 * Access-Accept that carries MS-CHAP2-Success and both MPPE keys; code 131
 * for an Access-Reject, an Access-Challenge or an incomplete Access-Accept.
 * @ha_nonce is 16 random octets. Returns RADIUS_OK, or why the reply is not
 * genuine (then it must be ignored and @ans is untouched).
 */
enum radius_err mip4d_answer_from_reply(const struct mip4d_keygen *kg,
					const uint8_t *pkt, size_t len,
					const struct radius_sent *sent,
					const void *secret, size_t secret_len,
					bool require_msg_auth,
					const uint8_t ha_nonce[MIP4_HA_NONCE_LEN],
					uint32_t default_lifetime,
					struct mip4d_answer *ans);

#endif /* MIP4D_AAA_H */
