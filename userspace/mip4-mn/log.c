// SPDX-License-Identifier: GPL-2.0
/* mip4-mn: its messages, -q and -v deciding which. */

#include <stdarg.h>
#include <stdio.h>

#include "log.h"
#include "mn.h"

void mn_info(const struct mn_config *cfg, const char *fmt, ...)
{
	va_list ap;

	if (cfg->verbosity < 0)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void mn_debug(const struct mn_config *cfg, const char *fmt, ...)
{
	va_list ap;

	if (cfg->verbosity <= 0)
		return;
	va_start(ap, fmt);
	mip4_vwarn("mip4-mn: ", fmt, ap);
	va_end(ap);
}

void mn_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mip4_vwarn("mip4-mn: ", fmt, ap);
	va_end(ap);
}
