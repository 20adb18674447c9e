// SPDX-License-Identifier: GPL-2.0
/*
 * Milenage, TS 35.206 §4: every output is
 *
 *	OUTi = E_K(rot(TEMP xor OPc, ri) xor ci) xor OPc,  TEMP = E_K(RAND xor OPc)
 *
 * (OUT1 with IN1 = SQN ‖ AMF ‖ SQN ‖ AMF folded in), with the rotations
 * r1..r5 = 64, 0, 32, 64, 96 bits and the constants c1..c5 = 0, 1, 2, 4,
 * 8 in the last octet (TS 35.206's defaults). Intermediate values are
 * wiped: they are as secret as the outputs.
 */

#include <string.h>

#include <nettle/aes.h>

#include "milenage.h"

#define BLOCK	16

static void xor_block(u8 *out, const u8 *a, const u8 *b)
{
	int i;

	for (i = 0; i < BLOCK; i++)
		out[i] = a[i] ^ b[i];
}

/* rot(x, r): x cyclically rotated left by @octets octets. */
static void rot(u8 *out, const u8 *in, int octets)
{
	int i;

	for (i = 0; i < BLOCK; i++)
		out[i] = in[(i + octets) % BLOCK];
}

void milenage_opc(const u8 k[MILENAGE_KEY_LEN], const u8 op[MILENAGE_KEY_LEN],
		  u8 opc[MILENAGE_KEY_LEN])
{
	struct aes128_ctx aes;
	u8 e[BLOCK];

	aes128_set_encrypt_key(&aes, k);
	aes128_encrypt(&aes, BLOCK, e, op);
	xor_block(opc, e, op);
	explicit_bzero(&aes, sizeof(aes));
	explicit_bzero(e, sizeof(e));
}

/* TEMP = E_K(RAND xor OPc). */
static void temp_of(const struct aes128_ctx *aes, const u8 *opc,
		    const u8 *rand, u8 *temp)
{
	u8 x[BLOCK];

	xor_block(x, rand, opc);
	aes128_encrypt(aes, BLOCK, temp, x);
	explicit_bzero(x, sizeof(x));
}

/* OUTi from its input block (TEMP xor OPc, or for f1 the folded IN1). */
static void out_i(const struct aes128_ctx *aes, const u8 *opc, const u8 *in,
		  int rot_octets, u8 c, u8 *out)
{
	u8 x[BLOCK];

	rot(x, in, rot_octets);
	x[BLOCK - 1] ^= c;
	aes128_encrypt(aes, BLOCK, out, x);
	xor_block(out, out, opc);
	explicit_bzero(x, sizeof(x));
}

void milenage_f1(const u8 k[MILENAGE_KEY_LEN], const u8 opc[MILENAGE_KEY_LEN],
		 const u8 rand[MILENAGE_RAND_LEN],
		 const u8 sqn[MILENAGE_SQN_LEN], const u8 amf[MILENAGE_AMF_LEN],
		 u8 mac_a[MILENAGE_MAC_LEN], u8 mac_s[MILENAGE_MAC_LEN])
{
	u8 temp[BLOCK], in1[BLOCK], x[BLOCK], out[BLOCK];
	struct aes128_ctx aes;
	int i;

	aes128_set_encrypt_key(&aes, k);
	temp_of(&aes, opc, rand, temp);
	memcpy(in1, sqn, 6);
	memcpy(in1 + 6, amf, 2);
	memcpy(in1 + 8, in1, 8);
	/* OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc. */
	xor_block(x, in1, opc);
	rot(out, x, 8);
	for (i = 0; i < BLOCK; i++)
		x[i] = out[i] ^ temp[i];
	aes128_encrypt(&aes, BLOCK, out, x);
	xor_block(out, out, opc);
	if (mac_a)
		memcpy(mac_a, out, MILENAGE_MAC_LEN);
	if (mac_s)
		memcpy(mac_s, out + 8, MILENAGE_MAC_LEN);
	explicit_bzero(&aes, sizeof(aes));
	explicit_bzero(temp, sizeof(temp));
	explicit_bzero(x, sizeof(x));
	explicit_bzero(out, sizeof(out));
}

void milenage_f2345(const u8 k[MILENAGE_KEY_LEN],
		    const u8 opc[MILENAGE_KEY_LEN],
		    const u8 rand[MILENAGE_RAND_LEN], u8 res[MILENAGE_RES_LEN],
		    u8 ck[MILENAGE_CK_LEN], u8 ik[MILENAGE_IK_LEN],
		    u8 ak[MILENAGE_AK_LEN], u8 ak_star[MILENAGE_AK_LEN])
{
	u8 temp[BLOCK], in[BLOCK], out[BLOCK];
	struct aes128_ctx aes;

	aes128_set_encrypt_key(&aes, k);
	temp_of(&aes, opc, rand, temp);
	xor_block(in, temp, opc);
	/* OUT2: f5 = AK, f2 = RES. */
	out_i(&aes, opc, in, 0, 1, out);
	if (ak)
		memcpy(ak, out, MILENAGE_AK_LEN);
	if (res)
		memcpy(res, out + 8, MILENAGE_RES_LEN);
	/* OUT3: f3 = CK. */
	if (ck)
		out_i(&aes, opc, in, 4, 2, ck);
	/* OUT4: f4 = IK. */
	if (ik)
		out_i(&aes, opc, in, 8, 4, ik);
	/* OUT5: f5* = AK*. */
	if (ak_star) {
		out_i(&aes, opc, in, 12, 8, out);
		memcpy(ak_star, out, MILENAGE_AK_LEN);
	}
	explicit_bzero(&aes, sizeof(aes));
	explicit_bzero(temp, sizeof(temp));
	explicit_bzero(in, sizeof(in));
	explicit_bzero(out, sizeof(out));
}
