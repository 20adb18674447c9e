/* SPDX-License-Identifier: GPL-2.0 */
/* A registration request being answered, and its checks and binding update. */

#ifndef _MIP4HA_REGISTRATION_H
#define _MIP4HA_REGISTRATION_H

#include <linux/limits.h>
#include <linux/types.h>

struct mip4ha_config;
struct mip4ha_id;
struct mip4ha_net;
struct mip4_msg;
struct net_device;
struct sock;

struct mip4ha_rrq {
	const struct mip4ha_config *cfg;
	const struct mip4_msg *msg;
	const u8 *buf;			/* the request, msg points into it */
	__be32 saddr;			/* its source */
	__be32 daddr;			/* where it was sent */
	__be16 sport;
	bool to_broadcast;
	/* Where it came in and, from an Ethernet link, the frame's source
	 * (RFC 5944 §4.6); NULL for a request answered later (keygen.c).
	 */
	struct net_device *dev;
	const u8 *src_lladdr;
};

/* The key_lifetime of a configured key: it never ends. */
#define MIP4HA_KEY_LIFETIME_STATIC	U32_MAX

/* The checks after authentication and replay protection, then the binding
 * update, for @owner's key @spi with @key_lifetime seconds left (or
 * MIP4HA_KEY_LIFETIME_STATIC). Returns the reply code and, on acceptance,
 * the granted lifetime.
 */
u8 mip4ha_rrq_apply(struct mip4ha_net *mn, const struct mip4ha_rrq *rrq,
		    const struct mip4ha_id *owner, u32 spi, u32 key_lifetime,
		    u16 *lifetime);

#endif /* _MIP4HA_REGISTRATION_H */
