// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of mip4d's accounting sessions (acct.c): binding events start,
 * find and stop sessions by (home address, care-of address), 100,000 at
 * once; Interim-Updates on their wheel. With --bench N: the cost of a binding event next to 10 sessions and
 * next to N, side by side in one run (Documentation/performance.md).
 */

#include <arpa/inet.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"
#include "mip4d.h"
#include "mip4ha.h"

/* ---- what the rest of the daemon provides to acct.c ---- */

static struct mip4d_conf conf = {
	.acct = { .n = 1 },
	.accounting = {
		.interim = { .minimum_s = MIP4D_INTERIM_MINIMUM_S },
		.spool_max = MIP4D_SPOOL_MAX,
		.retry_s = MIP4D_RETRY_S,
	},
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

/* What the accounting server acknowledged, in order. */
struct seen {
	uint32_t status, cause, out_packets, session_time;
	bool has_cause, has_packets;
	char session_id[MIP4D_SESSION_ID_MAX];
};
static struct seen acked[64];
static unsigned int n_acked;
/* Whether the server answers. */
static bool server_up = true;

static uint32_t attr_u32(const uint8_t *v, size_t vlen)
{
	return vlen == 4 ? (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
			   (uint32_t)v[2] << 8 | v[3] : 0xffffffff;
}

/* Every accounting request is answered at once (or, with !server_up, never);
 * its request is built (by spool.c, for a server with no secret) to see
 * what it says.
 */
void mip4d_txn_start(struct mip4d_txn *t)
{
	static struct mip4d_server srv = { .secret = "s", .secret_len = 1 };
	size_t off = RADIUS_HDR_LEN, vlen;
	struct seen r = { 0 };
	const uint8_t *v;
	uint8_t type;

	sent++;
	last_nai[0] = '\0';
	if (!t->ops->build(t, &srv))
		while (radius_attr_next(t->pkt, t->len, &off, &type, &v,
					&vlen) == 1) {
			if (type == RADIUS_USER_NAME && vlen < sizeof(last_nai)) {
				memcpy(last_nai, v, vlen);
				last_nai[vlen] = '\0';
			}
			if (type == RADIUS_ACCT_STATUS_TYPE)
				r.status = attr_u32(v, vlen);
			if (type == RADIUS_ACCT_TERMINATE_CAUSE) {
				r.cause = attr_u32(v, vlen);
				r.has_cause = true;
			}
			if (type == RADIUS_ACCT_OUTPUT_PACKETS) {
				r.out_packets = attr_u32(v, vlen);
				r.has_packets = true;
			}
			if (type == RADIUS_ACCT_SESSION_TIME)
				r.session_time = attr_u32(v, vlen);
			if (type == RADIUS_ACCT_SESSION_ID &&
			    vlen < sizeof(r.session_id))
				memcpy(r.session_id, v, vlen);
		}
	if (server_up && n_acked < sizeof(acked) / sizeof(acked[0]))
		acked[n_acked++] = r;
	t->ops->finish(t, server_up);
}

int mip4d_nl_ha_get(struct mip4d_ha *ha)
{
	memset(ha, 0, sizeof(*ha));
	ha->address = htonl(0x0a000001);
	return 0;
}

/* The kernel's counters of a binding, for an Interim-Update: tx_packets
 * counts the queries, unless kernel_tx_packets says.
 */
static uint64_t kernel_tx_packets;

int mip4d_nl_binding_counters(uint32_t home, uint32_t coa,
			      struct mip4d_counters *counters)
{
	(void)home;
	(void)coa;
	counter_queries++;
	if (binding_gone)
		return -2;
	memset(counters, 0, sizeof(*counters));
	counters->tx_packets = kernel_tx_packets ? kernel_tx_packets :
			       counter_queries;
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

/* §9.5: a device whose user was authenticated is accounted under the
 * user's NAI; a later method-1 Accept for the NAI takes it back.
 */
static void test_multi_user_name(const void *arg)
{
	static const uint8_t nai[] = "node@example.net";
	static const uint8_t user[] = "mn-alice@corp.example";

	(void)arg;
	now_ms = 400000;
	mip4d_acct_authorized_user(nai, sizeof(nai) - 1, user,
				   sizeof(user) - 1, NULL, 0, 0);
	count_event(MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000009),
		    htonl(0xc0000209));
	EXPECT(!strcmp(last_nai, "mn-alice@corp.example"));
	count_event(MIP4HA_BINDING_EVENT_DELETE, htonl(0x0a000009),
		    htonl(0xc0000209));
	EXPECT(!strcmp(last_nai, "mn-alice@corp.example"));
	mip4d_acct_authorized(nai, sizeof(nai) - 1, NULL, 0, 0);
	count_event(MIP4HA_BINDING_EVENT_ADD, htonl(0x0a000009),
		    htonl(0xc0000209));
	EXPECT(!strcmp(last_nai, "node@example.net"));
	count_event(MIP4HA_BINDING_EVENT_DELETE, htonl(0x0a000009),
		    htonl(0xc0000209));
	mip4d_acct_shutdown();
}

/* ---- the spool and the state directory ---- */

static char state_dir[64];

static unsigned int files_in(const char *sub)
{
	char path[128];
	struct dirent *de;
	unsigned int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", state_dir, sub);
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* A binding event with counters (tx_packets @tx), as the kernel sends. */
static void event_counted(uint8_t event, uint8_t reason, uint32_t home,
			  uint64_t tx)
{
	static const uint8_t nai[] = "node@example.net";
	struct mip4d_binding_event e = {
		.event = event,
		.reason = reason,
		.nai = nai,
		.nai_len = sizeof(nai) - 1,
		.home = htonl(home),
		.coa = htonl(0xc0000299),
		.ha = htonl(0x0a000001),
		.dynamic = true,
		.has_counters = true,
		.counters.tx_packets = tx,
	};

	mip4d_acct_binding(&e);
}

/* A new mip4d on the same state directory (after a crash: nothing closed):
 * init, the dump's bindings, started.
 */
static void restart(const uint32_t *homes, const uint64_t *tx, unsigned int n)
{
	unsigned int i;

	mip4d_acct_shutdown();
	EXPECT_EQ(mip4d_acct_init(), 0);
	for (i = 0; i < n; i++)
		event_counted(MIP4HA_BINDING_EVENT_REFRESH, 0, homes[i], tx[i]);
	mip4d_acct_started();
}

/* No server answers: the Start is kept, the Stop waits behind it; every
 * retry_interval one record goes out; once one is acknowledged the rest
 * follow, in order.
 */
static void test_spool_server_down(const void *arg)
{
	uint64_t deadline;

	(void)arg;
	restart(NULL, NULL, 0);
	n_acked = sent = 0;
	server_up = false;
	now_ms = 1000000;
	event_counted(MIP4HA_BINDING_EVENT_ADD, 0, 0x0a000010, 0);
	event_counted(MIP4HA_BINDING_EVENT_DELETE, MIP4HA_BINDING_REASON_DEREG,
		      0x0a000010, 7);
	EXPECT_EQ(sent, 1);		/* the Stop waits */
	deadline = mip4d_spool_next_deadline();
	EXPECT_EQ(deadline, now_ms + conf.accounting.retry_s * 1000ull);
	now_ms = deadline - 1;
	mip4d_spool_timer();
	EXPECT_EQ(sent, 1);
	now_ms = deadline;
	mip4d_spool_timer();
	EXPECT_EQ(sent, 2);		/* the Start again, alone */
	EXPECT(!mip4d_spool_busy());
	server_up = true;
	now_ms = mip4d_spool_next_deadline();
	mip4d_spool_timer();
	EXPECT_EQ(sent, 4);
	EXPECT_EQ(n_acked, 2);
	EXPECT_EQ(acked[0].status, RADIUS_ACCT_START);
	EXPECT_EQ(acked[1].status, RADIUS_ACCT_STOP);
	EXPECT(!strcmp(acked[0].session_id, acked[1].session_id));
	EXPECT_EQ(acked[1].out_packets, 7);
	EXPECT_EQ(mip4d_spool_next_deadline(), 0);
}

/* A full spool gives up Interim-Updates first, for a Stop too. */
static void test_spool_bound(const void *arg)
{
	unsigned int queued, in_flight;
	uint64_t dropped;

	(void)arg;
	restart(NULL, NULL, 0);
	server_up = false;
	conf.accounting.spool_max = 3;
	conf.accounting.interim.interval_s = 2;
	now_ms = 2000000;
	event_counted(MIP4HA_BINDING_EVENT_ADD, 0, 0x0a000011, 0);
	now_ms += 3000;
	mip4d_acct_timer();		/* an Interim-Update */
	event_counted(MIP4HA_BINDING_EVENT_ADD, 0, 0x0a000012, 0);
	mip4d_spool_stats(&queued, &in_flight, &dropped);
	EXPECT_EQ(queued, 3);
	EXPECT_EQ(dropped, 0);
	now_ms += 3000;
	mip4d_acct_timer();		/* two Interim-Updates: no room */
	mip4d_spool_stats(&queued, &in_flight, &dropped);
	EXPECT_EQ(queued, 3);
	EXPECT_EQ(dropped, 2);
	/* A Stop takes the place of the oldest Interim-Update. */
	event_counted(MIP4HA_BINDING_EVENT_DELETE, MIP4HA_BINDING_REASON_DEREG,
		      0x0a000011, 5);
	mip4d_spool_stats(&queued, &in_flight, &dropped);
	EXPECT_EQ(queued, 3);
	EXPECT_EQ(dropped, 2);
	/* ... and with none left, a Start is not kept. */
	event_counted(MIP4HA_BINDING_EVENT_ADD, 0, 0x0a000013, 0);
	mip4d_spool_stats(&queued, &in_flight, &dropped);
	EXPECT_EQ(queued, 3);
	EXPECT_EQ(dropped, 3);
	n_acked = 0;
	server_up = true;
	now_ms = mip4d_spool_next_deadline();
	mip4d_spool_timer();
	EXPECT_EQ(n_acked, 3);
	EXPECT_EQ(acked[0].status, RADIUS_ACCT_START);
	EXPECT_EQ(acked[1].status, RADIUS_ACCT_START);
	EXPECT_EQ(acked[2].status, RADIUS_ACCT_STOP);
	conf.accounting.spool_max = MIP4D_SPOOL_MAX;
	conf.accounting.interim.interval_s = 0;
}

/* A new state directory for mip4d's accounting; false (and a failed
 * expectation) when none can be made.
 */
static bool state_dir_new(void)
{
	strcpy(state_dir, "/tmp/test_acct.XXXXXX");
	if (!mkdtemp(state_dir)) {
		EXPECT(!"mkdtemp");
		return false;
	}
	strcpy(conf.accounting.state_dir, state_dir);
	return true;
}

/*
 * The state directory across crashes: records no server acknowledged are
 * sent by the next mip4d, first and in order; a session whose binding is
 * still there continues (same Acct-Session-Id, billed from its start, no
 * Accounting-On); one whose binding went meanwhile gets its Stop with the
 * counters of its last Interim-Update; a clean stop sends a Stop for each
 * (Admin-Reboot) and Accounting-Off, and leaves no session behind.
 */
static void test_state_dir(const void *arg)
{
	static const uint32_t homes[] = { 0x0a000020 };
	static const uint64_t tx[] = { 40 };
	char id_a[MIP4D_SESSION_ID_MAX];

	(void)arg;
	if (!state_dir_new())
		return;
	server_up = false;
	now_ms = 3000000;
	restart(NULL, NULL, 0);		/* Accounting-On, unanswered */
	EXPECT_EQ(files_in("spool"), 1);
	conf.accounting.interim.interval_s = 2;
	event_counted(MIP4HA_BINDING_EVENT_ADD, 0, 0x0a000020, 0);
	event_counted(MIP4HA_BINDING_EVENT_ADD, 0, 0x0a000021, 0);
	EXPECT_EQ(files_in("spool"), 3);
	EXPECT_EQ(files_in("sessions"), 2);
	kernel_tx_packets = 25;
	now_ms += 3000;
	mip4d_acct_timer();		/* both sessions' Interim-Updates */
	kernel_tx_packets = 0;
	EXPECT_EQ(files_in("spool"), 5);

	/* A crash. The binding of 10.0.0.32 is there still; 10.0.0.33's
	 * ended meanwhile.
	 */
	n_acked = 0;
	server_up = true;
	restart(homes, tx, 1);
	EXPECT_EQ(n_acked, 6);
	EXPECT_EQ(acked[0].status, RADIUS_ACCT_ON);
	EXPECT_EQ(acked[1].status, RADIUS_ACCT_START);
	EXPECT_EQ(acked[2].status, RADIUS_ACCT_START);
	EXPECT_EQ(acked[3].status, RADIUS_ACCT_INTERIM_UPDATE);
	EXPECT_EQ(acked[4].status, RADIUS_ACCT_INTERIM_UPDATE);
	EXPECT_EQ(acked[3].out_packets, 25);
	/* No Accounting-On: a session goes on. */
	EXPECT_EQ(acked[5].status, RADIUS_ACCT_STOP);
	EXPECT_EQ(acked[5].cause, MIP4D_CAUSE_NAS_ERROR);
	EXPECT_EQ(acked[5].out_packets, 25);
	EXPECT(!strcmp(acked[5].session_id, acked[2].session_id));
	strcpy(id_a, acked[1].session_id);
	EXPECT_EQ(files_in("spool"), 0);
	EXPECT_EQ(files_in("sessions"), 1);
	EXPECT_EQ(mip4d_acct_sessions(), 1);

	/* It goes on, with the same id and counters since its start. */
	n_acked = 0;
	event_counted(MIP4HA_BINDING_EVENT_DELETE, MIP4HA_BINDING_REASON_DEREG,
		      0x0a000020, 60);
	EXPECT_EQ(n_acked, 1);
	EXPECT_EQ(acked[0].status, RADIUS_ACCT_STOP);
	EXPECT(!strcmp(acked[0].session_id, id_a));
	EXPECT_EQ(acked[0].out_packets, 60);
	EXPECT_EQ(files_in("sessions"), 0);

	/* A binding found at start that no mip4d knew: billed from now. */
	n_acked = 0;
	restart(homes, tx, 1);
	EXPECT_EQ(n_acked, 2);
	EXPECT_EQ(acked[0].status, RADIUS_ACCT_ON);
	EXPECT_EQ(acked[1].status, RADIUS_ACCT_START);
	kernel_tx_packets = 45;
	n_acked = 0;
	mip4d_acct_stop_all();
	kernel_tx_packets = 0;
	EXPECT_EQ(n_acked, 2);
	EXPECT_EQ(acked[0].status, RADIUS_ACCT_STOP);
	EXPECT_EQ(acked[0].cause, MIP4D_CAUSE_ADMIN_REBOOT);
	EXPECT_EQ(acked[0].out_packets, 5);
	EXPECT_EQ(acked[1].status, RADIUS_ACCT_OFF);
	EXPECT_EQ(files_in("sessions"), 0);
	EXPECT_EQ(files_in("spool"), 0);
	conf.accounting.interim.interval_s = 0;
	conf.accounting.state_dir[0] = '\0';
	restart(NULL, NULL, 0);
	rmdir(strcat(strcpy((char[96]){ 0 }, state_dir), "/spool"));
	rmdir(strcat(strcpy((char[96]){ 0 }, state_dir), "/sessions"));
	EXPECT_EQ(rmdir(state_dir), 0);
}

/* ---- the files' text ---- */

static const char good_record[] =
	"mip4d-record 1\n"
	"status 2\n"
	"session 5F0000010000002A\n"
	"nai 6e6f6465406578616d706c652e6e6574\n"
	"home 10.0.0.32\n"
	"coa 192.0.2.153\n"
	"nas 10.0.0.1\n"
	"event 1764660000\n"
	"session-time 20\n"
	"cause 1\n"
	"counters 3 252 2 168\n"
	"class 0102\n";

static void test_record_round_trip(const void *arg)
{
	struct mip4d_acct_record r, r2;
	char text[MIP4D_RECORD_TEXT_MAX];
	size_t len;

	(void)arg;
	EXPECT_EQ(mip4d_record_parse(good_record, &r), 0);
	EXPECT_EQ(r.status, RADIUS_ACCT_STOP);
	EXPECT_EQ(r.nai_len, 16);
	EXPECT_EQ(ntohl(r.home), 0x0a000020);
	EXPECT_EQ(r.counters.rx_bytes, 168);
	EXPECT_EQ(r.class_len, 2);
	len = mip4d_record_format(&r, text, sizeof(text));
	EXPECT_EQ(len, strlen(good_record));
	EXPECT(!strcmp(text, good_record));
	EXPECT_EQ(mip4d_record_parse(text, &r2), 0);
	EXPECT_MEM(&r, &r2, sizeof(r));
	/* The largest: an NAI and a Class of 253 octets, 64-bit counters. */
	memset(r.nai, 0xff, sizeof(r.nai));
	r.nai_len = sizeof(r.nai);
	memset(r.class_, 0xee, sizeof(r.class_));
	r.class_len = sizeof(r.class_);
	r.counters.tx_bytes = UINT64_MAX;
	len = mip4d_record_format(&r, text, sizeof(text));
	EXPECT(len < sizeof(text) - 1);
	EXPECT_EQ(mip4d_record_parse(text, &r2), 0);
	EXPECT_MEM(&r, &r2, sizeof(r));
}

/* Each damaged variant of a good file is refused as a whole. */
static void test_record_damaged(const void *arg)
{
	static const struct { const char *from, *to; } edits[] = {
		{ "mip4d-record 1", "mip4d-record 2" },
		{ "status 2", "status 9" },
		{ "status 2", "status 02" },
		{ "status 2", "status -2" },
		{ "status 2", "status" },
		{ "event 1764660000", "event 4294967296" },
		{ "event 1764660000", "event 99999999999999999999999" },
		{ "nai 6e", "nai 6" },
		{ "nai 6e", "nai 6E" },
		{ "nai 6e", "nai zz" },
		{ "home 10.0.0.32", "home 10.0.0.256" },
		{ "home 10.0.0.32", "home 0.0.0.0" },
		{ "counters 3 252 2 168", "counters 3 252 2" },
		{ "counters 3 252 2 168", "counters 3 252 2 168 " },
		{ "counters 3 252 2 168", "counters 3  252 2 168" },
		{ "counters 3 252 2 168", "counters 3 252 2 18446744073709551616" },
		{ "session 5F0000010000002A", "session 5F 0000010000002A" },
		{ "session 5F0000010000002A", "session 5F0000010000002A5F0000010000002A" },
		{ "cause 1\n", "cause 1\ncause 2\n" },
		{ "cause 1\n", "colour 1\n" },
		{ "cause 1\n", "cause 1\n\n" },
		{ "coa 192.0.2.153\n", "" },
		{ "nas 10.0.0.1\n", "" },
		{ "class 0102\n", "class 0102" },
	};
	struct mip4d_acct_record r;
	char text[MIP4D_RECORD_TEXT_MAX], *at;
	unsigned int i;
	size_t cut;

	(void)arg;
	for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		at = strstr(good_record, edits[i].from);
		if (!at) {
			EXPECT(!"edit applies");
			continue;
		}
		snprintf(text, sizeof(text), "%.*s%s%s",
			 (int)(at - good_record), good_record, edits[i].to,
			 at + strlen(edits[i].from));
		if (mip4d_record_parse(text, &r) == 0)
			printf("        # accepted: %s -> %s\n", edits[i].from,
			       edits[i].to);
		EXPECT(mip4d_record_parse(text, &r) != 0);
	}
	/* A 256-octet NAI; an NAI on Accounting-On. */
	snprintf(text, sizeof(text), "mip4d-record 1\nstatus 1\nsession x\nnas 1.2.3.4\nevent 1\nhome 1.2.3.4\ncoa 1.2.3.4\nnai %0512d\n",
		 0);
	EXPECT(mip4d_record_parse(text, &r) != 0);
	EXPECT_EQ(mip4d_record_parse("mip4d-record 1\nstatus 7\nsession x\nnas 1.2.3.4\nevent 1\n", &r), 0);
	EXPECT(mip4d_record_parse("mip4d-record 1\nstatus 7\nsession x\nnas 1.2.3.4\nevent 1\nnai 41\n", &r) != 0);
	/* Every cut short: refused, or (cut after a line) a good record. */
	for (cut = 0; cut < strlen(good_record); cut++) {
		snprintf(text, sizeof(text), "%.*s", (int)cut, good_record);
		if (!mip4d_record_parse(text, &r))
			EXPECT(text[cut - 1] == '\n');
	}
}

static const char good_session[] =
	"mip4d-session 1\n"
	"session 5F0000010000002A\n"
	"nai 6e6f6465406578616d706c652e6e6574\n"
	"home 10.0.0.32\n"
	"coa 192.0.2.153\n"
	"nas 10.0.0.1\n"
	"started 1764660000\n"
	"interim 600\n"
	"base 1 2 3 4\n"
	"counters 5 6 7 8\n"
	"last-time 1764660600\n";

static void test_session_file(const void *arg)
{
	struct mip4d_session_state st;
	char text[MIP4D_RECORD_TEXT_MAX];

	(void)arg;
	EXPECT_EQ(mip4d_session_parse(good_session, &st), 0);
	EXPECT_EQ(st.base.rx_bytes, 4);
	EXPECT_EQ(st.last.tx_packets, 5);
	EXPECT_EQ(st.interim_s, 600);
	mip4d_session_format(&st, text, sizeof(text));
	EXPECT(!strcmp(text, good_session));
	/* Not a record, and a record is not a session. */
	EXPECT(mip4d_session_parse(good_record, &st) != 0);
	snprintf(text, sizeof(text), "%s", good_session);
	*strstr(text, "base") = 'B';
	EXPECT(mip4d_session_parse(text, &st) != 0);
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

/* §9.5 across a crash: the session of a user goes on under the user's
 * NAI once the kernel's SAs have told it (mip4d_nl_user_nais() at start).
 */
static void test_multi_user_restart(const void *arg)
{
	static const uint8_t nai[] = "node@example.net";
	static const uint8_t user[] = "mn-alice@corp.example";
	char id[MIP4D_SESSION_ID_MAX];

	(void)arg;
	if (!state_dir_new())
		return;
	server_up = true;
	now_ms = 5000000;
	restart(NULL, NULL, 0);
	mip4d_acct_authorized_user(nai, sizeof(nai) - 1, user,
				   sizeof(user) - 1, NULL, 0, 0);
	n_acked = 0;
	event_counted(MIP4HA_BINDING_EVENT_ADD, 0, 0x0a000030, 0);
	EXPECT_EQ(n_acked, 1);
	EXPECT(!strcmp(last_nai, "mn-alice@corp.example"));
	strcpy(id, acked[0].session_id);

	/* A crash; the kernel's SA names the user: the session goes on. */
	n_acked = 0;
	mip4d_acct_shutdown();
	EXPECT_EQ(mip4d_acct_init(), 0);
	mip4d_acct_authorized_user(nai, sizeof(nai) - 1, user,
				   sizeof(user) - 1, NULL, 0, 0);
	event_counted(MIP4HA_BINDING_EVENT_REFRESH, 0, 0x0a000030, 3);
	mip4d_acct_started();
	EXPECT_EQ(n_acked, 0);		/* no Stop, no Accounting-On */
	EXPECT_EQ(mip4d_acct_sessions(), 1);
	event_counted(MIP4HA_BINDING_EVENT_DELETE, MIP4HA_BINDING_REASON_DEREG,
		      0x0a000030, 9);
	EXPECT_EQ(n_acked, 1);
	EXPECT_EQ(acked[0].status, RADIUS_ACCT_STOP);
	EXPECT(!strcmp(acked[0].session_id, id));
	EXPECT(!strcmp(last_nai, "mn-alice@corp.example"));
	mip4d_acct_stop_all();
	EXPECT_EQ(files_in("sessions"), 0);
	conf.accounting.state_dir[0] = '\0';
	restart(NULL, NULL, 0);
	rmdir(strcat(strcpy((char[96]){ 0 }, state_dir), "/spool"));
	rmdir(strcat(strcpy((char[96]){ 0 }, state_dir), "/sessions"));
	EXPECT_EQ(rmdir(state_dir), 0);
}

static const struct ktap_case acct_cases[] = {
	{ "many_sessions", test_many_sessions, NULL },
	{ "static_key_not_accounted", test_static_key_not_accounted, NULL },
	{ "interim_wheel", test_interim_wheel, NULL },
	{ "interim_many", test_interim_many, NULL },
	{ "interim_from_accept", test_interim_from_accept, NULL },
	{ "multi_user_name", test_multi_user_name, NULL },
	{ "multi_user_restart", test_multi_user_restart, NULL },
	{ "spool_server_down", test_spool_server_down, NULL },
	{ "spool_bound", test_spool_bound, NULL },
	{ "state_dir", test_state_dir, NULL },
};

static const struct ktap_case record_cases[] = {
	{ "record_round_trip", test_record_round_trip, NULL },
	{ "record_damaged", test_record_damaged, NULL },
	{ "session_file", test_session_file, NULL },
};

int main(int argc, char **argv)
{
	const struct ktap_suite suites[] = {
		KTAP_SUITE("mip4d_acct_sessions", acct_cases),
		KTAP_SUITE("mip4d_state_files", record_cases),
	};

	/* A mip4d that started with no state directory and no binding. */
	mip4d_acct_init();
	mip4d_acct_started();
	if (argc == 3 && !strcmp(argv[1], "--bench"))
		return bench((uint32_t)strtoul(argv[2], NULL, 0));
	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
