// SPDX-License-Identifier: GPL-2.0
/*
 * hlr_client: lib/gsup.c and lib/aka.c against a real HLR (osmo-hlr), for
 * test_hlr.sh. It connects to the HLR's GSUP port, answers the IPA identity
 * request with its name, asks SendAuthInfo for an IMSI and checks every
 * vector with a software USIM holding K and OPc (the HLR's AuC and our
 * Milenage must agree, and the SQNs must be fresh, in order).
 *
 *   hlr_client PORT NAME IMSI K OPC N [SEQ_AHEAD]
 *
 * With SEQ_AHEAD, the USIM has already seen SEQ_AHEAD in the HLR's slot
 * for us: the first vector is a synchronisation failure, the client sends
 * the AUTS and RAND back and checks that the new vectors are fresh.
 * Prints one line per event ("vector N sqn S ok", "sync-failure", "resync
 * sqn S ok", "error cause C") and exits 0 when everything verified.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "aka.h"
#include "gsup.h"
#include "testdata.h"

static int fd;
static u8 rx[65536];
static size_t rx_len;

static bool identified;

/* The next GSUP message (or, with @a NULL, the end of the identity
 * handshake), answering the HLR's IPA CCM on the way.
 */
static int next_gsup(struct gsup_sai_answer *a, const char *name)
{
	struct ipa_frame f;
	u8 out[512];
	ssize_t n;
	int len, r;

	for (;;) {
		len = ipa_frame_next(rx, rx_len, &f);
		if (len < 0)
			return -1;
		if (len == 0) {
			n = read(fd, rx + rx_len, sizeof(rx) - rx_len);
			if (n <= 0)
				return -1;
			rx_len += (size_t)n;
			continue;
		}
		r = 1;
		if (f.proto == IPA_PROTO_CCM && f.len &&
		    f.data[0] == IPA_CCM_ID_GET) {
			r = ipa_ccm_id_resp(out, sizeof(out), f.data + 1,
					    f.len - 1, name);
			if (r < 0 || write(fd, out, (size_t)r) != r)
				return -1;
			identified = true;
			r = a ? 1 : 0;
		} else if (f.proto == IPA_PROTO_CCM && f.len &&
			   f.data[0] == IPA_CCM_PING) {
			r = ipa_ccm_build(out, sizeof(out), IPA_CCM_PONG);
			if (write(fd, out, (size_t)r) != r)
				return -1;
		} else if (f.proto == IPA_PROTO_OSMO &&
			   f.ext == IPA_EXT_GSUP && a) {
			r = gsup_parse(f.data, f.len, a);
		}
		memmove(rx, rx + len, rx_len - (size_t)len);
		rx_len -= (size_t)len;
		if (r == 0)
			return 0;
		if (r == -EBADMSG)
			return -1;
	}
}

static int request(const struct gsup_sai_req *q)
{
	u8 buf[256];
	int n = gsup_sai_request(buf, sizeof(buf), q);

	return n > 0 && write(fd, buf, (size_t)n) == n ? 0 : -1;
}

static u64 sqn_of(const u8 k[16], const u8 opc[16], const struct gsup_av *av)
{
	u8 ak[6];
	u64 v = 0;
	int i;

	milenage_f2345(k, opc, av->rand, NULL, NULL, NULL, ak, NULL);
	for (i = 0; i < 6; i++)
		v = v << 8 | (av->autn[i] ^ ak[i]);
	return v;
}

/* Every vector through the USIM: its RES, CK and IK must be the HLR's. */
static int check(const u8 k[16], const u8 opc[16], struct mip4_usim_seq *seq,
		 const struct gsup_sai_answer *a, const char *what)
{
	u8 res[8], ck[16], ik[16], auts[14];
	unsigned int i;

	for (i = 0; i < a->n; i++) {
		const struct gsup_av *av = &a->av[i];

		if (mip4_aka_usim(k, opc, seq, av->rand, av->autn, res, ck, ik,
				  auts) != MIP4_AKA_USIM_OK ||
		    av->res_len != 8 || memcmp(res, av->res, 8) ||
		    memcmp(ck, av->ck, 16) || memcmp(ik, av->ik, 16)) {
			printf("%s %u sqn %llu FAILED\n", what, i,
			       (unsigned long long)sqn_of(k, opc, av));
			return -1;
		}
		printf("%s %u sqn %llu ok\n", what, i,
		       (unsigned long long)sqn_of(k, opc, av));
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct mip4_usim_seq seq = { .ind_bits = 5 };
	struct gsup_sai_req q = { 0 };
	u8 k[16], opc[16], res[8], ck[16], ik[16];
	struct gsup_sai_answer a;
	const char *name;
	unsigned int i;

	if (argc != 7 && argc != 8) {
		fprintf(stderr, "usage: hlr_client PORT NAME IMSI K OPC N [SEQ_AHEAD]\n");
		return 2;
	}
	sa.sin_port = htons((u16)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	name = argv[2];
	snprintf(q.imsi, sizeof(q.imsi), "%s", argv[3]);
	if (unhex(argv[4], k, 16) != 16 || unhex(argv[5], opc, 16) != 16)
		return 2;
	q.num_vectors = (u8)atoi(argv[6]);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("hlr_client: connect");
		return 1;
	}
	/* The HLR asks who we are first: our name is our IND slot. */
	if (next_gsup(NULL, name) || !identified) {
		fprintf(stderr, "hlr_client: no IPA identity request\n");
		return 1;
	}
	if (request(&q) || next_gsup(&a, name)) {
		fprintf(stderr, "hlr_client: no SendAuthInfo answer\n");
		return 1;
	}
	if (a.type == GSUP_SAI_ERROR) {
		printf("error cause %u\n", a.cause);
		return 0;
	}
	printf("vectors %u imsi %s\n", a.n, a.imsi);
	if (argc == 7)
		return check(k, opc, &seq, &a, "vector") ? 1 : 0;

	/* The USIM is ahead in every slot: the first vector is stale. */
	for (i = 0; i < (1u << seq.ind_bits); i++)
		seq.seq[i] = strtoull(argv[7], NULL, 0);
	if (mip4_aka_usim(k, opc, &seq, a.av[0].rand, a.av[0].autn, res, ck,
			  ik, q.auts) != MIP4_AKA_USIM_SYNC_FAILURE) {
		printf("no sync-failure\n");
		return 1;
	}
	printf("sync-failure\n");
	q.resync = true;
	memcpy(q.rand, a.av[0].rand, 16);
	if (request(&q) || next_gsup(&a, name) || a.type != GSUP_SAI_RESULT) {
		printf("resync: no vectors (cause %u)\n", a.cause);
		return 1;
	}
	return check(k, opc, &seq, &a, "resync") ? 1 : 0;
}
