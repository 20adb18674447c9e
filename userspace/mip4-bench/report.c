// SPDX-License-Identifier: GPL-2.0
/* mip4-bench: the results, as text or JSON. */

#include <arpa/inet.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "proto.h"
#include "mip4_json.h"

static u64 us(u64 ns)
{
	return (ns + 500) / 1000;
}

static u64 per_s(u64 n, double seconds)
{
	return seconds > 0 ? (u64)llround((double)n / seconds) : 0;
}

static u64 cpu_total(const struct bench_cpu *c)
{
	return c->user + c->system + c->softirq + c->irq + c->idle + c->other;
}

static u64 pct(u64 part, u64 total)
{
	return total ? (u64)llround(100.0 * (double)part / (double)total) : 0;
}

static const char *first_addr(const struct bench_cfg *cfg)
{
	struct in_addr a = { .s_addr = htonl(cfg->first) };

	return inet_ntoa(a);
}

static const char *alg_name(u8 algorithm)
{
	switch (algorithm) {
	case MIP4_ALG_HMAC_MD5:
		return "hmac-md5";
	case MIP4_ALG_HMAC_SHA256:
		return "hmac-sha256";
	case MIP4_ALG_KEYED_MD5:
		return "keyed-md5";
	}
	return "?";
}

static void text_load(const struct bench_report *r)
{
	const struct bench_cfg *cfg = r->cfg;
	const struct bench_result *res = r->res;
	u64 total = cpu_total(&r->cpu);
	unsigned int code;

	printf("mip4-bench: %u nodes from %s, %u thread%s on %u CPU%s, ",
	       cfg->nodes, first_addr(cfg), cfg->threads,
	       cfg->threads > 1 ? "s" : "", r->cpus, r->cpus > 1 ? "s" : "");
	if (cfg->sink)
		printf("sink (no replies), ");
	else
		printf("window %u, ", cfg->window);
	printf("batch %u, ", cfg->batch);
	if (cfg->rate > 0)
		printf("rate %.0f/s, ", cfg->rate);
	else
		printf("flat out, ");
	printf("%s, %.2f s%s\n", alg_name(cfg->algorithm), r->seconds,
	       cfg->sink ? "" : cfg->verify ? ", replies verified" :
	       ", replies not verified");
	if (r->has_install)
		printf("SAs          %llu installed, %llu existed, %.2f s\n",
		       (unsigned long long)r->installed,
		       (unsigned long long)r->existing, r->install_seconds);
	printf("sent         %llu  %llu/s\n", (unsigned long long)res->sent,
	       (unsigned long long)per_s(res->sent, r->seconds));
	if (!cfg->sink) {
		printf("accepted     %llu  %llu/s\n",
		       (unsigned long long)res->accepted,
		       (unsigned long long)per_s(res->accepted, r->seconds));
		printf("denied       %llu", (unsigned long long)res->denied);
		for (code = 0; code < 256; code++)
			if (res->denied_by_code[code])
				printf("  %u: %llu", code,
				       (unsigned long long)res->denied_by_code[code]);
		printf("\nlost         %llu\n", (unsigned long long)res->lost);
		printf("other        late %llu  unmatched %llu  bad-auth %llu  send-errors %llu\n",
		       (unsigned long long)res->late,
		       (unsigned long long)res->unmatched,
		       (unsigned long long)res->bad_auth,
		       (unsigned long long)res->send_errors);
		printf("latency us   p50 %llu  p90 %llu  p99 %llu  max %llu\n",
		       (unsigned long long)us(hist_quantile(&res->lat, 0.5)),
		       (unsigned long long)us(hist_quantile(&res->lat, 0.9)),
		       (unsigned long long)us(hist_quantile(&res->lat, 0.99)),
		       (unsigned long long)us(res->lat.max));
	} else {
		printf("send-errors  %llu\n",
		       (unsigned long long)res->send_errors);
	}
	printf("machine cpu  user %llu%%  system %llu%%  softirq %llu%%  irq %llu%%  idle %llu%%\n",
	       (unsigned long long)pct(r->cpu.user, total),
	       (unsigned long long)pct(r->cpu.system, total),
	       (unsigned long long)pct(r->cpu.softirq, total),
	       (unsigned long long)pct(r->cpu.irq, total),
	       (unsigned long long)pct(r->cpu.idle, total));
	printf("our cpu      user %.2f s  sys %.2f s\n", r->client_user,
	       r->client_sys);
	if (r->has_stats)
		printf("home agent   rx %llu  accepted %llu  denied %llu  discarded %llu  tx %llu  tx-errors %llu\n",
		       (unsigned long long)r->stats.rx_packets,
		       (unsigned long long)r->stats.rrq_accepted,
		       (unsigned long long)r->stats.rrq_denied,
		       (unsigned long long)r->stats.rx_discarded,
		       (unsigned long long)r->stats.tx_packets,
		       (unsigned long long)r->stats.tx_errors);
}

static void json_load(const struct bench_report *r)
{
	const struct bench_cfg *cfg = r->cfg;
	const struct bench_result *res = r->res;
	u64 total = cpu_total(&r->cpu);
	struct mip4_json j;
	unsigned int code;
	char name[8];

	mip4_json_init(&j, stdout, cfg->pretty);
	mip4_json_obj_open(&j, NULL);
	mip4_json_u64(&j, "nodes", cfg->nodes);
	mip4_json_str(&j, "first", first_addr(cfg));
	mip4_json_u64(&j, "threads", cfg->threads);
	mip4_json_u64(&j, "cpus", r->cpus);
	mip4_json_u64(&j, "window", cfg->window);
	mip4_json_u64(&j, "batch", cfg->batch);
	mip4_json_u64(&j, "rate", (u64)llround(cfg->rate));
	mip4_json_bool(&j, "sink", cfg->sink);
	mip4_json_bool(&j, "verify", cfg->verify);
	mip4_json_str(&j, "algorithm", alg_name(cfg->algorithm));
	mip4_json_u64(&j, "ms", (u64)llround(r->seconds * 1000));
	if (r->has_install) {
		mip4_json_obj_open(&j, "install");
		mip4_json_u64(&j, "installed", r->installed);
		mip4_json_u64(&j, "existing", r->existing);
		mip4_json_u64(&j, "ms", (u64)llround(r->install_seconds * 1000));
		mip4_json_obj_close(&j);
	}
	mip4_json_u64(&j, "sent", res->sent);
	mip4_json_u64(&j, "sent_per_s", per_s(res->sent, r->seconds));
	if (!cfg->sink) {
		mip4_json_u64(&j, "accepted", res->accepted);
		mip4_json_u64(&j, "accepted_per_s",
			      per_s(res->accepted, r->seconds));
		mip4_json_u64(&j, "denied", res->denied);
		mip4_json_obj_open(&j, "denied_by_code");
		for (code = 0; code < 256; code++) {
			if (!res->denied_by_code[code])
				continue;
			snprintf(name, sizeof(name), "%u", code);
			mip4_json_u64(&j, name, res->denied_by_code[code]);
		}
		mip4_json_obj_close(&j);
		mip4_json_u64(&j, "lost", res->lost);
		mip4_json_u64(&j, "late", res->late);
		mip4_json_u64(&j, "unmatched", res->unmatched);
		mip4_json_u64(&j, "bad_auth", res->bad_auth);
		mip4_json_obj_open(&j, "latency_us");
		mip4_json_u64(&j, "p50", us(hist_quantile(&res->lat, 0.5)));
		mip4_json_u64(&j, "p90", us(hist_quantile(&res->lat, 0.9)));
		mip4_json_u64(&j, "p99", us(hist_quantile(&res->lat, 0.99)));
		mip4_json_u64(&j, "max", us(res->lat.max));
		mip4_json_obj_close(&j);
	}
	mip4_json_u64(&j, "send_errors", res->send_errors);
	mip4_json_obj_open(&j, "machine_cpu_pct");
	mip4_json_u64(&j, "user", pct(r->cpu.user, total));
	mip4_json_u64(&j, "system", pct(r->cpu.system, total));
	mip4_json_u64(&j, "softirq", pct(r->cpu.softirq, total));
	mip4_json_u64(&j, "irq", pct(r->cpu.irq, total));
	mip4_json_u64(&j, "idle", pct(r->cpu.idle, total));
	mip4_json_obj_close(&j);
	mip4_json_obj_open(&j, "our_cpu_ms");
	mip4_json_u64(&j, "user", (u64)llround(r->client_user * 1000));
	mip4_json_u64(&j, "sys", (u64)llround(r->client_sys * 1000));
	mip4_json_obj_close(&j);
	if (r->has_stats) {
		mip4_json_obj_open(&j, "home_agent");
		mip4_json_u64(&j, "rx_packets", r->stats.rx_packets);
		mip4_json_u64(&j, "rrq_accepted", r->stats.rrq_accepted);
		mip4_json_u64(&j, "rrq_denied", r->stats.rrq_denied);
		mip4_json_u64(&j, "rx_discarded", r->stats.rx_discarded);
		mip4_json_u64(&j, "tx_packets", r->stats.tx_packets);
		mip4_json_u64(&j, "tx_errors", r->stats.tx_errors);
		mip4_json_obj_close(&j);
	}
	mip4_json_obj_close(&j);
	mip4_json_end(&j);
}

void bench_report_load(const struct bench_report *r)
{
	if (r->cfg->json)
		json_load(r);
	else
		text_load(r);
}

/* Bytes per object from a change in KiB; negative when memory went down. */
static long long per_object(u64 before_kib, u64 after_kib, u64 n)
{
	double d = ((double)after_kib - (double)before_kib) * 1024.0;

	return n ? llround(d / (double)n) : 0;
}

static u64 kernel_kib(const struct bench_meminfo *m)
{
	return m->slab + m->percpu;
}

struct per {
	long long slab_percpu, sunreclaim, vmalloc, mem_available;
};

static struct per per_compute(const struct bench_meminfo *a,
			      const struct bench_meminfo *b, u64 n)
{
	struct per p = {
		.slab_percpu = per_object(kernel_kib(a), kernel_kib(b), n),
		.sunreclaim = per_object(a->sunreclaim, b->sunreclaim, n),
		.vmalloc = per_object(a->vmalloc_used, b->vmalloc_used, n),
		/* What the machine lost: MemAvailable going down. */
		.mem_available = per_object(b->mem_available,
					    a->mem_available, n),
	};

	return p;
}

static void text_meminfo(const char *what, const struct bench_meminfo *m)
{
	printf("%-16s %10llu %12llu %8llu %13llu %14llu\n", what,
	       (unsigned long long)m->slab,
	       (unsigned long long)m->sunreclaim,
	       (unsigned long long)m->percpu,
	       (unsigned long long)m->vmalloc_used,
	       (unsigned long long)m->mem_available);
}

static void text_per(const char *what, const struct per *p)
{
	printf("%-13s slab+percpu %lld B  (SUnreclaim %lld B, VmallocUsed %lld B; MemAvailable down %lld B)\n",
	       what, p->slab_percpu, p->sunreclaim, p->vmalloc,
	       p->mem_available);
}

static void json_meminfo(struct mip4_json *j, const char *key,
			 const struct bench_meminfo *m)
{
	mip4_json_obj_open(j, key);
	mip4_json_u64(j, "slab", m->slab);
	mip4_json_u64(j, "sunreclaim", m->sunreclaim);
	mip4_json_u64(j, "percpu", m->percpu);
	mip4_json_u64(j, "vmalloc_used", m->vmalloc_used);
	mip4_json_u64(j, "mem_available", m->mem_available);
	mip4_json_obj_close(j);
}

static void json_per(struct mip4_json *j, const char *key,
		     const struct per *p)
{
	mip4_json_obj_open(j, key);
	mip4_json_i64(j, "slab_percpu", p->slab_percpu);
	mip4_json_i64(j, "sunreclaim", p->sunreclaim);
	mip4_json_i64(j, "vmalloc_used", p->vmalloc);
	mip4_json_i64(j, "mem_available", p->mem_available);
	mip4_json_obj_close(j);
}

/* Calls @fn for each cache whose objects in use changed by at least
 * @min between @a and @b.
 */
static void slab_changes(const struct bench_slabinfo *a,
			 const struct bench_slabinfo *b, long long min,
			 void (*fn)(const struct bench_slab *c, long long d,
				    void *arg),
			 void *arg)
{
	unsigned int i, k;
	long long d;

	for (i = 0; i < b->n; i++) {
		d = (long long)b->caches[i].active;
		for (k = 0; k < a->n; k++) {
			if (!strcmp(a->caches[k].name, b->caches[i].name)) {
				d -= (long long)a->caches[k].active;
				break;
			}
		}
		if (d >= min || -d >= min)
			fn(&b->caches[i], d, arg);
	}
}

static void text_slab(const struct bench_slab *c, long long d, void *arg)
{
	(void)arg;
	printf("  %s %+lld (%u B)", c->name, d, c->objsize);
}

static void json_slab(const struct bench_slab *c, long long d, void *arg)
{
	struct mip4_json *j = arg;

	mip4_json_obj_open(j, c->name);
	mip4_json_i64(j, "objects", d);
	mip4_json_u64(j, "objsize", c->objsize);
	mip4_json_obj_close(j);
}

void bench_report_memory(const struct bench_memory_report *r)
{
	/* Caches that grew by at least a tenth of an object per node. */
	long long min = r->cfg->nodes / 10 > 100 ? r->cfg->nodes / 10 : 100;
	const struct bench_cfg *cfg = r->cfg;
	struct per sa = per_compute(&r->before, &r->after_sas, r->sas);
	struct per binding = per_compute(&r->after_sas, &r->after_bindings,
					 r->bindings);
	struct mip4_json j;

	if (!cfg->json) {
		printf("mip4-bench: memory, %u nodes from %s\n", cfg->nodes,
		       first_addr(cfg));
		printf("%-16s %10s %12s %8s %13s %14s\n", "/proc/meminfo KiB",
		       "Slab", "SUnreclaim", "Percpu", "VmallocUsed",
		       "MemAvailable");
		text_meminfo("before", &r->before);
		text_meminfo("after SAs", &r->after_sas);
		text_meminfo("after bindings", &r->after_bindings);
		printf("SAs          %llu installed in %.2f s\n",
		       (unsigned long long)r->sas, r->install_seconds);
		printf("bindings     %llu of %u nodes in %.2f s (lost %llu, resent %llu, denied %llu)\n",
		       (unsigned long long)r->bindings, cfg->nodes,
		       r->register_seconds, (unsigned long long)r->res->lost,
		       (unsigned long long)r->res->retried,
		       (unsigned long long)r->res->denied);
		text_per("per SA", &sa);
		text_per("per binding", &binding);
		if (r->has_slabinfo) {
			printf("slab objects after SAs:");
			slab_changes(&r->slab_before, &r->slab_after_sas, min,
				     text_slab, NULL);
			printf("\nslab objects after bindings:");
			slab_changes(&r->slab_after_sas,
				     &r->slab_after_bindings, min, text_slab,
				     NULL);
			printf("\n");
		}
		return;
	}
	mip4_json_init(&j, stdout, cfg->pretty);
	mip4_json_obj_open(&j, NULL);
	mip4_json_u64(&j, "nodes", cfg->nodes);
	mip4_json_str(&j, "first", first_addr(cfg));
	mip4_json_obj_open(&j, "meminfo_kib");
	json_meminfo(&j, "before", &r->before);
	json_meminfo(&j, "after_sas", &r->after_sas);
	json_meminfo(&j, "after_bindings", &r->after_bindings);
	mip4_json_obj_close(&j);
	mip4_json_u64(&j, "sas", r->sas);
	mip4_json_u64(&j, "install_ms",
		      (u64)llround(r->install_seconds * 1000));
	mip4_json_u64(&j, "bindings", r->bindings);
	mip4_json_u64(&j, "register_ms",
		      (u64)llround(r->register_seconds * 1000));
	mip4_json_u64(&j, "lost", r->res->lost);
	mip4_json_u64(&j, "resent", r->res->retried);
	mip4_json_u64(&j, "denied", r->res->denied);
	json_per(&j, "bytes_per_sa", &sa);
	json_per(&j, "bytes_per_binding", &binding);
	if (r->has_slabinfo) {
		mip4_json_obj_open(&j, "slab_objects");
		mip4_json_obj_open(&j, "sas");
		slab_changes(&r->slab_before, &r->slab_after_sas, min,
			     json_slab, &j);
		mip4_json_obj_close(&j);
		mip4_json_obj_open(&j, "bindings");
		slab_changes(&r->slab_after_sas, &r->slab_after_bindings, min,
			     json_slab, &j);
		mip4_json_obj_close(&j);
		mip4_json_obj_close(&j);
	}
	mip4_json_obj_close(&j);
	mip4_json_end(&j);
}
