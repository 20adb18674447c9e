/* SPDX-License-Identifier: GPL-2.0 */
/* mip4-mn: a Mobile IPv4 mobile node registering with its home agent. */

#ifndef MIP4_MN_H
#define MIP4_MN_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "ident.h"
#include "proto.h"

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

enum mn_mode {
	MN_MODE_LOOP,		/* register, refresh, deregister on a signal */
	MN_MODE_COUNT,		/* --once, --count N */
	MN_MODE_DEREG,		/* --dereg */
};

struct mn_config {
	struct in_addr ha, home, coa;
	bool has_ha, has_home, has_coa;
	char nai[MIP4_NAI_MAX + 1];
	u8 nai_len;			/* 0: no NAI extension */
	u32 spi;
	u8 algorithm;			/* MIP4_ALG_* */
	char *key_file;
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
	bool print_id;
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
	u8 key[MN_KEY_MAX];
	size_t key_len;
	struct mip4_ident ident;
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
	unsigned int requests;	/* sent in the exchange */
	struct timespec sent;	/* CLOCK_MONOTONIC, of the request answered */
};

/* register.c */
int mn_socket_open(struct mn *mn);
/* One registration (@lifetime > 0) or deregistration of @coa, with
 * retransmissions and 133 resynchronisation, until a verified reply, a
 * signal on mn->sigfd, or the last retransmission timing out.
 */
void mn_exchange(struct mn *mn, u16 lifetime, struct in_addr coa,
		 struct mn_result *res);
const char *mn_code_text(u8 code);

/* print.c: one decoded message, for -v. */
void mn_print_msg(const char *dir, const u8 *buf, size_t len);

/* main.c */
void mn_info(const struct mn_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mn_debug(const struct mn_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mn_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* MIP4_MN_H */
