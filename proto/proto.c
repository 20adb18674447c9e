// SPDX-License-Identifier: GPL-2.0
/* Mobile IPv4 registration messages: parse and build, shared with userspace. */

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/unaligned.h>	/* <linux/unaligned.h> from Linux 6.12 on */
#endif

#include "proto.h"

#define MIP4_EXT_HDR_LEN	2	/* type, length */
#define MIP4_CVSE_LEN_OFF	2	/* 16-bit Length after type, reserved */
#define MIP4_CVSE_MIN_LEN	6	/* Vendor/Org-ID, Vendor-CVSE-Type */
#define MIP4_SPI_MIN		256	/* SPIs 0-255 are reserved (RFC 5944) */

static void mip4_deny(struct mip4_msg *msg, u8 code)
{
	/* The first reason found is the one reported. */
	if (!msg->deny_code)
		msg->deny_code = code;
}

void mip4_cvse_h_get(const u8 *v, struct mip4_cvse_h *h)
{
	h->version = v[0];
	h->method = v[1];
	h->algorithm = v[2];
	h->replay = v[3];
	h->spi_s = get_unaligned_be32(v + 4);
	h->spi_d = get_unaligned_be32(v + 8);
}

/* H of a request: what this Home Agent can do. */
bool mip4_cvse_h_valid(const struct mip4_cvse_h *h, u8 method)
{
	return h->version == MIP4_DK_VERSION && h->method == method &&
	       (h->algorithm == MIP4_ALG_HMAC_MD5 ||
		h->algorithm == MIP4_ALG_HMAC_SHA256) &&
	       (h->replay == MIP4_REPLAY_TIMESTAMP ||
		h->replay == MIP4_REPLAY_NONCE) &&
	       h->spi_s >= MIP4_SPI_MIN && h->spi_d >= MIP4_SPI_MIN &&
	       h->spi_s != h->spi_d;
}

/* Decoders of our CVSE values, called with the length already checked;
 * they fill @msg and return a deny code or 0.
 */
static u8 mip4_keygen_req_get(const u8 *v, struct mip4_msg *msg)
{
	mip4_cvse_h_get(v, &msg->h);
	return mip4_cvse_h_valid(&msg->h, MIP4_METHOD_MSCHAPV2) ?
	       0 : MIP4_CODE_POORLY_FORMED;
}

/* The requests of AKA: H of method 2, then their own fields. */
static u8 mip4_aka_start_get(const u8 *v, struct mip4_msg *msg)
{
	mip4_cvse_h_get(v, &msg->h);
	msg->aka_flags = v[MIP4_AKA_START_FLAGS];
	return mip4_cvse_h_valid(&msg->h, MIP4_METHOD_AKA) ?
	       0 : MIP4_CODE_POORLY_FORMED;
}

static u8 mip4_aka_response_get(const u8 *v, struct mip4_msg *msg)
{
	unsigned int i;

	mip4_cvse_h_get(v, &msg->h);
	msg->res_len = v[MIP4_AKA_RESPONSE_RES_LEN];
	msg->rand = v + MIP4_AKA_RESPONSE_RAND;
	msg->res = v + MIP4_AKA_RESPONSE_RES;
	if (!mip4_cvse_h_valid(&msg->h, MIP4_METHOD_AKA) ||
	    msg->res_len < MIP4_AKA_RES_MIN || msg->res_len > MIP4_AKA_RES_MAX)
		return MIP4_CODE_POORLY_FORMED;
	/* RES is left-aligned; what follows it must be zero. */
	for (i = msg->res_len; i < MIP4_AKA_RES_MAX; i++)
		if (msg->res[i])
			return MIP4_CODE_POORLY_FORMED;
	return 0;
}

static u8 mip4_aka_failure_get(const u8 *v, struct mip4_msg *msg)
{
	mip4_cvse_h_get(v, &msg->h);
	msg->aka_cause = v[MIP4_AKA_FAILURE_CAUSE];
	msg->rand = v + MIP4_AKA_FAILURE_RAND;
	msg->auts = v + MIP4_AKA_FAILURE_AUTS;
	if (!mip4_cvse_h_valid(&msg->h, MIP4_METHOD_AKA) ||
	    (msg->aka_cause != MIP4_AKA_CAUSE_SYNC &&
	     msg->aka_cause != MIP4_AKA_CAUSE_MAC))
		return MIP4_CODE_POORLY_FORMED;
	return 0;
}

/* The replies of AKA, for the node: H is compared with its own there. */
static u8 mip4_aka_challenge_get(const u8 *v, struct mip4_msg *msg)
{
	mip4_cvse_h_get(v, &msg->h);
	msg->aka_flags = v[MIP4_AKA_CHALLENGE_FLAGS];
	msg->challenge_lifetime =
		get_unaligned_be16(v + MIP4_AKA_CHALLENGE_LIFETIME);
	msg->rand = v + MIP4_AKA_CHALLENGE_RAND;
	msg->autn = v + MIP4_AKA_CHALLENGE_AUTN;
	return 0;
}

static u8 mip4_aka_result_get(const u8 *v, struct mip4_msg *msg)
{
	mip4_cvse_h_get(v, &msg->h);
	msg->aka_flags = v[MIP4_AKA_RESULT_FLAGS];
	msg->key_lifetime = get_unaligned_be32(v + MIP4_AKA_RESULT_LIFETIME);
	msg->rand = v + MIP4_AKA_RESULT_RAND;
	return 0;
}

static u8 mip4_keygen_rep_get(const u8 *v, struct mip4_msg *msg)
{
	mip4_cvse_h_get(v, &msg->h);
	msg->key_lifetime = get_unaligned_be32(v + MIP4_KEYGEN_REP_LIFETIME);
	return 0;
}

/* The user's step (protocol.md §9): no H; the NAI's length must be what is
 * left of the value.
 */
static u8 mip4_user_auth_get(const u8 *v, struct mip4_msg *msg)
{
	msg->user_nai_len = v[MIP4_USER_AUTH_NAI_LEN];
	msg->user_nai = v + MIP4_USER_AUTH_NAI;
	msg->user_challenge = v + MIP4_USER_AUTH_CHALLENGE;
	msg->user_nt_response = v + MIP4_USER_AUTH_NT_RESPONSE;
	if (v[0] != MIP4_DK_VERSION || v[1] != MIP4_USER_METHOD_MSCHAPV2 ||
	    !msg->user_nai_len ||
	    msg->user_cvse_len != MIP4_USER_AUTH_NAI + msg->user_nai_len)
		return MIP4_CODE_POORLY_FORMED;
	return 0;
}

static u8 mip4_user_result_get(const u8 *v, struct mip4_msg *msg)
{
	msg->user_key_lifetime = get_unaligned_be32(v + MIP4_USER_RESULT_LIFETIME);
	msg->user_ha_nonce = v + MIP4_USER_RESULT_NONCE;
	msg->user_auth_response = v + MIP4_USER_RESULT_AUTH_RESPONSE;
	return 0;
}

static u8 mip4_rekey_req_get(const u8 *v, struct mip4_msg *msg)
{
	msg->new_spi_d = get_unaligned_be32(v + 4);
	if (v[0] != MIP4_DK_VERSION || v[1] || v[2] || v[3] ||
	    msg->new_spi_d < MIP4_SPI_MIN)
		return MIP4_CODE_POORLY_FORMED;
	return 0;
}

static u8 mip4_rekey_rep_get(const u8 *v, struct mip4_msg *msg)
{
	msg->new_spi_d = get_unaligned_be32(v + 4);
	msg->key_lifetime = get_unaligned_be32(v + 8);
	return 0;
}

/* Every CVSE type of ours: in which message, its value's length, its
 * decoder, whether it stands in for the MHAE (the first request of a key
 * agreement, which no key can authenticate yet) and whether the key daemon
 * answers it (every request of a key agreement: the kernel holds no key
 * for it yet, or not the one it asks for). A new message of a key
 * agreement is one more line here.
 *
 * The user's step of a multiple authentication (protocol.md §9) is the
 * only second CVSE of ours a message may carry: it names the one it may
 * follow (@after), and whether it may also come alone; its value is at
 * least @len octets when @variable.
 */
static const struct mip4_cvse_kind {
	u16 cvse_type;
	u8 msg_type;
	bool initial;
	bool to_daemon;
	u16 len;
	u8 (*get)(const u8 *v, struct mip4_msg *msg);
	bool user_step;
	bool variable;
	bool alone;
	u16 after;
} mip4_cvse_kinds[] = {
	{ .cvse_type = MIP4_CVSE_KEYGEN_REQ, .msg_type = MIP4_TYPE_RRQ,
	  .len = MIP4_KEYGEN_REQ_LEN, .get = mip4_keygen_req_get,
	  .initial = true, .to_daemon = true },
	{ .cvse_type = MIP4_CVSE_REKEY_REQ, .msg_type = MIP4_TYPE_RRQ,
	  .len = MIP4_REKEY_REQ_LEN, .get = mip4_rekey_req_get },
	{ .cvse_type = MIP4_CVSE_AKA_START, .msg_type = MIP4_TYPE_RRQ,
	  .len = MIP4_AKA_START_LEN, .get = mip4_aka_start_get,
	  .initial = true, .to_daemon = true },
	{ .cvse_type = MIP4_CVSE_AKA_RESPONSE, .msg_type = MIP4_TYPE_RRQ,
	  .len = MIP4_AKA_RESPONSE_LEN, .get = mip4_aka_response_get,
	  .to_daemon = true },
	{ .cvse_type = MIP4_CVSE_AKA_FAILURE, .msg_type = MIP4_TYPE_RRQ,
	  .len = MIP4_AKA_FAILURE_LEN, .get = mip4_aka_failure_get,
	  .initial = true, .to_daemon = true },
	{ .cvse_type = MIP4_CVSE_KEYGEN_REP, .msg_type = MIP4_TYPE_RRP,
	  .len = MIP4_KEYGEN_REP_LEN, .get = mip4_keygen_rep_get },
	{ .cvse_type = MIP4_CVSE_REKEY_REP, .msg_type = MIP4_TYPE_RRP,
	  .len = MIP4_REKEY_REP_LEN, .get = mip4_rekey_rep_get },
	{ .cvse_type = MIP4_CVSE_AKA_CHALLENGE, .msg_type = MIP4_TYPE_RRP,
	  .len = MIP4_AKA_CHALLENGE_LEN, .get = mip4_aka_challenge_get },
	{ .cvse_type = MIP4_CVSE_AKA_RESULT, .msg_type = MIP4_TYPE_RRP,
	  .len = MIP4_AKA_RESULT_LEN, .get = mip4_aka_result_get },
	{ .cvse_type = MIP4_CVSE_USER_AUTH, .msg_type = MIP4_TYPE_RRQ,
	  .len = MIP4_USER_AUTH_MIN_LEN, .get = mip4_user_auth_get,
	  .to_daemon = true, .user_step = true, .variable = true,
	  .alone = true, .after = MIP4_CVSE_AKA_RESPONSE },
	{ .cvse_type = MIP4_CVSE_USER_RESULT, .msg_type = MIP4_TYPE_RRP,
	  .len = MIP4_USER_RESULT_LEN, .get = mip4_user_result_get,
	  .user_step = true, .after = MIP4_CVSE_AKA_RESULT },
};

static const struct mip4_cvse_kind *mip4_cvse_kind(u16 cvse_type, u8 msg_type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mip4_cvse_kinds); i++)
		if (mip4_cvse_kinds[i].cvse_type == cvse_type &&
		    mip4_cvse_kinds[i].msg_type == msg_type)
			return &mip4_cvse_kinds[i];
	return NULL;
}

static bool mip4_cvse_len_ok(const struct mip4_cvse_kind *kind, size_t len)
{
	return kind->variable ? len >= kind->len && len <= MIP4_NAI_MAX + (size_t)kind->len :
				len == kind->len;
}

int mip4_cvse_check(u16 cvse_type, u8 msg_type, size_t len)
{
	const struct mip4_cvse_kind *kind = mip4_cvse_kind(cvse_type, msg_type);

	return kind && mip4_cvse_len_ok(kind, len) ? 0 : -EINVAL;
}

int mip4_cvse_pair_check(u16 cvse_type, u16 user_cvse_type, u8 msg_type)
{
	const struct mip4_cvse_kind *kind =
		mip4_cvse_kind(user_cvse_type, msg_type);

	if (!kind || !kind->user_step)
		return -EINVAL;
	if (!cvse_type)
		return kind->alone ? 0 : -EINVAL;
	return cvse_type == kind->after ? 0 : -EINVAL;
}

/* Takes apart the value of one of our CVSEs, the one the message is
 * about or the user's step after it (@kind->user_step); returns a deny
 * code or 0.
 */
static u8 mip4_cvse_get(struct mip4_msg *msg,
			const struct mip4_cvse_kind *kind, const u8 *value,
			u16 len)
{
	if (!kind)
		return MIP4_CODE_UNKNOWN_CVSE;
	msg->to_daemon |= kind->to_daemon;
	if (!kind->user_step)
		msg->initial = kind->initial;
	if (!mip4_cvse_len_ok(kind, len))
		return MIP4_CODE_POORLY_FORMED;
	return kind->get(value, msg);
}

/* One of our CVSEs before the MHAE, at @off (@ext_len octets): the one the
 * message is about, or the user's step after it. Returns 0, or -EINVAL for
 * a CVSE of ours no message may carry there.
 */
static int mip4_cvse_take(struct mip4_msg *msg, const u8 *buf, size_t off,
			  size_t ext_len)
{
	u16 cvse_type = get_unaligned_be16(buf + off + 8);
	u16 cvse_len = ext_len - MIP4_CVSE_HDR_LEN;
	const u8 *value = buf + off + MIP4_CVSE_HDR_LEN;
	const struct mip4_cvse_kind *kind = mip4_cvse_kind(cvse_type, msg->type);

	if (msg->user_cvse_type)
		return -EINVAL;
	if (kind && kind->user_step) {
		if (mip4_cvse_pair_check(msg->cvse_type, cvse_type, msg->type))
			return -EINVAL;
		msg->user_cvse_type = cvse_type;
		msg->user_cvse_value = value;
		msg->user_cvse_len = cvse_len;
		msg->user_cvse_end = off + ext_len;
	} else {
		if (msg->cvse_type)
			return -EINVAL;
		msg->cvse_type = cvse_type;
		msg->cvse_value = value;
		msg->cvse_len = cvse_len;
		msg->cvse_end = off + ext_len;
	}
	mip4_deny(msg, mip4_cvse_get(msg, kind, value, cvse_len));
	return 0;
}

void mip4_cvse_h_put(u8 *v, const struct mip4_cvse_h *h)
{
	v[0] = h->version;
	v[1] = h->method;
	v[2] = h->algorithm;
	v[3] = h->replay;
	put_unaligned_be32(h->spi_s, v + 4);
	put_unaligned_be32(h->spi_d, v + 8);
}

void mip4_rekey_put(u8 *v, u16 cvse_type, u32 new_spi_d, u32 key_lifetime)
{
	v[0] = MIP4_DK_VERSION;
	v[1] = 0;
	v[2] = 0;
	v[3] = 0;
	put_unaligned_be32(new_spi_d, v + 4);
	if (cvse_type == MIP4_CVSE_REKEY_REP)
		put_unaligned_be32(key_lifetime, v + 8);
}

/**
 * mip4_msg_parse() - check and take apart a registration request or reply
 * @buf: the UDP payload
 * @len: its length
 * @vendor_id: Vendor/Org-ID of our CVSEs
 * @msg: filled in; pointers point into @buf
 *
 * Extensions up to and including the authorization-enabling one (the MHAE,
 * or in a request the CVSE of ours that opens a key agreement, which stands
 * in for it) are interpreted; those after it were appended by a foreign
 * agent and are not authenticated by it: they are framing-checked and may
 * refuse the message (unknown non-skippable: discarded; any CVSE: 141; an
 * MHAE after that CVSE: 134), but never change what it asks for. An FHAE
 * in a request sets @msg->has_fhae.
 *
 * Return: 0 for a well-framed message (see @msg->deny_code), else -EINVAL.
 */
int mip4_msg_parse(const u8 *buf, size_t len, u32 vendor_id,
		   struct mip4_msg *msg)
{
	bool after_auth = false, cvse_seen = false;
	size_t off, ext_len;
	u8 type;

	memset(msg, 0, sizeof(*msg));
	if (!buf || !len || len > MIP4_MSG_MAX)
		return -EINVAL;

	msg->type = buf[0];
	switch (msg->type) {
	case MIP4_TYPE_RRQ:
		if (len < MIP4_RRQ_FIXED_LEN)
			return -EINVAL;
		msg->flags = buf[1];
		memcpy(&msg->home_addr, buf + 4, 4);
		memcpy(&msg->ha_addr, buf + 8, 4);
		memcpy(&msg->coa, buf + 12, 4);
		msg->id = get_unaligned_be64(buf + 16);
		off = MIP4_RRQ_FIXED_LEN;
		break;
	case MIP4_TYPE_RRP:
		if (len < MIP4_RRP_FIXED_LEN)
			return -EINVAL;
		msg->code = buf[1];
		memcpy(&msg->home_addr, buf + 4, 4);
		memcpy(&msg->ha_addr, buf + 8, 4);
		msg->id = get_unaligned_be64(buf + 12);
		off = MIP4_RRP_FIXED_LEN;
		break;
	default:
		return -EINVAL;
	}
	msg->lifetime = get_unaligned_be16(buf + 2);

	while (off < len) {
		type = buf[off];
		if (type == MIP4_EXT_PAD) {
			/* RFC 5944 §1.9: one octet, no Length. */
			off++;
			continue;
		}
		if (type == MIP4_EXT_CVSE) {
			if (len - off < MIP4_CVSE_LEN_OFF + 2)
				return -EINVAL;
			ext_len = MIP4_CVSE_LEN_OFF + 2 +
				  get_unaligned_be16(buf + off + MIP4_CVSE_LEN_OFF);
			if (ext_len < MIP4_CVSE_HDR_LEN)
				return -EINVAL;
		} else {
			if (len - off < MIP4_EXT_HDR_LEN)
				return -EINVAL;
			ext_len = MIP4_EXT_HDR_LEN + buf[off + 1];
		}
		if (ext_len > len - off)
			return -EINVAL;

		if (after_auth) {
			switch (type) {
			case MIP4_EXT_MHAE:
				/* protocol.md §4.1: an initial registration
				 * carries no MHAE; a second MHAE is no message.
				 */
				if (msg->has_mhae)
					return -EINVAL;
				mip4_deny(msg, MIP4_CODE_POORLY_FORMED);
				break;
			case MIP4_EXT_FHAE:
				if (msg->type == MIP4_TYPE_RRQ)
					msg->has_fhae = true;
				break;
			case MIP4_EXT_MFAE:
				/* For the foreign agent, not for us. */
				break;
			case MIP4_EXT_CVSE:
				/* RFC 3115 §2.4: none of our CVSEs comes from a
				 * foreign agent; one we cannot interpret is 141.
				 */
				mip4_deny(msg, MIP4_CODE_UNKNOWN_CVSE_FA);
				break;
			default:
				/* RFC 5944 §1.9, wherever the extension is. */
				if (type < MIP4_EXT_SKIPPABLE_MIN)
					return -EINVAL;
				break;
			}
			off += ext_len;
			continue;
		}

		switch (type) {
		case MIP4_EXT_NAI:
			if (msg->nai || ext_len == MIP4_EXT_HDR_LEN)
				return -EINVAL;
			msg->nai = buf + off + MIP4_EXT_HDR_LEN;
			msg->nai_len = ext_len - MIP4_EXT_HDR_LEN;
			break;
		case MIP4_EXT_CVSE:
			cvse_seen = true;
			if (get_unaligned_be32(buf + off + 4) != vendor_id) {
				mip4_deny(msg, MIP4_CODE_UNKNOWN_CVSE);
				break;
			}
			if (mip4_cvse_take(msg, buf, off, ext_len))
				return -EINVAL;
			/* The authorization-enabling extension of an
			 * initial registration.
			 */
			if (msg->initial)
				after_auth = true;
			break;
		case MIP4_EXT_MHAE:
			if (ext_len < MIP4_MHAE_HDR_LEN)
				return -EINVAL;
			msg->has_mhae = true;
			msg->spi = get_unaligned_be32(buf + off + 2);
			msg->authenticator = buf + off + MIP4_MHAE_HDR_LEN;
			msg->auth_len = ext_len - MIP4_MHAE_HDR_LEN;
			msg->mhae_offset = off;
			after_auth = true;
			break;
		case MIP4_EXT_MFAE:
		case MIP4_EXT_FHAE:
			/* Must follow the authorization-enabling extension. */
			return -EINVAL;
		default:
			if (type < MIP4_EXT_SKIPPABLE_MIN)
				return -EINVAL;
			break;
		}
		off += ext_len;
	}

	if (msg->type == MIP4_TYPE_RRQ && !msg->has_mhae && !cvse_seen)
		return -EINVAL;
	return 0;
}

bool mip4_addr_is_unicast(__be32 addr)
{
	u32 h = get_unaligned_be32(&addr);

	return !((h >> 24) == 0 || (h >> 24) == 127 ||
		 (h & 0xf0000000) == 0xe0000000 || (h & 0xf0000000) == 0xf0000000);
}

u8 mip4_rrq_addr_check(const struct mip4_msg *msg, __be32 ha_addr,
		       __be32 prefix, u8 prefix_len)
{
	u32 mask = prefix_len ? ~0u << (32 - prefix_len) : 0;
	u32 net = get_unaligned_be32(&prefix);
	u32 home = get_unaligned_be32(&msg->home_addr);
	u32 coa = get_unaligned_be32(&msg->coa);

	/* No home address assignment (RFC 2794 §2): the node must know it. */
	if (!mip4_addr_is_unicast(msg->home_addr) || (home & mask) != net ||
	    msg->home_addr == ha_addr ||
	    (prefix_len < 31 && (home == net || home == (net | ~mask))))
		return MIP4_CODE_PROHIBITED;
	if (msg->flags & (MIP4_FLAG_M | MIP4_FLAG_G))
		return MIP4_CODE_ENCAP_UNAVAIL;
	/* A deregistration from home carries the home address (§3.6.1.1). */
	if (msg->lifetime && !mip4_addr_is_unicast(msg->coa))
		return MIP4_CODE_POORLY_FORMED;
	if (msg->lifetime && (coa & mask) == net)
		return MIP4_CODE_PROHIBITED;
	return 0;
}

/**
 * mip4_auth_len() - authenticator length of an algorithm
 * @algorithm: MIP4_ALG_*
 *
 * Return: the length in octets, 0 for an unknown algorithm.
 */
unsigned int mip4_auth_len(u8 algorithm)
{
	switch (algorithm) {
	case MIP4_ALG_HMAC_MD5:
	case MIP4_ALG_KEYED_MD5:
		return 16;
	case MIP4_ALG_HMAC_SHA256:
		return 32;
	}
	return 0;
}

/**
 * mip4_auth_data_len() - length of the data an MHAE authenticates
 * @algorithm: MIP4_ALG_*
 * @mhae_offset: offset of the MHAE Type octet
 *
 * Return: the length from the first octet of the message, 0 for an unknown
 * algorithm.
 */
size_t mip4_auth_data_len(u8 algorithm, size_t mhae_offset)
{
	switch (algorithm) {
	case MIP4_ALG_HMAC_MD5:
	case MIP4_ALG_HMAC_SHA256:
		return mhae_offset + MIP4_MHAE_HDR_LEN;
	case MIP4_ALG_KEYED_MD5:
		return mhae_offset + MIP4_EXT_HDR_LEN;
	}
	return 0;
}

/**
 * mip4_msg_len() - length of the message a spec describes
 * @spec: what would be written
 *
 * Return: the length mip4_msg_build() writes; -ENOSPC beyond MIP4_MSG_MAX;
 * -EINVAL for a @spec that cannot be encoded (unknown type or algorithm, a
 * zero-length NAI, a CVSE value without its pointer).
 */
int mip4_msg_len(const struct mip4_msg_spec *spec)
{
	unsigned int auth_len;
	size_t need;

	switch (spec->type) {
	case MIP4_TYPE_RRQ:
		need = MIP4_RRQ_FIXED_LEN;
		break;
	case MIP4_TYPE_RRP:
		need = MIP4_RRP_FIXED_LEN;
		break;
	default:
		return -EINVAL;
	}
	if (spec->nai) {
		if (!spec->nai_len)
			return -EINVAL;
		need += MIP4_EXT_HDR_LEN + spec->nai_len;
	}
	if (spec->cvse_type) {
		if (spec->cvse_len && !spec->cvse_value)
			return -EINVAL;
		need += MIP4_CVSE_HDR_LEN + spec->cvse_len;
	}
	if (spec->user_cvse_type) {
		if (spec->user_cvse_len && !spec->user_cvse_value)
			return -EINVAL;
		need += MIP4_CVSE_HDR_LEN + spec->user_cvse_len;
	}
	if (spec->algorithm) {
		auth_len = mip4_auth_len(spec->algorithm);
		if (!auth_len)
			return -EINVAL;
		need += MIP4_MHAE_HDR_LEN + auth_len;
	}
	return need > MIP4_MSG_MAX ? -ENOSPC : (int)need;
}

/* Writes one of our CVSEs at @off; returns the offset past it. */
static size_t mip4_cvse_put(u8 *buf, size_t off, u32 vendor_id, u16 cvse_type,
			    const u8 *value, u16 len)
{
	buf[off] = MIP4_EXT_CVSE;
	buf[off + 1] = 0;
	put_unaligned_be16(MIP4_CVSE_MIN_LEN + len, buf + off + MIP4_CVSE_LEN_OFF);
	put_unaligned_be32(vendor_id, buf + off + 4);
	put_unaligned_be16(cvse_type, buf + off + 8);
	if (len)
		memcpy(buf + off + MIP4_CVSE_HDR_LEN, value, len);
	return off + MIP4_CVSE_HDR_LEN + len;
}

/**
 * mip4_msg_build() - write a registration request or reply
 * @buf: where to write
 * @size: room in @buf
 * @spec: what to write
 *
 * Writes the fixed part, then the NAI extension, our CVSE, the user's step
 * after it and the MHAE header (authenticator zeroed), each only when @spec
 * asks for it.
 *
 * Return: the message length; -ENOSPC when it does not fit in @size or in
 * MIP4_MSG_MAX; -EINVAL for a @spec that cannot be encoded (unknown type or
 * algorithm, a zero-length NAI, a CVSE value without its pointer).
 */
int mip4_msg_build(u8 *buf, size_t size, const struct mip4_msg_spec *spec)
{
	unsigned int auth_len = mip4_auth_len(spec->algorithm);
	int need = mip4_msg_len(spec);
	size_t off;

	if (need < 0)
		return need;
	if ((size_t)need > size)
		return -ENOSPC;

	buf[0] = spec->type;
	put_unaligned_be16(spec->lifetime, buf + 2);
	memcpy(buf + 4, &spec->home_addr, 4);
	memcpy(buf + 8, &spec->ha_addr, 4);
	if (spec->type == MIP4_TYPE_RRQ) {
		buf[1] = spec->flags;
		memcpy(buf + 12, &spec->coa, 4);
		put_unaligned_be64(spec->id, buf + 16);
		off = MIP4_RRQ_FIXED_LEN;
	} else {
		buf[1] = spec->code;
		put_unaligned_be64(spec->id, buf + 12);
		off = MIP4_RRP_FIXED_LEN;
	}

	if (spec->nai) {
		buf[off] = MIP4_EXT_NAI;
		buf[off + 1] = spec->nai_len;
		memcpy(buf + off + MIP4_EXT_HDR_LEN, spec->nai, spec->nai_len);
		off += MIP4_EXT_HDR_LEN + spec->nai_len;
	}

	if (spec->cvse_type)
		off = mip4_cvse_put(buf, off, spec->vendor_id, spec->cvse_type,
				    spec->cvse_value, spec->cvse_len);
	if (spec->user_cvse_type)
		off = mip4_cvse_put(buf, off, spec->vendor_id,
				    spec->user_cvse_type, spec->user_cvse_value,
				    spec->user_cvse_len);

	if (spec->algorithm) {
		buf[off] = MIP4_EXT_MHAE;
		buf[off + 1] = 4 + auth_len;
		put_unaligned_be32(spec->spi, buf + off + 2);
		memset(buf + off + MIP4_MHAE_HDR_LEN, 0, auth_len);
		off += MIP4_MHAE_HDR_LEN + auth_len;
	}

	return off;
}
