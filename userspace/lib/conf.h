/* SPDX-License-Identifier: GPL-2.0 */
/*
 * conf.h: configuration input shared by the userspace programs: INI-like
 * `key = value` files and secret (key) files.
 */

#ifndef MIP4_CONF_H
#define MIP4_CONF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define MIP4_CONF_LINE_MAX	1024
#define MIP4_CONF_MSG_MAX	160

struct mip4_conf_error {
	unsigned int line;		/* 0: not about one line */
	char msg[MIP4_CONF_MSG_MAX];	/* "" when the errno says it all */
};

/*
 * Called for each `key = value` line, with surrounding whitespace removed
 * from both (value may be ""). @section is the name of the last `[name]`
 * line, "" before any. Returns 0, or a negative errno after writing a
 * message into @err->msg.
 */
typedef int (*mip4_conf_cb)(const char *section, const char *key,
			    const char *value, void *arg,
			    struct mip4_conf_error *err);

/*
 * Reads @f line by line. Blank lines and comments are skipped: a comment
 * starts with '#' at the beginning of a line or after whitespace. Returns 0;
 * -EINVAL for a syntax error (a line without '=', an empty key, an unclosed
 * section, a line longer than MIP4_CONF_LINE_MAX); -errno for a read error;
 * or what @cb returned. @err->line is the line of the problem.
 */
int mip4_conf_parse(FILE *f, mip4_conf_cb cb, void *arg,
		    struct mip4_conf_error *err);

/* mip4_conf_parse() on the file at @path; -errno when it cannot be opened. */
int mip4_conf_load(const char *path, mip4_conf_cb cb, void *arg,
		   struct mip4_conf_error *err);

/* "yes"/"true"/"on"/"1" → 1, "no"/"false"/"off"/"0" → 0, else -EINVAL. */
int mip4_conf_bool(const char *value);

/*
 * Reads a secret from the file at @path, or from standard input when @path
 * is "-". A file holding an even number of hex digits (an optional "0x"
 * prefix and surrounding whitespace allowed) is decoded; any other content
 * is the key itself, byte for byte. Writes at most @max octets to @out.
 * Returns the key length, or a negative errno: -EINVAL for an empty (or
 * all-whitespace) key, -EMSGSIZE for one longer than @max, or that of the
 * failed open or read.
 * Temporary copies of the secret are wiped.
 */
ssize_t mip4_secret_read(const char *path, uint8_t *out, size_t max);
/* The file as it is (at most @max octets; @buf holds @max + 1); -errno. */
ssize_t mip4_secret_file_read(const char *path, char *buf, size_t max);

#endif /* MIP4_CONF_H */
