/* SPDX-License-Identifier: GPL-2.0 */
/* Mobility bindings: home address -> care-of address(es), with expiry. */

#ifndef _MIP4HA_BINDING_H
#define _MIP4HA_BINDING_H

#include <linux/rhashtable-types.h>
#include <linux/timer.h>

#include "sa.h"

struct mip4ha_net;

struct mip4ha_binding {
	struct rhlist_head node;	/* keyed by home_addr */
	struct rhlist_head owner_node;	/* keyed by owner */
	__be32 home_addr;
	__be32 coa;
	__be32 src_addr;		/* where the accepted request came from */
	__be16 src_port;
	u8 flags;
	bool dead;			/* unlinked; written under both locks */
	bool dynamic;			/* made with an AAA-derived key */
	u16 lifetime;			/* granted */
	u32 spi;
	u64 id;
	unsigned long expires;		/* jiffies; unused when infinite */
	atomic64_t tx_packets;		/* tunnelled to the care-of address */
	atomic64_t tx_bytes;
	atomic64_t rx_packets;		/* reverse-tunnelled from it */
	atomic64_t rx_bytes;
	struct timer_list timer;
	/* A refresh takes this, not the table's bindings_lock, so that
	 * refreshes on different CPUs do not wait for each other; unlink and
	 * expiry take it inside bindings_lock to fence them.
	 */
	spinlock_t refresh_lock;
	struct mip4ha_net *mn;
	struct rcu_head rcu;
	struct mip4ha_id owner;		/* identity that registered it */
};

/* What a registration asks of the binding table, once authenticated. */
struct mip4ha_registration {
	__be32 home_addr;
	__be32 coa;
	__be32 src_addr;
	__be16 src_port;
	u8 flags;
	u16 lifetime;			/* already capped */
	u32 spi;
	bool dynamic;			/* the SA's key is AAA-derived */
	u64 id;
	const struct mip4ha_id *owner;
};

int mip4ha_binding_table_init(struct mip4ha_net *mn);
void mip4ha_binding_table_destroy(struct mip4ha_net *mn);

/* Returns a reply code: 0, 129 (home address held by another identity),
 * 130 (no memory), 135 (too many simultaneous bindings).
 */
u8 mip4ha_binding_register(struct mip4ha_net *mn,
			   const struct mip4ha_registration *reg,
			   u32 max_bindings);
/* Returns 0 or 129 (home address held by another identity). */
u8 mip4ha_binding_deregister(struct mip4ha_net *mn,
			     const struct mip4ha_registration *reg);
int mip4ha_binding_delete(struct mip4ha_net *mn, __be32 home_addr,
			  __be32 coa, bool all);
void mip4ha_binding_flush(struct mip4ha_net *mn);
/* Ends the bindings @owner made with @spi (any SPI when 0); costs what it
 * ends, whatever the size of the table.
 */
void mip4ha_binding_delete_owner(struct mip4ha_net *mn,
				 const struct mip4ha_id *owner, u32 spi,
				 u8 reason);

extern const struct rhashtable_params mip4ha_binding_params;

#endif /* _MIP4HA_BINDING_H */
