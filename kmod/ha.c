// SPDX-License-Identifier: GPL-2.0
/* Life cycle of a namespace's Home Agent: configuration and its socket. */

#include <linux/slab.h>
#include <net/sock.h>

#include "binding.h"
#include "dynkey.h"
#include "ha.h"
#include "keygen.h"
#include "socket.h"
#include "tunnel.h"

/* Takes ownership of @config (a validated configuration) and opens the
 * registration socket when the namespace was not a Home Agent yet.
 */
int mip4ha_ha_configure(struct mip4ha_net *mn, struct mip4ha_config *config)
{
	struct mip4ha_config *old;
	int err;

	lockdep_assert_held(&mn->lock);

	if (!mn->sock) {
		err = mip4ha_socket_open(mn);
		if (err) {
			kfree(config);
			return err;
		}
		err = mip4ha_tunnel_start(mn);
		if (err) {
			mip4ha_socket_close(mn);
			kfree(config);
			return err;
		}
	}

	old = rcu_replace_pointer(mn->config, config,
				  lockdep_is_held(&mn->lock));
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

/* Detaches the socket, waits for receive callbacks still running with the
 * old configuration (they may add bindings and send with the socket),
 * drops the initial registrations in progress, closes the socket, then
 * ends every binding and the dynamic keys that went with them. Static
 * security associations are configuration of their own and stay.
 */
int mip4ha_ha_stop(struct mip4ha_net *mn)
{
	struct mip4ha_config *old;

	lockdep_assert_held(&mn->lock);

	old = rcu_replace_pointer(mn->config, NULL,
				  lockdep_is_held(&mn->lock));
	if (!old)
		return -ENOENT;
	mip4ha_tunnel_stop(mn);
	rcu_assign_sk_user_data(mn->sock->sk, NULL);
	synchronize_rcu();
	mip4ha_keygen_flush(mn);
	/* A timer that took its request before the flush may still reply. */
	synchronize_rcu();
	mip4ha_socket_close(mn);
	kfree(old);
	mip4ha_binding_flush(mn);
	mip4ha_dynkey_flush(mn);
	return 0;
}
