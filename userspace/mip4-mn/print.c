// SPDX-License-Identifier: GPL-2.0
/* Registration messages decoded for people (mip4-mn -v). */

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>

#include "mn.h"

static const char *mn_addr(__be32 a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static void mn_print_flags(u8 flags)
{
	static const char letters[] = "SBDMGrTx";
	char s[9];
	int i;

	for (i = 0; i < 8; i++)
		s[i] = flags & (0x80 >> i) ? letters[i] : '-';
	s[8] = '\0';
	fprintf(stderr, " flags %s", s);
}

/* Received bytes: nothing that could drive a terminal. */
static void mn_print_nai(const u8 *nai, u8 len)
{
	u8 i;

	fputs(" nai \"", stderr);
	for (i = 0; i < len; i++) {
		if (nai[i] >= ' ' && nai[i] <= '~' && nai[i] != '"' &&
		    nai[i] != '\\')
			fputc(nai[i], stderr);
		else
			fprintf(stderr, "\\x%02x", nai[i]);
	}
	fputc('"', stderr);
}

static void mn_print_hex(const char *tag, const u8 *p, size_t n)
{
	size_t i;

	fprintf(stderr, " %s ", tag);
	for (i = 0; i < n; i++)
		fprintf(stderr, "%02x", p[i]);
}

/* AKA's CVSEs (method 2): H, then what is not secret (not RES, nor AUTS). */
static bool mn_print_aka(const struct mip4_msg *msg)
{
	static const struct {
		u16 type;
		u16 len;
		const char *name;
	} kinds[] = {
		{ MIP4_CVSE_AKA_START, MIP4_AKA_START_LEN, "aka-start" },
		{ MIP4_CVSE_AKA_CHALLENGE, MIP4_AKA_CHALLENGE_LEN,
		  "aka-challenge" },
		{ MIP4_CVSE_AKA_RESPONSE, MIP4_AKA_RESPONSE_LEN,
		  "aka-response" },
		{ MIP4_CVSE_AKA_FAILURE, MIP4_AKA_FAILURE_LEN, "aka-failure" },
		{ MIP4_CVSE_AKA_RESULT, MIP4_AKA_RESULT_LEN, "aka-result" },
	};
	const u8 *v = msg->cvse_value;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].type == msg->cvse_type)
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]) ||
	    msg->cvse_len != kinds[i].len)
		return false;
	fprintf(stderr, " %s version %u method %u alg %u replay %u spi-s 0x%" PRIx32 " spi-d 0x%" PRIx32,
		kinds[i].name, v[0], v[1], v[2], v[3],
		get_unaligned_be32(v + 4), get_unaligned_be32(v + 8));
	switch (msg->cvse_type) {
	case MIP4_CVSE_AKA_START:
		fprintf(stderr, " flags 0x%02x", v[MIP4_AKA_START_FLAGS]);
		break;
	case MIP4_CVSE_AKA_CHALLENGE:
		fprintf(stderr, " flags 0x%02x lifetime %u",
			v[MIP4_AKA_CHALLENGE_FLAGS],
			get_unaligned_be16(v + MIP4_AKA_CHALLENGE_LIFETIME));
		mn_print_hex("rand", v + MIP4_AKA_CHALLENGE_RAND,
			     MIP4_AKA_RAND_LEN);
		break;
	case MIP4_CVSE_AKA_RESPONSE:
		fprintf(stderr, " res-len %u", v[MIP4_AKA_RESPONSE_RES_LEN]);
		mn_print_hex("rand", v + MIP4_AKA_RESPONSE_RAND,
			     MIP4_AKA_RAND_LEN);
		break;
	case MIP4_CVSE_AKA_FAILURE:
		fprintf(stderr, " cause %u", v[MIP4_AKA_FAILURE_CAUSE]);
		mn_print_hex("rand", v + MIP4_AKA_FAILURE_RAND,
			     MIP4_AKA_RAND_LEN);
		break;
	case MIP4_CVSE_AKA_RESULT:
		fprintf(stderr, " flags 0x%02x key-lifetime %" PRIu32,
			v[MIP4_AKA_RESULT_FLAGS],
			get_unaligned_be32(v + MIP4_AKA_RESULT_LIFETIME));
		mn_print_hex("rand", v + MIP4_AKA_RESULT_RAND,
			     MIP4_AKA_RAND_LEN);
		break;
	}
	return true;
}

/* Our CVSEs (protocol.md §2, §8.2), the fields that are not secret. */
static void mn_print_cvse(const struct mip4_msg *msg)
{
	const u8 *v = msg->cvse_value;

	if (mn_print_aka(msg))
		return;
	switch (msg->cvse_type) {
	case MIP4_CVSE_KEYGEN_REQ:
	case MIP4_CVSE_KEYGEN_REP:
		if (msg->cvse_len != MIP4_KEYGEN_REQ_LEN)
			break;
		fprintf(stderr, " %s version %u method %u alg %u replay %u spi-s 0x%" PRIx32 " spi-d 0x%" PRIx32,
			msg->cvse_type == MIP4_CVSE_KEYGEN_REQ ? "keygen-req" :
								 "keygen-rep",
			v[0], v[1], v[2], v[3], get_unaligned_be32(v + 4),
			get_unaligned_be32(v + 8));
		if (msg->cvse_type == MIP4_CVSE_KEYGEN_REP)
			fprintf(stderr, " key-lifetime %" PRIu32,
				get_unaligned_be32(v + 12));
		return;
	case MIP4_CVSE_REKEY_REQ:
	case MIP4_CVSE_REKEY_REP:
		if (msg->cvse_len < MIP4_REKEY_REQ_LEN)
			break;
		fprintf(stderr, " %s version %u spi-d 0x%" PRIx32,
			msg->cvse_type == MIP4_CVSE_REKEY_REQ ? "rekey-req" :
								"rekey-rep",
			v[0], get_unaligned_be32(v + 4));
		if (msg->cvse_type == MIP4_CVSE_REKEY_REP &&
		    msg->cvse_len == MIP4_REKEY_REP_LEN)
			fprintf(stderr, " key-lifetime %" PRIu32,
				get_unaligned_be32(v + 8));
		return;
	}
	fprintf(stderr, " cvse %u (%u bytes)", msg->cvse_type, msg->cvse_len);
}

/* The user's step (protocol.md §9.3): the user NAI, the key lifetime; not
 * the NT-Response nor the AuthenticatorResponse.
 */
static void mn_print_user(const struct mip4_msg *msg)
{
	const u8 *v = msg->user_cvse_value;

	if (msg->user_cvse_type == MIP4_CVSE_USER_AUTH && msg->user_nai &&
	    msg->user_cvse_len == MIP4_USER_AUTH_NAI + msg->user_nai_len) {
		fprintf(stderr, " user-auth version %u method %u user", v[0],
			v[1]);
		mn_print_nai(msg->user_nai, msg->user_nai_len);
		return;
	}
	if (msg->user_cvse_type == MIP4_CVSE_USER_RESULT &&
	    msg->user_cvse_len == MIP4_USER_RESULT_LEN) {
		fprintf(stderr, " user-result version %u method %u key-lifetime %" PRIu32,
			v[0], v[1], msg->user_key_lifetime);
		return;
	}
	fprintf(stderr, " cvse %u (%u bytes)", msg->user_cvse_type,
		msg->user_cvse_len);
}

void mn_print_msg(const char *dir, const u8 *buf, size_t len, u32 vendor_id)
{
	char a[3][INET_ADDRSTRLEN];
	struct mip4_msg msg;

	if (mip4_msg_parse(buf, len, vendor_id, &msg)) {
		fprintf(stderr, "%s %zu bytes, malformed\n", dir, len);
		return;
	}
	if (msg.type == MIP4_TYPE_RRQ) {
		fprintf(stderr, "%s RRQ %zu bytes:", dir, len);
		mn_print_flags(msg.flags);
		fprintf(stderr, " lifetime %u home %s ha %s care-of %s",
			msg.lifetime, mn_addr(msg.home_addr, a[0]),
			mn_addr(msg.ha_addr, a[1]), mn_addr(msg.coa, a[2]));
	} else {
		fprintf(stderr, "%s RRP %zu bytes: code %u (%s) lifetime %u home %s ha %s",
			dir, len, msg.code, mn_code_text(msg.code),
			msg.lifetime, mn_addr(msg.home_addr, a[0]),
			mn_addr(msg.ha_addr, a[1]));
	}
	fprintf(stderr, " id 0x%08" PRIx32 ":%08" PRIx32, (u32)(msg.id >> 32),
		(u32)msg.id);
	if (msg.nai)
		mn_print_nai(msg.nai, msg.nai_len);
	if (msg.cvse_type)
		mn_print_cvse(&msg);
	if (msg.user_cvse_type)
		mn_print_user(&msg);
	if (msg.has_mhae)
		fprintf(stderr, " mhae spi %" PRIu32 " (%u-byte authenticator)",
			msg.spi, msg.auth_len);
	if (msg.deny_code)
		fprintf(stderr, " (would be refused: %u)", msg.deny_code);
	fputc('\n', stderr);
}
