/* SPDX-License-Identifier: GPL-2.0 */
/* Allocation failures injected into the module's own allocations, for the
 * tests under the debug kernel (Documentation/testing.md): the kernel's
 * failslab and fail_page_alloc cannot be narrowed to one module on x86_64
 * (their stack-trace filter is not built there), so every allocation of the
 * module goes through these, which consult /sys/kernel/debug/fail_mip4ha/
 * (probability, interval, times, verbose: the kernel's fault_attr). On a
 * kernel without CONFIG_FAULT_INJECTION_DEBUG_FS they are the plain calls.
 */

#ifndef _MIP4HA_FAULT_H
#define _MIP4HA_FAULT_H

#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/percpu.h>
#include <linux/rhashtable.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
bool mip4ha_fail_alloc(void);
void mip4ha_fault_init(void);
void mip4ha_fault_exit(void);
#else
static inline bool mip4ha_fail_alloc(void)
{
	return false;
}

static inline void mip4ha_fault_init(void)
{
}

static inline void mip4ha_fault_exit(void)
{
}
#endif

static inline void *mip4ha_kzalloc(size_t size, gfp_t gfp)
{
	return mip4ha_fail_alloc() ? NULL : kzalloc(size, gfp);
}

static inline void *mip4ha_kmalloc(size_t size, gfp_t gfp)
{
	return mip4ha_fail_alloc() ? NULL : kmalloc(size, gfp);
}

static inline struct sk_buff *mip4ha_alloc_skb(unsigned int size, gfp_t gfp)
{
	return mip4ha_fail_alloc() ? NULL : alloc_skb(size, gfp);
}

static inline struct sk_buff *mip4ha_pskb_copy(struct sk_buff *skb, gfp_t gfp)
{
	return mip4ha_fail_alloc() ? NULL : pskb_copy(skb, gfp);
}

static inline struct sk_buff *mip4ha_genlmsg_new(size_t payload, gfp_t gfp)
{
	return mip4ha_fail_alloc() ? NULL : genlmsg_new(payload, gfp);
}

static inline struct crypto_shash *mip4ha_crypto_alloc_shash(const char *name)
{
	return mip4ha_fail_alloc() ? ERR_PTR(-ENOMEM) :
				     crypto_alloc_shash(name, 0, 0);
}

static inline int mip4ha_rhashtable_init(struct rhashtable *ht,
					 const struct rhashtable_params *params)
{
	return mip4ha_fail_alloc() ? -ENOMEM : rhashtable_init(ht, params);
}

static inline int mip4ha_rhltable_init(struct rhltable *hlt,
				       const struct rhashtable_params *params)
{
	return mip4ha_fail_alloc() ? -ENOMEM : rhltable_init(hlt, params);
}

#endif /* _MIP4HA_FAULT_H */
