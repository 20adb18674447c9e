// SPDX-License-Identifier: GPL-2.0
/* mip4d: the descriptors of the main loop (one epoll set). */

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>

#include "mip4d.h"

static int epoll_fd = -1;

int mip4d_loop_open(void)
{
	epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	return epoll_fd;
}

int mip4d_watch_add(int fd, struct mip4d_watch *w)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = w };

	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev)) {
		mip4d_err("epoll: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

void mip4d_watch_del(int fd)
{
	epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, NULL);
}

int mip4d_watch_mod(int fd, struct mip4d_watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	if (epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &ev)) {
		mip4d_err("epoll: %s", strerror(errno));
		return -errno;
	}
	return 0;
}
