// SPDX-License-Identifier: GPL-2.0
/* Many mip4ha requests per sendmsg(); see nl_batch.h. */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "nl_batch.h"

#define BATCH_MSGS_DEFAULT	256
/* Below the default socket send buffer, which bounds one netlink sendmsg. */
#define BATCH_BYTES_MAX		(64 * 1024)
/* An acknowledgement costs about this much of the receive buffer. */
#define BATCH_ACK_TRUESIZE	1024
#define BATCH_RECV_SIZE		(64 * 1024)

struct mip4_nl_batch {
	struct mip4_nl *nl;
	int fd;
	unsigned int max_msgs;
	mip4_nl_batch_err_cb cb;
	void *arg;

	/* The requests not yet sent or not yet acknowledged. */
	char *buf;
	size_t len;
	size_t *offsets;	/* of each request in buf */
	unsigned int n;
	uint32_t first_seq;
	uint32_t next_seq;	/* ours, apart from libnl's own */
	uint64_t first_index;	/* of buf's first request */

	char *rbuf;
	uint64_t done, errors;
	int stop;		/* negative errno from the callback */
};

int mip4_nl_batch_open(struct mip4_nl *nl, unsigned int max_msgs,
		       mip4_nl_batch_err_cb cb, void *arg,
		       struct mip4_nl_batch **bp)
{
	struct mip4_nl_batch *b;
	int rcvbuf;

	*bp = NULL;
	if (!max_msgs)
		max_msgs = BATCH_MSGS_DEFAULT;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->nl = nl;
	b->fd = nl_socket_get_fd(mip4_nl_sock(nl));
	b->max_msgs = max_msgs;
	/* libnl checks the sequence numbers of what it reads against the
	 * ones it gave out; these acknowledgements never reach it, so they
	 * use numbers of their own, far from libnl's.
	 */
	b->next_seq = 0x40000000;
	b->cb = cb;
	b->arg = arg;
	b->buf = malloc(BATCH_BYTES_MAX);
	b->offsets = calloc(max_msgs, sizeof(*b->offsets));
	b->rbuf = malloc(BATCH_RECV_SIZE);
	if (!b->buf || !b->offsets || !b->rbuf) {
		mip4_nl_batch_close(b);
		return -ENOMEM;
	}
	/* Room for a whole buffer's acknowledgements: forced when we may
	 * (CAP_NET_ADMIN), else as much as net.core.rmem_max allows.
	 */
	rcvbuf = (int)max_msgs * BATCH_ACK_TRUESIZE * 2;
	if (rcvbuf < (1 << 20))
		rcvbuf = 1 << 20;
	if (setsockopt(b->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)))
		setsockopt(b->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
			   sizeof(rcvbuf));
	*bp = b;
	return 0;
}

void mip4_nl_batch_close(struct mip4_nl_batch *b)
{
	if (!b)
		return;
	free(b->buf);
	free(b->offsets);
	free(b->rbuf);
	free(b);
}

uint64_t mip4_nl_batch_done(const struct mip4_nl_batch *b)
{
	return b->done;
}

uint64_t mip4_nl_batch_errors(const struct mip4_nl_batch *b)
{
	return b->errors;
}

/* One NLMSG_ERROR (an acknowledgement) for the buffer in flight. Returns
 * true when it was one of ours.
 */
static bool batch_ack(struct mip4_nl_batch *b, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = NLMSG_DATA(nlh);
	uint32_t i = nlh->nlmsg_seq - b->first_seq;
	struct mip4_nl_error e;
	int r;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*err)) || i >= b->n)
		return false;
	b->done++;
	if (!err->error)
		return true;
	b->errors++;
	mip4_nl_error_clear(&e);
	e.err = -err->error;
	mip4_nl_ext_ack(nlh, (const struct nlmsghdr *)(b->buf + b->offsets[i]),
			&e);
	if (b->cb && !b->stop) {
		r = b->cb(b->first_index + i, &e, b->arg);
		if (r < 0)
			b->stop = r;
	}
	return true;
}

/* Sends the buffer and reads one acknowledgement per request in it. */
static int batch_send(struct mip4_nl_batch *b)
{
	unsigned int acked = 0;
	ssize_t r;

	if (!b->n)
		return b->stop;
	do
		r = send(b->fd, b->buf, b->len, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if ((size_t)r != b->len)
		return -EMSGSIZE;

	while (acked < b->n) {
		const struct nlmsghdr *nlh;
		size_t left;

		r = recv(b->fd, b->rbuf, BATCH_RECV_SIZE, 0);
		if (r < 0 && errno == EINTR)
			continue;
		/* ENOBUFS: acknowledgements were dropped; we cannot know
		 * which requests were refused.
		 */
		if (r < 0)
			return -errno;
		left = (size_t)r;
		for (nlh = (const struct nlmsghdr *)b->rbuf;
		     NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left))
			if (nlh->nlmsg_type == NLMSG_ERROR && batch_ack(b, nlh))
				acked++;
	}
	b->first_index += b->n;
	b->n = 0;
	b->len = 0;
	return b->stop;
}

int mip4_nl_batch_add(struct mip4_nl_batch *b, struct nl_msg *req)
{
	struct nl_sock *sk = mip4_nl_sock(b->nl);
	struct nlmsghdr *nlh;
	size_t len;
	int r;

	if (!req)
		return -ENOMEM;
	nlh = nlmsg_hdr(req);
	len = NLMSG_ALIGN(nlh->nlmsg_len);
	if (len > BATCH_BYTES_MAX) {
		nlmsg_free(req);
		return -EMSGSIZE;
	}
	if (b->n == b->max_msgs || b->len + len > BATCH_BYTES_MAX) {
		r = batch_send(b);
		if (r < 0) {
			nlmsg_free(req);
			return r;
		}
	}
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_pid = nl_socket_get_local_port(sk);
	nlh->nlmsg_seq = b->next_seq++;
	if (!b->n)
		b->first_seq = nlh->nlmsg_seq;
	memcpy(b->buf + b->len, nlh, nlh->nlmsg_len);
	memset(b->buf + b->len + nlh->nlmsg_len, 0, len - nlh->nlmsg_len);
	b->offsets[b->n++] = b->len;
	b->len += len;
	nlmsg_free(req);
	return 0;
}

int mip4_nl_batch_flush(struct mip4_nl_batch *b)
{
	return batch_send(b);
}
