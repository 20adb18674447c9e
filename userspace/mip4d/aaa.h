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
};

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
