// SPDX-License-Identifier: GPL-2.0
/* Password files (MS-CHAPv2 passwords of dynamic keys). */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "password.h"

ssize_t mip4_password_read(const char *path, char *out, size_t max)
{
	char buf[MIP4_PASSWORD_MAX + 1];
	size_t len;
	ssize_t ret;

	ret = mip4_secret_file_read(path, buf, MIP4_PASSWORD_MAX);
	if (ret < 0)
		goto out;
	len = (size_t)ret;

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
	return ret;
}
