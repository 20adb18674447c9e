// SPDX-License-Identifier: GPL-2.0
/* mip4-bench: netlink to the home agent: the nodes' SAs and the counters. */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "mip4_nl.h"
#include "mip4ha.h"
#include "mip4ha_names.h"
#include "nl_batch.h"

struct bench_nl {
	struct mip4_nl *nl;
};

/* Opens the netlink socket in @netns (a name under /run/netns or a path):
 * the socket stays in the namespace it was made in.
 */
static int nl_open_in(const char *netns, struct mip4_nl **nlp)
{
	struct mip4_nl_error e;
	char path[4096];
	int self = -1, target = -1, r;

	if (netns) {
		if (strchr(netns, '/'))
			snprintf(path, sizeof(path), "%s", netns);
		else
			snprintf(path, sizeof(path), "/run/netns/%s", netns);
		self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		target = open(path, O_RDONLY | O_CLOEXEC);
		if (self < 0 || target < 0) {
			bench_warn("cannot open %s: %s",
				   self < 0 ? "/proc/self/ns/net" : path,
				   strerror(errno));
			goto fail;
		}
		if (setns(target, CLONE_NEWNET)) {
			bench_warn("cannot enter %s: %s", path,
				   strerror(errno));
			goto fail;
		}
	}
	r = mip4_nl_open(nlp, &e);
	if (netns && setns(self, CLONE_NEWNET)) {
		bench_warn("cannot come back from %s: %s", path,
			   strerror(errno));
		mip4_nl_close(*nlp);
		goto fail;
	}
	if (r < 0) {
		mip4_nl_error_print(stderr, &e, NULL);
		goto fail;
	}
	if (netns) {
		close(self);
		close(target);
	}
	return 0;
fail:
	if (self >= 0)
		close(self);
	if (target >= 0)
		close(target);
	return -1;
}

int bench_nl_open(const struct bench_cfg *cfg, struct bench_nl **nlp)
{
	struct bench_nl *nl = calloc(1, sizeof(*nl));

	*nlp = NULL;
	if (!nl) {
		bench_warn("out of memory");
		return -1;
	}
	if (nl_open_in(cfg->netns, &nl->nl)) {
		free(nl);
		return -1;
	}
	*nlp = nl;
	return 0;
}

void bench_nl_close(struct bench_nl *nl)
{
	if (!nl)
		return;
	mip4_nl_close(nl->nl);
	free(nl);
}

struct install_ctx {
	const struct bench_cfg *cfg;
	uint64_t existing;
};

static int install_error(uint64_t index, const struct mip4_nl_error *e,
			 void *arg)
{
	struct install_ctx *ctx = arg;
	struct in_addr home = {
		.s_addr = htonl(ctx->cfg->first + (uint32_t)index),
	};

	/* From an earlier run: the key is the same. */
	if (e->err == EEXIST) {
		ctx->existing++;
		return 0;
	}
	fprintf(stderr, "mip4-bench: sa-new of node %llu (%s): ",
		(unsigned long long)index, inet_ntoa(home));
	mip4_nl_error_print(stderr, e, mip4ha_sa_attr_str);
	return -e->err;
}

int bench_install_sas(struct bench_nl *nl, const struct bench_cfg *cfg,
		      uint64_t *existing, double *seconds)
{
	struct install_ctx ctx = { .cfg = cfg };
	struct mip4_nl_batch *b;
	uint8_t key[BENCH_KEY_LEN];
	uint64_t start = bench_now_ns();
	struct nl_msg *req;
	uint32_t i;
	int r;

	r = mip4_nl_batch_open(nl->nl, 0, install_error, &ctx, &b);
	if (r < 0) {
		bench_warn("netlink batch: %s", strerror(-r));
		return -1;
	}
	for (i = 0; i < cfg->nodes; i++) {
		req = mip4_nl_msg(nl->nl, MIP4HA_CMD_SA_NEW);
		bench_key(i, key);
		if (!req ||
		    nla_put_u32(req, MIP4HA_A_SA_HOME_ADDRESS,
				htonl(cfg->first + i)) ||
		    nla_put_u32(req, MIP4HA_A_SA_SPI, cfg->spi) ||
		    nla_put_u8(req, MIP4HA_A_SA_ALGORITHM, cfg->algorithm) ||
		    nla_put(req, MIP4HA_A_SA_KEY, sizeof(key), key)) {
			nlmsg_free(req);
			bench_warn("cannot build sa-new");
			r = -ENOMEM;
			break;
		}
		r = mip4_nl_batch_add(b, req);
		if (r < 0)
			break;
		if (cfg->verbosity > 0 && i && !(i % 100000))
			fprintf(stderr, "mip4-bench: %u SAs sent\n", i);
	}
	if (r >= 0)
		r = mip4_nl_batch_flush(b);
	if (r < 0 && mip4_nl_batch_errors(b) == ctx.existing)
		bench_warn("installing SAs: %s", strerror(-r));
	mip4_nl_batch_close(b);
	*existing = ctx.existing;
	*seconds = (double)(bench_now_ns() - start) / 1e9;
	return r < 0 ? -1 : 0;
}

static int stats_cb(struct nlattr **tb, void *arg)
{
	struct bench_stats *st = arg;
	static const struct {
		int attr;
		size_t off;
	} map[] = {
		{ MIP4HA_A_STATS_RX_PACKETS,
		  offsetof(struct bench_stats, rx_packets) },
		{ MIP4HA_A_STATS_RX_DISCARDED,
		  offsetof(struct bench_stats, rx_discarded) },
		{ MIP4HA_A_STATS_RRQ_ACCEPTED,
		  offsetof(struct bench_stats, rrq_accepted) },
		{ MIP4HA_A_STATS_RRQ_DENIED,
		  offsetof(struct bench_stats, rrq_denied) },
		{ MIP4HA_A_STATS_TX_PACKETS,
		  offsetof(struct bench_stats, tx_packets) },
		{ MIP4HA_A_STATS_TX_ERRORS,
		  offsetof(struct bench_stats, tx_errors) },
	};
	unsigned int i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (tb[map[i].attr])
			mip4_nl_attr_u64(tb[map[i].attr],
					 (uint64_t *)((char *)st + map[i].off));
	return 0;
}

int bench_stats_get(struct bench_nl *nl, struct bench_stats *st)
{
	struct mip4_nl_error e;
	int r;

	memset(st, 0, sizeof(*st));
	r = mip4_nl_call(nl->nl, mip4_nl_msg(nl->nl, MIP4HA_CMD_STATS_GET),
			 MIP4HA_A_STATS_MAX, stats_cb, st, &e);
	if (r < 0) {
		fprintf(stderr, "mip4-bench: stats-get: ");
		mip4_nl_error_print(stderr, &e, mip4ha_stats_attr_str);
		return -1;
	}
	return 0;
}
