// SPDX-License-Identifier: GPL-2.0
/* mip4d: a limit on log lines of one kind a second. */

#include <stdio.h>

#include "mip4d.h"

bool mip4d_ratelimit(struct mip4d_ratelimit *rl, uint64_t now_ms,
		     unsigned int *suppressed)
{
	if (!rl->started || now_ms - rl->start_ms >= MIP4D_RATELIMIT_MS) {
		rl->started = true;
		rl->start_ms = now_ms;
		rl->passed = 0;
	}
	if (rl->passed >= MIP4D_RATELIMIT_BURST) {
		rl->suppressed++;
		return false;
	}
	rl->passed++;
	*suppressed = rl->suppressed;
	rl->suppressed = 0;
	return true;
}

const char *mip4d_not_logged(unsigned int n, char buf[48])
{
	if (!n)
		return "";
	snprintf(buf, 48, " (%u more like it not logged)", n);
	return buf;
}
