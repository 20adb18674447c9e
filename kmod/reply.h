/* SPDX-License-Identifier: GPL-2.0 */
/* Registration replies to a request being answered. */

#ifndef _MIP4HA_REPLY_H
#define _MIP4HA_REPLY_H

#include <linux/types.h>

struct mip4_msg_spec;
struct mip4ha_net;
struct mip4ha_rrq;
struct mip4ha_sa;
struct sock;

/* Fills the reply's fixed part from @rrq, sends it to the request's
 * source; authenticates it when @sa.
 */
void mip4ha_reply_send(struct mip4ha_net *mn, struct sock *sk,
		       const struct mip4ha_rrq *rrq, struct mip4_msg_spec *spec,
		       const struct mip4ha_sa *sa);
/* A reply without MHAE: there is no key (initial registrations). */
void mip4ha_reply_plain(struct mip4ha_net *mn, struct sock *sk,
			const struct mip4ha_rrq *rrq, u8 code, u64 id);

#endif /* _MIP4HA_REPLY_H */
