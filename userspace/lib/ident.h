/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ident.h: the Identification field of registration requests (RFC 5944
 * §5.7) as a mobile node chooses it, with timestamps or nonces, and how it
 * resynchronises from a home agent's replies.
 *
 * Build with -I../proto (proto.h).
 */

#ifndef MIP4_IDENT_H
#define MIP4_IDENT_H

#include <stdint.h>

#include "proto.h"

struct mip4_ident {
	u8 replay;		/* MIP4_REPLAY_TIMESTAMP or MIP4_REPLAY_NONCE */
	/* Timestamps. */
	int32_t offset;		/* seconds from our clock to the home agent's */
	u64 floor;		/* the next Identification is greater */
	u64 accepted;		/* greatest one the home agent accepted */
	u32 clock;		/* our corrected time when we made the last */
	/* Nonces. */
	u32 nonce;		/* the home agent's, for the high half */
	u32 last_low;
};

/* What mip4_ident_learn() changed. */
enum mip4_ident_sync {
	MIP4_IDENT_SYNC_NONE,
	MIP4_IDENT_SYNC_CLOCK,		/* timestamps: new clock offset */
	MIP4_IDENT_SYNC_SEQUENCE,	/* timestamps: clocks agree, the home
					 * agent has seen a later one
					 */
	MIP4_IDENT_SYNC_NONCE,		/* nonces: new nonce after a 133 */
};

/* Seconds of the realtime clock in NTP time, modulo 2^32 (era-relative). */
u32 mip4_ntp_seconds(void);

void mip4_ident_init(struct mip4_ident *st, u8 replay);

/*
 * A new Identification. Timestamps: NTP time, its seconds corrected by the
 * learnt offset, its fraction down to 2^-20 s and then random bits (RFC 5944
 * §5.7.1), so that even separate processes make increasing values; the whole
 * greater than any made before (see mip4_ident_learn() for the exception). Nonces: the
 * high half is the last nonce the home agent gave (0 before any, which the
 * home agent answers with 133 and a fresh one), the low half random and
 * different from the last.
 */
u64 mip4_ident_next(struct mip4_ident *st);

/*
 * Learns from an authenticated reply with @code and Identification @reply
 * to the request that carried @sent, the last one made. Nonces: every such
 * reply carries the nonce to use next. Timestamps: an acceptance raises the
 * floor of what the home agent has seen; a 133 carries the home agent's time
 * in its high half. When that time is more than a second away from our
 * (corrected) clock, the clock is off: the offset is corrected, and
 * Identifications the home agent rejected are forgotten (only those it
 * accepted must be exceeded, otherwise a clock that ran ahead could never
 * come back). When the clocks agree, the home agent holds a later timestamp
 * than ours (from an earlier run, say): the next one is taken a second after
 * the rejected one, so that repeated 133s walk past it while staying within
 * the home agent's tolerance.
 */
enum mip4_ident_sync mip4_ident_learn(struct mip4_ident *st, u64 sent,
				      u8 code, u64 reply);

#endif /* MIP4_IDENT_H */
