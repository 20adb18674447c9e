// SPDX-License-Identifier: GPL-2.0
/* Password files (MS-CHAPv2 passwords of dynamic keys). */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "password.h"

ssize_t mip4_password_read(const char *path, char *out, size_t max)
{
	char buf[MIP4_PASSWORD_MAX + 1];
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
	/* One octet more than allowed tells a file that is too long. */
	while (len < sizeof(buf)) {
		n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto out;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	if (len > MIP4_PASSWORD_MAX) {
		ret = -EMSGSIZE;
		goto out;
	}

	if (len && buf[len - 1] == '\n') {
		len--;
		if (len && buf[len - 1] == '\r')
			len--;
	}
	/* A second line is more likely a mistake than part of a password. */
	if (!len || memchr(buf, '\0', len) || memchr(buf, '\n', len)) {
		ret = -EINVAL;
	} else if (len >= max) {
		ret = -EMSGSIZE;
	} else {
		memcpy(out, buf, len);
		out[len] = '\0';
		ret = (ssize_t)len;
	}

out:
	explicit_bzero(buf, sizeof(buf));
	if (fd != STDIN_FILENO)
		close(fd);
	return ret;
}
