// SPDX-License-Identifier: GPL-2.0
/*
 * mip4-responder: a minimal userspace answerer of registrations with
 * static keys, to compare the kernel fast path with (selftests/bench/
 * registration.sh userspace). A measuring instrument, not a Home Agent:
 * no tunnels, no netlink, no dynamic keys. Its nodes and keys are
 * mip4-bench's (bench_key()). T threads (--threads), each with its own
 * UDP socket bound with SO_REUSEPORT to the Home Agent's address and
 * port 434, recvmmsg() and sendmmsg() by batches; the work per request is
 * resp.c's. It prints "ready" on stderr once bound, and its counters on
 * SIGTERM or SIGINT.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "resp.h"

#define BATCH		64
#define MAX_THREADS	64

struct worker {
	struct resp *r;
	int fd;
	pthread_t tid;
	struct resp_stats st;
	u8 rbuf[BATCH][MIP4_MSG_MAX + 1];
	u8 sbuf[BATCH][MIP4_MSG_MAX];
	struct sockaddr_in from[BATCH];
	struct mmsghdr rmsg[BATCH], smsg[BATCH];
	struct iovec riov[BATCH], siov[BATCH];
} __attribute__((aligned(64)));

/* bench_key() of engine.c, which this program does not link. */
void bench_key(u32 index, u8 key[BENCH_KEY_LEN])
{
	put_unaligned_be32(0x6d697034, key);
	put_unaligned_be32(0x62656e63, key + 4);
	put_unaligned_be32(index, key + 8);
	put_unaligned_be32(~index, key + 12);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct resp_ctx ctx = { .daddr = w->r->cfg.address };
	struct timespec rt, mono;
	int n, i, out, sent, r;

	for (i = 0; i < BATCH; i++) {
		w->riov[i].iov_base = w->rbuf[i];
		w->riov[i].iov_len = sizeof(w->rbuf[i]);
		w->rmsg[i].msg_hdr.msg_iov = &w->riov[i];
		w->rmsg[i].msg_hdr.msg_iovlen = 1;
		w->rmsg[i].msg_hdr.msg_name = &w->from[i];
	}
	for (;;) {
		for (i = 0; i < BATCH; i++)
			w->rmsg[i].msg_hdr.msg_namelen = sizeof(w->from[i]);
		n = recvmmsg(w->fd, w->rmsg, BATCH, MSG_WAITFORONE, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("mip4-responder: recvmmsg");
			exit(1);
		}
		/* The clocks once per batch, as the kernel reads its
		 * seconds once per request (coarse clocks are cheap).
		 */
		clock_gettime(CLOCK_REALTIME_COARSE, &rt);
		clock_gettime(CLOCK_MONOTONIC_COARSE, &mono);
		ctx.ntp_seconds = (u32)((u64)rt.tv_sec + MIP4_NTP_UNIX_OFFSET);
		ctx.now_ns = (u64)mono.tv_sec * 1000000000ull +
			     (u64)mono.tv_nsec;
		out = 0;
		for (i = 0; i < n; i++) {
			ctx.saddr = w->from[i].sin_addr.s_addr;
			ctx.sport = w->from[i].sin_port;
			r = resp_handle(w->r, w->rbuf[i], w->rmsg[i].msg_len,
					&ctx, w->sbuf[out],
					sizeof(w->sbuf[out]), &w->st);
			if (r <= 0)
				continue;
			w->siov[out].iov_base = w->sbuf[out];
			w->siov[out].iov_len = (size_t)r;
			w->smsg[out].msg_hdr.msg_iov = &w->siov[out];
			w->smsg[out].msg_hdr.msg_iovlen = 1;
			w->smsg[out].msg_hdr.msg_name = &w->from[i];
			w->smsg[out].msg_hdr.msg_namelen = sizeof(w->from[i]);
			out++;
		}
		for (sent = 0; sent < out;) {
			r = sendmmsg(w->fd, w->smsg + sent,
				     (unsigned int)(out - sent), 0);
			if (r < 0) {
				if (errno == EINTR)
					continue;
				w->st.tx_errors += (u64)(out - sent);
				break;
			}
			sent += r;
		}
		w->st.tx += (u64)sent;
	}
	return NULL;
}

static int worker_socket(const struct resp_cfg *cfg, u16 port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = cfg->address,
		.sin_port = htons(port),
	};
	int one = 1, size = 4 << 20;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one))) {
		perror("mip4-responder: socket");
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		fprintf(stderr, "mip4-responder: bind %s:%u: %s\n",
			inet_ntoa(a.sin_addr), port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: mip4-responder --ha ADDR [--prefix ADDR/LEN] [--nodes N] [--first ADDR]\n"
		"         [--spi SPI] [--algorithm hmac-md5|hmac-sha256|keyed-md5]\n"
		"         [--threads T] [--port P] [--max-lifetime S] [--tolerance S]\n");
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ha", required_argument, NULL, 'a' },
		{ "prefix", required_argument, NULL, 'P' },
		{ "nodes", required_argument, NULL, 'n' },
		{ "first", required_argument, NULL, 'f' },
		{ "spi", required_argument, NULL, 's' },
		{ "algorithm", required_argument, NULL, 'A' },
		{ "threads", required_argument, NULL, 't' },
		{ "port", required_argument, NULL, 'p' },
		{ "max-lifetime", required_argument, NULL, 'L' },
		{ "tolerance", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct resp_cfg cfg = {
		.max_lifetime = 65535,
		.tolerance = 7,		/* MIP4HA_REPLAY_TOLERANCE_DEFAULT */
		.vendor_id = MIP4_VENDOR_ID_DEFAULT,
	};
	struct in_addr a, prefix = { 0 }, first = { 0 };
	unsigned int threads = 1, nodes = 1000, spi = BENCH_SPI_DEFAULT;
	unsigned int plen = 8, i;
	u8 algorithm = MIP4_ALG_HMAC_MD5, key[BENCH_KEY_LEN];
	u16 port = MIP4_PORT;
	struct worker *w;
	struct resp r;
	struct resp_stats sum = { 0 };
	sigset_t set;
	char *slash;
	int c, sig;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (!inet_aton(optarg, &a))
				usage(2);
			cfg.address = a.s_addr;
			break;
		case 'P':
			slash = strchr(optarg, '/');
			if (!slash)
				usage(2);
			*slash = 0;
			plen = (unsigned int)atoi(slash + 1);
			if (!inet_aton(optarg, &prefix) || !plen || plen > 32)
				usage(2);
			break;
		case 'n':
			nodes = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'f':
			if (!inet_aton(optarg, &first))
				usage(2);
			break;
		case 's':
			spi = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'A':
			if (!strcmp(optarg, "hmac-md5"))
				algorithm = MIP4_ALG_HMAC_MD5;
			else if (!strcmp(optarg, "hmac-sha256"))
				algorithm = MIP4_ALG_HMAC_SHA256;
			else if (!strcmp(optarg, "keyed-md5"))
				algorithm = MIP4_ALG_KEYED_MD5;
			else
				usage(2);
			break;
		case 't':
			threads = (unsigned int)atoi(optarg);
			if (!threads || threads > MAX_THREADS)
				usage(2);
			break;
		case 'p':
			port = (u16)atoi(optarg);
			break;
		case 'L':
			cfg.max_lifetime = (u16)atoi(optarg);
			break;
		case 'T':
			cfg.tolerance = (u32)atoi(optarg);
			break;
		case 'h':
			usage(0);
			break;
		default:
			usage(2);
		}
	}
	if (!cfg.address || optind != argc)
		usage(2);
	cfg.prefix_len = (u8)plen;
	cfg.prefix = prefix.s_addr ? prefix.s_addr :
		     cfg.address & htonl(~0u << (32 - plen));
	/* mip4-bench's default first node: the prefix plus 256. */
	if (!first.s_addr)
		first.s_addr = htonl(ntohl(cfg.prefix) + 256);

	if (resp_init(&r, &cfg, nodes)) {
		fprintf(stderr, "mip4-responder: out of memory\n");
		return 1;
	}
	for (i = 0; i < nodes; i++) {
		bench_key(i, key);
		if (resp_sa_add(&r, htonl(ntohl(first.s_addr) + i), NULL, 0,
				spi, algorithm, key, sizeof(key))) {
			fprintf(stderr, "mip4-responder: SA of node %u\n", i);
			return 1;
		}
	}

	/* Signals to the main thread only. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	w = aligned_alloc(64, sizeof(*w) * threads);
	if (!w)
		return 1;
	memset(w, 0, sizeof(*w) * threads);
	for (i = 0; i < threads; i++) {
		w[i].r = &r;
		w[i].fd = worker_socket(&cfg, port);
		if (w[i].fd < 0)
			return 1;
	}
	for (i = 0; i < threads; i++)
		if (pthread_create(&w[i].tid, NULL, worker_main, &w[i])) {
			fprintf(stderr, "mip4-responder: pthread_create\n");
			return 1;
		}
	fprintf(stderr, "mip4-responder: ready: %u SAs, %u threads\n", nodes,
		threads);

	sigwait(&set, &sig);
	for (i = 0; i < threads; i++) {
		sum.rx += w[i].st.rx;
		sum.accepted += w[i].st.accepted;
		sum.denied += w[i].st.denied;
		sum.discarded += w[i].st.discarded;
		sum.tx += w[i].st.tx;
		sum.tx_errors += w[i].st.tx_errors;
	}
	fprintf(stderr,
		"mip4-responder: rx %llu accepted %llu denied %llu discarded %llu tx %llu tx-errors %llu bindings %llu\n",
		(unsigned long long)sum.rx, (unsigned long long)sum.accepted,
		(unsigned long long)sum.denied,
		(unsigned long long)sum.discarded, (unsigned long long)sum.tx,
		(unsigned long long)sum.tx_errors,
		(unsigned long long)r.n_bindings);
	_exit(0);
}
