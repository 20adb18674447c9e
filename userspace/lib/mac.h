/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mac.h: Mobile IPv4 authenticators and dynamic-key derivations in userspace
 * (nettle). Algorithms are MIP4_ALG_* of proto.h; the derivations are those
 * of Documentation/protocol.md §3.
 *
 * Build with -I../proto (proto.h).
 */

#ifndef MIP4_MAC_H
#define MIP4_MAC_H

#include <stddef.h>

#include "proto.h"

#define MIP4_K2_LEN			32	/* k'': MPPE Recv-Key ‖ Send-Key */

/*
 * Computes the authenticator of @data (@len octets) with @algorithm into @out
 * (mip4_auth_len(@algorithm) octets): HMAC-MD5, HMAC-SHA-256, or keyed MD5
 * prefix+suffix, MD5(key ‖ data ‖ key). Returns 0, or -EINVAL for an unknown
 * algorithm.
 */
int mip4_mac(u8 algorithm, const u8 *key, size_t key_len,
	     const u8 *data, size_t len, u8 *out);

/*
 * KDF(K, label, context, L): the first @out_len (<= MIP4_KDF_MAX) octets of
 * HMAC-SHA-256(K, label ‖ 0x00 ‖ context). Returns 0 or -EINVAL.
 */
int mip4_kdf(const u8 *key, size_t key_len, const char *label,
	     const u8 *context, size_t context_len, u8 *out, size_t out_len);

/*
 * Fills in the authenticator of the MHAE of the message in @buf (@len octets,
 * e.g. just written by mip4_msg_build()). Returns 0; -EINVAL when the message
 * does not parse, has no MHAE, or its MHAE is not sized for @algorithm.
 */
int mip4_mhae_sign(u8 *buf, size_t len, u8 algorithm,
		   const u8 *key, size_t key_len);

/*
 * Checks, in constant time, the MHAE authenticator of @msg, as parsed from
 * @buf (@len octets) by mip4_msg_parse(). Returns 0 when it is right,
 * -EBADMSG when it is wrong, -EINVAL when there is no MHAE or its length does
 * not fit @algorithm.
 */
int mip4_mhae_verify(const u8 *buf, size_t len, const struct mip4_msg *msg,
		     u8 algorithm, const u8 *key, size_t key_len);

/*
 * PeerChallenge: the first 16 octets of SHA-256 of the request from its
 * first octet to the end of its KEYGEN_REQ, with the NT-Response zeroed.
 * @msg is @buf (@len octets) parsed. Returns 0, or -EINVAL when @msg has no
 * well-sized KEYGEN_REQ.
 */
int mip4_peer_challenge(const u8 *buf, size_t len, const struct mip4_msg *msg,
			u8 out[MIP4_PEER_CHALLENGE_LEN]);

/*
 * Skey = KDF(k'', "mip4 skey", len(NAI) ‖ NAI ‖ AuthenticatorChallenge ‖
 * PeerChallenge ‖ NT-Response ‖ HA-nonce ‖ SPI_S, L), with the challenge,
 * NT-Response, SPI_S and algorithm (hence L) taken from the 52-octet
 * KEYGEN_REQ value @keygen_req. Writes mip4_auth_len(algorithm) octets.
 * Returns 0, or -EINVAL for an unusable algorithm or an empty NAI.
 */
int mip4_skey(const u8 k2[MIP4_K2_LEN], const u8 *nai, u8 nai_len,
	      const u8 keygen_req[MIP4_KEYGEN_REQ_LEN],
	      const u8 peer_challenge[MIP4_PEER_CHALLENGE_LEN],
	      const u8 ha_nonce[MIP4_HA_NONCE_LEN], u8 *out);

/*
 * The user's step of a multiple authentication (protocol.md §9.4).
 * PeerChallenge: the first 16 octets of SHA-256 of the request from its
 * first octet to the end of its USER_AUTH, with USER_AUTH's NT-Response
 * zeroed (so it covers the AKA_RESPONSE before it too). @msg is @buf (@len
 * octets) parsed. Returns 0, or -EINVAL when @msg has no well-formed
 * USER_AUTH.
 */
int mip4_user_peer_challenge(const u8 *buf, size_t len,
			     const struct mip4_msg *msg,
			     u8 out[MIP4_PEER_CHALLENGE_LEN]);

/*
 * Skey = KDF(K_aka ‖ k'', "mip4 multi skey", len(uNAI) ‖ uNAI ‖
 * AuthenticatorChallenge ‖ PeerChallenge ‖ NT-Response ‖ HA-nonce ‖ SPI_S, L)
 * with K_aka the AKA Skey (mip4_auth_len(@algorithm) octets), k'' =
 * MS-MPPE-Recv-Key ‖ MS-MPPE-Send-Key, and uNAI, the challenge and the
 * NT-Response those of the USER_AUTH in @msg. Writes
 * mip4_auth_len(@algorithm) octets. Returns 0, or -EINVAL for an unusable
 * algorithm or a @msg without USER_AUTH's fields.
 */
int mip4_multi_skey(u8 algorithm, const u8 *k_aka, const u8 k2[MIP4_K2_LEN],
		    const struct mip4_msg *msg,
		    const u8 peer_challenge[MIP4_PEER_CHALLENGE_LEN],
		    const u8 ha_nonce[MIP4_HA_NONCE_LEN], u32 spi_s, u8 *out);

/*
 * Skey' = KDF(Skey, "mip4 skey'", Identification ‖ SPI_D, L) for dynamic
 * algorithm @algorithm (1 or 2). Writes mip4_auth_len(@algorithm) octets.
 * Returns 0 or -EINVAL.
 */
int mip4_skey_prime(u8 algorithm, const u8 *skey, u64 id, u32 spi_d, u8 *out);

#endif /* MIP4_MAC_H */
