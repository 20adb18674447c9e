/* SPDX-License-Identifier: GPL-2.0 */
/* mip4-bench: a load generator of Mobile IPv4 registrations. */

#ifndef MIP4_BENCH_H
#define MIP4_BENCH_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>


/* Exit statuses. */
#define BENCH_EXIT_OK		0
#define BENCH_EXIT_ERROR	1	/* a system call or the kernel failed */
#define BENCH_EXIT_USAGE	2
#define BENCH_EXIT_INCOMPLETE	3	/* --memory: not every node bound */

#define BENCH_KEY_LEN		16
#define BENCH_SPI_DEFAULT	256
#define BENCH_THREADS_MAX	64

struct bench_cfg {
	struct in_addr ha;
	struct in_addr coa;		/* has_coa: the care-of address field */
	bool has_coa;
	uint16_t port;			/* destination UDP port */
	uint32_t prefix;			/* host order */
	uint8_t prefix_len;
	uint32_t first;			/* first home address, host order */
	uint32_t nodes;
	uint32_t spi;
	uint8_t algorithm;		/* 1 HMAC-MD5, 2 HMAC-SHA-256, 3 keyed MD5 */
	uint16_t lifetime;
	double rate;			/* requests/s in all; 0: flat out */
	double duration;		/* seconds of sending; 0 with count */
	uint64_t count;			/* requests in all; 0 with duration */
	uint32_t window;			/* most requests in flight, in all */
	unsigned int threads;
	unsigned int batch;		/* requests per sendmmsg() */
	double timeout;			/* seconds before a request is lost */
	unsigned int retries;		/* --memory: of a lost registration */
	bool verify;
	bool install_sas;
	bool memory;
	bool sink;
	double settle;			/* --memory: seconds before reading */
	const char *netns;		/* the Home Agent's, for netlink */
	bool json;
	bool pretty;
	int verbosity;
};

/* options.c: the command line; exits on errors. */
void bench_config_parse(struct bench_cfg *cfg, int argc, char **argv);

/* The key of node @index (its home address is first + index). */
void bench_key(uint32_t index, uint8_t key[BENCH_KEY_LEN]);

/* hist.c: latencies in nanoseconds, log-linear buckets (< 1 % error). */
#define HIST_SUB_BITS		7
#define HIST_SUB		(1u << HIST_SUB_BITS)
#define HIST_HALF		(HIST_SUB / 2)
#define HIST_BUCKETS		(HIST_SUB + (64 - HIST_SUB_BITS) * HIST_HALF)

struct hist {
	uint64_t count;
	uint64_t max;
	uint64_t bucket[HIST_BUCKETS];
};

void hist_add(struct hist *h, uint64_t v);
void hist_merge(struct hist *into, const struct hist *from);
/* The value at quantile @q (0..1): the upper end of its bucket, at most
 * the maximum; 0 when empty.
 */
uint64_t hist_quantile(const struct hist *h, double q);

/* What one thread (or, summed, the run) saw. */
struct bench_result {
	uint64_t sent;
	uint64_t accepted;
	uint64_t denied;
	uint64_t denied_by_code[256];
	uint64_t lost;			/* no reply within the timeout */
	uint64_t late;			/* a reply after its request was lost */
	uint64_t unmatched;			/* not a reply to any request of ours */
	uint64_t bad_auth;			/* MHAE missing or wrong */
	uint64_t send_errors;		/* sendmmsg() refused, ICMP errors */
	uint64_t retried;			/* --memory */
	uint64_t first_send_ns, last_send_ns, last_reply_ns;	/* CLOCK_MONOTONIC */
	struct hist lat;
};

/* engine.c */
enum bench_mode {
	BENCH_MODE_LOAD,		/* for --duration or --count */
	BENCH_MODE_ONCE,		/* each node registered once */
};

/*
 * Runs the load with cfg->threads threads (each its own UDP socket and a
 * contiguous share of the nodes) and sums their results into @res.
 * Returns 0, or -1 after printing why.
 */
int bench_run(const struct bench_cfg *cfg, enum bench_mode mode,
	      struct bench_result *res);

uint64_t bench_now_ns(void);

/* sas.c: netlink to the Home Agent (in cfg->netns when given). */
struct bench_nl;
int bench_nl_open(const struct bench_cfg *cfg, struct bench_nl **nlp);
void bench_nl_close(struct bench_nl *nl);
/* Installs the nodes' SAs; ones that exist already are counted in
 * @existing. Returns 0 or -1 after printing why.
 */
int bench_install_sas(struct bench_nl *nl, const struct bench_cfg *cfg,
		      uint64_t *existing, double *seconds);

/* The Home Agent's counters we report (stats-get). */
struct bench_stats {
	uint64_t rx_packets, rx_discarded, rrq_accepted, rrq_denied, tx_packets,
	    tx_errors;
};
int bench_stats_get(struct bench_nl *nl, struct bench_stats *st);

/* memory.c: the figures of /proc/meminfo we report, in KiB. */
struct bench_meminfo {
	uint64_t slab, sunreclaim, percpu, vmalloc_used, mem_available;
};
int bench_meminfo_read(struct bench_meminfo *m);

/* /proc/slabinfo (root only): objects in use per cache. */
struct bench_slabinfo {
	unsigned int n;
	struct bench_slab {
		char name[64];
		uint64_t active;
		uint32_t objsize;
	} *caches;
};
int bench_slabinfo_read(struct bench_slabinfo *s);
void bench_slabinfo_free(struct bench_slabinfo *s);

/* CPU time of the whole (virtual) machine, from /proc/stat, in ticks. */
struct bench_cpu {
	uint64_t user, system, softirq, irq, idle, other;
};
int bench_cpu_read(struct bench_cpu *c);

/* report.c */
struct bench_report {
	const struct bench_cfg *cfg;
	const struct bench_result *res;
	double seconds;			/* first send to last send or reply */
	unsigned int cpus;		/* online */
	struct bench_cpu cpu;		/* deltas over the run */
	double client_user, client_sys;	/* seconds, this process */
	bool has_stats;
	struct bench_stats stats;	/* deltas over the run */
	bool has_install;
	uint64_t installed, existing;
	double install_seconds;
};
void bench_report_load(const struct bench_report *r);

struct bench_memory_report {
	const struct bench_cfg *cfg;
	struct bench_meminfo before, after_sas, after_bindings;
	bool has_slabinfo;
	struct bench_slabinfo slab_before, slab_after_sas, slab_after_bindings;
	uint64_t sas;			/* installed by us */
	uint64_t bindings;			/* nodes registered (accepted) */
	double install_seconds, register_seconds;
	const struct bench_result *res;
};
void bench_report_memory(const struct bench_memory_report *r);

void bench_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* MIP4_BENCH_H */
