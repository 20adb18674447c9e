// SPDX-License-Identifier: GPL-2.0
/* Unit tests (KTAP) of lib/conf.c and lib/ident.c, which mip4-mn brought. */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "ident.h"
#include "ktap.h"

/* ---- config files ---- */

struct seen {
	char text[512];
	int fail_on;		/* line number whose callback fails, or 0 */
};

static int record_key(const char *section, const char *key,
		      const char *value, void *arg,
		      struct mip4_conf_error *err)
{
	struct seen *s = arg;
	size_t n = strlen(s->text);

	if (s->fail_on && (int)err->line == s->fail_on) {
		snprintf(err->msg, sizeof(err->msg), "no %s", key);
		return -ERANGE;
	}
	snprintf(s->text + n, sizeof(s->text) - n, "[%s]%s=%s;", section, key,
		 value);
	return 0;
}

static int parse_string(const char *text, struct seen *s,
			struct mip4_conf_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!f)
		return -errno;
	ret = mip4_conf_parse(f, record_key, s, err);
	fclose(f);
	return ret;
}

static void conf_accepts(const void *arg)
{
	struct mip4_conf_error err;
	struct seen s = { "", 0 };

	(void)arg;
	EXPECT_EQ(parse_string("# comment\n"
			       "\n"
			       "  ha = 10.1.0.1  \n"
			       "nai=mn#1@example.org # the NAI keeps its '#'\n"
			       "empty =\n"
			       "[ peer one ]\n"
			       "key-file = /etc/k\t# tab before the comment\n"
			       "last = no newline", &s, &err), 0);
	EXPECT(!strcmp(s.text, "[]ha=10.1.0.1;[]nai=mn#1@example.org;"
			       "[]empty=;[peer one]key-file=/etc/k;"
			       "[peer one]last=no newline;"));
	EXPECT_EQ(err.line, 0);
}

struct bad_conf {
	const char *text;
	unsigned int line;
	int ret;
};

static const struct bad_conf bad_confs[] = {
	{ "a = 1\nno equals sign\n", 2, -EINVAL },
	{ " = value\n", 1, -EINVAL },
	{ "[unclosed\n", 1, -EINVAL },
	{ "[x] trailing\n", 1, -EINVAL },
	{ "a = 1\nb = 2\nc = 3\n", 2, -ERANGE },	/* the callback's error */
};

static void conf_refuses(const void *arg)
{
	const struct bad_conf *b = arg;
	struct mip4_conf_error err;
	struct seen s = { "", 0 };

	if (b->ret == -ERANGE)
		s.fail_on = 2;
	EXPECT_EQ(parse_string(b->text, &s, &err), b->ret);
	EXPECT_EQ(err.line, b->line);
	EXPECT(err.msg[0]);
}

static void conf_long_line(const void *arg)
{
	char text[MIP4_CONF_LINE_MAX + 16];
	struct mip4_conf_error err;
	struct seen s = { "", 0 };

	(void)arg;
	memset(text, 'x', sizeof(text) - 1);
	text[0] = 'k';
	text[1] = '=';
	text[sizeof(text) - 1] = '\0';
	EXPECT_EQ(parse_string(text, &s, &err), -EINVAL);
	EXPECT_EQ(err.line, 1);

	/* The longest line allowed is fine. */
	text[MIP4_CONF_LINE_MAX] = '\0';
	s.text[0] = '\0';
	EXPECT_EQ(parse_string(text, &s, &err), 0);
}

static void conf_load_missing(const void *arg)
{
	struct mip4_conf_error err;
	struct seen s = { "", 0 };

	(void)arg;
	EXPECT_EQ(mip4_conf_load("/nonexistent/mip4.conf", record_key, &s,
				 &err), -ENOENT);
	EXPECT_EQ(err.line, 0);
}

static void conf_bools(const void *arg)
{
	(void)arg;
	EXPECT_EQ(mip4_conf_bool("yes"), 1);
	EXPECT_EQ(mip4_conf_bool("TRUE"), 1);
	EXPECT_EQ(mip4_conf_bool("on"), 1);
	EXPECT_EQ(mip4_conf_bool("1"), 1);
	EXPECT_EQ(mip4_conf_bool("No"), 0);
	EXPECT_EQ(mip4_conf_bool("off"), 0);
	EXPECT_EQ(mip4_conf_bool("0"), 0);
	EXPECT_EQ(mip4_conf_bool(""), -EINVAL);
	EXPECT_EQ(mip4_conf_bool("yess"), -EINVAL);
}

static const struct ktap_case conf_cases[] = {
	{ "accepts_keys_sections_comments", conf_accepts, NULL },
	{ "refuses_missing_equals", conf_refuses, &bad_confs[0] },
	{ "refuses_empty_key", conf_refuses, &bad_confs[1] },
	{ "refuses_unclosed_section", conf_refuses, &bad_confs[2] },
	{ "refuses_text_after_section", conf_refuses, &bad_confs[3] },
	{ "stops_at_callback_error", conf_refuses, &bad_confs[4] },
	{ "long_line", conf_long_line, NULL },
	{ "load_missing_file", conf_load_missing, NULL },
	{ "bools", conf_bools, NULL },
};

/* ---- secret files ---- */

struct secret_case {
	const char *content;
	size_t content_len;
	size_t max;
	ssize_t ret;
	const char *key;	/* expected octets when ret > 0 */
};

static const struct secret_case secrets[] = {
	{ "00112233aabbccDD\n", 17, 64, 8,
	  "\x00\x11\x22\x33\xaa\xbb\xcc\xdd" },
	{ "  0xCAFE  \n\n", 12, 64, 2, "\xca\xfe" },
	{ "abc", 3, 64, 3, "abc" },			/* odd: raw */
	{ "pass phrase\n", 12, 64, 12, "pass phrase\n" },	/* raw, as is */
	{ "\x01\x00\xff", 3, 64, 3, "\x01\x00\xff" },
	{ "", 0, 64, -EINVAL, NULL },
	{ " \n\t\n", 4, 64, -EINVAL, NULL },
	{ "0011223344", 10, 4, -EMSGSIZE, NULL },
	{ "12345", 5, 4, -EMSGSIZE, NULL },
};

static void secret_read(const void *arg)
{
	const struct secret_case *c = arg;
	char path[] = "/tmp/mip4-test-key.XXXXXX";
	uint8_t out[64];
	ssize_t ret;
	int fd;

	fd = mkstemp(path);
	EXPECT(fd >= 0);
	if (fd < 0)
		return;
	EXPECT_EQ(write(fd, c->content, c->content_len),
		  (ssize_t)c->content_len);
	close(fd);
	ret = mip4_secret_read(path, out, c->max);
	unlink(path);
	EXPECT_EQ(ret, c->ret);
	if (c->ret > 0 && ret == c->ret)
		EXPECT_MEM(out, c->key, (size_t)ret);
}

static void secret_missing(const void *arg)
{
	uint8_t out[16];

	(void)arg;
	EXPECT_EQ(mip4_secret_read("/nonexistent/key", out, sizeof(out)),
		  -ENOENT);
}

static void secret_too_big_file(const void *arg)
{
	char path[] = "/tmp/mip4-test-key.XXXXXX";
	char buf[4096];
	uint8_t out[64];
	int fd;

	(void)arg;
	memset(buf, 'a', sizeof(buf));
	fd = mkstemp(path);
	EXPECT(fd >= 0);
	if (fd < 0)
		return;
	EXPECT_EQ(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	close(fd);
	EXPECT_EQ(mip4_secret_read(path, out, sizeof(out)), -EMSGSIZE);
	unlink(path);
}

static const struct ktap_case secret_cases[] = {
	{ "hex", secret_read, &secrets[0] },
	{ "hex_0x_whitespace", secret_read, &secrets[1] },
	{ "odd_hex_is_raw", secret_read, &secrets[2] },
	{ "text_is_raw_with_newline", secret_read, &secrets[3] },
	{ "binary", secret_read, &secrets[4] },
	{ "empty", secret_read, &secrets[5] },
	{ "whitespace_only", secret_read, &secrets[6] },
	{ "hex_too_long", secret_read, &secrets[7] },
	{ "raw_too_long", secret_read, &secrets[8] },
	{ "missing_file", secret_missing, NULL },
	{ "huge_file", secret_too_big_file, NULL },
};

/* ---- Identification ---- */

static int32_t seconds_from_now(u64 id)
{
	return (int32_t)((u32)(id >> 32) - mip4_ntp_seconds());
}

static void ident_timestamps_increase(const void *arg)
{
	struct mip4_ident st;
	u64 prev = 0, id;
	int i, bad = 0;

	(void)arg;
	mip4_ident_init(&st, MIP4_REPLAY_TIMESTAMP);
	for (i = 0; i < 100000; i++) {
		id = mip4_ident_next(&st);
		if (id <= prev)
			bad++;
		prev = id;
	}
	EXPECT_EQ(bad, 0);
	EXPECT(seconds_from_now(prev) >= -1 && seconds_from_now(prev) <= 1);
}

/* Two states, as two processes one after the other, still increase. */
static void ident_timestamps_across_processes(const void *arg)
{
	struct mip4_ident a, b;
	int i, bad = 0;
	u64 x, y;

	(void)arg;
	for (i = 0; i < 1000; i++) {
		mip4_ident_init(&a, MIP4_REPLAY_TIMESTAMP);
		mip4_ident_init(&b, MIP4_REPLAY_TIMESTAMP);
		x = mip4_ident_next(&a);
		usleep(2);
		y = mip4_ident_next(&b);
		if (y <= x)
			bad++;
	}
	EXPECT_EQ(bad, 0);
}

/* A 133 from a home agent 100 s behind us: next ones follow its clock,
 * even though that is below what it refused, but stay above what it took.
 */
static void ident_clock_resync(const void *arg)
{
	struct mip4_ident st;
	u64 accepted, refused, reply, id;

	(void)arg;
	mip4_ident_init(&st, MIP4_REPLAY_TIMESTAMP);
	accepted = mip4_ident_next(&st);
	EXPECT_EQ(mip4_ident_learn(&st, accepted, MIP4_CODE_ACCEPTED,
				   accepted), MIP4_IDENT_SYNC_NONE);

	st.offset = 100;	/* our clock jumps ahead */
	refused = mip4_ident_next(&st);
	EXPECT(seconds_from_now(refused) >= 99);
	reply = (u64)mip4_ntp_seconds() << 32 | (u32)refused;
	EXPECT_EQ(mip4_ident_learn(&st, refused, MIP4_CODE_ID_MISMATCH, reply),
		  MIP4_IDENT_SYNC_CLOCK);
	EXPECT(st.offset >= -1 && st.offset <= 1);
	id = mip4_ident_next(&st);
	EXPECT(id < refused);
	EXPECT(id > accepted);
	EXPECT(seconds_from_now(id) >= -1 && seconds_from_now(id) <= 1);

	/* And forwards: a home agent an hour ahead. */
	reply = (u64)(mip4_ntp_seconds() + 3600) << 32 | (u32)id;
	EXPECT_EQ(mip4_ident_learn(&st, id, MIP4_CODE_ID_MISMATCH, reply),
		  MIP4_IDENT_SYNC_CLOCK);
	id = mip4_ident_next(&st);
	EXPECT(seconds_from_now(id) >= 3599 && seconds_from_now(id) <= 3601);
}

/* Clocks agree but the home agent holds a later timestamp: each 133 moves
 * the next one a second further, however close the home agent's time.
 */
static void ident_sequence_walk(const void *arg)
{
	struct mip4_ident st;
	u64 id, reply;
	u32 first;
	int i;

	(void)arg;
	mip4_ident_init(&st, MIP4_REPLAY_TIMESTAMP);
	id = mip4_ident_next(&st);
	first = (u32)(id >> 32);
	for (i = 1; i <= 6; i++) {
		reply = (u64)mip4_ntp_seconds() << 32 | (u32)id;
		EXPECT_EQ(mip4_ident_learn(&st, id, MIP4_CODE_ID_MISMATCH,
					   reply), MIP4_IDENT_SYNC_SEQUENCE);
		id = mip4_ident_next(&st);
		EXPECT((u32)(id >> 32) - first >= (u32)i);
	}
	EXPECT_EQ(st.offset, 0);
}

static void ident_other_codes_change_nothing(const void *arg)
{
	struct mip4_ident st, before;
	u64 id;

	(void)arg;
	mip4_ident_init(&st, MIP4_REPLAY_TIMESTAMP);
	id = mip4_ident_next(&st);
	before = st;
	EXPECT_EQ(mip4_ident_learn(&st, id, MIP4_CODE_AUTH_FAILED,
				   (u64)1 << 32 | (u32)id),
		  MIP4_IDENT_SYNC_NONE);
	EXPECT(!memcmp(&st, &before, sizeof(st)));
}

static void ident_nonces(const void *arg)
{
	struct mip4_ident st;
	u64 a, b;

	(void)arg;
	mip4_ident_init(&st, MIP4_REPLAY_NONCE);
	a = mip4_ident_next(&st);
	EXPECT_EQ(a >> 32, 0);
	EXPECT_EQ(mip4_ident_learn(&st, a, MIP4_CODE_ID_MISMATCH,
				   (u64)0x11223344 << 32 | (u32)a),
		  MIP4_IDENT_SYNC_NONCE);
	b = mip4_ident_next(&st);
	EXPECT_EQ(b >> 32, 0x11223344);
	EXPECT((u32)b != (u32)a);
	/* An acceptance carries the next nonce too. */
	EXPECT_EQ(mip4_ident_learn(&st, b, MIP4_CODE_ACCEPTED,
				   (u64)0x55667788 << 32 | (u32)b),
		  MIP4_IDENT_SYNC_NONE);
	EXPECT_EQ(mip4_ident_next(&st) >> 32, 0x55667788);
}

static const struct ktap_case ident_cases[] = {
	{ "timestamps_increase", ident_timestamps_increase, NULL },
	{ "timestamps_increase_across_processes",
	  ident_timestamps_across_processes, NULL },
	{ "clock_resync", ident_clock_resync, NULL },
	{ "sequence_walk", ident_sequence_walk, NULL },
	{ "other_codes_change_nothing", ident_other_codes_change_nothing,
	  NULL },
	{ "nonces", ident_nonces, NULL },
};

int main(void)
{
	static const struct ktap_suite suites[] = {
		KTAP_SUITE("conf", conf_cases),
		KTAP_SUITE("secret", secret_cases),
		KTAP_SUITE("ident", ident_cases),
	};

	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
