/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nl_batch: many mip4ha requests per system call, for bulk configuration
 * (mip4-bench installs up to millions of SAs with it).
 *
 *	struct mip4_nl_batch *b;
 *
 *	mip4_nl_batch_open(nl, 0, on_error, arg, &b);
 *	for (...) {
 *		struct nl_msg *req = mip4_nl_msg(nl, MIP4HA_CMD_SA_NEW);
 *		nla_put_...(req, ...);
 *		if (mip4_nl_batch_add(b, req) < 0) ...;
 *	}
 *	if (mip4_nl_batch_flush(b) < 0) ...;
 *	mip4_nl_batch_close(b);
 *
 * Requests are copied into a buffer that is sent with one sendmsg() when it
 * is full (the kernel handles every message of it in turn, acknowledging
 * each), then every acknowledgement is read before the next buffer goes
 * out. A request the kernel refuses does not stop the others: the error
 * callback hears about it, with the request's number (counting from 0 in
 * the order added) and the extended ACK as struct mip4_nl_error.
 *
 * The batch reads its acknowledgements from the socket itself, with
 * sequence numbers of its own: between the first add and the flush, the
 * socket must not be used for anything else; after the flush it may.
 */

#ifndef MIP4_NL_BATCH_H
#define MIP4_NL_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "mip4_nl.h"

struct mip4_nl_batch;

/*
 * Called for each refused request. Returning a negative errno stops the
 * batch: mip4_nl_batch_add() or _flush() returns it once the current
 * buffer's acknowledgements are all read.
 */
typedef int (*mip4_nl_batch_err_cb)(uint64_t index,
				    const struct mip4_nl_error *e, void *arg);

/*
 * @max_msgs: most requests per sendmsg() (0: a default of 256). Raises the
 * socket's receive buffer so that their acknowledgements fit. @cb may be
 * NULL (errors are then only counted). Returns 0 or a negative errno.
 */
int mip4_nl_batch_open(struct mip4_nl *nl, unsigned int max_msgs,
		       mip4_nl_batch_err_cb cb, void *arg,
		       struct mip4_nl_batch **bp);

/* Queues @req (taking ownership of it); may send a full buffer first. */
int mip4_nl_batch_add(struct mip4_nl_batch *b, struct nl_msg *req);

/* Sends what is queued and waits for every acknowledgement. */
int mip4_nl_batch_flush(struct mip4_nl_batch *b);

/* Requests acknowledged so far, and how many of them were refused. */
uint64_t mip4_nl_batch_done(const struct mip4_nl_batch *b);
uint64_t mip4_nl_batch_errors(const struct mip4_nl_batch *b);

/* Frees the batch (without flushing). */
void mip4_nl_batch_close(struct mip4_nl_batch *b);

#endif /* MIP4_NL_BATCH_H */
