// SPDX-License-Identifier: GPL-2.0
/* mip4ctl monitor [events] [refresh]: one line (or JSON object) per binding
 * or SA event; binding refreshes come on a group of their own.
 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "mip4ha.h"
#include "ctl.h"

static volatile sig_atomic_t monitor_stop;

static void on_stop_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

struct monitor_ctx {
	struct ctl *ctl;
	int family;
};

#define NTF_MAXATTR ((int)MIP4HA_A_BINDING_MAX > (int)MIP4HA_A_SA_MAX ? \
		     (int)MIP4HA_A_BINDING_MAX : (int)MIP4HA_A_SA_MAX)

static int monitor_msg(struct nl_msg *msg, void *arg)
{
	struct monitor_ctx *m = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh;
	struct nlattr *tb[NTF_MAXATTR + 1];
	struct mip4_json j;

	if (nlh->nlmsg_type != m->family || !genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	gh = nlmsg_data(nlh);
	mip4_json_init(&j, stdout, false);
	if (gh->cmd == MIP4HA_CMD_BINDING_NTF) {
		struct binding_info b;

		if (genlmsg_parse(nlh, 0, tb, MIP4HA_A_BINDING_MAX, NULL) < 0 ||
		    binding_parse(tb, &b) < 0) {
			fprintf(stderr, "Warning: malformed binding-ntf ignored\n");
			return NL_SKIP;
		}
		binding_print(m->ctl, &j, &b, true);
	} else if (gh->cmd == MIP4HA_CMD_SA_NTF) {
		struct sa_info s;

		if (genlmsg_parse(nlh, 0, tb, MIP4HA_A_SA_MAX, NULL) < 0 ||
		    sa_parse(tb, &s) < 0) {
			fprintf(stderr, "Warning: malformed sa-ntf ignored\n");
			return NL_SKIP;
		}
		sa_print(m->ctl, &j, &s, true);
		explicit_bzero(&s, sizeof(s));
	} else {
		return NL_SKIP;
	}
	if (m->ctl->json)
		mip4_json_end(&j);
	fflush(stdout);
	return NL_OK;
}

int cmd_monitor(struct ctl *ctl, int argc, char **argv)
{
	struct monitor_ctx m = { .ctl = ctl };
	struct sigaction sa = { .sa_handler = on_stop_signal };
	struct mip4_nl_error e;
	sigset_t block, wait_mask;
	struct mip4_nl *nl;
	struct nl_sock *sk;
	struct pollfd pfd;
	bool want_events = false, want_refresh = false;
	int i, r, size = 1 << 20;

	/* Which groups: changes (events), refreshes, or both (no argument). */
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "events"))
			want_events = true;
		else if (!strcmp(argv[i], "refresh"))
			want_refresh = true;
		else
			return fail("monitor: unexpected argument \"%s\"",
				    argv[i]);
	}
	if (!argc)
		want_events = want_refresh = true;
	/* The signals are only delivered inside ppoll(): no lost wakeup. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (open_nl(&nl))
		return 1;
	if ((want_events &&
	     mip4_nl_join_group(nl, MIP4HA_MCGRP_EVENTS, &e) < 0) ||
	    (want_refresh &&
	     mip4_nl_join_group(nl, MIP4HA_MCGRP_REFRESH, &e) < 0)) {
		mip4_nl_error_print(stderr, &e, NULL);
		mip4_nl_close(nl);
		return 1;
	}
	m.family = mip4_nl_family(nl);
	sk = mip4_nl_sock(nl);
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, monitor_msg, &m);
	nl_socket_set_nonblocking(sk);
	pfd.fd = nl_socket_get_fd(sk);
	pfd.events = POLLIN;
	if (setsockopt(pfd.fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(pfd.fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));

	while (!monitor_stop) {
		r = ppoll(&pfd, 1, NULL, &wait_mask);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			fail("monitor: poll: %s", strerror(errno));
			break;
		}
		for (;;) {
			r = nl_recvmsgs_default(sk);
			if (r >= 0)
				continue;
			if (r == -NLE_AGAIN)
				break;
			if (r == -NLE_NOMEM) {
				/* ENOBUFS: the kernel had to drop some. */
				fprintf(stderr,
					"Warning: events lost (receive buffer overrun)\n");
				continue;
			}
			fail("monitor: receive: %s", nl_geterror(r));
			mip4_nl_close(nl);
			return 1;
		}
	}
	mip4_nl_close(nl);
	return monitor_stop ? 0 : 1;
}
