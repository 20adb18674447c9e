/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly, auto-generated from: */
/*	netlink-api/mip4ha.yaml */
/* by netlink-api/gen-uapi.py --policy-table (make uapi) */

#ifndef MIP4HA_POLICY_H
#define MIP4HA_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "mip4ha.h"

/* How an attribute is encoded. */
enum mip4ha_policy_type {
	MIP4HA_POLICY_U8,
	MIP4HA_POLICY_U16,
	MIP4HA_POLICY_U32,
	MIP4HA_POLICY_U64,
	MIP4HA_POLICY_BE32,
	MIP4HA_POLICY_FLAG,
	MIP4HA_POLICY_BINARY,
};

/* A command a request can carry, with its attribute set's largest type. */
struct mip4ha_policy_cmd {
	uint8_t cmd;
	const char *name;
	uint16_t maxattr;
	bool doit, dumpit;
};

static const struct mip4ha_policy_cmd mip4ha_policy_cmds[] = {
	{ MIP4HA_CMD_HA_SET, "ha-set", MIP4HA_A_HA_MAX, true, false },
	{ MIP4HA_CMD_HA_GET, "ha-get", MIP4HA_A_HA_MAX, true, false },
	{ MIP4HA_CMD_HA_DEL, "ha-del", MIP4HA_A_HA_MAX, true, false },
	{ MIP4HA_CMD_STATS_GET, "stats-get", MIP4HA_A_STATS_MAX, true, false },
	{ MIP4HA_CMD_SA_NEW, "sa-new", MIP4HA_A_SA_MAX, true, false },
	{ MIP4HA_CMD_SA_DEL, "sa-del", MIP4HA_A_SA_MAX, true, false },
	{ MIP4HA_CMD_SA_GET, "sa-get", MIP4HA_A_SA_MAX, true, true },
	{ MIP4HA_CMD_BINDING_GET, "binding-get", MIP4HA_A_BINDING_MAX, false, true },
	{ MIP4HA_CMD_BINDING_DEL, "binding-del", MIP4HA_A_BINDING_MAX, true, false },
	{ MIP4HA_CMD_BINDING_FLUSH, "binding-flush", MIP4HA_A_BINDING_MAX, true, false },
	{ MIP4HA_CMD_KEYGEN_ANSWER, "keygen-answer", MIP4HA_A_KEYGEN_MAX, true, false },
	{ MIP4HA_CMD_SA_SET, "sa-set", MIP4HA_A_SA_MAX, true, false },
};

/*
 * Each attribute a command's request may carry, and the range the kernel
 * checks: of the value for an integer, of the length for binary (has_min
 * and has_max false when unchecked). Attributes of the set not listed
 * are refused.
 */
struct mip4ha_policy_attr {
	uint8_t cmd;
	uint16_t type;
	const char *name;
	enum mip4ha_policy_type kind;
	bool has_min, has_max;
	uint64_t min, max;
};

static const struct mip4ha_policy_attr mip4ha_policy_attrs[] = {
	{ MIP4HA_CMD_HA_SET, MIP4HA_A_HA_ADDRESS,
	  "address", MIP4HA_POLICY_BE32, false, false, 0, 0 },
	{ MIP4HA_CMD_HA_SET, MIP4HA_A_HA_PREFIX,
	  "prefix", MIP4HA_POLICY_BE32, false, false, 0, 0 },
	{ MIP4HA_CMD_HA_SET, MIP4HA_A_HA_PREFIX_LEN,
	  "prefix-len", MIP4HA_POLICY_U8, true, true, 1, 32 },
	{ MIP4HA_CMD_HA_SET, MIP4HA_A_HA_MAX_LIFETIME,
	  "max-lifetime", MIP4HA_POLICY_U32, true, true, 1, 65535 },
	{ MIP4HA_CMD_HA_SET, MIP4HA_A_HA_REPLAY_TOLERANCE,
	  "replay-tolerance", MIP4HA_POLICY_U32, true, true, 1, 3600 },
	{ MIP4HA_CMD_HA_SET, MIP4HA_A_HA_MAX_BINDINGS,
	  "max-bindings", MIP4HA_POLICY_U32, true, true, 1, 255 },
	{ MIP4HA_CMD_HA_SET, MIP4HA_A_HA_VENDOR_ID,
	  "vendor-id", MIP4HA_POLICY_U32, true, false, 1, 0 },
	{ MIP4HA_CMD_HA_SET, MIP4HA_A_HA_KEYGEN_TIMEOUT,
	  "keygen-timeout", MIP4HA_POLICY_U32, true, true, 1, 120 },
	{ MIP4HA_CMD_HA_SET, MIP4HA_A_HA_KEYGEN_MAX_PENDING,
	  "keygen-max-pending", MIP4HA_POLICY_U32, true, true, 1, 65536 },
	{ MIP4HA_CMD_HA_SET, MIP4HA_A_HA_REVERSE_TUNNEL,
	  "reverse-tunnel", MIP4HA_POLICY_U8, false, true, 0, 2 },
	{ MIP4HA_CMD_SA_NEW, MIP4HA_A_SA_NAI,
	  "nai", MIP4HA_POLICY_BINARY, true, true, 1, 255 },
	{ MIP4HA_CMD_SA_NEW, MIP4HA_A_SA_HOME_ADDRESS,
	  "home-address", MIP4HA_POLICY_BE32, false, false, 0, 0 },
	{ MIP4HA_CMD_SA_NEW, MIP4HA_A_SA_SPI,
	  "spi", MIP4HA_POLICY_U32, true, false, 256, 0 },
	{ MIP4HA_CMD_SA_NEW, MIP4HA_A_SA_ALGORITHM,
	  "algorithm", MIP4HA_POLICY_U8, true, true, 1, 3 },
	{ MIP4HA_CMD_SA_NEW, MIP4HA_A_SA_KEY,
	  "key", MIP4HA_POLICY_BINARY, true, true, 1, 64 },
	{ MIP4HA_CMD_SA_NEW, MIP4HA_A_SA_REPLAY,
	  "replay", MIP4HA_POLICY_U8, true, true, 2, 3 },
	{ MIP4HA_CMD_SA_NEW, MIP4HA_A_SA_REPLAY_TOLERANCE,
	  "replay-tolerance", MIP4HA_POLICY_U32, true, true, 1, 3600 },
	{ MIP4HA_CMD_SA_DEL, MIP4HA_A_SA_NAI,
	  "nai", MIP4HA_POLICY_BINARY, true, true, 1, 255 },
	{ MIP4HA_CMD_SA_DEL, MIP4HA_A_SA_HOME_ADDRESS,
	  "home-address", MIP4HA_POLICY_BE32, false, false, 0, 0 },
	{ MIP4HA_CMD_SA_DEL, MIP4HA_A_SA_SPI,
	  "spi", MIP4HA_POLICY_U32, true, false, 256, 0 },
	{ MIP4HA_CMD_SA_GET, MIP4HA_A_SA_NAI,
	  "nai", MIP4HA_POLICY_BINARY, true, true, 1, 255 },
	{ MIP4HA_CMD_SA_GET, MIP4HA_A_SA_HOME_ADDRESS,
	  "home-address", MIP4HA_POLICY_BE32, false, false, 0, 0 },
	{ MIP4HA_CMD_SA_GET, MIP4HA_A_SA_SPI,
	  "spi", MIP4HA_POLICY_U32, true, false, 256, 0 },
	{ MIP4HA_CMD_SA_GET, MIP4HA_A_SA_WITH_SECRETS,
	  "with-secrets", MIP4HA_POLICY_FLAG, false, false, 0, 0 },
	{ MIP4HA_CMD_BINDING_GET, MIP4HA_A_BINDING_HOME_ADDRESS,
	  "home-address", MIP4HA_POLICY_BE32, false, false, 0, 0 },
	{ MIP4HA_CMD_BINDING_DEL, MIP4HA_A_BINDING_HOME_ADDRESS,
	  "home-address", MIP4HA_POLICY_BE32, false, false, 0, 0 },
	{ MIP4HA_CMD_BINDING_DEL, MIP4HA_A_BINDING_CARE_OF_ADDRESS,
	  "care-of-address", MIP4HA_POLICY_BE32, false, false, 0, 0 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_COOKIE,
	  "cookie", MIP4HA_POLICY_U32, false, false, 0, 0 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_CODE,
	  "code", MIP4HA_POLICY_U8, false, false, 0, 0 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_SKEY,
	  "skey", MIP4HA_POLICY_BINARY, true, true, 16, 32 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_SKEY_PRIME,
	  "skey-prime", MIP4HA_POLICY_BINARY, true, true, 16, 32 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_KEY_LIFETIME,
	  "key-lifetime", MIP4HA_POLICY_U32, true, false, 1, 0 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_REPLY_EXTENSION,
	  "reply-extension", MIP4HA_POLICY_BINARY, true, true, 1, 255 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_REPLY_EXTENSION_TYPE,
	  "reply-extension-type", MIP4HA_POLICY_U16, false, false, 0, 0 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_REPLY_USER_EXTENSION,
	  "reply-user-extension", MIP4HA_POLICY_BINARY, true, true, 44, 44 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_REPLY_KEY,
	  "reply-key", MIP4HA_POLICY_BINARY, true, true, 16, 32 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_AGREEMENT_H,
	  "agreement-h", MIP4HA_POLICY_BINARY, true, true, 12, 12 },
	{ MIP4HA_CMD_KEYGEN_ANSWER, MIP4HA_A_KEYGEN_USER_NAI,
	  "user-nai", MIP4HA_POLICY_BINARY, true, true, 1, 255 },
	{ MIP4HA_CMD_SA_SET, MIP4HA_A_SA_NAI,
	  "nai", MIP4HA_POLICY_BINARY, true, true, 1, 255 },
	{ MIP4HA_CMD_SA_SET, MIP4HA_A_SA_SPI,
	  "spi", MIP4HA_POLICY_U32, true, false, 256, 0 },
	{ MIP4HA_CMD_SA_SET, MIP4HA_A_SA_KEY_LIFETIME,
	  "key-lifetime", MIP4HA_POLICY_U32, true, false, 1, 0 },
};

#endif /* MIP4HA_POLICY_H */
