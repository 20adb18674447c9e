// SPDX-License-Identifier: GPL-2.0
/*
 * What the files of mip4ctl share: the global options, the subcommand
 * table's entry, the helpers of util.c and the message parsers and
 * printers of print.c. One file per command family: ha.c (ha, stats),
 * sa.c, binding.c, monitor.c; main.c holds the table and the options.
 */
#ifndef MIP4CTL_CTL_H
#define MIP4CTL_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <netlink/netlink.h>

#include "mip4_json.h"
#include "mip4_nl.h"

struct ctl {
	const char *prog;
	bool json;
	bool pretty;
};

struct subcommand {
	const char *name;
	int (*fn)(struct ctl *ctl, int argc, char **argv);
	const char *args;
	const char *desc;
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

#define KEY_MAX 255		/* more than the kernel takes: it says so */

/* The command families, one file each. */
int cmd_ha(struct ctl *ctl, int argc, char **argv);
int cmd_stats(struct ctl *ctl, int argc, char **argv);
int cmd_sa(struct ctl *ctl, int argc, char **argv);
int cmd_binding(struct ctl *ctl, int argc, char **argv);
int cmd_monitor(struct ctl *ctl, int argc, char **argv);
void print_ha_set_usage(FILE *f);

/* util.c */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int open_nl(struct mip4_nl **nl);
int call_no_args(const char *what, uint8_t cmd,
		 const char *(*attr_name)(int type), int argc, char **argv);
int run_subcommand(struct ctl *ctl, const char *family,
		   const struct subcommand *cmds, size_t n, int argc,
		   char **argv);
int call(struct mip4_nl *nl, struct nl_msg *req, int maxattr,
	 mip4_nl_reply_cb cb, void *arg, const char *(*attr_name)(int type));
bool parse_u32(const char *s, uint32_t max, uint32_t *v);
bool parse_addr(const char *s, uint32_t *addr);
bool parse_prefix(const char *s, uint32_t *prefix, uint8_t *len);

/* A growing array of what a dump returned. */
struct list {
	void *items;
	size_t n, cap, size;
	bool wipe;
};

void *list_add(struct list *l);
void list_free(struct list *l);

/* print.c: one parser and one printer per message shape, for the dumps
 * (sa show, binding show) and the notifications (monitor) alike. */
/* What the kernel reports of a security association. */
struct sa_info {
	uint8_t nai[255];
	size_t nai_len;
	bool has_nai, has_home;
	uint8_t user_nai[255];		/* multiple authentications */
	size_t user_nai_len;
	bool has_user_nai;
	uint32_t home;
	uint32_t spi;
	uint8_t algorithm, replay, role;
	bool has_tolerance, has_key_lifetime, dynamic;
	uint32_t tolerance, key_lifetime;
	uint64_t last_id;
	uint8_t key[KEY_MAX];
	size_t key_len;
	bool has_key;
	uint8_t event, reason;
};

/* What the kernel reports of a binding. */
struct binding_info {
	uint32_t home, coa, src;	/* network byte order */
	uint8_t nai[255];
	size_t nai_len;
	bool has_nai, has_remaining;
	uint8_t user_nai[255];		/* multiple authentications */
	size_t user_nai_len;
	bool has_user_nai;
	uint32_t spi, lifetime, remaining;
	uint8_t flags, event, reason;
	uint16_t sport;
	uint64_t id, tx_packets, tx_bytes, rx_packets, rx_bytes;
};

int sa_parse(struct nlattr **tb, struct sa_info *s);
void sa_print(const struct ctl *ctl, struct mip4_json *j,
	      const struct sa_info *s, bool event);
int binding_parse(struct nlattr **tb, struct binding_info *b);
void binding_print(const struct ctl *ctl, struct mip4_json *j,
		   const struct binding_info *b, bool event);

#endif
