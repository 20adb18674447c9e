// SPDX-License-Identifier: GPL-2.0
/* Configuration input: INI-like `key = value` files and secret files. */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf.h"

static char *conf_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

/* A comment starts at a '#' that begins the line or follows whitespace. */
static void conf_strip_comment(char *s)
{
	char *p;

	for (p = s; *p; p++) {
		if (*p == '#' && (p == s || isspace((unsigned char)p[-1]))) {
			*p = '\0';
			return;
		}
	}
}

static int conf_syntax(struct mip4_conf_error *err, const char *what)
{
	snprintf(err->msg, sizeof(err->msg), "%s", what);
	return -EINVAL;
}

int mip4_conf_parse(FILE *f, mip4_conf_cb cb, void *arg,
		    struct mip4_conf_error *err)
{
	char buf[MIP4_CONF_LINE_MAX + 2], section[MIP4_CONF_LINE_MAX] = "";
	char *line, *eq, *end;
	size_t n;
	int ret;

	err->line = 0;
	err->msg[0] = '\0';
	while (fgets(buf, sizeof(buf), f)) {
		err->line++;
		n = strlen(buf);
		if (n && buf[n - 1] == '\n')
			buf[--n] = '\0';
		else if (!feof(f))
			return conf_syntax(err, "line too long");

		conf_strip_comment(buf);
		line = conf_trim(buf);
		if (!*line)
			continue;

		if (*line == '[') {
			end = strchr(line, ']');
			if (!end || end[1])
				return conf_syntax(err, "bad section line");
			*end = '\0';
			snprintf(section, sizeof(section), "%s",
				 conf_trim(line + 1));
			continue;
		}

		eq = strchr(line, '=');
		if (!eq)
			return conf_syntax(err, "expected key = value");
		*eq = '\0';
		line = conf_trim(line);
		if (!*line)
			return conf_syntax(err, "empty key");
		ret = cb(section, line, conf_trim(eq + 1), arg, err);
		if (ret)
			return ret;
	}
	if (ferror(f)) {
		err->line = 0;
		return -EIO;
	}
	err->line = 0;
	return 0;
}

int mip4_conf_load(const char *path, mip4_conf_cb cb, void *arg,
		   struct mip4_conf_error *err)
{
	FILE *f;
	int ret;

	err->line = 0;
	err->msg[0] = '\0';
	f = fopen(path, "re");
	if (!f)
		return -errno;
	ret = mip4_conf_parse(f, cb, arg, err);
	fclose(f);
	return ret;
}

int mip4_conf_bool(const char *value)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(value, yes[i]))
			return 1;
		if (!strcasecmp(value, no[i]))
			return 0;
	}
	return -EINVAL;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes @s (@len chars) into @out when it is an even run of hex digits. */
static bool hex_decode(const char *s, size_t len, uint8_t *out)
{
	size_t i;

	if (!len || len % 2)
		return false;
	for (i = 0; i < len; i++)
		if (hex_digit(s[i]) < 0)
			return false;
	for (i = 0; i < len; i += 2)
		out[i / 2] = (uint8_t)(hex_digit(s[i]) << 4 | hex_digit(s[i + 1]));
	return true;
}

/* Room for a hex key of 255 octets with some whitespace around it. */
#define SECRET_FILE_MAX	1024

/* Reads a file of secrets (or standard input for "-") into @buf, which
 * holds @max + 1 octets: the extra one tells a file that is too long.
 */
ssize_t mip4_secret_file_read(const char *path, char *buf, size_t max)
{
	size_t len = 0;
	ssize_t n, ret;
	int fd;

	if (!strcmp(path, "-")) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
	}
	ret = 0;
	while (len < max + 1) {
		n = read(fd, buf + len, max + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (ret)
		return ret;
	return len > max ? -EMSGSIZE : (ssize_t)len;
}

ssize_t mip4_secret_read(const char *path, uint8_t *out, size_t max)
{
	char buf[SECRET_FILE_MAX + 1];
	uint8_t decoded[SECRET_FILE_MAX / 2];
	size_t len, hex_len;
	const char *hex;
	ssize_t ret;

	ret = mip4_secret_file_read(path, buf, SECRET_FILE_MAX);
	if (ret < 0)
		goto out;
	len = (size_t)ret;

	hex = buf;
	hex_len = len;
	while (hex_len && isspace((unsigned char)*hex)) {
		hex++;
		hex_len--;
	}
	while (hex_len && isspace((unsigned char)hex[hex_len - 1]))
		hex_len--;
	if (hex_len > 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) {
		hex += 2;
		hex_len -= 2;
	}

	if (hex_decode(hex, hex_len, decoded)) {
		ret = (ssize_t)(hex_len / 2);
		if ((size_t)ret > max)
			ret = -EMSGSIZE;
		else
			memcpy(out, decoded, (size_t)ret);
	} else if (!hex_len) {
		/* Nothing but whitespace is no key. */
		ret = -EINVAL;
	} else if (len > max) {
		ret = -EMSGSIZE;
	} else {
		memcpy(out, buf, len);
		ret = (ssize_t)len;
	}

out:
	explicit_bzero(buf, sizeof(buf));
	explicit_bzero(decoded, sizeof(decoded));
	return ret;
}
