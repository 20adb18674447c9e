/* SPDX-License-Identifier: GPL-2.0 */
/* Registration requests as they arrive on the namespace's socket. */

#ifndef _MIP4HA_RECEIVE_H
#define _MIP4HA_RECEIVE_H

struct mip4ha_net;
struct sk_buff;
struct sock;

/* Called from the receive callback of @sk, under RCU, with the UDP header
 * at skb->data. Consumes nothing: the caller frees the skb.
 */
void mip4ha_rrq_receive(struct mip4ha_net *mn, struct sock *sk,
			struct sk_buff *skb);

#endif /* _MIP4HA_RECEIVE_H */
