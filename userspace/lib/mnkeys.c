// SPDX-License-Identifier: GPL-2.0
/* The mobile node's side of dynamic keys: KEYGEN and REKEY messages. */

#include <errno.h>
#include <string.h>

#include "mnkeys.h"
#include "mschap.h"

#define MN_SPI_MIN	256	/* SPIs 0-255 are reserved (RFC 5944) */

static bool mn_dynamic_alg(u8 algorithm)
{
	return algorithm == MIP4_ALG_HMAC_MD5 ||
	       algorithm == MIP4_ALG_HMAC_SHA256;
}

int mip4_mn_keygen_build(u8 *buf, size_t size,
			 const struct mip4_msg_spec *base,
			 const struct mip4_mn_keygen_params *p,
			 const char *password, size_t password_len,
			 struct mip4_mn_keygen *kg)
{
	struct mip4_msg_spec spec = *base;
	struct mip4_cvse_h h = {
		.version = MIP4_DK_VERSION,
		.method = MIP4_METHOD_MSCHAPV2,
		.algorithm = p->algorithm,
		.replay = p->replay,
		.spi_s = p->spi_s,
		.spi_d = p->spi_d,
	};
	u8 *v = kg->keygen_req;
	struct mip4_msg msg;
	int len, err;

	if (spec.type != MIP4_TYPE_RRQ || !spec.nai || !spec.nai_len ||
	    !mn_dynamic_alg(p->algorithm) ||
	    (p->replay != MIP4_REPLAY_TIMESTAMP &&
	     p->replay != MIP4_REPLAY_NONCE) ||
	    p->spi_s < MN_SPI_MIN || p->spi_d < MN_SPI_MIN ||
	    p->spi_s == p->spi_d)
		return -EINVAL;

	memset(kg, 0, sizeof(*kg));
	mip4_cvse_h_put(v, &h);
	memcpy(v + MIP4_KEYGEN_REQ_CHALLENGE, p->auth_challenge,
	       MIP4_AUTH_CHALLENGE_LEN);
	/* The NT-Response stays zero for PeerChallenge. */

	spec.cvse_type = MIP4_CVSE_KEYGEN_REQ;
	spec.cvse_value = v;
	spec.cvse_len = MIP4_KEYGEN_REQ_LEN;
	spec.algorithm = 0;
	len = mip4_msg_build(buf, size, &spec);
	if (len < 0)
		return len;

	/* PeerChallenge covers the bytes as they go out. */
	if (mip4_msg_parse(buf, (size_t)len, spec.vendor_id, &msg) ||
	    msg.deny_code)
		return -EINVAL;
	err = mip4_peer_challenge(buf, (size_t)len, &msg, kg->peer_challenge);
	if (err)
		return err;
	err = mschap_generate_nt_response(p->auth_challenge,
					  kg->peer_challenge, spec.nai,
					  spec.nai_len, password, password_len,
					  v + MIP4_KEYGEN_REQ_NT_RESPONSE);
	if (err)
		return err;
	memcpy(buf + msg.cvse_end - MIP4_NT_RESPONSE_LEN,
	       v + MIP4_KEYGEN_REQ_NT_RESPONSE, MIP4_NT_RESPONSE_LEN);

	kg->id = spec.id;
	kg->nai_len = spec.nai_len;
	memcpy(kg->nai, spec.nai, spec.nai_len);
	return len;
}

static int mn_refuse(const char **why, const char *what, int err)
{
	*why = what;
	return err;
}

int mip4_mn_keygen_reply(const u8 *buf, size_t len, const struct mip4_msg *msg,
			 const struct mip4_mn_keygen *kg,
			 const char *password, size_t password_len,
			 struct mip4_mn_keys *keys, const char **why)
{
	const u8 *req = kg->keygen_req, *rep = msg->cvse_value;
	u8 k2[MIP4_K2_LEN], skey[MIP4_KDF_MAX], skey_prime[MIP4_KDF_MAX];
	unsigned int key_len;
	struct mip4_cvse_h h;
	u8 algorithm;
	int err;

	mip4_cvse_h_get(req, &h);
	algorithm = h.algorithm;
	key_len = mip4_auth_len(algorithm);

	if (msg->type != MIP4_TYPE_RRP || msg->deny_code ||
	    msg->cvse_type != MIP4_CVSE_KEYGEN_REP ||
	    msg->cvse_len != MIP4_KEYGEN_REP_LEN)
		return mn_refuse(why, "no KEYGEN_REP", -EPROTO);
	if (msg->h.version != h.version || msg->h.method != h.method ||
	    msg->h.algorithm != h.algorithm || msg->h.replay != h.replay)
		return mn_refuse(why, "KEYGEN_REP does not echo our version, method, algorithm and replay method",
				 -EPROTO);
	if (msg->h.spi_s != h.spi_s || msg->h.spi_d != h.spi_d)
		return mn_refuse(why, "KEYGEN_REP does not echo our SPIs",
				 -EPROTO);
	if (!msg->has_mhae || msg->spi != h.spi_s)
		return mn_refuse(why, "no MHAE with SPI_S", -EPROTO);
	if (!msg->key_lifetime)
		return mn_refuse(why, "key lifetime 0", -EPROTO);

	/* The AAA server proves that it knows our password. */
	err = mschap_check_authenticator_response(
		password, password_len, req + MIP4_KEYGEN_REQ_NT_RESPONSE,
		kg->peer_challenge, req + MIP4_KEYGEN_REQ_CHALLENGE, kg->nai,
		kg->nai_len, rep + MIP4_KEYGEN_REP_AUTH_RESPONSE);
	if (err == -EBADMSG)
		return mn_refuse(why, "wrong AuthenticatorResponse (not from an AAA server that knows our password)",
				 err);
	if (err)
		return mn_refuse(why, "bad password", err);

	err = mschap_mn_k2(password, password_len,
			   req + MIP4_KEYGEN_REQ_NT_RESPONSE, k2);
	if (!err)
		err = mip4_skey(k2, kg->nai, kg->nai_len, req,
				kg->peer_challenge, rep + MIP4_KEYGEN_REP_NONCE,
				skey);
	explicit_bzero(k2, sizeof(k2));
	if (err) {
		*why = "cannot derive Skey";
		goto out;
	}
	/* The home agent proves that the AAA server gave it k''. */
	err = mip4_mhae_verify(buf, len, msg, algorithm, skey, key_len);
	if (err) {
		*why = "MHAE does not verify with Skey";
		err = -EBADMSG;
		goto out;
	}
	err = mip4_skey_prime(algorithm, skey, kg->id, h.spi_d, skey_prime);
	if (err) {
		*why = "cannot derive Skey'";
		goto out;
	}

	mip4_mn_keys_wipe(keys);
	keys->algorithm = algorithm;
	keys->replay = h.replay;
	keys->spi_s = h.spi_s;
	keys->spi_d = h.spi_d;
	keys->key_len = key_len;
	memcpy(keys->skey, skey, key_len);
	memcpy(keys->skey_prime, skey_prime, key_len);
	keys->key_lifetime = msg->key_lifetime;
out:
	explicit_bzero(skey, sizeof(skey));
	explicit_bzero(skey_prime, sizeof(skey_prime));
	return err;
}

int mip4_mn_rekey_build(u8 *buf, size_t size, const struct mip4_msg_spec *base,
			const struct mip4_mn_keys *keys, u32 new_spi_d)
{
	struct mip4_msg_spec spec = *base;
	u8 v[MIP4_REKEY_REQ_LEN];
	int len, err;

	if (spec.type != MIP4_TYPE_RRQ || !mn_dynamic_alg(keys->algorithm) ||
	    new_spi_d < MN_SPI_MIN || new_spi_d == keys->spi_s)
		return -EINVAL;
	mip4_rekey_put(v, MIP4_CVSE_REKEY_REQ, new_spi_d, 0);
	spec.cvse_type = MIP4_CVSE_REKEY_REQ;
	spec.cvse_value = v;
	spec.cvse_len = sizeof(v);
	spec.algorithm = keys->algorithm;
	spec.spi = keys->spi_s;
	len = mip4_msg_build(buf, size, &spec);
	if (len < 0)
		return len;
	err = mip4_mhae_sign(buf, (size_t)len, keys->algorithm, keys->skey,
			     keys->key_len);
	return err ? err : len;
}

int mip4_mn_rekey_reply(const struct mip4_msg *msg, u64 id, u32 new_spi_d,
			struct mip4_mn_keys *keys, const char **why)
{
	const u8 *rep = msg->cvse_value;
	u8 skey_prime[MIP4_KDF_MAX];

	if (msg->type != MIP4_TYPE_RRP || msg->deny_code ||
	    msg->cvse_type != MIP4_CVSE_REKEY_REP ||
	    msg->cvse_len != MIP4_REKEY_REP_LEN)
		return mn_refuse(why, "no REKEY_REP", -EPROTO);
	if (rep[0] != MIP4_DK_VERSION || rep[1] || rep[2] || rep[3])
		return mn_refuse(why, "REKEY_REP of another version", -EPROTO);
	if (msg->new_spi_d != new_spi_d)
		return mn_refuse(why, "REKEY_REP does not echo our new SPI_D",
				 -EPROTO);
	if (mip4_skey_prime(keys->algorithm, keys->skey, id, new_spi_d,
			    skey_prime))
		return mn_refuse(why, "cannot derive Skey'", -EPROTO);
	memcpy(keys->skey_prime, skey_prime, keys->key_len);
	explicit_bzero(skey_prime, sizeof(skey_prime));
	keys->spi_d = new_spi_d;
	keys->key_lifetime = msg->key_lifetime;
	return 0;
}

void mip4_mn_keys_wipe(struct mip4_mn_keys *keys)
{
	explicit_bzero(keys, sizeof(*keys));
}

/* ---- AKA (method 2) ---- */

static bool mn_params_valid(const struct mip4_mn_keygen_params *p)
{
	return mn_dynamic_alg(p->algorithm) &&
	       (p->replay == MIP4_REPLAY_TIMESTAMP ||
		p->replay == MIP4_REPLAY_NONCE) &&
	       p->spi_s >= MN_SPI_MIN && p->spi_d >= MN_SPI_MIN &&
	       p->spi_s != p->spi_d;
}

int mip4_mn_aka_init(struct mip4_mn_aka *a,
		     const struct mip4_mn_keygen_params *p, const u8 *nai,
		     u8 nai_len)
{
	struct mip4_cvse_h h = {
		.version = MIP4_DK_VERSION,
		.method = MIP4_METHOD_AKA,
		.algorithm = p->algorithm,
		.replay = p->replay,
		.spi_s = p->spi_s,
		.spi_d = p->spi_d,
	};

	mip4_mn_aka_wipe(a);
	if (!mn_params_valid(p) || !nai || !nai_len)
		return -EINVAL;
	mip4_cvse_h_put(a->h, &h);
	a->nai_len = nai_len;
	memcpy(a->nai, nai, nai_len);
	return 0;
}

/* @base with our NAI, one CVSE of ours and the user's step after it
 * (@user_len octets at @user_value, or none); @key signs an MHAE with
 * SPI_S, unless a user's step is to be finished (mn_user_finish()).
 */
static int mn_aka_build(u8 *buf, size_t size, const struct mip4_msg_spec *base,
			const struct mip4_mn_aka *a, u16 cvse_type,
			const u8 *value, u16 value_len, const u8 *user_value,
			u16 user_len, const u8 *key)
{
	struct mip4_msg_spec spec = *base;
	u8 algorithm = a->h[2];
	int len, err;

	if (spec.type != MIP4_TYPE_RRQ || !a->nai_len)
		return -EINVAL;
	spec.nai = a->nai;
	spec.nai_len = a->nai_len;
	spec.cvse_type = cvse_type;
	spec.cvse_value = value;
	spec.cvse_len = value_len;
	spec.user_cvse_type = user_value ? MIP4_CVSE_USER_AUTH : 0;
	spec.user_cvse_value = user_value;
	spec.user_cvse_len = user_value ? user_len : 0;
	spec.algorithm = key ? algorithm : 0;
	spec.spi = key ? get_unaligned_be32(a->h + 4) : 0;
	len = mip4_msg_build(buf, size, &spec);
	if (len < 0 || !key || user_value)
		return len;
	err = mip4_mhae_sign(buf, (size_t)len, algorithm, key,
			     mip4_auth_len(algorithm));
	return err ? err : len;
}

/* USER_AUTH's value (protocol.md §9.3) into @v, its NT-Response zero;
 * returns its length.
 */
static u16 mn_user_auth_put(const struct mip4_mn_aka *a, u8 *v)
{
	memset(v, 0, MIP4_USER_AUTH_NAI);
	v[0] = MIP4_DK_VERSION;
	v[1] = MIP4_USER_METHOD_MSCHAPV2;
	v[MIP4_USER_AUTH_NAI_LEN] = a->user_nai_len;
	memcpy(v + MIP4_USER_AUTH_CHALLENGE, a->user_challenge,
	       MIP4_AUTH_CHALLENGE_LEN);
	memcpy(v + MIP4_USER_AUTH_NAI, a->user_nai, a->user_nai_len);
	return MIP4_USER_AUTH_NAI + a->user_nai_len;
}

/*
 * The request of @len octets in @buf, built with USER_AUTH: PeerChallenge
 * over it as it goes out, NT-Response zero (protocol.md §9.4), then the
 * NT-Response written in and the MHAE signed with K_aka. Records what the
 * reply is checked against. Returns @len or an error.
 */
static int mn_user_finish(u8 *buf, int len, u32 vendor_id,
			  struct mip4_mn_aka *a)
{
	u8 algorithm = a->h[2];
	struct mip4_msg msg;
	int err;

	if (len < 0)
		return len;
	a->user_sent = false;
	if (mip4_msg_parse(buf, (size_t)len, vendor_id, &msg) ||
	    msg.deny_code || msg.user_cvse_type != MIP4_CVSE_USER_AUTH)
		return -EINVAL;
	err = mip4_user_peer_challenge(buf, (size_t)len, &msg,
				       a->user_peer_challenge);
	if (err)
		return err;
	err = mschap_generate_nt_response(a->user_challenge,
					  a->user_peer_challenge, a->user_nai,
					  a->user_nai_len, a->password,
					  a->password_len, a->user_nt_response);
	if (err)
		return err;
	memcpy(buf + (msg.user_nt_response - buf), a->user_nt_response,
	       MIP4_NT_RESPONSE_LEN);
	err = mip4_mhae_sign(buf, (size_t)len, algorithm, a->skey,
			     mip4_auth_len(algorithm));
	if (err)
		return err;
	memcpy(a->user_sent_challenge, a->user_challenge,
	       sizeof(a->user_sent_challenge));
	a->user_sent = true;
	return len;
}

int mip4_mn_aka_user(struct mip4_mn_aka *a, const u8 *user_nai,
		     u8 user_nai_len, const char *password,
		     size_t password_len, bool announce)
{
	u8 hash[MSCHAP_HASH_LEN];
	int err;

	if (!user_nai || !user_nai_len || !password)
		return -EINVAL;
	/* A password MS-CHAPv2 cannot take is refused now, not mid-way. */
	err = mschap_nt_password_hash(password, password_len, hash);
	explicit_bzero(hash, sizeof(hash));
	if (err)
		return err;
	a->user_nai_len = user_nai_len;
	memcpy(a->user_nai, user_nai, user_nai_len);
	a->password = password;
	a->password_len = password_len;
	a->user_announce = announce;
	a->start_flags = announce ? MIP4_AKA_FLAG_AUTH_FOLLOWS : 0;
	return 0;
}

int mip4_mn_aka_start_build(u8 *buf, size_t size,
			    const struct mip4_msg_spec *base,
			    const struct mip4_mn_aka *a)
{
	u8 v[MIP4_AKA_START_LEN] = { 0 };

	memcpy(v, a->h, MIP4_CVSE_H_LEN);
	v[MIP4_AKA_START_FLAGS] = a->start_flags;
	return mn_aka_build(buf, size, base, a, MIP4_CVSE_AKA_START, v,
			    sizeof(v), NULL, 0, NULL);
}

int mip4_mn_aka_challenge_check(const struct mip4_msg *msg,
				const struct mip4_mn_aka *a, const char **why)
{
	if (msg->type != MIP4_TYPE_RRP || msg->code != MIP4_CODE_AUTH_FAILED)
		return mn_refuse(why, "not a 131", -EPROTO);
	if (msg->cvse_type != MIP4_CVSE_AKA_CHALLENGE)
		return mn_refuse(why, "no AKA_CHALLENGE", -EPROTO);
	/* The parser refuses a second CVSE of ours; this, a wrong length. */
	if (msg->deny_code || msg->cvse_len != MIP4_AKA_CHALLENGE_LEN)
		return mn_refuse(why, "malformed AKA_CHALLENGE", -EPROTO);
	if (memcmp(msg->cvse_value, a->h, MIP4_CVSE_H_LEN))
		return mn_refuse(why, "AKA_CHALLENGE does not echo our H",
				 -EPROTO);
	return 0;
}

bool mip4_mn_aka_known(const struct mip4_msg *msg,
		       const struct mip4_mn_aka *a)
{
	/* protocol.md §8.4 "The MN on RRP1", step 2: RAND names the
	 * challenge. Another AUTN with it (forged: the AuC never sends a
	 * RAND twice) changes nothing: the record answers with what the USIM
	 * made of the first, and Skey is bound to the first AUTN.
	 */
	return a->outcome != MIP4_MN_AKA_NONE &&
	       !memcmp(msg->rand, a->rand, sizeof(a->rand));
}

enum mip4_mn_aka_outcome
mip4_mn_aka_take(struct mip4_mn_aka *a, const struct mip4_msg *msg,
		 const u8 k[MILENAGE_KEY_LEN], const u8 opc[MILENAGE_KEY_LEN],
		 struct mip4_usim_seq *seq)
{
	u8 res[MILENAGE_RES_LEN], ck[MILENAGE_CK_LEN], ik[MILENAGE_IK_LEN];
	u8 auts[MIP4_AKA_AUTS_LEN] = { 0 }, skey[MIP4_KDF_MAX] = { 0 };
	enum mip4_mn_aka_outcome outcome;
	struct mip4_usim_seq before = *seq;

	switch (mip4_aka_usim(k, opc, seq, msg->rand, msg->autn, res, ck, ik,
			      auts)) {
	case MIP4_AKA_USIM_OK:
		outcome = MIP4_MN_AKA_OK;
		/* CK and IK live only until Skey is made. */
		if (mip4_aka_skey(ck, ik, a->nai, a->nai_len, msg->rand,
				  msg->autn, a->h, skey)) {
			*seq = before;
			outcome = MIP4_MN_AKA_NONE;
		}
		break;
	case MIP4_AKA_USIM_SYNC_FAILURE:
		outcome = MIP4_MN_AKA_SYNC_FAILURE;
		break;
	default:
		outcome = MIP4_MN_AKA_MAC_FAILURE;
		break;
	}
	explicit_bzero(ck, sizeof(ck));
	explicit_bzero(ik, sizeof(ik));
	explicit_bzero(&before, sizeof(before));
	if (outcome != MIP4_MN_AKA_NONE) {
		explicit_bzero(a->res, sizeof(a->res));
		explicit_bzero(a->skey, sizeof(a->skey));
		a->outcome = outcome;
		memcpy(a->rand, msg->rand, sizeof(a->rand));
		memcpy(a->autn, msg->autn, sizeof(a->autn));
		a->challenge_lifetime = msg->challenge_lifetime;
		if (outcome == MIP4_MN_AKA_OK) {
			memcpy(a->res, res, sizeof(res));
			memcpy(a->skey, skey, sizeof(skey));
		}
		memcpy(a->auts, auts, sizeof(auts));
	}
	explicit_bzero(res, sizeof(res));
	explicit_bzero(skey, sizeof(skey));
	return outcome;
}

int mip4_mn_aka_response_build(u8 *buf, size_t size,
			       const struct mip4_msg_spec *base,
			       struct mip4_mn_aka *a)
{
	u8 v[MIP4_AKA_RESPONSE_LEN] = { 0 };
	u8 u[MIP4_USER_AUTH_NAI + MIP4_NAI_MAX];
	bool user = a->user_nai_len && a->user_announce;
	u16 user_len = 0;
	int len;

	if (a->outcome != MIP4_MN_AKA_OK)
		return -EINVAL;
	a->user_sent = false;
	memcpy(v, a->h, MIP4_CVSE_H_LEN);
	v[MIP4_AKA_RESPONSE_RES_LEN] = MILENAGE_RES_LEN;
	memcpy(v + MIP4_AKA_RESPONSE_RAND, a->rand, sizeof(a->rand));
	memcpy(v + MIP4_AKA_RESPONSE_RES, a->res, sizeof(a->res));
	if (user)
		user_len = mn_user_auth_put(a, u);
	len = mn_aka_build(buf, size, base, a, MIP4_CVSE_AKA_RESPONSE, v,
			   sizeof(v), user ? u : NULL, user_len, a->skey);
	if (user)
		len = mn_user_finish(buf, len, base->vendor_id, a);
	explicit_bzero(v, sizeof(v));
	if (len >= 0)
		a->response_id = base->id;
	return len;
}

int mip4_mn_aka_user_build(u8 *buf, size_t size,
			   const struct mip4_msg_spec *base,
			   struct mip4_mn_aka *a)
{
	u8 u[MIP4_USER_AUTH_NAI + MIP4_NAI_MAX];
	u16 user_len;
	int len;

	if (a->outcome != MIP4_MN_AKA_OK || !a->user_nai_len)
		return -EINVAL;
	user_len = mn_user_auth_put(a, u);
	len = mn_aka_build(buf, size, base, a, 0, NULL, 0, u, user_len,
			   a->skey);
	len = mn_user_finish(buf, len, base->vendor_id, a);
	if (len >= 0)
		a->response_id = base->id;
	return len;
}

int mip4_mn_aka_failure_build(u8 *buf, size_t size,
			      const struct mip4_msg_spec *base,
			      const struct mip4_mn_aka *a)
{
	u8 v[MIP4_AKA_FAILURE_LEN] = { 0 };

	memcpy(v, a->h, MIP4_CVSE_H_LEN);
	memcpy(v + MIP4_AKA_FAILURE_RAND, a->rand, sizeof(a->rand));
	switch (a->outcome) {
	case MIP4_MN_AKA_SYNC_FAILURE:
		v[MIP4_AKA_FAILURE_CAUSE] = MIP4_AKA_CAUSE_SYNC;
		memcpy(v + MIP4_AKA_FAILURE_AUTS, a->auts, sizeof(a->auts));
		break;
	case MIP4_MN_AKA_MAC_FAILURE:
		/* protocol.md §8.6: the AUTS field stays zero. */
		v[MIP4_AKA_FAILURE_CAUSE] = MIP4_AKA_CAUSE_MAC;
		break;
	default:
		return -EINVAL;
	}
	return mn_aka_build(buf, size, base, a, MIP4_CVSE_AKA_FAILURE, v,
			    sizeof(v), NULL, 0, NULL);
}

/*
 * The user's step of @msg, a reply to a request with USER_AUTH: the
 * AuthenticatorResponse of USER_RESULT proves that the user's AAA server
 * knows our password; then the multi Skey from K_aka and k''.
 */
static int mn_user_skey(const struct mip4_mn_aka *a, const struct mip4_msg *msg,
			u8 *skey, const char **why)
{
	struct mip4_msg user = {
		.user_cvse_type = MIP4_CVSE_USER_AUTH,
		.user_nai = a->user_nai,
		.user_nai_len = a->user_nai_len,
		.user_challenge = a->user_sent_challenge,
		.user_nt_response = a->user_nt_response,
	};
	const u8 *v = msg->user_cvse_value;
	u8 k2[MIP4_K2_LEN];
	int err;

	if (msg->user_cvse_type != MIP4_CVSE_USER_RESULT ||
	    msg->user_cvse_len != MIP4_USER_RESULT_LEN)
		return mn_refuse(why, "no USER_RESULT", -EPROTO);
	if (v[0] != MIP4_DK_VERSION || v[1] != MIP4_USER_METHOD_MSCHAPV2)
		return mn_refuse(why, "USER_RESULT of another version or method",
				 -EPROTO);
	err = mschap_check_authenticator_response(
		a->password, a->password_len, a->user_nt_response,
		a->user_peer_challenge, a->user_sent_challenge, a->user_nai,
		a->user_nai_len, msg->user_auth_response);
	if (err == -EBADMSG)
		return mn_refuse(why, "wrong AuthenticatorResponse in USER_RESULT (not from an AAA server that knows the user's password)",
				 err);
	if (err)
		return mn_refuse(why, "bad password", err);
	err = mschap_mn_k2(a->password, a->password_len, a->user_nt_response,
			   k2);
	if (!err)
		err = mip4_multi_skey(a->h[2], a->skey, k2, &user,
				      a->user_peer_challenge,
				      msg->user_ha_nonce,
				      get_unaligned_be32(a->h + 4), skey);
	explicit_bzero(k2, sizeof(k2));
	if (err)
		return mn_refuse(why, "cannot derive the multi Skey", -EPROTO);
	return 0;
}

int mip4_mn_aka_result(const u8 *buf, size_t len, const struct mip4_msg *msg,
		       const struct mip4_mn_aka *a, struct mip4_mn_keys *keys,
		       const char **why)
{
	struct mip4_cvse_h h;
	u8 skey[MIP4_KDF_MAX] = { 0 }, skey_prime[MIP4_KDF_MAX];
	unsigned int key_len;
	bool accepted = msg->code <= MIP4_CODE_ACCEPTED_NO_SIMUL;
	bool user = a->user_nai_len != 0;
	int err;

	mip4_cvse_h_get(a->h, &h);
	key_len = mip4_auth_len(h.algorithm);
	if (a->outcome != MIP4_MN_AKA_OK || msg->type != MIP4_TYPE_RRP)
		return mn_refuse(why, "no response of ours to answer", -EPROTO);
	if (!msg->has_mhae || msg->spi != h.spi_s)
		return mn_refuse(why, "no MHAE with SPI_S", -EPROTO);
	if (msg->cvse_type || accepted) {
		if (msg->cvse_type != MIP4_CVSE_AKA_RESULT || msg->deny_code ||
		    msg->cvse_len != MIP4_AKA_RESULT_LEN)
			return mn_refuse(why, "no AKA_RESULT", -EPROTO);
		if (memcmp(msg->cvse_value, a->h, MIP4_CVSE_H_LEN))
			return mn_refuse(why, "AKA_RESULT does not echo our H",
					 -EPROTO);
		if (memcmp(msg->rand, a->rand, sizeof(a->rand)))
			return mn_refuse(why, "AKA_RESULT does not echo our RAND",
					 -EPROTO);
	}
	if (user && accepted) {
		/* protocol.md §9.1: both steps, or no keys. */
		if (!a->user_sent)
			return mn_refuse(why, "acceptance without the user's step",
					 -EPROTO);
		if (!(msg->aka_flags & MIP4_AKA_FLAG_USER_AUTH_DONE))
			return mn_refuse(why, "AKA_RESULT without USER_AUTH_DONE",
					 -EPROTO);
		if (msg->user_cvse_type == MIP4_CVSE_USER_RESULT &&
		    msg->user_key_lifetime != msg->key_lifetime)
			return mn_refuse(why, "USER_RESULT and AKA_RESULT grant different key lifetimes",
					 -EPROTO);
		err = mn_user_skey(a, msg, skey, why);
		if (err)
			goto out;
		if (mip4_mhae_verify(buf, len, msg, h.algorithm, skey,
				     key_len)) {
			err = mn_refuse(why, "MHAE does not verify with the multi Skey",
					-EBADMSG);
			goto out;
		}
	} else if (mip4_mhae_verify(buf, len, msg, h.algorithm, a->skey,
				    key_len)) {
		/* protocol.md §9.4: a denial after the user's step is made
		 * with K_aka; one of the registration after the keys were
		 * made (129, ...), with the multi Skey.
		 */
		if (!user || !a->user_sent || accepted ||
		    msg->user_cvse_type != MIP4_CVSE_USER_RESULT ||
		    mn_user_skey(a, msg, skey, why) ||
		    mip4_mhae_verify(buf, len, msg, h.algorithm, skey,
				     key_len))
			return mn_refuse(why, user ? "MHAE does not verify with K_aka" :
						     "MHAE does not verify with Skey",
					 -EBADMSG);
	} else if (!accepted && user && !a->user_sent &&
		   msg->code == MIP4_CODE_AUTH_FAILED &&
		   msg->cvse_type == MIP4_CVSE_AKA_RESULT &&
		   msg->aka_flags & MIP4_AKA_FLAG_USER_AUTH_REQUIRED) {
		/* protocol.md §9.2: the device is authenticated; the user's
		 * step alone follows.
		 */
		return MIP4_MN_AKA_USER_STEP;
	}
	if (!accepted) {
		err = 0;
		goto out;
	}
	if (!user)
		memcpy(skey, a->skey, key_len);
	err = -EPROTO;
	if (!msg->key_lifetime) {
		*why = "key lifetime 0";
		goto out;
	}
	if (mip4_skey_prime(h.algorithm, skey, a->response_id, h.spi_d,
			    skey_prime)) {
		*why = "cannot derive Skey'";
		goto out;
	}

	mip4_mn_keys_wipe(keys);
	keys->algorithm = h.algorithm;
	keys->replay = h.replay;
	keys->spi_s = h.spi_s;
	keys->spi_d = h.spi_d;
	keys->key_len = key_len;
	memcpy(keys->skey, skey, key_len);
	memcpy(keys->skey_prime, skey_prime, key_len);
	keys->key_lifetime = msg->key_lifetime;
	explicit_bzero(skey_prime, sizeof(skey_prime));
	err = 0;
out:
	explicit_bzero(skey, sizeof(skey));
	return err;
}

void mip4_mn_aka_wipe(struct mip4_mn_aka *a)
{
	explicit_bzero(a, sizeof(*a));
}
