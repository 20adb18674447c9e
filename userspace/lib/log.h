/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one logger of the command-line tools: a line on stderr, the tool's
 * prefix ("mip4-mn: ", "Error: ", ...) then the message. mip4d logs
 * through its own mip4d_log() (syslog, the journal's levels).
 */
#ifndef MIP4_LOG_H
#define MIP4_LOG_H

#include <stdarg.h>

void mip4_vwarn(const char *prefix, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif /* MIP4_LOG_H */
