// SPDX-License-Identifier: GPL-2.0
/* mip4-mn: a Mobile IPv4 mobile node client (RFC 5944 §3.6). */

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "conf.h"
#include "mn.h"

static void mn_read_key(struct mn *mn)
{
	const char *path = mn->cfg->key_file;
	ssize_t n;

	n = mip4_secret_read(path, mn->key, sizeof(mn->key));
	if (n >= 0) {
		mn->key_len = (size_t)n;
		return;
	}
	if (n == -EINVAL)
		mn_warn("key file %s holds no key", path);
	else if (n == -EMSGSIZE)
		mn_warn("key in %s is longer than %d bytes", path, MN_KEY_MAX);
	else
		mn_warn("cannot read key file %s: %s", path, strerror((int)-n));
	exit(MN_EXIT_USAGE);
}

/* The password of dynamic keys, or with AKA the user's (protocol.md §9). */
static void mn_read_password(struct mn *mn, const char *path)
{
	ssize_t n;

	n = mip4_password_read(path, mn->password, sizeof(mn->password));
	if (n >= 0) {
		mn->password_len = (size_t)n;
		return;
	}
	if (n == -EINVAL)
		mn_warn("password file %s holds no password (empty, or more than one line)",
			path);
	else if (n == -EMSGSIZE)
		mn_warn("password in %s is longer than %d bytes", path,
			MIP4_PASSWORD_MAX);
	else
		mn_warn("cannot read password file %s: %s", path,
			strerror((int)-n));
	exit(MN_EXIT_USAGE);
}

/* AKA: the USIM's K and OPc, and the sequence numbers it accepted in
 * earlier runs (none: a new USIM).
 */
static void mn_read_usim(struct mn *mn)
{
	const struct mn_config *cfg = mn->cfg;
	const char *what;
	int err;

	err = mip4_usim_keys(cfg->k_file, cfg->opc_file, &mn->usim, &what);
	if (err == -EINVAL) {
		mn_warn("%s does not hold 16 octets in hex", what);
		exit(MN_EXIT_USAGE);
	}
	if (err) {
		mn_warn("cannot read %s: %s", what, strerror(-err));
		exit(MN_EXIT_USAGE);
	}
	err = mip4_usim_seq_read(cfg->seq_file, cfg->ind_bits, &mn->usim.seq);
	if (err == -ENOENT) {
		mn_debug(cfg, "no %s yet: a USIM that has accepted no challenge",
			 cfg->seq_file);
	} else if (err == -EINVAL) {
		/* Starting afresh would accept old challenges again. */
		mn_warn("%s is not a USIM sequence file; not starting",
			cfg->seq_file);
		exit(MN_EXIT_USAGE);
	} else if (err) {
		mn_warn("cannot read %s: %s", cfg->seq_file, strerror(-err));
		exit(MN_EXIT_USAGE);
	}
}

/* Loop mode ends on SIGINT or SIGTERM with a deregistration. */
static void mn_watch_signals(struct mn *mn)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) ||
	    (mn->sigfd = signalfd(-1, &set, SFD_CLOEXEC)) < 0) {
		mn_warn("signalfd: %s", strerror(errno));
		exit(MN_EXIT_ERROR);
	}
}

static int64_t mn_ms(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
}

static void mn_forget_keys(struct mn *mn)
{
	mip4_mn_keys_wipe(&mn->keys);
	mn->have_keys = false;
}

/* --show-keys, for tests that compare them with the home agent's. */
static void mn_print_keys(const struct mn *mn)
{
	const struct mip4_mn_keys *k = &mn->keys;
	unsigned int i;

	printf("keys: spi-s 0x%" PRIx32 " skey ", k->spi_s);
	for (i = 0; i < k->key_len; i++)
		printf("%02x", k->skey[i]);
	printf(" spi-d 0x%" PRIx32 " skey-prime ", k->spi_d);
	for (i = 0; i < k->key_len; i++)
		printf("%02x", k->skey_prime[i]);
	putchar('\n');
}

/* The outcome of a step as an exit status, with its line printed. */
static int mn_report(struct mn *mn, enum mn_step_kind kind,
		     const struct mn_result *res, struct in_addr coa)
{
	const struct mn_config *cfg = mn->cfg;
	char home[INET_ADDRSTRLEN], ca[INET_ADDRSTRLEN], ha[INET_ADDRSTRLEN];

	if (cfg->print_id && res->status != MN_NO_REPLY &&
	    res->status != MN_FAILED && res->status != MN_SIGNALLED)
		printf("id 0x%016" PRIx64 "\n", res->id);

	inet_ntop(AF_INET, &cfg->home, home, sizeof(home));
	inet_ntop(AF_INET, &coa, ca, sizeof(ca));
	switch (res->status) {
	case MN_ACCEPTED:
		if (kind == MN_STEP_DEREG) {
			mn_info(cfg, "deregistered");
			return MN_EXIT_OK;
		}
		if (kind == MN_STEP_REGISTER)
			mn_info(cfg, "registered: home %s care-of %s lifetime %u",
				home, ca, res->lifetime);
		else
			mn_info(cfg, "%s: home %s care-of %s lifetime %u keys: spi-s 0x%" PRIx32 " spi-d 0x%" PRIx32 " key-lifetime %" PRIu32,
				kind == MN_STEP_INITIAL ? "registered" :
							  "rekeyed",
				home, ca, res->lifetime, mn->keys.spi_s,
				mn->keys.spi_d, mn->keys.key_lifetime);
		/* protocol.md §9: both authentications made the keys. */
		if (kind == MN_STEP_INITIAL && cfg->user_nai_len)
			mn_info(cfg, "user: %s accepted", cfg->user_nai);
		if (res->code == MIP4_CODE_ACCEPTED_NO_SIMUL)
			mn_info(cfg, "note: code 1 (%s)",
				mn_code_text(res->code));
		if (cfg->show_keys && kind != MN_STEP_REGISTER)
			mn_print_keys(mn);
		return MN_EXIT_OK;
	case MN_DENIED:
		if (res->user_denied || res->user_required) {
			mn_info(cfg, "denied: code %u (%s; device authenticated)",
				res->code,
				res->user_required ? "a user authentication is required" :
				res->code == MIP4_CODE_AUTH_FAILED ? "user refused" :
				res->code == MIP4_CODE_NO_AAA ? "no answer from the user's AAA server" :
				mn_code_text(res->code));
			return MN_EXIT_DENIED;
		}
		mn_info(cfg, "denied: code %u (%s%s)%s", res->code,
			mn_code_text(res->code),
			res->unverified ?
			"; reply not verifiable with our key: wrong key?" : "",
			res->unauthenticated ? " [unauthenticated]" : "");
		return MN_EXIT_DENIED;
	case MN_NO_REPLY:
		mn_warn("no reply from home agent %s after %u requests",
			inet_ntop(AF_INET, &cfg->ha, ha, sizeof(ha)),
			res->requests);
		return MN_EXIT_NO_REPLY;
	case MN_SIGNALLED:
		mn_warn("interrupted");
		return MN_EXIT_ERROR;
	case MN_FAILED:
		break;
	}
	return MN_EXIT_ERROR;
}

/* One exchange of @kind (not MN_STEP_SLEEP), its line, the keys it made or
 * ended. Returns the exit status it means; a signal (loop mode) is left to
 * the caller, unreported.
 */
static int mn_step(struct mn *mn, enum mn_step_kind kind,
		   struct mn_result *res)
{
	const struct mn_config *cfg = mn->cfg;
	struct in_addr coa = mn->coa;
	int status;

	switch (kind) {
	case MN_STEP_INITIAL:
		mn_exchange(mn, cfg->aka ? MN_REQ_AKA : MN_REQ_KEYGEN,
			    cfg->lifetime, coa, res);
		break;
	case MN_STEP_REKEY:
		mn_exchange(mn, MN_REQ_REKEY, cfg->lifetime, coa, res);
		break;
	case MN_STEP_DEREG:
		if (cfg->dereg_all)
			coa = cfg->home;
		mn_exchange(mn, MN_REQ_REGISTER, 0, coa, res);
		break;
	case MN_STEP_REGISTER:
	case MN_STEP_SLEEP:	/* never: the callers sleep themselves */
	case MN_STEP_PAUSE:
		mn_exchange(mn, MN_REQ_REGISTER, cfg->lifetime, coa, res);
		break;
	}
	if (res->status == MN_SIGNALLED)
		return MN_EXIT_ERROR;
	if (res->status == MN_ACCEPTED && kind == MN_STEP_INITIAL) {
		mn->have_keys = true;
		/* Renewed before the key lifetime ends, counted (like the
		 * binding's) from when the answered request was sent.
		 */
		mn->keys_renew_ms = mn_ms(&res->sent) +
				    (int64_t)mn->keys.key_lifetime * 10 *
				    cfg->reregister_pct;
		mn->keys_end_ms = mn_ms(&res->sent) +
				  (int64_t)mn->keys.key_lifetime * 1000;
	}
	status = mn_report(mn, kind, res, coa);
	/* §4.4: the home agent has deleted both SAs. */
	if (res->status == MN_ACCEPTED && kind == MN_STEP_DEREG &&
	    cfg->dynamic)
		mn_forget_keys(mn);
	return status;
}

static int mn_deregister(struct mn *mn)
{
	struct mn_result res;
	int status;

	status = mn_step(mn, MN_STEP_DEREG, &res);
	if (res.status == MN_SIGNALLED)
		mn_warn("interrupted");
	return status;
}

/* Sleeps until @until_ms (CLOCK_MONOTONIC; INT64_MAX: forever) or a
 * signal; returns true for a signal.
 */
static bool mn_sleep(struct mn *mn, int64_t until_ms)
{
	struct pollfd pfd = { .fd = mn->sigfd, .events = POLLIN };
	struct signalfd_siginfo si;
	int64_t ms;

	for (;;) {
		ms = -1;
		if (until_ms != INT64_MAX) {
			ms = until_ms - mn_now_ms();
			if (ms <= 0)
				return false;
		}
		/* Without signals watched (fd -1), poll only waits. */
		if (poll(&pfd, 1, (int)(ms > INT32_MAX ? INT32_MAX : ms)) < 0 &&
		    errno != EINTR) {
			mn_warn("poll: %s", strerror(errno));
			exit(MN_EXIT_ERROR);
		}
		if (pfd.revents & POLLIN) {
			if (read(mn->sigfd, &si, sizeof(si)) == sizeof(si))
				mn_debug(mn->cfg, "signal %u", si.ssi_signo);
			return true;
		}
	}
}

/* With dynamic keys, a home agent that lost ours (restarted, or our
 * binding expired while we were away) ignores requests made with them, or
 * answers with a 131 made with other keys: registering anew is the way
 * back.
 */
static bool mn_keys_lost(const struct mn *mn, const struct mn_result *res)
{
	return mn->cfg->dynamic &&
	       (res->status == MN_NO_REPLY ||
		(res->status == MN_DENIED &&
		 res->code == MIP4_CODE_AUTH_FAILED));
}

static int mn_run_loop(struct mn *mn)
{
	const struct mn_config *cfg = mn->cfg;
	enum mn_step_kind kind;
	int64_t refresh, next, rekey = INT64_MAX;
	bool fresh_keys = false;
	struct mn_result res;
	int status;

	kind = cfg->dynamic ? MN_STEP_INITIAL : MN_STEP_REGISTER;
	for (;;) {
		status = mn_step(mn, kind, &res);
		if (res.status == MN_SIGNALLED)
			break;
		/*
		 * New keys refused (a failed authentication, no AAA answer):
		 * §4.4, the home agent keeps what we have, so we keep it
		 * too, go on registering with it and try again at half of
		 * what is left; only keys that end stop the node.
		 */
		if (res.status != MN_ACCEPTED && res.status != MN_SIGNALLED &&
		    kind == MN_STEP_INITIAL && mn->have_keys &&
		    mn->keys_end_ms - mn_now_ms() > 2000) {
			int64_t left = mn->keys_end_ms - mn_now_ms();
			int64_t wait = left / 2;

			/* AKA (protocol.md §8.6): after a forged challenge,
			 * not before the challenge lifetime has passed.
			 */
			if (res.aka_mac_failure &&
			    wait < (int64_t)res.challenge_lifetime * 1000)
				wait = (int64_t)res.challenge_lifetime * 1000;
			mn_info(cfg, "renew: new keys refused; keeping ours (%lld s left), trying again in %lld s",
				(long long)(left / 1000),
				(long long)(wait / 1000));
			mn->keys_renew_ms = mn_now_ms() + wait;
			kind = MN_STEP_REGISTER;
			continue;
		}
		if (res.status != MN_ACCEPTED) {
			/* Once per set of keys: not when new ones fail. */
			if (kind == MN_STEP_INITIAL || fresh_keys ||
			    !mn_keys_lost(mn, &res))
				return status;
			mn_info(cfg, "renew: the home agent no longer accepts our keys; registering anew");
			mn_forget_keys(mn);
			kind = MN_STEP_INITIAL;
			continue;
		}
		fresh_keys = kind == MN_STEP_INITIAL;
		if (kind != MN_STEP_REGISTER && cfg->rekey_period)
			rekey = mn_ms(&res.sent) +
				(int64_t)cfg->rekey_period * 1000;

		/* §3.6.2.2: the granted lifetime runs from when the request
		 * was sent.
		 */
		refresh = INT64_MAX;
		if (res.lifetime != MIP4_LIFETIME_INFINITE)
			refresh = mn_ms(&res.sent) +
				  (int64_t)res.lifetime * 10 *
				  cfg->reregister_pct;
		next = refresh;
		kind = MN_STEP_REGISTER;
		if (cfg->dynamic && rekey < next) {
			next = rekey;
			kind = MN_STEP_REKEY;
		}
		if (cfg->dynamic && mn->keys_renew_ms <= next) {
			next = mn->keys_renew_ms;
			kind = MN_STEP_INITIAL;
		}
		if (mn_sleep(mn, next))
			break;
		mn_debug(cfg, "%s",
			 kind == MN_STEP_INITIAL ? "renewing the keys" :
			 kind == MN_STEP_REKEY ? "renewing Skey'" :
						 "refreshing the registration");
	}
	/* Nothing to end without keys. */
	if (cfg->dynamic && !mn->have_keys)
		return MN_EXIT_OK;
	return mn_deregister(mn);
}

/* A pause step: whoever drives the node (an operator pressing Enter, a
 * test writing to a pipe) says when to go on, so that what it looks at
 * between two steps cannot be overtaken by the next one.  Standard input
 * closed before the line ends the run: nobody is left to say "go on".
 */
static bool mn_pause(const struct mn_config *cfg)
{
	char c;
	ssize_t n;

	mn_debug(cfg, "paused: waiting for a line on standard input");
	for (;;) {
		n = read(STDIN_FILENO, &c, 1);
		if (n == 1 && c == '\n')
			return true;
		if (n == 0)
			return false;
		if (n < 0 && errno != EINTR) {
			mn_warn("pause: standard input: %s", strerror(errno));
			return false;
		}
	}
}

static int mn_run_sequence(struct mn *mn)
{
	const struct mn_config *cfg = mn->cfg;
	const struct mn_step *step;
	struct mn_result res;
	unsigned int i;
	int status;

	for (i = 0; i < cfg->n_steps; i++) {
		step = &cfg->steps[i];
		if (step->kind == MN_STEP_SLEEP) {
			mn_sleep(mn, mn_now_ms() + (int64_t)step->seconds * 1000);
			continue;
		}
		if (step->kind == MN_STEP_PAUSE) {
			if (mn_pause(cfg))
				continue;
			mn_warn("pause: standard input closed; stopping before step %u",
				i + 2);
			return MN_EXIT_ERROR;
		}
		status = mn_step(mn, step->kind, &res);
		if (status)
			return status;
	}
	return MN_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct mn_config cfg;
	struct mn mn = { .cfg = &cfg, .fd = -1, .sigfd = -1 };
	struct mn_result res;
	enum mn_step_kind kind;
	unsigned int i;
	int status = MN_EXIT_OK;

	/* Scripts read our lines as they come. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	mn_config_parse(&cfg, argc, argv);
	if (cfg.aka) {
		mn_read_usim(&mn);
		if (cfg.user_nai_len)
			mn_read_password(&mn, cfg.user_password_file);
	} else if (cfg.dynamic) {
		mn_read_password(&mn, cfg.password_file);
	} else {
		mn_read_key(&mn);
	}
	mip4_ident_init(&mn.ident, cfg.replay);
	mip4_ident_init(&mn.ident_s, cfg.replay);
	mn.ident.offset = cfg.clock_offset;
	if (cfg.mode == MN_MODE_LOOP)
		mn_watch_signals(&mn);
	if (mn_socket_open(&mn))
		return MN_EXIT_ERROR;

	switch (cfg.mode) {
	case MN_MODE_LOOP:
		status = mn_run_loop(&mn);
		break;
	case MN_MODE_COUNT:
		for (i = 0; i < cfg.count && status == MN_EXIT_OK; i++) {
			kind = cfg.dynamic && !i ? MN_STEP_INITIAL :
						   MN_STEP_REGISTER;
			status = mn_step(&mn, kind, &res);
		}
		break;
	case MN_MODE_SEQUENCE:
		status = mn_run_sequence(&mn);
		break;
	case MN_MODE_DEREG:
		status = mn_deregister(&mn);
		break;
	}

	explicit_bzero(mn.key, sizeof(mn.key));
	explicit_bzero(mn.password, sizeof(mn.password));
	mip4_usim_wipe(&mn.usim);
	mip4_mn_aka_wipe(&mn.aka);
	mn_forget_keys(&mn);
	close(mn.fd);
	return status;
}
