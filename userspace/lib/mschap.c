// SPDX-License-Identifier: GPL-2.0
/* MS-CHAPv2 (RFC 2759) and MPPE start keys (RFC 3079) with nettle. */

#include <errno.h>
#include <string.h>

#include <nettle/des.h>
#include <nettle/md4.h>
#include <nettle/memops.h>
#include <nettle/sha1.h>

#include "mschap.h"

/* RFC 2759 §8.7 constants. */
static const char auth_magic1[] = "Magic server to client signing constant";
static const char auth_magic2[] = "Pad to make it do more than one iteration";

/* RFC 3079 §3.4 constants. */
static const char mppe_magic1[] = "This is the MPPE Master Key";
static const char mppe_magic2[] =
	"On the client side, this is the send key; "
	"on the server side, it is the receive key.";
static const char mppe_magic3[] =
	"On the client side, this is the receive key; "
	"on the server side, it is the send key.";

_Static_assert(sizeof(auth_magic1) - 1 == 39, "RFC 2759 Magic1");
_Static_assert(sizeof(auth_magic2) - 1 == 41, "RFC 2759 Magic2");
_Static_assert(sizeof(mppe_magic1) - 1 == 27, "RFC 3079 Magic1");
_Static_assert(sizeof(mppe_magic2) - 1 == 84, "RFC 3079 Magic2");
_Static_assert(sizeof(mppe_magic3) - 1 == 84, "RFC 3079 Magic3");

/*
 * Decodes one UTF-8 code point at @s (@len octets left) into *@cp; returns
 * the octets used, or 0 when the sequence is invalid (truncated, overlong,
 * a surrogate, or past U+10FFFF).
 */
static size_t utf8_decode(const uint8_t *s, size_t len, uint32_t *cp)
{
	static const uint32_t min[4] = { 0, 0x80, 0x800, 0x10000 };
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min[n - 1] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int mschap_nt_password_hash(const char *password, size_t len,
			    uint8_t hash[MSCHAP_HASH_LEN])
{
	uint8_t u16[2 * MSCHAP_MAX_PASSWORD];
	const uint8_t *s = (const uint8_t *)password;
	size_t off = 0, n = 0, used;
	struct md4_ctx ctx;
	uint32_t cp = 0;
	int ret = 0;

	if (!password && len)
		return -EINVAL;
	while (off < len) {
		used = utf8_decode(s + off, len - off, &cp);
		if (!used || n + (cp > 0xffff ? 4 : 2) > sizeof(u16)) {
			ret = -EINVAL;
			goto out;
		}
		if (cp > 0xffff) {
			/* a surrogate pair, each unit little-endian */
			uint32_t v = cp - 0x10000;
			uint16_t hi = 0xd800 | (v >> 10), lo = 0xdc00 | (v & 0x3ff);

			u16[n++] = hi & 0xff;
			u16[n++] = hi >> 8;
			u16[n++] = lo & 0xff;
			u16[n++] = lo >> 8;
		} else {
			u16[n++] = cp & 0xff;
			u16[n++] = cp >> 8;
		}
		off += used;
	}
	md4_init(&ctx);
	md4_update(&ctx, n, u16);
	md4_digest(&ctx, MSCHAP_HASH_LEN, hash);
	explicit_bzero(&ctx, sizeof(ctx));
out:
	explicit_bzero(u16, sizeof(u16));
	explicit_bzero(&cp, sizeof(cp));
	return ret;
}

void mschap_hash_nt_password_hash(const uint8_t hash[MSCHAP_HASH_LEN],
				  uint8_t out[MSCHAP_HASH_LEN])
{
	struct md4_ctx ctx;

	md4_init(&ctx);
	md4_update(&ctx, MSCHAP_HASH_LEN, hash);
	md4_digest(&ctx, MSCHAP_HASH_LEN, out);
	explicit_bzero(&ctx, sizeof(ctx));
}

void mschap_challenge_hash(const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
			   const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
			   const void *user, size_t user_len,
			   uint8_t out[MSCHAP_CHALLENGE_HASH_LEN])
{
	struct sha1_ctx ctx;

	sha1_init(&ctx);
	sha1_update(&ctx, MSCHAP_CHALLENGE_LEN, peer_challenge);
	sha1_update(&ctx, MSCHAP_CHALLENGE_LEN, auth_challenge);
	sha1_update(&ctx, user_len, user);
	sha1_digest(&ctx, MSCHAP_CHALLENGE_HASH_LEN, out);
}

void mschap_des_key_expand(const uint8_t in[7], uint8_t out[8])
{
	unsigned int i, bit, ones;
	uint64_t k = 0;
	uint8_t o;

	for (i = 0; i < 7; i++)
		k = k << 8 | in[i];
	for (i = 0; i < 8; i++) {
		/* the next 7 key bits in the top of the octet, odd parity */
		o = (uint8_t)((k >> (49 - 7 * i)) & 0x7f) << 1;
		for (ones = 0, bit = 1; bit < 8; bit++)
			ones += o >> bit & 1;
		out[i] = o | !(ones & 1);
	}
	explicit_bzero(&k, sizeof(k));
}

static void des_encrypt_block(const uint8_t clear[8], const uint8_t key7[7],
			      uint8_t cypher[8])
{
	struct des_ctx ctx;
	uint8_t key[DES_KEY_SIZE];

	mschap_des_key_expand(key7, key);
	/* nettle ignores parity and still keys weak keys (it returns 0) */
	des_set_key(&ctx, key);
	des_encrypt(&ctx, DES_BLOCK_SIZE, cypher, clear);
	explicit_bzero(&ctx, sizeof(ctx));
	explicit_bzero(key, sizeof(key));
}

void mschap_challenge_response(const uint8_t challenge[MSCHAP_CHALLENGE_HASH_LEN],
			       const uint8_t hash[MSCHAP_HASH_LEN],
			       uint8_t response[MSCHAP_NT_RESPONSE_LEN])
{
	uint8_t z[21];

	memcpy(z, hash, MSCHAP_HASH_LEN);
	memset(z + MSCHAP_HASH_LEN, 0, sizeof(z) - MSCHAP_HASH_LEN);
	des_encrypt_block(challenge, z, response);
	des_encrypt_block(challenge, z + 7, response + 8);
	des_encrypt_block(challenge, z + 14, response + 16);
	explicit_bzero(z, sizeof(z));
}

int mschap_generate_nt_response(const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
				const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
				const void *user, size_t user_len,
				const char *password, size_t password_len,
				uint8_t response[MSCHAP_NT_RESPONSE_LEN])
{
	uint8_t challenge[MSCHAP_CHALLENGE_HASH_LEN], hash[MSCHAP_HASH_LEN];
	int ret;

	ret = mschap_nt_password_hash(password, password_len, hash);
	if (ret)
		return ret;
	mschap_challenge_hash(peer_challenge, auth_challenge, user, user_len,
			      challenge);
	mschap_challenge_response(challenge, hash, response);
	explicit_bzero(hash, sizeof(hash));
	return 0;
}

void mschap_authenticator_response_from_hash(
	const uint8_t password_hash[MSCHAP_HASH_LEN],
	const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
	const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
	const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
	const void *user, size_t user_len,
	uint8_t out[MSCHAP_AUTH_RESPONSE_LEN])
{
	uint8_t hash_hash[MSCHAP_HASH_LEN], digest[SHA1_DIGEST_SIZE];
	uint8_t challenge[MSCHAP_CHALLENGE_HASH_LEN];
	struct sha1_ctx ctx;

	mschap_hash_nt_password_hash(password_hash, hash_hash);
	sha1_init(&ctx);
	sha1_update(&ctx, sizeof(hash_hash), hash_hash);
	sha1_update(&ctx, MSCHAP_NT_RESPONSE_LEN, nt_response);
	sha1_update(&ctx, sizeof(auth_magic1) - 1,
		    (const uint8_t *)auth_magic1);
	sha1_digest(&ctx, sizeof(digest), digest);

	mschap_challenge_hash(peer_challenge, auth_challenge, user, user_len,
			      challenge);
	sha1_update(&ctx, sizeof(digest), digest);
	sha1_update(&ctx, sizeof(challenge), challenge);
	sha1_update(&ctx, sizeof(auth_magic2) - 1,
		    (const uint8_t *)auth_magic2);
	sha1_digest(&ctx, MSCHAP_AUTH_RESPONSE_LEN, out);

	explicit_bzero(&ctx, sizeof(ctx));
	explicit_bzero(hash_hash, sizeof(hash_hash));
	explicit_bzero(digest, sizeof(digest));
}

int mschap_generate_authenticator_response(
	const char *password, size_t password_len,
	const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
	const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
	const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
	const void *user, size_t user_len,
	uint8_t out[MSCHAP_AUTH_RESPONSE_LEN])
{
	uint8_t hash[MSCHAP_HASH_LEN];
	int ret;

	ret = mschap_nt_password_hash(password, password_len, hash);
	if (ret)
		return ret;
	mschap_authenticator_response_from_hash(hash, nt_response,
						peer_challenge, auth_challenge,
						user, user_len, out);
	explicit_bzero(hash, sizeof(hash));
	return 0;
}

void mschap_auth_response_str(const uint8_t resp[MSCHAP_AUTH_RESPONSE_LEN],
			      char out[MSCHAP_AUTH_RESPONSE_STR_LEN + 1])
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	out[0] = 'S';
	out[1] = '=';
	for (i = 0; i < MSCHAP_AUTH_RESPONSE_LEN; i++) {
		out[2 + 2 * i] = hex[resp[i] >> 4];
		out[3 + 2 * i] = hex[resp[i] & 0xf];
	}
	out[MSCHAP_AUTH_RESPONSE_STR_LEN] = '\0';
}

int mschap_check_authenticator_response(
	const char *password, size_t password_len,
	const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
	const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
	const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
	const void *user, size_t user_len,
	const uint8_t received[MSCHAP_AUTH_RESPONSE_LEN])
{
	uint8_t mine[MSCHAP_AUTH_RESPONSE_LEN];
	int ret;

	ret = mschap_generate_authenticator_response(password, password_len,
						     nt_response,
						     peer_challenge,
						     auth_challenge, user,
						     user_len, mine);
	if (ret)
		return ret;
	ret = memeql_sec(mine, received, sizeof(mine)) ? 0 : -EBADMSG;
	explicit_bzero(mine, sizeof(mine));
	return ret;
}

int mschap_check_authenticator_response_str(
	const char *password, size_t password_len,
	const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
	const uint8_t peer_challenge[MSCHAP_CHALLENGE_LEN],
	const uint8_t auth_challenge[MSCHAP_CHALLENGE_LEN],
	const void *user, size_t user_len,
	const char *received, size_t received_len)
{
	uint8_t mine[MSCHAP_AUTH_RESPONSE_LEN];
	char str[MSCHAP_AUTH_RESPONSE_STR_LEN + 1];
	int ret;

	if (!received || received_len != MSCHAP_AUTH_RESPONSE_STR_LEN)
		return -EINVAL;
	ret = mschap_generate_authenticator_response(password, password_len,
						     nt_response,
						     peer_challenge,
						     auth_challenge, user,
						     user_len, mine);
	if (ret)
		return ret;
	mschap_auth_response_str(mine, str);
	ret = memeql_sec(str, received, MSCHAP_AUTH_RESPONSE_STR_LEN) ?
	      0 : -EBADMSG;
	explicit_bzero(mine, sizeof(mine));
	explicit_bzero(str, sizeof(str));
	return ret;
}

void mschap_get_master_key(const uint8_t password_hash_hash[MSCHAP_HASH_LEN],
			   const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
			   uint8_t master_key[MSCHAP_MASTER_KEY_LEN])
{
	struct sha1_ctx ctx;

	sha1_init(&ctx);
	sha1_update(&ctx, MSCHAP_HASH_LEN, password_hash_hash);
	sha1_update(&ctx, MSCHAP_NT_RESPONSE_LEN, nt_response);
	sha1_update(&ctx, sizeof(mppe_magic1) - 1,
		    (const uint8_t *)mppe_magic1);
	sha1_digest(&ctx, MSCHAP_MASTER_KEY_LEN, master_key);
	explicit_bzero(&ctx, sizeof(ctx));
}

int mschap_get_asymmetric_start_key(const uint8_t master_key[MSCHAP_MASTER_KEY_LEN],
				    uint8_t *key, size_t key_len,
				    bool is_send, bool is_server)
{
	static const uint8_t pad1[40];
	uint8_t pad2[40];
	const char *magic;
	struct sha1_ctx ctx;

	if (!key || key_len < 8 || key_len > 16)
		return -EINVAL;
	/* Magic2 is the client's send key and the server's receive key */
	magic = is_send == is_server ? mppe_magic3 : mppe_magic2;
	memset(pad2, 0xf2, sizeof(pad2));
	sha1_init(&ctx);
	sha1_update(&ctx, MSCHAP_MASTER_KEY_LEN, master_key);
	sha1_update(&ctx, sizeof(pad1), pad1);
	sha1_update(&ctx, 84, (const uint8_t *)magic);
	sha1_update(&ctx, sizeof(pad2), pad2);
	sha1_digest(&ctx, key_len, key);
	explicit_bzero(&ctx, sizeof(ctx));
	return 0;
}

int mschap_mn_k2(const char *password, size_t password_len,
		 const uint8_t nt_response[MSCHAP_NT_RESPONSE_LEN],
		 uint8_t k2[MSCHAP_K2_LEN])
{
	uint8_t hash[MSCHAP_HASH_LEN], hash_hash[MSCHAP_HASH_LEN];
	uint8_t master[MSCHAP_MASTER_KEY_LEN];
	int ret;

	ret = mschap_nt_password_hash(password, password_len, hash);
	if (ret)
		return ret;
	mschap_hash_nt_password_hash(hash, hash_hash);
	mschap_get_master_key(hash_hash, nt_response, master);
	mschap_get_asymmetric_start_key(master, k2, 16, true, false);
	mschap_get_asymmetric_start_key(master, k2 + 16, 16, false, false);
	explicit_bzero(hash, sizeof(hash));
	explicit_bzero(hash_hash, sizeof(hash_hash));
	explicit_bzero(master, sizeof(master));
	return 0;
}
