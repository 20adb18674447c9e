// SPDX-License-Identifier: GPL-2.0
/* The kernel UDP socket on port 434 that receives registrations. */

#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/udp_tunnel.h>

#include "ha.h"
#include "mip4ha.h"
#include "receive.h"
#include "socket.h"

/* Runs in softirq for every datagram to port 434, checksum already verified.
 * Consumes the skb: nothing is ever queued on the socket.
 */
static int mip4ha_udp_recv(struct sock *sk, struct sk_buff *skb)
{
	struct mip4ha_net *mn = rcu_dereference_sk_user_data(sk);

	if (unlikely(!mn))
		goto drop;

	mip4ha_stats_inc(mn, MIP4HA_CNT_RX_PACKETS);
	mip4ha_stats_add(mn, MIP4HA_CNT_RX_BYTES,
			 skb->len - sizeof(struct udphdr));
	mip4ha_rrq_receive(mn, sk, skb);
drop:
	kfree_skb(skb);
	return 0;
}

int mip4ha_socket_open(struct mip4ha_net *mn)
{
	struct udp_tunnel_sock_cfg tunnel_cfg = {};
	struct udp_port_cfg port_cfg = {
		.family = AF_INET,
		.local_ip.s_addr = htonl(INADDR_ANY),
		.local_udp_port = htons(MIP4HA_PORT),
	};
	struct socket *sock;
	int err;

	lockdep_assert_held(&mn->lock);

	err = udp_sock_create(mn->net, &port_cfg, &sock);
	if (err)
		return err;

	tunnel_cfg.sk_user_data = mn;
	tunnel_cfg.encap_type = 1;
	tunnel_cfg.encap_rcv = mip4ha_udp_recv;
	setup_udp_tunnel_sock(mn->net, sock, &tunnel_cfg);

	WRITE_ONCE(mn->sock, sock);
	return 0;
}

/* The caller has waited for receive callbacks to finish. */
void mip4ha_socket_close(struct mip4ha_net *mn)
{
	lockdep_assert_held(&mn->lock);

	udp_tunnel_sock_release(mn->sock);
	WRITE_ONCE(mn->sock, NULL);
}
