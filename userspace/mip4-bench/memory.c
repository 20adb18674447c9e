// SPDX-License-Identifier: GPL-2.0
/* mip4-bench: what /proc/meminfo and /proc/stat say. */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "proto.h"

int bench_meminfo_read(struct bench_meminfo *m)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		{ "Slab:", offsetof(struct bench_meminfo, slab) },
		{ "SUnreclaim:", offsetof(struct bench_meminfo, sunreclaim) },
		{ "Percpu:", offsetof(struct bench_meminfo, percpu) },
		{ "VmallocUsed:", offsetof(struct bench_meminfo, vmalloc_used) },
		{ "MemAvailable:", offsetof(struct bench_meminfo, mem_available) },
	};
	unsigned int i, found = 0;
	char line[256], name[64];
	uint64_t v;
	FILE *f;

	memset(m, 0, sizeof(*m));
	f = fopen("/proc/meminfo", "re");
	if (!f) {
		bench_warn("/proc/meminfo: %s", strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %" SCNu64, name, &v) != 2)
			continue;
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			if (strcmp(name, fields[i].name))
				continue;
			*(u64 *)((char *)m + fields[i].off) = v;
			found++;
		}
	}
	fclose(f);
	if (found != sizeof(fields) / sizeof(fields[0])) {
		bench_warn("/proc/meminfo lacks a field we need");
		return -1;
	}
	return 0;
}

int bench_cpu_read(struct bench_cpu *c)
{
	uint64_t v[10] = { 0 };
	char line[512];
	FILE *f;
	int n;

	memset(c, 0, sizeof(*c));
	f = fopen("/proc/stat", "re");
	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	/* cpu user nice system idle iowait irq softirq steal guest guest_nice */
	n = sscanf(line, "cpu %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
		   " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64,
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	if (n < 7)
		return -1;
	c->user = v[0] + v[1];
	c->system = v[2];
	c->idle = v[3] + v[4];
	c->irq = v[5];
	c->softirq = v[6];
	c->other = v[7];
	return 0;
}

int bench_slabinfo_read(struct bench_slabinfo *s)
{
	struct bench_slab *c;
	unsigned int cap = 0;
	unsigned long long active;
	unsigned int objsize;
	char line[512], name[64];
	FILE *f;

	memset(s, 0, sizeof(*s));
	f = fopen("/proc/slabinfo", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %llu %*u %u", name, &active,
			   &objsize) != 3)
			continue;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 256;
			c = realloc(s->caches, cap * sizeof(*c));
			if (!c) {
				fclose(f);
				bench_slabinfo_free(s);
				return -1;
			}
			s->caches = c;
		}
		c = &s->caches[s->n++];
		snprintf(c->name, sizeof(c->name), "%s", name);
		c->active = active;
		c->objsize = objsize;
	}
	fclose(f);
	return s->n ? 0 : -1;
}

void bench_slabinfo_free(struct bench_slabinfo *s)
{
	free(s->caches);
	memset(s, 0, sizeof(*s));
}
