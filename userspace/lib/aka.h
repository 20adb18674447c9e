/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AKA (3GPP TS 33.102 §6.3) for Mobile IPv4 dynamic keys, method 2
 * (Documentation/protocol.md): the authentication vector as an HLR makes it,
 * the USIM's check of a challenge (with the sequence numbers of Annex C),
 * Skey from CK and IK, and the built-in NAI → IMSI rule of the Home Agent.
 */

#ifndef MIP4_AKA_H
#define MIP4_AKA_H

#include <stdbool.h>
#include <stddef.h>

#include "milenage.h"
#include "proto_user.h"

#define MIP4_AKA_AUTN_LEN	16	/* (SQN xor AK) ‖ AMF ‖ MAC-A */
#define MIP4_AKA_AUTS_LEN	14	/* (SQN_MS xor AK*) ‖ MAC-S */
#define MIP4_AKA_H_LEN		12	/* version, method, algorithm, replay, SPI_S, SPI_D */
#define MIP4_AKA_IND_BITS_MAX	5
#define MIP4_IMSI_MAX		15

/* TS 33.102 §6.3.2: the vector of (SQN, RAND, AMF), as the AuC makes it. */
void mip4_aka_vector(const u8 k[MILENAGE_KEY_LEN],
		     const u8 opc[MILENAGE_KEY_LEN],
		     const u8 sqn[MILENAGE_SQN_LEN],
		     const u8 amf[MILENAGE_AMF_LEN],
		     const u8 rand[MILENAGE_RAND_LEN],
		     u8 xres[MILENAGE_RES_LEN], u8 ck[MILENAGE_CK_LEN],
		     u8 ik[MILENAGE_IK_LEN], u8 autn[MIP4_AKA_AUTN_LEN]);

/*
 * The USIM's sequence numbers (TS 33.102 Annex C.1-C.2): SQN = SEQ ‖ IND,
 * IND the low @ind_bits bits (one slot per serving network: the HLR gives
 * each Home Agent its own), and the highest SEQ accepted in each slot.
 */
struct mip4_usim_seq {
	unsigned int ind_bits;		/* 0 .. MIP4_AKA_IND_BITS_MAX */
	u64 seq[1u << MIP4_AKA_IND_BITS_MAX];
};

enum mip4_aka_usim_result {
	MIP4_AKA_USIM_OK,		/* RES, CK, IK out; @seq updated */
	MIP4_AKA_USIM_SYNC_FAILURE,	/* SQN not fresh: AUTS out */
	MIP4_AKA_USIM_MAC_FAILURE,	/* AUTN not from our HLR: nothing out */
};

/*
 * TS 33.102 §6.3.3: checks AUTN for RAND (MAC-A first, then the freshness
 * of SQN: SEQ above the slot's, Annex C.2.1), then computes RES, CK and IK
 * and records SQN, or on a stale SQN the AUTS that resynchronises the HLR
 * (SQN_MS: the highest SQN accepted in any slot, §6.3.5). Nothing secret is
 * left in @res/@ck/@ik on a failure.
 */
enum mip4_aka_usim_result
mip4_aka_usim(const u8 k[MILENAGE_KEY_LEN], const u8 opc[MILENAGE_KEY_LEN],
	      struct mip4_usim_seq *seq, const u8 rand[MILENAGE_RAND_LEN],
	      const u8 autn[MIP4_AKA_AUTN_LEN], u8 res[MILENAGE_RES_LEN],
	      u8 ck[MILENAGE_CK_LEN], u8 ik[MILENAGE_IK_LEN],
	      u8 auts[MIP4_AKA_AUTS_LEN]);

/* The AUTS of SQN_MS for RAND: (SQN_MS xor AK*) ‖ f1*(SQN_MS, RAND, AMF 0). */
void mip4_aka_auts(const u8 k[MILENAGE_KEY_LEN], const u8 opc[MILENAGE_KEY_LEN],
		   const u8 rand[MILENAGE_RAND_LEN],
		   const u8 sqn_ms[MILENAGE_SQN_LEN],
		   u8 auts[MIP4_AKA_AUTS_LEN]);

/*
 * Skey = KDF(CK ‖ IK, "mip4 aka skey", len(NAI) ‖ NAI ‖ RAND ‖ AUTN ‖ H, L),
 * L from H's algorithm (1: 16 octets, 2: 32). Returns 0, or -EINVAL for an
 * unknown algorithm or an empty NAI.
 */
int mip4_aka_skey(const u8 ck[MILENAGE_CK_LEN], const u8 ik[MILENAGE_IK_LEN],
		  const u8 *nai, u8 nai_len, const u8 rand[MILENAGE_RAND_LEN],
		  const u8 autn[MIP4_AKA_AUTN_LEN],
		  const u8 h[MIP4_AKA_H_LEN], u8 *out);

/*
 * The built-in NAI → IMSI rule: a realm ending in
 * ".mnc<MNC>.mcc<MCC>.3gppnetwork.org" (three digits each), a user part
 * that is the IMSI or "0" and the IMSI, and an IMSI (6 to 15 digits) that
 * starts with that MCC and MNC (a two-digit MNC written with a leading 0).
 * Returns true with the IMSI, NUL-terminated, in @imsi.
 */
bool mip4_nai_imsi(const u8 *nai, size_t len, char imsi[MIP4_IMSI_MAX + 1]);

#endif /* MIP4_AKA_H */
