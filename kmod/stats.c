// SPDX-License-Identifier: GPL-2.0
/* A Home Agent's counters: per-CPU, summed when read (mip4ctl stats). */

#include <linux/percpu.h>
#include <linux/string.h>

#include "ha.h"
#include "stats.h"

void mip4ha_stats_read(struct mip4ha_net *mn, u64 totals[MIP4HA_CNT_NUM])
{
	int cpu, i;

	memset(totals, 0, sizeof(u64) * MIP4HA_CNT_NUM);
	for_each_possible_cpu(cpu) {
		const struct mip4ha_pcpu_stats *stats = per_cpu_ptr(mn->stats, cpu);
		u64 snapshot[MIP4HA_CNT_NUM];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&stats->syncp);
			for (i = 0; i < MIP4HA_CNT_NUM; i++)
				snapshot[i] = u64_stats_read(&stats->counter[i]);
		} while (u64_stats_fetch_retry(&stats->syncp, start));

		for (i = 0; i < MIP4HA_CNT_NUM; i++)
			totals[i] += snapshot[i];
	}
}
