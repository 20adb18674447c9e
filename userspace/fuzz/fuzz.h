/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the libFuzzer targets: an invariant that must hold, or abort. */

#ifndef MIP4_FUZZ_H
#define MIP4_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: check failed: %s\n", \
				__FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

#endif
