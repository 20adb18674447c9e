// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests (KTAP) of Milenage (lib/milenage.c) and AKA (lib/aka.c):
 * TS 35.208 test set 1; the authentication vectors osmo-hlr 1.5.0 made for
 * protocol.md's AKA vectors (an independent implementation of Milenage and
 * of TS 33.102 §6.3.2: each AV is recomputed here from K, OPc, SQN and
 * RAND); the USIM's freshness check and AUTS of the resynchronisation
 * vector; Skey of both algorithms; the NAI → IMSI rule.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aka.h"
#include "usim.h"
#include "ktap.h"
#include "mac.h"
#include "testdata.h"

#define HEX(name, len, text) \
	u8 name[len]; \
	EXPECT_EQ(unhex(text, name, sizeof(name)), len)

/* TS 35.208 test set 1. */
static const char K[] = "465b5ce8b199b49faa5f0a2ee238a6bc";
static const char OPC[] = "cd63cb71954a9f4e48a5994e37a02baf";

static void test_milenage_set1(const void *arg)
{
	u8 opc[16], mac_a[8], mac_s[8], res[8], ck[16], ik[16], ak[6],
		ak_star[6];
	HEX(k, 16, K);
	HEX(op, 16, "cdc202d5123e20f62b6d676ac72cb318");
	HEX(rand, 16, "23553cbe9637a89d218ae64dae47bf35");
	HEX(sqn, 6, "ff9bb4d0b607");
	HEX(amf, 2, "b9b9");
	HEX(want_opc, 16, OPC);
	HEX(want_mac_a, 8, "4a9ffac354dfafb3");
	HEX(want_mac_s, 8, "01cfaf9ec4e871e9");
	HEX(want_res, 8, "a54211d5e3ba50bf");
	HEX(want_ck, 16, "b40ba9a3c58b2a05bbf0d987b21bf8cb");
	HEX(want_ik, 16, "f769bcd751044604127672711c6d3441");
	HEX(want_ak, 6, "aa689c648370");
	HEX(want_ak_star, 6, "451e8beca43b");

	(void)arg;
	milenage_opc(k, op, opc);
	EXPECT_MEM(opc, want_opc, 16);
	milenage_f1(k, opc, rand, sqn, amf, mac_a, mac_s);
	EXPECT_MEM(mac_a, want_mac_a, 8);
	EXPECT_MEM(mac_s, want_mac_s, 8);
	milenage_f2345(k, opc, rand, res, ck, ik, ak, ak_star);
	EXPECT_MEM(res, want_res, 8);
	EXPECT_MEM(ck, want_ck, 16);
	EXPECT_MEM(ik, want_ik, 16);
	EXPECT_MEM(ak, want_ak, 6);
	EXPECT_MEM(ak_star, want_ak_star, 6);
}

/* The vectors osmo-hlr 1.5.0 sent for protocol.md's AKA examples. */
struct av {
	const char *sqn, *rand, *xres, *ck, *ik, *autn;
};

static const struct av avs[] = {
	{ "000000000021", "d17202d8fcc1ca890ccc3d59307f426e", "06df059fb98e5b1a",
	  "537322512ba8015499d5253597c496e0", "1025456c297db221a74fc2df699f3605",
	  "c2ed09cd7f6a000035a11d3a025e8336" },
	{ "000000000041", "1e9eb59769a714981d476b5eb5daa5f5", "1a3a2f2b9d591732",
	  "5ef10cc37372bacebcc9fbd5af4ca782", "f797da64bf2bc2575973b2194dcb6a2b",
	  "dd2fd28bc6390000ff52982ae757221a" },
	{ "000000003ea1", "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", "f0bf70879805370f",
	  "6d756de3cbd63072ed0ce4cab294a798", "a6d79b6c9087e95099adf996e552cd99",
	  "2e089b9078300000c977e1198f6447fc" },
};

static void test_hlr_vectors(const void *arg)
{
	static const u8 amf[2];
	u8 xres[8], ck[16], ik[16], autn[16], res[8], auts[14];
	struct mip4_usim_seq seq = { .ind_bits = 5 };
	unsigned int i;
	HEX(k, 16, K);
	HEX(opc, 16, OPC);

	(void)arg;
	for (i = 0; i < sizeof(avs) / sizeof(avs[0]); i++) {
		HEX(sqn, 6, avs[i].sqn);
		HEX(rand, 16, avs[i].rand);
		HEX(want_xres, 8, avs[i].xres);
		HEX(want_ck, 16, avs[i].ck);
		HEX(want_ik, 16, avs[i].ik);
		HEX(want_autn, 16, avs[i].autn);

		mip4_aka_vector(k, opc, sqn, amf, rand, xres, ck, ik, autn);
		EXPECT_MEM(xres, want_xres, 8);
		EXPECT_MEM(ck, want_ck, 16);
		EXPECT_MEM(ik, want_ik, 16);
		EXPECT_MEM(autn, want_autn, 16);
		/* The USIM takes them in order: all fresh. */
		EXPECT_EQ(mip4_aka_usim(k, opc, &seq, rand, want_autn, res, ck,
					ik, auts), MIP4_AKA_USIM_OK);
		EXPECT_MEM(res, want_xres, 8);
		EXPECT_MEM(ck, want_ck, 16);
	}
	/* SQN 0x21, 0x41 and 0x3ea1 are SEQ 1, 2 and 501 of slot 1. */
	EXPECT_EQ(seq.seq[1], 501);
	EXPECT_EQ(seq.seq[0], 0);
	/* The last challenge again (a replay): not fresh. */
	{
		HEX(rand, 16, avs[2].rand);
		HEX(autn, 16, avs[2].autn);

		EXPECT_EQ(mip4_aka_usim(k, opc, &seq, rand, autn, res, ck, ik,
					auts), MIP4_AKA_USIM_SYNC_FAILURE);
		EXPECT_EQ(seq.seq[1], 501);
	}
}

/*
 * The resynchronisation vector: the USIM accepted SQN 0x3e81 (SEQ 500 in
 * slot 1) and is offered AV1 (SQN 0x21): not fresh, AUTS for SQN_MS 0x3e81;
 * AV1 again (replayed) too; a flipped AUTN bit is a MAC failure that
 * changes nothing.
 */
static void test_usim_resync(const void *arg)
{
	struct mip4_usim_seq seq = { .ind_bits = 5 };
	u8 res[8], ck[16], ik[16], auts[14];
	HEX(k, 16, K);
	HEX(opc, 16, OPC);
	HEX(rand, 16, avs[0].rand);
	HEX(autn, 16, avs[0].autn);
	HEX(want_auts, 14, "80f195b4c20849dac8b42267dc6b");
	HEX(sqn_ms, 6, "000000003e81");

	(void)arg;
	seq.seq[1] = 500;
	EXPECT_EQ(mip4_aka_usim(k, opc, &seq, rand, autn, res, ck, ik, auts),
		  MIP4_AKA_USIM_SYNC_FAILURE);
	EXPECT_MEM(auts, want_auts, 14);
	EXPECT_EQ(res[0] | res[7] | ck[0] | ik[15], 0);
	EXPECT_EQ(seq.seq[1], 500);
	mip4_aka_auts(k, opc, rand, sqn_ms, auts);
	EXPECT_MEM(auts, want_auts, 14);

	autn[15] ^= 1;
	memset(auts, 0xee, sizeof(auts));
	EXPECT_EQ(mip4_aka_usim(k, opc, &seq, rand, autn, res, ck, ik, auts),
		  MIP4_AKA_USIM_MAC_FAILURE);
	EXPECT_EQ(auts[0], 0xee);
	EXPECT_EQ(seq.seq[1], 500);
	/* Another K: every challenge is a MAC failure. */
	autn[15] ^= 1;
	k[0] ^= 0x80;
	EXPECT_EQ(mip4_aka_usim(k, opc, &seq, rand, autn, res, ck, ik, auts),
		  MIP4_AKA_USIM_MAC_FAILURE);
}

/* protocol.md's AKA vectors: Skey of AV1 for both algorithms (plain) and
 * of AV3 (after the resynchronisation), Skey' of the RRQ2.
 */
static void test_skey(const void *arg)
{
	static const char nai[] = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
	/* version 1, method 2, algorithm, replay 2, SPI_S 0x1000, SPI_D 0x1001 */
	u8 h[12] = { 1, 2, 1, 2, 0, 0, 0x10, 0, 0, 0, 0x10, 0x01 };
	u8 xres[8], ck[16], ik[16], autn[16], skey[32], skey_prime[32];
	static const u8 amf[2];
	HEX(k, 16, K);
	HEX(opc, 16, OPC);
	HEX(sqn1, 6, avs[0].sqn);
	HEX(rand1, 16, avs[0].rand);
	HEX(sqn3, 6, avs[2].sqn);
	HEX(rand3, 16, avs[2].rand);
	HEX(want_md5, 16, "2d8bd45110bb162370a6124573b441b0");
	HEX(want_md5_prime, 16, "af081e3fc79d2f2e48f029ed43c48df0");
	HEX(want_sha, 32, "9e1859692ac43de604cb4651c43b9beea4654ac85046fe8a233fdbbeb35def2f");
	HEX(want_sha_prime, 32, "f9411fcf017eb39558f97a6f0b8f0f7275764e390cb2db445b1b653c0a29bd90");
	HEX(want_resync, 16, "582a6ce6b51a40b5cee0d59604a912b3");

	(void)arg;
	mip4_aka_vector(k, opc, sqn1, amf, rand1, xres, ck, ik, autn);
	EXPECT_EQ(mip4_aka_skey(ck, ik, (const u8 *)nai, sizeof(nai) - 1,
				rand1, autn, h, skey), 0);
	EXPECT_MEM(skey, want_md5, 16);
	EXPECT_EQ(mip4_skey_prime(1, skey, 0xeb2d0a5c00000002ull, 0x1001,
				  skey_prime), 0);
	EXPECT_MEM(skey_prime, want_md5_prime, 16);
	h[2] = 2;
	EXPECT_EQ(mip4_aka_skey(ck, ik, (const u8 *)nai, sizeof(nai) - 1,
				rand1, autn, h, skey), 0);
	EXPECT_MEM(skey, want_sha, 32);
	EXPECT_EQ(mip4_skey_prime(2, skey, 0xeb2d0a5c00000002ull, 0x1001,
				  skey_prime), 0);
	EXPECT_MEM(skey_prime, want_sha_prime, 32);
	h[2] = 1;
	mip4_aka_vector(k, opc, sqn3, amf, rand3, xres, ck, ik, autn);
	EXPECT_EQ(mip4_aka_skey(ck, ik, (const u8 *)nai, sizeof(nai) - 1,
				rand3, autn, h, skey), 0);
	EXPECT_MEM(skey, want_resync, 16);
	/* No NAI, no such algorithm. */
	EXPECT_EQ(mip4_aka_skey(ck, ik, (const u8 *)nai, 0, rand3, autn, h,
				skey), -EINVAL);
	h[2] = 3;
	EXPECT_EQ(mip4_aka_skey(ck, ik, (const u8 *)nai, sizeof(nai) - 1,
				rand3, autn, h, skey), -EINVAL);
}

static void test_nai_imsi(const void *arg)
{
	static const struct {
		const char *nai, *imsi;	/* NULL: no IMSI */
	} cases[] = {
		{ "001010000000001@ims.mnc001.mcc001.3gppnetwork.org", "001010000000001" },
		{ "0001010000000001@nai.epc.mnc001.mcc001.3gppnetwork.org", "001010000000001" },
		{ "262011234567890@ims.mnc001.mcc262.3gppnetwork.org", "262011234567890" },
		{ "310150123456789@ims.mnc150.mcc310.3gppnetwork.org", "310150123456789" },
		{ "310150123456789@mnc150.mcc310.3gppnetwork.org", "310150123456789" },
		/* another PLMN, a letter, too long, no realm, other realms */
		{ "262021234567890@ims.mnc001.mcc262.3gppnetwork.org", NULL },
		{ "26201123456789x@ims.mnc001.mcc262.3gppnetwork.org", NULL },
		{ "2620112345678901@ims.mnc001.mcc262.3gppnetwork.org", NULL },
		{ "262011234567890", NULL },
		{ "262011234567890@example.net", NULL },
		{ "262011234567890@ims.mnc01.mcc262.3gppnetwork.org", NULL },
		{ "262011234567890@imsmnc001.mcc262.3gppnetwork.org", NULL },
		{ "26201@ims.mnc001.mcc262.3gppnetwork.org", NULL },
		{ "@ims.mnc001.mcc262.3gppnetwork.org", NULL },
		{ "262011234567890@ims.mnc001.mcc262.3gppnetwork.org.", NULL },
	};
	char imsi[MIP4_IMSI_MAX + 1];
	unsigned int i;
	bool ok;

	(void)arg;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(imsi, 0, sizeof(imsi));
		ok = mip4_nai_imsi((const u8 *)cases[i].nai,
				   strlen(cases[i].nai), imsi);
		if (ok != !!cases[i].imsi ||
		    (ok && strcmp(imsi, cases[i].imsi))) {
			printf("        # %s: %s\n", cases[i].nai,
			       ok ? imsi : "no IMSI");
			EXPECT(0);
		}
	}
}


/* The USIM's files: K and OPc; its sequence state, written whole and read
 * back, a new USIM without one, and every damaged variant refused.
 */
static char dir[64];

static const char *file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static void test_usim_files(const void *arg)
{
	static const char *const damaged[] = {
		"mip4-usim-seq 2\nind-bits 5\n",
		"mip4-usim-seq 1\n",
		"mip4-usim-seq 1\nind-bits 6\n",
		"mip4-usim-seq 1\nind-bits 5\nslot 32 1\n",
		"mip4-usim-seq 1\nind-bits 5\nslot 1 1\nslot 1 2\n",
		"mip4-usim-seq 1\nind-bits 5\nslot 1 0\n",
		"mip4-usim-seq 1\nind-bits 5\nslot 1 8796093022208\n",
		"mip4-usim-seq 1\nind-bits 5\nslot 1 01\n",
		"mip4-usim-seq 1\nind-bits 5\nslot 1 -1\n",
		"mip4-usim-seq 1\nind-bits 5\nslot 1\n",
		"mip4-usim-seq 1\nind-bits 5\nslot 1 5 6\n",
		"mip4-usim-seq 1\nind-bits 5\nslot 1 5",
		"mip4-usim-seq 1\nslot 1 5\nind-bits 5\n",
		"mip4-usim-seq 1\nind-bits 5\nind-bits 5\n",
	};
	struct mip4_usim_seq seq = { .ind_bits = 5 }, back;
	struct mip4_usim u;
	const char *what, *path;
	char kpath[128];
	unsigned int i;

	(void)arg;
	strcpy(dir, "/tmp/test_aka.XXXXXX");
	if (!mkdtemp(dir)) {
		EXPECT(!"mkdtemp");
		return;
	}
	snprintf(kpath, sizeof(kpath), "%s", file("k", "465b5ce8b199b49faa5f0a2ee238a6bc\n"));
	EXPECT_EQ(mip4_usim_keys(kpath, file("opc", "0xcd63cb71954a9f4e48a5994e37a02baf"), &u, &what), 0);
	{
		HEX(k, 16, K);
		HEX(opc, 16, OPC);

		EXPECT_MEM(u.k, k, 16);
		EXPECT_MEM(u.opc, opc, 16);
	}
	EXPECT_EQ(mip4_usim_keys(kpath, file("opc", "cd63cb71954a9f4e48a5994e37a02b"),
				 &u, &what), -EINVAL);
	EXPECT(strstr(what, "/opc") != NULL);
	EXPECT_EQ(u.k[0], 0);	/* wiped */

	path = file("seq", "");
	unlink(path);
	EXPECT_EQ(mip4_usim_seq_read(path, 5, &back), -ENOENT);
	EXPECT_EQ(back.ind_bits, 5);
	EXPECT_EQ(back.seq[1], 0);
	seq.seq[1] = 500;
	seq.seq[31] = (1ull << 43) - 1;
	EXPECT_EQ(mip4_usim_seq_write(path, &seq), 0);
	EXPECT_EQ(mip4_usim_seq_read(path, 3, &back), 0);
	EXPECT_EQ(back.ind_bits, 5);
	EXPECT_MEM(back.seq, seq.seq, sizeof(seq.seq));
	for (i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		path = file("seq", damaged[i]);
		if (mip4_usim_seq_read(path, 5, &back) != -EINVAL) {
			printf("        # accepted: %s\n", damaged[i]);
			EXPECT(0);
		}
		EXPECT_EQ(back.seq[1], 0);
	}
	unlink(file("seq", ""));
	unlink(file("k", ""));
	unlink(file("opc", ""));
	EXPECT_EQ(rmdir(dir), 0);
}

static const struct ktap_case aka_cases[] = {
	{ "milenage_ts35208_set1", test_milenage_set1, NULL },
	{ "osmo_hlr_vectors", test_hlr_vectors, NULL },
	{ "usim_resync_and_mac_failure", test_usim_resync, NULL },
	{ "skey", test_skey, NULL },
	{ "nai_imsi", test_nai_imsi, NULL },
	{ "usim_files", test_usim_files, NULL },
};

int main(void)
{
	static const struct ktap_suite suites[] = {
		KTAP_SUITE("mip4_aka", aka_cases),
	};

	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
