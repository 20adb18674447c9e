// SPDX-License-Identifier: GPL-2.0
/* Streaming JSON printer; see mip4_json.h. */

#include <inttypes.h>
#include <string.h>

#include "mip4_json.h"

void mip4_json_init(struct mip4_json *j, FILE *f, bool pretty)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->pretty = pretty;
}

/* Length of the valid UTF-8 sequence at @s, or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void mip4_json_write_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	fputc('"', f);
	while (*s) {
		size_t n;

		switch (*s) {
		case '"':  fputs("\\\"", f); s++; continue;
		case '\\': fputs("\\\\", f); s++; continue;
		case '\b': fputs("\\b", f); s++; continue;
		case '\f': fputs("\\f", f); s++; continue;
		case '\n': fputs("\\n", f); s++; continue;
		case '\r': fputs("\\r", f); s++; continue;
		case '\t': fputs("\\t", f); s++; continue;
		}
		if (*s < 0x20 || *s == 0x7f) {
			fprintf(f, "\\u%04x", *s);
			s++;
			continue;
		}
		n = utf8_len(s);
		if (!n) {
			fputs("\\ufffd", f);
			s++;
			continue;
		}
		fwrite(s, 1, n, f);
		s += n;
	}
	fputc('"', f);
}

static void indent(struct mip4_json *j)
{
	int i;

	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("    ", j->f);
}

/* Separator, indentation and key before a value. */
static void begin_value(struct mip4_json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->nonempty[j->depth])
			fputc(',', j->f);
		if (j->pretty)
			indent(j);
	}
	j->nonempty[j->depth] = true;
	if (key) {
		mip4_json_write_string(j->f, key);
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

static void open_container(struct mip4_json *j, const char *key, char c)
{
	begin_value(j, key);
	fputc(c, j->f);
	if (j->depth < MIP4_JSON_MAX_DEPTH)
		j->depth++;
	j->nonempty[j->depth] = false;
}

static void close_container(struct mip4_json *j, char c)
{
	bool nonempty = j->nonempty[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (j->pretty && nonempty)
		indent(j);
	fputc(c, j->f);
}

void mip4_json_obj_open(struct mip4_json *j, const char *key)
{
	open_container(j, key, '{');
}

void mip4_json_obj_close(struct mip4_json *j)
{
	close_container(j, '}');
}

void mip4_json_arr_open(struct mip4_json *j, const char *key)
{
	open_container(j, key, '[');
}

void mip4_json_arr_close(struct mip4_json *j)
{
	close_container(j, ']');
}

void mip4_json_str(struct mip4_json *j, const char *key, const char *s)
{
	begin_value(j, key);
	mip4_json_write_string(j->f, s);
}

void mip4_json_u64(struct mip4_json *j, const char *key, uint64_t v)
{
	begin_value(j, key);
	fprintf(j->f, "%" PRIu64, v);
}

void mip4_json_i64(struct mip4_json *j, const char *key, int64_t v)
{
	begin_value(j, key);
	fprintf(j->f, "%" PRId64, v);
}

void mip4_json_bool(struct mip4_json *j, const char *key, bool v)
{
	begin_value(j, key);
	fputs(v ? "true" : "false", j->f);
}

void mip4_json_null(struct mip4_json *j, const char *key)
{
	begin_value(j, key);
	fputs("null", j->f);
}

void mip4_json_end(struct mip4_json *j)
{
	fputc('\n', j->f);
	j->nonempty[0] = false;
}
