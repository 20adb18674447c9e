// SPDX-License-Identifier: GPL-2.0
/* One registration exchange with the home agent (RFC 5944 §3.6). */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mac.h"
#include "mn.h"

int mn_socket_open(struct mn *mn)
{
	const struct mn_config *cfg = mn->cfg;
	struct sockaddr_in local = { .sin_family = AF_INET };
	struct sockaddr_in ha = {
		.sin_family = AF_INET,
		.sin_addr = cfg->ha,
		.sin_port = htons(cfg->port),
	};
	socklen_t len = sizeof(local);
	char addr[INET_ADDRSTRLEN];

	mn->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (mn->fd < 0) {
		mn_warn("socket: %s", strerror(errno));
		return -1;
	}
	/* A co-located care-of address is the source of the request
	 * (§3.6.1.1), so the socket is bound to it.
	 */
	if (cfg->has_coa) {
		local.sin_addr = cfg->coa;
		if (bind(mn->fd, (struct sockaddr *)&local, sizeof(local))) {
			mn_warn("cannot bind to care-of address %s: %s",
				inet_ntop(AF_INET, &cfg->coa, addr,
					  sizeof(addr)),
				strerror(errno));
			return -1;
		}
	}
	/* Connected: only the home agent's datagrams reach us, and ICMP
	 * errors about ours are reported.
	 */
	if (connect(mn->fd, (struct sockaddr *)&ha, sizeof(ha))) {
		mn_warn("cannot reach home agent %s port %u: %s",
			inet_ntop(AF_INET, &cfg->ha, addr, sizeof(addr)),
			cfg->port, strerror(errno));
		return -1;
	}
	if (getsockname(mn->fd, (struct sockaddr *)&local, &len)) {
		mn_warn("getsockname: %s", strerror(errno));
		return -1;
	}
	mn->coa = local.sin_addr;
	return 0;
}

const char *mn_code_text(u8 code)
{
	switch (code) {
	case MIP4_CODE_ACCEPTED:
		return "registration accepted";
	case MIP4_CODE_ACCEPTED_NO_SIMUL:
		return "accepted, simultaneous mobility bindings unsupported";
	case MIP4_CODE_NO_AAA:
		return "reason unspecified";
	case MIP4_CODE_PROHIBITED:
		return "administratively prohibited";
	case MIP4_CODE_NO_RESOURCES:
		return "insufficient resources";
	case MIP4_CODE_AUTH_FAILED:
		return "mobile node failed authentication";
	case 132:
		return "foreign agent failed authentication";
	case MIP4_CODE_ID_MISMATCH:
		return "registration Identification mismatch";
	case MIP4_CODE_POORLY_FORMED:
		return "poorly formed Request";
	case MIP4_CODE_TOO_MANY_BINDINGS:
		return "too many simultaneous mobility bindings";
	case MIP4_CODE_UNKNOWN_HA:
		return "unknown home agent address";
	case MIP4_CODE_REV_TUNNEL_UNAVAIL:
		return "requested reverse tunnel unavailable";
	case MIP4_CODE_REV_TUNNEL_NEEDS_T:
		return "reverse tunnel is mandatory and 'T' bit not set";
	case MIP4_CODE_ENCAP_UNAVAIL:
		return "requested encapsulation unavailable";
	case MIP4_CODE_UNKNOWN_CVSE:
		return "unsupported Vendor-ID or Vendor-CVSE-Type";
	}
	if (code >= 64 && code < 128)
		return "denied by a foreign agent";
	return "denied by the home agent";
}

/* The SA that authenticates @req, for the MHAE. */
struct mn_sa {
	u8 algorithm;
	u32 spi;
	const u8 *key;
	size_t key_len;
};

static void mn_sa_of(const struct mn *mn, enum mn_request req,
		     struct mn_sa *sa)
{
	const struct mn_config *cfg = mn->cfg;

	if (!cfg->dynamic) {
		*sa = (struct mn_sa){ cfg->algorithm, cfg->spi, mn->key,
				      mn->key_len };
	} else if (req == MN_REQ_REKEY) {
		*sa = (struct mn_sa){ mn->keys.algorithm, mn->keys.spi_s,
				      mn->keys.skey, mn->keys.key_len };
	} else {
		*sa = (struct mn_sa){ mn->keys.algorithm, mn->keys.spi_d,
				      mn->keys.skey_prime, mn->keys.key_len };
	}
}

static u32 mn_new_spi_d(const struct mn *mn)
{
	return mn->cfg->new_spi_d ? mn->cfg->new_spi_d : mn->keys.spi_d;
}

/* With nonces the home agent keeps one per SA: the Skey SA has its own. */
static struct mip4_ident *mn_ident(struct mn *mn, enum mn_request req)
{
	if (req == MN_REQ_REKEY && mn->cfg->replay == MIP4_REPLAY_NONCE)
		return &mn->ident_s;
	return &mn->ident;
}

/* Which request of an AKA attempt (MN_REQ_AKA) goes next. */
enum mn_aka_phase {
	MN_AKA_START,		/* RRQ1: AKA_START */
	MN_AKA_RESPONSE,	/* RRQ2: AKA_RESPONSE, MHAE with Skey */
	MN_AKA_FAILURE,		/* AKA_FAILURE: AUTS, or a MAC failure */
	MN_AKA_USER,		/* RRQ3: USER_AUTH alone, MHAE with K_aka */
};

/* The request of the exchange. */
struct mn_sent {
	u64 id;
	struct mip4_mn_keygen kg;	/* MN_REQ_KEYGEN */
	enum mn_aka_phase phase;	/* MN_REQ_AKA */
};

/* Builds (and signs) a request into @buf; returns its length. */
static int mn_build(struct mn *mn, enum mn_request req, u8 *buf, u16 lifetime,
		    struct in_addr coa, struct mn_sent *sent)
{
	const struct mn_config *cfg = mn->cfg;
	struct mip4_msg_spec spec = {
		.type = MIP4_TYPE_RRQ,
		.flags = cfg->flags_raw >= 0 ? (u8)cfg->flags_raw : cfg->flags,
		.lifetime = lifetime,
		.home_addr = cfg->home.s_addr,
		.ha_addr = cfg->ha.s_addr,
		.coa = coa.s_addr,
		.id = sent->id,
		.nai = cfg->nai_len ? (const u8 *)cfg->nai : NULL,
		.nai_len = cfg->nai_len,
		.vendor_id = cfg->vendor_id,
	};
	struct mip4_mn_keygen_params p = {
		.algorithm = cfg->algorithm,
		.replay = cfg->replay,
		.spi_s = cfg->spi_s,
		.spi_d = cfg->spi_d,
	};
	struct mn_sa sa;
	int len;

	switch (req) {
	case MN_REQ_KEYGEN:
		if (getrandom(p.auth_challenge, sizeof(p.auth_challenge), 0) !=
		    sizeof(p.auth_challenge))
			return -1;
		return mip4_mn_keygen_build(buf, MIP4_MSG_MAX, &spec, &p,
					    mn->password, mn->password_len,
					    &sent->kg);
	case MN_REQ_REKEY:
		return mip4_mn_rekey_build(buf, MIP4_MSG_MAX, &spec, &mn->keys,
					   mn_new_spi_d(mn));
	case MN_REQ_AKA:
		/* RRQ1's registration fields are not acted on
		 * (protocol.md §8.4); they are those of RRQ2 all the same.
		 */
		switch (sent->phase) {
		case MN_AKA_START:
			return mip4_mn_aka_start_build(buf, MIP4_MSG_MAX, &spec,
						       &mn->aka);
		case MN_AKA_RESPONSE:
		case MN_AKA_USER:
			/* protocol.md §9.3: a new AuthenticatorChallenge
			 * for each USER_AUTH.
			 */
			if (cfg->user_nai_len &&
			    getrandom(mn->aka.user_challenge,
				      sizeof(mn->aka.user_challenge), 0) !=
			    sizeof(mn->aka.user_challenge))
				return -1;
			if (sent->phase == MN_AKA_USER)
				return mip4_mn_aka_user_build(buf, MIP4_MSG_MAX,
							      &spec, &mn->aka);
			return mip4_mn_aka_response_build(buf, MIP4_MSG_MAX,
							  &spec, &mn->aka);
		case MN_AKA_FAILURE:
			return mip4_mn_aka_failure_build(buf, MIP4_MSG_MAX,
							 &spec, &mn->aka);
		}
		return -1;
	case MN_REQ_REGISTER:
		break;
	}
	mn_sa_of(mn, req, &sa);
	spec.algorithm = sa.algorithm;
	spec.spi = sa.spi;
	len = mip4_msg_build(buf, MIP4_MSG_MAX, &spec);
	/* Every field was checked when it was parsed: this cannot fail. */
	if (len < 0 ||
	    mip4_mhae_sign(buf, (size_t)len, sa.algorithm, sa.key, sa.key_len))
		return -1;
	return len;
}

enum mn_verdict {
	MN_REPLY_OURS,		/* the answer to our request */
	MN_REPLY_CHALLENGE,	/* AKA: a challenge, answered by a new request */
	MN_REPLY_USER_STEP,	/* AKA: the device authenticated, the user's
				 * step asked for (RRQ3) */
	MN_REPLY_HINT,		/* an unauthenticated denial of an initial one */
	MN_REPLY_FOREIGN,	/* not a reply to our latest request */
	MN_REPLY_FORGED,	/* looks like one, fails authentication */
};

/* protocol.md §4.1: the reply to an initial registration. */
static enum mn_verdict mn_keygen_reply_check(struct mn *mn, const u8 *buf,
					     size_t len,
					     const struct mip4_msg *msg,
					     const struct mn_sent *sent,
					     const char **why)
{
	/* No key yet on the home agent's side: denials carry no MHAE. */
	if (!msg->has_mhae) {
		if (msg->code > MIP4_CODE_ACCEPTED_NO_SIMUL)
			return MN_REPLY_HINT;
		*why = "acceptance without MHAE";
		return MN_REPLY_FORGED;
	}
	if (msg->code > MIP4_CODE_ACCEPTED_NO_SIMUL) {
		*why = "denial with an MHAE (no key to verify it)";
		return MN_REPLY_FORGED;
	}
	/* The keys change only when everything verified. */
	if (mip4_mn_keygen_reply(buf, len, msg, &sent->kg, mn->password,
				 mn->password_len, &mn->keys, why))
		return MN_REPLY_FORGED;
	return MN_REPLY_OURS;
}

/*
 * protocol.md §8.4: the replies of an AKA attempt. RRQ1 and the reports of a
 * failed challenge are answered by a challenge (131, authenticated by its
 * AUTN, no MHAE) or by an unauthenticated denial, a hint; RRQ2 by a reply
 * with an MHAE made with the Skey of the challenge.
 */
static enum mn_verdict mn_aka_reply_check(struct mn *mn, const u8 *buf,
					  size_t len, const struct mip4_msg *msg,
					  const struct mn_sent *sent,
					  const char **why)
{
	int err;

	if (sent->phase == MN_AKA_RESPONSE || sent->phase == MN_AKA_USER) {
		if (!msg->has_mhae) {
			if (msg->code > MIP4_CODE_ACCEPTED_NO_SIMUL)
				return MN_REPLY_HINT;
			*why = "acceptance without MHAE";
			return MN_REPLY_FORGED;
		}
		/* An acceptance installs the new keys in one step. */
		err = mip4_mn_aka_result(buf, len, msg, &mn->aka, &mn->keys,
					 why);
		if (err == MIP4_MN_AKA_USER_STEP &&
		    sent->phase == MN_AKA_RESPONSE)
			return MN_REPLY_USER_STEP;
		if (err)
			return MN_REPLY_FORGED;
		return MN_REPLY_OURS;
	}
	if (msg->has_mhae) {
		*why = "reply with an MHAE to a request no key of ours signed";
		return MN_REPLY_FORGED;
	}
	if (msg->code <= MIP4_CODE_ACCEPTED_NO_SIMUL) {
		*why = "acceptance without MHAE";
		return MN_REPLY_FORGED;
	}
	if (msg->cvse_type != MIP4_CVSE_AKA_CHALLENGE)
		return MN_REPLY_HINT;
	/* protocol.md §8.6: a MAC failure is reported once; no challenge
	 * answers it.
	 */
	if (sent->phase == MN_AKA_FAILURE &&
	    mn->aka.outcome == MIP4_MN_AKA_MAC_FAILURE) {
		*why = "challenge in answer to a MAC failure report";
		return MN_REPLY_FORGED;
	}
	if (mip4_mn_aka_challenge_check(msg, &mn->aka, why))
		return MN_REPLY_FORGED;
	return MN_REPLY_CHALLENGE;
}

/* §3.6.2.1: what a received datagram is; @why says why it is ignored. */
static enum mn_verdict mn_reply_check(struct mn *mn, enum mn_request req,
				      const u8 *buf, size_t len,
				      const struct mn_sent *sent,
				      struct mip4_msg *msg, const char **why)
{
	const struct mn_config *cfg = mn->cfg;
	struct mn_sa sa;

	if (mip4_msg_parse(buf, len, cfg->vendor_id, msg)) {
		*why = "malformed";
		return MN_REPLY_FOREIGN;
	}
	if (msg->type != MIP4_TYPE_RRP) {
		*why = "not a registration reply";
		return MN_REPLY_FOREIGN;
	}
	if (msg->home_addr != cfg->home.s_addr) {
		*why = "for another home address";
		return MN_REPLY_FOREIGN;
	}
	if ((u32)msg->id != (u32)sent->id) {
		*why = "low 32 bits of the Identification are not our latest request's";
		return MN_REPLY_FOREIGN;
	}
	if (cfg->nai_len && msg->nai &&
	    (msg->nai_len != cfg->nai_len ||
	     memcmp(msg->nai, cfg->nai, cfg->nai_len))) {
		*why = "for another NAI";
		return MN_REPLY_FOREIGN;
	}
	if (req == MN_REQ_KEYGEN)
		return mn_keygen_reply_check(mn, buf, len, msg, sent, why);
	if (req == MN_REQ_AKA)
		return mn_aka_reply_check(mn, buf, len, msg, sent, why);

	mn_sa_of(mn, req, &sa);
	if (!msg->has_mhae) {
		*why = "no Mobile-Home Authentication Extension";
		return MN_REPLY_FORGED;
	}
	if (msg->spi != sa.spi) {
		*why = "MHAE with another SPI";
		return MN_REPLY_FORGED;
	}
	if (mip4_mhae_verify(buf, len, msg, sa.algorithm, sa.key,
			     sa.key_len)) {
		*why = "MHAE authenticator does not verify";
		return MN_REPLY_FORGED;
	}
	/* §4.3: an accepted rekey switches to the new Skey'. */
	if (req == MN_REQ_REKEY &&
	    msg->code <= MIP4_CODE_ACCEPTED_NO_SIMUL &&
	    mip4_mn_rekey_reply(msg, sent->id, mn_new_spi_d(mn),
				&mn->keys, why))
		return MN_REPLY_FORGED;
	return MN_REPLY_OURS;
}

static void mn_dump_reply(const struct mn_config *cfg, const u8 *buf,
			  size_t len)
{
	FILE *f;

	if (!cfg->dump_reply)
		return;
	f = fopen(cfg->dump_reply, "we");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		mn_warn("cannot write %s: %s", cfg->dump_reply,
			strerror(errno));
		if (f)
			fclose(f);
	}
}

int64_t mn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void mn_send(struct mn *mn, const u8 *buf, size_t len)
{
	if (mn->cfg->verbosity > 0)
		mn_print_msg("->", buf, len, mn->cfg->vendor_id);
	/* A lost request and an unsent one are retransmitted alike. */
	if (send(mn->fd, buf, len, 0) < 0)
		mn_warn("cannot send to the home agent: %s", strerror(errno));
}

/* @ha_time: the high half of the 133 reply, before learning from it. */
static void mn_resync_note(struct mn *mn, const struct mip4_ident *ident,
			   enum mip4_ident_sync sync, u32 ha_time)
{
	switch (sync) {
	case MIP4_IDENT_SYNC_CLOCK:
		mn_info(mn->cfg,
			"resync: home agent clock is %+d s from ours; sending again",
			(int32_t)(ha_time - ident->clock));
		break;
	case MIP4_IDENT_SYNC_SEQUENCE:
		mn_info(mn->cfg,
			"resync: home agent has seen a later timestamp; sending again");
		break;
	case MIP4_IDENT_SYNC_NONCE:
		mn_info(mn->cfg,
			"resync: new nonce 0x%08x from the home agent; sending again",
			ident->nonce);
		break;
	case MIP4_IDENT_SYNC_NONE:
		break;
	}
}

/* A 133 with nonces gives the nonce to use; one that gives back ours is a
 * refusal that sending again cannot cure (an initial registration refused
 * for the Identification, say).
 */
static bool mn_resync_useful(const struct mn_config *cfg,
			     const struct mn_sent *sent,
			     const struct mip4_msg *msg)
{
	return cfg->replay != MIP4_REPLAY_NONCE ||
	       (u32)(msg->id >> 32) != (u32)(sent->id >> 32);
}

/* Not secret (it travels in the clear), and what tests compare. */
static const char *mn_hex(const u8 *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	return out;
}

enum mn_aka_next {
	MN_AKA_NEXT_SEND,	/* sent->phase says which request */
	MN_AKA_NEXT_GIVE_UP,	/* the attempt failed */
	MN_AKA_NEXT_ERROR,	/* message printed */
};

/*
 * protocol.md §8.4 "The MN on RRP1" steps 2-3, §8.5, §8.6: what the
 * record of the attempt, or else the USIM, makes of a checked challenge.
 * The sequence numbers the USIM accepted are on disk before any response
 * leaves. @fresh is set when the USIM ran.
 */
static enum mn_aka_next mn_aka_challenge(struct mn *mn,
					 const struct mip4_msg *msg,
					 struct mn_sent *sent,
					 unsigned int *aka_resyncs,
					 bool *fresh, struct mn_result *res)
{
	const struct mn_config *cfg = mn->cfg;
	char rand[2 * MIP4_AKA_RAND_LEN + 1];
	enum mip4_mn_aka_outcome outcome;
	int err;

	mn_hex(msg->rand, MIP4_AKA_RAND_LEN, rand);
	*fresh = !mip4_mn_aka_known(msg, &mn->aka);
	if (!*fresh) {
		outcome = mn->aka.outcome;
		mn_info(cfg, "aka challenge: rand %s lifetime %u (again: answered from the record)",
			rand, msg->challenge_lifetime);
	} else {
		mn_info(cfg, "aka challenge: rand %s lifetime %u", rand,
			msg->challenge_lifetime);
		outcome = mip4_mn_aka_take(&mn->aka, msg, mn->usim.k,
					   mn->usim.opc, &mn->usim.seq);
		if (outcome == MIP4_MN_AKA_OK) {
			err = mip4_usim_seq_write(cfg->seq_file,
						  &mn->usim.seq);
			if (err) {
				mn_warn("cannot save the USIM's sequence numbers to %s: %s; no response sent",
					cfg->seq_file, strerror(-err));
				return MN_AKA_NEXT_ERROR;
			}
		}
	}
	switch (outcome) {
	case MIP4_MN_AKA_OK:
		sent->phase = MN_AKA_RESPONSE;
		return MN_AKA_NEXT_SEND;
	case MIP4_MN_AKA_SYNC_FAILURE:
		/* protocol.md §8.5: one resynchronisation per attempt. */
		if (*aka_resyncs) {
			mn_info(cfg, "aka sync_failure: again after a resynchronisation; giving up");
			return MN_AKA_NEXT_GIVE_UP;
		}
		(*aka_resyncs)++;
		mn_info(cfg, "aka sync_failure: SQN not fresh; sending AUTS to resynchronise");
		sent->phase = MN_AKA_FAILURE;
		return MN_AKA_NEXT_SEND;
	case MIP4_MN_AKA_MAC_FAILURE:
		mn_warn("security exception: AUTN of challenge %s does not verify with our K (not from our home network, or K differs)",
			rand);
		mn_info(cfg, "aka mac_failure: reported; no new attempt for %u s",
			msg->challenge_lifetime);
		res->aka_mac_failure = true;
		res->challenge_lifetime = msg->challenge_lifetime;
		sent->phase = MN_AKA_FAILURE;
		return MN_AKA_NEXT_SEND;
	case MIP4_MN_AKA_NONE:
		break;
	}
	mn_warn("cannot derive Skey");
	return MN_AKA_NEXT_ERROR;
}

void mn_exchange(struct mn *mn, enum mn_request req, u16 lifetime,
		 struct in_addr coa, struct mn_result *res)
{
	const struct mn_config *cfg = mn->cfg;
	struct mip4_ident *ident = mn_ident(mn, req);
	u8 buf[MIP4_MSG_MAX + 1], out[MIP4_MSG_MAX];
	unsigned int resyncs = 0, sends, timeout, cap;
	struct mn_sent sent;
	bool forged_131 = false, fresh;
	struct signalfd_siginfo si;
	struct pollfd pfd[2];
	/* AKA: resynchronisations, a second RRQ1 after an unanswered RRQ2,
	 * and when the challenge taken expires at the home agent.
	 */
	unsigned int aka_resyncs = 0;
	bool aka_restarted = false, usim_ran;
	int64_t aka_expiry = 0;
	enum mn_verdict verdict;
	enum mip4_ident_sync sync;
	struct mip4_msg msg;
	const char *why, *refused = NULL;
	u8 hint = 0;
	int64_t deadline;
	ssize_t n;
	int len;

	memset(res, 0, sizeof(*res));
	memset(&sent, 0, sizeof(sent));
	pfd[0] = (struct pollfd){ .fd = mn->fd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = mn->sigfd, .events = POLLIN };
	if (req == MN_REQ_AKA) {
		struct mip4_mn_keygen_params p = {
			.algorithm = cfg->algorithm,
			.replay = cfg->replay,
			.spi_s = cfg->spi_s,
			.spi_d = cfg->spi_d,
		};

		if (mip4_mn_aka_init(&mn->aka, &p, (const u8 *)cfg->nai,
				     cfg->nai_len))
			goto build_failed;
		if (cfg->user_nai_len &&
		    mip4_mn_aka_user(&mn->aka, (const u8 *)cfg->user_nai,
				     cfg->user_nai_len, mn->password,
				     mn->password_len, !cfg->user_no_announce))
			goto build_failed;
		sent.phase = MN_AKA_START;
	}

new_request:
	hint = 0;
	sent.id = mip4_ident_next(ident);
	len = mn_build(mn, req, out, lifetime, coa, &sent);
	if (len < 0)
		goto build_failed;
	sends = 0;
	timeout = cfg->timeout_ms;
	fresh = true;

transmit:
	mn_send(mn, out, (size_t)len);
	/* §3.6.2.2: the lifetime runs from the first sending of the bytes
	 * that were answered (a nonce retransmission repeats them).
	 */
	if (fresh)
		clock_gettime(CLOCK_MONOTONIC, &res->sent);
	fresh = false;
	res->id = sent.id;
	res->requests++;
	sends++;
	deadline = mn_now_ms() + timeout;

	for (;;) {
		int64_t wait = deadline - mn_now_ms();

		if (wait < 0)
			wait = 0;
		if (poll(pfd, mn->sigfd >= 0 ? 2 : 1, (int)wait) < 0) {
			if (errno == EINTR)
				continue;
			mn_warn("poll: %s", strerror(errno));
			res->status = MN_FAILED;
			goto out;
		}
		if (pfd[1].revents & POLLIN && mn->sigfd >= 0) {
			if (read(mn->sigfd, &si, sizeof(si)) == sizeof(si))
				mn_debug(cfg, "signal %u", si.ssi_signo);
			res->status = MN_SIGNALLED;
			goto out;
		}
		if (!(pfd[0].revents & (POLLIN | POLLERR))) {
			if (mn_now_ms() < deadline)
				continue;
			/* After a hint, no new request: see below. */
			if (hint || sends > cfg->retries) {
				/*
				 * AKA: RRQ2 lost, or its reply: while the
				 * challenge lives at the home agent, RRQ1
				 * again gets it again (protocol.md §8.7),
				 * which the record answers. Once: a home
				 * agent that does not answer RRQ2 at all
				 * will not.
				 */
				if (req == MN_REQ_AKA && !hint &&
				    sent.phase == MN_AKA_RESPONSE &&
				    !aka_restarted && mn_now_ms() < aka_expiry) {
					aka_restarted = true;
					mn_info(cfg, "aka: no answer to the response; asking for the challenge again");
					sent.phase = MN_AKA_START;
					goto new_request;
				}
				break;
			}
			mn_debug(cfg, "no reply within %u ms", timeout);
			/* §3.6.3: doubling, at most the requested lifetime
			 * (an hour for a deregistration).
			 */
			cap = lifetime ? lifetime * 1000u : MN_TIMEOUT_MAX_MS;
			timeout = timeout > cap / 2 ? cap : timeout * 2;
			if (timeout < cfg->timeout_ms)
				timeout = cfg->timeout_ms;
			/* Timestamps: every retransmission is a new request;
			 * nonces: the same one again (§3.6.3). An initial
			 * registration too is sent again as it was: the home
			 * agent drops it while the first is at the AAA
			 * server, and answers it with 133 after, while a new
			 * request arriving then would replace the keys of the
			 * reply we may have taken meanwhile.
			 */
			/* AKA: RRQ2 and the reports likewise (the
			 * challenge they answer is used once), RRQ1 not:
			 * the home agent gives a new one the pending
			 * challenge again (protocol.md §8.7).
			 */
			if (cfg->replay == MIP4_REPLAY_TIMESTAMP &&
			    req != MN_REQ_KEYGEN &&
			    (req != MN_REQ_AKA ||
			     sent.phase == MN_AKA_START)) {
				sent.id = mip4_ident_next(ident);
				len = mn_build(mn, req, out, lifetime, coa,
					       &sent);
				if (len < 0)
					goto build_failed;
				fresh = true;
			}
			goto transmit;
		}

		n = recv(mn->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			/* Port or host unreachable: the home agent may come
			 * back before we give up.
			 */
			mn_debug(cfg, "receive: %s", strerror(errno));
			continue;
		}
		if (cfg->verbosity > 0)
			mn_print_msg("<-", buf, (size_t)n, cfg->vendor_id);
		verdict = mn_reply_check(mn, req, buf, (size_t)n, &sent, &msg,
					 &why);
		if (verdict != MN_REPLY_FOREIGN)
			mn_dump_reply(cfg, buf, (size_t)n);
		if (verdict == MN_REPLY_FORGED) {
			/* §3.6.2.1: a home agent with another key signs its
			 * 131 with that key: nothing we can verify.
			 */
			if (msg.code == MIP4_CODE_AUTH_FAILED)
				forged_131 = true;
			if (msg.code <= MIP4_CODE_ACCEPTED_NO_SIMUL)
				refused = why;
			mn_debug(cfg, "ignored: %s (security exception)", why);
			continue;
		}
		if (verdict == MN_REPLY_FOREIGN) {
			mn_debug(cfg, "ignored: %s", why);
			continue;
		}

		if (verdict == MN_REPLY_CHALLENGE) {
			mip4_ident_learn(ident, sent.id, msg.code, msg.id);
			switch (mn_aka_challenge(mn, &msg, &sent, &aka_resyncs,
						 &usim_ran, res)) {
			case MN_AKA_NEXT_SEND:
				/* The challenge's lifetime counts from
				 * when it was first taken.
				 */
				if (usim_ran)
					aka_expiry = mn_now_ms() +
						     msg.challenge_lifetime *
						     1000;
				goto new_request;
			case MN_AKA_NEXT_GIVE_UP:
				res->status = MN_DENIED;
				res->code = MIP4_CODE_AUTH_FAILED;
				res->unauthenticated = true;
				goto out;
			case MN_AKA_NEXT_ERROR:
				res->status = MN_FAILED;
				goto out;
			}
		}
		if (verdict == MN_REPLY_USER_STEP) {
			/* protocol.md §9.2, three round trips: the device
			 * is authenticated; the user's step alone follows.
			 */
			mip4_ident_learn(ident, sent.id, msg.code, msg.id);
			mn_info(cfg, "aka: device authenticated; the home agent asks for the user's step");
			sent.phase = MN_AKA_USER;
			goto new_request;
		}
		if (msg.code == MIP4_CODE_ID_MISMATCH &&
		    resyncs < MN_RESYNC_MAX && mn_resync_useful(cfg, &sent, &msg)) {
			/* Unauthenticated, a 133 can only cost requests. */
			resyncs++;
			sync = mip4_ident_learn(ident, sent.id, msg.code,
						msg.id);
			mn_resync_note(mn, ident, sync, (u32)(msg.id >> 32));
			goto new_request;
		}
		if (verdict == MN_REPLY_HINT) {
			/* protocol.md §4.1: only a hint. Anyone on the
			 * path can send it, so an acceptance may still come:
			 * wait for it until the current timeout, without
			 * sending again (another request would go to the
			 * AAA server again).
			 */
			mn_debug(cfg, "unauthenticated: code %u; waiting %lld ms more for an authenticated reply",
				 msg.code,
				 (long long)(deadline - mn_now_ms()));
			hint = msg.code;
			continue;
		}

		mip4_ident_learn(ident, sent.id, msg.code, msg.id);
		res->code = msg.code;
		res->lifetime = msg.lifetime;
		/* protocol.md §9.2: a denial made with K_aka after the
		 * user's step; a 131 asking for a user we do not have.
		 */
		if (req == MN_REQ_AKA &&
		    msg.code > MIP4_CODE_ACCEPTED_NO_SIMUL) {
			if (mn->aka.user_sent &&
			    (msg.code == MIP4_CODE_AUTH_FAILED ||
			     msg.code == MIP4_CODE_NO_AAA))
				res->user_denied = true;
			else if (!cfg->user_nai_len &&
				 msg.code == MIP4_CODE_AUTH_FAILED &&
				 msg.cvse_type == MIP4_CVSE_AKA_RESULT &&
				 msg.aka_flags & MIP4_AKA_FLAG_USER_AUTH_REQUIRED)
				res->user_required = true;
		}
		res->status = msg.code <= MIP4_CODE_ACCEPTED_NO_SIMUL ?
			      MN_ACCEPTED : MN_DENIED;
		goto out;
	}

	/* What an acceptance we could not take lacked is worth knowing. */
	if (refused)
		mn_warn("refused an acceptance: %s", refused);
	if (hint) {
		res->status = MN_DENIED;
		res->code = hint;
		res->unauthenticated = true;
	} else if (forged_131) {
		res->status = MN_DENIED;
		res->code = MIP4_CODE_AUTH_FAILED;
		res->unverified = true;
	} else {
		res->status = MN_NO_REPLY;
	}
	goto out;

build_failed:
	mn_warn("cannot build the request");
	res->status = MN_FAILED;
out:
	/* protocol.md §8.7: the attempt ends with its exchange, and its
	 * record.
	 */
	if (req == MN_REQ_AKA)
		mip4_mn_aka_wipe(&mn->aka);
	explicit_bzero(&sent, sizeof(sent));
}
