// SPDX-License-Identifier: GPL-2.0
/* The fault attribute behind mip4ha_fail_alloc() (fault.h). */

#include <linux/dcache.h>
#include <linux/debugfs.h>
#include <linux/fault-inject.h>

#include "fault.h"

/* Off until a test writes a probability; one line a failure, no stack. */
static struct fault_attr mip4ha_fail_alloc_attr = {
	.interval = 1,
	.times = ATOMIC_INIT(1),
	.require_end = ULONG_MAX,
	.stacktrace_depth = 32,
	.ratelimit_state = RATELIMIT_STATE_INIT_DISABLED,
	.verbose = 1,
};

static struct dentry *mip4ha_fault_dir;

bool mip4ha_fail_alloc(void)
{
	return should_fail(&mip4ha_fail_alloc_attr, 1);
}

/* Without debugfs the attribute stays off: nothing to fail on. */
void mip4ha_fault_init(void)
{
	struct dentry *dir;

	dir = fault_create_debugfs_attr("fail_mip4ha", NULL,
					&mip4ha_fail_alloc_attr);
	mip4ha_fault_dir = IS_ERR(dir) ? NULL : dir;
}

/* fault_create_debugfs_attr() keeps a reference to its directory in the
 * attribute (for its messages): ours to drop, or the dentry outlives us.
 */
void mip4ha_fault_exit(void)
{
	debugfs_remove_recursive(mip4ha_fault_dir);
	dput(mip4ha_fail_alloc_attr.dname);
}
