// SPDX-License-Identifier: GPL-2.0
/* mip4d: logging, to stderr (the journal's <N> prefixes when it is the
 * journal) or to syslog once in the background. */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mip4d.h"

int mip4d_log_level_cur = LOG_INFO;
static bool log_stderr = true;
static bool log_journal;		/* stderr is the journal: <N> prefixes */

static const char *const level_tag[] = {
	[LOG_EMERG] = "emerg", [LOG_ALERT] = "alert", [LOG_CRIT] = "crit",
	[LOG_ERR] = "error", [LOG_WARNING] = "warning",
	[LOG_NOTICE] = "notice", [LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

void mip4d_log(int level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (level > mip4d_log_level_cur)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (!log_stderr)
		syslog(level, "%s", line);
	else if (log_journal)
		fprintf(stderr, "<%d>%s\n", level, line);
	else
		fprintf(stderr, "mip4d: %s: %s\n", level_tag[level & 7], line);
}

/* JOURNAL_STREAM names stderr's device and inode when it is the journal. */
static bool stderr_is_journal(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	return e && sscanf(e, "%llu:%llu", &dev, &ino) == 2 &&
	       !fstat(STDERR_FILENO, &st) && st.st_dev == dev &&
	       st.st_ino == ino;
}

void mip4d_log_init(void)
{
	log_journal = stderr_is_journal();
}

void mip4d_log_syslog(void)
{
	openlog("mip4d", LOG_PID, LOG_DAEMON);
	log_stderr = false;
}
