// SPDX-License-Identifier: GPL-2.0
/*
 * mip4d: the AKA core (aka.c) wired to the kernel (keygen-answer), to the
 * HLR link (gsup_conn.c) and to the configuration; the log line of each
 * outcome, in the form method 1 uses.
 */

#include <errno.h>
#include <string.h>

#include "akad.h"

static void answer(uint32_t cookie, uint8_t code,
		   const struct mip4d_answer *ans, const char *nai,
		   const char *coa, const char *why, uint64_t started)
{
	static struct mip4d_ratelimit no_room_log;
	uint64_t now = mip4d_now_ms();
	char more[48];
	unsigned int n = 0;
	bool normal = code == MIP4_CODE_ACCEPTED ||
		      (ans && ans->reply_ext_type == MIP4_CVSE_AKA_CHALLENGE) ||
		      (ans && ans->reply_ext_type == MIP4_CVSE_AKA_RESULT);
	int err;

	err = mip4d_nl_answer(cookie, code, ans);
	if (code == MIP4_CODE_NO_RESOURCES && !err &&
	    !mip4d_ratelimit(&no_room_log, now, &n))
		return;
	mip4d_log(normal && !err ? LOG_INFO : LOG_NOTICE,
		  "keygen %s coa %s: code %u, %s%s%s%s (%llu ms)", nai, coa,
		  code, why, err == -ENOENT ? "; too late, the kernel had answered 128" :
		  err ? "; keygen-answer failed: " : "",
		  err && err != -ENOENT ? strerror(-err) : "",
		  mip4d_not_logged(n, more),
		  (unsigned long long)(now - started));
}

/* The Home Agent of the request being handled: the user's step is
 * handed over from inside mip4d_aka_request().
 */
static const struct mip4d_ha *cur_ha;

static void user_step(const struct mip4d_user_step *u)
{
	struct mip4d_ha none = { 0 };

	mip4d_keygen_user_step(u, cur_ha ? cur_ha : &none);
}

static void hlr_reset(void)
{
	mip4d_gsup_reset("no answer within hlr_timeout_ms");
}

static const struct mip4d_aka_ops akad_ops = {
	.send_sai = mip4d_gsup_send_sai,
	.answer = answer,
	.hlr_reset = hlr_reset,
	.user_step = user_step,
};

void mip4d_akad_configure(const struct mip4d_conf *c)
{
	static bool started;

	if (!started) {
		mip4d_aka_init(&akad_ops);
		started = true;
	}
	mip4d_aka_configure(&c->aka, mip4d_now_ms());
	mip4d_gsup_configure(&c->aka);
}

void mip4d_akad_keygen(uint32_t cookie, const uint8_t *rrq, size_t len,
		       const struct mip4_msg *msg, const char *coa,
		       const struct mip4d_ha *ha)
{
	struct mip4d_conf *c = mip4d_conf_current();
	char nai[MIP4D_NAI_STR_MAX];
	uint64_t now = mip4d_now_ms();
	struct mip4d_aka_req r = {
		.cookie = cookie, .rrq = rrq, .len = len, .msg = msg,
		.coa = coa, .now = now,
	};

	mip4d_escape(msg->nai, msg->nai_len, nai, sizeof(nai));
	if (!msg->nai || msg->deny_code) {
		uint8_t code = msg->deny_code ? msg->deny_code :
			       MIP4_CODE_POORLY_FORMED;

		answer(cookie, code, NULL, msg->nai ? nai : "-", coa,
		       "not a usable AKA request", now);
		return;
	}
	r.policy = mip4d_policy_of(c, msg->nai, msg->nai_len);
	if (mip4d_policy_refuses(r.policy, msg->cvse_type,
				 msg->user_cvse_type)) {
		answer(cookie, MIP4_CODE_PROHIBITED, NULL, nai, coa,
		       "refused by policy mschapv2: AKA not allowed", now);
		return;
	}
	if (!c->aka.enabled) {
		answer(cookie, MIP4_CODE_AUTH_FAILED, NULL, nai, coa,
		       "AKA is not configured ([aka])", now);
		return;
	}
	cur_ha = ha;
	mip4d_aka_request(&r);
	cur_ha = NULL;
}

void mip4d_akad_log_stats(void)
{
	const struct mip4d_aka_stats *s = mip4d_aka_stats();
	unsigned int attempts, imsis, avs;

	mip4d_aka_counts(&attempts, &imsis, &avs);
	mip4d_notice("aka: HLR %s; %u attempts in progress, %u IMSIs, %u AVs held; requests %llu, challenges %llu (re-sent %llu, expired %llu), accepted %llu, no-imsi %llu, stale %llu, res-wrong %llu, mhae-wrong %llu, sync-failures %llu, resyncs %llu, resync-refused %llu, mac-failures %llu, hlr-errors %llu, hlr-timeouts %llu, hlr-link-lost %llu, rate-limited %llu, no-room %llu, dropped %llu, sai-sent %llu, avs-received %llu, avs-expired %llu, fifo-flushes %llu, user-steps %llu, user-required %llu",
		     mip4d_gsup_up() ? "up" : "down", attempts, imsis, avs,
		     (unsigned long long)s->requests,
		     (unsigned long long)s->challenges,
		     (unsigned long long)s->challenges_resent,
		     (unsigned long long)s->challenges_expired,
		     (unsigned long long)s->accepted,
		     (unsigned long long)s->no_imsi,
		     (unsigned long long)s->stale,
		     (unsigned long long)s->res_wrong,
		     (unsigned long long)s->mhae_wrong,
		     (unsigned long long)s->sync_failures,
		     (unsigned long long)s->resyncs,
		     (unsigned long long)s->resync_refused,
		     (unsigned long long)s->mac_failures,
		     (unsigned long long)s->hlr_errors,
		     (unsigned long long)s->hlr_timeouts,
		     (unsigned long long)s->hlr_link_lost,
		     (unsigned long long)s->rate_limited,
		     (unsigned long long)s->no_room,
		     (unsigned long long)s->dropped,
		     (unsigned long long)s->sai_sent,
		     (unsigned long long)s->avs_received,
		     (unsigned long long)s->avs_expired,
		     (unsigned long long)s->avs_flushed,
		     (unsigned long long)s->user_steps,
		     (unsigned long long)s->user_required);
}
