// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: what an HLR (or anyone on the path to mip4d's GSUP
 * connection) sends: a TCP stream cut into IPA frames, SendAuthInfo answers
 * decoded, ID_GETs answered (lib/gsup.c). Whatever is accepted must stay
 * inside the input and within the decoder's limits.
 */

#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "gsup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gsup_sai_answer a;
	struct ipa_frame f;
	u8 out[4096];
	size_t off = 0;
	unsigned int i;
	int n, frame_len;

	while (off < size) {
		frame_len = ipa_frame_next(data + off, size - off, &f);
		if (frame_len <= 0)
			break;
		CHECK((size_t)frame_len <= size - off);
		CHECK(f.data >= data + off &&
		      f.data + f.len <= data + off + frame_len);
		if (f.proto == IPA_PROTO_OSMO && f.ext == IPA_EXT_GSUP &&
		    !gsup_parse(f.data, f.len, &a)) {
			CHECK(a.n <= GSUP_MAX_VECTORS);
			CHECK(a.type == GSUP_SAI_RESULT || !a.n);
			CHECK(strlen(a.imsi) <= GSUP_IMSI_MAX);
			for (i = 0; i < a.n; i++)
				CHECK(a.av[i].res_len >= GSUP_RES_MIN &&
				      a.av[i].res_len <= GSUP_RES_MAX);
		}
		if (f.proto == IPA_PROTO_CCM && f.len &&
		    f.data[0] == IPA_CCM_ID_GET) {
			n = ipa_ccm_id_resp(out, sizeof(out), f.data + 1,
					    f.len - 1, "fuzz");
			if (n > 0)
				CHECK(ipa_frame_next(out, (size_t)n, &f) == n);
		}
		off += (size_t)frame_len;
	}
	return 0;
}
