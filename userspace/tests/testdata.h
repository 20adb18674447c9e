/* SPDX-License-Identifier: GPL-2.0 */
/* Test inputs written as text: hex strings and dotted IPv4 addresses. */

#ifndef MIP4_TESTDATA_H
#define MIP4_TESTDATA_H

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Decodes hex (spaces allowed) into @out; a malformed string is a bug in the
 * test itself, so it stops the run.
 */
static inline size_t unhex(const char *h, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned int x;

	while (*h) {
		if (*h == ' ') {
			h++;
			continue;
		}
		if (n == max || sscanf(h, "%2x", &x) != 1 || !h[1]) {
			fprintf(stderr, "bad hex in test: %s\n", h);
			exit(2);
		}
		out[n++] = (uint8_t)x;
		h += 2;
	}
	return n;
}

/* A dotted address, in network byte order. */
static inline uint32_t ip(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "bad address in test: %s\n", s);
		exit(2);
	}
	return a.s_addr;
}

#endif /* MIP4_TESTDATA_H */
