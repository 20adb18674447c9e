// SPDX-License-Identifier: GPL-2.0
/* mip4-mn options: the command line, and the same keys in a config file. */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "mn.h"

enum {
	/* Settings: also keys of the config file, under the same names. */
	OPT_HA = 256,
	OPT_HOME,
	OPT_COA,
	OPT_NAI,
	OPT_SPI,
	OPT_ALG,
	OPT_KEY_FILE,
	OPT_REPLAY,
	OPT_LIFETIME,
	OPT_SIMULTANEOUS,
	OPT_REVERSE_TUNNEL,
	OPT_DECAP,
	OPT_FLAGS_RAW,
	OPT_PORT,
	OPT_RETRIES,
	OPT_TIMEOUT_MS,
	OPT_REREGISTER,
	OPT_DEREG_ALL,
	OPT_CLOCK_OFFSET,
	OPT_PASSWORD_FILE,
	OPT_SPI_S,
	OPT_SPI_D,
	OPT_NEW_SPI_D,
	OPT_REKEY_PERIOD,
	OPT_VENDOR_ID,
	OPT_AKA,
	OPT_K_FILE,
	OPT_OPC_FILE,
	OPT_SEQ_FILE,
	OPT_IND_BITS,
	OPT_USER_NAI,
	OPT_USER_PASSWORD_FILE,
	OPT_USER_NO_ANNOUNCE,
	OPT_SETTINGS_END,
	/* What to do and what to print: command line only. */
	OPT_ONCE,
	OPT_DEREG,
	OPT_COUNT,
	OPT_SEQUENCE,
	OPT_PRINT_ID,
	OPT_SHOW_KEYS,
	OPT_DUMP_REPLY,
};

static const struct option mn_options[] = {
	{ "ha", required_argument, NULL, OPT_HA },
	{ "home", required_argument, NULL, OPT_HOME },
	{ "coa", required_argument, NULL, OPT_COA },
	{ "nai", required_argument, NULL, OPT_NAI },
	{ "spi", required_argument, NULL, OPT_SPI },
	{ "alg", required_argument, NULL, OPT_ALG },
	{ "key-file", required_argument, NULL, OPT_KEY_FILE },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "lifetime", required_argument, NULL, OPT_LIFETIME },
	{ "simultaneous", no_argument, NULL, OPT_SIMULTANEOUS },
	{ "reverse-tunnel", no_argument, NULL, OPT_REVERSE_TUNNEL },
	{ "decap", no_argument, NULL, OPT_DECAP },
	{ "flags-raw", required_argument, NULL, OPT_FLAGS_RAW },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "timeout-ms", required_argument, NULL, OPT_TIMEOUT_MS },
	{ "reregister", required_argument, NULL, OPT_REREGISTER },
	{ "dereg-all", no_argument, NULL, OPT_DEREG_ALL },
	{ "clock-offset", required_argument, NULL, OPT_CLOCK_OFFSET },
	{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
	{ "spi-s", required_argument, NULL, OPT_SPI_S },
	{ "spi-d", required_argument, NULL, OPT_SPI_D },
	{ "new-spi-d", required_argument, NULL, OPT_NEW_SPI_D },
	{ "rekey-period", required_argument, NULL, OPT_REKEY_PERIOD },
	{ "vendor-id", required_argument, NULL, OPT_VENDOR_ID },
	{ "aka", no_argument, NULL, OPT_AKA },
	{ "k-file", required_argument, NULL, OPT_K_FILE },
	{ "opc-file", required_argument, NULL, OPT_OPC_FILE },
	{ "seq-file", required_argument, NULL, OPT_SEQ_FILE },
	{ "ind-bits", required_argument, NULL, OPT_IND_BITS },
	{ "user-nai", required_argument, NULL, OPT_USER_NAI },
	{ "user-password-file", required_argument, NULL, OPT_USER_PASSWORD_FILE },
	{ "user-no-announce", no_argument, NULL, OPT_USER_NO_ANNOUNCE },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "dereg", no_argument, NULL, OPT_DEREG },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "sequence", required_argument, NULL, OPT_SEQUENCE },
	{ "print-id", no_argument, NULL, OPT_PRINT_ID },
	{ "show-keys", no_argument, NULL, OPT_SHOW_KEYS },
	{ "dump-reply", required_argument, NULL, OPT_DUMP_REPLY },
	{ "config", required_argument, NULL, 'c' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const char mn_usage_text[] =
"usage: mip4-mn --ha ADDR --home ADDR --spi N --key-file FILE [options]\n"
"       mip4-mn --ha ADDR --home ADDR --nai NAI --password-file FILE [options]\n"
"       mip4-mn --ha ADDR --home ADDR --nai NAI --aka --k-file FILE\n"
"               --opc-file FILE [--user-nai NAI --user-password-file FILE]\n"
"               [options]\n"
"       mip4-mn -c FILE [options]\n"
"Registers with a Mobile IPv4 home agent (RFC 5944) from a co-located\n"
"care-of address, refreshes the registration, deregisters on SIGINT/SIGTERM.\n"
"With a password instead of a key, the keys come from the AAA server\n"
"(dynamic keys: MS-CHAPv2 at the first registration, then rekeys); with\n"
"--aka, from a software USIM's AKA against the home network's HLR.\n"
"\n"
"Settings (also `key = value` lines of the -c FILE, without the dashes;\n"
"the command line wins):\n"
"  --ha ADDR             home agent address (required)\n"
"  --home ADDR           home address (required)\n"
"  --coa ADDR            care-of address to bind to (default: the source\n"
"                        address the kernel picks towards the home agent)\n"
"  --nai NAI             send an NAI extension (RFC 2794)\n"
"  --spi N               SPI of the security association, >= 256 (required)\n"
"  --alg ALG             hmac-md5 (default), hmac-sha256 or keyed-md5\n"
"  --key-file FILE       the key, as hex digits or raw bytes; - for stdin\n"
"                        (required)\n"
"  --replay METHOD       timestamp (default) or nonce\n"
"  --lifetime S          requested lifetime, 1-65535 (default 1800;\n"
"                        65535 is infinite)\n"
"  --simultaneous        S bit: keep other bindings\n"
"  --reverse-tunnel      T bit\n"
"  --decap               D bit: we decapsulate (co-located care-of)\n"
"  --flags-raw HEX       the whole flags octet (for tests; overrides S/T/D)\n"
"  --port N              home agent UDP port (default 434)\n"
"  --retries N           retransmissions after the first request (default 3)\n"
"  --timeout-ms N        first retransmission timeout, doubling each time\n"
"                        (default 1000; RFC 5944 wants >= 1000)\n"
"  --reregister PCT      refresh after PCT% of the granted lifetime\n"
"                        (default 80)\n"
"  --dereg-all           deregister with care-of = home address (all\n"
"                        bindings)\n"
"  --clock-offset S      start with our clock taken as S seconds off, until\n"
"                        a 133 reply corrects it (for tests of the resync)\n"
"  --vendor-id N         Vendor/Org-ID of the dynamic-key extensions\n"
"                        (default 32473)\n"
"Dynamic keys (instead of --spi and --key-file; --nai required):\n"
"  --password-file FILE  the MS-CHAPv2 password, its text less one line\n"
"                        ending; - for stdin\n"
"  --spi-s N, --spi-d N  SPIs of Skey and Skey' (default 0x1000, 0x1001)\n"
"  --new-spi-d N         SPI_D that rekeys ask for (default: keep it)\n"
"  --rekey-period S      new Skey' every S seconds (default 0: never)\n"
"AKA (dynamic keys from a software USIM; instead of --password-file):\n"
"  --aka                 authenticate by AKA (method 2)\n"
"  --k-file FILE         the USIM's K, 16 octets in hex (required)\n"
"  --opc-file FILE       its OPc, 16 octets in hex (required)\n"
"  --seq-file FILE       the sequence numbers it has accepted, kept across\n"
"                        runs (default: the K file's name and .seq)\n"
"  --ind-bits N          IND bits of SQN, 0-5 (default 5; a seq file that\n"
"                        exists says its own)\n"
"  --user-nai NAI        then authenticate a user too (MS-CHAPv2 at the\n"
"                        user's realm, protocol.md §9): the user's NAI\n"
"  --user-password-file FILE  the user's password (as --password-file);\n"
"                        both or neither\n"
"  --user-no-announce    do not announce the user's step in the first\n"
"                        request (three round trips when the home agent\n"
"                        asks for it)\n"
"Modes (default: stay registered until SIGINT/SIGTERM, then deregister):\n"
"  --once                register once and exit\n"
"  --count N             register N times in a row, and exit\n"
"  --dereg               deregister once and exit (static keys only)\n"
"  --sequence STEPS      dynamic keys: run the comma-separated STEPS,\n"
"                        one line each, and exit: initial, reregister,\n"
"                        rekey, dereg, sleep:S, pause (until a line\n"
"                        on standard input)\n"
"Output:\n"
"  --print-id            print the Identification of each answered request\n"
"  --show-keys           print Skey and Skey' in hex (tests only)\n"
"  --dump-reply FILE     write the last reply's bytes to FILE\n"
"  -v, --verbose         print every message sent and received, decoded\n"
"  -q, --quiet           print only errors\n"
"  -c, --config FILE     read settings from FILE\n"
"Exit: 0 done, 1 system error, 2 bad usage/config/key, 3 denied, 4 no reply.\n";

static void __attribute__((noreturn)) mn_usage_exit(int status)
{
	fputs(mn_usage_text, status ? stderr : stdout);
	exit(status);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
mn_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("mip4-mn: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'mip4-mn --help'.\n", stderr);
	exit(MN_EXIT_USAGE);
}

static const char *mn_option_name(int id)
{
	const struct option *o;

	for (o = mn_options; o->name; o++)
		if (o->val == id)
			return o->name;
	return "?";
}

static int mn_parse_ulong(const char *s, unsigned long min, unsigned long max,
			  int base, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, base);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int mn_parse_addr(const char *s, struct in_addr *out)
{
	return inet_pton(AF_INET, s, out) == 1 ? 0 : -EINVAL;
}

/* Printable and without blanks: the characters an NAI (RFC 2794) has. */
static int mn_parse_nai(char *nai, u8 *nai_len, const char *s)
{
	size_t i, len = strlen(s);

	if (!len || len > MIP4_NAI_MAX)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return -EINVAL;
	memcpy(nai, s, len + 1);
	*nai_len = (u8)len;
	return 0;
}

static void mn_set_flag(struct mn_config *cfg, u8 flag, bool on)
{
	if (on)
		cfg->flags |= flag;
	else
		cfg->flags &= (u8)~flag;
}

/*
 * Applies one setting. @arg is NULL for a flag given on the command line,
 * a yes/no word for one from the config file. Returns 0, or -EINVAL after
 * writing what was expected into @msg.
 */
static int mn_option_set(struct mn_config *cfg, int id, const char *arg,
			 char *msg, size_t size)
{
	unsigned long v;
	char *end;
	int b = 1;
	long l;

	if (arg && (id == OPT_SIMULTANEOUS || id == OPT_REVERSE_TUNNEL ||
		    id == OPT_DECAP || id == OPT_DEREG_ALL || id == OPT_AKA ||
		    id == OPT_USER_NO_ANNOUNCE)) {
		b = mip4_conf_bool(arg);
		if (b < 0)
			goto bad_bool;
	}

	switch (id) {
	case OPT_HA:
		if (mn_parse_addr(arg, &cfg->ha))
			goto bad_addr;
		cfg->has_ha = true;
		break;
	case OPT_HOME:
		if (mn_parse_addr(arg, &cfg->home))
			goto bad_addr;
		cfg->has_home = true;
		break;
	case OPT_COA:
		if (mn_parse_addr(arg, &cfg->coa))
			goto bad_addr;
		cfg->has_coa = true;
		break;
	case OPT_NAI:
	case OPT_USER_NAI:
		if (id == OPT_NAI ? mn_parse_nai(cfg->nai, &cfg->nai_len, arg) :
				    mn_parse_nai(cfg->user_nai,
						 &cfg->user_nai_len, arg)) {
			snprintf(msg, size, "want 1 to %d printable characters without blanks, got '%s'",
				 MIP4_NAI_MAX, arg);
			return -EINVAL;
		}
		break;
	case OPT_SPI:
	case OPT_SPI_S:
	case OPT_SPI_D:
	case OPT_NEW_SPI_D:
		if (mn_parse_ulong(arg, 256, UINT32_MAX, 0, &v)) {
			snprintf(msg, size, "want a number from 256 to %u, got '%s'",
				 UINT32_MAX, arg);
			return -EINVAL;
		}
		if (id == OPT_SPI)
			cfg->spi = (u32)v;
		else if (id == OPT_SPI_S)
			cfg->spi_s = (u32)v;
		else if (id == OPT_SPI_D)
			cfg->spi_d = (u32)v;
		else
			cfg->new_spi_d = (u32)v;
		break;
	case OPT_ALG:
		if (!strcmp(arg, "hmac-md5")) {
			cfg->algorithm = MIP4_ALG_HMAC_MD5;
		} else if (!strcmp(arg, "hmac-sha256")) {
			cfg->algorithm = MIP4_ALG_HMAC_SHA256;
		} else if (!strcmp(arg, "keyed-md5")) {
			cfg->algorithm = MIP4_ALG_KEYED_MD5;
		} else {
			snprintf(msg, size, "want hmac-md5, hmac-sha256 or keyed-md5, got '%s'",
				 arg);
			return -EINVAL;
		}
		break;
	case OPT_KEY_FILE:
	case OPT_PASSWORD_FILE:
	case OPT_K_FILE:
	case OPT_OPC_FILE:
	case OPT_SEQ_FILE:
	case OPT_USER_PASSWORD_FILE: {
		char **path = id == OPT_KEY_FILE ? &cfg->key_file :
			      id == OPT_PASSWORD_FILE ? &cfg->password_file :
			      id == OPT_USER_PASSWORD_FILE ?
					&cfg->user_password_file :
			      id == OPT_K_FILE ? &cfg->k_file :
			      id == OPT_OPC_FILE ? &cfg->opc_file :
						   &cfg->seq_file;

		if (!*arg) {
			snprintf(msg, size, "want a file name");
			return -EINVAL;
		}
		free(*path);
		*path = strdup(arg);
		if (!*path) {
			snprintf(msg, size, "out of memory");
			return -ENOMEM;
		}
		break;
	}
	case OPT_AKA:
		cfg->aka = b;
		break;
	case OPT_USER_NO_ANNOUNCE:
		cfg->user_no_announce = b;
		break;
	case OPT_IND_BITS:
		if (mn_parse_ulong(arg, 0, MIP4_AKA_IND_BITS_MAX, 10, &v)) {
			snprintf(msg, size, "want a number from 0 to %d, got '%s'",
				 MIP4_AKA_IND_BITS_MAX, arg);
			return -EINVAL;
		}
		cfg->ind_bits = (unsigned int)v;
		break;
	case OPT_REKEY_PERIOD:
		if (mn_parse_ulong(arg, 0, 86400 * 365, 10, &v)) {
			snprintf(msg, size, "want seconds from 0 (never) to 31536000, got '%s'",
				 arg);
			return -EINVAL;
		}
		cfg->rekey_period = (unsigned int)v;
		break;
	case OPT_VENDOR_ID:
		if (mn_parse_ulong(arg, 0, UINT32_MAX, 0, &v)) {
			snprintf(msg, size, "want a number from 0 to %u, got '%s'",
				 UINT32_MAX, arg);
			return -EINVAL;
		}
		cfg->vendor_id = (u32)v;
		break;
	case OPT_REPLAY:
		if (!strcmp(arg, "timestamp")) {
			cfg->replay = MIP4_REPLAY_TIMESTAMP;
		} else if (!strcmp(arg, "nonce")) {
			cfg->replay = MIP4_REPLAY_NONCE;
		} else {
			snprintf(msg, size, "want timestamp or nonce, got '%s'",
				 arg);
			return -EINVAL;
		}
		break;
	case OPT_LIFETIME:
		if (mn_parse_ulong(arg, 1, UINT16_MAX, 10, &v)) {
			snprintf(msg, size, "want seconds from 1 to 65535 (to deregister use --dereg), got '%s'",
				 arg);
			return -EINVAL;
		}
		cfg->lifetime = (u16)v;
		break;
	case OPT_SIMULTANEOUS:
		mn_set_flag(cfg, MIP4_FLAG_S, b);
		break;
	case OPT_REVERSE_TUNNEL:
		mn_set_flag(cfg, MIP4_FLAG_T, b);
		break;
	case OPT_DECAP:
		mn_set_flag(cfg, MIP4_FLAG_D, b);
		break;
	case OPT_FLAGS_RAW:
		if (mn_parse_ulong(arg, 0, 0xff, 16, &v)) {
			snprintf(msg, size, "want a hex octet, got '%s'", arg);
			return -EINVAL;
		}
		cfg->flags_raw = (int)v;
		break;
	case OPT_PORT:
		if (mn_parse_ulong(arg, 1, UINT16_MAX, 10, &v)) {
			snprintf(msg, size, "want a port from 1 to 65535, got '%s'",
				 arg);
			return -EINVAL;
		}
		cfg->port = (u16)v;
		break;
	case OPT_RETRIES:
		if (mn_parse_ulong(arg, 0, 30, 10, &v)) {
			snprintf(msg, size, "want a number from 0 to 30, got '%s'",
				 arg);
			return -EINVAL;
		}
		cfg->retries = (unsigned int)v;
		break;
	case OPT_TIMEOUT_MS:
		if (mn_parse_ulong(arg, 10, 3600000, 10, &v)) {
			snprintf(msg, size, "want milliseconds from 10 to 3600000, got '%s'",
				 arg);
			return -EINVAL;
		}
		cfg->timeout_ms = (unsigned int)v;
		break;
	case OPT_REREGISTER:
		if (mn_parse_ulong(arg, 1, 99, 10, &v)) {
			snprintf(msg, size, "want a percentage from 1 to 99, got '%s'",
				 arg);
			return -EINVAL;
		}
		cfg->reregister_pct = (unsigned int)v;
		break;
	case OPT_DEREG_ALL:
		cfg->dereg_all = b;
		break;
	case OPT_CLOCK_OFFSET:
		errno = 0;
		l = strtol(arg, &end, 10);
		if (errno || !*arg || *end || l < -86400 || l > 86400) {
			snprintf(msg, size, "want seconds from -86400 to 86400, got '%s'",
				 arg);
			return -EINVAL;
		}
		cfg->clock_offset = (int32_t)l;
		break;
	}
	return 0;

bad_addr:
	snprintf(msg, size, "want an IPv4 address, got '%s'", arg);
	return -EINVAL;
bad_bool:
	snprintf(msg, size, "want yes or no, got '%s'", arg);
	return -EINVAL;
}

static int mn_config_key(const char *section, const char *key,
			 const char *value, void *arg,
			 struct mip4_conf_error *err)
{
	const struct option *o;
	size_t n;

	if (*section) {
		snprintf(err->msg, sizeof(err->msg),
			 "sections are not used ('[%s]')", section);
		return -EINVAL;
	}
	for (o = mn_options; o->name; o++) {
		if (o->val < OPT_HA || o->val >= OPT_SETTINGS_END ||
		    strcmp(o->name, key))
			continue;
		/* The key's name, then what was wrong with its value. */
		n = snprintf(err->msg, sizeof(err->msg), "%s: ", key);
		return mn_option_set(arg, o->val, value, err->msg + n,
				     sizeof(err->msg) - n);
	}
	snprintf(err->msg, sizeof(err->msg), "unknown key '%s'", key);
	return -EINVAL;
}

static void mn_config_file(struct mn_config *cfg, const char *path)
{
	struct mip4_conf_error err;
	int ret;

	ret = mip4_conf_load(path, mn_config_key, cfg, &err);
	if (!ret)
		return;
	if (err.line)
		fprintf(stderr, "mip4-mn: %s:%u: %s\n", path, err.line,
			err.msg[0] ? err.msg : strerror(-ret));
	else
		fprintf(stderr, "mip4-mn: cannot read config file %s: %s\n",
			path, strerror(-ret));
	exit(MN_EXIT_USAGE);
}

/*
 * --sequence: comma-separated steps, checked to make sense with the keys
 * they need (an initial registration first, none after a deregistration).
 */
static void mn_parse_sequence(struct mn_config *cfg, const char *arg)
{
	static const struct {
		const char *name;
		enum mn_step_kind kind;
	} names[] = {
		{ "initial", MN_STEP_INITIAL },
		{ "reregister", MN_STEP_REGISTER },
		{ "rekey", MN_STEP_REKEY },
		{ "dereg", MN_STEP_DEREG },
		{ "pause", MN_STEP_PAUSE },
	};
	const char *p = arg, *end;
	bool keys = false;
	unsigned long v;
	char word[32];
	size_t n, i;

	cfg->n_steps = 0;
	for (;;) {
		struct mn_step *step = &cfg->steps[cfg->n_steps];

		end = strchrnul(p, ',');
		n = (size_t)(end - p);
		if (!n || n >= sizeof(word))
			mn_usage_error("--sequence: bad step in '%s'", arg);
		if (cfg->n_steps == MN_STEPS_MAX)
			mn_usage_error("--sequence: more than %d steps",
				       MN_STEPS_MAX);
		memcpy(word, p, n);
		word[n] = '\0';

		if (!strncmp(word, "sleep:", 6)) {
			if (mn_parse_ulong(word + 6, 0, 86400, 10, &v))
				mn_usage_error("--sequence: want sleep:SECONDS (0-86400), got '%s'",
					       word);
			step->kind = MN_STEP_SLEEP;
			step->seconds = (unsigned int)v;
		} else {
			for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
				if (!strcmp(word, names[i].name))
					break;
			if (i == sizeof(names) / sizeof(names[0]))
				mn_usage_error("--sequence: unknown step '%s' (initial, reregister, rekey, dereg, sleep:S, pause)",
					       word);
			step->kind = names[i].kind;
			if (step->kind == MN_STEP_INITIAL)
				keys = true;
			else if (step->kind != MN_STEP_PAUSE && !keys)
				mn_usage_error("--sequence: '%s' needs keys: an initial step before it",
					       word);
			if (step->kind == MN_STEP_DEREG)
				keys = false;
		}
		cfg->n_steps++;
		if (!*end)
			break;
		p = end + 1;
	}
}

/* AKA: the USIM's files; the sequence numbers beside K by default. */
static void mn_config_check_aka(struct mn_config *cfg)
{
	size_t n;

	if (cfg->password_file)
		mn_usage_error("--aka excludes --password-file (the user's password is --user-password-file)");
	if (!cfg->k_file || !cfg->opc_file)
		mn_usage_error("--aka needs the USIM's --k-file and --opc-file");
	if (!strcmp(cfg->k_file, "-") || !strcmp(cfg->opc_file, "-"))
		mn_usage_error("--aka reads K and OPc from files, not standard input");
	if (cfg->seq_file)
		return;
	n = strlen(cfg->k_file) + sizeof(".seq");
	cfg->seq_file = malloc(n);
	if (!cfg->seq_file)
		mn_usage_error("out of memory");
	snprintf(cfg->seq_file, n, "%s.seq", cfg->k_file);
}

/* Dynamic keys or a static SA: the options that go with each. */
static void mn_config_check_keys(struct mn_config *cfg)
{
	cfg->dynamic = cfg->password_file != NULL || cfg->aka;
	/* protocol.md §9: the user's step follows the device's AKA. */
	if (!cfg->user_nai_len != !cfg->user_password_file)
		mn_usage_error("--user-nai and --user-password-file go together");
	if (cfg->user_nai_len && !cfg->aka)
		mn_usage_error("--user-nai and --user-password-file go with --aka (the user's step follows the device's)");
	if (cfg->user_no_announce && !cfg->user_nai_len)
		mn_usage_error("--user-no-announce needs a user (--user-nai, --user-password-file)");
	if (!cfg->aka && (cfg->k_file || cfg->opc_file || cfg->seq_file))
		mn_usage_error("--k-file, --opc-file and --seq-file go with --aka");
	if (!cfg->dynamic) {
		if (cfg->mode == MN_MODE_SEQUENCE || cfg->show_keys)
			mn_usage_error("--sequence and --show-keys are for dynamic keys (--password-file or --aka)");
		if (!cfg->spi)
			mn_usage_error("the SPI is required (--spi)");
		if (!cfg->key_file)
			mn_usage_error("the key file is required (--key-file)");
		return;
	}
	if (cfg->aka)
		mn_config_check_aka(cfg);
	if (cfg->key_file || cfg->spi)
		mn_usage_error("dynamic keys (--password-file, --aka) exclude --key-file and --spi");
	if (!cfg->nai_len)
		mn_usage_error("dynamic keys need an NAI (--nai)");
	if (cfg->algorithm == MIP4_ALG_KEYED_MD5)
		mn_usage_error("dynamic keys use hmac-md5 or hmac-sha256, not keyed-md5");
	if (cfg->spi_s == cfg->spi_d)
		mn_usage_error("--spi-s and --spi-d must differ");
	if (cfg->new_spi_d && cfg->new_spi_d == cfg->spi_s)
		mn_usage_error("--new-spi-d must differ from --spi-s");
	if (cfg->mode == MN_MODE_DEREG)
		mn_usage_error("--dereg: dynamic keys do not outlive the process; use --sequence initial,dereg");
}

static const char mn_short_options[] = "c:vqh";

void mn_config_parse(struct mn_config *cfg, int argc, char **argv)
{
	bool once = false, count = false, dereg = false, sequence = false;
	const char *config = NULL;
	char msg[MIP4_CONF_MSG_MAX];
	unsigned long v;
	int c;

	memset(cfg, 0, sizeof(*cfg));
	cfg->algorithm = MIP4_ALG_HMAC_MD5;
	cfg->replay = MIP4_REPLAY_TIMESTAMP;
	cfg->lifetime = 1800;
	cfg->flags_raw = -1;
	cfg->port = MIP4_PORT;
	cfg->retries = 3;
	cfg->timeout_ms = 1000;
	cfg->reregister_pct = 80;
	cfg->count = 1;
	cfg->spi_s = MN_SPI_S_DEFAULT;
	cfg->spi_d = MN_SPI_D_DEFAULT;
	cfg->vendor_id = MIP4_VENDOR_ID_DEFAULT;
	cfg->ind_bits = MIP4_USIM_IND_BITS_DEFAULT;

	/* The file first, so that the command line overrides it. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, mn_short_options, mn_options,
				NULL)) != -1)
		if (c == 'c')
			config = optarg;
	if (config)
		mn_config_file(cfg, config);

	opterr = 1;
	optind = 0;	/* glibc: start over, re-initialising */
	while ((c = getopt_long(argc, argv, mn_short_options, mn_options,
				NULL)) != -1) {
		switch (c) {
		case 'c':
			break;
		case 'v':
			cfg->verbosity = 1;
			break;
		case 'q':
			cfg->verbosity = -1;
			break;
		case 'h':
			mn_usage_exit(MN_EXIT_OK);
		case OPT_ONCE:
			once = true;
			break;
		case OPT_COUNT:
			if (mn_parse_ulong(optarg, 1, UINT_MAX, 10, &v))
				mn_usage_error("--count: want a number >= 1, got '%s'",
					       optarg);
			cfg->count = (unsigned int)v;
			count = true;
			break;
		case OPT_DEREG:
			dereg = true;
			break;
		case OPT_SEQUENCE:
			mn_parse_sequence(cfg, optarg);
			sequence = true;
			break;
		case OPT_PRINT_ID:
			cfg->print_id = true;
			break;
		case OPT_SHOW_KEYS:
			cfg->show_keys = true;
			break;
		case OPT_DUMP_REPLY:
			cfg->dump_reply = optarg;
			break;
		case '?':
			mn_usage_exit(MN_EXIT_USAGE);
		default:
			if (mn_option_set(cfg, c, optarg, msg, sizeof(msg)))
				mn_usage_error("--%s: %s", mn_option_name(c),
					       msg);
			break;
		}
	}
	if (optind < argc)
		mn_usage_error("unexpected argument '%s'", argv[optind]);
	if (dereg + (once || count) + sequence > 1)
		mn_usage_error("--dereg, --once or --count, and --sequence exclude each other");
	cfg->mode = dereg ? MN_MODE_DEREG :
		    sequence ? MN_MODE_SEQUENCE :
		    once || count ? MN_MODE_COUNT : MN_MODE_LOOP;

	if (!cfg->has_ha)
		mn_usage_error("the home agent address is required (--ha)");
	if (!cfg->has_home)
		mn_usage_error("the home address is required (--home)");
	mn_config_check_keys(cfg);
}
