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
#include <linux/siphash.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/in.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "stats.h"

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
	/* Keys the Home Agent's nonces for initial requests (keygen.c). */
	siphash_key_t keygen_nonce_key;

	/* Bindings keyed by home address; readers use RCU. */
	struct rhltable bindings;
	/* The same bindings keyed by the identity that registered them, for
	 * ending one node's bindings without a walk; under bindings_lock.
	 */
	struct rhltable bindings_by_owner;
	/* Serialises what adds or removes a binding; a refresh of one in
	 * place takes only that binding's refresh_lock (binding.c).
	 */
	spinlock_t bindings_lock;
	unsigned int binding_generation;	/* bumped per add or removal */
	unsigned int nr_bindings;

	/* Gratuitous ARPs waiting for their repeats (tunnel.c). */
	struct list_head garps;
	spinlock_t garp_lock;		/* the list, its count, running */
	unsigned int nr_garps;
	bool garp_running;		/* between tunnel start and stop */
	struct delayed_work garp_work;
};

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

/* ha.c */
int mip4ha_ha_configure(struct mip4ha_net *mn, struct mip4ha_config *config);
int mip4ha_ha_stop(struct mip4ha_net *mn);

extern struct workqueue_struct *mip4ha_wq;

#endif /* _MIP4HA_HA_H */
