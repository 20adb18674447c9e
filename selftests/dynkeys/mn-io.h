/* SPDX-License-Identifier: GPL-2.0 */
/* What the test mobile nodes dk-mn and aka-mn share: their output, their
 * Identifications and one request/reply exchange over a connected socket.
 */
#ifndef MN_IO_H
#define MN_IO_H

#include <stddef.h>
#include <sys/types.h>

#include "proto.h"

/* One "TAG hex" line on stdout. */
void mn_io_hex(const char *tag, const u8 *p, size_t n);

/*
 * Timestamp Identifications (RFC 5944 §5.7): the NTP time, fraction of a
 * second included, so that they grow across runs and across the nodes of
 * a test that share an NAI (the HA remembers a node's last initial
 * Identification); each greater than the last.
 */
u64 mn_io_timestamp_id(void);

/*
 * Sends @buf on @fd and waits up to @wait_ms for a reply whose
 * Identification has the low bits of @id (others are skipped). Returns its
 * length (parsed into @msg with @vendor), 0 on no reply, -1 on an error
 * (reported as @prog's).
 */
ssize_t mn_io_exchange(int fd, int wait_ms, u32 vendor, const char *prog,
		       const u8 *buf, size_t len, u64 id, u8 *reply,
		       size_t size, struct mip4_msg *msg);

#endif /* MN_IO_H */
