// SPDX-License-Identifier: GPL-2.0
/* The test mobile nodes' shared I/O (mn-io.h). */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "mn-io.h"

void mn_io_hex(const char *tag, const u8 *p, size_t n)
{
	printf("%s ", tag);
	while (n--)
		printf("%02x", *p++);
	printf("\n");
}

u64 mn_io_timestamp_id(void)
{
	static u64 last;
	struct timespec ts;
	u64 id;

	clock_gettime(CLOCK_REALTIME, &ts);
	id = (u64)(u32)(ts.tv_sec + MIP4_NTP_UNIX_OFFSET) << 32 |
	     (u32)(((u64)ts.tv_nsec << 32) / 1000000000u);
	if (id <= last)
		id = last + 1;
	last = id;
	return id;
}

ssize_t mn_io_exchange(int fd, int wait_ms, u32 vendor, const char *prog,
		       const u8 *buf, size_t len, u64 id, u8 *reply,
		       size_t size, struct mip4_msg *msg)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (send(fd, buf, len, 0) < 0) {
		fprintf(stderr, "%s: send: %s\n", prog, strerror(errno));
		return -1;
	}
	for (;;) {
		if (poll(&pfd, 1, wait_ms) <= 0)
			return 0;
		n = recv(fd, reply, size, 0);
		if (n < 0) {
			fprintf(stderr, "%s: recv: %s\n", prog, strerror(errno));
			return -1;
		}
		if (mip4_msg_parse(reply, (size_t)n, vendor, msg) ||
		    msg->type != MIP4_TYPE_RRP ||
		    (u32)msg->id != (u32)id)
			continue;	/* not ours */
		return n;
	}
}
