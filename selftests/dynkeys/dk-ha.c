// SPDX-License-Identifier: GPL-2.0
/*
 * dk-ha: prints the Home Agent's security associations (with their keys)
 * and bindings through raw sa-get / binding-get dumps, for the dynamic-key
 * tests, until mip4ctl has "sa show" and "binding show".
 *
 *   dk-ha sa        one line per SA: nai spi alg replay dynamic role
 *                   key-lifetime last-id key
 *   dk-ha binding   one line per binding: nai home coa spi lifetime
 */

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "mip4_nl.h"
#include "mip4ha.h"

static void put_hex(const struct nlattr *a)
{
	const uint8_t *p = nla_data(a);
	int i;

	for (i = 0; i < nla_len(a); i++)
		printf("%02x", p[i]);
}

static void put_str(const struct nlattr *a)
{
	if (a)
		printf("%.*s", nla_len(a), (const char *)nla_data(a));
	else
		printf("-");
}

static int sa_cb(struct nlattr **tb, void *arg)
{
	uint32_t spi = 0, life = 0;
	uint64_t last = 0;
	uint8_t alg = 0, replay = 0, role = 0;

	(void)arg;
	mip4_nl_attr_u32(tb[MIP4HA_A_SA_SPI], &spi);
	mip4_nl_attr_u32(tb[MIP4HA_A_SA_KEY_LIFETIME], &life);
	mip4_nl_attr_u64(tb[MIP4HA_A_SA_LAST_IDENTIFICATION], &last);
	mip4_nl_attr_u8(tb[MIP4HA_A_SA_ALGORITHM], &alg);
	mip4_nl_attr_u8(tb[MIP4HA_A_SA_REPLAY], &replay);
	mip4_nl_attr_u8(tb[MIP4HA_A_SA_ROLE], &role);
	put_str(tb[MIP4HA_A_SA_NAI]);
	printf(" spi %#x alg %u replay %u %s role %u key-lifetime %u last-id %016" PRIx64 " key ",
	       spi, alg, replay, tb[MIP4HA_A_SA_DYNAMIC] ? "dynamic" : "static",
	       role, life, last);
	if (tb[MIP4HA_A_SA_KEY])
		put_hex(tb[MIP4HA_A_SA_KEY]);
	else
		printf("-");
	printf("\n");
	return 0;
}

static int binding_cb(struct nlattr **tb, void *arg)
{
	uint32_t home = 0, coa = 0, spi = 0, life = 0;
	char h[INET_ADDRSTRLEN], c[INET_ADDRSTRLEN];

	(void)arg;
	mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_HOME_ADDRESS], &home);
	mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_CARE_OF_ADDRESS], &coa);
	mip4_nl_attr_u32(tb[MIP4HA_A_BINDING_SPI], &spi);
	mip4_nl_attr_u32(tb[MIP4HA_A_BINDING_LIFETIME], &life);
	put_str(tb[MIP4HA_A_BINDING_NAI]);
	printf(" home %s coa %s spi %#x lifetime %u\n",
	       inet_ntop(AF_INET, &home, h, sizeof(h)),
	       inet_ntop(AF_INET, &coa, c, sizeof(c)), spi, life);
	return 0;
}

int main(int argc, char **argv)
{
	struct mip4_nl_error e;
	struct mip4_nl *nl;
	struct nl_msg *msg;
	int r;

	if (argc != 2 || (strcmp(argv[1], "sa") && strcmp(argv[1], "binding"))) {
		fprintf(stderr, "usage: dk-ha sa|binding\n");
		return 2;
	}
	if (mip4_nl_open(&nl, &e)) {
		mip4_nl_error_print(stderr, &e, NULL);
		return 1;
	}
	if (!strcmp(argv[1], "sa")) {
		msg = mip4_nl_msg(nl, MIP4HA_CMD_SA_GET);
		if (msg)
			nla_put_flag(msg, MIP4HA_A_SA_WITH_SECRETS);
		r = mip4_nl_dump(nl, msg, MIP4HA_A_SA_MAX, sa_cb, NULL, &e);
	} else {
		msg = mip4_nl_msg(nl, MIP4HA_CMD_BINDING_GET);
		r = mip4_nl_dump(nl, msg, MIP4HA_A_BINDING_MAX, binding_cb,
				 NULL, &e);
	}
	if (r)
		mip4_nl_error_print(stderr, &e, NULL);
	mip4_nl_close(nl);
	return r ? 1 : 0;
}
