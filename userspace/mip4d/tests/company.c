// SPDX-License-Identifier: GPL-2.0
/* The company's RADIUS server of protocol.md §9.9, for mip4d's tests. */

#include <stdio.h>
#include <string.h>

#include "company.h"

static void unhex16(const char *hex, uint8_t out[16])
{
	unsigned int i, v;

	for (i = 0; i < 16; i++) {
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

size_t company_answer_build(uint8_t *out, size_t size, uint8_t code,
			    const struct radius_sent *sent, uint32_t timeout)
{
	static const char success_str[] =
		"S=6E7C4707AD90F10CF710BF551900E9FD12E41449";
	const size_t slen = strlen(COMPANY_SECRET);
	uint8_t rk[16], sk[16], success[1 + sizeof(success_str) - 1];
	struct radius_builder rb;
	size_t len = 0;

	unhex16("ce53d1ae6c4476ef9224b955015e58ad", rk);
	unhex16("606861d0b6af8292ccfefc5dac173ec1", sk);
	radius_init(&rb, out, size, code, sent->id, sent->auth);
	radius_put_msg_auth(&rb);
	if (code == RADIUS_ACCESS_ACCEPT) {
		if (timeout)
			radius_put_u32(&rb, RADIUS_SESSION_TIMEOUT, timeout);
		success[0] = 0;		/* the MS-CHAPv2 ident */
		memcpy(success + 1, success_str, sizeof(success_str) - 1);
		radius_put_vsa(&rb, RADIUS_VENDOR_MICROSOFT,
			       RADIUS_MS_CHAP2_SUCCESS, success,
			       sizeof(success));
		radius_put_mppe_key(&rb, RADIUS_MS_MPPE_RECV_KEY, rk, 16,
				    0x8a51, COMPANY_SECRET, slen, sent->auth);
		radius_put_mppe_key(&rb, RADIUS_MS_MPPE_SEND_KEY, sk, 16,
				    0x9b62, COMPANY_SECRET, slen, sent->auth);
	}
	if (radius_finish(&rb, COMPANY_SECRET, slen, &len, NULL) != RADIUS_OK)
		return 0;
	return len;
}
