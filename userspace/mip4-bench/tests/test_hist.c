// SPDX-License-Identifier: GPL-2.0
/* KTAP unit tests of mip4-bench's latency histogram. */

#include <stdlib.h>

#include "bench.h"
#include "proto.h"
#include "ktap.h"

static struct hist h;

static void test_empty(const void *arg)
{
	(void)arg;
	memset(&h, 0, sizeof(h));
	EXPECT_EQ(hist_quantile(&h, 0.5), 0);
	EXPECT_EQ(hist_quantile(&h, 1), 0);
}

/* Below HIST_SUB every value has its own bucket. */
static void test_exact_small(const void *arg)
{
	u64 v;

	(void)arg;
	memset(&h, 0, sizeof(h));
	for (v = 1; v <= 100; v++)
		hist_add(&h, v);
	EXPECT_EQ(h.count, 100);
	EXPECT_EQ(h.max, 100);
	EXPECT_EQ(hist_quantile(&h, 0.5), 50);
	EXPECT_EQ(hist_quantile(&h, 0.9), 90);
	EXPECT_EQ(hist_quantile(&h, 0.99), 99);
	EXPECT_EQ(hist_quantile(&h, 1), 100);
	EXPECT_EQ(hist_quantile(&h, 0), 1);
}

/* Large values: within 1/64 above the true quantile, never past the max. */
static void test_relative_error(const void *arg)
{
	static const u64 values[] = {
		128, 129, 1000, 4095, 4096, 123456, 999999, 1000001,
		(u64)3 << 40, ((u64)1 << 63) + 12345, UINT64_MAX,
	};
	unsigned int i;

	(void)arg;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		u64 v = values[i], q;

		memset(&h, 0, sizeof(h));
		hist_add(&h, v);
		hist_add(&h, UINT64_MAX);
		q = hist_quantile(&h, 0.5);
		EXPECT(q >= v);
		EXPECT(q - v <= v / 64);
		memset(&h, 0, sizeof(h));
		hist_add(&h, v);
		EXPECT_EQ(hist_quantile(&h, 0.5), v);	/* capped at max */
	}
}

static void test_merge(const void *arg)
{
	static struct hist a, b;
	u64 v;

	(void)arg;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	for (v = 1; v <= 50; v++)
		hist_add(&a, v * 1000);
	for (v = 51; v <= 100; v++)
		hist_add(&b, v * 1000);
	hist_merge(&a, &b);
	EXPECT_EQ(a.count, 100);
	EXPECT_EQ(a.max, 100000);
	v = hist_quantile(&a, 0.5);
	EXPECT(v >= 50000 && v <= 50000 + 50000 / 64);
}

static const struct ktap_case hist_cases[] = {
	{ "empty", test_empty, NULL },
	{ "exact_small", test_exact_small, NULL },
	{ "relative_error", test_relative_error, NULL },
	{ "merge", test_merge, NULL },
};

static const struct ktap_suite suites[] = {
	KTAP_SUITE("bench_hist", hist_cases),
};

int main(void)
{
	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
