// SPDX-License-Identifier: GPL-2.0
/* mip4-mn: a Mobile IPv4 mobile node client (RFC 5944 §3.6). */

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "conf.h"
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
	fputs("mip4-mn: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void mn_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("mip4-mn: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void mn_read_key(struct mn *mn)
{
	const char *path = mn->cfg->key_file;
	ssize_t n;

	n = mip4_secret_read(path, mn->key, sizeof(mn->key));
	if (n >= 0) {
		mn->key_len = (size_t)n;
		return;
	}
	if (n == -EINVAL)
		mn_warn("key file %s holds no key", path);
	else if (n == -EMSGSIZE)
		mn_warn("key in %s is longer than %d bytes", path, MN_KEY_MAX);
	else
		mn_warn("cannot read key file %s: %s", path, strerror((int)-n));
	exit(MN_EXIT_USAGE);
}

/* Loop mode ends on SIGINT or SIGTERM with a deregistration. */
static void mn_watch_signals(struct mn *mn)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) ||
	    (mn->sigfd = signalfd(-1, &set, SFD_CLOEXEC)) < 0) {
		mn_warn("signalfd: %s", strerror(errno));
		exit(MN_EXIT_ERROR);
	}
}

/* The outcome of an exchange as an exit status, with its line printed. */
static int mn_report(struct mn *mn, const struct mn_result *res,
		     struct in_addr coa, bool dereg)
{
	const struct mn_config *cfg = mn->cfg;
	char home[INET_ADDRSTRLEN], ca[INET_ADDRSTRLEN], ha[INET_ADDRSTRLEN];

	if (cfg->print_id && res->status != MN_NO_REPLY &&
	    res->status != MN_FAILED && res->status != MN_SIGNALLED)
		printf("id 0x%016" PRIx64 "\n", res->id);

	switch (res->status) {
	case MN_ACCEPTED:
		if (dereg) {
			mn_info(cfg, "deregistered");
			return MN_EXIT_OK;
		}
		mn_info(cfg, "registered: home %s care-of %s lifetime %u",
			inet_ntop(AF_INET, &cfg->home, home, sizeof(home)),
			inet_ntop(AF_INET, &coa, ca, sizeof(ca)),
			res->lifetime);
		if (res->code == MIP4_CODE_ACCEPTED_NO_SIMUL)
			mn_info(cfg, "note: code 1 (%s)",
				mn_code_text(res->code));
		return MN_EXIT_OK;
	case MN_DENIED:
		mn_info(cfg, "denied: code %u (%s%s)", res->code,
			mn_code_text(res->code),
			res->unverified ?
			"; reply not verifiable with our key: wrong key?" : "");
		return MN_EXIT_DENIED;
	case MN_NO_REPLY:
		mn_warn("no reply from home agent %s after %u requests",
			inet_ntop(AF_INET, &cfg->ha, ha, sizeof(ha)),
			res->requests);
		return MN_EXIT_NO_REPLY;
	case MN_SIGNALLED:
		mn_warn("interrupted");
		return MN_EXIT_ERROR;
	case MN_FAILED:
		break;
	}
	return MN_EXIT_ERROR;
}

static int mn_deregister(struct mn *mn)
{
	struct in_addr coa = mn->cfg->dereg_all ? mn->cfg->home : mn->coa;
	struct mn_result res;

	mn_exchange(mn, 0, coa, &res);
	return mn_report(mn, &res, coa, true);
}

/* Sleeps until @until (CLOCK_MONOTONIC; NULL: forever) or a signal;
 * returns true for a signal.
 */
static bool mn_sleep(struct mn *mn, const struct timespec *until)
{
	struct pollfd pfd = { .fd = mn->sigfd, .events = POLLIN };
	struct signalfd_siginfo si;
	struct timespec now;
	int64_t ms;

	for (;;) {
		ms = -1;
		if (until) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			ms = (until->tv_sec - now.tv_sec) * 1000 +
			     (until->tv_nsec - now.tv_nsec) / 1000000;
			if (ms <= 0)
				return false;
		}
		if (poll(&pfd, 1, (int)(ms > INT32_MAX ? INT32_MAX : ms)) < 0 &&
		    errno != EINTR) {
			mn_warn("poll: %s", strerror(errno));
			exit(MN_EXIT_ERROR);
		}
		if (pfd.revents & POLLIN) {
			if (read(mn->sigfd, &si, sizeof(si)) == sizeof(si))
				mn_debug(mn->cfg, "signal %u", si.ssi_signo);
			return true;
		}
	}
}

static int mn_run_loop(struct mn *mn)
{
	const struct mn_config *cfg = mn->cfg;
	struct mn_result res;
	struct timespec refresh;
	int64_t ms;
	int status;

	for (;;) {
		mn_exchange(mn, cfg->lifetime, mn->coa, &res);
		if (res.status == MN_SIGNALLED)
			break;
		status = mn_report(mn, &res, mn->coa, false);
		if (res.status != MN_ACCEPTED)
			return status;
		if (res.lifetime == MIP4_LIFETIME_INFINITE) {
			mn_sleep(mn, NULL);
			break;
		}
		/* §3.6.2.2: the granted lifetime runs from when the request
		 * was sent.
		 */
		ms = (int64_t)res.lifetime * 1000 * cfg->reregister_pct / 100;
		refresh = res.sent;
		refresh.tv_sec += ms / 1000;
		refresh.tv_nsec += (ms % 1000) * 1000000;
		if (refresh.tv_nsec >= 1000000000) {
			refresh.tv_sec++;
			refresh.tv_nsec -= 1000000000;
		}
		if (mn_sleep(mn, &refresh))
			break;
		mn_debug(cfg, "refreshing the registration");
	}
	return mn_deregister(mn);
}

int main(int argc, char **argv)
{
	struct mn_config cfg;
	struct mn mn = { .cfg = &cfg, .fd = -1, .sigfd = -1 };
	struct mn_result res;
	unsigned int i;
	int status = MN_EXIT_OK;

	/* Scripts read our lines as they come. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	mn_config_parse(&cfg, argc, argv);
	mn_read_key(&mn);
	mip4_ident_init(&mn.ident, cfg.replay);
	mn.ident.offset = cfg.clock_offset;
	if (cfg.mode == MN_MODE_LOOP)
		mn_watch_signals(&mn);
	if (mn_socket_open(&mn))
		return MN_EXIT_ERROR;

	switch (cfg.mode) {
	case MN_MODE_LOOP:
		status = mn_run_loop(&mn);
		break;
	case MN_MODE_COUNT:
		for (i = 0; i < cfg.count && status == MN_EXIT_OK; i++) {
			mn_exchange(&mn, cfg.lifetime, mn.coa, &res);
			status = mn_report(&mn, &res, mn.coa, false);
		}
		break;
	case MN_MODE_DEREG:
		status = mn_deregister(&mn);
		break;
	}

	explicit_bzero(mn.key, sizeof(mn.key));
	close(mn.fd);
	return status;
}
