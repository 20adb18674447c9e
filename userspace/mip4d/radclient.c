// SPDX-License-Identifier: GPL-2.0
/* mip4d: RADIUS transactions: Identifiers, retransmission, failover. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mip4d.h"

/* Every transaction in progress, for the timer. */
static struct mip4d_txn *txns;

uint64_t mip4d_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct mip4d_conf *mip4d_conf_get(struct mip4d_conf *c)
{
	c->refs++;
	return c;
}

static void close_set(struct mip4d_server_set *set)
{
	unsigned int i;

	for (i = 0; i < set->n; i++) {
		if (set->servers[i].fd >= 0) {
			mip4d_watch_del(set->servers[i].fd);
			close(set->servers[i].fd);
			set->servers[i].fd = -1;
		}
	}
}

/*
 * Configurations nobody uses any more. They are freed between two batches
 * of events: an event later in the batch may still name one of their
 * servers (whose socket is closed by then, so its input handler does
 * nothing).
 */
static struct mip4d_conf *graveyard[16];
static unsigned int graveyard_n;

void mip4d_conf_reap(void)
{
	while (graveyard_n)
		free(graveyard[--graveyard_n]);
}

void mip4d_conf_put(struct mip4d_conf *c)
{
	unsigned int i;

	if (!c || --c->refs)
		return;
	close_set(&c->aaa);
	close_set(&c->acct);
	for (i = 0; i < c->groups_n; i++)
		close_set(&c->groups[i].set);
	mip4d_conf_wipe(c);
	mip4d_conf_free_tables(c);
	if (graveyard_n == sizeof(graveyard) / sizeof(graveyard[0]))
		mip4d_conf_reap();	/* not from inside a batch, in practice */
	graveyard[graveyard_n++] = c;
}

static int open_set(struct mip4d_server_set *set)
{
	struct mip4d_server *srv;
	unsigned int i;
	int r;

	for (i = 0; i < set->n; i++) {
		srv = &set->servers[i];
		/* Unconnected: a reply is matched on its source below, and an
		 * ICMP error from a dead server does not fail later sends.
		 */
		srv->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
				 SOCK_CLOEXEC, 0);
		if (srv->fd < 0)
			return -errno;
		srv->watch.kind = MIP4D_WATCH_SERVER;
		srv->watch.ptr = srv;
		r = mip4d_watch_add(srv->fd, &srv->watch);
		if (r)
			return r;
		/* Identifiers start at a random place (RFC 5080 §2.2.2). */
		srv->next_id = (unsigned int)random() & 0xff;
	}
	return 0;
}

int mip4d_conf_open(struct mip4d_conf *c)
{
	int r = open_set(&c->aaa);
	unsigned int i;

	if (!r)
		r = open_set(&c->acct);
	for (i = 0; !r && i < c->groups_n; i++)
		r = open_set(&c->groups[i].set);
	if (r) {
		close_set(&c->aaa);
		close_set(&c->acct);
		for (i = 0; i < c->groups_n; i++)
			close_set(&c->groups[i].set);
	}
	return r;
}

static int id_alloc(struct mip4d_server *srv, struct mip4d_txn *t)
{
	unsigned int i, id;

	for (i = 0; i < 256; i++) {
		id = (srv->next_id + i) & 0xff;
		if (!srv->ids[id]) {
			srv->ids[id] = t;
			srv->next_id = id + 1;
			return (int)id;
		}
	}
	return -1;
}

static void id_release(struct mip4d_txn *t)
{
	if (t->id >= 0 && t->server < t->set->n)
		t->set->servers[t->server].ids[t->id] = NULL;
	t->id = -1;
}

static void txn_link(struct mip4d_txn *t)
{
	t->prev = NULL;
	t->next = txns;
	if (txns)
		txns->prev = t;
	txns = t;
}

static void txn_unlink(struct mip4d_txn *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		txns = t->next;
	if (t->next)
		t->next->prev = t->prev;
	t->prev = t->next = NULL;
}

static void txn_transmit(struct mip4d_txn *t)
{
	struct mip4d_server *srv = &t->set->servers[t->server];

	t->sent++;
	t->transmitted = true;
	t->deadline = mip4d_now_ms() + srv->timeout_ms;
	if (sendto(srv->fd, t->pkt, t->len, 0,
		   (const struct sockaddr *)&srv->addr,
		   sizeof(srv->addr)) < 0)
		/* The timer retries, then fails over. */
		mip4d_warn("cannot send to RADIUS server %s: %s", srv->name,
			   strerror(errno));
}

/* Ends @t: it leaves the engine, then its owner acts and frees it. */
static void txn_end(struct mip4d_txn *t, bool answered)
{
	id_release(t);
	txn_unlink(t);
	t->ops->finish(t, answered);
}

/*
 * Sends @t to its current server or, when that one cannot take it (no
 * Identifier left, request too big), to the next; with no server left, ends
 * it unanswered.
 */
static void txn_try(struct mip4d_txn *t)
{
	struct mip4d_server *srv;
	char more[48];
	unsigned int n;

	for (; t->server < t->set->n; t->server++) {
		srv = &t->set->servers[t->server];
		t->sent = 0;
		t->id = id_alloc(srv, t);
		if (t->id < 0) {
			if (mip4d_ratelimit(&srv->ids_full_log, mip4d_now_ms(),
					    &n))
				mip4d_warn("RADIUS server %s: all 256 Identifiers in use%s",
					   srv->name, mip4d_not_logged(n, more));
			continue;
		}
		if (t->ops->build(t, srv)) {
			id_release(t);
			continue;
		}
		txn_transmit(t);
		return;
	}
	txn_end(t, false);
}

void mip4d_txn_start(struct mip4d_txn *t)
{
	t->server = 0;
	t->id = -1;
	t->transmitted = false;
	if (!t->started)
		t->started = mip4d_now_ms();
	txn_link(t);
	txn_try(t);
}

void mip4d_txn_timer(void)
{
	uint64_t now = mip4d_now_ms();
	struct mip4d_txn *t, *next;
	struct mip4d_server *srv;

	for (t = txns; t; t = next) {
		next = t->next;
		if (t->deadline > now)
			continue;
		srv = &t->set->servers[t->server];
		if (t->sent < srv->tries) {
			mip4d_debug("RADIUS server %s: no answer to Identifier %d, retransmitting",
				    srv->name, t->id);
			txn_transmit(t);
			continue;
		}
		mip4d_notice("RADIUS server %s: no answer after %u tries%s",
			     srv->name, t->sent,
			     t->server + 1 < t->set->n ? ", failing over" : "");
		id_release(t);
		t->server++;
		/* txn_try() may end @t, but never another transaction. */
		txn_try(t);
	}
}

uint64_t mip4d_txn_next_deadline(void)
{
	const struct mip4d_txn *t;
	uint64_t min = 0;

	for (t = txns; t; t = t->next)
		if (!min || t->deadline < min)
			min = t->deadline;
	return min;
}

void mip4d_server_input(struct mip4d_server *srv)
{
	uint8_t buf[RADIUS_MAX_LEN];
	struct sockaddr_in from;
	socklen_t fromlen;
	struct mip4d_txn *t;
	ssize_t n;

	if (srv->fd < 0)
		return;
	for (;;) {
		fromlen = sizeof(from);
		n = recvfrom(srv->fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				mip4d_warn("RADIUS server %s: receive: %s",
					   srv->name, strerror(errno));
			return;
		}
		if (fromlen != sizeof(from) ||
		    from.sin_addr.s_addr != srv->addr.sin_addr.s_addr ||
		    from.sin_port != srv->addr.sin_port) {
			mip4d_debug("RADIUS server %s: datagram from %s:%u ignored",
				    srv->name, inet_ntoa(from.sin_addr),
				    ntohs(from.sin_port));
			continue;
		}
		if (n < RADIUS_HDR_LEN || !(t = srv->ids[buf[1]])) {
			mip4d_debug("RADIUS server %s: reply to no request in progress ignored",
				    srv->name);
			continue;
		}
		if (t->ops->reply(t, srv, buf, (size_t)n))
			txn_end(t, true);
	}
}
