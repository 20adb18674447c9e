// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	netlink-api/mip4ha.yaml */
/* by netlink-api/gen-uapi.py --user-source (make uapi) */

#include <stddef.h>
#include <string.h>

#include "mip4ha.h"
#include "mip4ha_names.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define STR_OF(table, v) \
	((v) >= 0 && (size_t)(v) < N_OF(table) ? (table)[v] : NULL)

/* The value of @name in @table (entries may be NULL), or -1. */
static int value_of(const char *const *table, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i] && !strcmp(table[i], name))
			return (int)i;
	return -1;
}

static const char *const mip4ha_op_strmap[] = {
	[MIP4HA_CMD_HA_SET] = "ha-set",
	[MIP4HA_CMD_HA_GET] = "ha-get",
	[MIP4HA_CMD_HA_DEL] = "ha-del",
	[MIP4HA_CMD_STATS_GET] = "stats-get",
	[MIP4HA_CMD_SA_NEW] = "sa-new",
	[MIP4HA_CMD_SA_DEL] = "sa-del",
	[MIP4HA_CMD_SA_GET] = "sa-get",
	[MIP4HA_CMD_BINDING_GET] = "binding-get",
	[MIP4HA_CMD_BINDING_DEL] = "binding-del",
	[MIP4HA_CMD_BINDING_FLUSH] = "binding-flush",
	[MIP4HA_CMD_BINDING_NTF] = "binding-ntf",
	[MIP4HA_CMD_SA_NTF] = "sa-ntf",
	[MIP4HA_CMD_KEYGEN_NTF] = "keygen-ntf",
	[MIP4HA_CMD_KEYGEN_ANSWER] = "keygen-answer",
	[MIP4HA_CMD_SA_SET] = "sa-set",
};

const char *mip4ha_op_str(int value)
{
	return STR_OF(mip4ha_op_strmap, value);
}

static const char *const mip4ha_ha_attr_strmap[] = {
	[MIP4HA_A_HA_ADDRESS] = "address",
	[MIP4HA_A_HA_PREFIX] = "prefix",
	[MIP4HA_A_HA_PREFIX_LEN] = "prefix-len",
	[MIP4HA_A_HA_MAX_LIFETIME] = "max-lifetime",
	[MIP4HA_A_HA_REPLAY_TOLERANCE] = "replay-tolerance",
	[MIP4HA_A_HA_MAX_BINDINGS] = "max-bindings",
	[MIP4HA_A_HA_VENDOR_ID] = "vendor-id",
	[MIP4HA_A_HA_KEYGEN_TIMEOUT] = "keygen-timeout",
	[MIP4HA_A_HA_KEYGEN_MAX_PENDING] = "keygen-max-pending",
	[MIP4HA_A_HA_REVERSE_TUNNEL] = "reverse-tunnel",
};

const char *mip4ha_ha_attr_str(int value)
{
	return STR_OF(mip4ha_ha_attr_strmap, value);
}

static const char *const mip4ha_sa_attr_strmap[] = {
	[MIP4HA_A_SA_PAD] = "pad",
	[MIP4HA_A_SA_NAI] = "nai",
	[MIP4HA_A_SA_HOME_ADDRESS] = "home-address",
	[MIP4HA_A_SA_SPI] = "spi",
	[MIP4HA_A_SA_ALGORITHM] = "algorithm",
	[MIP4HA_A_SA_KEY] = "key",
	[MIP4HA_A_SA_REPLAY] = "replay",
	[MIP4HA_A_SA_REPLAY_TOLERANCE] = "replay-tolerance",
	[MIP4HA_A_SA_LAST_IDENTIFICATION] = "last-identification",
	[MIP4HA_A_SA_KEY_LIFETIME] = "key-lifetime",
	[MIP4HA_A_SA_WITH_SECRETS] = "with-secrets",
	[MIP4HA_A_SA_DYNAMIC] = "dynamic",
	[MIP4HA_A_SA_ROLE] = "role",
	[MIP4HA_A_SA_EVENT] = "event",
	[MIP4HA_A_SA_REASON] = "reason",
	[MIP4HA_A_SA_USER_NAI] = "user-nai",
};

const char *mip4ha_sa_attr_str(int value)
{
	return STR_OF(mip4ha_sa_attr_strmap, value);
}

static const char *const mip4ha_binding_attr_strmap[] = {
	[MIP4HA_A_BINDING_PAD] = "pad",
	[MIP4HA_A_BINDING_HOME_ADDRESS] = "home-address",
	[MIP4HA_A_BINDING_CARE_OF_ADDRESS] = "care-of-address",
	[MIP4HA_A_BINDING_NAI] = "nai",
	[MIP4HA_A_BINDING_SPI] = "spi",
	[MIP4HA_A_BINDING_FLAGS] = "flags",
	[MIP4HA_A_BINDING_LIFETIME] = "lifetime",
	[MIP4HA_A_BINDING_REMAINING] = "remaining",
	[MIP4HA_A_BINDING_IDENTIFICATION] = "identification",
	[MIP4HA_A_BINDING_SOURCE_ADDRESS] = "source-address",
	[MIP4HA_A_BINDING_SOURCE_PORT] = "source-port",
	[MIP4HA_A_BINDING_TX_PACKETS] = "tx-packets",
	[MIP4HA_A_BINDING_TX_BYTES] = "tx-bytes",
	[MIP4HA_A_BINDING_RX_PACKETS] = "rx-packets",
	[MIP4HA_A_BINDING_RX_BYTES] = "rx-bytes",
	[MIP4HA_A_BINDING_EVENT] = "event",
	[MIP4HA_A_BINDING_REASON] = "reason",
	[MIP4HA_A_BINDING_DYNAMIC] = "dynamic",
	[MIP4HA_A_BINDING_HA_ADDRESS] = "ha-address",
	[MIP4HA_A_BINDING_USER_NAI] = "user-nai",
};

const char *mip4ha_binding_attr_str(int value)
{
	return STR_OF(mip4ha_binding_attr_strmap, value);
}

static const char *const mip4ha_keygen_attr_strmap[] = {
	[MIP4HA_A_KEYGEN_COOKIE] = "cookie",
	[MIP4HA_A_KEYGEN_REQUEST] = "request",
	[MIP4HA_A_KEYGEN_SOURCE_ADDRESS] = "source-address",
	[MIP4HA_A_KEYGEN_SOURCE_PORT] = "source-port",
	[MIP4HA_A_KEYGEN_LOCAL_ADDRESS] = "local-address",
	[MIP4HA_A_KEYGEN_CODE] = "code",
	[MIP4HA_A_KEYGEN_SKEY] = "skey",
	[MIP4HA_A_KEYGEN_SKEY_PRIME] = "skey-prime",
	[MIP4HA_A_KEYGEN_KEY_LIFETIME] = "key-lifetime",
	[MIP4HA_A_KEYGEN_REPLY_EXTENSION] = "reply-extension",
	[MIP4HA_A_KEYGEN_HA_ADDRESS] = "ha-address",
	[MIP4HA_A_KEYGEN_VENDOR_ID] = "vendor-id",
	[MIP4HA_A_KEYGEN_MAX_LIFETIME] = "max-lifetime",
	[MIP4HA_A_KEYGEN_REPLY_EXTENSION_TYPE] = "reply-extension-type",
	[MIP4HA_A_KEYGEN_REPLY_USER_EXTENSION] = "reply-user-extension",
	[MIP4HA_A_KEYGEN_REPLY_KEY] = "reply-key",
	[MIP4HA_A_KEYGEN_AGREEMENT_H] = "agreement-h",
	[MIP4HA_A_KEYGEN_USER_NAI] = "user-nai",
};

const char *mip4ha_keygen_attr_str(int value)
{
	return STR_OF(mip4ha_keygen_attr_strmap, value);
}

static const char *const mip4ha_stats_attr_strmap[] = {
	[MIP4HA_A_STATS_PAD] = "pad",
	[MIP4HA_A_STATS_RX_PACKETS] = "rx-packets",
	[MIP4HA_A_STATS_RX_BYTES] = "rx-bytes",
	[MIP4HA_A_STATS_RX_DISCARDED] = "rx-discarded",
	[MIP4HA_A_STATS_RRQ_ACCEPTED] = "rrq-accepted",
	[MIP4HA_A_STATS_RRQ_DENIED] = "rrq-denied",
	[MIP4HA_A_STATS_TX_PACKETS] = "tx-packets",
	[MIP4HA_A_STATS_TX_ERRORS] = "tx-errors",
	[MIP4HA_A_STATS_KEYGEN_REQUESTS] = "keygen-requests",
	[MIP4HA_A_STATS_KEYGEN_TIMEOUTS] = "keygen-timeouts",
	[MIP4HA_A_STATS_KEYGEN_REJECTED] = "keygen-rejected",
	[MIP4HA_A_STATS_REKEYS] = "rekeys",
	[MIP4HA_A_STATS_TUNNEL_TX_PACKETS] = "tunnel-tx-packets",
	[MIP4HA_A_STATS_TUNNEL_RX_PACKETS] = "tunnel-rx-packets",
	[MIP4HA_A_STATS_TUNNEL_RX_DROPPED] = "tunnel-rx-dropped",
	[MIP4HA_A_STATS_TUNNEL_FRAG_NEEDED] = "tunnel-frag-needed",
	[MIP4HA_A_STATS_TUNNEL_ERRORS] = "tunnel-errors",
};

const char *mip4ha_stats_attr_str(int value)
{
	return STR_OF(mip4ha_stats_attr_strmap, value);
}

static const char *const mip4ha_algorithm_strmap[] = {
	[MIP4HA_ALGORITHM_HMAC_MD5] = "hmac-md5",
	[MIP4HA_ALGORITHM_HMAC_SHA256] = "hmac-sha256",
	[MIP4HA_ALGORITHM_KEYED_MD5] = "keyed-md5",
};

const char *mip4ha_algorithm_str(int value)
{
	return STR_OF(mip4ha_algorithm_strmap, value);
}

int mip4ha_algorithm_value(const char *name)
{
	return value_of(mip4ha_algorithm_strmap, N_OF(mip4ha_algorithm_strmap), name);
}

static const char *const mip4ha_replay_strmap[] = {
	[MIP4HA_REPLAY_TIMESTAMP] = "timestamp",
	[MIP4HA_REPLAY_NONCE] = "nonce",
};

const char *mip4ha_replay_str(int value)
{
	return STR_OF(mip4ha_replay_strmap, value);
}

int mip4ha_replay_value(const char *name)
{
	return value_of(mip4ha_replay_strmap, N_OF(mip4ha_replay_strmap), name);
}

static const char *const mip4ha_sa_role_strmap[] = {
	[MIP4HA_SA_ROLE_STATIC] = "static",
	[MIP4HA_SA_ROLE_SKEY] = "skey",
	[MIP4HA_SA_ROLE_SKEY_PRIME] = "skey-prime",
};

const char *mip4ha_sa_role_str(int value)
{
	return STR_OF(mip4ha_sa_role_strmap, value);
}

int mip4ha_sa_role_value(const char *name)
{
	return value_of(mip4ha_sa_role_strmap, N_OF(mip4ha_sa_role_strmap), name);
}

static const char *const mip4ha_binding_event_strmap[] = {
	[MIP4HA_BINDING_EVENT_ADD] = "add",
	[MIP4HA_BINDING_EVENT_REFRESH] = "refresh",
	[MIP4HA_BINDING_EVENT_DELETE] = "delete",
};

const char *mip4ha_binding_event_str(int value)
{
	return STR_OF(mip4ha_binding_event_strmap, value);
}

int mip4ha_binding_event_value(const char *name)
{
	return value_of(mip4ha_binding_event_strmap, N_OF(mip4ha_binding_event_strmap), name);
}

static const char *const mip4ha_binding_reason_strmap[] = {
	[MIP4HA_BINDING_REASON_DEREG] = "dereg",
	[MIP4HA_BINDING_REASON_EXPIRY] = "expiry",
	[MIP4HA_BINDING_REASON_ADMIN] = "admin",
	[MIP4HA_BINDING_REASON_REPLACED] = "replaced",
	[MIP4HA_BINDING_REASON_KEY_EXPIRY] = "key-expiry",
};

const char *mip4ha_binding_reason_str(int value)
{
	return STR_OF(mip4ha_binding_reason_strmap, value);
}

int mip4ha_binding_reason_value(const char *name)
{
	return value_of(mip4ha_binding_reason_strmap, N_OF(mip4ha_binding_reason_strmap), name);
}

static const char *const mip4ha_reverse_tunnel_strmap[] = {
	[MIP4HA_REVERSE_TUNNEL_OFF] = "off",
	[MIP4HA_REVERSE_TUNNEL_ALLOWED] = "allowed",
	[MIP4HA_REVERSE_TUNNEL_REQUIRED] = "required",
};

const char *mip4ha_reverse_tunnel_str(int value)
{
	return STR_OF(mip4ha_reverse_tunnel_strmap, value);
}

int mip4ha_reverse_tunnel_value(const char *name)
{
	return value_of(mip4ha_reverse_tunnel_strmap, N_OF(mip4ha_reverse_tunnel_strmap), name);
}

static const char *const mip4ha_sa_event_strmap[] = {
	[MIP4HA_SA_EVENT_ADD] = "add",
	[MIP4HA_SA_EVENT_REKEY] = "rekey",
	[MIP4HA_SA_EVENT_DELETE] = "delete",
};

const char *mip4ha_sa_event_str(int value)
{
	return STR_OF(mip4ha_sa_event_strmap, value);
}

int mip4ha_sa_event_value(const char *name)
{
	return value_of(mip4ha_sa_event_strmap, N_OF(mip4ha_sa_event_strmap), name);
}

static const char *const mip4ha_sa_reason_strmap[] = {
	[MIP4HA_SA_REASON_DEREG] = "dereg",
	[MIP4HA_SA_REASON_BINDING_EXPIRY] = "binding-expiry",
	[MIP4HA_SA_REASON_KEY_EXPIRY] = "key-expiry",
	[MIP4HA_SA_REASON_REPLACED] = "replaced",
	[MIP4HA_SA_REASON_ADMIN] = "admin",
};

const char *mip4ha_sa_reason_str(int value)
{
	return STR_OF(mip4ha_sa_reason_strmap, value);
}

int mip4ha_sa_reason_value(const char *name)
{
	return value_of(mip4ha_sa_reason_strmap, N_OF(mip4ha_sa_reason_strmap), name);
}
