/* SPDX-License-Identifier: GPL-2.0 */
/*
 * password.h: reading a password (MS-CHAPv2, dynamic keys) from a file.
 * Unlike key files (conf.h, mip4_secret_read()) nothing is decoded: the
 * password is the file's text, so "deadbeef" stays eight characters.
 */

#ifndef MIP4_PASSWORD_H
#define MIP4_PASSWORD_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Longest password file read: 256 UTF-16 code units (RFC 2759) take at
 * most 768 octets of UTF-8, and a line ending follows.
 */
#define MIP4_PASSWORD_MAX	1024

/*
 * Reads the password in the file at @path, or standard input for "-": the
 * whole content, less one line ending ("\n" or "\r\n") at its end; other
 * characters, blanks included, are part of it. Writes it to @out (@max
 * octets) and a terminating NUL after it, and returns its length.
 * Errors: -EINVAL for an empty password, or one that holds a NUL or a line
 * ending before its end; -EMSGSIZE when it does not fit in @max - 1 octets;
 * -errno of a failed open or read. Temporary copies are wiped.
 */
ssize_t mip4_password_read(const char *path, char *out, size_t max);

#endif /* MIP4_PASSWORD_H */
