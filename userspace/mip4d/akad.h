/* SPDX-License-Identifier: GPL-2.0 */
/*
 * akad.h: mip4d as the AKA serving node (method 2 of the dynamic keys,
 * Documentation/protocol.md §8; Documentation/mip4d.md "AKA").
 *
 * aka.c is the core, without I/O: the pending challenge of each NAI, the
 * AV store of each IMSI (a FIFO of the HLR's vectors), the NAI -> IMSI
 * mapping, and the decisions on each request the kernel hands over. It
 * talks to the HLR and to the kernel through struct mip4d_aka_ops, and
 * takes the time as an argument, so that the host tests drive it with the
 * vectors of protocol.md §8.11 and a fake clock.
 *
 * gsup_conn.c is the connection to the HLR (GSUP over IPA on TCP) in
 * mip4d's epoll loop: identity, keepalive, reconnection with back-off.
 *
 * Needs proto.h (-I../proto) and mip4d.h.
 */

#ifndef MIP4D_AKAD_H
#define MIP4D_AKAD_H

#include "gsup.h"
#include "mip4d.h"
#include "proto.h"
#include "aaa.h"

/* What the core needs from the outside. */
struct mip4d_aka_ops {
	/* Sends a SendAuthInfo request: 0, or -ENOTCONN while there is no
	 * identified HLR link (the core keeps it queued until
	 * mip4d_aka_hlr_up() or its deadline).
	 */
	int (*send_sai)(const struct gsup_sai_req *q);
	/* Answers the kernel's request @cookie (keygen-answer) and logs the
	 * outcome: @nai and @coa printable, @why a phrase, @started the
	 * request's arrival (ms). @ans may be NULL for a plain code.
	 */
	void (*answer)(uint32_t cookie, uint8_t code,
		       const struct mip4d_answer *ans, const char *nai,
		       const char *coa, const char *why, uint64_t started);
	/* The HLR did not answer in time: the link is to be dropped, so
	 * that a late answer cannot be taken for the next request's (GSUP
	 * has no transaction id). May be NULL.
	 */
	void (*hlr_reset)(void);
	/* §9: the device is authenticated (RES and MHAE with K_aka); the
	 * user's MS-CHAPv2 step is the caller's now, and so is the answer
	 * to @u->cookie. May be NULL (then 131, K_aka's MHAE).
	 */
	void (*user_step)(const struct mip4d_user_step *u);
};

/* One request of a key agreement, as the kernel handed it over. */
struct mip4d_aka_req {
	uint32_t cookie;
	const uint8_t *rrq;		/* the whole RRQ, @len octets */
	size_t len;
	const struct mip4_msg *msg;	/* @rrq parsed, deny_code 0 */
	const char *coa;		/* printable, for the log */
	uint64_t now;			/* ms, mip4d_now_ms() */
	enum mip4d_policy policy;	/* [policy] of the NAI */
};

/* What happened, since start: every outcome of protocol.md §8.4-§8.8
 * and §8.10.
 */
struct mip4d_aka_stats {
	uint64_t requests;		/* AKA requests handed to the core */
	uint64_t challenges;		/* 131 with a new challenge */
	uint64_t challenges_resent;	/* the pending one again (§8.7) */
	uint64_t accepted;		/* code 0 */
	uint64_t no_imsi;		/* no NAI -> IMSI mapping */
	uint64_t stale;			/* no such pending challenge */
	uint64_t res_wrong;		/* RES != XRES */
	uint64_t mhae_wrong;		/* right RES, wrong MHAE: tampering */
	uint64_t sync_failures;		/* AUTS received */
	uint64_t resyncs;		/* SendAuthInfo with AUTS sent */
	uint64_t resync_refused;	/* max_resync reached */
	uint64_t mac_failures;		/* the MN refused our AUTN */
	uint64_t hlr_errors;		/* SendAuthInfo error: 131 */
	uint64_t hlr_timeouts;		/* no answer in hlr_timeout: 128 */
	uint64_t hlr_link_lost;		/* requests ended by a dropped link */
	uint64_t rate_limited;		/* 130 */
	uint64_t no_room;		/* 130 */
	uint64_t dropped;		/* a second request of a busy NAI */
	uint64_t sai_sent;		/* SendAuthInfo requests */
	uint64_t avs_received;
	uint64_t avs_expired;		/* av_max_age */
	uint64_t avs_flushed;		/* FIFO flushes */
	uint64_t challenges_expired;
	uint64_t user_steps;		/* §9: handed to the user's step */
	uint64_t user_required;		/* §9: 131 "continue" with K_aka */
};

/*
 * The core's state is global (one HLR, one set of subscribers). @ops stays
 * the caller's; @conf is the configuration new decisions use (the core
 * compares it with the last one: a changed HLR or gsup_name flushes every
 * FIFO, a changed NAI -> IMSI entry the FIFOs of the IMSIs it named and the
 * pending challenge of its NAI).
 */
void mip4d_aka_init(const struct mip4d_aka_ops *ops);
void mip4d_aka_configure(const struct mip4d_aka_conf *conf, uint64_t now);
/* A request whose CVSE is AKA_START, AKA_RESPONSE or AKA_FAILURE, or
 * USER_AUTH alone (§9's RRQ3).
 */
void mip4d_aka_request(const struct mip4d_aka_req *r);
/* A SendAuthInfo result or error from the HLR. */
void mip4d_aka_hlr_answer(const struct gsup_sai_answer *a, uint64_t now);
/* The HLR link is identified: queued requests go out. */
void mip4d_aka_hlr_up(uint64_t now);
/* The link dropped: the requests sent on it end with 128. */
void mip4d_aka_hlr_down(uint64_t now);
/* Deadlines: HLR answers, challenge and AV expiry. 0: none. */
uint64_t mip4d_aka_next_deadline(void);
void mip4d_aka_timer(uint64_t now);
const struct mip4d_aka_stats *mip4d_aka_stats(void);
/* Pending challenges and attempts waiting for the HLR; IMSIs and AVs held. */
void mip4d_aka_counts(unsigned int *attempts, unsigned int *imsis,
		      unsigned int *avs);
/* For the tests: whether the state kept holds these octets (a key's). */
bool mip4d_aka_holds(const uint8_t *p, size_t n);
/* Wipes and frees everything (exit, tests). */
void mip4d_aka_shutdown(void);
/* NAI -> IMSI (the table of @conf, then the 3GPP rule): true with @imsi. */
bool mip4d_aka_imsi(const struct mip4d_aka_conf *conf, const uint8_t *nai,
		    size_t len, char imsi[GSUP_IMSI_MAX + 1]);

/* gsup_conn.c: the HLR link of the current configuration. */
int mip4d_gsup_configure(const struct mip4d_aka_conf *conf);
int mip4d_gsup_send_sai(const struct gsup_sai_req *q);
void mip4d_gsup_input(uint32_t events);
uint64_t mip4d_gsup_next_deadline(void);
void mip4d_gsup_timer(void);
void mip4d_gsup_reset(const char *why);
bool mip4d_gsup_up(void);
void mip4d_gsup_close(void);

/* akad.c: the core wired to the kernel, the HLR link and the config. */
void mip4d_akad_configure(const struct mip4d_conf *c);
void mip4d_akad_keygen(uint32_t cookie, const uint8_t *rrq, size_t len,
		       const struct mip4_msg *msg, const char *coa,
		       const struct mip4d_ha *ha);
/* keygen.c: §9's user step, as method 1's request (struct
 * mip4d_aka_ops user_step, with the Home Agent of the request).
 */
void mip4d_keygen_user_step(const struct mip4d_user_step *u,
			    const struct mip4d_ha *ha);
/* One log line with the counters (SIGUSR1). */
void mip4d_akad_log_stats(void);

#endif /* MIP4D_AKAD_H */
