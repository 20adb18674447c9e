// SPDX-License-Identifier: GPL-2.0
/*
 * aka-mn: a test mobile node for AKA (Documentation/protocol.md §8) that
 * can misbehave: one attempt, RRQ1 (AKA_START), the challenge taken by the
 * software USIM of userspace/lib (K, OPc, its own sequence file), then RRQ2
 * (AKA_RESPONSE, MHAE with Skey), as mip4-mn sends it or spoilt on purpose
 * (--tamper). Its reply is checked as a node must (protocol.md §8.4 "The
 * MN on RRP2"). Prints what it found, one "key value" a line.
 *
 *   aka-mn --ha A --home A --nai NAI --k-file F --opc-file F --seq-file F
 *          [--coa A] [--alg 1|2] [--spi-s N] [--spi-d N] [--lifetime N]
 *          [--vendor N] [--wait-ms N] [--tamper MODE] [--print-keys]
 *          [--rereg] [--dereg] [--user-nai NAI --user-password-file F]
 *
 * --tamper MODE, what RRQ2 is made of:
 *   res          one bit of RES flipped, the MHAE made over it with Skey
 *                (the HA: wrong RES);
 *   lifetime     built and signed, then one bit of its lifetime flipped on
 *                the way out, as an attacker on the path would (right RES,
 *                MHAE invalid);
 *   rand         naming a RAND that is not the challenge's (one bit
 *                flipped), signed with Skey (an unknown challenge);
 *   late:S       sent S seconds after the challenge came (built then, so
 *                that its Identification is fresh: the challenge's
 *                lifetime is what is tested, not the replay window);
 *   replay       the plain RRQ2, and after its RRP2 the same bytes again
 *                ("replay_code": 131 from the key daemon, the challenge
 *                being used, or 133 from the kernel's Identification
 *                check);
 *   reuse        the plain RRQ2, and after its RRP2 a new one for the same
 *                challenge (new Identification and MHAE, right RES): what
 *                only the node could send ("reuse_code").
 * --rereg: after an accepted RRQ2, a re-registration with SPI_D and Skey'
 * ("rereg_code"); --dereg: then a deregistration ("dereg_code").
 * --print-keys: "skey" and "skey_prime" once accepted.
 * --user-nai, --user-password-file: RRQ1 announces a user step and RRQ2
 * carries USER_AUTH after the AKA_RESPONSE (protocol.md §9), spoilt or not
 * as the rest of RRQ2 is: a device that fails must cost the user's RADIUS
 * server nothing.
 * Exit: 0 accepted and verified (the steps after it too); 1 error;
 * 2 usage; 3 denied (the code is printed); 4 no reply; 5 a reply did not
 * verify; 6 the USIM refused the challenge.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mac.h"
#include "mnkeys.h"
#include "mschap.h"
#include "password.h"
#include "proto.h"
#include "mn-io.h"
#include "usim.h"

enum tamper {
	TAMPER_NONE,
	TAMPER_RES,
	TAMPER_LIFETIME,
	TAMPER_RAND,
	TAMPER_LATE,
	TAMPER_REPLAY,
	TAMPER_REUSE,
};

struct opts {
	struct in_addr ha, home, coa;
	char nai[MIP4_NAI_MAX + 1];
	const char *k_file, *opc_file, *seq_file;
	const char *user_nai, *user_password_file;
	u8 alg;
	u32 spi_s, spi_d, vendor;
	u16 lifetime;
	int wait_ms;
	enum tamper tamper;
	unsigned int late_s;
	bool print_keys, rereg, dereg;
};

static int fd = -1;

static ssize_t exchange(const struct opts *o, const u8 *buf, size_t len,
			u64 id, u8 *reply, size_t size, struct mip4_msg *msg)
{
	return mn_io_exchange(fd, o->wait_ms, o->vendor, "aka-mn", buf, len, id,
			      reply, size, msg);
}

/* The request's fixed part and Vendor/Org-ID, with a new Identification. */
static struct mip4_msg_spec base_spec(const struct opts *o)
{
	return (struct mip4_msg_spec){
		.type = MIP4_TYPE_RRQ,
		.lifetime = o->lifetime,
		.home_addr = o->home.s_addr,
		.ha_addr = o->ha.s_addr,
		.coa = o->coa.s_addr,
		.id = mn_io_timestamp_id(),
		.vendor_id = o->vendor,
	};
}

/* The lifetime field of a request (RFC 5944 §3.3), big-endian. */
#define RRQ_LIFETIME_OFFSET	2

/*
 * RRQ1 and its challenge, taken by the USIM; the sequence numbers it
 * accepted are on disk before any response leaves (usim.h). Returns 0, or
 * the exit status.
 */
static int challenge(const struct opts *o, struct mip4_mn_aka *a,
		     struct mip4_usim *u)
{
	struct mip4_msg_spec spec = base_spec(o);
	u8 buf[MIP4_MSG_MAX], reply[MIP4_MSG_MAX];
	enum mip4_mn_aka_outcome outcome;
	struct mip4_msg msg;
	const char *why;
	ssize_t n;
	int len, err;

	len = mip4_mn_aka_start_build(buf, sizeof(buf), &spec, a);
	if (len < 0) {
		fprintf(stderr, "aka-mn: cannot build RRQ1\n");
		return 1;
	}
	n = exchange(o, buf, (size_t)len, spec.id, reply, sizeof(reply), &msg);
	if (n <= 0) {
		printf("challenge_result no-reply\n");
		return n < 0 ? 1 : 4;
	}
	printf("challenge_code %u\n", msg.code);
	if (mip4_mn_aka_challenge_check(&msg, a, &why)) {
		printf("challenge_result %s\n", why);
		return msg.code > MIP4_CODE_ACCEPTED_NO_SIMUL ? 3 : 5;
	}
	/* AUTN authenticates it: an MHAE here would be made with no key. */
	printf("challenge_mhae %s\n", msg.has_mhae ? "present" : "absent");
	mn_io_hex("challenge_rand", msg.rand, MIP4_AKA_RAND_LEN);
	printf("challenge_lifetime %u\n", msg.challenge_lifetime);

	outcome = mip4_mn_aka_take(a, &msg, u->k, u->opc, &u->seq);
	switch (outcome) {
	case MIP4_MN_AKA_OK:
		break;
	case MIP4_MN_AKA_SYNC_FAILURE:
		printf("usim sync_failure\n");
		return 6;
	case MIP4_MN_AKA_MAC_FAILURE:
		printf("usim mac_failure\n");
		return 6;
	case MIP4_MN_AKA_NONE:
		fprintf(stderr, "aka-mn: cannot derive Skey\n");
		return 1;
	}
	printf("usim ok\n");
	err = mip4_usim_seq_write(o->seq_file, &u->seq);
	if (err) {
		fprintf(stderr, "aka-mn: cannot write %s: %s\n", o->seq_file,
			strerror(-err));
		return 1;
	}
	return 0;
}

/*
 * RRQ2 for the recorded challenge, spoilt as o->tamper says, into @buf
 * (MIP4_MSG_MAX octets). Returns its length, or -1.
 */
static int response(const struct opts *o, struct mip4_mn_aka *a, u8 *buf,
		    u64 *id)
{
	struct mip4_msg_spec spec = base_spec(o);
	u8 keep;
	int len;

	/* The recorded challenge is what the response is built from: spoilt
	 * for the build only, so that the record stays the truth.
	 */
	switch (o->tamper) {
	case TAMPER_RES:
		keep = a->res[MILENAGE_RES_LEN - 1];
		a->res[MILENAGE_RES_LEN - 1] ^= 0x01;
		len = mip4_mn_aka_response_build(buf, MIP4_MSG_MAX, &spec, a);
		a->res[MILENAGE_RES_LEN - 1] = keep;
		printf("tampered res\n");
		break;
	case TAMPER_RAND:
		a->rand[0] ^= 0x80;
		len = mip4_mn_aka_response_build(buf, MIP4_MSG_MAX, &spec, a);
		a->rand[0] ^= 0x80;
		printf("tampered rand\n");
		break;
	default:
		len = mip4_mn_aka_response_build(buf, MIP4_MSG_MAX, &spec, a);
		break;
	}
	if (len < RRQ_LIFETIME_OFFSET + 2) {
		fprintf(stderr, "aka-mn: cannot build RRQ2\n");
		return -1;
	}
	/* After the MHAE: what the HA sees is not what Skey signed. */
	if (o->tamper == TAMPER_LIFETIME) {
		buf[RRQ_LIFETIME_OFFSET + 1] ^= 0x01;
		printf("tampered_lifetime %u\n",
		       get_unaligned_be16(buf + RRQ_LIFETIME_OFFSET));
	}
	*id = spec.id;
	return len;
}

/*
 * Sends RRQ2 (@buf, @len, Identification @id) and checks its reply; @what
 * prefixes the lines ("" for the response itself). An acceptance that
 * verifies gives @keys. Returns 0 accepted, or the exit status.
 */
static int answer(const struct opts *o, const struct mip4_mn_aka *a,
		  const u8 *buf, size_t len, u64 id, const char *what,
		  struct mip4_mn_keys *keys)
{
	u8 reply[MIP4_MSG_MAX];
	struct mip4_msg msg;
	const char *why;
	ssize_t n;
	int err;

	n = exchange(o, buf, len, id, reply, sizeof(reply), &msg);
	if (n <= 0) {
		printf("%sresult no-reply\n", what);
		return n < 0 ? 1 : 4;
	}
	printf("%scode %u\n", what, msg.code);
	/* A denial of the key daemon (wrong RES, MHAE, challenge) is plain;
	 * only an acceptance, or a denial of the registration itself after
	 * a good RES, carries an MHAE made with Skey (§8.4 step 5).
	 */
	if (!msg.has_mhae) {
		printf("%smhae absent\n", what);
		if (msg.code <= MIP4_CODE_ACCEPTED_NO_SIMUL) {
			printf("%sresult unverified\n", what);
			return 5;
		}
		printf("%sresult denied\n", what);
		return 3;
	}
	err = mip4_mn_aka_result(reply, (size_t)n, &msg, a, keys, &why);
	if (err) {
		printf("%smhae bad (%s)\n", what, why);
		printf("%sresult unverified\n", what);
		return 5;
	}
	printf("%smhae ok (spi %u, Skey)\n", what, msg.spi);
	if (msg.code > MIP4_CODE_ACCEPTED_NO_SIMUL) {
		printf("%sresult denied\n", what);
		return 3;
	}
	printf("%slifetime %u\n", what, msg.lifetime);
	printf("%skey_lifetime %u\n", what, keys->key_lifetime);
	printf("%sresult accepted\n", what);
	return 0;
}

/* An ordinary registration with SPI_D and Skey' (§4.2); lifetime 0: dereg. */
static int ordinary(const struct opts *o, const struct mip4_mn_keys *keys,
		    u16 lifetime, const char *what)
{
	struct mip4_msg_spec spec = base_spec(o);
	u8 buf[MIP4_MSG_MAX], reply[MIP4_MSG_MAX];
	struct mip4_msg msg;
	ssize_t n;
	int len;

	spec.lifetime = lifetime;
	spec.nai = (const u8 *)o->nai;
	spec.nai_len = (u8)strlen(o->nai);
	spec.algorithm = keys->algorithm;
	spec.spi = keys->spi_d;
	len = mip4_msg_build(buf, sizeof(buf), &spec);
	if (len < 0 || mip4_mhae_sign(buf, (size_t)len, keys->algorithm,
				      keys->skey_prime, keys->key_len))
		return 1;
	n = exchange(o, buf, (size_t)len, spec.id, reply, sizeof(reply), &msg);
	if (n <= 0) {
		printf("%s_result no-reply\n", what);
		return n < 0 ? 1 : 4;
	}
	printf("%s_code %u\n", what, msg.code);
	if (msg.code > MIP4_CODE_ACCEPTED_NO_SIMUL)
		return 3;
	if (!msg.has_mhae || msg.spi != keys->spi_d ||
	    mip4_mhae_verify(reply, (size_t)n, &msg, keys->algorithm,
			     keys->skey_prime, keys->key_len)) {
		printf("%s_mhae bad\n", what);
		return 5;
	}
	printf("%s_mhae ok (spi %u, Skey')\n", what, msg.spi);
	return 0;
}

/*
 * One attempt: RRQ1, the challenge, RRQ2 as o->tamper says, then what
 * comes after an acceptance. @keys gets the keys of an acceptance.
 */
static int attempt(const struct opts *o, struct mip4_mn_aka *a,
		   struct mip4_usim *u, struct mip4_mn_keys *keys)
{
	u8 buf[MIP4_MSG_MAX], again[MIP4_MSG_MAX];
	u64 id, id2;
	int len, len2, r;

	r = challenge(o, a, u);
	if (r)
		return r;
	if (o->tamper == TAMPER_LATE) {
		printf("late %u\n", o->late_s);
		sleep(o->late_s);
	}
	len = response(o, a, buf, &id);
	if (len < 0)
		return 1;
	r = answer(o, a, buf, (size_t)len, id, "", keys);
	if (r)
		return r;
	if (o->print_keys) {
		mn_io_hex("skey", keys->skey, keys->key_len);
		mn_io_hex("skey_prime", keys->skey_prime, keys->key_len);
	}
	switch (o->tamper) {
	case TAMPER_REPLAY:
		/* What anyone on the path could send: the same bytes. */
		r = answer(o, a, buf, (size_t)len, id, "replay_", keys);
		break;
	case TAMPER_REUSE:
		/* Only the node can sign this one: the challenge is used. */
		len2 = response(o, a, again, &id2);
		if (len2 < 0)
			return 1;
		r = answer(o, a, again, (size_t)len2, id2, "reuse_", keys);
		break;
	default:
		r = 0;
		break;
	}
	/* The second answer is the point of these modes, whatever it was;
	 * an acceptance of it (which would have replaced @keys) is not.
	 */
	if (r == 0 && (o->tamper == TAMPER_REPLAY || o->tamper == TAMPER_REUSE))
		return 5;
	if (r != 3 && r != 0)
		return r;
	if (o->rereg) {
		r = ordinary(o, keys, o->lifetime, "rereg");
		if (r)
			return r;
	}
	if (o->dereg)
		return ordinary(o, keys, 0, "dereg");
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: aka-mn --ha A --home A --nai NAI --k-file F --opc-file F --seq-file F\n"
		"              [--coa A] [--alg 1|2] [--spi-s N] [--spi-d N] [--lifetime N]\n"
		"              [--vendor N] [--wait-ms N] [--print-keys] [--rereg] [--dereg]\n"
		"              [--tamper res|lifetime|rand|late:S|replay|reuse]\n"
		"              [--user-nai NAI --user-password-file F]\n");
	exit(2);
}

static void addr_opt(const char *s, struct in_addr *a)
{
	if (inet_pton(AF_INET, s, a) != 1)
		usage();
}

static void tamper_opt(const char *s, struct opts *o)
{
	char *end;
	unsigned long v;

	if (!strcmp(s, "res")) {
		o->tamper = TAMPER_RES;
	} else if (!strcmp(s, "lifetime")) {
		o->tamper = TAMPER_LIFETIME;
	} else if (!strcmp(s, "rand")) {
		o->tamper = TAMPER_RAND;
	} else if (!strcmp(s, "replay")) {
		o->tamper = TAMPER_REPLAY;
	} else if (!strcmp(s, "reuse")) {
		o->tamper = TAMPER_REUSE;
	} else if (!strncmp(s, "late:", 5)) {
		errno = 0;
		v = strtoul(s + 5, &end, 10);
		if (errno || end == s + 5 || *end || v > 3600)
			usage();
		o->tamper = TAMPER_LATE;
		o->late_s = (unsigned int)v;
	} else {
		usage();
	}
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "ha", required_argument, NULL, 'a' },
		{ "home", required_argument, NULL, 'h' },
		{ "coa", required_argument, NULL, 'c' },
		{ "nai", required_argument, NULL, 'n' },
		{ "k-file", required_argument, NULL, 'k' },
		{ "opc-file", required_argument, NULL, 'o' },
		{ "seq-file", required_argument, NULL, 'q' },
		{ "alg", required_argument, NULL, 'g' },
		{ "spi-s", required_argument, NULL, 's' },
		{ "spi-d", required_argument, NULL, 'd' },
		{ "lifetime", required_argument, NULL, 'l' },
		{ "vendor", required_argument, NULL, 'V' },
		{ "wait-ms", required_argument, NULL, 'w' },
		{ "tamper", required_argument, NULL, 'T' },
		{ "print-keys", no_argument, NULL, 'K' },
		{ "rereg", no_argument, NULL, 'R' },
		{ "dereg", no_argument, NULL, 'D' },
		{ "user-nai", required_argument, NULL, 'u' },
		{ "user-password-file", required_argument, NULL, 'P' },
		{ 0 },
	};
	struct opts o = {
		.alg = MIP4_ALG_HMAC_MD5, .spi_s = 0x1000, .spi_d = 0x1001,
		.vendor = MIP4_VENDOR_ID_DEFAULT, .lifetime = 1800,
		.wait_ms = 15000,
	};
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct mip4_mn_keygen_params p = { 0 };
	socklen_t slen = sizeof(sa);
	struct mip4_mn_keys keys = { 0 };
	/* UTF-8 of the longest MS-CHAPv2 password, as mip4-mn reads it. */
	static char password[MSCHAP_MAX_PASSWORD * 4 + 1];
	struct mip4_mn_aka a;
	struct mip4_usim u;
	const char *what;
	int c, r, err;

	memset(&a, 0, sizeof(a));
	memset(&u, 0, sizeof(u));
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		switch (c) {
		case 'a': addr_opt(optarg, &o.ha); break;
		case 'h': addr_opt(optarg, &o.home); break;
		case 'c': addr_opt(optarg, &o.coa); break;
		case 'n':
			if (strlen(optarg) > MIP4_NAI_MAX)
				usage();
			snprintf(o.nai, sizeof(o.nai), "%s", optarg);
			break;
		case 'k': o.k_file = optarg; break;
		case 'o': o.opc_file = optarg; break;
		case 'q': o.seq_file = optarg; break;
		case 'g': o.alg = (u8)atoi(optarg); break;
		case 's': o.spi_s = (u32)strtoul(optarg, NULL, 0); break;
		case 'd': o.spi_d = (u32)strtoul(optarg, NULL, 0); break;
		case 'l': o.lifetime = (u16)atoi(optarg); break;
		case 'V': o.vendor = (u32)strtoul(optarg, NULL, 0); break;
		case 'w': o.wait_ms = atoi(optarg); break;
		case 'T': tamper_opt(optarg, &o); break;
		case 'K': o.print_keys = true; break;
		case 'R': o.rereg = true; break;
		case 'D': o.dereg = true; break;
		case 'u': o.user_nai = optarg; break;
		case 'P': o.user_password_file = optarg; break;
		default: usage();
		}
	}
	/* RRQ2 cannot deregister (§8.4 step 5): a lifetime 0 is refused
	 * before anything this node means to test.
	 */
	if (!o.ha.s_addr || !o.nai[0] || !o.k_file || !o.opc_file ||
	    !o.seq_file || optind != argc || (o.alg != 1 && o.alg != 2) ||
	    !o.lifetime || o.wait_ms <= 0 || !o.user_nai != !o.user_password_file ||
	    (o.user_nai && (!*o.user_nai || strlen(o.user_nai) > MIP4_NAI_MAX)))
		usage();

	err = mip4_usim_keys(o.k_file, o.opc_file, &u, &what);
	if (err) {
		fprintf(stderr, "aka-mn: %s: %s\n", what,
			err == -EINVAL ? "not 16 octets in hex" :
					 strerror(-err));
		return 2;
	}
	/* A missing file is a new USIM; one that does not parse is not. */
	err = mip4_usim_seq_read(o.seq_file, MIP4_USIM_IND_BITS_DEFAULT,
				 &u.seq);
	if (err && err != -ENOENT) {
		fprintf(stderr, "aka-mn: %s: %s\n", o.seq_file,
			strerror(-err));
		mip4_usim_wipe(&u);
		return 2;
	}
	p.algorithm = o.alg;
	p.replay = MIP4_REPLAY_TIMESTAMP;
	p.spi_s = o.spi_s;
	p.spi_d = o.spi_d;
	if (mip4_mn_aka_init(&a, &p, (const u8 *)o.nai, (u8)strlen(o.nai))) {
		mip4_usim_wipe(&u);
		usage();
	}
	if (o.user_nai) {
		ssize_t n = mip4_password_read(o.user_password_file, password,
					       sizeof(password));

		if (n < 0 || mip4_mn_aka_user(&a, (const u8 *)o.user_nai,
					      (u8)strlen(o.user_nai), password,
					      (size_t)n, true)) {
			fprintf(stderr, "aka-mn: %s: unusable password\n",
				o.user_password_file);
			mip4_usim_wipe(&u);
			return 2;
		}
	}

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	sa.sin_addr = o.coa;
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("aka-mn: bind");
		mip4_usim_wipe(&u);
		return 1;
	}
	sa.sin_addr = o.ha;
	sa.sin_port = htons(MIP4_PORT);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &slen)) {
		perror("aka-mn: connect");
		mip4_usim_wipe(&u);
		return 1;
	}
	o.coa = sa.sin_addr;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* the tests follow it */
	r = attempt(&o, &a, &u, &keys);
	mip4_mn_aka_wipe(&a);
	explicit_bzero(password, sizeof(password));
	mip4_mn_keys_wipe(&keys);
	mip4_usim_wipe(&u);
	return r;
}
