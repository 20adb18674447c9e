/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mip4_json: a streaming JSON printer for the mip4 tools.
 *
 *	struct mip4_json j;
 *
 *	mip4_json_init(&j, stdout, pretty);
 *	mip4_json_obj_open(&j, NULL);
 *	mip4_json_str(&j, "address", "10.1.0.1");
 *	mip4_json_u64(&j, "max_lifetime", 1800);
 *	mip4_json_obj_close(&j);
 *	mip4_json_end(&j);
 *
 * Keys are given inside objects and are NULL inside arrays and at the top.
 * Strings are escaped as RFC 8259 asks; bytes that are not valid UTF-8
 * become U+FFFD, so the output is always valid JSON.
 */

#ifndef MIP4_JSON_H
#define MIP4_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define MIP4_JSON_MAX_DEPTH 32

struct mip4_json {
	FILE *f;
	bool pretty;
	int depth;
	/* Whether the container at each depth already holds a value. */
	bool nonempty[MIP4_JSON_MAX_DEPTH + 1];
};

void mip4_json_init(struct mip4_json *j, FILE *f, bool pretty);

void mip4_json_obj_open(struct mip4_json *j, const char *key);
void mip4_json_obj_close(struct mip4_json *j);
void mip4_json_arr_open(struct mip4_json *j, const char *key);
void mip4_json_arr_close(struct mip4_json *j);

void mip4_json_str(struct mip4_json *j, const char *key, const char *s);
void mip4_json_u64(struct mip4_json *j, const char *key, uint64_t v);
void mip4_json_i64(struct mip4_json *j, const char *key, int64_t v);
void mip4_json_bool(struct mip4_json *j, const char *key, bool v);
void mip4_json_null(struct mip4_json *j, const char *key);

/* Ends a top-level value with a newline. */
void mip4_json_end(struct mip4_json *j);

/* Writes @s as a quoted, escaped JSON string. */
void mip4_json_write_string(FILE *f, const char *s);

#endif /* MIP4_JSON_H */
