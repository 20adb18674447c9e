// SPDX-License-Identifier: GPL-2.0
/* Mobile IPv4 authenticators and dynamic-key derivations (nettle). */

#include <string.h>

#include <nettle/hmac.h>
#include <nettle/md5.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>

#include "mac.h"

int mip4_mac(u8 algorithm, const u8 *key, size_t key_len,
	     const u8 *data, size_t len, u8 *out)
{
	struct hmac_sha256_ctx sha256;
	struct hmac_md5_ctx hmd5;
	struct md5_ctx md5;

	switch (algorithm) {
	case MIP4_ALG_HMAC_MD5:
		hmac_md5_set_key(&hmd5, key_len, key);
		hmac_md5_update(&hmd5, len, data);
		hmac_md5_digest(&hmd5, MD5_DIGEST_SIZE, out);
		explicit_bzero(&hmd5, sizeof(hmd5));
		return 0;
	case MIP4_ALG_HMAC_SHA256:
		hmac_sha256_set_key(&sha256, key_len, key);
		hmac_sha256_update(&sha256, len, data);
		hmac_sha256_digest(&sha256, SHA256_DIGEST_SIZE, out);
		explicit_bzero(&sha256, sizeof(sha256));
		return 0;
	case MIP4_ALG_KEYED_MD5:
		/* RFC 2002 §3.5.1, prefix+suffix mode. */
		md5_init(&md5);
		md5_update(&md5, key_len, key);
		md5_update(&md5, len, data);
		md5_update(&md5, key_len, key);
		md5_digest(&md5, MD5_DIGEST_SIZE, out);
		explicit_bzero(&md5, sizeof(md5));
		return 0;
	}
	return -EINVAL;
}

int mip4_kdf(const u8 *key, size_t key_len, const char *label,
	     const u8 *context, size_t context_len, u8 *out, size_t out_len)
{
	struct hmac_sha256_ctx ctx;
	u8 digest[SHA256_DIGEST_SIZE];
	const u8 zero = 0;

	if (out_len > sizeof(digest))
		return -EINVAL;
	hmac_sha256_set_key(&ctx, key_len, key);
	hmac_sha256_update(&ctx, strlen(label), (const u8 *)label);
	hmac_sha256_update(&ctx, 1, &zero);
	hmac_sha256_update(&ctx, context_len, context);
	hmac_sha256_digest(&ctx, sizeof(digest), digest);
	memcpy(out, digest, out_len);
	explicit_bzero(&ctx, sizeof(ctx));
	explicit_bzero(digest, sizeof(digest));
	return 0;
}

/* The MHAE of @msg is where @algorithm needs it and lies within @len. */
static int mip4_mhae_check(size_t len, const struct mip4_msg *msg,
			   u8 algorithm)
{
	unsigned int auth_len = mip4_auth_len(algorithm);

	if (!msg->has_mhae || !auth_len || msg->auth_len != auth_len ||
	    (size_t)msg->mhae_offset + MIP4_MHAE_HDR_LEN + auth_len > len)
		return -EINVAL;
	return 0;
}

int mip4_mhae_sign(u8 *buf, size_t len, u8 algorithm,
		   const u8 *key, size_t key_len)
{
	struct mip4_msg msg;
	size_t data_len;
	int err;

	/* The Vendor/Org-ID only decides deny codes, not where the MHAE is. */
	err = mip4_msg_parse(buf, len, MIP4_VENDOR_ID_DEFAULT, &msg);
	if (err)
		return err;
	err = mip4_mhae_check(len, &msg, algorithm);
	if (err)
		return err;
	data_len = mip4_auth_data_len(algorithm, msg.mhae_offset);
	return mip4_mac(algorithm, key, key_len, buf, data_len,
			buf + msg.mhae_offset + MIP4_MHAE_HDR_LEN);
}

int mip4_mhae_verify(const u8 *buf, size_t len, const struct mip4_msg *msg,
		     u8 algorithm, const u8 *key, size_t key_len)
{
	u8 mac[MIP4_AUTH_MAX];
	int err, ok;

	err = mip4_mhae_check(len, msg, algorithm);
	if (err)
		return err;
	err = mip4_mac(algorithm, key, key_len, buf,
		       mip4_auth_data_len(algorithm, msg->mhae_offset), mac);
	if (err)
		return err;
	ok = memeql_sec(mac, buf + msg->mhae_offset + MIP4_MHAE_HDR_LEN,
			msg->auth_len);
	explicit_bzero(mac, sizeof(mac));
	return ok ? 0 : -EBADMSG;
}

int mip4_peer_challenge(const u8 *buf, size_t len, const struct mip4_msg *msg,
			u8 out[MIP4_PEER_CHALLENGE_LEN])
{
	static const u8 zero[MIP4_NT_RESPONSE_LEN];
	u8 digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;

	if (msg->type != MIP4_TYPE_RRQ ||
	    msg->cvse_type != MIP4_CVSE_KEYGEN_REQ ||
	    msg->cvse_len != MIP4_KEYGEN_REQ_LEN ||
	    msg->cvse_end > len || msg->cvse_end < MIP4_NT_RESPONSE_LEN)
		return -EINVAL;
	/* The NT-Response is the last field of the KEYGEN_REQ value. */
	sha256_init(&ctx);
	sha256_update(&ctx, msg->cvse_end - MIP4_NT_RESPONSE_LEN, buf);
	sha256_update(&ctx, sizeof(zero), zero);
	sha256_digest(&ctx, sizeof(digest), digest);
	memcpy(out, digest, MIP4_PEER_CHALLENGE_LEN);
	return 0;
}

int mip4_skey(const u8 k2[MIP4_K2_LEN], const u8 *nai, u8 nai_len,
	      const u8 keygen_req[MIP4_KEYGEN_REQ_LEN],
	      const u8 peer_challenge[MIP4_PEER_CHALLENGE_LEN],
	      const u8 ha_nonce[MIP4_HA_NONCE_LEN], u8 *out)
{
	u8 ctx[1 + MIP4_NAI_MAX + MIP4_AUTH_CHALLENGE_LEN +
	       MIP4_PEER_CHALLENGE_LEN + MIP4_NT_RESPONSE_LEN +
	       MIP4_HA_NONCE_LEN + 4];
	struct mip4_cvse_h h;
	u8 algorithm;
	size_t n = 0;
	int err;

	mip4_cvse_h_get(keygen_req, &h);
	algorithm = h.algorithm;
	if ((algorithm != MIP4_ALG_HMAC_MD5 &&
	     algorithm != MIP4_ALG_HMAC_SHA256) || !nai_len)
		return -EINVAL;
	ctx[n++] = nai_len;
	memcpy(ctx + n, nai, nai_len);
	n += nai_len;
	memcpy(ctx + n, keygen_req + MIP4_KEYGEN_REQ_CHALLENGE,
	       MIP4_AUTH_CHALLENGE_LEN);
	n += MIP4_AUTH_CHALLENGE_LEN;
	memcpy(ctx + n, peer_challenge, MIP4_PEER_CHALLENGE_LEN);
	n += MIP4_PEER_CHALLENGE_LEN;
	memcpy(ctx + n, keygen_req + MIP4_KEYGEN_REQ_NT_RESPONSE,
	       MIP4_NT_RESPONSE_LEN);
	n += MIP4_NT_RESPONSE_LEN;
	memcpy(ctx + n, ha_nonce, MIP4_HA_NONCE_LEN);
	n += MIP4_HA_NONCE_LEN;
	put_unaligned_be32(h.spi_s, ctx + n);
	n += 4;
	err = mip4_kdf(k2, MIP4_K2_LEN, MIP4_KDF_LABEL_SKEY, ctx, n, out,
		       mip4_auth_len(algorithm));
	explicit_bzero(ctx, sizeof(ctx));
	return err;
}

int mip4_user_peer_challenge(const u8 *buf, size_t len,
			     const struct mip4_msg *msg,
			     u8 out[MIP4_PEER_CHALLENGE_LEN])
{
	static const u8 zero[MIP4_NT_RESPONSE_LEN];
	u8 digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;
	size_t nt;

	if (msg->type != MIP4_TYPE_RRQ ||
	    msg->user_cvse_type != MIP4_CVSE_USER_AUTH ||
	    !msg->user_nt_response || msg->user_cvse_end > len ||
	    msg->user_nt_response < buf ||
	    msg->user_nt_response + MIP4_NT_RESPONSE_LEN > buf + msg->user_cvse_end)
		return -EINVAL;
	nt = msg->user_nt_response - buf;
	sha256_init(&ctx);
	sha256_update(&ctx, nt, buf);
	sha256_update(&ctx, sizeof(zero), zero);
	sha256_update(&ctx, msg->user_cvse_end - nt - MIP4_NT_RESPONSE_LEN,
		      buf + nt + MIP4_NT_RESPONSE_LEN);
	sha256_digest(&ctx, sizeof(digest), digest);
	memcpy(out, digest, MIP4_PEER_CHALLENGE_LEN);
	return 0;
}

int mip4_multi_skey(u8 algorithm, const u8 *k_aka, const u8 k2[MIP4_K2_LEN],
		    const struct mip4_msg *msg,
		    const u8 peer_challenge[MIP4_PEER_CHALLENGE_LEN],
		    const u8 ha_nonce[MIP4_HA_NONCE_LEN], u32 spi_s, u8 *out)
{
	u8 key[MIP4_KDF_MAX + MIP4_K2_LEN];
	u8 ctx[1 + MIP4_NAI_MAX + MIP4_AUTH_CHALLENGE_LEN +
	       MIP4_PEER_CHALLENGE_LEN + MIP4_NT_RESPONSE_LEN +
	       MIP4_HA_NONCE_LEN + 4];
	unsigned int l = mip4_auth_len(algorithm);
	size_t n = 0;
	int err;

	if ((algorithm != MIP4_ALG_HMAC_MD5 &&
	     algorithm != MIP4_ALG_HMAC_SHA256) ||
	    msg->user_cvse_type != MIP4_CVSE_USER_AUTH || !msg->user_nai_len ||
	    !msg->user_nai || !msg->user_challenge || !msg->user_nt_response)
		return -EINVAL;
	memcpy(key, k_aka, l);
	memcpy(key + l, k2, MIP4_K2_LEN);
	ctx[n++] = msg->user_nai_len;
	memcpy(ctx + n, msg->user_nai, msg->user_nai_len);
	n += msg->user_nai_len;
	memcpy(ctx + n, msg->user_challenge, MIP4_AUTH_CHALLENGE_LEN);
	n += MIP4_AUTH_CHALLENGE_LEN;
	memcpy(ctx + n, peer_challenge, MIP4_PEER_CHALLENGE_LEN);
	n += MIP4_PEER_CHALLENGE_LEN;
	memcpy(ctx + n, msg->user_nt_response, MIP4_NT_RESPONSE_LEN);
	n += MIP4_NT_RESPONSE_LEN;
	memcpy(ctx + n, ha_nonce, MIP4_HA_NONCE_LEN);
	n += MIP4_HA_NONCE_LEN;
	put_unaligned_be32(spi_s, ctx + n);
	n += 4;
	err = mip4_kdf(key, l + MIP4_K2_LEN, MIP4_KDF_LABEL_MULTI_SKEY, ctx, n,
		       out, l);
	explicit_bzero(key, sizeof(key));
	return err;
}

int mip4_skey_prime(u8 algorithm, const u8 *skey, u64 id, u32 spi_d, u8 *out)
{
	unsigned int len = mip4_auth_len(algorithm);
	u8 ctx[12];

	if (algorithm != MIP4_ALG_HMAC_MD5 && algorithm != MIP4_ALG_HMAC_SHA256)
		return -EINVAL;
	put_unaligned_be64(id, ctx);
	put_unaligned_be32(spi_d, ctx + 8);
	return mip4_kdf(skey, len, MIP4_KDF_LABEL_SKEY_PRIME, ctx, sizeof(ctx),
			out, len);
}
