// SPDX-License-Identifier: GPL-2.0
/* mip4ctl: errors, netlink calls, arguments, lists. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "log.h"

/* One line to stderr for errors that never reached the kernel. */
int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mip4_vwarn("Error: ", fmt, ap);
	va_end(ap);
	return 1;
}

int open_nl(struct mip4_nl **nl)
{
	struct mip4_nl_error e;

	if (mip4_nl_open(nl, &e) < 0) {
		mip4_nl_error_print(stderr, &e, NULL);
		return 1;
	}
	return 0;
}

/* Sends @req and reports a failure; returns the exit status. */
int call(struct mip4_nl *nl, struct nl_msg *req, int maxattr,
	 mip4_nl_reply_cb cb, void *arg, const char *(*attr_name)(int type))
{
	struct mip4_nl_error e;

	if (mip4_nl_call(nl, req, maxattr, cb, arg, &e) < 0) {
		mip4_nl_error_print(stderr, &e, attr_name);
		return 1;
	}
	return 0;
}

/* Command @what (ha del, binding flush): request @cmd, which takes no
 * argument and gets no reply but the acknowledgement.
 */
int call_no_args(const char *what, uint8_t cmd,
		 const char *(*attr_name)(int type), int argc, char **argv)
{
	struct mip4_nl *nl;
	int r;

	if (argc > 0)
		return fail("%s: unexpected argument \"%s\"", what, argv[0]);
	if (open_nl(&nl))
		return 1;
	r = call(nl, mip4_nl_msg(nl, cmd), 0, NULL, NULL, attr_name);
	mip4_nl_close(nl);
	return r;
}

/* Runs the command of family @family (ha, sa, binding) that argv[0] names,
 * the first of @cmds (show) when there is none.
 */
int run_subcommand(struct ctl *ctl, const char *family,
		   const struct subcommand *cmds, size_t n, int argc,
		   char **argv)
{
	size_t i;

	if (argc == 0)
		return cmds[0].fn(ctl, 0, argv);
	for (i = 0; i < n; i++)
		if (!strcmp(argv[0], cmds[i].name))
			return cmds[i].fn(ctl, argc - 1, argv + 1);
	return fail("%s: unknown command \"%s\"; try \"%s help\"", family,
		    argv[0], ctl->prog);
}

/* Decimal without sign, at most @max. */
bool parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	unsigned long long n;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end || n > max)
		return false;
	*v = (uint32_t)n;
	return true;
}

bool parse_addr(const char *s, uint32_t *addr)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return false;
	*addr = in.s_addr;
	return true;
}

bool parse_prefix(const char *s, uint32_t *prefix, uint8_t *len)
{
	char buf[INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	uint32_t n;

	if (!slash || (size_t)(slash - s) >= sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (!parse_addr(buf, prefix) || !parse_u32(slash + 1, 32, &n))
		return false;
	*len = (uint8_t)n;
	return true;
}

void *list_add(struct list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		void *p = malloc(cap * l->size);

		if (!p)
			return NULL;
		if (l->n)
			memcpy(p, l->items, l->n * l->size);
		if (l->items) {
			if (l->wipe)
				explicit_bzero(l->items, l->n * l->size);
			free(l->items);
		}
		l->items = p;
		l->cap = cap;
	}
	return (char *)l->items + l->n++ * l->size;
}

void list_free(struct list *l)
{
	if (l->items && l->wipe)
		explicit_bzero(l->items, l->n * l->size);
	free(l->items);
	memset(l, 0, sizeof(*l));
}
