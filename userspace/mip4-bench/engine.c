// SPDX-License-Identifier: GPL-2.0
/*
 * The load: each thread owns a UDP socket connected to the home agent and
 * a contiguous share of the nodes, and runs one loop that sends due
 * requests (at most one in flight per node, at most its share of the
 * window in all), reads replies and expires lost requests.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"
#include "ident.h"
#include "mac.h"

#define NSEC			1000000000ull
#define SCAN_NS			(10 * 1000 * 1000ull)	/* expiry scans */
#define RECV_BATCH		64
#define MSG_BUF			128	/* our requests are 46 octets */
#define NO_SLOT			UINT32_MAX
#define PENDING			(UINT32_MAX - 1)	/* in the batch being built */

struct node {
	u64 last_id;		/* the Identification of the latest request */
	u32 slot;		/* in flight in this slot, NO_SLOT, PENDING */
	u32 lost_low;		/* low half of the latest lost request's */
	u8 tries;		/* BENCH_MODE_ONCE: requests sent */
	bool done;		/* BENCH_MODE_ONCE: answered */
};

struct slot {
	u32 node;		/* NO_SLOT when free */
	u64 sent_ns;
};

struct thread {
	const struct bench_cfg *cfg;
	enum bench_mode mode;
	struct node *nodes;	/* all of them; ours are [lo, hi) */
	u32 lo, hi;
	u32 window;
	double rate;		/* requests/s; 0: flat out */
	u64 count;		/* requests to send; 0: until end_ns */
	u64 start_ns, end_ns;
	pthread_barrier_t *barrier;

	int fd;
	struct in_addr coa;

	struct slot *slots;
	u32 *free_slots, nfree;
	u32 cursor;
	u32 *retry, retry_head, retry_len;	/* ring of node indexes */
	u64 last_scan_ns;

	u8 (*req)[MSG_BUF];
	u32 *req_node;
	struct mmsghdr *smsg;
	struct iovec *siov;
	u8 (*rbuf)[MIP4_MSG_MAX + 1];
	struct mmsghdr rmsg[RECV_BATCH];
	struct iovec riov[RECV_BATCH];

	struct bench_result res;
	int err;
	pthread_t tid;
};

void bench_key(u32 index, u8 key[BENCH_KEY_LEN])
{
	put_unaligned_be32(0x6d697034, key);		/* "mip4" */
	put_unaligned_be32(0x62656e63, key + 4);	/* "benc" */
	put_unaligned_be32(index, key + 8);
	put_unaligned_be32(~index, key + 12);
}

u64 bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC + (u64)ts.tv_nsec;
}

/* The realtime clock as an NTP timestamp (RFC 5944 §5.7.1). */
static u64 ntp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (u64)(u32)((u64)ts.tv_sec + MIP4_NTP_UNIX_OFFSET) << 32 |
	       (u32)(((u64)ts.tv_nsec << 32) / NSEC);
}

static int thread_socket(struct thread *t)
{
	const struct bench_cfg *cfg = t->cfg;
	struct sockaddr_in ha = {
		.sin_family = AF_INET,
		.sin_addr = cfg->ha,
		.sin_port = htons(cfg->port),
	};
	struct sockaddr_in local;
	socklen_t len = sizeof(local);
	int size;

	t->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (t->fd < 0) {
		bench_warn("socket: %s", strerror(errno));
		return -1;
	}
	/* Room for every reply of the window and then some. */
	size = (int)(t->window * 4096 < (1 << 20) ? 1 << 20 : t->window * 4096);
	if (setsockopt(t->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(t->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (setsockopt(t->fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)))
		setsockopt(t->fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	if (connect(t->fd, (struct sockaddr *)&ha, sizeof(ha))) {
		bench_warn("cannot reach %s port %u: %s", inet_ntoa(cfg->ha),
			   cfg->port, strerror(errno));
		return -1;
	}
	if (getsockname(t->fd, (struct sockaddr *)&local, &len)) {
		bench_warn("getsockname: %s", strerror(errno));
		return -1;
	}
	t->coa = cfg->has_coa ? cfg->coa : local.sin_addr;
	return 0;
}

static int thread_alloc(struct thread *t)
{
	const struct bench_cfg *cfg = t->cfg;
	unsigned int i;

	t->slots = calloc(t->window, sizeof(*t->slots));
	t->free_slots = calloc(t->window, sizeof(*t->free_slots));
	t->retry = calloc(t->hi - t->lo, sizeof(*t->retry));
	t->req = calloc(cfg->batch, sizeof(*t->req));
	t->req_node = calloc(cfg->batch, sizeof(*t->req_node));
	t->smsg = calloc(cfg->batch, sizeof(*t->smsg));
	t->siov = calloc(cfg->batch, sizeof(*t->siov));
	t->rbuf = calloc(RECV_BATCH, sizeof(*t->rbuf));
	if (!t->slots || !t->free_slots || !t->retry || !t->req ||
	    !t->req_node || !t->smsg || !t->siov || !t->rbuf) {
		bench_warn("out of memory");
		return -1;
	}
	for (i = 0; i < t->window; i++) {
		t->slots[i].node = NO_SLOT;
		t->free_slots[i] = t->window - 1 - i;
	}
	t->nfree = t->window;
	for (i = 0; i < cfg->batch; i++) {
		t->smsg[i].msg_hdr.msg_iov = &t->siov[i];
		t->smsg[i].msg_hdr.msg_iovlen = 1;
		t->siov[i].iov_base = t->req[i];
	}
	for (i = 0; i < RECV_BATCH; i++) {
		t->riov[i].iov_base = t->rbuf[i];
		t->riov[i].iov_len = sizeof(t->rbuf[i]);
		t->rmsg[i].msg_hdr.msg_iov = &t->riov[i];
		t->rmsg[i].msg_hdr.msg_iovlen = 1;
	}
	t->cursor = t->lo;
	return 0;
}

static void thread_free(struct thread *t)
{
	if (t->fd >= 0)
		close(t->fd);
	free(t->slots);
	free(t->free_slots);
	free(t->retry);
	free(t->req);
	free(t->req_node);
	free(t->smsg);
	free(t->siov);
	free(t->rbuf);
}

static u32 inflight(const struct thread *t)
{
	return t->window - t->nfree;
}

/* The next node to send for, or NO_SLOT when there is none now. */
static u32 pick_node(struct thread *t)
{
	u32 n = t->hi - t->lo, i, idx;

	if (t->mode == BENCH_MODE_ONCE) {
		if (t->retry_len) {
			idx = t->retry[t->retry_head];
			t->retry_head = (t->retry_head + 1) % n;
			t->retry_len--;
			return idx;
		}
		return t->cursor < t->hi ? t->cursor++ : NO_SLOT;
	}
	for (i = 0; i < n; i++) {
		idx = t->cursor++;
		if (t->cursor == t->hi)
			t->cursor = t->lo;
		if (t->cfg->sink || t->nodes[idx].slot == NO_SLOT)
			return idx;
	}
	return NO_SLOT;
}

/* Whether there is anything left to send at @now. */
static bool more_to_send(const struct thread *t, u64 now)
{
	if (t->mode == BENCH_MODE_ONCE)
		return t->retry_len || t->cursor < t->hi;
	if (t->count)
		return t->res.sent < t->count;
	return now < t->end_ns;
}

/* How many requests may go out at @now. */
static u64 may_send(const struct thread *t, u64 now)
{
	u64 room = t->cfg->sink ? UINT64_MAX : inflight(t) < t->window ?
		   t->window - inflight(t) : 0;
	u64 due;

	if (t->count && t->count - t->res.sent < room)
		room = t->count - t->res.sent;
	if (t->rate > 0) {
		due = (u64)(t->rate * (double)(now - t->start_ns) / NSEC) + 1;
		due = due > t->res.sent ? due - t->res.sent : 0;
		if (due < room)
			room = due;
	}
	return room;
}

/* Builds and signs node @idx's next request into @buf. */
static int build_request(struct thread *t, u32 idx, u64 ntp, u8 *buf)
{
	const struct bench_cfg *cfg = t->cfg;
	struct node *node = &t->nodes[idx];
	u8 key[BENCH_KEY_LEN];
	struct mip4_msg_spec spec = {
		.type = MIP4_TYPE_RRQ,
		.lifetime = cfg->lifetime,
		.home_addr = htonl(cfg->first + idx),
		.ha_addr = cfg->ha.s_addr,
		.coa = t->coa.s_addr,
		.vendor_id = MIP4_VENDOR_ID_DEFAULT,
		.algorithm = cfg->algorithm,
		.spi = cfg->spi,
	};
	size_t mhae;
	int len;

	/* Strictly increasing per node, whatever the clock does. */
	spec.id = ntp > node->last_id ? ntp : node->last_id + 1;
	node->last_id = spec.id;
	len = mip4_msg_build(buf, MSG_BUF, &spec);
	if (len < 0)
		return len;
	mhae = (size_t)len - MIP4_MHAE_HDR_LEN - mip4_auth_len(cfg->algorithm);
	bench_key(idx, key);
	mip4_mac(cfg->algorithm, key, sizeof(key), buf,
		 mip4_auth_data_len(cfg->algorithm, mhae),
		 buf + mhae + MIP4_MHAE_HDR_LEN);
	return len;
}

static void slot_release(struct thread *t, u32 slot)
{
	t->nodes[t->slots[slot].node].slot = NO_SLOT;
	t->slots[slot].node = NO_SLOT;
	t->free_slots[t->nfree++] = slot;
}

static void retry_push(struct thread *t, u32 idx)
{
	u32 n = t->hi - t->lo;

	t->retry[(t->retry_head + t->retry_len) % n] = idx;
	t->retry_len++;
}

/* Sends up to cfg->batch due requests. Returns how many, or -1. */
static int send_due(struct thread *t, u64 now)
{
	u64 room = may_send(t, now);
	unsigned int n = 0, i;
	u64 ntp = ntp_now();
	int r, len;
	u32 idx;

	while (n < t->cfg->batch && n < room) {
		idx = pick_node(t);
		if (idx == NO_SLOT)
			break;
		len = build_request(t, idx, ntp, t->req[n]);
		if (len < 0) {
			bench_warn("cannot build a request");
			return -1;
		}
		t->siov[n].iov_len = (size_t)len;
		t->req_node[n] = idx;
		/* Once per batch: a node has one request in flight. */
		if (!t->cfg->sink)
			t->nodes[idx].slot = PENDING;
		n++;
	}
	if (!n)
		return 0;

	now = bench_now_ns();
	r = sendmmsg(t->fd, t->smsg, n, 0);
	if (r < 0) {
		if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR &&
		    errno != ECONNREFUSED) {
			bench_warn("send: %s", strerror(errno));
			return -1;
		}
		r = 0;
	}
	/* Fewer sent than asked: an error (an ICMP one, say) stopped it. */
	if ((unsigned int)r < n)
		t->res.send_errors++;
	for (i = 0; i < n; i++) {
		struct node *node = &t->nodes[t->req_node[i]];
		u32 slot;

		if (i >= (unsigned int)r) {
			/* Not sent: the node is picked again later. */
			if (!t->cfg->sink)
				node->slot = NO_SLOT;
			if (t->mode == BENCH_MODE_ONCE)
				retry_push(t, t->req_node[i]);
			continue;
		}
		t->res.sent++;
		if (t->mode == BENCH_MODE_ONCE)
			node->tries++;
		if (t->cfg->sink)
			continue;
		slot = t->free_slots[--t->nfree];
		t->slots[slot].node = t->req_node[i];
		t->slots[slot].sent_ns = now;
		node->slot = slot;
	}
	t->res.last_send_ns = now;
	return r;
}

static void handle_reply(struct thread *t, const u8 *buf, size_t len,
			 u64 now)
{
	const struct bench_cfg *cfg = t->cfg;
	struct bench_result *res = &t->res;
	struct mip4_msg msg;
	u8 key[BENCH_KEY_LEN];
	struct node *node;
	u32 idx, slot;

	if (mip4_msg_parse(buf, len, MIP4_VENDOR_ID_DEFAULT, &msg) ||
	    msg.type != MIP4_TYPE_RRP) {
		res->unmatched++;
		return;
	}
	idx = ntohl(msg.home_addr) - cfg->first;
	if (idx < t->lo || idx >= t->hi) {
		res->unmatched++;
		return;
	}
	node = &t->nodes[idx];
	if (node->slot == NO_SLOT || (u32)msg.id != (u32)node->last_id) {
		if ((u32)msg.id == node->lost_low)
			res->late++;
		else
			res->unmatched++;
		return;
	}
	slot = node->slot;
	hist_add(&res->lat, now - t->slots[slot].sent_ns);
	res->last_reply_ns = now;
	slot_release(t, slot);

	if (cfg->verify) {
		bench_key(idx, key);
		if (!msg.has_mhae || msg.spi != cfg->spi ||
		    mip4_mhae_verify(buf, len, &msg, cfg->algorithm, key,
				     sizeof(key))) {
			res->bad_auth++;
			return;
		}
	}
	if (msg.code <= MIP4_CODE_ACCEPTED_NO_SIMUL) {
		res->accepted++;
		node->done = true;
	} else {
		res->denied++;
		res->denied_by_code[msg.code]++;
	}
}

/* Reads what replies are there. Returns how many, or -1. */
static int receive(struct thread *t)
{
	int r, i, total = 0;
	u64 now;

	for (;;) {
		r = recvmmsg(t->fd, t->rmsg, RECV_BATCH, MSG_DONTWAIT, NULL);
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return total;
			/* ICMP errors about our requests. */
			if (errno == ECONNREFUSED || errno == EHOSTUNREACH ||
			    errno == ENETUNREACH) {
				t->res.send_errors++;
				continue;
			}
			bench_warn("receive: %s", strerror(errno));
			return -1;
		}
		now = bench_now_ns();
		for (i = 0; i < r; i++)
			handle_reply(t, t->rbuf[i], t->rmsg[i].msg_len, now);
		total += r;
		if (r < RECV_BATCH)
			return total;
	}
}

/* Requests without a reply within the timeout are lost. */
static void expire(struct thread *t, u64 now)
{
	u64 timeout = (u64)(t->cfg->timeout * NSEC);
	struct node *node;
	u32 i, idx;

	t->last_scan_ns = now;
	for (i = 0; i < t->window; i++) {
		idx = t->slots[i].node;
		if (idx == NO_SLOT || now - t->slots[i].sent_ns < timeout)
			continue;
		node = &t->nodes[idx];
		t->res.lost++;
		node->lost_low = (u32)node->last_id;
		slot_release(t, i);
		if (t->mode == BENCH_MODE_ONCE &&
		    node->tries <= t->cfg->retries) {
			t->res.retried++;
			retry_push(t, idx);
		}
	}
}

/* Sleeps until a reply comes or something is due. */
static void wait_for_work(struct thread *t, u64 now)
{
	struct pollfd pfd = { .fd = t->fd, .events = POLLIN };
	u64 wait = SCAN_NS, next;
	struct timespec ts;

	if (t->rate > 0 && more_to_send(t, now) &&
	    (t->cfg->sink || inflight(t) < t->window)) {
		next = t->start_ns +
		       (u64)((double)(t->res.sent + 1) * NSEC / t->rate);
		wait = next > now ? next - now : 0;
		if (wait > SCAN_NS)
			wait = SCAN_NS;
	}
	if (!t->count && t->mode == BENCH_MODE_LOAD && now < t->end_ns &&
	    t->end_ns - now < wait)
		wait = t->end_ns - now;
	if (!wait)
		return;
	ts.tv_sec = (time_t)(wait / NSEC);
	ts.tv_nsec = (long)(wait % NSEC);
	ppoll(&pfd, t->cfg->sink ? 0 : 1, &ts, NULL);
}

static void *thread_main(void *arg)
{
	struct thread *t = arg;
	u64 now, last_progress;
	bool sending;
	int sent, got;

	pthread_barrier_wait(t->barrier);
	now = bench_now_ns();
	t->start_ns = now;
	t->last_scan_ns = now;
	last_progress = now;
	t->res.first_send_ns = now;
	if (t->cfg->duration > 0)
		t->end_ns = now + (u64)(t->cfg->duration * NSEC);

	for (;;) {
		now = bench_now_ns();
		sending = more_to_send(t, now);
		if (!sending && (t->cfg->sink || !inflight(t)))
			break;
		sent = 0;
		if (sending) {
			sent = send_due(t, now);
			if (sent < 0)
				goto fail;
		}
		got = 0;
		if (!t->cfg->sink) {
			got = receive(t);
			if (got < 0)
				goto fail;
		}
		now = bench_now_ns();
		if (now - t->last_scan_ns >= SCAN_NS && !t->cfg->sink)
			expire(t, now);
		if (t->cfg->verbosity > 0 && t->lo == 0 &&
		    now - last_progress >= NSEC) {
			last_progress = now;
			fprintf(stderr,
				"mip4-bench: thread 0: sent %llu accepted %llu denied %llu lost %llu\n",
				(unsigned long long)t->res.sent,
				(unsigned long long)t->res.accepted,
				(unsigned long long)t->res.denied,
				(unsigned long long)t->res.lost);
		}
		if (!sent && !got)
			wait_for_work(t, now);
	}
	return NULL;
fail:
	t->err = -1;
	return NULL;
}

static void result_add(struct bench_result *into,
		       const struct bench_result *from)
{
	unsigned int i;

	into->sent += from->sent;
	into->accepted += from->accepted;
	into->denied += from->denied;
	for (i = 0; i < 256; i++)
		into->denied_by_code[i] += from->denied_by_code[i];
	into->lost += from->lost;
	into->late += from->late;
	into->unmatched += from->unmatched;
	into->bad_auth += from->bad_auth;
	into->send_errors += from->send_errors;
	into->retried += from->retried;
	if (!into->first_send_ns || from->first_send_ns < into->first_send_ns)
		into->first_send_ns = from->first_send_ns;
	if (from->last_send_ns > into->last_send_ns)
		into->last_send_ns = from->last_send_ns;
	if (from->last_reply_ns > into->last_reply_ns)
		into->last_reply_ns = from->last_reply_ns;
	hist_merge(&into->lat, &from->lat);
}

int bench_run(const struct bench_cfg *cfg, enum bench_mode mode,
	      struct bench_result *res)
{
	unsigned int nt = cfg->threads, i, started = 0;
	pthread_barrier_t barrier;
	struct thread *threads;
	struct node *nodes;
	int ret = 0, r;

	memset(res, 0, sizeof(*res));
	nodes = calloc(cfg->nodes, sizeof(*nodes));
	threads = calloc(nt, sizeof(*threads));
	if (!nodes || !threads) {
		bench_warn("out of memory");
		free(nodes);
		free(threads);
		return -1;
	}
	for (i = 0; i < cfg->nodes; i++) {
		nodes[i].slot = NO_SLOT;
		nodes[i].lost_low = ~0u;
	}
	pthread_barrier_init(&barrier, NULL, nt + 1);

	for (i = 0; i < nt; i++) {
		struct thread *t = &threads[i];

		t->cfg = cfg;
		t->mode = mode;
		t->nodes = nodes;
		t->lo = (u32)((u64)cfg->nodes * i / nt);
		t->hi = (u32)((u64)cfg->nodes * (i + 1) / nt);
		t->window = cfg->window / nt + (i < cfg->window % nt);
		t->rate = cfg->rate / nt;
		if (mode == BENCH_MODE_LOAD && cfg->count)
			t->count = cfg->count / nt + (i < cfg->count % nt);
		t->barrier = &barrier;
		t->fd = -1;
		if (thread_alloc(t) || thread_socket(t)) {
			ret = -1;
			break;
		}
	}
	for (i = 0; !ret && i < nt; i++) {
		r = pthread_create(&threads[i].tid, NULL, thread_main,
				   &threads[i]);
		if (r) {
			bench_warn("pthread_create: %s", strerror(r));
			ret = -1;
			break;
		}
		started++;
	}
	if (started == nt) {
		pthread_barrier_wait(&barrier);
		for (i = 0; i < nt; i++) {
			pthread_join(threads[i].tid, NULL);
			if (threads[i].err)
				ret = -1;
			result_add(res, &threads[i].res);
		}
	} else {
		/* Threads already started wait at the barrier forever;
		 * the process is about to exit.
		 */
		ret = -1;
	}
	if (started == nt)
		pthread_barrier_destroy(&barrier);
	for (i = 0; i < nt; i++)
		thread_free(&threads[i]);
	free(threads);
	free(nodes);
	return ret;
}
