/* SPDX-License-Identifier: GPL-2.0 */
/* Per-namespace Home Agent state shared by the parts of mip4ha.ko. */

#ifndef _MIP4HA_HA_H
#define _MIP4HA_HA_H

#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/xarray.h>
#include <linux/in.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

/* What an operator configures; replaced as a whole under RCU. */
struct mip4ha_config {
	__be32 address;
	__be32 prefix;
	u8 prefix_len;
	u32 max_lifetime;
	u32 replay_tolerance;
	u32 max_bindings;
	u32 vendor_id;
	u32 keygen_timeout;
	u32 keygen_max_pending;
	u8 reverse_tunnel;		/* MIP4HA_REVERSE_TUNNEL_* */
	struct rcu_head rcu;
};

enum mip4ha_counter {
	MIP4HA_CNT_RX_PACKETS,
	MIP4HA_CNT_RX_BYTES,
	MIP4HA_CNT_RX_DISCARDED,
	MIP4HA_CNT_RRQ_ACCEPTED,
	MIP4HA_CNT_RRQ_DENIED,
	MIP4HA_CNT_TX_PACKETS,
	MIP4HA_CNT_TX_ERRORS,
	MIP4HA_CNT_KEYGEN_REQUESTS,
	MIP4HA_CNT_KEYGEN_TIMEOUTS,
	MIP4HA_CNT_KEYGEN_REJECTED,
	MIP4HA_CNT_REKEYS,
	MIP4HA_CNT_TUNNEL_TX_PACKETS,
	MIP4HA_CNT_TUNNEL_RX_PACKETS,
	MIP4HA_CNT_TUNNEL_RX_DROPPED,
	MIP4HA_CNT_TUNNEL_FRAG_NEEDED,
	MIP4HA_CNT_TUNNEL_ERRORS,
	MIP4HA_CNT_NUM,
};

struct mip4ha_pcpu_stats {
	u64_stats_t counter[MIP4HA_CNT_NUM];
	struct u64_stats_sync syncp;
};

/* One Home Agent per network namespace. */
struct mip4ha_net {
	struct net *net;
	/* Serialises configuration changes and socket open/close. */
	struct mutex lock;
	struct mip4ha_config __rcu *config;
	struct socket *sock;
	struct mip4ha_pcpu_stats __percpu *stats;
	/* Data plane hooks, registered while the namespace is a Home Agent. */
	struct nf_hook_ops hooks[3];

	/* Security associations; readers use RCU. */
	struct rhashtable sas;
	spinlock_t sa_lock;		/* serialises SA table writers */
	unsigned int sa_generation;	/* for NLM_F_DUMP_INTR */

	/* Dynamic key pairs by NAI; written under sa_lock. */
	struct rhashtable dynkeys;

	/* Initial registrations at the key daemon, by NAI and by cookie. */
	struct rhashtable keygen_reqs;
	struct xarray keygen_cookies;
	/* Recent initial Identifications by NAI, for replay protection. */
	struct rhashtable keygen_seen;
	spinlock_t keygen_lock;		/* serialises the three above */
	u32 keygen_next_cookie;
	unsigned int keygen_pending;
	unsigned int keygen_seen_count;

	/* Bindings keyed by home address; readers use RCU. */
	struct rhltable bindings;
	/* The same bindings keyed by the identity that registered them, for
	 * ending one node's bindings without a walk; under bindings_lock.
	 */
	struct rhltable bindings_by_owner;
	spinlock_t bindings_lock;	/* serialises binding writers */
	unsigned int binding_generation;
	unsigned int nr_bindings;
};

/* An address of one node: not 0/8, loopback, multicast, broadcast, or
 * 240.0.0.0/4 (reserved, RFC 1112).
 */
static inline bool mip4ha_addr_is_unicast(__be32 addr)
{
	return !(ipv4_is_zeronet(addr) || ipv4_is_loopback(addr) ||
		 ipv4_is_multicast(addr) || ipv4_is_lbcast(addr) ||
		 (addr & htonl(0xf0000000)) == htonl(0xf0000000));
}

extern unsigned int mip4ha_net_id;

static inline struct mip4ha_net *mip4ha_net(const struct net *net)
{
	return net_generic(net, mip4ha_net_id);
}

static inline void mip4ha_stats_add(struct mip4ha_net *mn,
				    enum mip4ha_counter counter, u64 value)
{
	struct mip4ha_pcpu_stats *stats = get_cpu_ptr(mn->stats);

	u64_stats_update_begin(&stats->syncp);
	u64_stats_add(&stats->counter[counter], value);
	u64_stats_update_end(&stats->syncp);
	put_cpu_ptr(mn->stats);
}

static inline void mip4ha_stats_inc(struct mip4ha_net *mn,
				    enum mip4ha_counter counter)
{
	mip4ha_stats_add(mn, counter, 1);
}

/* Whole seconds from now until @expires (jiffies), 0 when past. */
static inline u32 mip4ha_seconds_until(unsigned long expires)
{
	long left = (long)(expires - jiffies);

	return left > 0 ? DIV_ROUND_UP(left, HZ) : 0;
}

void mip4ha_stats_read(struct mip4ha_net *mn, u64 totals[MIP4HA_CNT_NUM]);

/* ha.c */
int mip4ha_ha_configure(struct mip4ha_net *mn, struct mip4ha_config *config);
int mip4ha_ha_stop(struct mip4ha_net *mn);

/* socket.c */
int mip4ha_socket_open(struct mip4ha_net *mn);
void mip4ha_socket_close(struct mip4ha_net *mn);

/* tunnel.c */
int mip4ha_tunnel_init(void);
void mip4ha_tunnel_exit(void);
int mip4ha_tunnel_start(struct mip4ha_net *mn);
void mip4ha_tunnel_stop(struct mip4ha_net *mn);
void mip4ha_tunnel_announce(struct mip4ha_net *mn, __be32 home_addr);

/* receive.c */
void mip4ha_rrq_receive(struct mip4ha_net *mn, struct sock *sk,
			struct sk_buff *skb);

/* netlink.c */
struct mip4ha_binding;
int mip4ha_netlink_register(void);
void mip4ha_netlink_unregister(void);
void mip4ha_nl_binding_notify(struct mip4ha_net *mn,
			      const struct mip4ha_binding *b, u8 event,
			      u8 reason);
struct mip4ha_sa;
struct mip4ha_keygen_req;
void mip4ha_nl_sa_notify(struct mip4ha_net *mn, const struct mip4ha_sa *sa,
			 u8 event, u8 reason);
bool mip4ha_nl_keygen_has_listeners(struct mip4ha_net *mn);
int mip4ha_nl_keygen_notify(struct mip4ha_net *mn,
			    const struct mip4ha_keygen_req *req);

extern struct workqueue_struct *mip4ha_wq;

#endif /* _MIP4HA_HA_H */
