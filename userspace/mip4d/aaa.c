// SPDX-License-Identifier: GPL-2.0
/* mip4d: the RADIUS messages of a keygen request and of accounting (no I/O). */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mip4ha.h"
#include "aaa.h"

int mip4d_keygen_parse(struct mip4d_keygen *kg, const uint8_t *rrq, size_t len,
		       uint32_t vendor_id)
{
	const struct mip4_msg *msg = &kg->msg;

	memset(kg, 0, sizeof(*kg));
	kg->rrq = rrq;
	kg->len = len;
	if (mip4_msg_parse(rrq, len, vendor_id, &kg->msg) ||
	    msg->type != MIP4_TYPE_RRQ)
		return -EINVAL;
	if (msg->deny_code)
		return msg->deny_code;
	/* An initial registration has an NAI, a KEYGEN_REQ and no MHAE. */
	if (!msg->nai || msg->has_mhae ||
	    msg->cvse_type != MIP4_CVSE_KEYGEN_REQ ||
	    msg->cvse_len != MIP4_KEYGEN_REQ_LEN)
		return MIP4_CODE_POORLY_FORMED;
	/* It cannot deregister: the kernel would refuse the keys anyway. */
	if (!msg->lifetime)
		return MIP4_CODE_POORLY_FORMED;
	/* A well-formed NAI that no RADIUS User-Name can carry. */
	if (msg->nai_len > RADIUS_ATTR_MAX_VALUE)
		return MIP4_CODE_AUTH_FAILED;
	kg->req = msg->cvse_value;
	if (mip4_peer_challenge(rrq, len, msg, kg->peer_challenge))
		return MIP4_CODE_POORLY_FORMED;
	kg->user = msg->nai;
	kg->user_len = msg->nai_len;
	kg->challenge = kg->req + MIP4_KEYGEN_REQ_CHALLENGE;
	kg->nt_response = kg->req + MIP4_KEYGEN_REQ_NT_RESPONSE;
	kg->h = msg->h;
	return 0;
}

int mip4d_keygen_user(struct mip4d_keygen *kg, const uint8_t *rrq, size_t len,
		      uint32_t vendor_id, const struct mip4d_user_step *u)
{
	const struct mip4_msg *msg = &kg->msg;

	memset(kg, 0, sizeof(*kg));
	kg->rrq = rrq;
	kg->len = len;
	/* What a denial needs, whatever the rest is. */
	kg->multi = true;
	kg->key_len = u->key_len;
	memcpy(kg->k_aka, u->k_aka, u->key_len);
	memcpy(kg->h_raw, u->h, MIP4_CVSE_H_LEN);
	memcpy(kg->rand, u->rand, MIP4_AKA_RAND_LEN);
	kg->agreement = u->agreement;
	kg->h.version = u->h[0];
	kg->h.method = u->h[1];
	kg->h.algorithm = u->h[2];
	kg->h.replay = u->h[3];
	kg->h.spi_s = get_unaligned_be32(u->h + 4);
	kg->h.spi_d = get_unaligned_be32(u->h + 8);
	if (mip4_msg_parse(rrq, len, vendor_id, &kg->msg) ||
	    msg->type != MIP4_TYPE_RRQ || msg->deny_code ||
	    msg->user_cvse_type != MIP4_CVSE_USER_AUTH || !msg->user_nai)
		return MIP4_CODE_POORLY_FORMED;
	if (!msg->user_nai_len || msg->user_nai_len > RADIUS_ATTR_MAX_VALUE)
		return MIP4_CODE_AUTH_FAILED;
	if (mip4_user_peer_challenge(rrq, len, msg, kg->peer_challenge))
		return MIP4_CODE_POORLY_FORMED;
	kg->user = msg->user_nai;
	kg->user_len = msg->user_nai_len;
	kg->challenge = msg->user_challenge;
	kg->nt_response = msg->user_nt_response;
	return 0;
}

void mip4d_user_denial(const struct mip4d_keygen *kg, uint8_t code,
		       struct mip4d_answer *ans)
{
	char why[sizeof(ans->why)];
	bool rejected = ans->rejected;

	memcpy(why, ans->why, sizeof(why));
	mip4d_answer_wipe(ans);
	memcpy(ans->why, why, sizeof(why));
	ans->rejected = rejected;
	ans->code = code;
	ans->reply_key_len = kg->key_len;
	memcpy(ans->reply_key, kg->k_aka, kg->key_len);
	if (kg->agreement) {
		ans->has_agreement_h = true;
		memcpy(ans->agreement_h, kg->h_raw, MIP4_CVSE_H_LEN);
	}
}

static void addr_str(uint32_t addr, char *out, size_t size)
{
	struct in_addr a = { .s_addr = addr };

	if (!inet_ntop(AF_INET, &a, out, (socklen_t)size))
		snprintf(out, size, "?");
}

enum radius_err mip4d_access_request(const struct mip4d_keygen *kg,
				     const struct mip4d_nas *nas, uint8_t id,
				     const uint8_t auth[RADIUS_AUTH_LEN],
				     const void *secret, size_t secret_len,
				     uint8_t *buf, size_t size, size_t *len,
				     struct radius_sent *sent)
{
	const struct mip4_msg *msg = &kg->msg;
	struct radius_builder b;
	char coa[INET_ADDRSTRLEN];

	if (!kg->user || !kg->challenge || !kg->nt_response)
		return RADIUS_E_INVAL;
	addr_str(msg->coa, coa, sizeof(coa));
	/* radius_init() puts the Message-Authenticator first. */
	radius_init(&b, buf, size, RADIUS_ACCESS_REQUEST, id, auth);
	/* §9: the user's NAI; never the device's, nor its IMSI. */
	radius_put(&b, RADIUS_USER_NAME, kg->user, kg->user_len);
	radius_put_addr(&b, RADIUS_NAS_IP_ADDRESS, nas->ip);
	if (nas->identifier && nas->identifier[0])
		radius_put_str(&b, RADIUS_NAS_IDENTIFIER, nas->identifier);
	radius_put_str(&b, RADIUS_CALLING_STATION_ID, coa);
	if (msg->home_addr)
		radius_put_addr(&b, RADIUS_FRAMED_IP_ADDRESS, msg->home_addr);
	radius_put_ms_chap_challenge(&b, kg->challenge);
	radius_put_ms_chap2_response(&b, 0, 0, kg->peer_challenge,
				     kg->nt_response);
	return radius_finish(&b, secret, secret_len, len, sent);
}

void mip4d_answer_wipe(struct mip4d_answer *ans)
{
	explicit_bzero(ans, sizeof(*ans));
}

/* The printable part of an MS-CHAP-Error ("E=691 R=0 ..."), for the log. */
static void reject_reason(const struct radius_reply *r, char *out, size_t size)
{
	char text[64];

	if (r->ms_chap_error && r->ms_chap_error_len > 1) {
		mip4d_escape(r->ms_chap_error + 1, r->ms_chap_error_len - 1,
			     text, sizeof(text));
		snprintf(out, size, "Access-Reject (%s)", text);
	} else if (r->reply_message) {
		mip4d_escape(r->reply_message, r->reply_message_len, text,
			     sizeof(text));
		snprintf(out, size, "Access-Reject (%s)", text);
	} else {
		snprintf(out, size, "Access-Reject");
	}
}

/* §9: Skey from K_aka and k'', AKA_RESULT (USER_AUTH_DONE) and
 * USER_RESULT, the user NAI, agreement-h for a request with no H.
 */
static int accept_multi(const struct mip4d_keygen *kg, const uint8_t k2[32],
			const uint8_t auth_response[20],
			const uint8_t ha_nonce[MIP4_HA_NONCE_LEN],
			struct mip4d_answer *ans)
{
	const struct mip4_cvse_h *h = &kg->h;
	uint8_t *v = ans->reply_ext, *u = ans->reply_user_ext;

	if (mip4_auth_len(h->algorithm) != kg->key_len ||
	    mip4_multi_skey(h->algorithm, kg->k_aka, k2, &kg->msg,
			    kg->peer_challenge, ha_nonce, h->spi_s, ans->skey) ||
	    mip4_skey_prime(h->algorithm, ans->skey, kg->msg.id, h->spi_d,
			    ans->skey_prime))
		return -EINVAL;
	ans->key_len = kg->key_len;
	ans->reply_ext_type = MIP4_CVSE_AKA_RESULT;
	ans->reply_ext_len = MIP4_AKA_RESULT_LEN;
	memcpy(v, kg->h_raw, MIP4_CVSE_H_LEN);
	v[MIP4_AKA_RESULT_FLAGS] = MIP4_AKA_FLAG_USER_AUTH_DONE;
	put_unaligned_be32(ans->key_lifetime, v + MIP4_AKA_RESULT_LIFETIME);
	memcpy(v + MIP4_AKA_RESULT_RAND, kg->rand, MIP4_AKA_RAND_LEN);
	ans->reply_user_ext_len = MIP4_USER_RESULT_LEN;
	u[0] = MIP4_DK_VERSION;
	u[1] = MIP4_USER_METHOD_MSCHAPV2;
	put_unaligned_be32(ans->key_lifetime, u + MIP4_USER_RESULT_LIFETIME);
	memcpy(u + MIP4_USER_RESULT_NONCE, ha_nonce, MIP4_HA_NONCE_LEN);
	memcpy(u + MIP4_USER_RESULT_AUTH_RESPONSE, auth_response,
	       MIP4_AUTH_RESPONSE_LEN);
	ans->user_nai_len = (uint8_t)kg->user_len;
	memcpy(ans->user_nai, kg->user, kg->user_len);
	if (kg->agreement) {
		ans->has_agreement_h = true;
		memcpy(ans->agreement_h, kg->h_raw, MIP4_CVSE_H_LEN);
	}
	return 0;
}

/* Derives the keys and KEYGEN_REP of an accepted request. */
static int accept_keys(const struct mip4d_keygen *kg, const uint8_t k2[32],
		       const uint8_t auth_response[20],
		       const uint8_t ha_nonce[MIP4_HA_NONCE_LEN],
		       struct mip4d_answer *ans)
{
	const struct mip4_cvse_h *h = &kg->msg.h;
	uint8_t *rep = ans->reply_ext;

	if (kg->multi)
		return accept_multi(kg, k2, auth_response, ha_nonce, ans);

	if (mip4_skey(k2, kg->msg.nai, kg->msg.nai_len, kg->req,
		      kg->peer_challenge, ha_nonce, ans->skey) ||
	    mip4_skey_prime(h->algorithm, ans->skey, kg->msg.id, h->spi_d,
			    ans->skey_prime))
		return -EINVAL;
	ans->key_len = (uint8_t)mip4_auth_len(h->algorithm);
	ans->reply_ext_type = MIP4_CVSE_KEYGEN_REP;
	ans->reply_ext_len = MIP4_KEYGEN_REP_LEN;
	mip4_cvse_h_put(rep, h);	/* an echo */
	put_unaligned_be32(ans->key_lifetime, rep + MIP4_KEYGEN_REP_LIFETIME);
	memcpy(rep + MIP4_KEYGEN_REP_NONCE, ha_nonce, MIP4_HA_NONCE_LEN);
	memcpy(rep + MIP4_KEYGEN_REP_AUTH_RESPONSE, auth_response,
	       MIP4_AUTH_RESPONSE_LEN);
	return 0;
}

enum radius_err mip4d_answer_from_reply(const struct mip4d_keygen *kg,
					const uint8_t *pkt, size_t len,
					const struct radius_sent *sent,
					const void *secret, size_t secret_len,
					bool require_msg_auth,
					const uint8_t ha_nonce[MIP4_HA_NONCE_LEN],
					uint32_t default_lifetime,
					struct mip4d_answer *ans)
{
	struct radius_reply r;
	uint8_t k2[MIP4_K2_LEN], auth_response[20];
	enum radius_err err;

	err = radius_parse_reply(pkt, len, sent, secret, secret_len,
				 require_msg_auth ? RADIUS_REQUIRE_MSG_AUTH : 0,
				 &r);
	if (err)
		return err;

	memset(ans, 0, sizeof(*ans));
	ans->code = MIP4_CODE_AUTH_FAILED;
	if (r.code == RADIUS_ACCESS_REJECT) {
		ans->rejected = true;
		reject_reason(&r, ans->why, sizeof(ans->why));
		goto denied;
	}
	if (r.code != RADIUS_ACCESS_ACCEPT) {
		/* MS-CHAPv2 has no second round: RFC 2865 §4.4 says to
		 * treat a challenge we cannot answer as a reject.
		 */
		snprintf(ans->why, sizeof(ans->why), "Access-Challenge");
		goto denied;
	}
	err = radius_reply_auth_response(&r, NULL, auth_response);
	if (err) {
		snprintf(ans->why, sizeof(ans->why),
			 "Access-Accept with %s MS-CHAP2-Success",
			 err == RADIUS_E_MISSING ? "no" : "a malformed");
		goto denied;
	}
	err = radius_reply_k2(&r, secret, secret_len, sent->auth, k2);
	if (err) {
		snprintf(ans->why, sizeof(ans->why),
			 "Access-Accept without usable MPPE keys: %s",
			 radius_strerror(err));
		goto denied;
	}
	ans->session_timeout = r.has_session_timeout && r.session_timeout;
	ans->key_lifetime = ans->session_timeout ? r.session_timeout :
						   default_lifetime;
	/* §9.3: min(the AKA key lifetime and HA maximum, Session-Timeout). */
	if (kg->multi && ans->key_lifetime > default_lifetime)
		ans->key_lifetime = default_lifetime;
	if (!ans->key_lifetime || accept_keys(kg, k2, auth_response, ha_nonce,
					      ans)) {
		explicit_bzero(k2, sizeof(k2));
		mip4d_answer_wipe(ans);
		ans->code = MIP4_CODE_AUTH_FAILED;
		snprintf(ans->why, sizeof(ans->why),
			 "cannot derive the keys");
		goto denied;
	}
	explicit_bzero(k2, sizeof(k2));
	ans->code = MIP4_CODE_ACCEPTED;
	if (r.n_class) {
		ans->class_ = r.class_[0];
		ans->class_len = r.class_len[0];
	}
	if (r.has_interim_interval)
		ans->interim_s = r.interim_interval;
	return RADIUS_OK;
denied:
	/* §9.2: the device is genuine, the user is not: K_aka's MHAE. */
	if (kg->multi)
		mip4d_user_denial(kg, MIP4_CODE_AUTH_FAILED, ans);
	return RADIUS_OK;
}

enum radius_err mip4d_accounting_request(const struct mip4d_acct_info *a,
					 const struct mip4d_nas *nas,
					 uint8_t id, const void *secret,
					 size_t secret_len, uint8_t *buf,
					 size_t size, size_t *len,
					 struct radius_sent *sent)
{
	struct radius_builder b;
	char coa[INET_ADDRSTRLEN];

	addr_str(a->coa, coa, sizeof(coa));
	radius_init(&b, buf, size, RADIUS_ACCOUNTING_REQUEST, id, NULL);
	radius_put_u32(&b, RADIUS_ACCT_STATUS_TYPE, a->status);
	/* Accounting-On and -Off are of the NAS, not of a node. */
	if (a->nai_len)
		radius_put(&b, RADIUS_USER_NAME, a->nai, a->nai_len);
	/* None before a Home Agent address is configured: the
	 * NAS-Identifier names us then (RFC 2866 §4.1 wants one of them).
	 */
	if (nas->ip)
		radius_put_addr(&b, RADIUS_NAS_IP_ADDRESS, nas->ip);
	if (nas->identifier && nas->identifier[0])
		radius_put_str(&b, RADIUS_NAS_IDENTIFIER, nas->identifier);
	radius_put_str(&b, RADIUS_ACCT_SESSION_ID, a->session_id);
	if (a->nai_len) {
		/*
		 * A "port" per home address, the same across restarts: what
		 * session databases such as FreeRADIUS's radutmp (for
		 * Simultaneous-Use) key a session on, with the NAS address.
		 */
		radius_put_u32(&b, RADIUS_NAS_PORT, ntohl(a->home));
		radius_put_u32(&b, RADIUS_NAS_PORT_TYPE, 5);	/* Virtual */
		radius_put_u32(&b, RADIUS_ACCT_AUTHENTIC, 1);	/* RADIUS */
		radius_put_str(&b, RADIUS_CALLING_STATION_ID, coa);
		radius_put_addr(&b, RADIUS_FRAMED_IP_ADDRESS, a->home);
	}
	if (a->class_len)
		radius_put(&b, RADIUS_CLASS, a->class_, a->class_len);
	radius_put_u32(&b, RADIUS_EVENT_TIMESTAMP, a->event_time);
	radius_put_u32(&b, RADIUS_ACCT_DELAY_TIME, a->delay);
	if (a->counters) {
		/* Octets with their high 32 bits as Gigawords (RFC 2869
		 * §5.1-5.2); packets have none and wrap at 2^32.
		 */
		radius_put_u32(&b, RADIUS_ACCT_INPUT_OCTETS,
			       (uint32_t)a->counters->rx_bytes);
		radius_put_u32(&b, RADIUS_ACCT_INPUT_GIGAWORDS,
			       (uint32_t)(a->counters->rx_bytes >> 32));
		radius_put_u32(&b, RADIUS_ACCT_OUTPUT_OCTETS,
			       (uint32_t)a->counters->tx_bytes);
		radius_put_u32(&b, RADIUS_ACCT_OUTPUT_GIGAWORDS,
			       (uint32_t)(a->counters->tx_bytes >> 32));
		radius_put_u32(&b, RADIUS_ACCT_INPUT_PACKETS,
			       (uint32_t)a->counters->rx_packets);
		radius_put_u32(&b, RADIUS_ACCT_OUTPUT_PACKETS,
			       (uint32_t)a->counters->tx_packets);
	}
	/* Interim-Update too (RFC 2869 §2.1: the session so far). */
	if (a->status == RADIUS_ACCT_STOP ||
	    a->status == RADIUS_ACCT_INTERIM_UPDATE)
		radius_put_u32(&b, RADIUS_ACCT_SESSION_TIME, a->session_time);
	if (a->status == RADIUS_ACCT_STOP) {
		if (a->terminate_cause)
			radius_put_u32(&b, RADIUS_ACCT_TERMINATE_CAUSE,
				       a->terminate_cause);
	}
	return radius_finish(&b, secret, secret_len, len, sent);
}

/* RFC 2866 §5.10 values. */
#define CAUSE_USER_REQUEST	1
#define CAUSE_IDLE_TIMEOUT	4
#define CAUSE_SESSION_TIMEOUT	5
#define CAUSE_ADMIN_RESET	6
#define CAUSE_NAS_REQUEST	10
#define CAUSE_PORT_PREEMPTED	13

uint32_t mip4d_terminate_cause(uint8_t reason)
{
	switch (reason) {
	case MIP4HA_BINDING_REASON_DEREG:
		return CAUSE_USER_REQUEST;
	case MIP4HA_BINDING_REASON_EXPIRY:
		/* The node stopped re-registering. */
		return CAUSE_IDLE_TIMEOUT;
	case MIP4HA_BINDING_REASON_ADMIN:
		return CAUSE_ADMIN_RESET;
	case MIP4HA_BINDING_REASON_REPLACED:
		/* A registration from another care-of address took over. */
		return CAUSE_PORT_PREEMPTED;
	case MIP4HA_BINDING_REASON_KEY_EXPIRY:
		/* The key lifetime is the AAA server's Session-Timeout. */
		return CAUSE_SESSION_TIMEOUT;
	}
	return CAUSE_NAS_REQUEST;
}

static bool escape_plain(uint8_t c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
}

void mip4d_escape(const uint8_t *p, size_t n, char *out, size_t size)
{
	size_t o = 0, i, total = 0, more;

	for (i = 0; i < n; i++)
		total += escape_plain(p[i]) ? 1 : 4;
	/* When it does not all fit, keep room for "..." */
	more = total + 1 > size ? 3 : 0;
	for (i = 0; i < n; i++) {
		if (o + (escape_plain(p[i]) ? 1 : 4) + more + 1 > size)
			break;
		if (escape_plain(p[i]))
			out[o++] = (char)p[i];
		else
			o += (size_t)snprintf(out + o, size - o, "\\x%02x",
					      p[i]);
	}
	if (i < n && o + 4 <= size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o < size ? o : size - 1] = '\0';
}
