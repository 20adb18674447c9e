// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: mip4_msg_parse() on any input; build and parse agree. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "proto.h"

#define VENDOR MIP4_VENDOR_ID_DEFAULT

static int within(const u8 *buf, size_t len, const u8 *p, size_t n)
{
	return p >= buf && p <= buf + len && n <= (size_t)(buf + len - p);
}

/* Everything a successful parse points at lies inside the message. */
static void check_bounds(const u8 *buf, size_t len, const struct mip4_msg *m)
{
	CHECK(m->type == MIP4_TYPE_RRQ || m->type == MIP4_TYPE_RRP);
	CHECK(len <= MIP4_MSG_MAX);
	CHECK(m->deny_code == 0 || m->deny_code == MIP4_CODE_POORLY_FORMED ||
	      m->deny_code == MIP4_CODE_UNKNOWN_CVSE ||
	      m->deny_code == MIP4_CODE_UNKNOWN_CVSE_FA);
	if (m->nai) {
		CHECK(m->nai_len >= 1);
		CHECK(within(buf, len, m->nai, m->nai_len));
		CHECK(m->nai[-2] == MIP4_EXT_NAI && m->nai[-1] == m->nai_len);
	} else {
		CHECK(m->nai_len == 0);
	}
	if (m->cvse_value) {
		CHECK(within(buf, len, m->cvse_value, m->cvse_len));
		CHECK(m->cvse_value + m->cvse_len == buf + m->cvse_end);
		CHECK(m->cvse_value[-10] == MIP4_EXT_CVSE);
		CHECK(get_unaligned_be32(m->cvse_value - 6) == VENDOR);
		CHECK(get_unaligned_be16(m->cvse_value - 2) == m->cvse_type);
	} else {
		CHECK(!m->cvse_type && !m->cvse_len && !m->cvse_end);
	}
	/* The user's step (protocol.md §9): after the CVSE it may follow, or
	 * alone where it may come alone; before the MHAE; its fields inside
	 * its value.
	 */
	if (m->user_cvse_value) {
		CHECK(within(buf, len, m->user_cvse_value, m->user_cvse_len));
		CHECK(m->user_cvse_value + m->user_cvse_len ==
		      buf + m->user_cvse_end);
		CHECK(m->user_cvse_value[-10] == MIP4_EXT_CVSE);
		CHECK(get_unaligned_be32(m->user_cvse_value - 6) == VENDOR);
		CHECK(get_unaligned_be16(m->user_cvse_value - 2) ==
		      m->user_cvse_type);
		CHECK(!mip4_cvse_pair_check(m->cvse_type, m->user_cvse_type,
					    m->type));
		CHECK(!m->cvse_value || m->cvse_end < m->user_cvse_end);
		CHECK(!m->has_mhae || m->user_cvse_end <= m->mhae_offset);
		if (m->user_cvse_type == MIP4_CVSE_USER_AUTH) {
			CHECK(m->type == MIP4_TYPE_RRQ && m->to_daemon);
			CHECK(!m->initial);
		} else {
			CHECK(m->user_cvse_type == MIP4_CVSE_USER_RESULT);
			CHECK(m->type == MIP4_TYPE_RRP);
		}
		if (m->user_cvse_type == MIP4_CVSE_USER_AUTH && !m->deny_code) {
			CHECK(m->user_nai_len >= 1);
			CHECK(m->user_nai == m->user_cvse_value +
					     MIP4_USER_AUTH_NAI);
			CHECK(m->user_cvse_len ==
			      MIP4_USER_AUTH_NAI + m->user_nai_len);
			CHECK(m->user_challenge == m->user_cvse_value +
						   MIP4_USER_AUTH_CHALLENGE);
			CHECK(m->user_nt_response == m->user_cvse_value +
						     MIP4_USER_AUTH_NT_RESPONSE);
		}
		if (m->user_cvse_type == MIP4_CVSE_USER_RESULT && !m->deny_code) {
			CHECK(m->user_cvse_len == MIP4_USER_RESULT_LEN);
			CHECK(within(buf, len, m->user_auth_response,
				     MIP4_AUTH_RESPONSE_LEN));
			CHECK(m->user_ha_nonce == m->user_cvse_value +
						  MIP4_USER_RESULT_NONCE);
		}
	} else {
		CHECK(!m->user_cvse_type && !m->user_cvse_len &&
		      !m->user_cvse_end);
		CHECK(!m->user_nai && !m->user_nai_len && !m->user_challenge &&
		      !m->user_nt_response && !m->user_ha_nonce &&
		      !m->user_auth_response);
	}
	if (m->has_mhae) {
		CHECK(m->mhae_offset + MIP4_MHAE_HDR_LEN + m->auth_len <= len);
		CHECK(buf[m->mhae_offset] == MIP4_EXT_MHAE);
		CHECK(buf[m->mhae_offset + 1] == 4 + m->auth_len);
		CHECK(m->authenticator == buf + m->mhae_offset + 6);
		CHECK(m->spi == get_unaligned_be32(buf + m->mhae_offset + 2));
		/* An initial registration has no MHAE (protocol.md §4.1). */
		CHECK(!(m->type == MIP4_TYPE_RRQ &&
			m->cvse_type == MIP4_CVSE_KEYGEN_REQ));
	} else {
		CHECK(!m->authenticator && !m->auth_len && !m->mhae_offset);
	}
	if (m->type == MIP4_TYPE_RRQ) {
		CHECK(!m->code);
		CHECK(m->has_mhae || m->cvse_value || m->user_cvse_value ||
		      m->deny_code);
	} else {
		CHECK(!m->flags && !m->coa && !m->has_fhae);
	}
}

/* Rebuild the message from what the parse found, parse it again, and check
 * that both parses agree and that a third build is byte-identical.
 */
static void check_rebuild(const u8 *buf, const struct mip4_msg *m)
{
	static u8 out[MIP4_MSG_MAX], again[MIP4_MSG_MAX];
	struct mip4_msg_spec spec = {
		.type = m->type,
		.flags = m->flags,
		.code = m->code,
		.lifetime = m->lifetime,
		.home_addr = m->home_addr,
		.ha_addr = m->ha_addr,
		.coa = m->coa,
		.id = m->id,
		.nai = m->nai,
		.nai_len = m->nai_len,
		.cvse_type = m->cvse_type,
		.cvse_value = m->cvse_value,
		.cvse_len = m->cvse_len,
		.user_cvse_type = m->user_cvse_type,
		.user_cvse_value = m->user_cvse_value,
		.user_cvse_len = m->user_cvse_len,
		.vendor_id = VENDOR,
		.spi = m->spi,
	};
	struct mip4_msg r;
	int len, len2, ret;

	(void)buf;
	/* Build cannot express a CVSE of Vendor-CVSE-Type 0 (0 means none)
	 * nor an MHAE whose length fits no algorithm.
	 */
	if (m->cvse_value && !m->cvse_type)
		return;
	if (m->has_mhae) {
		if (m->auth_len == 16)
			spec.algorithm = MIP4_ALG_HMAC_MD5;
		else if (m->auth_len == 32)
			spec.algorithm = MIP4_ALG_HMAC_SHA256;
		else
			return;
	}

	len = mip4_msg_build(out, sizeof(out), &spec);
	/* Fewer extensions than the original: it always fits. */
	CHECK(len > 0);
	if (m->has_mhae)
		memcpy(out + len - m->auth_len, m->authenticator, m->auth_len);

	ret = mip4_msg_parse(out, len, VENDOR, &r);
	if (m->type == MIP4_TYPE_RRQ && !m->has_mhae && !m->cvse_value &&
	    !m->user_cvse_value) {
		/* Only foreign CVSEs made the original acceptable. */
		CHECK(ret == -EINVAL);
		return;
	}
	CHECK(ret == 0);
	check_bounds(out, len, &r);
	CHECK(r.type == m->type && r.flags == m->flags && r.code == m->code);
	CHECK(r.lifetime == m->lifetime && r.id == m->id);
	CHECK(r.home_addr == m->home_addr && r.ha_addr == m->ha_addr);
	CHECK(r.coa == m->coa);
	CHECK(r.nai_len == m->nai_len);
	CHECK(!r.nai == !m->nai);
	CHECK(!m->nai || !memcmp(r.nai, m->nai, m->nai_len));
	CHECK(r.cvse_type == m->cvse_type && r.cvse_len == m->cvse_len);
	CHECK(!r.cvse_value == !m->cvse_value);
	CHECK(!m->cvse_value ||
	      !memcmp(r.cvse_value, m->cvse_value, m->cvse_len));
	CHECK(r.user_cvse_type == m->user_cvse_type &&
	      r.user_cvse_len == m->user_cvse_len);
	CHECK(!r.user_cvse_value == !m->user_cvse_value);
	CHECK(!m->user_cvse_value ||
	      !memcmp(r.user_cvse_value, m->user_cvse_value,
		      m->user_cvse_len));
	CHECK(r.to_daemon == m->to_daemon);
	CHECK(r.has_mhae == m->has_mhae && r.spi == m->spi);
	CHECK(r.auth_len == m->auth_len);
	CHECK(!m->has_mhae ||
	      !memcmp(r.authenticator, m->authenticator, m->auth_len));
	CHECK(!r.has_fhae);
	/* The rebuilt message lost foreign CVSEs (which can add 140 before
	 * our CVSE's own deny code) and what followed the authorization-
	 * enabling extension (141, or 134 for an MHAE after a KEYGEN_REQ):
	 * what it is refused for, the original was refused for first.
	 */
	CHECK(r.deny_code == m->deny_code || !r.deny_code ||
	      m->deny_code == MIP4_CODE_UNKNOWN_CVSE);
	if (!m->deny_code)
		CHECK(!r.deny_code);

	spec.nai = r.nai;
	spec.cvse_value = r.cvse_value;
	spec.user_cvse_value = r.user_cvse_value;
	len2 = mip4_msg_build(again, sizeof(again), &spec);
	CHECK(len2 == len);
	if (m->has_mhae)
		memcpy(again + len - r.auth_len, r.authenticator, r.auth_len);
	CHECK(!memcmp(again, out, len));
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct mip4_msg m;
	u8 *copy;

	/* An exactly sized heap copy, so that ASan sees any overread. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	memset(&m, 0xa5, sizeof(m));
	if (mip4_msg_parse(copy, size, VENDOR, &m) == 0) {
		check_bounds(copy, size, &m);
		check_rebuild(copy, &m);
	}
	free(copy);
	return 0;
}
