// SPDX-License-Identifier: GPL-2.0
/* Data plane: IP-in-IP to care-of addresses, reverse tunnels, proxy ARP. */

#include <linux/icmp.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_arp.h>
#include <linux/netfilter_ipv4.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "binding.h"
#include "fault.h"
#include "ha.h"
#include "tunnel.h"

#define MIP4HA_TUNNEL_TTL	64

/* Sends @skb (owned) inside an IPv4 header to @b's care-of address
 * (RFC 2003 §3.1: ToS copied, DF copied from the inner header).
 */
static void mip4ha_tunnel_xmit(struct mip4ha_net *mn,
			       const struct mip4ha_config *cfg,
			       struct mip4ha_binding *b, struct sk_buff *skb)
{
	/* Copied: skb_cow_head() below may move the headers. */
	u8 tos = ip_hdr(skb)->tos;
	__be16 df = ip_hdr(skb)->frag_off & htons(IP_DF);
	struct flowi4 fl4 = {
		.daddr = b->coa,
		.saddr = cfg->address,
		.flowi4_proto = IPPROTO_IPIP,
		.flowi4_tos = RT_TOS(tos),
	};
	unsigned int len = skb->len;
	struct rtable *rt;
	unsigned int mtu;

	rt = ip_route_output_key(mn->net, &fl4);
	if (IS_ERR(rt))
		goto err;

	mtu = dst_mtu(&rt->dst) - sizeof(struct iphdr);
	if (df && len > mtu &&
	    !(skb_is_gso(skb) && skb_gso_validate_network_len(skb, mtu))) {
		ip_rt_put(rt);
		/* The sender learns the tunnel's MTU (RFC 2003 §4) from the
		 * ICMP error, this host's own sockets too (their error
		 * handlers lower the route's PMTU). The route's PMTU is not
		 * touched here: on output skb->dev is not set yet, and the
		 * route to a home address outlives the node being away.
		 */
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
		mip4ha_stats_inc(mn, MIP4HA_CNT_TUNNEL_FRAG_NEEDED);
		kfree_skb(skb);
		return;
	}

	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			 sizeof(struct iphdr)) ||
	    iptunnel_handle_offloads(skb, SKB_GSO_IPXIP4)) {
		ip_rt_put(rt);
		goto err;
	}
	skb_set_inner_ipproto(skb, IPPROTO_IPIP);

	atomic64_inc(&b->tx_packets);
	atomic64_add(len, &b->tx_bytes);
	mip4ha_stats_inc(mn, MIP4HA_CNT_TUNNEL_TX_PACKETS);

	/* Not a tunnel device's packet: no device statistics to update. */
	skb->dev = NULL;
	iptunnel_xmit(NULL, rt, skb, fl4.saddr, fl4.daddr, IPPROTO_IPIP,
		      tos, MIP4HA_TUNNEL_TTL, df, false);
	return;

err:
	mip4ha_stats_inc(mn, MIP4HA_CNT_TUNNEL_ERRORS);
	kfree_skb(skb);
}

/* Forwarded and locally sent packets for a registered home address go to
 * every care-of address of the node (one copy per simultaneous binding).
 */
static unsigned int mip4ha_tunnel_out_hook(void *priv, struct sk_buff *skb,
					   const struct nf_hook_state *state)
{
	struct mip4ha_net *mn = priv;
	const struct mip4ha_config *cfg = rcu_dereference(mn->config);
	struct mip4ha_binding *b, *last = NULL;
	struct rhlist_head *list, *pos;
	struct socket *sock;
	struct sk_buff *copy;

	if (!cfg || !READ_ONCE(mn->nr_bindings))
		return NF_ACCEPT;
	/* Registration replies go where their request came from (RFC 5944
	 * §3.8.3.1): a node deregistering from its home link is answered
	 * there even when it is refused and its binding stays. The socket
	 * outlives the hooks (ha.c).
	 */
	sock = READ_ONCE(mn->sock);
	if (sock && state->sk == sock->sk)
		return NF_ACCEPT;
	/* Our own tunnel packets pass: never a tunnel inside a tunnel of
	 * ours, whatever the care-of addresses (the stack would not end).
	 */
	if (ip_hdr(skb)->protocol == IPPROTO_IPIP &&
	    ip_hdr(skb)->saddr == cfg->address)
		return NF_ACCEPT;
	list = rhltable_lookup(&mn->bindings, &ip_hdr(skb)->daddr,
			       mip4ha_binding_params);
	if (!list)
		return NF_ACCEPT;

	rhl_for_each_entry_rcu(b, pos, list, node) {
		if (last) {
			copy = mip4ha_pskb_copy(skb, GFP_ATOMIC);
			if (copy)
				mip4ha_tunnel_xmit(mn, cfg, last, copy);
		}
		last = b;
	}
	mip4ha_tunnel_xmit(mn, cfg, last, skb);
	return NF_STOLEN;
}

static bool mip4ha_dev_is_home_link(const struct net_device *dev,
				    const struct mip4ha_config *cfg)
{
	const struct in_device *in_dev = __in_dev_get_rcu(dev);
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev)
		if (ifa->ifa_local == cfg->address)
			return true;
	return false;
}

/* RFC 5944 §4.6: on the home link the Home Agent answers ARP requests for
 * the home address of a node that is away.
 */
static unsigned int mip4ha_arp_hook(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct mip4ha_net *mn = priv;
	const struct mip4ha_config *cfg = rcu_dereference(mn->config);
	struct net_device *dev = state->in;
	const struct arphdr *arp;
	const u8 *sha, *ptr;
	__be32 sip, tip;

	if (!cfg || !READ_ONCE(mn->nr_bindings) || dev->type != ARPHRD_ETHER ||
	    !pskb_may_pull(skb, arp_hdr_len(dev)))
		return NF_ACCEPT;
	arp = arp_hdr(skb);
	if (arp->ar_op != htons(ARPOP_REQUEST) ||
	    arp->ar_pro != htons(ETH_P_IP) || arp->ar_hln != dev->addr_len ||
	    arp->ar_pln != sizeof(__be32))
		return NF_ACCEPT;
	ptr = (const u8 *)(arp + 1);
	sha = ptr;
	ptr += dev->addr_len;
	memcpy(&sip, ptr, sizeof(sip));
	ptr += sizeof(sip) + dev->addr_len;
	memcpy(&tip, ptr, sizeof(tip));

	if (sip == tip || !mip4ha_dev_is_home_link(dev, cfg) ||
	    !rhltable_lookup(&mn->bindings, &tip, mip4ha_binding_params))
		return NF_ACCEPT;
	arp_send(ARPOP_REPLY, ETH_P_ARP, sip, dev, tip, sha, dev->dev_addr,
		 sha);
	return NF_ACCEPT;
}

/* RFC 5944 §4.6: broadcasts on a link are not reliable, so a gratuitous
 * ARP is sent MIP4HA_GARP_COUNT times, MIP4HA_GARP_INTERVAL apart, the
 * repeats in parallel with the registration. Beyond MIP4HA_GARP_PENDING_MAX
 * announcements waiting for their repeats, new ones are sent once.
 */
#define MIP4HA_GARP_COUNT		3
#define MIP4HA_GARP_INTERVAL		HZ
#define MIP4HA_GARP_PENDING_MAX		1024

/* An announcement whose repeats are due. */
struct mip4ha_garp {
	struct list_head list;
	__be32 home_addr;
	int ifindex;
	/* The node's own address (it is home), else the Home Agent's. */
	bool home;
	u8 lladdr[MAX_ADDR_LEN];
	u8 left;
};

/* A gratuitous ARP request on @dev saying that @home_addr is at @lladdr
 * (the device's own address when NULL). The frame always comes from the
 * device's address: only the ARP sender field names the node, so that the
 * link's switches keep learning where the node really is.
 */
static void mip4ha_garp_send(struct net_device *dev, __be32 home_addr,
			     const u8 *lladdr)
{
	struct sk_buff *skb;

	if (dev->type != ARPHRD_ETHER || !(dev->flags & IFF_UP))
		return;
	skb = arp_create(ARPOP_REQUEST, ETH_P_ARP, home_addr, dev, home_addr,
			 NULL, NULL, NULL);
	if (!skb)
		return;
	if (lladdr)
		memcpy(arp_hdr(skb) + 1, lladdr, dev->addr_len);
	arp_xmit(skb);
}

/* Whether a pending announcement still says the truth: a node announced
 * away still has a binding, one announced home still has none.
 */
static bool mip4ha_garp_current(struct mip4ha_net *mn,
				const struct mip4ha_garp *garp)
{
	bool bound = rhltable_lookup(&mn->bindings, &garp->home_addr,
				     mip4ha_binding_params);

	return garp->home != bound;
}

static void mip4ha_garp_work(struct work_struct *work)
{
	struct mip4ha_net *mn = container_of(to_delayed_work(work),
					     struct mip4ha_net, garp_work);
	struct mip4ha_garp *garp, *tmp;
	struct net_device *dev;
	unsigned int done = 0;
	LIST_HEAD(batch);

	spin_lock_bh(&mn->garp_lock);
	list_splice_init(&mn->garps, &batch);
	spin_unlock_bh(&mn->garp_lock);

	rcu_read_lock();
	list_for_each_entry_safe(garp, tmp, &batch, list) {
		dev = dev_get_by_index_rcu(mn->net, garp->ifindex);
		if (dev && mip4ha_garp_current(mn, garp))
			mip4ha_garp_send(dev, garp->home_addr,
					 garp->home ? garp->lladdr : NULL);
		if (--garp->left && dev && mip4ha_garp_current(mn, garp))
			continue;
		list_del(&garp->list);
		kfree(garp);
		done++;
	}
	rcu_read_unlock();

	spin_lock_bh(&mn->garp_lock);
	list_splice(&batch, &mn->garps);
	mn->nr_garps -= done;
	if (mn->nr_garps && mn->garp_running)
		queue_delayed_work(mip4ha_wq, &mn->garp_work,
				   MIP4HA_GARP_INTERVAL);
	spin_unlock_bh(&mn->garp_lock);
}

/* Sends the first gratuitous ARP now and queues its repeats. Under RCU. */
static void mip4ha_garp_announce(struct mip4ha_net *mn, struct net_device *dev,
				 __be32 home_addr, const u8 *lladdr)
{
	struct mip4ha_garp *garp;

	mip4ha_garp_send(dev, home_addr, lladdr);
	if (dev->type != ARPHRD_ETHER)
		return;

	garp = mip4ha_kzalloc(sizeof(*garp), GFP_ATOMIC);
	if (!garp)
		return;
	garp->home_addr = home_addr;
	garp->ifindex = dev->ifindex;
	garp->home = lladdr;
	if (lladdr)
		memcpy(garp->lladdr, lladdr, dev->addr_len);
	garp->left = MIP4HA_GARP_COUNT - 1;

	spin_lock_bh(&mn->garp_lock);
	if (!mn->garp_running || mn->nr_garps >= MIP4HA_GARP_PENDING_MAX) {
		spin_unlock_bh(&mn->garp_lock);
		kfree(garp);
		return;
	}
	list_add_tail(&garp->list, &mn->garps);
	if (!mn->nr_garps++)
		queue_delayed_work(mip4ha_wq, &mn->garp_work,
				   MIP4HA_GARP_INTERVAL);
	spin_unlock_bh(&mn->garp_lock);
}

/* RFC 5944 §4.6: gratuitous ARPs when a node starts being away, so that
 * hosts on the home link send its traffic to the Home Agent.
 */
void mip4ha_tunnel_announce(struct mip4ha_net *mn, __be32 home_addr)
{
	const struct mip4ha_config *cfg;
	struct net_device *dev;

	rcu_read_lock();
	cfg = rcu_dereference(mn->config);
	dev = cfg ? __ip_dev_find(mn->net, cfg->address, false) : NULL;
	if (dev)
		mip4ha_garp_announce(mn, dev, home_addr, NULL);
	rcu_read_unlock();
}

/* RFC 5944 §4.6: a node back on its home link deregistered: gratuitous
 * ARPs with its own link-layer address @lladdr, taken from the frame that
 * carried its request into @dev, so that hosts there send to it again.
 * Nothing when the request came in on another link.
 */
void mip4ha_tunnel_announce_home(struct mip4ha_net *mn, struct net_device *dev,
				 __be32 home_addr, const u8 *lladdr)
{
	const struct mip4ha_config *cfg;

	rcu_read_lock();
	cfg = rcu_dereference(mn->config);
	if (cfg && mip4ha_dev_is_home_link(dev, cfg))
		mip4ha_garp_announce(mn, dev, home_addr, lladdr);
	rcu_read_unlock();
}

/* RFC 3024: a reverse tunnel from a registered care-of address to the Home
 * Agent address is opened and its packet forwarded; any other tunnelled
 * packet to that address is dropped. Returns -1 for packets that are not
 * ours (another tunnel handler may want them).
 */
static int mip4ha_tunnel_rcv(struct sk_buff *skb)
{
	struct mip4ha_net *mn = mip4ha_net(dev_net(skb->dev));
	const struct mip4ha_config *cfg = rcu_dereference(mn->config);
	/* Copied: pskb_may_pull() below may move the headers. */
	__be32 outer_saddr = ip_hdr(skb)->saddr;
	__be32 outer_daddr = ip_hdr(skb)->daddr;
	struct mip4ha_binding *b, *found = NULL;
	struct rhlist_head *list, *pos;
	const struct iphdr *inner;

	if (!cfg || outer_daddr != cfg->address)
		return -1;
	if (cfg->reverse_tunnel == MIP4HA_REVERSE_TUNNEL_OFF ||
	    !pskb_may_pull(skb, sizeof(struct iphdr)))
		goto drop;
	inner = (const struct iphdr *)skb->data;
	if (inner->version != 4 || inner->ihl < 5)
		goto drop;

	list = rhltable_lookup(&mn->bindings, &inner->saddr,
			       mip4ha_binding_params);
	rhl_for_each_entry_rcu(b, pos, list, node) {
		if (b->coa == outer_saddr) {
			found = b;
			break;
		}
	}
	/* The link-layer header is written below: our own copy of the
	 * data (a raw socket may hold a clone), and no tunnel offload left
	 * over from GRO.
	 */
	if (!found || skb_unclone(skb, GFP_ATOMIC) ||
	    iptunnel_pull_offloads(skb))
		goto drop;

	atomic64_inc(&found->rx_packets);
	atomic64_add(skb->len, &found->rx_bytes);
	mip4ha_stats_inc(mn, MIP4HA_CNT_TUNNEL_RX_PACKETS);

	/* Received again on the same device, as IPsec's tunnel mode does:
	 * the link-layer header moves in front of the inner packet, so that
	 * a capture there sees the opened packet as a well-formed frame.
	 */
	skb_reset_network_header(skb);
	skb_mac_header_rebuild(skb);
	skb->protocol = htons(ETH_P_IP);
	skb->pkt_type = PACKET_HOST;
	skb_scrub_packet(skb, false);
	netif_rx(skb);
	return 0;

drop:
	mip4ha_stats_inc(mn, MIP4HA_CNT_TUNNEL_RX_DROPPED);
	kfree_skb(skb);
	return 0;
}

static int mip4ha_tunnel_err(struct sk_buff *skb, u32 info)
{
	return -ENOENT;
}

static struct xfrm_tunnel mip4ha_ipip_handler __read_mostly = {
	.handler = mip4ha_tunnel_rcv,
	.err_handler = mip4ha_tunnel_err,
	/* IPv4-in-IPv4 handlers in the kernel: ip_vti 0, ipip 1, sit 2,
	 * xfrm4_tunnel 4 (it takes every packet it is given). After the
	 * configured tunnels of ipip and sit, before IPsec's; a priority in use
	 * makes the module or the other one fail to load (-EEXIST).
	 */
	.priority = 3,
};

int mip4ha_tunnel_start(struct mip4ha_net *mn)
{
	static const struct nf_hook_ops templates[] = {
		{
			.hook = mip4ha_tunnel_out_hook,
			.pf = NFPROTO_IPV4,
			.hooknum = NF_INET_FORWARD,
			/* After the filter table: firewalled packets stay so. */
			.priority = NF_IP_PRI_FILTER + 10,
		},
		{
			.hook = mip4ha_tunnel_out_hook,
			.pf = NFPROTO_IPV4,
			.hooknum = NF_INET_LOCAL_OUT,
			.priority = NF_IP_PRI_FILTER + 10,
		},
		{
			.hook = mip4ha_arp_hook,
			.pf = NFPROTO_ARP,
			.hooknum = NF_ARP_IN,
			.priority = 0,
		},
	};
	int i, err;

	BUILD_BUG_ON(ARRAY_SIZE(templates) != ARRAY_SIZE(mn->hooks));
	for (i = 0; i < ARRAY_SIZE(templates); i++) {
		mn->hooks[i] = templates[i];
		mn->hooks[i].priv = mn;
	}
	err = nf_register_net_hooks(mn->net, mn->hooks, ARRAY_SIZE(mn->hooks));
	if (err)
		return err;
	spin_lock_bh(&mn->garp_lock);
	mn->garp_running = true;
	spin_unlock_bh(&mn->garp_lock);
	return 0;
}

void mip4ha_tunnel_stop(struct mip4ha_net *mn)
{
	struct mip4ha_garp *garp, *tmp;
	LIST_HEAD(pending);

	nf_unregister_net_hooks(mn->net, mn->hooks, ARRAY_SIZE(mn->hooks));

	/* Receive callbacks still running send their first ARP only. */
	spin_lock_bh(&mn->garp_lock);
	mn->garp_running = false;
	spin_unlock_bh(&mn->garp_lock);
	cancel_delayed_work_sync(&mn->garp_work);
	spin_lock_bh(&mn->garp_lock);
	list_splice_init(&mn->garps, &pending);
	mn->nr_garps = 0;
	spin_unlock_bh(&mn->garp_lock);
	list_for_each_entry_safe(garp, tmp, &pending, list)
		kfree(garp);
}

void mip4ha_tunnel_net_init(struct mip4ha_net *mn)
{
	spin_lock_init(&mn->garp_lock);
	INIT_LIST_HEAD(&mn->garps);
	INIT_DELAYED_WORK(&mn->garp_work, mip4ha_garp_work);
}

int __init mip4ha_tunnel_init(void)
{
	return xfrm4_tunnel_register(&mip4ha_ipip_handler, AF_INET);
}

void mip4ha_tunnel_exit(void)
{
	xfrm4_tunnel_deregister(&mip4ha_ipip_handler, AF_INET);
}
