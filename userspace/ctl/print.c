// SPDX-License-Identifier: GPL-2.0
/* mip4ctl: SAs and bindings, parsed from a dump or a notification, and printed. */

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <netlink/attr.h>

#include "mip4ha.h"
#include "mip4ha_names.h"
#include "ctl.h"

/* @name, the name of enum value @v (NULL: none), or its number in @buf. */
static const char *enum_name(const char *name, unsigned int v, char *buf,
			     size_t size)
{
	if (name)
		return name;
	snprintf(buf, size, "%u", v);
	return buf;
}

/* @str: the enum's lookup in mip4ha_names.h, e.g. mip4ha_replay_str. */
#define ENUM_NAME(str, v, buf) \
	enum_name(str((int)(v)), (v), (buf), sizeof(buf))

/*
 * An NAI for printing: bytes 0x21-0x7e but the backslash as they are, the
 * rest as \xNN; @out holds at least 4 * 255 + 1 bytes. With @json, only
 * NUL and the backslash are escaped (the JSON printer does the rest).
 */
#define NAI_STR_MAX (4 * 255 + 1)

static void nai_str(const uint8_t *nai, size_t len, bool json, char *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		uint8_t c = nai[i];

		if (json ? (c && c != '\\') : (c > 0x20 && c < 0x7f && c != '\\'))
			*out++ = (char)c;
		else
			out += sprintf(out, "\\x%02x", c);
	}
	*out = '\0';
}

static void hex_str(const uint8_t *b, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		out += sprintf(out, "%02x", b[i]);
	*out = '\0';
}

/* S B D M G r T x: the letters of the flags set, "-" for none. */
static void flags_str(uint8_t flags, char *out)
{
	static const char letters[] = "SBDMGrTx";
	char *p = out;
	int i;

	for (i = 0; i < 8; i++)
		if (flags & (0x80 >> i))
			*p++ = letters[i];
	if (p == out)
		*p++ = '-';
	*p = '\0';
}

/* A line of text output, built piece by piece. */
struct line {
	char buf[4096];
	size_t len;
};

static void line_add(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void line_add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->buf) - 1)
		return;
	if (l->len)
		l->buf[l->len++] = ' ';
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n;
	if (l->len > sizeof(l->buf) - 1)
		l->len = sizeof(l->buf) - 1;
}

/* An NAI attribute (1 to 255 octets) into @nai; absent: nothing. */
static int nai_attr(const struct nlattr *a, uint8_t *nai, size_t *len,
		    bool *has)
{
	if (!a)
		return 0;
	if (nla_len(a) < 1 || nla_len(a) > 255)
		return -1;
	*len = (size_t)nla_len(a);
	memcpy(nai, nla_data(a), *len);
	*has = true;
	return 0;
}

int sa_parse(struct nlattr **tb, struct sa_info *s)
{
	struct nlattr *a;

	memset(s, 0, sizeof(*s));
	if (nai_attr(tb[MIP4HA_A_SA_NAI], s->nai, &s->nai_len, &s->has_nai))
		return -EBADMSG;
	if (nai_attr(tb[MIP4HA_A_SA_USER_NAI], s->user_nai, &s->user_nai_len,
		     &s->has_user_nai))
		return -EBADMSG;
	if (tb[MIP4HA_A_SA_HOME_ADDRESS]) {
		if (mip4_nl_attr_in_addr(tb[MIP4HA_A_SA_HOME_ADDRESS], &s->home))
			return -EBADMSG;
		s->has_home = true;
	}
	if (mip4_nl_attr_u32(tb[MIP4HA_A_SA_SPI], &s->spi) ||
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_ALGORITHM], &s->algorithm) ||
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_REPLAY], &s->replay))
		return -EBADMSG;
	if (tb[MIP4HA_A_SA_LAST_IDENTIFICATION] &&
	    mip4_nl_attr_u64(tb[MIP4HA_A_SA_LAST_IDENTIFICATION], &s->last_id))
		return -EBADMSG;
	if (tb[MIP4HA_A_SA_REPLAY_TOLERANCE]) {
		if (mip4_nl_attr_u32(tb[MIP4HA_A_SA_REPLAY_TOLERANCE],
				     &s->tolerance))
			return -EBADMSG;
		s->has_tolerance = true;
	}
	if (tb[MIP4HA_A_SA_KEY_LIFETIME]) {
		if (mip4_nl_attr_u32(tb[MIP4HA_A_SA_KEY_LIFETIME],
				     &s->key_lifetime))
			return -EBADMSG;
		s->has_key_lifetime = true;
	}
	s->dynamic = tb[MIP4HA_A_SA_DYNAMIC] != NULL;
	if (tb[MIP4HA_A_SA_ROLE] &&
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_ROLE], &s->role))
		return -EBADMSG;
	a = tb[MIP4HA_A_SA_KEY];
	if (a) {
		if (nla_len(a) < 0 || (size_t)nla_len(a) > sizeof(s->key))
			return -EBADMSG;
		s->key_len = (size_t)nla_len(a);
		memcpy(s->key, nla_data(a), s->key_len);
		s->has_key = true;
	}
	if (tb[MIP4HA_A_SA_EVENT] &&
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_EVENT], &s->event))
		return -EBADMSG;
	if (tb[MIP4HA_A_SA_REASON] &&
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_REASON], &s->reason))
		return -EBADMSG;
	return 0;
}

static void id_str(uint64_t id, char *out)
{
	sprintf(out, "0x%016" PRIx64, id);
}

/* One SA: a line of text, or a JSON object (@event: from sa-ntf). */
void sa_print(const struct ctl *ctl, struct mip4_json *j,
	      const struct sa_info *s, bool event)
{
	char nai[NAI_STR_MAX], user_nai[NAI_STR_MAX], addr[INET_ADDRSTRLEN];
	char id[20], num[12], key[2 * KEY_MAX + 1];
	const char *role = s->dynamic ?
		ENUM_NAME(mip4ha_sa_role_str, s->role, num) : "static";
	struct line l = { .len = 0 };

	if (s->has_nai)
		nai_str(s->nai, s->nai_len, ctl->json, nai);
	if (s->has_user_nai)
		nai_str(s->user_nai, s->user_nai_len, ctl->json, user_nai);
	if (s->has_home)
		inet_ntop(AF_INET, &s->home, addr, sizeof(addr));
	id_str(s->last_id, id);
	if (s->has_key)
		hex_str(s->key, s->key_len, key);

	if (ctl->json) {
		char b1[12], b2[12];

		mip4_json_obj_open(j, NULL);
		if (event) {
			mip4_json_str(j, "type", "sa");
			mip4_json_str(j, "event",
				      ENUM_NAME(mip4ha_sa_event_str, s->event, b1));
			if (s->reason)
				mip4_json_str(j, "reason",
					      ENUM_NAME(mip4ha_sa_reason_str,
							s->reason, b2));
		}
		if (s->has_nai)
			mip4_json_str(j, "nai", nai);
		if (s->has_home)
			mip4_json_str(j, "home_address", addr);
		mip4_json_u64(j, "spi", s->spi);
		mip4_json_bool(j, "dynamic", s->dynamic);
		if (s->dynamic)
			mip4_json_str(j, "role", role);
		if (s->has_user_nai)
			mip4_json_str(j, "user_nai", user_nai);
		if (s->has_key_lifetime)
			mip4_json_u64(j, "key_lifetime", s->key_lifetime);
		mip4_json_str(j, "algorithm",
			      ENUM_NAME(mip4ha_algorithm_str, s->algorithm, b1));
		mip4_json_str(j, "replay",
			      ENUM_NAME(mip4ha_replay_str, s->replay, b2));
		if (s->has_tolerance)
			mip4_json_u64(j, "replay_tolerance", s->tolerance);
		mip4_json_str(j, "last_identification", id);
		if (s->has_key)
			mip4_json_str(j, "key", key);
		mip4_json_obj_close(j);
		explicit_bzero(key, sizeof(key));
		return;
	}
	if (event)
		line_add(&l, "sa %s", ENUM_NAME(mip4ha_sa_event_str, s->event, num));
	if (s->has_nai)
		line_add(&l, "nai %s", nai);
	if (s->has_home)
		line_add(&l, "home-address %s", addr);
	line_add(&l, "spi 0x%" PRIx32, s->spi);
	line_add(&l, "%s", role);
	if (s->has_user_nai)
		line_add(&l, "user-nai %s", user_nai);
	if (s->has_key_lifetime)
		line_add(&l, "key-lifetime %" PRIu32, s->key_lifetime);
	line_add(&l, "algorithm %s",
		 ENUM_NAME(mip4ha_algorithm_str, s->algorithm, num));
	line_add(&l, "replay %s", ENUM_NAME(mip4ha_replay_str, s->replay, num));
	if (s->has_tolerance)
		line_add(&l, "replay-tolerance %" PRIu32, s->tolerance);
	line_add(&l, "last-identification %s", id);
	if (s->has_key)
		line_add(&l, "key %s", key);
	if (event && s->reason)
		line_add(&l, "reason %s",
			 ENUM_NAME(mip4ha_sa_reason_str, s->reason, num));
	printf("%.*s\n", (int)l.len, l.buf);
	explicit_bzero(key, sizeof(key));
	explicit_bzero(&l, sizeof(l));
}

int binding_parse(struct nlattr **tb, struct binding_info *b)
{
	memset(b, 0, sizeof(*b));
	if (mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_HOME_ADDRESS], &b->home) ||
	    mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_CARE_OF_ADDRESS],
				 &b->coa))
		return -EBADMSG;
	if (nai_attr(tb[MIP4HA_A_BINDING_NAI], b->nai, &b->nai_len,
		     &b->has_nai) ||
	    nai_attr(tb[MIP4HA_A_BINDING_USER_NAI], b->user_nai,
		     &b->user_nai_len, &b->has_user_nai))
		return -EBADMSG;
	if (tb[MIP4HA_A_BINDING_REMAINING]) {
		if (mip4_nl_attr_u32(tb[MIP4HA_A_BINDING_REMAINING],
				     &b->remaining))
			return -EBADMSG;
		b->has_remaining = true;
	}
	if (tb[MIP4HA_A_BINDING_SOURCE_PORT]) {
		if (nla_len(tb[MIP4HA_A_BINDING_SOURCE_PORT]) != 2)
			return -EBADMSG;
		b->sport = nla_get_u16(tb[MIP4HA_A_BINDING_SOURCE_PORT]);
	}
	/* Optional for robustness; the kernel sends them all. */
	if ((tb[MIP4HA_A_BINDING_SPI] &&
	     mip4_nl_attr_u32(tb[MIP4HA_A_BINDING_SPI], &b->spi)) ||
	    (tb[MIP4HA_A_BINDING_FLAGS] &&
	     mip4_nl_attr_u8(tb[MIP4HA_A_BINDING_FLAGS], &b->flags)) ||
	    (tb[MIP4HA_A_BINDING_LIFETIME] &&
	     mip4_nl_attr_u32(tb[MIP4HA_A_BINDING_LIFETIME], &b->lifetime)) ||
	    (tb[MIP4HA_A_BINDING_IDENTIFICATION] &&
	     mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_IDENTIFICATION], &b->id)) ||
	    (tb[MIP4HA_A_BINDING_SOURCE_ADDRESS] &&
	     mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_SOURCE_ADDRESS],
				  &b->src)) ||
	    (tb[MIP4HA_A_BINDING_TX_PACKETS] &&
	     mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_TX_PACKETS],
			      &b->tx_packets)) ||
	    (tb[MIP4HA_A_BINDING_TX_BYTES] &&
	     mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_TX_BYTES], &b->tx_bytes)) ||
	    (tb[MIP4HA_A_BINDING_RX_PACKETS] &&
	     mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_RX_PACKETS],
			      &b->rx_packets)) ||
	    (tb[MIP4HA_A_BINDING_RX_BYTES] &&
	     mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_RX_BYTES], &b->rx_bytes)) ||
	    (tb[MIP4HA_A_BINDING_EVENT] &&
	     mip4_nl_attr_u8(tb[MIP4HA_A_BINDING_EVENT], &b->event)) ||
	    (tb[MIP4HA_A_BINDING_REASON] &&
	     mip4_nl_attr_u8(tb[MIP4HA_A_BINDING_REASON], &b->reason)))
		return -EBADMSG;
	return 0;
}

void binding_print(const struct ctl *ctl, struct mip4_json *j,
		   const struct binding_info *b, bool event)
{
	char home[INET_ADDRSTRLEN], coa[INET_ADDRSTRLEN], src[INET_ADDRSTRLEN];
	char nai[NAI_STR_MAX], user_nai[NAI_STR_MAX], flags[9], id[20], num[12];
	struct line l = { .len = 0 };

	inet_ntop(AF_INET, &b->home, home, sizeof(home));
	inet_ntop(AF_INET, &b->coa, coa, sizeof(coa));
	inet_ntop(AF_INET, &b->src, src, sizeof(src));
	if (b->has_nai)
		nai_str(b->nai, b->nai_len, ctl->json, nai);
	if (b->has_user_nai)
		nai_str(b->user_nai, b->user_nai_len, ctl->json, user_nai);
	flags_str(b->flags, flags);
	id_str(b->id, id);

	if (ctl->json) {
		char b1[12];

		mip4_json_obj_open(j, NULL);
		if (event) {
			mip4_json_str(j, "type", "binding");
			mip4_json_str(j, "event",
				      ENUM_NAME(mip4ha_binding_event_str, b->event,
						b1));
			if (b->reason)
				mip4_json_str(j, "reason",
					      ENUM_NAME(mip4ha_binding_reason_str,
							b->reason, num));
		}
		mip4_json_str(j, "home_address", home);
		mip4_json_str(j, "care_of_address", coa);
		mip4_json_u64(j, "lifetime", b->lifetime);
		if (b->has_remaining)
			mip4_json_u64(j, "remaining", b->remaining);
		mip4_json_str(j, "flags", b->flags ? flags : "");
		mip4_json_str(j, "identification", id);
		if (b->has_nai)
			mip4_json_str(j, "nai", nai);
		if (b->has_user_nai)
			mip4_json_str(j, "user_nai", user_nai);
		mip4_json_u64(j, "spi", b->spi);
		mip4_json_str(j, "source_address", src);
		mip4_json_u64(j, "source_port", b->sport);
		mip4_json_u64(j, "tx_packets", b->tx_packets);
		mip4_json_u64(j, "tx_bytes", b->tx_bytes);
		mip4_json_u64(j, "rx_packets", b->rx_packets);
		mip4_json_u64(j, "rx_bytes", b->rx_bytes);
		mip4_json_obj_close(j);
		return;
	}
	if (event)
		line_add(&l, "binding %s",
			 ENUM_NAME(mip4ha_binding_event_str, b->event, num));
	line_add(&l, "home %s care-of %s", home, coa);
	if (b->lifetime == 65535 && !b->has_remaining)
		line_add(&l, "lifetime 65535 remaining infinite");
	else if (b->has_remaining)
		line_add(&l, "lifetime %" PRIu32 " remaining %" PRIu32,
			 b->lifetime, b->remaining);
	else
		line_add(&l, "lifetime %" PRIu32, b->lifetime);
	line_add(&l, "flags %s identification %s", flags, id);
	if (b->has_nai)
		line_add(&l, "nai %s", nai);
	if (b->has_user_nai)
		line_add(&l, "user-nai %s", user_nai);
	line_add(&l, "spi 0x%" PRIx32 " source %s:%u", b->spi, src, b->sport);
	line_add(&l, "tx-packets %" PRIu64 " tx-bytes %" PRIu64
		 " rx-packets %" PRIu64 " rx-bytes %" PRIu64,
		 b->tx_packets, b->tx_bytes, b->rx_packets, b->rx_bytes);
	if (event && b->reason)
		line_add(&l, "reason %s",
			 ENUM_NAME(mip4ha_binding_reason_str, b->reason, num));
	printf("%.*s\n", (int)l.len, l.buf);
}
