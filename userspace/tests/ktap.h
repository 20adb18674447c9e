/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktap.h: a tiny KTAP (version 1) test harness for host unit tests.
 *
 * A test binary lists suites, each a table of cases; ktap_main() runs them
 * and prints KUnit-style nested KTAP, then a "# Totals" line and a plain
 * "N passed, N failed" line, and returns non-zero if any case failed.
 * Inside a case, EXPECT*() record a failure (with file and line) and go on.
 * A case is a function of one argument, the case's @arg.
 */

#ifndef MIP4_KTAP_H
#define MIP4_KTAP_H

#include <stdio.h>
#include <string.h>

struct ktap_case {
	const char *name;
	void (*run)(const void *arg);
	const void *arg;
};

struct ktap_suite {
	const char *name;
	const struct ktap_case *cases;
	unsigned int n_cases;
};

#define KTAP_SUITE(sname, table) \
	{ .name = sname, .cases = table, \
	  .n_cases = sizeof(table) / sizeof((table)[0]) }

static int ktap_case_failed;

static inline void ktap_fail(const char *file, int line, const char *what)
{
	printf("        # %s:%d: %s\n", file, line, what);
	ktap_case_failed = 1;
}

#define EXPECT(cond) \
	do { \
		if (!(cond)) \
			ktap_fail(__FILE__, __LINE__, "expected " #cond); \
	} while (0)

#define EXPECT_EQ(a, b) \
	do { \
		long long _a = (long long)(a), _b = (long long)(b); \
		if (_a != _b) { \
			char _m[256]; \
			snprintf(_m, sizeof(_m), "%s == %s: %lld != %lld", \
				 #a, #b, _a, _b); \
			ktap_fail(__FILE__, __LINE__, _m); \
		} \
	} while (0)

static inline void ktap_hexdump(const char *tag, const unsigned char *p,
				size_t n)
{
	size_t i;

	printf("        # %s ", tag);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

#define EXPECT_MEM(a, b, n) \
	do { \
		const unsigned char *_a = (const void *)(a); \
		const unsigned char *_b = (const void *)(b); \
		size_t _n = (n); \
		if (!_a || !_b || memcmp(_a, _b, _n)) { \
			ktap_fail(__FILE__, __LINE__, \
				  "expected " #a " == " #b); \
			if (_a && _b) { \
				ktap_hexdump("got     ", _a, _n); \
				ktap_hexdump("expected", _b, _n); \
			} \
		} \
	} while (0)

static inline int ktap_main(const struct ktap_suite *suites,
			    unsigned int n_suites)
{
	unsigned int s, c, passed = 0, failed = 0;

	printf("KTAP version 1\n1..%u\n", n_suites);
	for (s = 0; s < n_suites; s++) {
		const struct ktap_suite *su = &suites[s];
		int suite_failed = 0;

		printf("    KTAP version 1\n    # Subtest: %s\n    1..%u\n",
		       su->name, su->n_cases);
		for (c = 0; c < su->n_cases; c++) {
			ktap_case_failed = 0;
			fflush(stdout);
			su->cases[c].run(su->cases[c].arg);
			printf("    %sok %u %s\n", ktap_case_failed ? "not " : "",
			       c + 1, su->cases[c].name);
			if (ktap_case_failed) {
				failed++;
				suite_failed = 1;
			} else {
				passed++;
			}
		}
		printf("%sok %u %s\n", suite_failed ? "not " : "", s + 1,
		       su->name);
	}
	printf("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:0 error:0\n",
	       passed, failed);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

#endif /* MIP4_KTAP_H */
