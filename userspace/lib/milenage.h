/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Milenage (3GPP TS 35.206): the USIM's authentication functions f1, f1*,
 * f2, f3, f4, f5 and f5* on AES-128 (nettle), and OPc from OP. The
 * software USIM of mip4-mn and the tests' stand-in for an HLR use them;
 * the Home Agent never does (its vectors come from the HLR).
 */

#ifndef MIP4_MILENAGE_H
#define MIP4_MILENAGE_H

#include "proto_user.h"

#define MILENAGE_KEY_LEN	16	/* K, OP, OPc */
#define MILENAGE_RAND_LEN	16
#define MILENAGE_SQN_LEN	6
#define MILENAGE_AMF_LEN	2
#define MILENAGE_MAC_LEN	8	/* MAC-A, MAC-S */
#define MILENAGE_RES_LEN	8
#define MILENAGE_CK_LEN		16
#define MILENAGE_IK_LEN		16
#define MILENAGE_AK_LEN		6

/* OPc = E_K(OP) xor OP. */
void milenage_opc(const u8 k[MILENAGE_KEY_LEN], const u8 op[MILENAGE_KEY_LEN],
		  u8 opc[MILENAGE_KEY_LEN]);

/* f1 (MAC-A) and f1* (MAC-S) of (SQN, AMF) for RAND; either may be NULL. */
void milenage_f1(const u8 k[MILENAGE_KEY_LEN], const u8 opc[MILENAGE_KEY_LEN],
		 const u8 rand[MILENAGE_RAND_LEN],
		 const u8 sqn[MILENAGE_SQN_LEN], const u8 amf[MILENAGE_AMF_LEN],
		 u8 mac_a[MILENAGE_MAC_LEN], u8 mac_s[MILENAGE_MAC_LEN]);

/* f2 (RES), f3 (CK), f4 (IK), f5 (AK) and f5* (AK*) for RAND; any of the
 * outputs may be NULL.
 */
void milenage_f2345(const u8 k[MILENAGE_KEY_LEN],
		    const u8 opc[MILENAGE_KEY_LEN],
		    const u8 rand[MILENAGE_RAND_LEN], u8 res[MILENAGE_RES_LEN],
		    u8 ck[MILENAGE_CK_LEN], u8 ik[MILENAGE_IK_LEN],
		    u8 ak[MILENAGE_AK_LEN], u8 ak_star[MILENAGE_AK_LEN]);

#endif /* MIP4_MILENAGE_H */
