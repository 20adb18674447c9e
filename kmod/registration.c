// SPDX-License-Identifier: GPL-2.0
/* A registration request's content checked and applied to the bindings
 * (RFC 5944 §3.8.2), once its key is known: for static and dynamic keys
 * alike (receive.c, keygen.c).
 */

#include <linux/inetdevice.h>

#include "binding.h"
#include "ha.h"
#include "mip4ha.h"
#include "proto.h"
#include "registration.h"
#include "tunnel.h"

/* The checks after authentication and replay protection, in the order of
 * RFC 5944 §3.8.2, then the binding update. Returns the reply code and,
 * on acceptance, the granted lifetime in @lifetime.
 */
u8 mip4ha_rrq_apply(struct mip4ha_net *mn, const struct mip4ha_rrq *rrq,
		    const struct mip4ha_id *owner, u32 spi, u32 key_lifetime,
		    u16 *lifetime)
{
	const struct mip4ha_config *cfg = rrq->cfg;
	const struct mip4_msg *msg = rrq->msg;
	struct mip4ha_registration reg = {
		.home_addr = msg->home_addr,
		.coa = msg->coa,
		.src_addr = rrq->saddr,
		.src_port = rrq->sport,
		/* r and x: "sent as zero; ignored on reception" (§3.3). */
		.flags = msg->flags & ~(MIP4_FLAG_R | MIP4_FLAG_X),
		.spi = spi,
		.dynamic = key_lifetime != MIP4HA_KEY_LIFETIME_STATIC,
		.id = msg->id,
		.owner = owner,
	};
	u8 code;

	if (msg->deny_code)
		return msg->deny_code;
	if (rrq->to_broadcast || msg->ha_addr != cfg->address)
		return MIP4_CODE_UNKNOWN_HA;
	/* §3.8.3.2: a home address we cannot serve, M or G, a care-of
	 * address to tunnel to that is not one (shared with the userspace
	 * instruments: proto.c).
	 */
	code = mip4_rrq_addr_check(msg, cfg->address, cfg->prefix,
				   cfg->prefix_len);
	if (code)
		return code;
	/* RFC 3024 §4.2 */
	if (msg->lifetime && msg->flags & MIP4_FLAG_T &&
	    cfg->reverse_tunnel == MIP4HA_REVERSE_TUNNEL_OFF)
		return MIP4_CODE_REV_TUNNEL_UNAVAIL;
	if (msg->lifetime && !(msg->flags & MIP4_FLAG_T) &&
	    cfg->reverse_tunnel == MIP4HA_REVERSE_TUNNEL_REQUIRED)
		return MIP4_CODE_REV_TUNNEL_NEEDS_T;

	*lifetime = 0;
	if (!msg->lifetime) {
		code = mip4ha_binding_deregister(mn, &reg);
		/* §4.6: the node is back on its home link, sending itself. */
		if (code == MIP4_CODE_ACCEPTED && msg->coa == msg->home_addr &&
		    rrq->saddr == msg->home_addr && rrq->src_lladdr)
			mip4ha_tunnel_announce_home(mn, rrq->dev,
						    msg->home_addr,
						    rrq->src_lladdr);
		return code;
	}

	/* A binding never outlives the key that made it. */
	reg.lifetime = min3((u32)msg->lifetime, cfg->max_lifetime,
			    key_lifetime);
	*lifetime = reg.lifetime;
	return mip4ha_binding_register(mn, &reg, cfg->max_bindings);
}
