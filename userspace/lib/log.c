// SPDX-License-Identifier: GPL-2.0
/* The command-line tools' logger (log.h). */

#include <stdio.h>

#include "log.h"

void mip4_vwarn(const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}
