// SPDX-License-Identifier: GPL-2.0
/* mip4d: options, logging and the event loop. */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <unistd.h>

#include "akad.h"
#include "mip4d.h"

/* sd_notify(3), without libsystemd: one datagram to $NOTIFY_SOCKET. */
static void notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@'))
		return;
	n = strlen(path);
	if (n >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, n);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, state, strlen(state), 0, (struct sockaddr *)&sa,
		   (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n)) < 0)
		mip4d_debug("sd_notify: %s", strerror(errno));
	close(fd);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mip4d [-f] [-v] [-t] [-c FILE] [-p PIDFILE]\n"
		"  -c FILE     configuration file (default %s)\n"
		"  -f          stay in the foreground and log to stderr\n"
		"  -v          log level debug\n"
		"  -t          check the configuration and exit\n"
		"  -p PIDFILE  write the process id there (background mode)\n",
		MIP4D_DEFAULT_CONF);
}

static struct mip4d_conf *load(const char *path)
{
	struct mip4_conf_error err;
	struct mip4d_conf *c = calloc(1, sizeof(*c));
	int r;

	if (!c) {
		mip4d_err("out of memory");
		return NULL;
	}
	r = mip4d_conf_load(path, c, &err);
	if (r) {
		if (err.line)
			mip4d_err("%s:%u: %s", path, err.line,
				  err.msg[0] ? err.msg : strerror(-r));
		else
			mip4d_err("%s: %s", path,
				  err.msg[0] ? err.msg : strerror(-r));
		free(c);
		return NULL;
	}
	return c;
}

/* The retries of every server should end before the kernel gives up. */
static void check_budget(const struct mip4d_conf *c)
{
	struct mip4d_ha ha;
	unsigned long ms = 0;
	unsigned int i, g;

	if (mip4d_nl_ha_get(&ha)) {
		mip4d_notice("no Home Agent configured in this network namespace yet");
		return;
	}
	for (g = 0; g <= c->groups_n; g++) {
		const struct mip4d_server_set *set =
			g < c->groups_n ? &c->groups[g].set : &c->aaa;

		ms = 0;
		for (i = 0; i < set->n; i++)
			ms += (unsigned long)set->servers[i].timeout_ms *
			      set->servers[i].tries;
		if (ms > ha.keygen_timeout * 1000ul)
			mip4d_warn("the AAA servers' timeout_ms x tries of [aaa%s%.60s] add up to %lu ms, more than the Home Agent's keygen-timeout (%u s): the last ones will not be tried",
				   g < c->groups_n ? " " : "",
				   g < c->groups_n ? c->groups[g].realm : "",
				   ms, ha.keygen_timeout);
	}
	if (c->aka.enabled && c->aka.hlr_timeout_ms >= ha.keygen_timeout * 1000ul)
		mip4d_warn("[aka] hlr_timeout_ms %u is not below the Home Agent's keygen-timeout (%u s): the kernel answers 128 first",
			   c->aka.hlr_timeout_ms, ha.keygen_timeout);
	if (c->vendor_id && c->vendor_id != ha.vendor_id)
		mip4d_warn("vendor_id %u differs from the Home Agent's %u",
			   c->vendor_id, ha.vendor_id);
}

static void reload(const char *path, bool verbose)
{
	struct mip4d_conf *c;

	notify("RELOADING=1");
	c = load(path);
	if (c && mip4d_conf_open(c)) {
		mip4d_conf_put(c);
		c = NULL;
	}
	if (c) {
		/* The AKA core keeps a pointer: set before the old one goes. */
		mip4d_akad_configure(c);
		/* Requests in progress keep the configuration they began with. */
		mip4d_conf_put(mip4d_conf_current());
		mip4d_conf_set_current(c);
		if (!verbose)
			mip4d_log_level_cur = c->log_level;
		mip4d_notice("configuration reloaded: %u AAA, %u accounting servers, %u realm groups, %u policy lines",
			     c->aaa.n, c->acct.n, c->groups_n, c->policy_n);
		check_budget(c);
	} else {
		mip4d_err("configuration not reloaded; the old one stays");
	}
	notify("READY=1");
}

static void arm_timer(int tfd)
{
	uint64_t next = mip4d_txn_next_deadline(),
		 interim = mip4d_acct_next_deadline(),
		 retry = mip4d_spool_next_deadline(),
		 aka = mip4d_aka_next_deadline(),
		 gsup = mip4d_gsup_next_deadline();
	struct itimerspec its = { 0 };

	if (aka && (!next || aka < next))
		next = aka;
	if (gsup && (!next || gsup < next))
		next = gsup;
	if (interim && (!next || interim < next))
		next = interim;
	if (retry && (!next || retry < next))
		next = retry;
	if (next) {
		its.it_value.tv_sec = (time_t)(next / 1000);
		its.it_value.tv_nsec = (long)(next % 1000) * 1000000;
	}
	if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL))
		mip4d_err("timerfd: %s", strerror(errno));
}

/*
 * After a clean stop's Stops and Accounting-Off: answers from the
 * accounting servers, retransmissions and failover, until every record is
 * acknowledged, no server answers, MIP4D_STOP_WAIT_MS have passed or a
 * second signal comes. What is left stays in the state directory.
 */
static void drain(int epoll_fd, int sfd, int tfd)
{
	uint64_t deadline = mip4d_now_ms() + MIP4D_STOP_WAIT_MS;
	struct epoll_event evs[16];
	struct signalfd_siginfo si;
	uint64_t ticks;
	int n, i;

	while (mip4d_spool_busy() && mip4d_now_ms() < deadline) {
		arm_timer(tfd);
		n = epoll_wait(epoll_fd, evs, 16,
			       (int)(deadline - mip4d_now_ms()));
		if (n < 0 && errno != EINTR)
			break;
		for (i = 0; i < n; i++) {
			struct mip4d_watch *w = evs[i].data.ptr;

			switch (w->kind) {
			case MIP4D_WATCH_SIGNAL:
				if (read(sfd, &si, sizeof(si)) == sizeof(si) &&
				    si.ssi_signo != SIGHUP && si.ssi_signo != SIGUSR1)
					return;
				break;
			case MIP4D_WATCH_TIMER:
				if (read(tfd, &ticks, sizeof(ticks)) < 0 &&
				    errno != EAGAIN)
					mip4d_err("timerfd: %s", strerror(errno));
				mip4d_txn_timer();
				mip4d_spool_timer();
				break;
			case MIP4D_WATCH_SERVER:
				mip4d_server_input(w->ptr);
				break;
			default:
				break;
			}
		}
		mip4d_conf_reap();
	}
}

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "we");

	if (!f)
		return -errno;
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f) ? -errno : 0;
}

int main(int argc, char **argv)
{
	struct mip4d_watch sig_watch = { .kind = MIP4D_WATCH_SIGNAL };
	struct mip4d_watch timer_watch = { .kind = MIP4D_WATCH_TIMER };
	const char *path = MIP4D_DEFAULT_CONF, *pidfile = NULL;
	bool foreground = false, verbose = false, check = false;
	struct epoll_event evs[16];
	struct signalfd_siginfo si;
	unsigned int seed;
	sigset_t mask;
	struct mip4d_conf *conf;
	int opt, epoll_fd, sfd, tfd, n, i;
	bool running = true;

	while ((opt = getopt(argc, argv, "c:fvtp:h")) != -1) {
		switch (opt) {
		case 'c': path = optarg; break;
		case 'f': foreground = true; break;
		case 'v': verbose = true; break;
		case 't': check = true; break;
		case 'p': pidfile = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	mip4d_log_init();

	conf = load(path);
	if (!conf)
		return 2;
	mip4d_conf_set_current(conf);
	mip4d_log_level_cur = verbose ? LOG_DEBUG : conf->log_level;
	if (check) {
		printf("%s: OK, %u AAA and %u accounting servers, %u realm groups, %u policy lines%s%s\n",
		       path, conf->aaa.n, conf->acct.n, conf->groups_n,
		       conf->policy_n,
		       conf->aka.enabled ? "; AKA with the HLR at " : "",
		       conf->aka.enabled ? inet_ntoa(conf->aka.hlr.sin_addr) : "");
		mip4d_conf_put(conf);
		return 0;
	}
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (unsigned int)getpid();
	srandom(seed);

	if (!foreground) {
		mip4d_log_syslog();
		if (daemon(0, 0)) {
			mip4d_err("daemon: %s", strerror(errno));
			return 1;
		}
		if (pidfile && write_pidfile(pidfile))
			mip4d_warn("cannot write %s", pidfile);
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	epoll_fd = mip4d_loop_open();
	sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (epoll_fd < 0 || sfd < 0 || tfd < 0) {
		mip4d_err("epoll, signalfd, timerfd: %s", strerror(errno));
		return 1;
	}
	if (mip4d_watch_add(sfd, &sig_watch) ||
	    mip4d_watch_add(tfd, &timer_watch) || mip4d_conf_open(conf) ||
	    mip4d_acct_init())
		return 1;
	mip4d_akad_configure(conf);
	/* From here on, the kernel hands initial registrations to us. */
	if (mip4d_nl_open())
		return 1;
	if (conf->acct.n)
		mip4d_nl_user_nais();
	mip4d_nl_binding_dump();
	mip4d_acct_started();
	if (mip4d_dynauth_open(conf))
		return 1;
	mip4d_notice("started: %u AAA, %u accounting servers; listening for initial registrations",
		     conf->aaa.n, conf->acct.n);
	check_budget(conf);
	notify("READY=1");

	while (running) {
		n = epoll_wait(epoll_fd, evs, 16, -1);
		if (n < 0 && errno != EINTR) {
			mip4d_err("epoll_wait: %s", strerror(errno));
			break;
		}
		for (i = 0; i < n; i++) {
			struct mip4d_watch *w = evs[i].data.ptr;
			uint64_t ticks;

			switch (w->kind) {
			case MIP4D_WATCH_SIGNAL:
				while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
					if (si.ssi_signo == SIGHUP)
						reload(path, verbose);
					else if (si.ssi_signo == SIGUSR1)
						mip4d_akad_log_stats();
					else
						running = false;
				}
				break;
			case MIP4D_WATCH_TIMER:
				if (read(tfd, &ticks, sizeof(ticks)) < 0 &&
				    errno != EAGAIN)
					mip4d_err("timerfd: %s", strerror(errno));
				mip4d_txn_timer();
				mip4d_acct_timer();
				mip4d_spool_timer();
				mip4d_gsup_timer();
				mip4d_aka_timer(mip4d_now_ms());
				break;
			case MIP4D_WATCH_KEYGEN:
				mip4d_nl_keygen_input();
				break;
			case MIP4D_WATCH_EVENTS:
				mip4d_nl_events_input();
				break;
			case MIP4D_WATCH_SERVER:
				mip4d_server_input(w->ptr);
				break;
			case MIP4D_WATCH_DYNAUTH:
				mip4d_dynauth_input();
				break;
			case MIP4D_WATCH_GSUP:
				mip4d_gsup_input(evs[i].events);
				break;
			}
			/* A reload may have closed a server socket that a
			 * later event of this batch names: start over.
			 */
			if (!running || w->kind == MIP4D_WATCH_SIGNAL)
				break;
		}
		mip4d_conf_reap();
		arm_timer(tfd);
	}

	/*
	 * Requests in progress are not answered: the kernel answers them with
	 * code 128 at its keygen-timeout, and a new mip4d takes the next ones.
	 */
	notify("STOPPING=1");
	mip4d_notice("stopping");
	mip4d_dynauth_close();
	/* The bindings stay in the kernel; their accounting ends here. */
	mip4d_acct_stop_all();
	mip4d_nl_close();
	mip4d_gsup_close();
	mip4d_aka_shutdown();
	drain(epoll_fd, sfd, tfd);
	mip4d_conf_wipe(mip4d_conf_current());
	mip4d_acct_shutdown();
	mip4d_backoff_shutdown();
	mip4d_devices_shutdown();
	if (pidfile && !foreground)
		unlink(pidfile);
	return 0;
}
