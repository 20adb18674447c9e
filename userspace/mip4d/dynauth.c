// SPDX-License-Identifier: GPL-2.0
/*
 * mip4d: dynamic authorization (RFC 5176). The home operator's RADIUS
 * server (a "client" of ours here) ends a node's session with a
 * Disconnect-Request, or shortens its keys' lifetime with a CoA-Request
 * carrying Session-Timeout, so that the node must authenticate again.
 *
 * Only configured clients are heard, each with its shared secret; every
 * request must carry a valid Message-Authenticator and an Event-Timestamp
 * within event_window of now (replays of old requests are dropped), and a
 * retransmission (same client, port, Identifier and Authenticator) gets
 * the same answer again rather than a second action.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mip4d.h"

/* Answers kept for retransmissions (RFC 5080 §2.2.2). */
#define REPLY_CACHE		32
#define REPLY_CACHE_MS		30000
#define REPLY_MAX		512

struct cached_reply {
	uint32_t addr;
	uint16_t port;
	uint8_t id;
	uint8_t auth[RADIUS_AUTH_LEN];
	uint64_t at;			/* ms; 0: empty */
	uint8_t pkt[REPLY_MAX];
	size_t len;
};

static struct {
	int fd;
	struct mip4d_watch watch;
	struct cached_reply cache[REPLY_CACHE];
	unsigned int next;
	struct mip4d_ratelimit drop_log;
} da = { .fd = -1 };

int mip4d_dynauth_open(const struct mip4d_conf *c)
{
	const struct sockaddr_in *sa = &c->dynauth.listen;

	if (!c->dynauth_clients.n)
		return 0;
	da.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (da.fd < 0 ||
	    bind(da.fd, (const struct sockaddr *)sa, sizeof(*sa))) {
		mip4d_err("dynauth: cannot listen on %s:%u: %s",
			  inet_ntoa(sa->sin_addr), ntohs(sa->sin_port),
			  strerror(errno));
		return -errno;
	}
	da.watch.kind = MIP4D_WATCH_DYNAUTH;
	mip4d_notice("dynauth: listening on %s:%u for Disconnect and CoA from %u clients",
		     inet_ntoa(sa->sin_addr), ntohs(sa->sin_port),
		     c->dynauth_clients.n);
	return mip4d_watch_add(da.fd, &da.watch);
}

void mip4d_dynauth_close(void)
{
	if (da.fd >= 0)
		close(da.fd);
	da.fd = -1;
	memset(da.cache, 0, sizeof(da.cache));
}

static const struct mip4d_server *find_client(const struct mip4d_conf *c,
					      uint32_t addr)
{
	unsigned int i;

	for (i = 0; i < c->dynauth_clients.n; i++)
		if (c->dynauth_clients.servers[i].addr.sin_addr.s_addr == addr)
			return &c->dynauth_clients.servers[i];
	return NULL;
}

static struct cached_reply *cache_find(const struct sockaddr_in *from,
				       const uint8_t *pkt)
{
	uint64_t now = mip4d_now_ms();
	unsigned int i;

	for (i = 0; i < REPLY_CACHE; i++) {
		struct cached_reply *r = &da.cache[i];

		if (r->at && now - r->at < REPLY_CACHE_MS &&
		    r->addr == from->sin_addr.s_addr &&
		    r->port == from->sin_port && r->id == pkt[1] &&
		    !memcmp(r->auth, pkt + 4, RADIUS_AUTH_LEN))
			return r;
	}
	return NULL;
}

static void cache_add(const struct sockaddr_in *from, const uint8_t *req,
		      const uint8_t *pkt, size_t len)
{
	struct cached_reply *r = &da.cache[da.next++ % REPLY_CACHE];

	if (len > sizeof(r->pkt))
		return;
	r->addr = from->sin_addr.s_addr;
	r->port = from->sin_port;
	r->id = req[1];
	memcpy(r->auth, req + 4, RADIUS_AUTH_LEN);
	memcpy(r->pkt, pkt, len);
	r->len = len;
	r->at = mip4d_now_ms();
}

/* The outcome of a request, for the reply and the log line. */
struct outcome {
	bool ack;
	uint32_t error_cause;		/* NAK */
	char what[96];
};

static void nak(struct outcome *o, uint32_t cause, const char *what)
{
	o->ack = false;
	o->error_cause = cause;
	snprintf(o->what, sizeof(o->what), "%s", what);
}

static void reply(const struct sockaddr_in *from, const uint8_t *req,
		  const struct radius_dynauth *d, const struct mip4d_server *cl,
		  const struct outcome *o)
{
	uint8_t pkt[REPLY_MAX];
	struct radius_builder b;
	unsigned int i;
	uint8_t code;
	size_t len;

	if (req[0] == RADIUS_DISCONNECT_REQUEST)
		code = o->ack ? RADIUS_DISCONNECT_ACK : RADIUS_DISCONNECT_NAK;
	else
		code = o->ack ? RADIUS_COA_ACK : RADIUS_COA_NAK;
	radius_init(&b, pkt, sizeof(pkt), code, req[1], req + 4);
	radius_put_msg_auth(&b);
	if (!o->ack)
		radius_put_u32(&b, RADIUS_ERROR_CAUSE, o->error_cause);
	for (i = 0; d && i < d->n_proxy_state; i++)
		radius_put(&b, RADIUS_PROXY_STATE, d->proxy_state[i],
			   d->proxy_state_len[i]);
	if (radius_finish(&b, cl->secret, cl->secret_len, &len, NULL)) {
		mip4d_err("dynauth: cannot build the reply to %s",
			  inet_ntoa(from->sin_addr));
		return;
	}
	cache_add(from, req, pkt, len);
	if (sendto(da.fd, pkt, len, 0, (const struct sockaddr *)from,
		   sizeof(*from)) < 0)
		mip4d_warn("dynauth: cannot answer %s: %s",
			   inet_ntoa(from->sin_addr), strerror(errno));
}

/*
 * The node a request names: every identification it carries must name
 * the same one (RFC 5176 §3). On success @node holds its NAI (if it has
 * one) and, when a session or an address named it, its home address.
 */
static bool find_node(const struct radius_dynauth *d, struct mip4d_node *node,
		      struct outcome *o)
{
	struct mip4d_node by;

	memset(node, 0, sizeof(*node));
	if (d->user_name) {
		if (!d->user_name_len || d->user_name_len > MIP4_NAI_MAX) {
			nak(o, RADIUS_ERR_INVALID_REQUEST, "User-Name of a wrong size");
			return false;
		}
		memcpy(node->nai, d->user_name, d->user_name_len);
		node->nai_len = d->user_name_len;
		node->found = true;
	}
	if (d->session_id) {
		mip4d_acct_session_node(d->session_id, d->session_id_len, &by);
		if (!by.found ||
		    (node->found && (by.nai_len != node->nai_len ||
				     memcmp(by.nai, node->nai, by.nai_len)))) {
			nak(o, RADIUS_ERR_SESSION_NOT_FOUND, "no such session");
			return false;
		}
		*node = by;
	}
	if (d->has_framed_ip) {
		if (mip4d_nl_binding_node(d->framed_ip, &by) ||
		    (node->found && (by.nai_len != node->nai_len ||
				     memcmp(by.nai, node->nai, by.nai_len) ||
				     (node->home && node->home != by.home)))) {
			nak(o, RADIUS_ERR_SESSION_NOT_FOUND,
			    "no such binding");
			return false;
		}
		*node = by;
	}
	return true;
}

static void act(const uint8_t *req, const struct radius_dynauth *d,
		struct outcome *o)
{
	const struct mip4d_conf *c = mip4d_conf_current();
	struct mip4d_node node;
	struct mip4d_ha ha;
	uint32_t spi;
	int r;

	if (d->unsupported) {
		nak(o, RADIUS_ERR_UNSUPPORTED_ATTRIBUTE, "an attribute not supported");
		return;
	}
	if ((d->has_nas_ip &&
	     (mip4d_nl_ha_get(&ha) || ha.address != d->nas_ip)) ||
	    (d->nas_identifier &&
	     (d->nas_identifier_len != strlen(c->nas_identifier) ||
	      memcmp(d->nas_identifier, c->nas_identifier,
		     d->nas_identifier_len)))) {
		nak(o, RADIUS_ERR_NAS_MISMATCH, "not this NAS");
		return;
	}
	if (!d->user_name && !d->session_id && !d->has_framed_ip) {
		nak(o, RADIUS_ERR_MISSING_ATTRIBUTE,
		    "no User-Name, Acct-Session-Id or Framed-IP-Address");
		return;
	}
	if (req[0] == RADIUS_COA_REQUEST && !d->has_session_timeout) {
		nak(o, RADIUS_ERR_MISSING_ATTRIBUTE,
		    "no Session-Timeout, the only change supported");
		return;
	}
	if (!find_node(d, &node, o))
		return;
	/* A node with dynamic keys: its keys and their bindings. Named by
	 * its NAI, or by the user authenticated on it (§9.5: the User-Name
	 * of its accounting).
	 */
	if (node.nai_len &&
	    !mip4d_nl_skey_find(node.nai, node.nai_len, &spi, node.nai,
				&node.nai_len)) {
		if (req[0] == RADIUS_COA_REQUEST) {
			r = mip4d_nl_dynkeys(node.nai, node.nai_len, spi,
					     d->session_timeout ?
					     d->session_timeout : 1);
			snprintf(o->what, sizeof(o->what),
				 "key lifetime now %u s",
				 d->session_timeout ? d->session_timeout : 1);
		} else {
			r = mip4d_nl_dynkeys(node.nai, node.nai_len, spi, 0);
			snprintf(o->what, sizeof(o->what),
				 "keys and bindings ended");
		}
		if (r) {
			nak(o, RADIUS_ERR_RESOURCES_UNAVAILABLE,
			    "the kernel refused it");
			return;
		}
		o->ack = true;
		return;
	}
	/* Static keys: Disconnect ends the binding; they have no lifetime. */
	if (req[0] == RADIUS_DISCONNECT_REQUEST && node.home &&
	    !mip4d_nl_binding_del(node.home)) {
		o->ack = true;
		snprintf(o->what, sizeof(o->what), "bindings ended");
		return;
	}
	nak(o, RADIUS_ERR_SESSION_NOT_FOUND,
	    req[0] == RADIUS_COA_REQUEST ? "no dynamic keys" :
	    "no such session");
}

static void handle(const struct sockaddr_in *from, const uint8_t *pkt,
		   size_t len)
{
	const struct mip4d_conf *c = mip4d_conf_current();
	const struct mip4d_server *cl = find_client(c, from->sin_addr.s_addr);
	char who[INET_ADDRSTRLEN + 8], name[MIP4D_NAI_STR_MAX] = "-",
		more[48];
	struct outcome o = { 0 };
	struct cached_reply *cached;
	struct radius_dynauth d;
	struct radius_sent sent;
	enum radius_err err;
	unsigned int n;
	uint32_t now;

	snprintf(who, sizeof(who), "%s:%u", inet_ntoa(from->sin_addr),
		 ntohs(from->sin_port));
	if (!cl) {
		if (mip4d_ratelimit(&da.drop_log, mip4d_now_ms(), &n))
			mip4d_warn("dynauth: datagram from %s, not a client, dropped%s",
				   who, mip4d_not_logged(n, more));
		return;
	}
	err = radius_verify_request(pkt, len, cl->secret, cl->secret_len,
				    RADIUS_REQUIRE_MSG_AUTH, &sent);
	if (!err && pkt[0] != RADIUS_DISCONNECT_REQUEST &&
	    pkt[0] != RADIUS_COA_REQUEST)
		err = RADIUS_E_CODE;
	if (err) {
		if (mip4d_ratelimit(&da.drop_log, mip4d_now_ms(), &n))
			mip4d_warn("dynauth: request from %s dropped: %s%s", who,
				   radius_strerror(err),
				   mip4d_not_logged(n, more));
		return;
	}
	cached = cache_find(from, pkt);
	if (cached) {
		mip4d_info("dynauth: %s retransmitted Identifier %u: answered again",
			   who, pkt[1]);
		if (sendto(da.fd, cached->pkt, cached->len, 0,
			   (const struct sockaddr *)from, sizeof(*from)) < 0)
			mip4d_warn("dynauth: cannot answer %s: %s", who,
				   strerror(errno));
		return;
	}
	err = radius_parse_dynauth(pkt, len, &d);
	if (err) {
		nak(&o, RADIUS_ERR_INVALID_REQUEST, radius_strerror(err));
		goto answer;
	}
	if (d.user_name)
		mip4d_escape(d.user_name, d.user_name_len, name, sizeof(name));
	/* RFC 5176 §3.5: outside the window, silently discarded. */
	now = (uint32_t)time(NULL);
	if (!d.has_event_timestamp) {
		nak(&o, RADIUS_ERR_MISSING_ATTRIBUTE,
		    "no Event-Timestamp (required against replays)");
		goto answer;
	}
	if ((now > d.event_timestamp ? now - d.event_timestamp :
	     d.event_timestamp - now) > c->dynauth.event_window_s) {
		mip4d_warn("dynauth: %s from %s for %s dropped: Event-Timestamp %d s from now, outside the %u s window",
			   pkt[0] == RADIUS_COA_REQUEST ? "CoA-Request" :
			   "Disconnect-Request", who, name,
			   (int)(d.event_timestamp - now),
			   c->dynauth.event_window_s);
		return;
	}
	act(pkt, &d, &o);
answer:
	mip4d_notice("dynauth: %s from %s for %s: %s%s%s",
		     pkt[0] == RADIUS_COA_REQUEST ? "CoA-Request" :
		     "Disconnect-Request", who, name, o.ack ? "ACK" : "NAK",
		     o.what[0] ? ", " : "", o.what);
	reply(from, pkt, err ? NULL : &d, cl, &o);
}

void mip4d_dynauth_input(void)
{
	uint8_t buf[RADIUS_MAX_LEN];
	struct sockaddr_in from;
	socklen_t fromlen;
	ssize_t n;

	while (da.fd >= 0) {
		fromlen = sizeof(from);
		n = recvfrom(da.fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				mip4d_warn("dynauth: receive: %s",
					   strerror(errno));
			return;
		}
		if (fromlen != sizeof(from))
			continue;
		handle(&from, buf, (size_t)n);
	}
}
