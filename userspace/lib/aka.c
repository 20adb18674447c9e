// SPDX-License-Identifier: GPL-2.0
/* AKA vectors, the USIM's check and Skey (see aka.h). */

#include <errno.h>
#include <string.h>

#include <nettle/memops.h>

#include "aka.h"
#include "mac.h"

#define MIP4_KDF_LABEL_AKA_SKEY	"mip4 aka skey"

static u64 sqn_value(const u8 sqn[MILENAGE_SQN_LEN])
{
	u64 v = 0;
	int i;

	for (i = 0; i < MILENAGE_SQN_LEN; i++)
		v = v << 8 | sqn[i];
	return v;
}

static void sqn_bytes(u64 v, u8 sqn[MILENAGE_SQN_LEN])
{
	int i;

	for (i = MILENAGE_SQN_LEN - 1; i >= 0; i--, v >>= 8)
		sqn[i] = (u8)v;
}

void mip4_aka_vector(const u8 k[MILENAGE_KEY_LEN],
		     const u8 opc[MILENAGE_KEY_LEN],
		     const u8 sqn[MILENAGE_SQN_LEN],
		     const u8 amf[MILENAGE_AMF_LEN],
		     const u8 rand[MILENAGE_RAND_LEN],
		     u8 xres[MILENAGE_RES_LEN], u8 ck[MILENAGE_CK_LEN],
		     u8 ik[MILENAGE_IK_LEN], u8 autn[MIP4_AKA_AUTN_LEN])
{
	u8 ak[MILENAGE_AK_LEN];
	int i;

	milenage_f2345(k, opc, rand, xres, ck, ik, ak, NULL);
	for (i = 0; i < MILENAGE_SQN_LEN; i++)
		autn[i] = sqn[i] ^ ak[i];
	memcpy(autn + 6, amf, MILENAGE_AMF_LEN);
	milenage_f1(k, opc, rand, sqn, amf, autn + 8, NULL);
	explicit_bzero(ak, sizeof(ak));
}

void mip4_aka_auts(const u8 k[MILENAGE_KEY_LEN], const u8 opc[MILENAGE_KEY_LEN],
		   const u8 rand[MILENAGE_RAND_LEN],
		   const u8 sqn_ms[MILENAGE_SQN_LEN],
		   u8 auts[MIP4_AKA_AUTS_LEN])
{
	static const u8 amf0[MILENAGE_AMF_LEN];
	u8 ak_star[MILENAGE_AK_LEN];
	int i;

	milenage_f2345(k, opc, rand, NULL, NULL, NULL, NULL, ak_star);
	for (i = 0; i < MILENAGE_SQN_LEN; i++)
		auts[i] = sqn_ms[i] ^ ak_star[i];
	/* TS 33.102 §6.3.3: the dummy AMF of a resynchronisation is 0. */
	milenage_f1(k, opc, rand, sqn_ms, amf0, NULL, auts + 6);
	explicit_bzero(ak_star, sizeof(ak_star));
}

enum mip4_aka_usim_result
mip4_aka_usim(const u8 k[MILENAGE_KEY_LEN], const u8 opc[MILENAGE_KEY_LEN],
	      struct mip4_usim_seq *seq, const u8 rand[MILENAGE_RAND_LEN],
	      const u8 autn[MIP4_AKA_AUTN_LEN], u8 res[MILENAGE_RES_LEN],
	      u8 ck[MILENAGE_CK_LEN], u8 ik[MILENAGE_IK_LEN],
	      u8 auts[MIP4_AKA_AUTS_LEN])
{
	u8 ak[MILENAGE_AK_LEN], sqn[MILENAGE_SQN_LEN], xmac[MILENAGE_MAC_LEN];
	unsigned int slots = 1u << seq->ind_bits, i;
	u64 v, seq_num, best = 0;
	bool have = false;
	enum mip4_aka_usim_result r;

	milenage_f2345(k, opc, rand, res, ck, ik, ak, NULL);
	for (i = 0; i < MILENAGE_SQN_LEN; i++)
		sqn[i] = autn[i] ^ ak[i];
	milenage_f1(k, opc, rand, sqn, autn + 6, xmac, NULL);
	if (!memeql_sec(xmac, autn + 8, MILENAGE_MAC_LEN)) {
		r = MIP4_AKA_USIM_MAC_FAILURE;
		goto fail;
	}
	v = sqn_value(sqn);
	seq_num = v >> seq->ind_bits;
	i = (unsigned int)(v & (slots - 1));
	if (seq_num > seq->seq[i]) {
		seq->seq[i] = seq_num;
		r = MIP4_AKA_USIM_OK;
		goto out;
	}
	/* SQN_MS: the highest SQN accepted in any slot. */
	for (i = 0; i < slots; i++) {
		v = seq->seq[i] << seq->ind_bits | i;
		if (seq->seq[i] && (!have || v > best)) {
			best = v;
			have = true;
		}
	}
	sqn_bytes(best, sqn);
	mip4_aka_auts(k, opc, rand, sqn, auts);
	r = MIP4_AKA_USIM_SYNC_FAILURE;
fail:
	explicit_bzero(res, MILENAGE_RES_LEN);
	explicit_bzero(ck, MILENAGE_CK_LEN);
	explicit_bzero(ik, MILENAGE_IK_LEN);
out:
	explicit_bzero(ak, sizeof(ak));
	explicit_bzero(xmac, sizeof(xmac));
	return r;
}

int mip4_aka_skey(const u8 ck[MILENAGE_CK_LEN], const u8 ik[MILENAGE_IK_LEN],
		  const u8 *nai, u8 nai_len, const u8 rand[MILENAGE_RAND_LEN],
		  const u8 autn[MIP4_AKA_AUTN_LEN],
		  const u8 h[MIP4_AKA_H_LEN], u8 *out)
{
	u8 key[MILENAGE_CK_LEN + MILENAGE_IK_LEN];
	u8 context[1 + 255 + MILENAGE_RAND_LEN + MIP4_AKA_AUTN_LEN +
		   MIP4_AKA_H_LEN];
	size_t n = 0, l;
	int r;

	l = mip4_auth_len(h[2]);
	if (!nai_len || (h[2] != MIP4_ALG_HMAC_MD5 &&
			 h[2] != MIP4_ALG_HMAC_SHA256))
		return -EINVAL;
	memcpy(key, ck, MILENAGE_CK_LEN);
	memcpy(key + MILENAGE_CK_LEN, ik, MILENAGE_IK_LEN);
	context[n++] = nai_len;
	memcpy(context + n, nai, nai_len);
	n += nai_len;
	memcpy(context + n, rand, MILENAGE_RAND_LEN);
	n += MILENAGE_RAND_LEN;
	memcpy(context + n, autn, MIP4_AKA_AUTN_LEN);
	n += MIP4_AKA_AUTN_LEN;
	memcpy(context + n, h, MIP4_AKA_H_LEN);
	n += MIP4_AKA_H_LEN;
	r = mip4_kdf(key, sizeof(key), MIP4_KDF_LABEL_AKA_SKEY, context, n,
		     out, l);
	explicit_bzero(key, sizeof(key));
	return r;
}

static bool all_digits(const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return n > 0;
}

/* @imsi (@n digits) starts with MCC ‖ MNC, the MNC three digits or, written
 * with a leading zero, two.
 */
static bool imsi_of_plmn(const u8 *imsi, size_t n, const u8 *mcc,
			 const u8 *mnc)
{
	if (n < 6 || n > MIP4_IMSI_MAX || !all_digits(imsi, n) ||
	    memcmp(imsi, mcc, 3))
		return false;
	return !memcmp(imsi + 3, mnc, 3) ||
	       (mnc[0] == '0' && !memcmp(imsi + 3, mnc + 1, 2));
}

bool mip4_nai_imsi(const u8 *nai, size_t len, char imsi[MIP4_IMSI_MAX + 1])
{
	static const char tail[] = ".3gppnetwork.org";
	const size_t tail_len = sizeof(tail) - 1;
	const u8 *at = memchr(nai, '@', len), *realm, *mnc, *mcc, *user;
	size_t realm_len, user_len;

	if (!at)
		return false;
	user = nai;
	user_len = (size_t)(at - nai);
	realm = at + 1;
	realm_len = len - user_len - 1;
	/* "...mnc123.mcc456.3gppnetwork.org" */
	if (realm_len < 13 + tail_len ||
	    memcmp(realm + realm_len - tail_len, tail, tail_len))
		return false;
	mcc = realm + realm_len - tail_len - 3;
	mnc = mcc - 7;
	if (memcmp(mcc - 4, ".mcc", 4) || memcmp(mnc - 3, "mnc", 3) ||
	    !all_digits(mcc, 3) || !all_digits(mnc, 3) ||
	    (mnc - 3 > realm && mnc[-4] != '.'))
		return false;
	/* The IMSI itself, else "0" ‖ IMSI (a root NAI). */
	if (!imsi_of_plmn(user, user_len, mcc, mnc)) {
		if (user_len < 1 || user[0] != '0')
			return false;
		user++;
		user_len--;
		if (!imsi_of_plmn(user, user_len, mcc, mnc))
			return false;
	}
	memcpy(imsi, user, user_len);
	imsi[user_len] = '\0';
	return true;
}
