/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mip4d: the key daemon of the mip4ha Home Agent. It answers the initial
 * registrations (protocol.md §4.1) the kernel hands over on the keygen
 * multicast group, by asking a RADIUS server to check the MS-CHAPv2
 * response, and sends RADIUS accounting for the bindings of those nodes.
 */

#ifndef MIP4D_H
#define MIP4D_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <syslog.h>

#include "conf.h"
#include "proto.h"
#include "radius.h"

/* An NAI written with \xNN escapes, for logs. */
#define MIP4D_NAI_STR_MAX	(MIP4_NAI_MAX * 4 + 4)

#define MIP4D_DEFAULT_CONF	"/etc/mip4d.conf"
#define MIP4D_SERVERS_MAX	8
#define MIP4D_GROUPS_MAX	64
#define MIP4D_SECRET_MAX	128
#define MIP4D_NAS_ID_MAX	RADIUS_ATTR_MAX_VALUE
/* Our requests are small: an NAI of 255 octets and a dozen attributes. */
#define MIP4D_PKT_MAX		1024
#define MIP4D_AUTH_PORT		1812
#define MIP4D_ACCT_PORT		1813
#define MIP4D_TIMEOUT_MS	2000
#define MIP4D_TRIES		2

/* ---- configuration (conf.c) ---- */

struct mip4d_txn;

/* What epoll hands back: which kind of descriptor became readable. */
enum mip4d_watch_kind {
	MIP4D_WATCH_SIGNAL,
	MIP4D_WATCH_TIMER,
	MIP4D_WATCH_KEYGEN,
	MIP4D_WATCH_EVENTS,
	MIP4D_WATCH_SERVER,
	MIP4D_WATCH_DYNAUTH,
	MIP4D_WATCH_GSUP,
};

struct mip4d_watch {
	enum mip4d_watch_kind kind;
	void *ptr;
};

/*
 * Log lines that a flood of initial registrations would multiply (one per
 * request refused for want of room) pass at most MIP4D_RATELIMIT_BURST in
 * each interval of MIP4D_RATELIMIT_MS (fixed intervals: up to twice that
 * across a boundary); the next one that passes says how many did not,
 * like the kernel's printk ratelimit.
 */
#define MIP4D_RATELIMIT_BURST	5
#define MIP4D_RATELIMIT_MS	1000

struct mip4d_ratelimit {
	bool started;
	uint64_t start_ms;
	unsigned int passed;		/* in the current interval */
	unsigned int suppressed;	/* since the last one that passed */
};

/* True when a line may be logged now; then *@suppressed is how many were
 * not since the last one.
 */
bool mip4d_ratelimit(struct mip4d_ratelimit *rl, uint64_t now_ms,
		     unsigned int *suppressed);
/* " (N more like it not logged)" in @buf, or "" when @n is 0. */
const char *mip4d_not_logged(unsigned int n, char buf[48]);

struct mip4d_server {
	struct sockaddr_in addr;
	char name[32];			/* "192.0.2.1:1812", for logs */
	uint8_t secret[MIP4D_SECRET_MAX];
	size_t secret_len;
	unsigned int timeout_ms;
	unsigned int tries;
	bool require_msg_auth;		/* Access-Accept/Reject only */
	/* run time */
	int fd;
	struct mip4d_watch watch;
	struct mip4d_txn *ids[256];	/* who owns each RADIUS Identifier */
	unsigned int next_id;
	struct mip4d_ratelimit ids_full_log;
};

struct mip4d_server_set {
	struct mip4d_server servers[MIP4D_SERVERS_MAX];
	unsigned int n;
	bool accounting;
	bool dynauth;		/* [dynauth] clients: address and secret only */
};

/* Dynamic authorization (RFC 5176; dynauth.c): where Disconnect- and
 * CoA-Requests are taken, from which clients ([dynauth] client lines, in a
 * server set), and how far an Event-Timestamp may be from now.
 */
#define MIP4D_DYNAUTH_PORT		3799
#define MIP4D_EVENT_WINDOW_S		300
struct mip4d_dynauth_conf {
	struct sockaddr_in listen;
	uint32_t event_window_s;
};

/* Interim accounting ([accounting] interim_interval, interim_minimum): the
 * interval when the Access-Accept has no Acct-Interim-Interval (0: no
 * Interim-Update), and the least one taken from an Access-Accept (RFC 2869
 * §5.16: not below 60 s).
 */
#define MIP4D_INTERIM_MINIMUM_S	60
struct mip4d_interim_conf {
	uint32_t interval_s;
	uint32_t minimum_s;
};

/* Where records no server acknowledged yet and the open sessions are kept
 * across restarts ([accounting] state_dir; "none": in memory only), how
 * many records at most (spool_max) and how often sending is tried again
 * while no server answers (retry_interval).
 */
#define MIP4D_STATE_DIR		"/var/lib/mip4d"
#define MIP4D_STATE_DIR_MAX	256
#define MIP4D_SPOOL_MAX		10000
#define MIP4D_RETRY_S		30
/* How long a clean stop waits for its Stops and Accounting-Off. */
#define MIP4D_STOP_WAIT_MS	10000

/* [accounting]: what is accounted besides the servers. */
struct mip4d_acct_conf {
	struct mip4d_interim_conf interim;
	bool static_keys;	/* bindings made with configured keys too */
	char state_dir[MIP4D_STATE_DIR_MAX];	/* "": none */
	unsigned int spool_max;
	unsigned int retry_s;
};

/* Back-off for password guessing ([backoff]; backoff.c), and its defaults:
 * five wrong passwords a minute, then five minutes of refusals.
 */
#define MIP4D_BACKOFF_FAILURES	5
#define MIP4D_BACKOFF_WINDOW_S	60
#define MIP4D_BACKOFF_HOLD_S	300
struct mip4d_backoff_conf {
	unsigned int failures;		/* rejects that start a hold; 0: off */
	uint32_t window_s;		/* ... counted within this window */
	uint32_t hold_s;		/* how long the NAI is then refused */
};

/* An initial registration of an NAI that has a binding for another home
 * address ([mip4d] second_device): the new device replaces the old one
 * (its bindings end once the new one is accepted), or is refused (129).
 */
enum mip4d_second_device {
	MIP4D_SECOND_DEVICE_REPLACE,
	MIP4D_SECOND_DEVICE_REFUSE,
};

/*
 * [aka]: mip4d as the AKA serving node (method 2). enabled is set by the
 * section's presence. The defaults are those of Documentation/mip4d.md §8.3.
 */
#define MIP4D_GSUP_PORT			4222
#define MIP4D_GSUP_NAME_MAX		63
#define MIP4D_AKA_BATCH			2
#define MIP4D_AKA_AV_MAX_AGE_S		3600
#define MIP4D_AKA_CHALLENGE_LIFETIME_S	30
#define MIP4D_AKA_HLR_TIMEOUT_MS	3000
#define MIP4D_AKA_CHALLENGES_PER_MINUTE	6
#define MIP4D_AKA_RATE_MAX		60
#define MIP4D_AKA_MAX_RESYNC		1
#define MIP4D_AKA_KEY_LIFETIME_S	3600
#define MIP4D_AKA_MAX_IN_PROGRESS	1024
#define MIP4D_AKA_MAP_MAX		4096

/* A configured NAI -> IMSI entry ("map = NAI IMSI"). */
struct mip4d_aka_map {
	uint8_t nai[MIP4_NAI_MAX];
	size_t nai_len;
	char imsi[16];
};

struct mip4d_aka_conf {
	bool enabled;
	struct sockaddr_in hlr;
	char gsup_name[MIP4D_GSUP_NAME_MAX + 1];
	unsigned int batch;			/* 1..5 */
	uint32_t av_max_age_s;			/* 0: never */
	uint32_t challenge_lifetime_s;
	unsigned int hlr_timeout_ms;
	unsigned int challenges_per_minute;	/* 1..MIP4D_AKA_RATE_MAX */
	unsigned int max_resync;
	uint32_t key_lifetime_s;
	unsigned int max_in_progress;
	struct mip4d_aka_map *map;		/* malloc'd, freed with the conf */
	unsigned int map_n;
};

/*
 * [policy] (protocol.md §9.1): which authentications an NAI's initial
 * registration needs. "require = NAI|@realm aka|mschapv2|aka+mschapv2";
 * an exact NAI wins over its realm; with no line, what the request asks.
 */
enum mip4d_policy {
	MIP4D_POLICY_ASK = 0,		/* no line: as the request asks */
	MIP4D_POLICY_AKA,		/* the device by AKA only */
	MIP4D_POLICY_MSCHAPV2,		/* method 1 only */
	MIP4D_POLICY_BOTH,		/* aka+mschapv2 */
};

struct mip4d_policy_rule {
	uint8_t who[MIP4_NAI_MAX + 1];	/* an NAI, or "@realm" */
	size_t who_len;
	enum mip4d_policy policy;
};

/* [aaa REALM]: the server group of the users of REALM. */
struct mip4d_aaa_group {
	char realm[MIP4_NAI_MAX + 1];
	struct mip4d_server_set set;
};

struct mip4d_conf {
	unsigned int refs;		/* the daemon and each transaction */
	int log_level;			/* LOG_ERR .. LOG_DEBUG */
	char nas_identifier[MIP4D_NAS_ID_MAX + 1];	/* "" none */
	uint32_t key_lifetime_default;	/* 0: the HA's max-lifetime */
	uint32_t vendor_id;		/* 0: the HA's */
	struct mip4d_server_set aaa, acct, dynauth_clients;
	struct mip4d_acct_conf accounting;
	struct mip4d_dynauth_conf dynauth;
	struct mip4d_backoff_conf backoff;
	enum mip4d_second_device second_device;
	struct mip4d_aka_conf aka;
	struct mip4d_policy_rule *policy;	/* malloc'd, freed with the conf */
	unsigned int policy_n;
	struct mip4d_aaa_group *groups;		/* malloc'd, freed with the conf */
	unsigned int groups_n;
	bool inline_secret;		/* a secret = line was seen */
};

/* The policy of @nai (the exact NAI's line, else its realm's, else ASK). */
enum mip4d_policy mip4d_policy_of(const struct mip4d_conf *c,
				  const uint8_t *nai, size_t len);
const char *mip4d_policy_name(enum mip4d_policy p);
/* 129 when @p does not allow a request whose CVSE of ours is @cvse_type
 * (KEYGEN_REQ under aka or aka+mschapv2, an AKA request or USER_AUTH
 * alone under mschapv2), else 0.
 */
uint8_t mip4d_policy_refuses(enum mip4d_policy p, uint16_t cvse_type,
			     uint16_t user_cvse_type);
/* The server group of a user @nai: [aaa REALM] of its realm, else [aaa]. */
struct mip4d_server_set *mip4d_aaa_set(struct mip4d_conf *c,
				       const uint8_t *nai, size_t len);
/* Frees what the configuration allocated (policy, groups, AKA map). */
void mip4d_conf_free_tables(struct mip4d_conf *c);

/*
 * Back-off (backoff.c): after backoff.failures Access-Rejects of one NAI
 * within backoff.window_s, its initial registrations are refused for
 * backoff.hold_s with no Access-Request. Times in ms of mip4d_now_ms().
 */
/* How long @nai is still held down (ms), 0 if it is not. */
uint64_t mip4d_backoff_held(const uint8_t *nai, size_t len, uint64_t now);
/* An Access-Reject for @nai; true if it starts a hold. */
bool mip4d_backoff_rejected(const struct mip4d_backoff_conf *b,
			    const uint8_t *nai, size_t len, uint64_t now);
/* An Access-Accept for @nai: its failures are forgotten. */
void mip4d_backoff_accepted(const uint8_t *nai, size_t len);
/* NAIs with failures or a hold now, and registrations refused so far. */
unsigned int mip4d_backoff_tracked(void);
uint64_t mip4d_backoff_refused(void);
void mip4d_backoff_count_refusal(void);
void mip4d_backoff_shutdown(void);

/*
 * Reads the configuration from @f into @c (zeroed and given defaults here);
 * @dir is where relative secret_file paths are looked up (NULL: as given).
 * Returns 0 or a negative errno with @err filled in (line and message).
 */
int mip4d_conf_read(FILE *f, const char *dir, struct mip4d_conf *c,
		    struct mip4_conf_error *err);
/* mip4d_conf_read() on a file, relative secret files next to it. */
int mip4d_conf_load(const char *path, struct mip4d_conf *c,
		    struct mip4_conf_error *err);
/* Parses a log level name ("err", "warning", "notice", "info", "debug"). */
int mip4d_log_level(const char *name);
/* Wipes the secrets of @c. */
void mip4d_conf_wipe(struct mip4d_conf *c);

/* Who we are to the AAA server. */
struct mip4d_nas {
	uint32_t ip;			/* NAS-IP-Address, network order */
	const char *identifier;		/* NAS-Identifier; NULL or "": none */
};

/* What to tell the kernel. */
struct mip4d_answer {
	uint8_t code;			/* 0, 131, 128 ... */
	bool rejected;			/* 131 from an Access-Reject */
	uint8_t key_len;
	uint32_t key_lifetime;
	bool session_timeout;		/* key_lifetime came from the AAA server */
	uint8_t skey[MIP4_KDF_MAX];
	uint8_t skey_prime[MIP4_KDF_MAX];
	/* The reply's CVSE of ours (KEYGEN_REP, AKA_RESULT, AKA_CHALLENGE);
	 * reply_ext_len 0: none.
	 */
	uint16_t reply_ext_type;
	uint8_t reply_ext_len;
	uint8_t reply_ext[MIP4_CVSE_REPLY_MAX];
	/* Multiple authentications (protocol.md §9): USER_RESULT after
	 * AKA_RESULT (reply_user_ext_len 0: none); the key of a denial's
	 * MHAE (K_aka; reply_key_len 0: a plain denial); H of a request
	 * that has none (USER_AUTH alone); the user NAI kept with the keys.
	 */
	uint8_t reply_user_ext_len;
	uint8_t reply_user_ext[MIP4_USER_RESULT_LEN];
	uint8_t reply_key_len;
	uint8_t reply_key[MIP4_KDF_MAX];
	bool has_agreement_h;
	uint8_t agreement_h[MIP4_CVSE_H_LEN];
	uint8_t user_nai_len;
	uint8_t user_nai[MIP4_NAI_MAX];
	char why[96];			/* for the log: why 131 */
	const uint8_t *class_;		/* first Class of an accept, in the reply */
	size_t class_len;
	uint32_t interim_s;		/* Acct-Interim-Interval; 0: none */
};

void mip4d_answer_wipe(struct mip4d_answer *ans);

/* A binding's traffic, as the kernel counts it: tx toward the node
 * (RADIUS "output"), rx from it through the reverse tunnel ("input").
 */
struct mip4d_counters {
	uint64_t tx_packets, tx_bytes, rx_packets, rx_bytes;
};

/* Accounting-Request (RFC 2866) of one binding. */
struct mip4d_acct_info {
	uint8_t status;			/* RADIUS_ACCT_START, _STOP, _INTERIM_UPDATE */
	const uint8_t *nai;
	size_t nai_len;
	uint32_t home, coa;		/* network order */
	const char *session_id;
	uint32_t delay;			/* Acct-Delay-Time */
	uint32_t event_time;		/* Event-Timestamp, Unix time */
	uint32_t session_time;		/* Stop and Interim-Update */
	uint32_t terminate_cause;	/* Stop only; 0: none */
	const struct mip4d_counters *counters;	/* NULL: none known */
	const uint8_t *class_;
	size_t class_len;
};

/* A session's Acct-Session-Id: the start time of mip4d and a counter. */
#define MIP4D_SESSION_ID_MAX	24

/* One Accounting-Request to make, as the spool keeps it (spool.c). */
struct mip4d_acct_record {
	uint64_t seq;			/* 0: the next one */
	uint8_t status;			/* RADIUS_ACCT_* */
	uint8_t nai[MIP4_NAI_MAX];	/* On and Off: none */
	size_t nai_len;
	char session_id[MIP4D_SESSION_ID_MAX];
	uint32_t home, coa, nas_ip;	/* network order; home 0: none */
	uint32_t event_time;		/* Unix time of what it reports */
	uint32_t session_time;
	uint32_t cause;			/* Stop: Acct-Terminate-Cause */
	bool has_counters;
	struct mip4d_counters counters;	/* since the session started */
	uint8_t class_[RADIUS_ATTR_MAX_VALUE];
	size_t class_len;
};

/* What the state directory keeps of an open session (acct.c), so that a
 * new mip4d continues it or closes it with a Stop.
 */
struct mip4d_session_state {
	char session_id[MIP4D_SESSION_ID_MAX];
	uint8_t nai[MIP4_NAI_MAX];
	size_t nai_len;
	uint32_t home, coa, nas_ip;	/* network order */
	uint32_t started;		/* Unix time */
	uint32_t interim_s;
	struct mip4d_counters base;	/* the binding's when the session began */
	struct mip4d_counters last;	/* ... at the last Interim-Update */
	uint32_t last_time;		/* Unix time of those */
	uint8_t class_[RADIUS_ATTR_MAX_VALUE];
	size_t class_len;
};

/* record.c: the files (the largest fits MIP4D_RECORD_TEXT_MAX), and the
 * Accounting-Request of a record.
 */
#define MIP4D_RECORD_TEXT_MAX	2048
size_t mip4d_record_format(const struct mip4d_acct_record *r, char *buf,
			   size_t size);
int mip4d_record_parse(const char *text, struct mip4d_acct_record *r);
size_t mip4d_session_format(const struct mip4d_session_state *s, char *buf,
			    size_t size);
int mip4d_session_parse(const char *text, struct mip4d_session_state *s);
enum radius_err mip4d_record_request(const struct mip4d_acct_record *r,
				     const char *nas_identifier, uint8_t id,
				     const void *secret, size_t secret_len,
				     uint8_t *buf, size_t size, size_t *len,
				     struct radius_sent *sent);

/* spool.c: the files of the state directory ... */
/* Opens (making it if need be) the directory @sub of @base: fd or -errno. */
int mip4d_state_dir(const char *base, const char *sub);
/* Writes a file whole (aside, then renamed over): 0 or -errno. */
int mip4d_state_write(int dirfd, const char *name, const char *text,
		      size_t len);
/* Reads a file into @buf, NUL-terminated: its length or -errno. */
int mip4d_state_read(int dirfd, const char *name, char *buf, size_t size);
void mip4d_state_set_aside(int dirfd, const char *name, const char *why);
/* ... and the records on their way. @dirfd: the spool directory, -1: none;
 * records wait until mip4d_spool_release().
 */
int mip4d_spool_open(int dirfd);
void mip4d_spool_release(void);
/* Queues a copy of @r (a sequence number of its own unless r->seq). */
void mip4d_spool_add(const struct mip4d_acct_record *r);
/* A sequence number for a record to be added later in that place. */
uint64_t mip4d_spool_reserve(void);
uint64_t mip4d_spool_next_deadline(void);
void mip4d_spool_timer(void);
/* Records in flight, or waiting and sendable. */
bool mip4d_spool_busy(void);
void mip4d_spool_stats(unsigned int *queued, unsigned int *in_flight,
		       uint64_t *dropped);
/* At exit: what is on disk stays there for the next mip4d. */
void mip4d_spool_close(void);

enum radius_err mip4d_accounting_request(const struct mip4d_acct_info *a,
					 const struct mip4d_nas *nas,
					 uint8_t id, const void *secret,
					 size_t secret_len, uint8_t *buf,
					 size_t size, size_t *len,
					 struct radius_sent *sent);

/* Acct-Terminate-Cause (RFC 2866 §5.10) of the sessions mip4d ends itself:
 * at a clean stop, and those whose binding ended while no mip4d ran (when
 * and why it ended is not known, nor its last traffic).
 */
#define MIP4D_CAUSE_ADMIN_REBOOT	7
#define MIP4D_CAUSE_NAS_ERROR		9

/* Acct-Terminate-Cause for a binding-reason of binding-ntf. */
uint32_t mip4d_terminate_cause(uint8_t binding_reason);

/* Writes @n octets of @p printably (\xNN escapes) into @out (@size >= 1). */
void mip4d_escape(const uint8_t *p, size_t n, char *out, size_t size);

/* ---- RADIUS transactions: retransmission and failover (radclient.c) ---- */

struct mip4d_txn_ops {
	/* Builds the request for @srv into t->pkt/len/sent with t->id. */
	int (*build)(struct mip4d_txn *t, struct mip4d_server *srv);
	/* A datagram from @srv with our Identifier: true when it ends @t. */
	bool (*reply)(struct mip4d_txn *t, struct mip4d_server *srv,
		      const uint8_t *pkt, size_t len);
	/* @t has left the engine (answered, or every server failed): the
	 * owner acts on it and frees it.
	 */
	void (*finish)(struct mip4d_txn *t, bool answered);
};

struct mip4d_txn {
	const struct mip4d_txn_ops *ops;
	struct mip4d_conf *conf;	/* a reference */
	struct mip4d_server_set *set;	/* in conf */
	unsigned int server;		/* index in set */
	unsigned int sent;		/* transmissions to this server */
	bool transmitted;		/* sent to any server at all */
	int id;				/* RADIUS Identifier, -1: none */
	uint64_t deadline;		/* ms, CLOCK_MONOTONIC */
	uint64_t started;		/* ms, CLOCK_MONOTONIC */
	uint8_t pkt[MIP4D_PKT_MAX];
	size_t len;
	struct radius_sent rsent;
	struct mip4d_txn *prev, *next;
};

uint64_t mip4d_now_ms(void);
/* Starts @t (ops, conf reference and set filled in) on the first server. */
void mip4d_txn_start(struct mip4d_txn *t);
/* Reads the datagrams waiting on @srv's socket. */
void mip4d_server_input(struct mip4d_server *srv);
/* Handles the expired deadlines. */
void mip4d_txn_timer(void);
/* The next deadline, or 0 when none. */
uint64_t mip4d_txn_next_deadline(void);
/* Opens the sockets of every server of @c. Returns 0 or -errno. */
int mip4d_conf_open(struct mip4d_conf *c);
struct mip4d_conf *mip4d_conf_get(struct mip4d_conf *c);
/* Drops a reference; the last one closes the sockets and wipes the secrets. */
void mip4d_conf_put(struct mip4d_conf *c);
/* Frees the configurations whose last reference went (between batches). */
void mip4d_conf_reap(void);
/* The configuration new requests use (conf.c); main.c sets it. */
struct mip4d_conf *mip4d_conf_current(void);
void mip4d_conf_set_current(struct mip4d_conf *c);

/* ---- logging (log.c) and the main loop (loop.c) ---- */

extern int mip4d_log_level_cur;
void mip4d_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define mip4d_err(...)		mip4d_log(LOG_ERR, __VA_ARGS__)
#define mip4d_warn(...)		mip4d_log(LOG_WARNING, __VA_ARGS__)
#define mip4d_notice(...)	mip4d_log(LOG_NOTICE, __VA_ARGS__)
#define mip4d_info(...)		mip4d_log(LOG_INFO, __VA_ARGS__)
#define mip4d_debug(...)	mip4d_log(LOG_DEBUG, __VA_ARGS__)
/* Tells whether stderr is the journal; from then on, logs to syslog. */
void mip4d_log_init(void);
void mip4d_log_syslog(void);

/* Creates the main loop's epoll set; returns its descriptor or -1. */
int mip4d_loop_open(void);
/* Adds or removes a descriptor of the main loop (EPOLLIN). */
int mip4d_watch_add(int fd, struct mip4d_watch *w);
/* The events (EPOLLIN, EPOLLOUT) a descriptor already added waits for. */
int mip4d_watch_mod(int fd, struct mip4d_watch *w, uint32_t events);
void mip4d_watch_del(int fd);

/* ---- the kernel side (netlink.c) and accounting (acct.c) ---- */

/* What ha-get says. */
struct mip4d_ha {
	uint32_t address;		/* network order */
	uint32_t max_lifetime;
	uint32_t vendor_id;
	uint32_t keygen_timeout;
};

int mip4d_nl_open(void);
void mip4d_nl_close(void);
int mip4d_nl_ha_get(struct mip4d_ha *ha);
int mip4d_nl_binding_dump(void);
/* keygen-answer: with @code 0, the keys of @ans; with any code, the reply
 * CVSE of @ans when it has one (@ans may be NULL for a plain denial).
 */
int mip4d_nl_answer(uint32_t cookie, uint8_t code,
		    const struct mip4d_answer *ans);
void mip4d_nl_keygen_input(void);
void mip4d_nl_events_input(void);

/* keygen.c: one keygen-ntf. */
void mip4d_keygen_request(uint32_t cookie, const uint8_t *rrq, size_t len,
			  uint32_t src, uint32_t local,
			  const struct mip4d_ha *ha);

/* acct.c */
/* A binding-ntf, as accounting needs it: all it needs, so that no event
 * asks the kernel back.
 */
struct mip4d_binding_event {
	uint8_t event;			/* MIP4HA_BINDING_EVENT_* */
	uint8_t reason;			/* MIP4HA_BINDING_REASON_*, for a delete */
	const uint8_t *nai;		/* NULL: a home-address identity */
	size_t nai_len;
	uint32_t home, coa;		/* network order */
	uint32_t spi;
	uint32_t ha;			/* the Home Agent's address, network order */
	bool dynamic;			/* made with an AAA-derived key */
	bool has_counters;
	struct mip4d_counters counters;
};

void mip4d_acct_binding(const struct mip4d_binding_event *e);

/* A binding the kernel holds, as dynamic authorization needs it. */
struct mip4d_node {
	bool found;
	uint8_t nai[MIP4_NAI_MAX];	/* nai_len 0: a home-address SA's */
	size_t nai_len;
	uint32_t home, coa;		/* network order */
};

/* The first binding of @home: 0 or -ENOENT. */
int mip4d_nl_binding_node(uint32_t home, struct mip4d_node *node);
/* The SPI of @nai's Skey (its dynamic keys): 0 or -ENOENT. */
int mip4d_nl_skey_spi(const uint8_t *nai, size_t nai_len, uint32_t *spi);
/* ... of the node named @name: its NAI, or the user NAI kept with its
 * keys (§9.5); the node's NAI in @nai (MIP4_NAI_MAX octets).
 */
int mip4d_nl_skey_find(const uint8_t *name, size_t len, uint32_t *spi,
		       uint8_t *nai, size_t *nai_len);
/* Ends @nai's dynamic keys and their bindings (@lifetime 0), or gives them
 * @lifetime seconds from now: 0 or -errno.
 */
int mip4d_nl_dynkeys(const uint8_t *nai, size_t nai_len, uint32_t spi,
		     uint32_t lifetime);
int mip4d_nl_binding_del(uint32_t home);
/* At start, before the binding dump: the user NAIs of the nodes' dynamic
 * keys (§9.5), so that their sessions go on under the user's NAI.
 */
int mip4d_nl_user_nais(void);
/* The session with Acct-Session-Id @id: its binding in @node (found). */
void mip4d_acct_session_node(const uint8_t *id, size_t id_len,
			     struct mip4d_node *node);

/* devices.c: the bindings of each NAI with dynamic keys, from the events. */
void mip4d_devices_binding(const struct mip4d_binding_event *e);
/* True when @nai has a binding for a home address other than @home (one
 * of them in *@other).
 */
bool mip4d_devices_other(const uint8_t *nai, size_t len, uint32_t home,
			 uint32_t *other);
void mip4d_devices_shutdown(void);

/* dynauth.c: Disconnect- and CoA-Requests (RFC 5176). */
int mip4d_dynauth_open(const struct mip4d_conf *c);
void mip4d_dynauth_input(void);
void mip4d_dynauth_close(void);
int mip4d_nl_binding_counters(uint32_t home, uint32_t coa,
			      struct mip4d_counters *counters);
/* What an Access-Accept for @nai says of its accounting: the Class to
 * echo, the Acct-Interim-Interval (0: none).
 */
void mip4d_acct_authorized(const uint8_t *nai, size_t nai_len,
			   const uint8_t *class_, size_t class_len,
			   uint32_t interim_s);
/* ... and for a device @nai whose user @user was authenticated (§9.5):
 * the session's User-Name is @user.
 */
void mip4d_acct_authorized_user(const uint8_t *nai, size_t nai_len,
				const uint8_t *user, size_t user_len,
				const uint8_t *class_, size_t class_len,
				uint32_t interim_s);
/* The next interim record's time (mip4d_now_ms()), 0: none; and sending
 * those that are due.
 */
uint64_t mip4d_acct_next_deadline(void);
void mip4d_acct_timer(void);
void mip4d_acct_forget(const uint8_t *nai, size_t nai_len);
/*
 * At start, before the dump of the bindings: the spool and the sessions an
 * earlier mip4d left (state_dir); 0 or -errno (a state_dir it cannot use).
 * After the dump: mip4d_acct_started() closes those sessions whose binding
 * is gone, sends Accounting-On when no session continues, and lets the
 * records go.
 */
int mip4d_acct_init(void);
void mip4d_acct_started(void);
/* A clean stop: a Stop for every session, then Accounting-Off; the main
 * loop then waits while mip4d_spool_busy().
 */
void mip4d_acct_stop_all(void);
void mip4d_acct_shutdown(void);
/* Sessions being accounted. */
uint32_t mip4d_acct_sessions(void);

#endif /* MIP4D_H */
