// SPDX-License-Identifier: GPL-2.0
/*
 * mip4d: the link to the HLR, GSUP over IPA on one TCP connection, in the
 * main epoll loop. Non-blocking connect; the HLR asks our identity (ID_GET)
 * and we answer with gsup_name, which is the key of our IND slot there:
 * from then on the link is up and SendAuthInfo requests go out. Idle for
 * MIP4D_GSUP_PING_MS: a PING; no octet back within MIP4D_GSUP_PONG_MS: the
 * link is dead. A dropped link is tried again after a back-off (1 s,
 * doubling, at most 30 s); the requests sent on it end with 128 (the core
 * does that in mip4d_aka_hlr_down()).
 *
 * The HLR port has no authentication at all: whoever reaches it gets CK
 * and IK of any subscriber. It must be on loopback or a protected network.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "akad.h"

#define MIP4D_GSUP_PING_MS	20000
#define MIP4D_GSUP_PONG_MS	10000
#define MIP4D_GSUP_BACKOFF_MS	1000
#define MIP4D_GSUP_BACKOFF_MAX	30000
/* One IPA frame at most, and what a burst of requests may queue. */
#define MIP4D_GSUP_RX		(IPA_HDR_LEN + IPA_MAX_PAYLOAD)
#define MIP4D_GSUP_TX		65536

enum link_state { LINK_OFF, LINK_DOWN, LINK_CONNECTING, LINK_IDENT, LINK_UP };

static struct {
	enum link_state state;
	int fd;
	struct mip4d_watch watch;
	struct sockaddr_in addr;
	char addr_str[32];
	char name[MIP4D_GSUP_NAME_MAX + 1];
	uint64_t retry_at;		/* LINK_DOWN */
	unsigned int backoff_ms;
	uint64_t last_rx, ping_at;	/* ping_at: 0 none outstanding */
	uint64_t connect_deadline;
	uint8_t rx[MIP4D_GSUP_RX];
	size_t rx_len;
	uint8_t tx[MIP4D_GSUP_TX];
	size_t tx_len;
	bool logged_down;		/* one line per outage */
} L = { .fd = -1 };

bool mip4d_gsup_up(void)
{
	return L.state == LINK_UP;
}

static void close_fd(void)
{
	if (L.fd >= 0) {
		mip4d_watch_del(L.fd);
		close(L.fd);
		L.fd = -1;
	}
	/* Requests in the buffers hold IMSIs, answers CK and IK. */
	explicit_bzero(L.rx, L.rx_len);
	explicit_bzero(L.tx, L.tx_len);
	L.rx_len = L.tx_len = 0;
	L.ping_at = 0;
}

void mip4d_gsup_reset(const char *why)
{
	bool was_up = L.state == LINK_UP;

	if (L.state == LINK_OFF)
		return;
	close_fd();
	if (!L.logged_down || was_up)
		mip4d_notice("HLR %s: %s; again in %u s", L.addr_str, why,
			     L.backoff_ms / 1000);
	L.logged_down = true;
	L.state = LINK_DOWN;
	L.retry_at = mip4d_now_ms() + L.backoff_ms;
	L.backoff_ms = L.backoff_ms * 2 > MIP4D_GSUP_BACKOFF_MAX ?
		       MIP4D_GSUP_BACKOFF_MAX : L.backoff_ms * 2;
	if (was_up)
		mip4d_aka_hlr_down(mip4d_now_ms());
}

static void want_write(bool on)
{
	mip4d_watch_mod(L.fd, &L.watch, EPOLLIN | (on ? EPOLLOUT : 0));
}

static int flush_tx(void)
{
	ssize_t n;

	while (L.tx_len) {
		n = send(L.fd, L.tx, L.tx_len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			want_write(true);
			return 0;
		}
		if (n <= 0)
			return -errno;
		memmove(L.tx, L.tx + n, L.tx_len - (size_t)n);
		explicit_bzero(L.tx + L.tx_len - (size_t)n, (size_t)n);
		L.tx_len -= (size_t)n;
	}
	want_write(false);
	return 0;
}

static int queue_tx(const uint8_t *p, size_t len)
{
	if (len > sizeof(L.tx) - L.tx_len)
		return -ENOBUFS;
	memcpy(L.tx + L.tx_len, p, len);
	L.tx_len += len;
	return flush_tx();
}

static void start_connect(void)
{
	int one = 1, r;

	L.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (L.fd < 0) {
		mip4d_err("HLR: socket: %s", strerror(errno));
		L.state = LINK_CONNECTING;
		mip4d_gsup_reset("no socket");
		return;
	}
	setsockopt(L.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	L.watch.kind = MIP4D_WATCH_GSUP;
	L.watch.ptr = NULL;
	L.state = LINK_CONNECTING;
	L.connect_deadline = mip4d_now_ms() + MIP4D_GSUP_PONG_MS;
	if (mip4d_watch_add(L.fd, &L.watch)) {
		mip4d_gsup_reset("epoll");
		return;
	}
	r = connect(L.fd, (struct sockaddr *)&L.addr, sizeof(L.addr));
	if (r && errno != EINPROGRESS) {
		char why[80];

		snprintf(why, sizeof(why), "connect: %s", strerror(errno));
		mip4d_gsup_reset(why);
		return;
	}
	want_write(true);
}

int mip4d_gsup_configure(const struct mip4d_aka_conf *c)
{
	if (!c->enabled) {
		mip4d_gsup_close();
		return 0;
	}
	if (L.state != LINK_OFF && !memcmp(&L.addr, &c->hlr, sizeof(L.addr)) &&
	    !strcmp(L.name, c->gsup_name))
		return 0;
	if (L.state != LINK_OFF) {
		bool was_up = L.state == LINK_UP;

		close_fd();
		L.state = LINK_OFF;
		if (was_up)
			mip4d_aka_hlr_down(mip4d_now_ms());
	}
	L.addr = c->hlr;
	snprintf(L.addr_str, sizeof(L.addr_str), "%s:%u",
		 inet_ntoa(c->hlr.sin_addr), ntohs(c->hlr.sin_port));
	snprintf(L.name, sizeof(L.name), "%s", c->gsup_name);
	L.backoff_ms = MIP4D_GSUP_BACKOFF_MS;
	L.logged_down = false;
	start_connect();
	return 0;
}

int mip4d_gsup_send_sai(const struct gsup_sai_req *q)
{
	uint8_t buf[128];
	int n, r;

	if (L.state != LINK_UP)
		return -ENOTCONN;
	n = gsup_sai_request(buf, sizeof(buf), q);
	if (n < 0)
		return n;
	r = queue_tx(buf, (size_t)n);
	explicit_bzero(buf, sizeof(buf));
	if (r) {
		mip4d_gsup_reset("send failed");
		return -ENOTCONN;
	}
	return 0;
}

/* One frame from the HLR: 0, or -1 when the link must go. */
static int frame_input(const struct ipa_frame *f)
{
	struct gsup_sai_answer a;
	uint8_t out[256];
	int n, r;

	if (f->proto == IPA_PROTO_CCM) {
		if (!f->len)
			return -1;
		switch (f->data[0]) {
		case IPA_CCM_ID_GET:
			n = ipa_ccm_id_resp(out, sizeof(out), f->data + 1,
					    f->len - 1, L.name);
			if (n < 0 || queue_tx(out, (size_t)n))
				return -1;
			if (L.state != LINK_UP) {
				L.state = LINK_UP;
				L.backoff_ms = MIP4D_GSUP_BACKOFF_MS;
				L.logged_down = false;
				mip4d_notice("HLR %s: up, as '%s'", L.addr_str,
					     L.name);
				mip4d_aka_hlr_up(mip4d_now_ms());
			}
			return 0;
		case IPA_CCM_PING:
			n = ipa_ccm_build(out, sizeof(out), IPA_CCM_PONG);
			return n < 0 || queue_tx(out, (size_t)n) ? -1 : 0;
		default:		/* PONG, ID_ACK */
			return 0;
		}
	}
	if (f->proto != IPA_PROTO_OSMO || f->ext != IPA_EXT_GSUP)
		return 0;
	memset(&a, 0, sizeof(a));
	r = gsup_parse(f->data, f->len, &a);
	if (!r && L.state == LINK_UP)
		mip4d_aka_hlr_answer(&a, mip4d_now_ms());
	explicit_bzero(&a, sizeof(a));
	if (r == -EBADMSG) {
		mip4d_warn("HLR %s: a malformed GSUP message", L.addr_str);
		return -1;
	}
	return 0;
}

static void read_input(void)
{
	struct ipa_frame f;
	ssize_t n;
	int len;

	for (;;) {
		n = recv(L.fd, L.rx + L.rx_len, sizeof(L.rx) - L.rx_len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			mip4d_gsup_reset(n ? strerror(errno) :
					 "connection closed by the HLR");
			return;
		}
		L.rx_len += (size_t)n;
		L.last_rx = mip4d_now_ms();
		L.ping_at = 0;
		while ((len = ipa_frame_next(L.rx, L.rx_len, &f)) > 0) {
			if (frame_input(&f)) {
				mip4d_gsup_reset("protocol error");
				return;
			}
			if (L.state == LINK_DOWN || L.fd < 0)
				return;
			explicit_bzero(L.rx, (size_t)len);
			memmove(L.rx, L.rx + len, L.rx_len - (size_t)len);
			L.rx_len -= (size_t)len;
		}
		if (len < 0) {
			mip4d_gsup_reset("malformed IPA frame");
			return;
		}
	}
}

void mip4d_gsup_input(uint32_t events)
{
	int err = 0;
	socklen_t elen = sizeof(err);

	if (L.fd < 0)
		return;
	if (L.state == LINK_CONNECTING) {
		if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
			return;
		if (getsockopt(L.fd, SOL_SOCKET, SO_ERROR, &err, &elen) || err) {
			char why[80];

			snprintf(why, sizeof(why), "connect: %s",
				 strerror(err ? err : errno));
			mip4d_gsup_reset(why);
			return;
		}
		mip4d_debug("HLR %s: connected, waiting for its ID_GET",
			    L.addr_str);
		L.state = LINK_IDENT;
		L.last_rx = mip4d_now_ms();
		want_write(false);
	}
	if ((events & EPOLLOUT) && L.tx_len && flush_tx()) {
		mip4d_gsup_reset("send failed");
		return;
	}
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
		read_input();
}

uint64_t mip4d_gsup_next_deadline(void)
{
	switch (L.state) {
	case LINK_DOWN:
		return L.retry_at;
	case LINK_CONNECTING:
		return L.connect_deadline;
	case LINK_IDENT:
	case LINK_UP:
		return L.ping_at ? L.ping_at + MIP4D_GSUP_PONG_MS :
				   L.last_rx + MIP4D_GSUP_PING_MS;
	default:
		return 0;
	}
}

void mip4d_gsup_timer(void)
{
	uint64_t now = mip4d_now_ms();
	uint8_t out[8];
	int n;

	switch (L.state) {
	case LINK_DOWN:
		if (now >= L.retry_at)
			start_connect();
		break;
	case LINK_CONNECTING:
		if (now >= L.connect_deadline)
			mip4d_gsup_reset("connect: timed out");
		break;
	case LINK_IDENT:
	case LINK_UP:
		if (L.ping_at && now >= L.ping_at + MIP4D_GSUP_PONG_MS) {
			mip4d_gsup_reset("no answer to a PING");
		} else if (!L.ping_at && now >= L.last_rx + MIP4D_GSUP_PING_MS) {
			n = ipa_ccm_build(out, sizeof(out), IPA_CCM_PING);
			L.ping_at = now;
			if (n < 0 || queue_tx(out, (size_t)n))
				mip4d_gsup_reset("send failed");
		}
		break;
	default:
		break;
	}
}

void mip4d_gsup_close(void)
{
	bool was_up = L.state == LINK_UP;

	close_fd();
	L.state = LINK_OFF;
	if (was_up)
		mip4d_aka_hlr_down(mip4d_now_ms());
}
