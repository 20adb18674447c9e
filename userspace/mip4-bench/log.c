// SPDX-License-Identifier: GPL-2.0
/* mip4-bench: its warnings. */

#include <stdarg.h>

#include "bench.h"
#include "log.h"

void bench_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mip4_vwarn("mip4-bench: ", fmt, ap);
	va_end(ap);
}
