// SPDX-License-Identifier: GPL-2.0
/*
 * aka_hlr: mip4d's AKA core (aka.c) and HLR link (gsup_conn.c), in an epoll
 * loop of their own (loop.c), against a real osmo-hlr; for test_hlr.sh.
 * The kernel is played by this program: it builds the Mobile Node's
 * requests with a software USIM (lib/aka.c) holding K and OPc, hands them
 * to the core, and checks the answers the core gives the kernel.
 *
 *   aka_hlr PORT GSUP_NAME NAI K OPC RESTART_CMD
 *
 * 1. link up; RRQ1 -> a challenge from the HLR's vectors, which the USIM
 *    accepts; RRQ2 -> code 0 with the Skey the node derived;
 * 2. RESTART_CMD restarts the HLR: the link drops and comes back; the same
 *    exchange again;
 * 3. the USIM is ahead (SEQ 100000 in every slot): its AUTS goes back, the
 *    HLR resynchronises, and the exchange ends with code 0.
 * Prints one line per step ("up", "accepted", "link-down", "reconnected",
 * "sync-failure", "resync-challenge", ...) and exits 0 when all passed.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#include "aka.h"
#include "akad.h"
#include "mac.h"
#include "testdata.h"

int mip4d_log_level_cur = LOG_NOTICE;

void mip4d_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > mip4d_log_level_cur)
		return;
	va_start(ap, fmt);
	printf("# log: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

uint64_t mip4d_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static bool answered;
static uint8_t got_code;
static struct mip4d_answer got;

static void answer(uint32_t cookie, uint8_t code,
		   const struct mip4d_answer *ans, const char *nai,
		   const char *coa, const char *why, uint64_t started)
{
	(void)nai;
	(void)coa;
	(void)started;
	printf("# answer %u: code %u, %s\n", cookie, code, why);
	answered = true;
	got_code = code;
	memset(&got, 0, sizeof(got));
	if (ans)
		got = *ans;
}

static void reset(void)
{
	mip4d_gsup_reset("no answer within hlr_timeout_ms");
}

static const struct mip4d_aka_ops ops = {
	.send_sai = mip4d_gsup_send_sai,
	.answer = answer,
	.hlr_reset = reset,
};

static int epfd;

/* The loop, until @done() or @ms pass. */
static bool run_until(bool (*done)(void), unsigned int ms)
{
	uint64_t end = mip4d_now_ms() + ms, next, t, now;
	struct epoll_event evs[8];
	int n, i, wait;

	while (!done()) {
		now = mip4d_now_ms();
		if (now >= end)
			return false;
		next = end;
		t = mip4d_gsup_next_deadline();
		if (t && t < next)
			next = t;
		t = mip4d_aka_next_deadline();
		if (t && t < next)
			next = t;
		wait = next > now ? (int)(next - now) : 0;
		n = epoll_wait(epfd, evs, 8, wait);
		for (i = 0; i < n; i++) {
			struct mip4d_watch *w = evs[i].data.ptr;

			if (w->kind == MIP4D_WATCH_GSUP)
				mip4d_gsup_input(evs[i].events);
		}
		mip4d_gsup_timer();
		mip4d_aka_timer(mip4d_now_ms());
	}
	return true;
}

static bool is_up(void)
{
	return mip4d_gsup_up();
}

static bool is_down(void)
{
	return !mip4d_gsup_up();
}

static bool has_answer(void)
{
	return answered;
}

static const char *nai;
static u8 k[16], opc[16];
static struct mip4_usim_seq usim = { .ind_bits = 5 };
static const struct mip4_cvse_h H = {
	.version = 1, .method = 2, .algorithm = 1, .replay = 2,
	.spi_s = 0x1000, .spi_d = 0x1001,
};
static uint64_t id = 0xeb2d0a5a00000001ull;
static uint32_t cookie;

/* One request of the node, handed to the core; its answer. */
static bool request(uint16_t type, const uint8_t *value, size_t len,
		    const uint8_t *skey)
{
	static uint8_t buf[MIP4_MSG_MAX];
	struct mip4_msg msg;
	struct mip4_msg_spec s = {
		.type = MIP4_TYPE_RRQ, .flags = 0x02, .lifetime = 1800,
		.home_addr = ip("10.1.0.10"), .ha_addr = ip("10.1.0.1"),
		.coa = ip("192.0.2.10"), .id = id++,
		.nai = (const uint8_t *)nai, .nai_len = (uint8_t)strlen(nai),
		.cvse_type = type, .cvse_value = value, .cvse_len = (u16)len,
		.vendor_id = 32473, .algorithm = skey ? H.algorithm : 0,
		.spi = H.spi_s,
	};
	struct mip4d_aka_req r = {
		.rrq = buf, .msg = &msg, .coa = "192.0.2.10",
	};
	int n = mip4_msg_build(buf, sizeof(buf), &s);

	if (n < 0 || (skey && mip4_mhae_sign(buf, (size_t)n, H.algorithm,
					     skey, 16)) ||
	    mip4_msg_parse(buf, (size_t)n, 32473, &msg) || msg.deny_code) {
		printf("cannot build the request\n");
		return false;
	}
	r.len = (size_t)n;
	r.cookie = ++cookie;
	r.now = mip4d_now_ms();
	answered = false;
	mip4d_aka_request(&r);
	if (!run_until(has_answer, 5000)) {
		printf("no answer\n");
		return false;
	}
	return true;
}

static bool start(void)
{
	uint8_t v[MIP4_AKA_START_LEN] = { 0 };

	mip4_cvse_h_put(v, &H);
	return request(MIP4_CVSE_AKA_START, v, sizeof(v), NULL);
}

static bool is_challenge(void)
{
	return got_code == MIP4_CODE_AUTH_FAILED &&
	       got.reply_ext_type == MIP4_CVSE_AKA_CHALLENGE &&
	       got.reply_ext_len == MIP4_AKA_CHALLENGE_LEN;
}

/* The node on the challenge in @got: RRQ2, or AKA_FAILURE on a sync
 * failure. Returns the USIM's verdict, and whether RRQ2 was accepted
 * with the node's own keys in *@accepted.
 */
static enum mip4_aka_usim_result respond(bool *accepted)
{
	const uint8_t *c = got.reply_ext;
	uint8_t rand[16], autn[16], res[8], ck[16], ik[16], auts[14],
		h[MIP4_CVSE_H_LEN], skey[16], v[48] = { 0 };
	enum mip4_aka_usim_result u;

	*accepted = false;
	memcpy(h, c, sizeof(h));
	memcpy(rand, c + MIP4_AKA_CHALLENGE_RAND, 16);
	memcpy(autn, c + MIP4_AKA_CHALLENGE_AUTN, 16);
	u = mip4_aka_usim(k, opc, &usim, rand, autn, res, ck, ik, auts);
	memcpy(v, h, sizeof(h));
	memcpy(v + 16, rand, 16);
	if (u == MIP4_AKA_USIM_SYNC_FAILURE) {
		v[MIP4_AKA_FAILURE_CAUSE] = MIP4_AKA_CAUSE_SYNC;
		memcpy(v + MIP4_AKA_FAILURE_AUTS, auts, 14);
		request(MIP4_CVSE_AKA_FAILURE, v, sizeof(v), NULL);
		return u;
	}
	if (u != MIP4_AKA_USIM_OK)
		return u;
	mip4_aka_skey(ck, ik, (const u8 *)nai, (u8)strlen(nai), rand, autn, h,
		      skey);
	v[MIP4_AKA_RESPONSE_RES_LEN] = 8;
	memcpy(v + MIP4_AKA_RESPONSE_RES, res, 8);
	if (request(MIP4_CVSE_AKA_RESPONSE, v, sizeof(v), skey))
		*accepted = got_code == MIP4_CODE_ACCEPTED &&
			    got.key_len == 16 && !memcmp(got.skey, skey, 16) &&
			    got.reply_ext_type == MIP4_CVSE_AKA_RESULT;
	return u;
}

static bool exchange(const char *what)
{
	bool ok;

	if (!start() || !is_challenge()) {
		printf("%s: no challenge\n", what);
		return false;
	}
	printf("%s-challenge\n", what);
	if (respond(&ok) != MIP4_AKA_USIM_OK || !ok) {
		printf("%s: not accepted\n", what);
		return false;
	}
	printf("%s-accepted\n", what);
	return true;
}

int main(int argc, char **argv)
{
	static struct mip4d_aka_conf c;
	const struct mip4d_aka_stats *st;
	bool ok;
	unsigned int i;

	if (argc != 7) {
		fprintf(stderr, "usage: aka_hlr PORT GSUP_NAME NAI K OPC RESTART_CMD\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	nai = argv[3];
	if (unhex(argv[4], k, 16) != 16 || unhex(argv[5], opc, 16) != 16)
		return 2;
	c.enabled = true;
	c.hlr.sin_family = AF_INET;
	c.hlr.sin_port = htons((u16)atoi(argv[1]));
	c.hlr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	snprintf(c.gsup_name, sizeof(c.gsup_name), "%s", argv[2]);
	c.batch = 1;		/* every attempt goes to the HLR */
	c.av_max_age_s = 3600;
	c.challenge_lifetime_s = 30;
	c.hlr_timeout_ms = 3000;
	c.challenges_per_minute = 60;
	c.max_resync = 1;
	c.key_lifetime_s = 3600;
	c.max_in_progress = 16;

	epfd = mip4d_loop_open();
	mip4d_aka_init(&ops);
	mip4d_aka_configure(&c, mip4d_now_ms());
	mip4d_gsup_configure(&c);
	if (!run_until(is_up, 5000)) {
		printf("no link\n");
		return 1;
	}
	printf("up\n");
	if (!exchange("first"))
		return 1;

	if (system(argv[6]) != 0) {
		printf("restart failed\n");
		return 1;
	}
	if (!run_until(is_down, 5000)) {
		printf("the link did not notice\n");
		return 1;
	}
	printf("link-down\n");
	if (!run_until(is_up, 15000)) {
		printf("no reconnection\n");
		return 1;
	}
	printf("reconnected\n");
	if (!exchange("after-restart"))
		return 1;

	/* The USIM has seen SEQ 100000 in every slot (beyond anything the
	 * HLR issued so far in this test run): our SQN is stale.
	 */
	for (i = 0; i < (1u << usim.ind_bits); i++)
		usim.seq[i] = 100000;
	if (!start() || !is_challenge() ||
	    respond(&ok) != MIP4_AKA_USIM_SYNC_FAILURE) {
		printf("no sync failure\n");
		return 1;
	}
	printf("sync-failure\n");
	if (!is_challenge()) {
		printf("resync: no challenge (code %u)\n", got_code);
		return 1;
	}
	printf("resync-challenge\n");
	if (respond(&ok) != MIP4_AKA_USIM_OK || !ok) {
		printf("resync: not accepted\n");
		return 1;
	}
	printf("resync-accepted\n");
	st = mip4d_aka_stats();
	printf("# sai %llu, avs %llu, accepted %llu, resyncs %llu, link lost %llu\n",
	       (unsigned long long)st->sai_sent,
	       (unsigned long long)st->avs_received,
	       (unsigned long long)st->accepted,
	       (unsigned long long)st->resyncs,
	       (unsigned long long)st->hlr_link_lost);
	mip4d_gsup_close();
	mip4d_aka_shutdown();
	return st ? 0 : 1;
}
