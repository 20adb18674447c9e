// SPDX-License-Identifier: GPL-2.0
/*
 * mip4d: back-off for password guessing. The AAA server answers as fast as
 * it is asked, so without this anyone could try passwords against one NAI
 * at that rate. After [backoff] failures Access-Rejects of one NAI within
 * window seconds, the NAI's initial registrations are refused at once
 * (code 129) for hold seconds, with no Access-Request; what the node
 * already has (binding, keys) is not touched: the kernel keeps it until a
 * successful registration replaces it.
 *
 * One record per NAI that failed lately, in a hash table: at most
 * BACKOFF_MAX_RECORDS; when it is full, records whose window and hold are
 * over go first, and a NAI that still finds no room is not tracked (and
 * that is logged): a flood of made-up NAIs costs bounded memory and cannot
 * push out the NAI under attack, which is already in the table.
 */

#include <stdlib.h>
#include <string.h>

#include <uthash.h>

#include "mip4d.h"

#define BACKOFF_MAX_RECORDS 65536

struct backoff_record {
	UT_hash_handle hh;
	uint64_t window_end_ms;		/* the failures count until then */
	uint64_t hold_end_ms;		/* refused until then; 0: not held */
	unsigned int failures;
	size_t len;
	uint8_t nai[MIP4_NAI_MAX];
};

static struct backoff_record *records;
static unsigned int nrecords;
static uint64_t refused;

static struct backoff_record *find(const uint8_t *nai, size_t len)
{
	struct backoff_record *r = NULL;

	if (len > MIP4_NAI_MAX)
		return NULL;
	HASH_FIND(hh, records, nai, len, r);
	return r;
}

static void drop(struct backoff_record *r)
{
	HASH_DEL(records, r);
	nrecords--;
	free(r);
}

static bool over(const struct backoff_record *r, uint64_t now)
{
	return now >= r->window_end_ms && now >= r->hold_end_ms;
}

static void sweep(uint64_t now)
{
	struct backoff_record *r, *tmp;

	HASH_ITER(hh, records, r, tmp) {
		if (over(r, now))
			drop(r);
	}
}

uint64_t mip4d_backoff_held(const uint8_t *nai, size_t len, uint64_t now)
{
	struct backoff_record *r = find(nai, len);

	if (!r || now >= r->hold_end_ms)
		return 0;
	return r->hold_end_ms - now;
}

bool mip4d_backoff_rejected(const struct mip4d_backoff_conf *b,
			    const uint8_t *nai, size_t len, uint64_t now)
{
	static struct mip4d_ratelimit full_log;
	struct backoff_record *r;
	unsigned int n;

	if (!b->failures || len > MIP4_NAI_MAX)
		return false;
	r = find(nai, len);
	if (r && over(r, now)) {
		r->failures = 0;
		r->hold_end_ms = 0;
	}
	if (!r) {
		if (nrecords >= BACKOFF_MAX_RECORDS)
			sweep(now);
		if (nrecords >= BACKOFF_MAX_RECORDS || !(r = calloc(1, sizeof(*r)))) {
			if (mip4d_ratelimit(&full_log, now, &n))
				mip4d_warn("backoff: %u NAIs tracked already, a failed one is not%s",
					   nrecords, n ? " (and more)" : "");
			return false;
		}
		memcpy(r->nai, nai, len);
		r->len = len;
		HASH_ADD(hh, records, nai, len, r);
		nrecords++;
	}
	if (!r->failures)
		r->window_end_ms = now + (uint64_t)b->window_s * 1000;
	if (++r->failures < b->failures)
		return false;
	/* The hold starts now; the count starts again after it. */
	r->failures = 0;
	r->window_end_ms = now;
	r->hold_end_ms = now + (uint64_t)b->hold_s * 1000;
	return true;
}

void mip4d_backoff_accepted(const uint8_t *nai, size_t len)
{
	struct backoff_record *r = find(nai, len);

	if (r)
		drop(r);
}

unsigned int mip4d_backoff_tracked(void)
{
	return nrecords;
}

uint64_t mip4d_backoff_refused(void)
{
	return refused;
}

void mip4d_backoff_count_refusal(void)
{
	refused++;
}

void mip4d_backoff_shutdown(void)
{
	struct backoff_record *r, *tmp;

	HASH_ITER(hh, records, r, tmp)
		drop(r);
}
