/* SPDX-License-Identifier: GPL-2.0 */
/* mip4-mn: a Mobile IPv4 mobile node registering with its home agent. */

#ifndef MIP4_MN_H
#define MIP4_MN_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "ident.h"
#include "mnkeys.h"
#include "password.h"
#include "proto.h"
#include "usim.h"

/* Exit statuses. */
#define MN_EXIT_OK		0
#define MN_EXIT_ERROR		1	/* a system call failed */
#define MN_EXIT_USAGE		2	/* bad options, config or key file */
#define MN_EXIT_DENIED		3
#define MN_EXIT_NO_REPLY	4

/* Longest key the home agent stores (MIP4HA_SECRET_MAX in the kernel). */
#define MN_KEY_MAX		64
/* 133 answers in a row before a registration is given up as denied. */
#define MN_RESYNC_MAX		10
/* Longest retransmission timeout of a deregistration (no lifetime). */
#define MN_TIMEOUT_MAX_MS	3600000u
/* Default SPIs of the dynamic SAs (protocol.md §7 uses them too). */
#define MN_SPI_S_DEFAULT	0x1000
#define MN_SPI_D_DEFAULT	0x1001
/* Steps of --sequence. */
#define MN_STEPS_MAX		64

enum mn_mode {
	MN_MODE_LOOP,		/* register, refresh, deregister on a signal */
	MN_MODE_COUNT,		/* --once, --count N */
	MN_MODE_DEREG,		/* --dereg */
	MN_MODE_SEQUENCE,	/* --sequence */
};

/* What one step does; also what the loop does next. */
enum mn_step_kind {
	MN_STEP_INITIAL,	/* dynamic keys: KEYGEN_REQ, new keys */
	MN_STEP_REGISTER,	/* MHAE with the static SA or Skey' */
	MN_STEP_REKEY,		/* REKEY_REQ with Skey: new Skey' */
	MN_STEP_DEREG,		/* lifetime 0 */
	MN_STEP_SLEEP,
	MN_STEP_PAUSE,		/* until a line on standard input */
};

struct mn_step {
	enum mn_step_kind kind;
	unsigned int seconds;	/* MN_STEP_SLEEP */
};

struct mn_config {
	struct in_addr ha, home, coa;
	bool has_ha, has_home, has_coa;
	char nai[MIP4_NAI_MAX + 1];
	u8 nai_len;			/* 0: no NAI extension */
	u32 spi;
	u8 algorithm;			/* MIP4_ALG_* */
	char *key_file;
	/* Dynamic keys (protocol.md): a password instead of a key. */
	char *password_file;
	bool dynamic;			/* password_file given */
	u32 spi_s, spi_d;		/* of the initial registration */
	u32 new_spi_d;			/* of rekeys; 0: keep SPI_D */
	unsigned int rekey_period;	/* seconds; 0: no rekeys */
	u32 vendor_id;			/* of our CVSEs */
	/* AKA (method 2): a software USIM instead of a password. */
	bool aka;
	char *k_file, *opc_file;
	char *seq_file;			/* default: k_file ".seq" */
	unsigned int ind_bits;
	/* Multiple authentications (protocol.md §9): a user after the
	 * device, MS-CHAPv2 at the user's realm; none when user_nai_len is 0.
	 */
	char user_nai[MIP4_NAI_MAX + 1];
	u8 user_nai_len;
	char *user_password_file;
	bool user_no_announce;		/* no AUTH_FOLLOWS: three round trips */
	u8 replay;			/* MIP4_REPLAY_* */
	u16 lifetime;
	u8 flags;			/* S, T, D from their options */
	int flags_raw;			/* -1, or the whole flags octet */
	u16 port;
	unsigned int retries;		/* retransmissions after the first */
	unsigned int timeout_ms;	/* first retransmission timeout */
	unsigned int reregister_pct;	/* of the granted lifetime */
	bool dereg_all;
	int32_t clock_offset;		/* initial, seconds */
	int verbosity;			/* -1 quiet, 0, 1 verbose */

	enum mn_mode mode;
	unsigned int count;
	struct mn_step steps[MN_STEPS_MAX];
	unsigned int n_steps;
	bool print_id;
	bool show_keys;
	char *dump_reply;
};

/* options.c: the command line and the config file; exits on errors. */
void mn_config_parse(struct mn_config *cfg, int argc, char **argv);

/* The running node. */
struct mn {
	const struct mn_config *cfg;
	int fd;				/* UDP, connected to the home agent */
	int sigfd;			/* signalfd, or -1 when not watched */
	struct in_addr coa;		/* the care-of address in use */
	u8 key[MN_KEY_MAX];		/* static SA */
	size_t key_len;
	struct mip4_ident ident;
	/* Dynamic keys; with AKA, the user's password (protocol.md §9). */
	char password[MIP4_PASSWORD_MAX + 1];
	size_t password_len;
	bool have_keys;
	struct mip4_mn_keys keys;
	struct mip4_ident ident_s;	/* nonces of the Skey SA */
	int64_t keys_renew_ms;		/* CLOCK_MONOTONIC: new initial due */
	int64_t keys_end_ms;		/* ... and when the keys end */
	/* AKA: the device credential (a user one, a later extension, would
	 * sit beside it), and the attempt in progress.
	 */
	struct mip4_usim usim;
	struct mip4_mn_aka aka;
};

/* What an exchange sends. */
enum mn_request {
	MN_REQ_REGISTER,	/* MHAE with the static SA or Skey' (SPI_D) */
	MN_REQ_KEYGEN,		/* initial registration: KEYGEN_REQ, no MHAE */
	MN_REQ_REKEY,		/* REKEY_REQ, MHAE with Skey (SPI_S) */
	MN_REQ_AKA,		/* initial registration: AKA_START, then the
				 * response to the challenge, new keys */
};

enum mn_status {
	MN_ACCEPTED,
	MN_DENIED,
	MN_NO_REPLY,
	MN_SIGNALLED,
	MN_FAILED,		/* a system call failed; message printed */
};

struct mn_result {
	enum mn_status status;
	u8 code;
	u16 lifetime;		/* granted */
	u64 id;			/* of the request answered */
	bool unverified;	/* MN_DENIED from a reply we could not verify */
	bool unauthenticated;	/* MN_DENIED from a reply without MHAE */
	unsigned int requests;	/* sent in the exchange */
	struct timespec sent;	/* CLOCK_MONOTONIC, of the request answered */
	/* AKA: the USIM found AUTN forged (a security exception); the next
	 * attempt waits at least the challenge lifetime.
	 */
	bool aka_mac_failure;
	u16 challenge_lifetime;
	/* AKA with a user: a denial made with K_aka after the user's step
	 * (131: the user refused; 128: no answer from the user's AAA
	 * server), or a 131 that asked for a user we do not have.
	 */
	bool user_denied;
	bool user_required;
};

/* register.c */
int mn_socket_open(struct mn *mn);
/* One registration (@lifetime > 0) or deregistration of @coa, with
 * retransmissions and 133 resynchronisation, until a verified reply, a
 * signal on mn->sigfd, or the last retransmission timing out. An accepted
 * MN_REQ_KEYGEN or MN_REQ_REKEY leaves the new keys in mn->keys.
 */
void mn_exchange(struct mn *mn, enum mn_request req, u16 lifetime,
		 struct in_addr coa, struct mn_result *res);
const char *mn_code_text(u8 code);
int64_t mn_now_ms(void);

/* print.c: one decoded message, for -v. */
void mn_print_msg(const char *dir, const u8 *buf, size_t len, u32 vendor_id);

/* log.c */
void mn_info(const struct mn_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mn_debug(const struct mn_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mn_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* MIP4_MN_H */
