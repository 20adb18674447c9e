// SPDX-License-Identifier: GPL-2.0
/* Identification values of registration requests (RFC 5944 §5.7). */

#include <sys/random.h>
#include <time.h>

#include "ident.h"

/* Low bits of the NTP fraction below the clock's resolution as we use it
 * (2^-20 s, about a microsecond): filled with randomness (§5.7.1).
 */
#define IDENT_RANDOM_BITS	12
#define IDENT_RANDOM_MASK	((1u << IDENT_RANDOM_BITS) - 1)

/* NTP seconds (modulo 2^32) and 32-bit fraction of the realtime clock. */
static u64 ident_ntp_now(void)
{
	struct timespec ts;
	u32 frac;

	clock_gettime(CLOCK_REALTIME, &ts);
	frac = (u32)(((u64)ts.tv_nsec << 32) / 1000000000u);
	return (u64)(u32)((u64)ts.tv_sec + MIP4_NTP_UNIX_OFFSET) << 32 | frac;
}

u32 mip4_ntp_seconds(void)
{
	return (u32)(ident_ntp_now() >> 32);
}

static u32 ident_random(void)
{
	u32 r;

	/* getrandom() of 4 octets from an initialised pool does not fail. */
	while (getrandom(&r, sizeof(r), 0) != sizeof(r))
		;
	return r;
}

void mip4_ident_init(struct mip4_ident *st, u8 replay)
{
	memset(st, 0, sizeof(*st));
	st->replay = replay;
}

u64 mip4_ident_next(struct mip4_ident *st)
{
	u64 id, now;
	u32 low;

	if (st->replay == MIP4_REPLAY_NONCE) {
		do
			low = ident_random();
		while (low == st->last_low);
		st->last_low = low;
		return (u64)st->nonce << 32 | low;
	}

	now = ident_ntp_now();
	st->clock = (u32)(now >> 32) + (u32)st->offset;
	id = (u64)st->clock << 32 | ((u32)now & ~IDENT_RANDOM_MASK) |
	     (ident_random() & IDENT_RANDOM_MASK);
	/* The same microsecond, a clock stepped back, or a floor set ahead
	 * on purpose: step past the floor, keeping random low bits.
	 */
	if (id <= st->floor)
		id = st->floor + 1 + (ident_random() & IDENT_RANDOM_MASK);
	st->floor = id;
	return id;
}

enum mip4_ident_sync mip4_ident_learn(struct mip4_ident *st, u64 sent,
				      u8 code, u64 reply)
{
	u32 ha_time = (u32)(reply >> 32), sent_time = (u32)(sent >> 32);
	int32_t skew;

	if (st->replay == MIP4_REPLAY_NONCE) {
		st->nonce = ha_time;
		return code == MIP4_CODE_ID_MISMATCH ? MIP4_IDENT_SYNC_NONCE :
						       MIP4_IDENT_SYNC_NONE;
	}

	if (code == MIP4_CODE_ACCEPTED || code == MIP4_CODE_ACCEPTED_NO_SIMUL) {
		if (sent > st->accepted)
			st->accepted = sent;
		return MIP4_IDENT_SYNC_NONE;
	}
	if (code != MIP4_CODE_ID_MISMATCH)
		return MIP4_IDENT_SYNC_NONE;

	/* Differences of NTP seconds are taken modulo 2^32 (eras). Our
	 * clock, not the high half sent, which may be ahead on purpose.
	 */
	skew = (int32_t)(ha_time - st->clock);
	if (skew > 1 || skew < -1) {
		st->offset = (int32_t)(ha_time - mip4_ntp_seconds());
		st->floor = st->accepted;
		return MIP4_IDENT_SYNC_CLOCK;
	}
	if (st->floor < ((u64)sent_time + 1) << 32)
		st->floor = ((u64)sent_time + 1) << 32;
	return MIP4_IDENT_SYNC_SEQUENCE;
}
