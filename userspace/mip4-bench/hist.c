// SPDX-License-Identifier: GPL-2.0
/*
 * Latency histogram: exact below HIST_SUB ns, then HIST_HALF buckets per
 * power of two, so a bucket is less than 1/64 of its values wide.
 */

#include <math.h>
#include <string.h>

#include "bench.h"
#include "proto.h"

static unsigned int hist_index(u64 v)
{
	unsigned int msb, k;

	if (v < HIST_SUB)
		return (unsigned int)v;
	msb = 63u - (unsigned int)__builtin_clzll(v);
	k = msb - (HIST_SUB_BITS - 1);
	return HIST_SUB + (k - 1) * HIST_HALF +
	       (unsigned int)(v >> k) - HIST_HALF;
}

/* The greatest value that falls into bucket @i. */
static u64 hist_upper(unsigned int i)
{
	unsigned int j, k;
	u64 top;

	if (i < HIST_SUB)
		return i;
	j = i - HIST_SUB;
	k = j / HIST_HALF + 1;
	top = j % HIST_HALF + HIST_HALF;
	return ((top + 1) << k) - 1;
}

void hist_add(struct hist *h, u64 v)
{
	h->bucket[hist_index(v)]++;
	h->count++;
	if (v > h->max)
		h->max = v;
}

void hist_merge(struct hist *into, const struct hist *from)
{
	unsigned int i;

	for (i = 0; i < HIST_BUCKETS; i++)
		into->bucket[i] += from->bucket[i];
	into->count += from->count;
	if (from->max > into->max)
		into->max = from->max;
}

u64 hist_quantile(const struct hist *h, double q)
{
	u64 rank, seen = 0;
	unsigned int i;

	if (!h->count)
		return 0;
	if (q <= 0)
		q = 0;
	rank = (u64)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	for (i = 0; i < HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank)
			return hist_upper(i) < h->max ? hist_upper(i) : h->max;
	}
	return h->max;
}
