// SPDX-License-Identifier: GPL-2.0
/* Module entry: per-namespace state and registration of the netlink family. */

#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "binding.h"
#include "dynkey.h"
#include "fault.h"
#include "ha.h"
#include "keygen.h"
#include "mip4ha.h"
#include "netlink.h"
#include "sa.h"
#include "tunnel.h"

unsigned int mip4ha_net_id __read_mostly;
/* The dynamic keys' frees after a grace period (their KDF transform cannot
 * be freed from an RCU callback) and other process-context work.
 */
struct workqueue_struct *mip4ha_wq;

static int __net_init mip4ha_net_init(struct net *net)
{
	struct mip4ha_net *mn = mip4ha_net(net);
	int cpu, err;

	mn->net = net;
	mutex_init(&mn->lock);
	mip4ha_tunnel_net_init(mn);
	mn->stats = mip4ha_fail_alloc() ? NULL :
		    alloc_percpu(struct mip4ha_pcpu_stats);
	if (!mn->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(mn->stats, cpu)->syncp);

	err = mip4ha_sa_table_init(mn);
	if (err)
		goto err_stats;
	err = mip4ha_binding_table_init(mn);
	if (err)
		goto err_sas;
	err = mip4ha_dynkey_table_init(mn);
	if (err)
		goto err_bindings;
	err = mip4ha_keygen_table_init(mn);
	if (err)
		goto err_dynkeys;
	return 0;

err_dynkeys:
	mip4ha_dynkey_table_destroy(mn);
err_bindings:
	mip4ha_binding_table_destroy(mn);
err_sas:
	mip4ha_sa_table_destroy(mn);
err_stats:
	free_percpu(mn->stats);
	return err;
}

/* Close the socket first; the core waits for an RCU grace period between
 * pre_exit and exit, so no receive callback still uses the stats in exit.
 */
static void __net_exit mip4ha_net_pre_exit(struct net *net)
{
	struct mip4ha_net *mn = mip4ha_net(net);

	mutex_lock(&mn->lock);
	mip4ha_ha_stop(mn);
	mutex_unlock(&mn->lock);
}

static void __net_exit mip4ha_net_exit(struct net *net)
{
	struct mip4ha_net *mn = mip4ha_net(net);

	mip4ha_keygen_table_destroy(mn);
	mip4ha_dynkey_table_destroy(mn);
	mip4ha_binding_table_destroy(mn);
	mip4ha_sa_table_destroy(mn);
	free_percpu(mn->stats);
	mutex_destroy(&mn->lock);
}

/* Work of the dynamic keys (the free queued after a grace period) uses the
 * namespaces' mn, which the core frees after this: let it finish, once for
 * the whole batch of namespaces.
 */
static void __net_exit mip4ha_net_exit_batch(struct list_head *net_list)
{
	rcu_barrier();
	flush_workqueue(mip4ha_wq);
}

static struct pernet_operations mip4ha_net_ops = {
	.init = mip4ha_net_init,
	.pre_exit = mip4ha_net_pre_exit,
	.exit = mip4ha_net_exit,
	.exit_batch = mip4ha_net_exit_batch,
	.id = &mip4ha_net_id,
	.size = sizeof(struct mip4ha_net),
};

static int __init mip4ha_init(void)
{
	int err;

	mip4ha_wq = alloc_workqueue("mip4ha", 0, 0);
	if (!mip4ha_wq)
		return -ENOMEM;
	mip4ha_fault_init();
	err = mip4ha_sa_crypto_init();
	if (err)
		goto err_wq;

	err = register_pernet_device(&mip4ha_net_ops);
	if (err)
		goto err_crypto;

	err = mip4ha_tunnel_init();
	if (err)
		goto err_pernet;
	err = mip4ha_netlink_register();
	if (err)
		goto err_tunnel;

	pr_info("Mobile IPv4 Home Agent loaded\n");
	return 0;

err_tunnel:
	mip4ha_tunnel_exit();
err_pernet:
	unregister_pernet_device(&mip4ha_net_ops);
err_crypto:
	mip4ha_sa_crypto_exit();
err_wq:
	mip4ha_fault_exit();
	destroy_workqueue(mip4ha_wq);
	return err;
}

static void __exit mip4ha_exit(void)
{
	/* No netlink request can run once the family is gone. */
	mip4ha_netlink_unregister();
	mip4ha_tunnel_exit();
	unregister_pernet_device(&mip4ha_net_ops);
	/* SAs deleted earlier may still wait for their grace period. */
	rcu_barrier();
	destroy_workqueue(mip4ha_wq);
	mip4ha_sa_crypto_exit();
	mip4ha_fault_exit();
}

module_init(mip4ha_init);
module_exit(mip4ha_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Mobile IPv4 Home Agent (RFC 5944)");
MODULE_ALIAS_GENL_FAMILY(MIP4HA_FAMILY_NAME);
