// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: mip4d's state files (mip4d/record.c), the accounting
 * records of its spool and its open sessions, read back at every start
 * from a directory a damaged disk or a careless human may have written.
 *
 * Input: one octet choosing the kind (even: record, odd: session), then
 * the file's text. Whatever parses must come back the same through its
 * writer and the parser again.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mip4d.h"

/* record.c's Accounting-Request builder calls it; not fuzzed here. */
enum radius_err mip4d_accounting_request(const struct mip4d_acct_info *a,
					 const struct mip4d_nas *nas,
					 uint8_t id, const void *secret,
					 size_t secret_len, uint8_t *buf,
					 size_t size, size_t *len,
					 struct radius_sent *sent)
{
	(void)a, (void)nas, (void)id, (void)secret, (void)secret_len;
	(void)buf, (void)size, (void)len, (void)sent;
	return RADIUS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[MIP4D_RECORD_TEXT_MAX * 2], again[MIP4D_RECORD_TEXT_MAX];
	struct mip4d_session_state s, s2;
	struct mip4d_acct_record r, r2;
	size_t n;

	if (size < 1 || size - 1 >= sizeof(text))
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (data[0] & 1) {
		if (mip4d_session_parse(text, &s))
			return 0;
		n = mip4d_session_format(&s, again, sizeof(again));
		CHECK(n < sizeof(again) - 1);
		CHECK(mip4d_session_parse(again, &s2) == 0);
		CHECK(!memcmp(&s, &s2, sizeof(s)));
	} else {
		if (mip4d_record_parse(text, &r))
			return 0;
		n = mip4d_record_format(&r, again, sizeof(again));
		CHECK(n < sizeof(again) - 1);
		CHECK(mip4d_record_parse(again, &r2) == 0);
		CHECK(!memcmp(&r, &r2, sizeof(r)));
	}
	return 0;
}
