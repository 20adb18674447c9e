// SPDX-License-Identifier: GPL-2.0
/* mip4-bench: the command line. */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "proto.h"

static void usage(FILE *f)
{
	fputs(
"usage: mip4-bench --ha A.B.C.D [options]\n"
"Simulated mobile nodes send authenticated Registration Requests to a home\n"
"agent; accepted replies per second, denials, losses and latency.\n"
"\n"
"  --ha A.B.C.D        home agent address (destination and HA field)\n"
"  --port N            destination UDP port (default 434)\n"
"  --prefix A.B.C.D/N  home network prefix (default 10.0.0.0/8)\n"
"  --first A.B.C.D     first home address (default prefix + 256)\n"
"  --nodes N           mobile nodes, consecutive home addresses (default 1000)\n"
"  --spi N             SPI of every node's SA (default 256)\n"
"  --algorithm A       hmac-md5 (default), hmac-sha256 or keyed-md5\n"
"  --rate R            requests/s in all, 0 = flat out (default 0)\n"
"  --duration S        seconds of sending (default 10)\n"
"  --count C           send C requests instead\n"
"  --window W          most requests in flight, in all (default 64)\n"
"  --threads T         sending threads, each with its own socket (default 1)\n"
"  --batch B           requests per sendmmsg() (default 16 flat out, 1 with\n"
"                      --rate)\n"
"  --timeout S         seconds after which a request is lost (default 1)\n"
"  --lifetime L        requested lifetime (default 3600)\n"
"  --coa A.B.C.D       care-of address field (default: the source address)\n"
"  --no-verify         do not check the replies' MHAE\n"
"  --install-sas       install the nodes' SAs over netlink first\n"
"  --netns NAME|PATH   the home agent's network namespace, for netlink\n"
"  --memory            kernel memory per SA and per binding (needs\n"
"                      --install-sas): registers each node once\n"
"  --retries N         --memory: resends of a lost registration (default 3)\n"
"  --settle S          --memory: seconds to wait before reading (default 2)\n"
"  --sink              only send, expect no replies (cost of the path)\n"
"  -j, --json          print JSON; -p, --pretty indented JSON\n"
"  -v, --verbose       progress on stderr\n"
"  -h, --help\n"
"Node i (from 0) has home address first + i and a key of 16 octets:\n"
"\"mip4\" \"benc\" i ~i, each 32 bits big-endian.\n", f);
}

static void die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "mip4-bench: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(BENCH_EXIT_USAGE);
}

static u64 parse_u64(const char *opt, const char *s, u64 min, u64 max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || v < min || v > max) {
		fprintf(stderr, "mip4-bench: %s: want %" PRIu64 "..%" PRIu64
			", got \"%s\"\n", opt, min, max, s);
		exit(BENCH_EXIT_USAGE);
	}
	return v;
}

static double parse_double(const char *opt, const char *s, double min)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= min) || v > 1e9) {
		fprintf(stderr, "mip4-bench: %s: want a number >= %g, got \"%s\"\n",
			opt, min, s);
		exit(BENCH_EXIT_USAGE);
	}
	return v;
}

static struct in_addr parse_addr(const char *opt, const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "mip4-bench: %s: invalid address \"%s\"\n",
			opt, s);
		exit(BENCH_EXIT_USAGE);
	}
	return a;
}

static void parse_prefix(struct bench_cfg *cfg, const char *s)
{
	char buf[INET_ADDRSTRLEN + 4];
	char *slash;
	u32 mask;

	if (strlen(s) >= sizeof(buf))
		die_usage("--prefix: invalid prefix \"%s\"", s);
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (!slash)
		die_usage("--prefix: want A.B.C.D/N, got \"%s\"", s);
	*slash = '\0';
	cfg->prefix = ntohl(parse_addr("--prefix", buf).s_addr);
	cfg->prefix_len = (u8)parse_u64("--prefix length", slash + 1, 1, 32);
	mask = cfg->prefix_len == 32 ? ~0u : ~(~0u >> cfg->prefix_len);
	if (cfg->prefix & ~mask)
		die_usage("--prefix: host bits set in \"%s\"", s);
}

enum {
	OPT_HA = 256, OPT_PORT, OPT_PREFIX, OPT_FIRST, OPT_NODES, OPT_SPI,
	OPT_RATE, OPT_DURATION, OPT_COUNT, OPT_WINDOW, OPT_THREADS, OPT_BATCH,
	OPT_TIMEOUT, OPT_LIFETIME, OPT_COA, OPT_NO_VERIFY, OPT_INSTALL_SAS,
	OPT_NETNS, OPT_MEMORY, OPT_RETRIES, OPT_SETTLE, OPT_SINK,
	OPT_ALGORITHM,
};

static const struct option options[] = {
	{ "ha", required_argument, NULL, OPT_HA },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "prefix", required_argument, NULL, OPT_PREFIX },
	{ "first", required_argument, NULL, OPT_FIRST },
	{ "nodes", required_argument, NULL, OPT_NODES },
	{ "spi", required_argument, NULL, OPT_SPI },
	{ "algorithm", required_argument, NULL, OPT_ALGORITHM },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "lifetime", required_argument, NULL, OPT_LIFETIME },
	{ "coa", required_argument, NULL, OPT_COA },
	{ "no-verify", no_argument, NULL, OPT_NO_VERIFY },
	{ "install-sas", no_argument, NULL, OPT_INSTALL_SAS },
	{ "netns", required_argument, NULL, OPT_NETNS },
	{ "memory", no_argument, NULL, OPT_MEMORY },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "settle", required_argument, NULL, OPT_SETTLE },
	{ "sink", no_argument, NULL, OPT_SINK },
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, 'p' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

void bench_config_parse(struct bench_cfg *cfg, int argc, char **argv)
{
	bool has_ha = false, has_first = false, has_duration = false;
	bool has_batch = false;
	u64 last;
	u32 mask;
	int c;

	memset(cfg, 0, sizeof(*cfg));
	cfg->port = MIP4_PORT;
	cfg->prefix = 0x0a000000;	/* 10.0.0.0/8 */
	cfg->prefix_len = 8;
	cfg->nodes = 1000;
	cfg->spi = BENCH_SPI_DEFAULT;
	cfg->algorithm = MIP4_ALG_HMAC_MD5;
	cfg->lifetime = 3600;
	cfg->duration = 10;
	cfg->window = 64;
	cfg->threads = 1;
	cfg->batch = 16;
	cfg->timeout = 1;
	cfg->retries = 3;
	cfg->settle = 2;
	cfg->verify = true;

	while ((c = getopt_long(argc, argv, "jpvh", options, NULL)) != -1) {
		switch (c) {
		case OPT_HA:
			cfg->ha = parse_addr("--ha", optarg);
			has_ha = true;
			break;
		case OPT_PORT:
			cfg->port = (u16)parse_u64("--port", optarg, 1, 65535);
			break;
		case OPT_PREFIX:
			parse_prefix(cfg, optarg);
			break;
		case OPT_FIRST:
			cfg->first = ntohl(parse_addr("--first", optarg).s_addr);
			has_first = true;
			break;
		case OPT_NODES:
			cfg->nodes = (u32)parse_u64("--nodes", optarg, 1,
						    1u << 30);
			break;
		case OPT_SPI:
			cfg->spi = (u32)parse_u64("--spi", optarg, 256,
						  UINT32_MAX);
			break;
		case OPT_ALGORITHM:
			if (!strcmp(optarg, "hmac-md5"))
				cfg->algorithm = MIP4_ALG_HMAC_MD5;
			else if (!strcmp(optarg, "hmac-sha256"))
				cfg->algorithm = MIP4_ALG_HMAC_SHA256;
			else if (!strcmp(optarg, "keyed-md5"))
				cfg->algorithm = MIP4_ALG_KEYED_MD5;
			else
				die_usage("--algorithm: want hmac-md5, hmac-sha256 or keyed-md5, got \"%s\"",
					  optarg);
			break;
		case OPT_RATE:
			cfg->rate = parse_double("--rate", optarg, 0);
			break;
		case OPT_DURATION:
			cfg->duration = parse_double("--duration", optarg, 0.001);
			has_duration = true;
			break;
		case OPT_COUNT:
			cfg->count = parse_u64("--count", optarg, 1,
					       UINT64_MAX / 2);
			break;
		case OPT_WINDOW:
			cfg->window = (u32)parse_u64("--window", optarg, 1,
						     1u << 24);
			break;
		case OPT_THREADS:
			cfg->threads = (unsigned int)parse_u64("--threads",
				optarg, 1, BENCH_THREADS_MAX);
			break;
		case OPT_BATCH:
			cfg->batch = (unsigned int)parse_u64("--batch", optarg,
							     1, 1024);
			has_batch = true;
			break;
		case OPT_TIMEOUT:
			cfg->timeout = parse_double("--timeout", optarg, 0.001);
			break;
		case OPT_LIFETIME:
			cfg->lifetime = (u16)parse_u64("--lifetime", optarg, 0,
						       65535);
			break;
		case OPT_COA:
			cfg->coa = parse_addr("--coa", optarg);
			cfg->has_coa = true;
			break;
		case OPT_NO_VERIFY:
			cfg->verify = false;
			break;
		case OPT_INSTALL_SAS:
			cfg->install_sas = true;
			break;
		case OPT_NETNS:
			cfg->netns = optarg;
			break;
		case OPT_MEMORY:
			cfg->memory = true;
			break;
		case OPT_RETRIES:
			cfg->retries = (unsigned int)parse_u64("--retries",
				optarg, 0, 1000);
			break;
		case OPT_SETTLE:
			cfg->settle = parse_double("--settle", optarg, 0);
			break;
		case OPT_SINK:
			cfg->sink = true;
			break;
		case 'j':
			cfg->json = true;
			break;
		case 'p':
			cfg->json = cfg->pretty = true;
			break;
		case 'v':
			cfg->verbosity++;
			break;
		case 'h':
			usage(stdout);
			exit(BENCH_EXIT_OK);
		default:
			usage(stderr);
			exit(BENCH_EXIT_USAGE);
		}
	}
	if (optind < argc)
		die_usage("unexpected argument \"%s\"", argv[optind]);
	if (!has_ha)
		die_usage("%s", "--ha is required");
	if (cfg->count && has_duration)
		die_usage("%s", "give --duration or --count, not both");
	if (cfg->count)
		cfg->duration = 0;
	/* Paced requests go out one by one, each timed on its own. */
	if (!has_batch && cfg->rate > 0)
		cfg->batch = 1;
	if (cfg->memory && !cfg->install_sas)
		die_usage("%s", "--memory measures from before the SAs: it needs --install-sas");
	if (cfg->memory && cfg->sink)
		die_usage("%s", "--memory and --sink do not go together");

	mask = cfg->prefix_len == 32 ? ~0u : ~(~0u >> cfg->prefix_len);
	if (!has_first)
		cfg->first = cfg->prefix + (cfg->prefix_len <= 23 ? 256 : 1);
	last = (u64)cfg->first + cfg->nodes - 1;
	if ((cfg->first & mask) != cfg->prefix || last > UINT32_MAX ||
	    ((u32)last & mask) != cfg->prefix)
		die_usage("%s", "the nodes' home addresses do not fit in --prefix");
	if (cfg->threads > cfg->nodes)
		cfg->threads = cfg->nodes;
	if (cfg->window < cfg->threads)
		cfg->window = cfg->threads;
}
