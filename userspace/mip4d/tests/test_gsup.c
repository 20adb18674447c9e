// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests (KTAP) of the GSUP/IPA subset (lib/gsup.c), cross-checked
 * against libosmogsm's own encoder and decoder (libosmocore-dev, a test-only
 * dependency): what we send, libosmogsm decodes to the same request; what
 * libosmogsm encodes as an HLR would, we decode to the same vectors; our
 * ID_RESP parses with libosmogsm's parser. Then the malformed cases.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <osmocom/core/msgb.h>
#include <osmocom/gsm/gsup.h>
#include <osmocom/gsm/ipa.h>
#include <osmocom/gsm/protocol/ipaccess.h>
#include <osmocom/gsm/tlv.h>
#include <talloc.h>

#include "gsup.h"
#include "ktap.h"

static void fill(u8 *p, size_t n, u8 seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (u8)(seed + i);
}

/* Our request, libosmogsm's decoding: plain and with a resync. */
static void test_request(const void *arg)
{
	struct gsup_sai_req r = { .imsi = "001010000000001", .num_vectors = 2 };
	struct osmo_gsup_message g;
	struct ipa_frame f;
	u8 buf[128];
	int n;

	(void)arg;
	n = gsup_sai_request(buf, sizeof(buf), &r);
	EXPECT(n > 0);
	EXPECT_EQ(ipa_frame_next(buf, (size_t)n, &f), n);
	EXPECT_EQ(f.proto, IPAC_PROTO_OSMO);
	EXPECT_EQ(f.ext, IPAC_PROTO_EXT_GSUP);
	memset(&g, 0, sizeof(g));
	EXPECT_EQ(osmo_gsup_decode(f.data, f.len, &g), 0);
	EXPECT_EQ(g.message_type, OSMO_GSUP_MSGT_SEND_AUTH_INFO_REQUEST);
	EXPECT(!strcmp(g.imsi, "001010000000001"));
	EXPECT(!g.rand && !g.auts);

	r.resync = true;
	fill(r.rand, 16, 0x10);
	fill(r.auts, 14, 0x80);
	strcpy(r.imsi, "26201123456789");	/* an even count */
	n = gsup_sai_request(buf, sizeof(buf), &r);
	EXPECT_EQ(ipa_frame_next(buf, (size_t)n, &f), n);
	memset(&g, 0, sizeof(g));
	EXPECT_EQ(osmo_gsup_decode(f.data, f.len, &g), 0);
	EXPECT(!strcmp(g.imsi, "26201123456789"));
	EXPECT(g.rand && !memcmp(g.rand, r.rand, 16));
	EXPECT(g.auts && !memcmp(g.auts, r.auts, 14));

	strcpy(r.imsi, "2620112345678x");
	EXPECT_EQ(gsup_sai_request(buf, sizeof(buf), &r), -EINVAL);
	r.imsi[0] = '\0';
	EXPECT_EQ(gsup_sai_request(buf, sizeof(buf), &r), -EINVAL);
	strcpy(r.imsi, "001010000000001");
	EXPECT_EQ(gsup_sai_request(buf, 20, &r), -ENOSPC);
}

/* libosmogsm's result and error (as osmo-hlr sends them), our decoding. */
static void test_answer(const void *arg)
{
	struct osmo_gsup_message g;
	struct gsup_sai_answer a;
	struct msgb *msg;
	unsigned int i;

	(void)arg;
	memset(&g, 0, sizeof(g));
	g.message_type = OSMO_GSUP_MSGT_SEND_AUTH_INFO_RESULT;
	strcpy(g.imsi, "001010000000001");
	g.num_auth_vectors = 3;
	for (i = 0; i < 3; i++) {
		struct osmo_auth_vector *v = &g.auth_vectors[i];

		fill(v->rand, 16, (u8)(i * 50));
		fill(v->autn, 16, (u8)(i * 50 + 1));
		fill(v->ck, 16, (u8)(i * 50 + 2));
		fill(v->ik, 16, (u8)(i * 50 + 3));
		fill(v->res, 8, (u8)(i * 50 + 4));
		v->res_len = 8;
		fill(v->kc, 8, 7);
		fill(v->sres, 4, 9);
		v->auth_types = OSMO_AUTH_TYPE_UMTS | OSMO_AUTH_TYPE_GSM;
	}
	msg = msgb_alloc(4096, "test");
	EXPECT_EQ(osmo_gsup_encode(msg, &g), 0);
	EXPECT_EQ(gsup_parse(msgb_data(msg), msgb_length(msg), &a), 0);
	EXPECT_EQ(a.type, GSUP_SAI_RESULT);
	EXPECT(!strcmp(a.imsi, "001010000000001"));
	EXPECT_EQ(a.n, 3);
	for (i = 0; i < a.n && i < 3; i++) {
		EXPECT_MEM(a.av[i].rand, g.auth_vectors[i].rand, 16);
		EXPECT_MEM(a.av[i].autn, g.auth_vectors[i].autn, 16);
		EXPECT_MEM(a.av[i].ck, g.auth_vectors[i].ck, 16);
		EXPECT_MEM(a.av[i].ik, g.auth_vectors[i].ik, 16);
		EXPECT_EQ(a.av[i].res_len, 8);
		EXPECT_MEM(a.av[i].res, g.auth_vectors[i].res, 8);
	}
	msgb_free(msg);

	memset(&g, 0, sizeof(g));
	g.message_type = OSMO_GSUP_MSGT_SEND_AUTH_INFO_ERROR;
	strcpy(g.imsi, "26201123456789");
	g.cause = GMM_CAUSE_IMSI_UNKNOWN;
	msg = msgb_alloc(4096, "test");
	EXPECT_EQ(osmo_gsup_encode(msg, &g), 0);
	EXPECT_EQ(gsup_parse(msgb_data(msg), msgb_length(msg), &a), 0);
	EXPECT_EQ(a.type, GSUP_SAI_ERROR);
	EXPECT_EQ(a.cause, GMM_CAUSE_IMSI_UNKNOWN);
	EXPECT_EQ(a.n, 0);
	EXPECT(!strcmp(a.imsi, "26201123456789"));
	msgb_free(msg);
}

/* Damaged answers: each refused as a whole. */
static void test_answer_damaged(const void *arg)
{
	/* A result: IMSI 001010000000001, one vector. */
	u8 good[128], bad[640];
	struct gsup_sai_answer a;
	size_t n = 0, tuple, i;

	(void)arg;
	good[n++] = GSUP_SAI_RESULT;
	good[n++] = GSUP_IE_IMSI;
	good[n++] = 8;
	memcpy(good + n, "\x00\x01\x01\x00\x00\x00\x00\xf1", 8);
	n += 8;
	good[n++] = GSUP_IE_AUTH_TUPLE;
	tuple = n++;
	for (i = 0; i < 4; i++) {
		good[n++] = (u8)(GSUP_IE_RAND + (i == 0 ? 0 : i == 1 ? 5 :
						 i == 2 ? 4 : 3));
		good[n++] = 16;
		fill(good + n, 16, (u8)i);
		n += 16;
	}
	good[n++] = GSUP_IE_RES;
	good[n++] = 8;
	fill(good + n, 8, 0x40);
	n += 8;
	good[tuple] = (u8)(n - tuple - 1);
	EXPECT_EQ(gsup_parse(good, n, &a), 0);
	EXPECT_EQ(a.n, 1);
	EXPECT(!strcmp(a.imsi, "001010000000001"));

	/* Every cut short. */
	for (i = 0; i < n; i++)
		EXPECT(gsup_parse(good, i, &a) != 0);
	/* A digit that is not one; the filler not last. */
	memcpy(bad, good, n);
	bad[4] = 0x0a;
	EXPECT_EQ(gsup_parse(bad, n, &a), -EBADMSG);
	memcpy(bad, good, n);
	bad[4] = 0xf1;
	EXPECT_EQ(gsup_parse(bad, n, &a), -EBADMSG);
	/* Sixteen digits (found by fuzz_gsup: it overflowed the IMSI). */
	memcpy(bad, good, n);
	bad[10] = 0x11;
	EXPECT_EQ(gsup_parse(bad, n, &a), -EBADMSG);
	/* RES of 3 octets (the tuple and IE lengths kept consistent). */
	memcpy(bad, good, n);
	bad[n - 9] = 3;
	bad[tuple] = (u8)(bad[tuple] - 5);
	EXPECT_EQ(gsup_parse(bad, n - 5, &a), -EBADMSG);
	/* A RAND of 15 octets. */
	memcpy(bad, good, n);
	bad[tuple + 2] = 15;
	EXPECT_EQ(gsup_parse(bad, n, &a), -EBADMSG);
	/* A tuple without its RES. */
	memcpy(bad, good, n);
	bad[tuple] = (u8)(bad[tuple] - 10);
	EXPECT_EQ(gsup_parse(bad, n - 10, &a), -EBADMSG);
	/* Not a SendAuthInfo answer. */
	memcpy(bad, good, n);
	bad[0] = OSMO_GSUP_MSGT_UPDATE_LOCATION_RESULT;
	EXPECT_EQ(gsup_parse(bad, n, &a), -ENOMSG);
	/* Five vectors, then six. */
	{
		size_t m = tuple - 1, tl = n - (tuple - 1);

		memcpy(bad, good, m);
		for (i = 0; i < 6; i++, m += tl) {
			memcpy(bad + m, good + tuple - 1, tl);
			if (i == 4)
				EXPECT_EQ(gsup_parse(bad, m + tl, &a), 0);
		}
		EXPECT_EQ(a.n, 5);
		EXPECT_EQ(gsup_parse(bad, m, &a), -EBADMSG);
	}
}

/* IPA frames off a stream; our ID_RESP through libosmogsm's parser. */
static void test_ipa(const void *arg)
{
	static const u8 id_get[] = { 1, IPAC_IDTAG_UNIT, 1, IPAC_IDTAG_SERNR,
				     1, IPAC_IDTAG_UNITNAME, 1,
				     IPAC_IDTAG_MACADDR };
	struct ipaccess_unit *ud;
	struct tlv_parsed tp;
	struct ipa_frame f;
	u8 buf[256];
	int n;

	(void)arg;
	n = ipa_ccm_id_resp(buf, sizeof(buf), id_get, sizeof(id_get),
			    "mip4ha-ha1");
	EXPECT(n > 0);
	EXPECT_EQ(ipa_frame_next(buf, (size_t)n, &f), n);
	EXPECT_EQ(f.proto, IPAC_PROTO_IPACCESS);
	EXPECT_EQ(f.data[0], IPAC_MSGT_ID_RESP);
	EXPECT_EQ(ipa_ccm_id_resp_parse(&tp, f.data + 1,
					(unsigned int)f.len - 1), 0);
	EXPECT(TLVP_PRESENT(&tp, IPAC_IDTAG_SERNR) &&
	       !strcmp((const char *)TLVP_VAL(&tp, IPAC_IDTAG_SERNR),
		       "mip4ha-ha1"));
	/* libosmogsm copies the strings into @ud, a talloc context. */
	ud = talloc_zero(NULL, struct ipaccess_unit);
	EXPECT_EQ(ipa_ccm_tlv_to_unitdata(ud, &tp), 0);
	EXPECT(ud->site_id == 0 && ud->bts_id == 0 && ud->trx_id == 0);
	EXPECT(ud->serno && !strcmp(ud->serno, "mip4ha-ha1"));
	talloc_free(ud);
	/* Incomplete, then whole; an empty frame; a malformed ID_GET. */
	EXPECT_EQ(ipa_frame_next(buf, 2, &f), 0);
	EXPECT_EQ(ipa_frame_next(buf, (size_t)n - 1, &f), 0);
	EXPECT_EQ(ipa_frame_next((const u8 *)"\0\0\xfe", 3, &f), -EBADMSG);
	EXPECT_EQ(ipa_ccm_id_resp(buf, sizeof(buf), (const u8 *)"\2\0", 2,
				  "x"), -EBADMSG);
	EXPECT_EQ(ipa_ccm_id_resp(buf, sizeof(buf), (const u8 *)"\1", 1, "x"),
		  -EBADMSG);
	EXPECT_EQ(ipa_ccm_id_resp(buf, 10, id_get, sizeof(id_get), "x"),
		  -ENOSPC);
	EXPECT_EQ(ipa_ccm_build(buf, sizeof(buf), IPA_CCM_PONG), 4);
	EXPECT_MEM(buf, "\x00\x01\xfe\x01", 4);
}

static const struct ktap_case gsup_cases[] = {
	{ "request_decoded_by_libosmogsm", test_request, NULL },
	{ "answer_encoded_by_libosmogsm", test_answer, NULL },
	{ "answer_damaged", test_answer_damaged, NULL },
	{ "ipa_frames_and_id_resp", test_ipa, NULL },
};

int main(void)
{
	static const struct ktap_suite suites[] = {
		KTAP_SUITE("gsup", gsup_cases),
	};

	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
