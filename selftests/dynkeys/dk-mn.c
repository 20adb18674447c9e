// SPDX-License-Identifier: GPL-2.0
/*
 * dk-mn: a test mobile node for dynamic keys (Documentation/protocol.md):
 * sends one initial registration (NAI, KEYGEN_REQ with an MS-CHAPv2
 * NT-Response computed from the password, current timestamp), checks the
 * reply as an MN must (KEYGEN_REP echo, MHAE with the Skey it derives
 * itself, the AAA server's AuthenticatorResponse) and can then re-register
 * and deregister with Skey', and send the initial request again byte for
 * byte (a replay, which the HA must refuse with 133). Prints what it found,
 * one "key value" a line.
 *
 *   dk-mn --ha A --home A --nai NAI --password-file F [--coa A] [--alg 1|2]
 *         [--spi-s N] [--spi-d N] [--lifetime N] [--vendor N]
 *         [--wait-ms N] [--rereg] [--rereg-count N] [--interval-ms N]
 *         [--dereg] [--print-keys] [--replay-initial]
 *         [--replay-delay-ms N] [--nonce]
 *         [--tamper-coa A]
 *   dk-mn --ha A --home A --nai NAI --password-file F [--coa A]
 *         --flood N [--flood-rate R] [--wait-ms N]
 *
 * --nonce: the replay method of the new SAs is nonces: the initial request
 * first has a random Identification, and is sent again with the nonce of
 * the Home Agent's 133 ("nonce_133 0x..."); only the initial exchange (and
 * --replay-initial) is supported with it.
 * --replay-delay-ms N: wait N ms before --replay-initial.
 * --rereg-count N: N re-registrations, --interval-ms apart, each sent once
 * and waited for --wait-ms; their start (CLOCK_MONOTONIC ms) and round trip
 * are printed.
 * --tamper-coa A: the initial request is computed for the care-of address
 * it would carry, then its care-of address field is changed to A on the way
 * out, as an attacker on the path would (protocol.md §5).
 * --flood N: N initial requests, at R a second (0: as fast as it can), each
 * from another node: NAI "<i>.NAI" for i from 0 (nodes the AAA server does
 * not know); counts the replies by code until --wait-ms passes without one
 * (exit 4 when some request had none).
 * Exit: 0 accepted and verified; 1 error; 2 usage; 3 denied (the code is
 * printed); 4 no reply; 5 the reply did not verify.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mac.h"
#include "mschap.h"
#include "proto.h"
#include "mn-io.h"

struct opts {
	struct in_addr ha, home, coa;
	char nai[MIP4_NAI_MAX + 1];
	char password[MSCHAP_MAX_PASSWORD * 4 + 1];
	size_t password_len;
	u8 alg;
	u32 spi_s, spi_d, vendor;
	u16 lifetime;
	int wait_ms, rereg_count, interval_ms, replay_delay_ms;
	bool dereg, print_keys, replay_initial, nonce, tamper;
	struct in_addr tamper_coa;
	unsigned int flood, flood_rate;
};

/* The initial request as sent, for --replay-initial. */
static u8 initial_rrq[MIP4_MSG_MAX];
static size_t initial_len;
static u64 initial_id;

static int fd = -1;

static ssize_t exchange(const struct opts *o, const u8 *buf, size_t len,
			u64 id, u8 *reply, size_t size, struct mip4_msg *msg)
{
	return mn_io_exchange(fd, o->wait_ms, o->vendor, "dk-mn", buf, len, id,
			      reply, size, msg);
}

/*
 * Builds an initial request of @nai with Identification @id into @buf
 * (MIP4_MSG_MAX octets): KEYGEN_REQ @value with a fresh
 * AuthenticatorChallenge, PeerChallenge @pc and NT-Response @nt (§3).
 * Returns its length, or -1.
 */
static int build_initial(const struct opts *o, const char *nai, u64 id,
			 u8 *value, u8 *pc, u8 *nt, u8 *buf)
{
	struct mip4_msg_spec spec = {
		.type = MIP4_TYPE_RRQ,
		.lifetime = o->lifetime,
		.home_addr = o->home.s_addr,
		.ha_addr = o->ha.s_addr,
		.coa = o->coa.s_addr,
		.id = id,
		.nai = (const u8 *)nai,
		.nai_len = (u8)strlen(nai),
		.cvse_type = MIP4_CVSE_KEYGEN_REQ,
		.cvse_value = value,
		.cvse_len = MIP4_KEYGEN_REQ_LEN,
		.vendor_id = o->vendor,
	};
	struct mip4_msg msg;
	int len;

	memset(value, 0, MIP4_KEYGEN_REQ_LEN);
	value[0] = 1;	/* version */
	value[1] = 1;	/* method: MS-CHAPv2 */
	value[2] = o->alg;
	value[3] = o->nonce ? MIP4_REPLAY_NONCE : MIP4_REPLAY_TIMESTAMP;
	put_unaligned_be32(o->spi_s, value + 4);
	put_unaligned_be32(o->spi_d, value + 8);
	if (getrandom(value + 12, 16, 0) != 16)
		return -1;
	/* NT-Response zero for PeerChallenge (§3), then filled in. */
	len = mip4_msg_build(buf, MIP4_MSG_MAX, &spec);
	if (len < 0 || mip4_msg_parse(buf, (size_t)len, o->vendor, &msg) ||
	    mip4_peer_challenge(buf, (size_t)len, &msg, pc) ||
	    mschap_generate_nt_response(value + 12, pc, nai, strlen(nai),
					o->password, o->password_len, nt))
		return -1;
	memcpy(buf + msg.cvse_end - 24, nt, 24);
	memcpy(value + 28, nt, 24);
	return len;
}

/* The care-of address field of a request (RFC 5944 §3.3). */
#define RRQ_COA_OFFSET	12

static int initial(const struct opts *o, u8 *skey, u8 *skey_prime)
{
	u8 value[MIP4_KEYGEN_REQ_LEN], pc[16], nt[24], k2[32];
	u8 buf[MIP4_MSG_MAX], reply[MIP4_MSG_MAX];
	unsigned int klen = mip4_auth_len(o->alg);
	struct mip4_msg msg;
	bool resent = false;
	const u8 *rep;
	int len, bad = 0;
	u64 id;
	ssize_t n;

	/* With nonces the node knows none of the HA's yet: any value, and
	 * the HA's 133 gives it.
	 */
	if (o->nonce) {
		if (getrandom(&id, sizeof(id), 0) != sizeof(id))
			return 1;
	} else {
		id = mn_io_timestamp_id();
	}
again:
	len = build_initial(o, o->nai, id, value, pc, nt, buf);
	if (len < 0) {
		fprintf(stderr, "dk-mn: cannot build the request\n");
		return 1;
	}
	if (o->tamper) {
		memcpy(buf + RRQ_COA_OFFSET, &o->tamper_coa, 4);
		printf("tampered_coa %s\n", inet_ntoa(o->tamper_coa));
	}
	memcpy(initial_rrq, buf, (size_t)len);
	initial_len = (size_t)len;
	initial_id = id;
	mn_io_hex("auth_challenge", value + 12, 16);
	mn_io_hex("peer_challenge", pc, 16);
	mn_io_hex("nt_response", nt, 24);

	n = exchange(o, buf, (size_t)len, id, reply, sizeof(reply), &msg);
	if (n <= 0) {
		printf("result no-reply\n");
		return n < 0 ? 1 : 4;
	}
	if (o->nonce && msg.code == MIP4_CODE_ID_MISMATCH && !resent &&
	    (u32)(msg.id >> 32) != (u32)(id >> 32)) {
		resent = true;
		printf("nonce_133 0x%08x\n", (u32)(msg.id >> 32));
		id = (msg.id & 0xffffffff00000000ULL) | (u32)id;
		goto again;
	}
	printf("code %u\n", msg.code);
	if (msg.code > MIP4_CODE_ACCEPTED_NO_SIMUL) {
		printf("mhae %s\n", msg.has_mhae ? "present" : "absent");
		printf("result denied\n");
		return 3;
	}
	printf("lifetime %u\n", msg.lifetime);
	if (msg.cvse_type != MIP4_CVSE_KEYGEN_REP ||
	    msg.cvse_len != MIP4_KEYGEN_REP_LEN || !msg.has_mhae) {
		printf("result no-keygen-rep\n");
		return 5;
	}
	rep = msg.cvse_value;
	if (memcmp(rep, value, 12)) {
		printf("echo bad\n");
		bad = 1;
	}
	printf("key_lifetime %u\n", get_unaligned_be32(rep + 12));
	mn_io_hex("ha_nonce", rep + 16, 16);
	if (mschap_check_authenticator_response(o->password, o->password_len,
						nt, pc, value + 12, o->nai,
						strlen(o->nai), rep + 32)) {
		printf("auth_response bad\n");
		bad = 1;
	} else {
		printf("auth_response ok\n");
	}
	if (mschap_mn_k2(o->password, o->password_len, nt, k2) ||
	    mip4_skey(k2, (const u8 *)o->nai, (u8)strlen(o->nai), value, pc,
		      rep + 16, skey) ||
	    mip4_skey_prime(o->alg, skey, id, o->spi_d, skey_prime))
		return 1;
	explicit_bzero(k2, sizeof(k2));
	if (msg.spi != o->spi_s ||
	    mip4_mhae_verify(reply, (size_t)n, &msg, o->alg, skey, klen)) {
		printf("mhae bad (spi %u)\n", msg.spi);
		bad = 1;
	} else {
		printf("mhae ok (spi %u, Skey)\n", msg.spi);
	}
	if (o->print_keys) {
		mn_io_hex("skey", skey, klen);
		mn_io_hex("skey_prime", skey_prime, klen);
	}
	printf("result %s\n", bad ? "unverified" : "accepted");
	return bad ? 5 : 0;
}

/* An ordinary registration with SPI_D and Skey' (§4.2); lifetime 0: dereg. */
static int ordinary(const struct opts *o, const u8 *skey_prime, u16 lifetime,
		    const char *what)
{
	u8 buf[MIP4_MSG_MAX], reply[MIP4_MSG_MAX];
	struct mip4_msg_spec spec = {
		.type = MIP4_TYPE_RRQ,
		.lifetime = lifetime,
		.home_addr = o->home.s_addr,
		.ha_addr = o->ha.s_addr,
		.coa = o->coa.s_addr,
		.id = mn_io_timestamp_id(),
		.nai = (const u8 *)o->nai,
		.nai_len = (u8)strlen(o->nai),
		.vendor_id = o->vendor,
		.algorithm = o->alg,
		.spi = o->spi_d,
	};
	unsigned int klen = mip4_auth_len(o->alg);
	struct mip4_msg msg;
	ssize_t n;
	int len;

	len = mip4_msg_build(buf, sizeof(buf), &spec);
	if (len < 0 || mip4_mhae_sign(buf, (size_t)len, o->alg, skey_prime,
				      klen))
		return 1;
	n = exchange(o, buf, (size_t)len, spec.id, reply, sizeof(reply), &msg);
	if (n <= 0) {
		printf("%s_result no-reply\n", what);
		return 4;
	}
	printf("%s_code %u\n", what, msg.code);
	if (msg.code > MIP4_CODE_ACCEPTED_NO_SIMUL)
		return 3;
	if (!msg.has_mhae || msg.spi != o->spi_d ||
	    mip4_mhae_verify(reply, (size_t)n, &msg, o->alg, skey_prime,
			     klen)) {
		printf("%s_mhae bad\n", what);
		return 5;
	}
	printf("%s_mhae ok (spi %u, Skey')\n", what, msg.spi);
	return 0;
}

/* The initial request again, byte for byte: what an attacker could replay. */
static int replay(const struct opts *o)
{
	u8 reply[MIP4_MSG_MAX];
	struct mip4_msg msg;
	ssize_t n;

	if (o->replay_delay_ms)
		poll(NULL, 0, o->replay_delay_ms);
	n = exchange(o, initial_rrq, initial_len, initial_id, reply,
		     sizeof(reply), &msg);
	if (n <= 0) {
		printf("replay_result no-reply\n");
		return n < 0 ? 1 : 4;
	}
	printf("replay_code %u\n", msg.code);
	return 0;
}

static u64 now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000 + (u64)ts.tv_nsec / 1000;
}

/* Counts the replies waiting on the socket, by code. */
/* What the flood sent and what came back. */
struct flood_state {
	u64 *ids;		/* Identifications sent, increasing */
	u8 *answered;		/* per request */
	unsigned int sent, replies, duplicates, unmatched;
	unsigned int codes[256];
};

/* Takes the replies waiting on the socket, each matched to its request
 * by Identification (the timestamps grow, so the sent ones are sorted).
 */
static void take_replies(const struct opts *o, struct flood_state *f)
{
	u8 reply[MIP4_MSG_MAX];
	struct mip4_msg msg;
	unsigned int lo, hi, mid;
	ssize_t n;

	while ((n = recv(fd, reply, sizeof(reply), MSG_DONTWAIT)) > 0) {
		if (mip4_msg_parse(reply, (size_t)n, o->vendor, &msg) ||
		    msg.type != MIP4_TYPE_RRP) {
			f->unmatched++;
			continue;
		}
		lo = 0;
		hi = f->sent;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (f->ids[mid] < msg.id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == f->sent || f->ids[lo] != msg.id) {
			f->unmatched++;
		} else if (f->answered[lo]) {
			f->duplicates++;
		} else {
			f->answered[lo] = 1;
			f->replies++;
			f->codes[msg.code]++;
		}
	}
}

/*
 * --flood: initial requests of nodes nobody knows, paced at o->flood_rate
 * a second, replies taken as they come; then waits for the rest. Prints
 * the send window in CLOCK_MONOTONIC milliseconds, for the tests to line
 * up with other nodes' registrations.
 */
static int flood(const struct opts *o)
{
	u8 value[MIP4_KEYGEN_REQ_LEN], pc[16], nt[24], buf[MIP4_MSG_MAX];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct flood_state f = { 0 };
	unsigned int errors = 0, i;
	char nai[MIP4_NAI_MAX + 1];
	int len, size = 16 << 20;
	u64 t0, t1, due, id;

	f.ids = calloc(o->flood, sizeof(*f.ids));
	f.answered = calloc(o->flood, 1);
	if (!f.ids || !f.answered) {
		fprintf(stderr, "dk-mn: out of memory\n");
		return 1;
	}
	/* Room for every reply: counting them is the point. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	t0 = now_us();
	for (i = 0; i < o->flood; i++) {
		if ((size_t)snprintf(nai, sizeof(nai), "%u.%s", i, o->nai) >=
		    sizeof(nai)) {
			fprintf(stderr, "dk-mn: NAI too long for --flood\n");
			return 2;
		}
		id = mn_io_timestamp_id();
		len = build_initial(o, nai, id, value, pc, nt, buf);
		if (len < 0) {
			fprintf(stderr, "dk-mn: cannot build a request\n");
			return 1;
		}
		if (o->flood_rate) {
			due = t0 + (u64)i * 1000000 / o->flood_rate;
			while (now_us() < due) {
				take_replies(o, &f);
				poll(&pfd, 1, 1);
			}
		}
		if (send(fd, buf, (size_t)len, 0) < 0) {
			errors++;
			continue;
		}
		f.ids[f.sent++] = id;
		take_replies(o, &f);
	}
	t1 = now_us();
	printf("flood_start_ms %llu\n", (unsigned long long)t0 / 1000);
	printf("flood_end_ms %llu\n", (unsigned long long)t1 / 1000);
	printf("flood_send_ms %llu\n", (unsigned long long)(t1 - t0) / 1000);
	printf("flood_sent %u\n", f.sent);
	printf("flood_send_errors %u\n", errors);
	while (f.replies < f.sent && poll(&pfd, 1, o->wait_ms) > 0)
		take_replies(o, &f);
	printf("flood_replies %u\n", f.replies);
	printf("flood_duplicates %u\n", f.duplicates);
	printf("flood_unmatched %u\n", f.unmatched);
	for (i = 0; i < 256; i++)
		if (f.codes[i])
			printf("flood_code_%u %u\n", i, f.codes[i]);
	free(f.ids);
	free(f.answered);
	return f.replies < f.sent ? 4 : 0;
}

/*
 * o->rereg_count re-registrations with Skey', o->interval_ms apart, each
 * sent once: prints their round trips, and how many were accepted.
 */
static int reregister(const struct opts *o, const u8 *skey_prime)
{
	u64 t, rtt, max = 0;
	int i, r = 0;

	for (i = 0; i < o->rereg_count && !r; i++) {
		if (i)
			usleep((useconds_t)o->interval_ms * 1000);
		t = now_us();
		r = ordinary(o, skey_prime, o->lifetime, "rereg");
		rtt = now_us() - t;
		if (!r) {
			printf("rereg_at_ms %llu\n", (unsigned long long)t / 1000);
			printf("rereg_rtt_us %llu\n", (unsigned long long)rtt);
			if (rtt > max)
				max = rtt;
		}
	}
	printf("rereg_accepted %d\n", r ? i - 1 : i);
	printf("rereg_rtt_max_us %llu\n", (unsigned long long)max);
	return r;
}

static void usage(void)
{
	fprintf(stderr, "usage: dk-mn --ha A --home A --nai NAI --password-file F [--coa A]\n"
		"             [--alg 1|2] [--spi-s N] [--spi-d N] [--lifetime N] [--vendor N]\n"
		"             [--wait-ms N] [--rereg] [--rereg-count N] [--interval-ms N]\n"
		"             [--dereg] [--print-keys] [--replay-initial]\n"
		"             [--replay-delay-ms N] [--nonce]\n"
		"             [--tamper-coa A]\n"
		"       dk-mn --ha A --home A --nai NAI --password-file F [--coa A]\n"
		"             --flood N [--flood-rate R] [--wait-ms N]\n");
	exit(2);
}

/* The password is text: the first line of the file. */
static ssize_t read_password(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -1;
	if (!fgets(out, (int)size, f))
		out[0] = '\0';
	fclose(f);
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	return (ssize_t)n;
}

static void addr_opt(const char *s, struct in_addr *a)
{
	if (inet_pton(AF_INET, s, a) != 1)
		usage();
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "ha", required_argument, NULL, 'a' },
		{ "home", required_argument, NULL, 'h' },
		{ "coa", required_argument, NULL, 'c' },
		{ "nai", required_argument, NULL, 'n' },
		{ "password-file", required_argument, NULL, 'P' },
		{ "alg", required_argument, NULL, 'g' },
		{ "spi-s", required_argument, NULL, 's' },
		{ "spi-d", required_argument, NULL, 'd' },
		{ "lifetime", required_argument, NULL, 'l' },
		{ "vendor", required_argument, NULL, 'V' },
		{ "wait-ms", required_argument, NULL, 'w' },
		{ "rereg", no_argument, NULL, 'R' },
		{ "rereg-count", required_argument, NULL, 'C' },
		{ "interval-ms", required_argument, NULL, 'i' },
		{ "tamper-coa", required_argument, NULL, 'T' },
		{ "flood", required_argument, NULL, 'F' },
		{ "flood-rate", required_argument, NULL, 'r' },
		{ "dereg", no_argument, NULL, 'D' },
		{ "print-keys", no_argument, NULL, 'K' },
		{ "replay-initial", no_argument, NULL, 'X' },
		{ "replay-delay-ms", required_argument, NULL, 'Y' },
		{ "nonce", no_argument, NULL, 'N' },
		{ 0 },
	};
	struct opts o = {
		.alg = MIP4_ALG_HMAC_MD5, .spi_s = 0x1000, .spi_d = 0x1001,
		.vendor = MIP4_VENDOR_ID_DEFAULT, .lifetime = 1800,
		.wait_ms = 15000,
	};
	struct sockaddr_in sa = { .sin_family = AF_INET };
	u8 skey[32], skey_prime[32];
	const char *pwfile = NULL;
	socklen_t slen = sizeof(sa);
	ssize_t pn;
	int c, r;

	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		switch (c) {
		case 'a': addr_opt(optarg, &o.ha); break;
		case 'h': addr_opt(optarg, &o.home); break;
		case 'c': addr_opt(optarg, &o.coa); break;
		case 'n': snprintf(o.nai, sizeof(o.nai), "%s", optarg); break;
		case 'P': pwfile = optarg; break;
		case 'g': o.alg = (u8)atoi(optarg); break;
		case 's': o.spi_s = (u32)strtoul(optarg, NULL, 0); break;
		case 'd': o.spi_d = (u32)strtoul(optarg, NULL, 0); break;
		case 'l': o.lifetime = (u16)atoi(optarg); break;
		case 'V': o.vendor = (u32)strtoul(optarg, NULL, 0); break;
		case 'w': o.wait_ms = atoi(optarg); break;
		case 'R': o.rereg_count = 1; break;
		case 'C': o.rereg_count = atoi(optarg); break;
		case 'i': o.interval_ms = atoi(optarg); break;
		case 'T': addr_opt(optarg, &o.tamper_coa); o.tamper = true; break;
		case 'F': o.flood = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'r': o.flood_rate = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'D': o.dereg = true; break;
		case 'K': o.print_keys = true; break;
		case 'X': o.replay_initial = true; break;
		case 'Y': o.replay_delay_ms = atoi(optarg); break;
		case 'N': o.nonce = true; break;
		default: usage();
		}
	}
	if (!o.ha.s_addr || !o.nai[0] || !pwfile || optind != argc ||
	    (o.alg != 1 && o.alg != 2) || o.rereg_count < 0 ||
	    o.interval_ms < 0 || o.replay_delay_ms < 0 || (o.nonce && (o.rereg_count || o.dereg)) ||
	    (o.flood && (o.rereg_count || o.dereg || o.replay_initial ||
			 o.tamper || o.nonce)))
		usage();
	pn = read_password(pwfile, o.password, sizeof(o.password));
	if (pn <= 0) {
		fprintf(stderr, "dk-mn: cannot read a password from %s\n",
			pwfile);
		return 2;
	}
	o.password_len = (size_t)pn;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	sa.sin_addr = o.coa;
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("dk-mn: bind");
		return 1;
	}
	sa.sin_addr = o.ha;
	sa.sin_port = htons(MIP4_PORT);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &slen)) {
		perror("dk-mn: connect");
		return 1;
	}
	o.coa = sa.sin_addr;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* the tests follow it */
	if (o.flood)
		r = flood(&o);
	else
		r = initial(&o, skey, skey_prime);
	if (!r && o.rereg_count)
		r = reregister(&o, skey_prime);
	if (!r && o.dereg)
		r = ordinary(&o, skey_prime, 0, "dereg");
	if (!r && o.replay_initial)
		r = replay(&o);
	explicit_bzero(skey, sizeof(skey));
	explicit_bzero(skey_prime, sizeof(skey_prime));
	explicit_bzero(o.password, sizeof(o.password));
	return r;
}
