/* SPDX-License-Identifier: GPL-2.0 */
/* A Home Agent's counters, per CPU; mip4ha_stats_add() is in ha.h. */

#ifndef _MIP4HA_STATS_H
#define _MIP4HA_STATS_H

#include <linux/types.h>
#include <linux/u64_stats_sync.h>

struct mip4ha_net;

enum mip4ha_counter {
	MIP4HA_CNT_RX_PACKETS,
	MIP4HA_CNT_RX_BYTES,
	MIP4HA_CNT_RX_DISCARDED,
	MIP4HA_CNT_RRQ_ACCEPTED,
	MIP4HA_CNT_RRQ_DENIED,
	MIP4HA_CNT_TX_PACKETS,
	MIP4HA_CNT_TX_ERRORS,
	MIP4HA_CNT_KEYGEN_REQUESTS,
	MIP4HA_CNT_KEYGEN_TIMEOUTS,
	MIP4HA_CNT_KEYGEN_REJECTED,
	MIP4HA_CNT_REKEYS,
	MIP4HA_CNT_TUNNEL_TX_PACKETS,
	MIP4HA_CNT_TUNNEL_RX_PACKETS,
	MIP4HA_CNT_TUNNEL_RX_DROPPED,
	MIP4HA_CNT_TUNNEL_FRAG_NEEDED,
	MIP4HA_CNT_TUNNEL_ERRORS,
	MIP4HA_CNT_NUM,
};

struct mip4ha_pcpu_stats {
	u64_stats_t counter[MIP4HA_CNT_NUM];
	struct u64_stats_sync syncp;
};

/* Sums every CPU's counters into @totals. */
void mip4ha_stats_read(struct mip4ha_net *mn, u64 totals[MIP4HA_CNT_NUM]);

#endif /* _MIP4HA_STATS_H */
