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

#endif /* MIP4_MNKEYS_H */
