// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of mip4d's accounting sessions (acct.c): binding events start,
 * find and stop sessions by (home address, care-of address), 100,000 at
 * once; Interim-Updates on their wheel. With --bench N: the cost of a binding event next to 10 sessions and
 * next to N, side by side in one run (Documentation/performance.md).
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ktap.h"
#include "mip4d.h"
#include "mip4ha.h"

/* ---- what the rest of the daemon provides to acct.c ---- */

static struct mip4d_conf conf = {
	.acct = { .n = 1 },
	.accounting.interim = { .minimum_s = MIP4D_INTERIM_MINIMUM_S },
};
static unsigned int starts, stops;
static uint64_t now_ms;
static unsigned int sent, counter_queries;
static bool binding_gone;

int mip4d_log_level_cur = LOG_ERR;

void mip4d_log(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

struct mip4d_conf *mip4d_conf_current(void)
{
	return &conf;
}

struct mip4d_conf *mip4d_conf_get(struct mip4d_conf *c)
{
	return c;
}

void mip4d_conf_put(struct mip4d_conf *c)
{
	(void)c;
}

uint64_t mip4d_now_ms(void)
{
	return now_ms;
}

/* The User-Name of the last accounting request. */
static char last_nai[MIP4D_NAI_STR_MAX];

/* Every accounting request is answered at once; its request is built (by
 * acct.c, for a server with no secret) to see its User-Name.
 */
void mip4d_txn_start(struct mip4d_txn *t)
{
	static struct mip4d_server srv = { .secret = "s", .secret_len = 1 };
	size_t off = RADIUS_HDR_LEN, vlen;
	const uint8_t *v;
	uint8_t type;

	sent++;
	last_nai[0] = '\0';
	if (!t->ops->build(t, &srv))
		while (radius_attr_next(t->pkt, t->len, &off, &type, &v,
					&vlen) == 1)
			if (type == RADIUS_USER_NAME && vlen < sizeof(last_nai)) {
				memcpy(last_nai, v, vlen);
				last_nai[vlen] = '\0';
			}
	t->ops->finish(t, true);
}

/* The kernel's counters of a binding, for an Interim-Update. */
int mip4d_nl_binding_counters(uint32_t home, uint32_t coa,
			      struct mip4d_counters *counters)
{
	(void)home;
	(void)coa;
	counter_queries++;
	if (binding_gone)
		return -2;
	memset(counters, 0, sizeof(*counters));
	counters->tx_packets = counter_queries;
	return 0;
}

/* One binding event; counts the sessions it started or stopped. */
static void count_event(uint8_t event, uint32_t home, uint32_t coa)
{
	static const uint8_t nai[] = "node@example.net";
	uint32_t before = mip4d_acct_sessions();
	struct mip4d_binding_event e = {
		.event = event,
		.reason = MIP4HA_BINDING_REASON_DEREG,
		.nai = nai,
		.nai_len = sizeof(nai) - 1,
		.home = home,
		.coa = coa,
		.spi = 0x1001,
		.ha = htonl(0x0a000001),
		.dynamic = true,
	};

	mip4d_acct_binding(&e);
	if (mip4d_acct_sessions() > before)
		starts++;
	else if (mip4d_acct_sessions() < before)
		stops++;
}

#define MANY	100000

static void test_many_sessions(const void *arg)
{
	uint32_t i;

	(void)arg;
	starts = stops = 0;
	for (i = 0; i < MANY; i++)
		count_event(MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000000 + i),
			    htonl(0xc0000200 + (i & 0xff)));
	EXPECT_EQ(mip4d_acct_sessions(), MANY);
	EXPECT_EQ(starts, MANY);
	/* Refreshes of known bindings start nothing; an add of a known one
	 * neither.
	 */
	for (i = 0; i < MANY; i++)
		count_event(i & 1 ? MIP4HA_BINDING_EVENT_REFRESH :
			    MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000000 + i),
			    htonl(0xc0000200 + (i & 0xff)));
	EXPECT_EQ(mip4d_acct_sessions(), MANY);
	EXPECT_EQ(starts, MANY);
	/* The same home address at another care-of address is another
	 * session; a delete of an unknown one stops nothing.
	 */
	count_event(MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000000), htonl(1));
	EXPECT_EQ(mip4d_acct_sessions(), MANY + 1);
	count_event(MIP4HA_BINDING_EVENT_DELETE, htonl(0x0a000000), htonl(2));
	EXPECT_EQ(stops, 0);
	for (i = 0; i < MANY; i++)
		count_event(MIP4HA_BINDING_EVENT_DELETE, htonl(0x0a000000 + i),
			    htonl(0xc0000200 + (i & 0xff)));
	EXPECT_EQ(stops, MANY);
	EXPECT_EQ(mip4d_acct_sessions(), 1);
	mip4d_acct_shutdown();
	EXPECT_EQ(mip4d_acct_sessions(), 0);
}

/* Bindings made with a configured key are not accounted, unless
 * [accounting] static_keys says so; one of a home address's SA (no NAI)
 * is then named by the address.
 */
static void test_static_key_not_accounted(const void *arg)
{
	static const uint8_t nai[] = "static@example.net";
	struct mip4d_binding_event e = {
		.event = MIP4HA_BINDING_EVENT_ADD,
		.nai = nai,
		.nai_len = sizeof(nai) - 1,
		.home = htonl(0x0a000005),
		.coa = htonl(0xc0000205),
		.spi = 0x100,
		.ha = htonl(0x0a000001),
	};

	(void)arg;
	mip4d_acct_binding(&e);
	EXPECT_EQ(mip4d_acct_sessions(), 0);
	e.dynamic = true;
	mip4d_acct_binding(&e);
	EXPECT_EQ(mip4d_acct_sessions(), 1);
	mip4d_acct_shutdown();

	conf.accounting.static_keys = true;
	e.dynamic = false;
	sent = 0;
	mip4d_acct_binding(&e);
	EXPECT_EQ(mip4d_acct_sessions(), 1);
	EXPECT_EQ(sent, 1);
	e.nai = NULL;
	e.nai_len = 0;
	e.home = htonl(0x0a000006);
	mip4d_acct_binding(&e);
	EXPECT_EQ(mip4d_acct_sessions(), 2);
	EXPECT_EQ(sent, 2);
	EXPECT(!strcmp(last_nai, "10.0.0.6"));
	conf.accounting.static_keys = false;
	mip4d_acct_shutdown();
}

/* Interims every 2 s from the configuration: each sent once the second it
 * is due in has ended (up to a second late, never early), none made up
 * after a stall, none once the session ended; a binding the kernel no
 * longer has gets none (its Stop is on its way).
 */
static void test_interim_wheel(const void *arg)
{
	(void)arg;
	conf.accounting.interim.interval_s = 2;
	now_ms = 10300;
	count_event(MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000007),
		    htonl(0xc0000207));
	EXPECT_EQ(mip4d_acct_next_deadline(), 11000);
	sent = counter_queries = 0;
	/* Due at 12300: at 12000 and 12999 its second is not over (a slot
	 * looked at too early must still be looked at again).
	 */
	now_ms = 12000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 0);
	now_ms = 12999;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 0);
	now_ms = 13000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 1);
	EXPECT_EQ(sent, 1);
	EXPECT_EQ(mip4d_acct_next_deadline(), 14000);
	now_ms = 14999;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 1);
	now_ms = 15000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 2);
	/* 1,100 s late, over more than a turn of the wheel: one record. */
	now_ms = 15000 + 1100 * 1000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 3);
	EXPECT_EQ(mip4d_acct_next_deadline(), now_ms + 1000);
	binding_gone = true;
	now_ms += 2000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 4);
	EXPECT_EQ(sent, 3);
	binding_gone = false;
	count_event(MIP4HA_BINDING_EVENT_DELETE, htonl(0x0a000007),
		    htonl(0xc0000207));
	EXPECT_EQ(mip4d_acct_next_deadline(), 0);
	now_ms += 10000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 4);
	conf.accounting.interim.interval_s = 0;
	mip4d_acct_shutdown();
}

/* 100,000 sessions started within one second are all due two seconds
 * later, each once, whatever the order the timer sees them in.
 */
static void test_interim_many(const void *arg)
{
	uint32_t i;

	(void)arg;
	conf.accounting.interim.interval_s = 2;
	for (i = 0; i < MANY; i++) {
		now_ms = 50000 + i % 1000;
		count_event(MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000000 + i),
			    htonl(0xc0000201));
	}
	counter_queries = 0;
	now_ms = 52999;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 0);
	now_ms = 53000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, MANY);
	now_ms = 54999;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, MANY);
	now_ms = 55000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 2 * MANY);
	conf.accounting.interim.interval_s = 0;
	mip4d_acct_shutdown();
	EXPECT_EQ(mip4d_acct_next_deadline(), 0);
}

/* An Access-Accept's Acct-Interim-Interval wins over the configuration,
 * but not below interim_minimum (RFC 2869 §5.16); an Accept without one
 * takes back what an earlier one said.
 */
static void test_interim_from_accept(const void *arg)
{
	static const uint8_t nai[] = "node@example.net";

	(void)arg;
	conf.accounting.interim.interval_s = 2;
	now_ms = 100000;
	mip4d_acct_authorized(nai, sizeof(nai) - 1, NULL, 0, 5);
	count_event(MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000008),
		    htonl(0xc0000208));
	counter_queries = 0;
	now_ms = 160999;	/* due at 160000, after 60 s, not 5 */
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 0);
	now_ms = 161000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 1);
	mip4d_acct_shutdown();

	conf.accounting.interim.minimum_s = 1;
	mip4d_acct_authorized(nai, sizeof(nai) - 1, NULL, 0, 5);
	now_ms = 200000;
	count_event(MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000008),
		    htonl(0xc0000208));
	counter_queries = 0;
	now_ms = 205999;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 0);
	now_ms = 206000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 1);
	count_event(MIP4HA_BINDING_EVENT_DELETE, htonl(0x0a000008),
		    htonl(0xc0000208));

	/* A new Accept with neither Class nor interval: the configuration's. */
	mip4d_acct_authorized(nai, sizeof(nai) - 1, NULL, 0, 0);
	now_ms = 300000;
	count_event(MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000008),
		    htonl(0xc0000208));
	counter_queries = 0;
	now_ms = 303000;
	mip4d_acct_timer();
	EXPECT_EQ(counter_queries, 1);
	conf.accounting.interim.minimum_s = MIP4D_INTERIM_MINIMUM_S;
	conf.accounting.interim.interval_s = 0;
	mip4d_acct_shutdown();
}

static double cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Nanoseconds of CPU per refresh event with @n sessions up. */
static double refresh_cost(uint32_t n, uint32_t rounds)
{
	double t0, t;
	uint32_t i, r;

	for (i = 0; i < n; i++)
		count_event(MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000000 + i),
			    htonl(0xc0000201));
	t0 = cpu_ns();
	for (r = 0; r < rounds; r++)
		for (i = 0; i < 10; i++)
			count_event(MIP4HA_BINDING_EVENT_REFRESH,
				    htonl(0x0a000000 + (i * 7919 + r) % n),
				    htonl(0xc0000201));
	t = (cpu_ns() - t0) / (rounds * 10.0);
	mip4d_acct_shutdown();
	return t;
}

static int bench(uint32_t n)
{
	double small = 0, large = 0;
	int round;

	/* Interleaved, five times each: the machine may be busy. */
	for (round = 0; round < 5; round++) {
		small += refresh_cost(10, 100000);
		large += refresh_cost(n, 100000);
	}
	printf("refresh event: %.0f ns with 10 sessions, %.0f ns with %u; ratio %.2f\n",
	       small / 5, large / 5, n, large / small);
	return 0;
}

static const struct ktap_case acct_cases[] = {
	{ "many_sessions", test_many_sessions, NULL },
	{ "static_key_not_accounted", test_static_key_not_accounted, NULL },
	{ "interim_wheel", test_interim_wheel, NULL },
	{ "interim_many", test_interim_many, NULL },
	{ "interim_from_accept", test_interim_from_accept, NULL },
};

int main(int argc, char **argv)
{
	const struct ktap_suite suites[] = {
		KTAP_SUITE("mip4d_acct_sessions", acct_cases),
	};

	if (argc == 3 && !strcmp(argv[1], "--bench"))
		return bench((uint32_t)strtoul(argv[2], NULL, 0));
	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
