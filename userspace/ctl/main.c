// SPDX-License-Identifier: GPL-2.0
/*
 * mip4ctl: configure the mip4ha Home Agent of the current network namespace.
 *
 *	mip4ctl ha set address A prefix P/N [max-lifetime S]
 *		       [replay-tolerance S] [max-bindings N] ...
 *	mip4ctl [-j] [-p] ha show
 *	mip4ctl ha del
 *	mip4ctl [-j] [-p] stats
 *	mip4ctl sa add (nai N | home-address A) spi S [algorithm ALG]
 *		       [replay timestamp|nonce] [replay-tolerance S] key-file F
 *	mip4ctl sa del (nai N | home-address A) spi S
 *	mip4ctl sa set nai N spi S key-lifetime L
 *	mip4ctl [-j] [-p] sa show [nai N | home-address A] [spi S] [secrets]
 *	mip4ctl [-j] [-p] binding show [home-address A]
 *	mip4ctl binding del home-address A [care-of-address C]
 *	mip4ctl binding flush
 *	mip4ctl [-j] monitor [events] [refresh]
 *
 * Exit status: 0 on success, 1 on any error (bad input, or the kernel
 * refused). Errors are one line on stderr starting with "Error: ".
 */


#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"

static int cmd_help(struct ctl *ctl, int argc, char **argv);

static const struct subcommand subcommands[] = {
	{ "ha", cmd_ha, "{ show | set ARGS | del }",
	  "show, set or delete the Home Agent configuration" },
	{ "stats", cmd_stats, "", "show the Home Agent counters" },
	{ "sa", cmd_sa, "{ show | add | del } ARGS",
	  "security associations" },
	{ "binding", cmd_binding, "{ show | del | flush } ARGS",
	  "mobility bindings" },
	{ "monitor", cmd_monitor, "[events] [refresh]",
	  "print binding and SA events" },
	{ "help", cmd_help, "", "show this help" },
};

static void usage(FILE *f, const char *prog)
{
	size_t i;

	fprintf(f, "Usage: %s [-j] [-p] COMMAND [ARGS]\n\n", prog);
	fprintf(f, "Commands:\n");
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-8s %-28s %s\n", subcommands[i].name,
			subcommands[i].args, subcommands[i].desc);
	fputc('\n', f);
	print_ha_set_usage(f);
	fprintf(f,
		"      The first set of a namespace needs address and prefix.\n"
		"  sa add (nai N | home-address A) spi S\n"
		"         [algorithm hmac-md5|hmac-sha256|keyed-md5]\n"
		"         [replay timestamp|nonce] [replay-tolerance S] key-file F\n"
		"      F holds the key in hex (- reads standard input).\n"
		"  sa del (nai N | home-address A) spi S\n"
		"  sa set nai N spi S key-lifetime L\n"
		"  sa show [nai N | home-address A] [spi S] [secrets]\n"
		"  binding show [home-address A]\n"
		"  binding del home-address A [care-of-address C]\n"
		"  binding flush\n"
		"  monitor [events] [refresh]\n"
		"                 one line (-j: one JSON object) per event: events\n"
		"                 (bindings added and deleted, SAs), refresh (bindings\n"
		"                 registered again); both without an argument\n"
		"\n"
		"Options:\n"
		"  -j, --json     print JSON\n"
		"  -p, --pretty   print JSON with indentation (implies -j)\n"
		"  -h, --help     show this help\n"
		"\n"
		"Acts on the Home Agent of the current network namespace\n"
		"(use ip netns exec NAME %s ... for another one).\n", prog);
}

static int cmd_help(struct ctl *ctl, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout, ctl->prog);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl ctl = { .prog = "mip4ctl" };
	size_t i;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jph", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctl.json = true;
			break;
		case 'p':
			ctl.json = true;
			ctl.pretty = true;
			break;
		case 'h':
			usage(stdout, ctl.prog);
			return 0;
		default:
			if (optopt)
				return fail("unknown option \"-%c\"; try \"%s help\"",
					    optopt, ctl.prog);
			return fail("unknown option \"%s\"; try \"%s help\"",
				    argv[optind - 1], ctl.prog);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr, ctl.prog);
		return 1;
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[0], subcommands[i].name))
			return subcommands[i].fn(&ctl, argc - 1, argv + 1);
	return fail("unknown command \"%s\"; try \"%s help\"", argv[0],
		    ctl.prog);
}
