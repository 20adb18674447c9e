/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mschap.h: MS-CHAPv2 (RFC 2759) and its MPPE key derivation (RFC 3079),
 * as the Mobile Node computes them for dynamic keys (protocol.md §3):
 * NT-Response, AuthenticatorResponse and k''. Crypto is nettle (MD4, SHA-1,
 * DES); intermediate secrets are wiped before return.
 *
 * Passwords are UTF-8 (ASCII is a subset) and converted to UTF-16LE, at most
 * 256 UTF-16 code units (RFC 2759 §8). User names are used octet for octet.
 */

#ifndef MIP4_MSCHAP_H
#define MIP4_MSCHAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MSCHAP_CHALLENGE_LEN		16	/* Authenticator or Peer */
#define MSCHAP_CHALLENGE_HASH_LEN	8
#define MSCHAP_HASH_LEN			16	/* NT password hash (MD4) */
#define MSCHAP_NT_RESPONSE_LEN		24
#define MSCHAP_AUTH_RESPONSE_LEN	20	/* binary AuthenticatorResponse */
#define MSCHAP_AUTH_RESPONSE_STR_LEN	42	/* "S=" + 40 upper-case hex */
#define MSCHAP_MASTER_KEY_LEN		16
#define MSCHAP_K2_LEN			32
#define MSCHAP_MAX_PASSWORD		256	/* UTF-16 code units */

/*
 * NtPasswordHash: MD4 of the UTF-16LE form of @password (@len octets of
 * UTF-8). Returns 0, or -EINVAL for invalid UTF-8 or a password longer than
 * MSCHAP_MAX_PASSWORD.
 */
int mschap_nt_password_hash(const char *password, size_t len,
			    uint8_t hash[MSCHAP_HASH_LEN]);

/* HashNtPasswordHash: MD4(@hash). */
void mschap_hash_nt_password_hash(const uint8_t hash[MSCHAP_HASH_LEN],
				  uint8_t out[MSCHAP_HASH_LEN]);

/*
 * ChallengeHash: the first 8 octets of SHA-1(PeerChallenge ‖
 * AuthenticatorChallenge ‖ UserName).
 */
void mschap_challenge_hash(const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
			   const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
			   const void *user, size_t user_len,
			   uint8_t out[MSCHAP_CHALLENGE_HASH_LEN]);

/* The 56-to-64-bit DES key expansion (RFC 2759 §8.6, §9.3): parity low bit. */
void mschap_des_key_expand(const uint8_t in[7], uint8_t out[8]);

/*
 * ChallengeResponse: DES-encrypts @challenge with the three 7-octet thirds
 * of the zero-padded 21-octet @hash.
 */
void mschap_challenge_response(const uint8_t challenge[MSCHAP_CHALLENGE_HASH_LEN],
			       const uint8_t hash[MSCHAP_HASH_LEN],
			       uint8_t response[MSCHAP_NT_RESPONSE_LEN]);

/* GenerateNTResponse. Returns 0 or -EINVAL (password). */
int mschap_generate_nt_response(const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
				const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
				const void *user, size_t user_len,
				const char *password, size_t password_len,
				uint8_t response[MSCHAP_NT_RESPONSE_LEN]);

/*
 * GenerateAuthenticatorResponse, binary: the 20 octets whose hex follows
 * "S=". Returns 0 or -EINVAL (password).
 */
int mschap_generate_authenticator_response(
	const char *password, size_t password_len,
	const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
	const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
	const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
	const void *user, size_t user_len,
	uint8_t out[MSCHAP_AUTH_RESPONSE_LEN]);

/* ... the same from the PasswordHash, as a server holding hashes would. */
void mschap_authenticator_response_from_hash(
	const uint8_t password_hash[MSCHAP_HASH_LEN],
	const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
	const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
	const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
	const void *user, size_t user_len,
	uint8_t out[MSCHAP_AUTH_RESPONSE_LEN]);

/* Formats @resp as "S=" and 40 upper-case hex digits, NUL-terminated. */
void mschap_auth_response_str(const uint8_t resp[MSCHAP_AUTH_RESPONSE_LEN],
			      char out[MSCHAP_AUTH_RESPONSE_STR_LEN + 1]);

/*
 * CheckAuthenticatorResponse: compares, in constant time, the
 * AuthenticatorResponse the peer computes with @received, either the
 * 42-character "S=..." string (the _str form; upper-case hex as RFC 2759
 * sends it) or the 20 binary octets (KEYGEN_REP). Returns 0 when they match,
 * -EBADMSG when not, -EINVAL for a bad password or length.
 */
int mschap_check_authenticator_response_str(
	const char *password, size_t password_len,
	const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
	const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
	const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
	const void *user, size_t user_len,
	const char *received, size_t received_len);
int mschap_check_authenticator_response(
	const char *password, size_t password_len,
	const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
	const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
	const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
	const void *user, size_t user_len,
	const uint8_t received[MSCHAP_AUTH_RESPONSE_LEN]);

/* RFC 3079 GetMasterKey: SHA-1(PasswordHashHash ‖ NT-Response ‖ Magic1). */
void mschap_get_master_key(const uint8_t password_hash_hash[MSCHAP_HASH_LEN],
			   const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
			   uint8_t master_key[MSCHAP_MASTER_KEY_LEN]);

/*
 * RFC 3079 GetAsymmetricStartKey: @key_len (8..16) octets of SHA-1(MasterKey
 * ‖ SHSpad1 ‖ Magic2 or Magic3 ‖ SHSpad2). Returns 0 or -EINVAL.
 */
int mschap_get_asymmetric_start_key(const uint8_t master_key[MSCHAP_MASTER_KEY_LEN],
				    uint8_t *key, size_t key_len,
				    bool is_send, bool is_server);

/*
 * k'' at the MN (protocol.md §3): GetAsymmetricStartKey(MasterKey, 16,
 * send, client) ‖ GetAsymmetricStartKey(MasterKey, 16, receive, client),
 * which is MS-MPPE-Recv-Key ‖ MS-MPPE-Send-Key as the AAA server sends them
 * to the HA. Returns 0 or -EINVAL (password).
 */
int mschap_mn_k2(const char *password, size_t password_len,
		 const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
		 uint8_t k2[MSCHAP_K2_LEN]);

#endif /* MIP4_MSCHAP_H */
