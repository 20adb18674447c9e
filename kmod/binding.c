// SPDX-License-Identifier: GPL-2.0
/* Mobility bindings: table, registration and deregistration, expiry. */

#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "binding.h"
#include "dynkey.h"
#include "fault.h"
#include "ha.h"
#include "netlink.h"
#include "tunnel.h"

const struct rhashtable_params mip4ha_binding_params = {
	.head_offset = offsetof(struct mip4ha_binding, node),
	.key_offset = offsetof(struct mip4ha_binding, home_addr),
	.key_len = sizeof(__be32),
	.automatic_shrinking = true,
};

/* Every binding of one owner under one key: a node's teardown (its
 * deregistration, the end of its keys, sa del) finds them without a walk.
 */
static const struct rhashtable_params mip4ha_binding_owner_params = {
	.head_offset = offsetof(struct mip4ha_binding, owner_node),
	.key_offset = offsetof(struct mip4ha_binding, owner),
	.key_len = sizeof(struct mip4ha_id),
	.hashfn = mip4ha_id_rht_hashfn,
	.obj_cmpfn = mip4ha_id_rht_cmpfn,
	.automatic_shrinking = true,
};

/* Caller holds bindings_lock. A timer callback that already runs and waits
 * for the lock sees ->dead; it runs in softirq, so the RCU grace period
 * before the free waits for it. A refresh that found @b before it was
 * removed sees ->dead under refresh_lock and leaves it (and its timer)
 * alone.
 */
static void mip4ha_binding_unlink(struct mip4ha_net *mn,
				  struct mip4ha_binding *b, u8 reason)
{
	lockdep_assert_held(&mn->bindings_lock);

	rhltable_remove(&mn->bindings, &b->node, mip4ha_binding_params);
	rhltable_remove(&mn->bindings_by_owner, &b->owner_node,
			mip4ha_binding_owner_params);
	spin_lock(&b->refresh_lock);
	b->dead = true;
	del_timer(&b->timer);
	spin_unlock(&b->refresh_lock);
	WRITE_ONCE(mn->nr_bindings, mn->nr_bindings - 1);
	mn->binding_generation++;
	mip4ha_nl_binding_notify(mn, b, MIP4HA_BINDING_EVENT_DELETE, reason);

	/* §4.4: the expiry of a node's last binding ends its dynamic keys. */
	if (reason == MIP4HA_BINDING_REASON_EXPIRY &&
	    b->owner.type == MIP4HA_ID_NAI &&
	    !rhltable_lookup(&mn->bindings, &b->home_addr,
			     mip4ha_binding_params))
		mip4ha_dynkey_delete(mn, &b->owner,
				     MIP4HA_SA_REASON_BINDING_EXPIRY);
	kfree_rcu(b, rcu);
}

static void mip4ha_binding_expire(struct timer_list *timer)
{
	struct mip4ha_binding *b = from_timer(b, timer, timer);
	struct mip4ha_net *mn = b->mn;
	bool expired;

	spin_lock_bh(&mn->bindings_lock);
	rcu_read_lock();
	/* A refresh that raced with us has already re-armed the timer, or
	 * made the binding infinite; one that comes after this sees ->dead
	 * and goes the slow way, which makes a new binding.
	 */
	spin_lock(&b->refresh_lock);
	expired = !b->dead && b->lifetime != MIP4_LIFETIME_INFINITE &&
		  !time_before(jiffies, b->expires);
	if (expired)
		b->dead = true;
	spin_unlock(&b->refresh_lock);
	if (expired)
		mip4ha_binding_unlink(mn, b, MIP4HA_BINDING_REASON_EXPIRY);
	rcu_read_unlock();
	spin_unlock_bh(&mn->bindings_lock);
}

static void mip4ha_binding_arm(struct mip4ha_binding *b)
{
	if (b->lifetime == MIP4_LIFETIME_INFINITE) {
		del_timer(&b->timer);
		return;
	}
	b->expires = jiffies + (unsigned long)b->lifetime * HZ;
	mod_timer(&b->timer, b->expires);
}

static void mip4ha_binding_fill(struct mip4ha_binding *b,
				const struct mip4ha_registration *reg)
{
	b->src_addr = reg->src_addr;
	b->src_port = reg->src_port;
	b->flags = reg->flags;
	b->lifetime = reg->lifetime;
	b->spi = reg->spi;
	b->dynamic = reg->dynamic;
	b->id = reg->id;
}

static struct mip4ha_binding *
mip4ha_binding_alloc(struct mip4ha_net *mn,
		     const struct mip4ha_registration *reg)
{
	struct mip4ha_binding *b;

	/* Only the identity's own bytes are stored, not the whole array. */
	b = mip4ha_kzalloc(offsetof(struct mip4ha_binding, owner.bytes) +
			    reg->owner->len, GFP_ATOMIC);
	if (!b)
		return NULL;
	b->mn = mn;
	b->home_addr = reg->home_addr;
	b->coa = reg->coa;
	mip4ha_id_copy(&b->owner, reg->owner);
	timer_setup(&b->timer, mip4ha_binding_expire, 0);
	spin_lock_init(&b->refresh_lock);
	return b;
}

/* A home address belongs to the identity that registered it first, so that
 * one node's key cannot redirect another node's traffic.
 */
static bool mip4ha_bindings_owned_by_other(struct rhlist_head *list,
					   const struct mip4ha_id *owner)
{
	struct mip4ha_binding *b;
	struct rhlist_head *pos;

	rhl_for_each_entry_rcu(b, pos, list, node)
		if (!mip4ha_id_equal(&b->owner, owner))
			return true;
	return false;
}

/* The common case, a node registering again from where it is, changes no
 * table: it takes only the binding's own lock, so that refreshes of
 * different nodes run side by side on every CPU. Anything else (a new
 * care-of address, bindings to replace, another owner, a binding being
 * unlinked) returns false for mip4ha_binding_register()'s slow way under
 * bindings_lock, which decides it all again.
 */
static bool mip4ha_binding_refresh(struct mip4ha_net *mn,
				   const struct mip4ha_registration *reg)
{
	struct mip4ha_binding *b, *existing = NULL;
	struct rhlist_head *list, *pos;
	unsigned int count = 0;
	bool done = false;

	rcu_read_lock();
	list = rhltable_lookup(&mn->bindings, &reg->home_addr,
			       mip4ha_binding_params);
	rhl_for_each_entry_rcu(b, pos, list, node) {
		if (!mip4ha_id_equal(&b->owner, reg->owner))
			goto out;
		if (b->coa == reg->coa)
			existing = b;
		count++;
	}
	/* Without S, the others would have to go: the slow way. */
	if (!existing || (count > 1 && !(reg->flags & MIP4_FLAG_S)))
		goto out;

	spin_lock_bh(&existing->refresh_lock);
	if (!existing->dead) {
		mip4ha_binding_fill(existing, reg);
		mip4ha_binding_arm(existing);
		done = true;
	}
	spin_unlock_bh(&existing->refresh_lock);
	if (done)
		mip4ha_nl_binding_notify(mn, existing,
					 MIP4HA_BINDING_EVENT_REFRESH, 0);
out:
	rcu_read_unlock();
	return done;
}

u8 mip4ha_binding_register(struct mip4ha_net *mn,
			   const struct mip4ha_registration *reg,
			   u32 max_bindings)
{
	struct mip4ha_binding *b, *existing = NULL;
	struct rhlist_head *list, *pos;
	unsigned int count = 0;
	u8 code = MIP4_CODE_ACCEPTED;

	if (mip4ha_binding_refresh(mn, reg))
		return MIP4_CODE_ACCEPTED;

	spin_lock_bh(&mn->bindings_lock);
	rcu_read_lock();
	list = rhltable_lookup(&mn->bindings, &reg->home_addr,
			       mip4ha_binding_params);
	if (mip4ha_bindings_owned_by_other(list, reg->owner)) {
		code = MIP4_CODE_PROHIBITED;
		goto out;
	}
	rhl_for_each_entry_rcu(b, pos, list, node) {
		if (b->coa == reg->coa)
			existing = b;
		count++;
	}

	if (!(reg->flags & MIP4_FLAG_S)) {
		rhl_for_each_entry_rcu(b, pos, list, node)
			if (b != existing)
				mip4ha_binding_unlink(mn, b,
						      MIP4HA_BINDING_REASON_REPLACED);
	} else if (!existing && count >= max_bindings) {
		code = MIP4_CODE_TOO_MANY_BINDINGS;
		goto out;
	}

	if (existing) {
		spin_lock(&existing->refresh_lock);
		mip4ha_binding_fill(existing, reg);
		mip4ha_binding_arm(existing);
		spin_unlock(&existing->refresh_lock);
		mip4ha_nl_binding_notify(mn, existing,
					 MIP4HA_BINDING_EVENT_REFRESH, 0);
		goto out;
	}

	b = mip4ha_binding_alloc(mn, reg);
	if (!b) {
		code = MIP4_CODE_NO_RESOURCES;
		goto out;
	}
	mip4ha_binding_fill(b, reg);
	if (rhltable_insert(&mn->bindings_by_owner, &b->owner_node,
			    mip4ha_binding_owner_params)) {
		kfree(b);
		code = MIP4_CODE_NO_RESOURCES;
		goto out;
	}
	if (rhltable_insert(&mn->bindings, &b->node, mip4ha_binding_params)) {
		rhltable_remove(&mn->bindings_by_owner, &b->owner_node,
				mip4ha_binding_owner_params);
		/* Lookups in the owner index take no lock. */
		kfree_rcu(b, rcu);
		code = MIP4_CODE_NO_RESOURCES;
		goto out;
	}
	WRITE_ONCE(mn->nr_bindings, mn->nr_bindings + 1);
	mn->binding_generation++;
	mip4ha_binding_arm(b);
	mip4ha_nl_binding_notify(mn, b, MIP4HA_BINDING_EVENT_ADD, 0);
	if (!count)
		mip4ha_tunnel_announce(mn, b->home_addr);
out:
	rcu_read_unlock();
	spin_unlock_bh(&mn->bindings_lock);
	return code;
}

/* RFC 5944 §3.8.2.2: a care-of address equal to the home address ends
 * every binding of the node, any other only its own.
 */
u8 mip4ha_binding_deregister(struct mip4ha_net *mn,
			     const struct mip4ha_registration *reg)
{
	bool all = reg->coa == reg->home_addr;
	struct rhlist_head *list, *pos;
	struct mip4ha_binding *b;
	u8 code = MIP4_CODE_ACCEPTED;

	spin_lock_bh(&mn->bindings_lock);
	rcu_read_lock();
	list = rhltable_lookup(&mn->bindings, &reg->home_addr,
			       mip4ha_binding_params);
	if (mip4ha_bindings_owned_by_other(list, reg->owner)) {
		code = MIP4_CODE_PROHIBITED;
		goto out;
	}
	rhl_for_each_entry_rcu(b, pos, list, node)
		if (all || b->coa == reg->coa)
			mip4ha_binding_unlink(mn, b,
					      MIP4HA_BINDING_REASON_DEREG);
out:
	rcu_read_unlock();
	spin_unlock_bh(&mn->bindings_lock);
	return code;
}

int mip4ha_binding_delete(struct mip4ha_net *mn, __be32 home_addr,
			  __be32 coa, bool all)
{
	struct rhlist_head *list, *pos;
	struct mip4ha_binding *b;
	int err = -ENOENT;

	spin_lock_bh(&mn->bindings_lock);
	rcu_read_lock();
	list = rhltable_lookup(&mn->bindings, &home_addr,
			       mip4ha_binding_params);
	rhl_for_each_entry_rcu(b, pos, list, node) {
		if (all || b->coa == coa) {
			mip4ha_binding_unlink(mn, b,
					      MIP4HA_BINDING_REASON_ADMIN);
			err = 0;
		}
	}
	rcu_read_unlock();
	spin_unlock_bh(&mn->bindings_lock);
	return err;
}

void mip4ha_binding_delete_owner(struct mip4ha_net *mn,
				 const struct mip4ha_id *owner, u32 spi,
				 u8 reason)
{
	struct rhlist_head *list, *pos;
	struct mip4ha_binding *b;

	spin_lock_bh(&mn->bindings_lock);
	rcu_read_lock();
	list = rhltable_lookup(&mn->bindings_by_owner, owner,
			       mip4ha_binding_owner_params);
	rhl_for_each_entry_rcu(b, pos, list, owner_node)
		if (!spi || b->spi == spi)
			mip4ha_binding_unlink(mn, b, reason);
	rcu_read_unlock();
	spin_unlock_bh(&mn->bindings_lock);
}

/* binding-flush and ha-del: the one walk of the whole table. */
/* The walk takes the table's own lock, which is not softirq-safe: never
 * under bindings_lock (lockdep: SOFTIRQ-safe -> SOFTIRQ-unsafe), which is
 * taken for each binding instead.
 */
void mip4ha_binding_flush(struct mip4ha_net *mn)
{
	struct rhashtable_iter iter;
	struct mip4ha_binding *b;

	rhashtable_walk_enter(&mn->bindings.ht, &iter);
	rhashtable_walk_start(&iter);
	while ((b = rhashtable_walk_next(&iter))) {
		if (IS_ERR(b))
			continue;
		spin_lock_bh(&mn->bindings_lock);
		if (!b->dead)
			mip4ha_binding_unlink(mn, b,
					      MIP4HA_BINDING_REASON_ADMIN);
		spin_unlock_bh(&mn->bindings_lock);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

int mip4ha_binding_table_init(struct mip4ha_net *mn)
{
	int err;

	spin_lock_init(&mn->bindings_lock);
	err = mip4ha_rhltable_init(&mn->bindings, &mip4ha_binding_params);
	if (err)
		return err;
	err = mip4ha_rhltable_init(&mn->bindings_by_owner,
				   &mip4ha_binding_owner_params);
	if (err)
		rhltable_destroy(&mn->bindings);
	return err;
}

/* After mip4ha_binding_flush() and a grace period: the tables are empty. */
void mip4ha_binding_table_destroy(struct mip4ha_net *mn)
{
	rhltable_destroy(&mn->bindings_by_owner);
	rhltable_destroy(&mn->bindings);
}
