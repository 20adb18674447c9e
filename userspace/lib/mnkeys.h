/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mnkeys.h: the mobile node's side of AAA-derived session keys
 * (Documentation/protocol.md): the initial registration request with its
 * KEYGEN_REQ and the checks of its reply, from which Skey and Skey' come
 * (§4.1); the rekey request and reply (§4.3).
 *
 * No I/O, no clock, no randomness: the caller chooses the Identification,
 * the SPIs and the AuthenticatorChallenge, so the §7 vectors can be
 * replayed exactly. Key material is wiped before return, except the keys
 * handed back in struct mip4_mn_keys (mip4_mn_keys_wipe()).
 *
 * Build with -I../proto (proto.h).
 */

#ifndef MIP4_MNKEYS_H
#define MIP4_MNKEYS_H

#include <stddef.h>

#include "aka.h"
#include "mac.h"
#include "proto.h"

/* The dynamic SAs of the node: Skey (SPI_S) and Skey' (SPI_D). */
struct mip4_mn_keys {
	u8 algorithm;			/* MIP4_ALG_HMAC_MD5 or _SHA256 */
	u8 replay;			/* MIP4_REPLAY_* */
	u32 spi_s;
	u32 spi_d;
	unsigned int key_len;		/* L: 16 or 32 */
	u8 skey[MIP4_KDF_MAX];
	u8 skey_prime[MIP4_KDF_MAX];
	/* Seconds: granted (KEYGEN_REP), or left (REKEY_REP). */
	u32 key_lifetime;
};

/* What the node chooses for an initial registration. */
struct mip4_mn_keygen_params {
	u8 algorithm;
	u8 replay;
	u32 spi_s;
	u32 spi_d;
	u8 auth_challenge[MIP4_AUTH_CHALLENGE_LEN];
};

/* One initial request as sent: what its reply is checked against. */
struct mip4_mn_keygen {
	u64 id;
	u8 keygen_req[MIP4_KEYGEN_REQ_LEN];	/* the value, NT-Response in */
	u8 peer_challenge[MIP4_PEER_CHALLENGE_LEN];
	u8 nai_len;
	u8 nai[MIP4_NAI_MAX];			/* MS-CHAPv2 UserName */
};

/*
 * Writes an initial registration request into @buf (@size octets): the
 * fixed part, NAI and Vendor/Org-ID of @base (an RRQ with an NAI; its CVSE
 * and MHAE fields are ignored), then a KEYGEN_REQ from @p with PeerChallenge
 * and NT-Response computed from the request and @password (@password_len
 * octets of UTF-8). No MHAE. Fills @kg for the reply. Returns the length,
 * or -EINVAL (@base or @p not encodable, a bad password), -ENOSPC.
 */
int mip4_mn_keygen_build(u8 *buf, size_t size,
			 const struct mip4_msg_spec *base,
			 const struct mip4_mn_keygen_params *p,
			 const char *password, size_t password_len,
			 struct mip4_mn_keygen *kg);

/*
 * Checks a reply that accepts (code 0 or 1) the request @kg and derives the
 * keys: @msg is @buf (@len octets) parsed; the caller has matched its
 * Identification and home address to @kg. In order: a KEYGEN_REP that
 * echoes the request's version, method, algorithm, replay method and SPIs;
 * an MHAE with SPI_S; the AuthenticatorResponse (the AAA server knows our
 * password); k'' from @password, Skey, and the MHAE verified with Skey; a
 * key lifetime other than 0. Then Skey' from @kg's Identification.
 * Returns 0 with @keys filled in, or -EPROTO (content), -EBADMSG
 * (AuthenticatorResponse or MHAE) with @keys untouched and @why saying
 * what was wrong; -EINVAL for a bad password.
 */
int mip4_mn_keygen_reply(const u8 *buf, size_t len, const struct mip4_msg *msg,
			 const struct mip4_mn_keygen *kg,
			 const char *password, size_t password_len,
			 struct mip4_mn_keys *keys, const char **why);

/*
 * Writes a rekey request: @base's fixed part, NAI and Vendor/Org-ID, a
 * REKEY_REQ for @new_spi_d, and an MHAE with SPI_S signed with Skey.
 * Returns the length, or -EINVAL, -ENOSPC.
 */
int mip4_mn_rekey_build(u8 *buf, size_t size, const struct mip4_msg_spec *base,
			const struct mip4_mn_keys *keys, u32 new_spi_d);

/*
 * Takes a reply that accepts (code 0 or 1) the rekey request with
 * Identification @id for @new_spi_d; the caller has verified its MHAE with
 * Skey. Checks its REKEY_REP, then replaces Skey' by KDF(Skey, "mip4 skey'",
 * @id ‖ @new_spi_d) and SPI_D by @new_spi_d, and takes the key lifetime
 * left. Returns 0, or -EPROTO with @keys untouched and @why set.
 */
int mip4_mn_rekey_reply(const struct mip4_msg *msg, u64 id, u32 new_spi_d,
			struct mip4_mn_keys *keys, const char **why);

void mip4_mn_keys_wipe(struct mip4_mn_keys *keys);

/*
 * AKA (method 2, protocol.md §8): one attempt of the node, from its
 * AKA_START to the reply to its AKA_RESPONSE. It keeps the challenge it
 * took and what the USIM made of it (§8.7: a repeated challenge is
 * answered from this record, without a second run of the USIM, which would
 * see a stale SQN), and Skey, derived as soon as the USIM gave CK and IK,
 * which are then wiped. The credential (K, OPc, the sequence numbers) is
 * the caller's, passed in: a user credential (a later extension) would
 * be another one.
 */
enum mip4_mn_aka_outcome {
	MIP4_MN_AKA_NONE,		/* no challenge taken yet */
	MIP4_MN_AKA_OK,			/* RES and Skey */
	MIP4_MN_AKA_SYNC_FAILURE,	/* AUTS */
	MIP4_MN_AKA_MAC_FAILURE,	/* AUTN not from our AuC: nothing */
};

struct mip4_mn_aka {
	u8 h[MIP4_CVSE_H_LEN];		/* of AKA_START, echoed in replies */
	u8 start_flags;
	u8 nai_len;
	u8 nai[MIP4_NAI_MAX];
	/* The record of the challenge taken. */
	enum mip4_mn_aka_outcome outcome;
	u8 rand[MILENAGE_RAND_LEN];
	u8 autn[MIP4_AKA_AUTN_LEN];
	u16 challenge_lifetime;
	u8 res[MILENAGE_RES_LEN];
	u8 skey[MIP4_KDF_MAX];
	u8 auts[MIP4_AKA_AUTS_LEN];
	/* The AKA_RESPONSE request sent: Skey' comes from its Identification
	 * (or the USER_AUTH alone one, in three round trips).
	 */
	u64 response_id;

	/* The user's step of a multiple authentication (protocol.md §9),
	 * MS-CHAPv2 after the device's AKA: none while user_nai_len is 0.
	 * The password is the caller's (not copied, not wiped here).
	 */
	u8 user_nai_len;
	u8 user_nai[MIP4_NAI_MAX];
	const char *password;
	size_t password_len;
	bool user_announce;	/* AUTH_FOLLOWS, USER_AUTH with AKA_RESPONSE */
	/* AuthenticatorChallenge of the next USER_AUTH: the caller's choice
	 * (random), set before each request that carries one.
	 */
	u8 user_challenge[MIP4_AUTH_CHALLENGE_LEN];
	/* The USER_AUTH sent: what the reply is checked against. */
	bool user_sent;
	u8 user_sent_challenge[MIP4_AUTH_CHALLENGE_LEN];
	u8 user_peer_challenge[MIP4_PEER_CHALLENGE_LEN];
	u8 user_nt_response[MIP4_NT_RESPONSE_LEN];
};

/* mip4_mn_aka_result(): an authenticated "continue" (protocol.md §9.2, the
 * three-round-trip variant): send the user's step alone.
 */
#define MIP4_MN_AKA_USER_STEP	1

/*
 * Starts an attempt: H from @p (its auth_challenge unused) and the NAI,
 * exactly as the requests will carry it. Returns 0, or -EINVAL for what
 * mip4_mn_keygen_build() refuses too.
 */
int mip4_mn_aka_init(struct mip4_mn_aka *a,
		     const struct mip4_mn_keygen_params *p, const u8 *nai,
		     u8 nai_len);

/*
 * Adds the user's step (protocol.md §9) to the attempt @a, after
 * mip4_mn_aka_init(): user NAI @user_nai (@user_nai_len octets, the
 * MS-CHAPv2 UserName) and @password (@password_len octets of UTF-8, kept by
 * pointer: it must outlive the attempt). With @announce, RRQ1 sets
 * AUTH_FOLLOWS and RRQ2 carries USER_AUTH; without, RRQ2 carries none and
 * the user's step comes alone in RRQ3 after the home agent's authenticated
 * 131 asks for it. Returns 0, or -EINVAL (empty NAI, bad password).
 */
int mip4_mn_aka_user(struct mip4_mn_aka *a, const u8 *user_nai,
		     u8 user_nai_len, const char *password,
		     size_t password_len, bool announce);

/* RRQ1 (§8.4): @base's fixed part, NAI and Vendor/Org-ID, an AKA_START;
 * no MHAE. Returns the length, or -EINVAL, -ENOSPC.
 */
int mip4_mn_aka_start_build(u8 *buf, size_t size,
			    const struct mip4_msg_spec *base,
			    const struct mip4_mn_aka *a);

/*
 * Whether @msg (a reply whose Identification the caller matched to its
 * latest request) is a challenge for this attempt (§8.4 "The MN on RRP1",
 * step 1): code 131, one AKA_CHALLENGE of the right length whose H is
 * ours. Returns 0, or -EPROTO with @why.
 */
int mip4_mn_aka_challenge_check(const struct mip4_msg *msg,
				const struct mip4_mn_aka *a, const char **why);

/* Whether the challenge of @msg is the one recorded (the same RAND, §8.4
 * step 2): then the record answers it (§8.7), whatever its AUTN.
 */
bool mip4_mn_aka_known(const struct mip4_msg *msg,
		       const struct mip4_mn_aka *a);

/*
 * Runs the USIM (K @k, OPc @opc, sequence numbers @seq, updated when the
 * challenge is accepted: the caller saves them before the response leaves)
 * on the checked challenge @msg, and records the outcome, replacing any
 * earlier record; with RES, Skey too. Returns the outcome, or
 * MIP4_MN_AKA_NONE when Skey cannot be derived (nothing recorded).
 */
enum mip4_mn_aka_outcome
mip4_mn_aka_take(struct mip4_mn_aka *a, const struct mip4_msg *msg,
		 const u8 k[MILENAGE_KEY_LEN], const u8 opc[MILENAGE_KEY_LEN],
		 struct mip4_usim_seq *seq);

/*
 * RRQ2: @base's fixed part (with the registration the node wants, and a new
 * Identification), NAI, AKA_RESPONSE (H, RES length, RAND, RES), with an
 * announced user step USER_AUTH (a->user_challenge, the NT-Response over
 * the PeerChallenge of this very request, §9.4), and an MHAE with SPI_S
 * signed with Skey (K_aka). Needs an outcome MIP4_MN_AKA_OK. Records the
 * Identification for Skey'. Returns the length, or -EINVAL, -ENOSPC.
 */
int mip4_mn_aka_response_build(u8 *buf, size_t size,
			       const struct mip4_msg_spec *base,
			       struct mip4_mn_aka *a);

/*
 * RRQ3 (protocol.md §9.2, three round trips): @base's fixed part, NAI,
 * USER_AUTH alone (a->user_challenge; the PeerChallenge over this request)
 * and an MHAE with SPI_S signed with K_aka. Needs an outcome
 * MIP4_MN_AKA_OK and a user. Records the Identification for Skey'.
 * Returns the length, or -EINVAL, -ENOSPC.
 */
int mip4_mn_aka_user_build(u8 *buf, size_t size,
			   const struct mip4_msg_spec *base,
			   struct mip4_mn_aka *a);

/*
 * The report of a refused challenge (§8.5, §8.6): @base's fixed part, NAI,
 * AKA_FAILURE (H, cause 1 with the AUTS, or cause 2 with zeros; RAND); no
 * MHAE: the USIM gave no CK or IK. Needs a failure outcome. Returns the
 * length, or -EINVAL, -ENOSPC.
 */
int mip4_mn_aka_failure_build(u8 *buf, size_t size,
			      const struct mip4_msg_spec *base,
			      const struct mip4_mn_aka *a);

/*
 * The reply to RRQ2 (§8.4 "The MN on RRP2"), @msg being @buf (@len octets)
 * parsed, its Identification matched to RRQ2's by the caller: an MHAE with
 * SPI_S that verifies with Skey. For an acceptance (code 0 or 1) also an
 * AKA_RESULT whose H and RAND are ours and whose key lifetime is not 0;
 * then @keys gets Skey and Skey' (from RRQ2's Identification and SPI_D) in
 * one step. A denial so authenticated (the home agent refused the
 * registration after a good RES) leaves @keys alone; an AKA_RESULT in it
 * must be ours too. Returns 0, or -EPROTO (content), -EBADMSG (MHAE), with
 * @keys untouched and @why set.
 *
 * With a user (protocol.md §9), after a request that carried USER_AUTH:
 * an acceptance needs AKA_RESULT with flags USER_AUTH_DONE, a USER_RESULT
 * (version 1, method 1) with the same key lifetime and the
 * AuthenticatorResponse of our password (checked in constant time), and an
 * MHAE that verifies with the multi Skey = KDF(K_aka ‖ k'', ...), k'' from
 * the password (RFC 3079); @keys gets it and its Skey'. A denial (131: the
 * user refused; 128: no answer from the user's AAA server) is taken with an
 * MHAE made with K_aka. After an RRQ2 without USER_AUTH, a 131 with an
 * AKA_RESULT with flags USER_AUTH_REQUIRED and an MHAE made with K_aka
 * returns MIP4_MN_AKA_USER_STEP: send mip4_mn_aka_user_build(). An
 * acceptance without the user's step is refused when we have a user.
 */
int mip4_mn_aka_result(const u8 *buf, size_t len, const struct mip4_msg *msg,
		       const struct mip4_mn_aka *a, struct mip4_mn_keys *keys,
		       const char **why);

/* The attempt ends: its record, RES and Skey wiped. */
void mip4_mn_aka_wipe(struct mip4_mn_aka *a);

#endif /* MIP4_MNKEYS_H */
