// SPDX-License-Identifier: GPL-2.0
/* mip4-bench: a load generator of Mobile IPv4 registrations. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "proto.h"

static void settle(const struct bench_cfg *cfg)
{
	struct timespec ts = {
		.tv_sec = (time_t)cfg->settle,
		.tv_nsec = (long)((cfg->settle - (double)(time_t)cfg->settle) *
				  1e9),
	};

	while (nanosleep(&ts, &ts))
		;
}

static double tv_seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static void cpu_delta(struct bench_cpu *d, const struct bench_cpu *a,
		      const struct bench_cpu *b)
{
	d->user = b->user - a->user;
	d->system = b->system - a->system;
	d->softirq = b->softirq - a->softirq;
	d->irq = b->irq - a->irq;
	d->idle = b->idle - a->idle;
	d->other = b->other - a->other;
}

static void stats_delta(struct bench_stats *d, const struct bench_stats *a,
			const struct bench_stats *b)
{
	d->rx_packets = b->rx_packets - a->rx_packets;
	d->rx_discarded = b->rx_discarded - a->rx_discarded;
	d->rrq_accepted = b->rrq_accepted - a->rrq_accepted;
	d->rrq_denied = b->rrq_denied - a->rrq_denied;
	d->tx_packets = b->tx_packets - a->tx_packets;
	d->tx_errors = b->tx_errors - a->tx_errors;
}

/* Rates are per second of sending (--duration), or from the first request
 * to the last request or reply (--count, --memory).
 */
static double run_seconds(const struct bench_cfg *cfg,
			  const struct bench_result *res, bool by_duration)
{
	u64 end = res->last_send_ns > res->last_reply_ns ? res->last_send_ns :
		  res->last_reply_ns;

	if (by_duration && cfg->duration > 0)
		return cfg->duration;
	return end > res->first_send_ns ?
	       (double)(end - res->first_send_ns) / 1e9 : 0;
}

static int memory_mode(const struct bench_cfg *cfg, struct bench_nl *nl,
		       struct bench_result *res)
{
	struct bench_memory_report r = { .cfg = cfg, .res = res };
	u64 existing;

	int status = BENCH_EXIT_OK;

	if (bench_meminfo_read(&r.before))
		return BENCH_EXIT_ERROR;
	r.has_slabinfo = !bench_slabinfo_read(&r.slab_before);
	if (cfg->verbosity > 0)
		bench_warn("installing %u SAs", cfg->nodes);
	if (bench_install_sas(nl, cfg, &existing, &r.install_seconds))
		return BENCH_EXIT_ERROR;
	if (existing)
		bench_warn("%llu of the SAs existed already: per SA is over the %llu new ones",
			   (unsigned long long)existing,
			   (unsigned long long)(cfg->nodes - existing));
	r.sas = cfg->nodes - existing;
	settle(cfg);
	if (bench_meminfo_read(&r.after_sas))
		return BENCH_EXIT_ERROR;
	if (r.has_slabinfo && bench_slabinfo_read(&r.slab_after_sas))
		r.has_slabinfo = false;

	if (cfg->verbosity > 0)
		bench_warn("registering %u nodes", cfg->nodes);
	if (bench_run(cfg, BENCH_MODE_ONCE, res))
		return BENCH_EXIT_ERROR;
	r.register_seconds = run_seconds(cfg, res, false);
	r.bindings = res->accepted;
	settle(cfg);
	if (bench_meminfo_read(&r.after_bindings))
		return BENCH_EXIT_ERROR;
	if (r.has_slabinfo && bench_slabinfo_read(&r.slab_after_bindings))
		r.has_slabinfo = false;
	bench_report_memory(&r);
	if (res->accepted < cfg->nodes) {
		bench_warn("only %llu of %u nodes registered",
			   (unsigned long long)res->accepted, cfg->nodes);
		status = BENCH_EXIT_INCOMPLETE;
	}
	bench_slabinfo_free(&r.slab_before);
	bench_slabinfo_free(&r.slab_after_sas);
	bench_slabinfo_free(&r.slab_after_bindings);
	return status;
}

static int load_mode(const struct bench_cfg *cfg, struct bench_nl *nl,
		     struct bench_result *res)
{
	struct bench_report r = { .cfg = cfg, .res = res };
	struct bench_stats st0, st1;
	struct bench_cpu c0, c1;
	struct rusage u0, u1;

	if (cfg->install_sas) {
		if (bench_install_sas(nl, cfg, &r.existing, &r.install_seconds))
			return BENCH_EXIT_ERROR;
		r.has_install = true;
		r.installed = cfg->nodes - r.existing;
	}
	if (nl && !bench_stats_get(nl, &st0))
		r.has_stats = true;
	bench_cpu_read(&c0);
	getrusage(RUSAGE_SELF, &u0);

	if (bench_run(cfg, BENCH_MODE_LOAD, res))
		return BENCH_EXIT_ERROR;

	getrusage(RUSAGE_SELF, &u1);
	bench_cpu_read(&c1);
	if (r.has_stats) {
		if (bench_stats_get(nl, &st1))
			r.has_stats = false;
		else
			stats_delta(&r.stats, &st0, &st1);
	}
	cpu_delta(&r.cpu, &c0, &c1);
	r.client_user = tv_seconds(&u1.ru_utime) - tv_seconds(&u0.ru_utime);
	r.client_sys = tv_seconds(&u1.ru_stime) - tv_seconds(&u0.ru_stime);
	r.seconds = run_seconds(cfg, res, true);
	r.cpus = (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
	bench_report_load(&r);
	return BENCH_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct bench_result *res;
	struct bench_nl *nl = NULL;
	struct bench_cfg cfg;
	int status;

	bench_config_parse(&cfg, argc, argv);
	/* The histograms are big: not on the stack. */
	res = calloc(1, sizeof(*res));
	if (!res) {
		bench_warn("out of memory");
		return BENCH_EXIT_ERROR;
	}
	/* Without --netns nor --install-sas, the home agent may not be in
	 * our namespace: its counters are not asked for.
	 */
	if ((cfg.install_sas || cfg.netns) && bench_nl_open(&cfg, &nl)) {
		free(res);
		return BENCH_EXIT_ERROR;
	}
	if (cfg.memory)
		status = memory_mode(&cfg, nl, res);
	else
		status = load_mode(&cfg, nl, res);
	bench_nl_close(nl);
	free(res);
	return status;
}
