// SPDX-License-Identifier: GPL-2.0
/* Generic-netlink plumbing for the mip4ha family; see mip4_nl.h. */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "mip4ha.h"
#include "mip4_nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct mip4_nl {
	struct nl_sock *sk;
	int family;
};

void mip4_nl_error_clear(struct mip4_nl_error *e)
{
	if (!e)
		return;
	memset(e, 0, sizeof(*e));
	e->bad_attr = -1;
	e->missing_attr = -1;
}

static void set_error(struct mip4_nl_error *e, int err, const char *msg)
{
	if (!e)
		return;
	mip4_nl_error_clear(e);
	e->err = err;
	if (msg)
		snprintf(e->msg, sizeof(e->msg), "%s", msg);
}

/* libnl reports its own error codes; keep the common ones as errno. */
static int nlerr_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:		return ENOMEM;
	case NLE_PERM:		return EPERM;
	case NLE_NOACCESS:	return EACCES;
	case NLE_AGAIN:		return EAGAIN;
	case NLE_INTR:		return EINTR;
	case NLE_BUSY:		return EBUSY;
	case NLE_INVAL:		return EINVAL;
	case NLE_RANGE:		return ERANGE;
	case NLE_EXIST:		return EEXIST;
	case NLE_OBJ_NOTFOUND:	return ENOENT;
	case NLE_OPNOTSUPP:	return EOPNOTSUPP;
	case NLE_PROTO_MISMATCH:
	case NLE_AF_NOSUPPORT:	return EPROTONOSUPPORT;
	case NLE_MSGSIZE:	return EMSGSIZE;
	default:		return EIO;
	}
}

int mip4_nl_open(struct mip4_nl **nlp, struct mip4_nl_error *e)
{
	struct mip4_nl *nl;
	int one = 1;
	int fd, r;

	*nlp = NULL;
	nl = calloc(1, sizeof(*nl));
	if (!nl) {
		set_error(e, ENOMEM, NULL);
		return -ENOMEM;
	}
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		free(nl);
		set_error(e, ENOMEM, NULL);
		return -ENOMEM;
	}
	r = genl_connect(nl->sk);
	if (r < 0) {
		int err = nlerr_to_errno(r);
		char text[MIP4_NL_MSG_MAX];

		snprintf(text, sizeof(text), "cannot open netlink socket: %s",
			 nl_geterror(r));
		set_error(e, err, text);
		mip4_nl_close(nl);
		return -err;
	}
	fd = nl_socket_get_fd(nl->sk);
	/* Both are best effort: kernels before 4.12 have no extended ACK. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	nl->family = genl_ctrl_resolve(nl->sk, MIP4HA_FAMILY_NAME);
	if (nl->family < 0) {
		int err = nlerr_to_errno(nl->family);

		if (err == ENOENT) {
			set_error(e, ENOENT, "mip4ha module not loaded");
		} else {
			char text[MIP4_NL_MSG_MAX];

			snprintf(text, sizeof(text),
				 "cannot resolve the mip4ha family: %s",
				 nl_geterror(nl->family));
			set_error(e, err, text);
		}
		mip4_nl_close(nl);
		return -err;
	}
	*nlp = nl;
	return 0;
}

void mip4_nl_close(struct mip4_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

struct nl_sock *mip4_nl_sock(struct mip4_nl *nl)
{
	return nl->sk;
}

int mip4_nl_family(const struct mip4_nl *nl)
{
	return nl->family;
}

int mip4_nl_join_group(struct mip4_nl *nl, const char *group,
		       struct mip4_nl_error *e)
{
	char text[MIP4_NL_MSG_MAX];
	int grp, r, err;

	grp = genl_ctrl_resolve_grp(nl->sk, MIP4HA_FAMILY_NAME, group);
	if (grp < 0) {
		err = nlerr_to_errno(grp);
		snprintf(text, sizeof(text),
			 "no multicast group %s in mip4ha: %s", group,
			 nl_geterror(grp));
		set_error(e, err, text);
		return -err;
	}
	r = nl_socket_add_membership(nl->sk, grp);
	if (r < 0) {
		err = nlerr_to_errno(r);
		snprintf(text, sizeof(text), "cannot join group %s: %s",
			 group, nl_geterror(r));
		set_error(e, err, text);
		return -err;
	}
	return 0;
}

struct nl_msg *mip4_nl_msg(struct mip4_nl *nl, uint8_t cmd)
{
	struct nl_msg *msg;

	/* A socket already closed (mip4d stopping): nothing to send. */
	if (!nl)
		return NULL;
	msg = nlmsg_alloc();
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, 0, cmd,
			 MIP4HA_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Walks the attribute stream [head, head + len) looking for @offset. */
static int attr_at(const char *base, const char *head, size_t len,
		   uint32_t offset, int depth)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)head;
		size_t start = (size_t)(head - base);
		size_t alen = a->nla_len;

		if (alen < NLA_HDRLEN || alen > len)
			return -1;
		if (start == offset)
			return a->nla_type & NLA_TYPE_MASK;
		if (offset > start && offset < start + alen) {
			if (depth >= 8)
				return -1;
			return attr_at(base, head + NLA_HDRLEN,
				       alen - NLA_HDRLEN, offset, depth + 1);
		}
		alen = NLA_ALIGN(alen);
		if (alen >= len)
			break;
		head += alen;
		len -= alen;
	}
	return -1;
}

int mip4_nl_attr_at_offset(const struct nlmsghdr *nlh, size_t hdrlen,
			   uint32_t offset)
{
	size_t first = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);

	if (nlh->nlmsg_len < first || offset < first ||
	    offset >= nlh->nlmsg_len)
		return -1;
	return attr_at((const char *)nlh, (const char *)nlh + first,
		       nlh->nlmsg_len - first, offset, 0);
}

struct call_ctx {
	struct nl_msg *req;
	int maxattr;
	mip4_nl_reply_cb cb;
	void *arg;
	struct mip4_nl_error *e;
	struct nlattr **tb;
	int cb_err;
	bool done;
};

void mip4_nl_ext_ack_tlvs(const char *tlvs, size_t len,
			  const struct nlmsghdr *req, struct mip4_nl_error *e)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)tlvs, (int)len,
		      NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG]) {
		const char *s = nla_data(tb[NLMSGERR_ATTR_MSG]);
		int n = nla_len(tb[NLMSGERR_ATTR_MSG]);

		/* The kernel's string includes its NUL; don't trust that. */
		n = (int)strnlen(s, (size_t)n);
		if (n >= MIP4_NL_MSG_MAX)
			n = MIP4_NL_MSG_MAX - 1;
		memcpy(e->msg, s, (size_t)n);
		e->msg[n] = '\0';
	}
	if (tb[NLMSGERR_ATTR_OFFS] &&
	    nla_len(tb[NLMSGERR_ATTR_OFFS]) == sizeof(uint32_t)) {
		e->has_offset = 1;
		e->offset = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
		e->bad_attr = mip4_nl_attr_at_offset(req, GENL_HDRLEN,
						     e->offset);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) == sizeof(uint32_t))
		e->missing_attr = (int)nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
}

void mip4_nl_ext_ack(const struct nlmsghdr *nlh, const struct nlmsghdr *req,
		     struct mip4_nl_error *e)
{
	const struct nlmsgerr *err = nlmsg_data(nlh);
	size_t payload = (size_t)nlmsg_datalen(nlh);
	size_t off = sizeof(*err);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || payload < off)
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (err->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	off = NLMSG_ALIGN(off);
	if (off < payload)
		mip4_nl_ext_ack_tlvs((const char *)err + off, payload - off,
				     req, e);
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *nlerr, void *arg)
{
	struct call_ctx *ctx = arg;
	/* libnl passes the payload of the NLMSG_ERROR message. */
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((char *)nlerr - NLMSG_HDRLEN);

	(void)who;
	mip4_nl_error_clear(ctx->e);
	ctx->e->err = -nlerr->error;
	mip4_nl_ext_ack(nlh, nlmsg_hdr(ctx->req), ctx->e);
	ctx->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct call_ctx *ctx = arg;

	/* An ACK may carry a warning message; keep it, with err = 0. */
	mip4_nl_ext_ack(nlmsg_hdr(msg), nlmsg_hdr(ctx->req), ctx->e);
	ctx->done = true;
	return NL_STOP;
}

/* NLMSG_DONE ends a dump: an int error, then extended-ACK TLVs. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct call_ctx *ctx = arg;
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t payload = (size_t)nlmsg_datalen(nlh);
	int error = 0;

	ctx->done = true;
	if (payload < sizeof(error))
		return NL_STOP;
	memcpy(&error, nlmsg_data(nlh), sizeof(error));
	if (!error)
		return NL_STOP;
	ctx->e->err = -error;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    NLMSG_ALIGN(sizeof(error)) < payload)
		mip4_nl_ext_ack_tlvs((const char *)nlmsg_data(nlh) +
				     NLMSG_ALIGN(sizeof(error)),
				     payload - NLMSG_ALIGN(sizeof(error)),
				     nlmsg_hdr(ctx->req), ctx->e);
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct call_ctx *ctx = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int r;

	if (!ctx->cb || ctx->cb_err)
		return NL_OK;
	r = genlmsg_parse(nlh, 0, ctx->tb, ctx->maxattr, NULL);
	if (r < 0) {
		ctx->cb_err = -EBADMSG;
		return NL_OK;
	}
	r = ctx->cb(ctx->tb, ctx->arg);
	if (r < 0)
		ctx->cb_err = r;
	return NL_OK;
}

static int transact(struct mip4_nl *nl, struct nl_msg *req, bool dump,
		    int maxattr, mip4_nl_reply_cb cb, void *arg,
		    struct mip4_nl_error *e)
{
	struct mip4_nl_error local;
	struct call_ctx ctx = {
		.req = req,
		.maxattr = maxattr,
		.cb = cb,
		.arg = arg,
		.e = e ? e : &local,
	};
	struct nl_cb *nlcb = NULL;
	int r;

	mip4_nl_error_clear(ctx.e);
	if (!req) {
		set_error(ctx.e, ENOMEM, NULL);
		return -ENOMEM;
	}
	if (maxattr < 0)
		maxattr = 0;
	ctx.tb = calloc((size_t)maxattr + 1, sizeof(*ctx.tb));
	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!ctx.tb || !nlcb) {
		set_error(ctx.e, ENOMEM, NULL);
		r = -ENOMEM;
		goto out;
	}
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &ctx);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &ctx);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &ctx);
	nl_cb_err(nlcb, NL_CB_CUSTOM, on_error, &ctx);
	if (dump)
		nlmsg_hdr(req)->nlmsg_flags |= NLM_F_DUMP;

	r = nl_send_auto(nl->sk, req);
	if (r < 0) {
		char text[MIP4_NL_MSG_MAX];
		int err = nlerr_to_errno(r);

		snprintf(text, sizeof(text), "cannot send to the kernel: %s",
			 nl_geterror(r));
		set_error(ctx.e, err, text);
		r = -err;
		goto out;
	}
	while (!ctx.done) {
		r = nl_recvmsgs(nl->sk, nlcb);
		if (r < 0 && !ctx.done) {
			char text[MIP4_NL_MSG_MAX];
			int err = nlerr_to_errno(r);

			snprintf(text, sizeof(text),
				 "cannot receive from the kernel: %s",
				 nl_geterror(r));
			set_error(ctx.e, err, text);
			r = -err;
			goto out;
		}
	}
	if (ctx.e->err) {
		r = -ctx.e->err;
	} else if (ctx.cb_err) {
		r = ctx.cb_err;
		set_error(ctx.e, -r, r == -EBADMSG ?
			  "malformed reply from the kernel" : NULL);
	} else {
		r = 0;
	}
out:
	nl_cb_put(nlcb);
	free(ctx.tb);
	nlmsg_free(req);
	return r;
}

int mip4_nl_call(struct mip4_nl *nl, struct nl_msg *req, int maxattr,
		 mip4_nl_reply_cb cb, void *arg, struct mip4_nl_error *e)
{
	return transact(nl, req, false, maxattr, cb, arg, e);
}

int mip4_nl_dump(struct mip4_nl *nl, struct nl_msg *req, int maxattr,
		 mip4_nl_reply_cb cb, void *arg, struct mip4_nl_error *e)
{
	return transact(nl, req, true, maxattr, cb, arg, e);
}

static int attr_fixed(const struct nlattr *attr, void *v, int len)
{
	if (!attr || nla_len(attr) != len)
		return -EINVAL;
	memcpy(v, nla_data(attr), (size_t)len);
	return 0;
}

int mip4_nl_attr_u8(const struct nlattr *attr, uint8_t *v)
{
	return attr_fixed(attr, v, sizeof(*v));
}

int mip4_nl_attr_u32(const struct nlattr *attr, uint32_t *v)
{
	return attr_fixed(attr, v, sizeof(*v));
}

int mip4_nl_attr_u64(const struct nlattr *attr, uint64_t *v)
{
	return attr_fixed(attr, v, sizeof(*v));
}

int mip4_nl_attr_in_addr(const struct nlattr *attr, uint32_t *v)
{
	return attr_fixed(attr, v, sizeof(*v));
}

static void print_attr(FILE *f, const char *what, int type,
		       const char *(*attr_name)(int type))
{
	const char *name = attr_name ? attr_name(type) : NULL;

	if (name)
		fprintf(f, " (%s %s)", what, name);
	else
		fprintf(f, " (%s %d)", what, type);
}

void mip4_nl_error_print(FILE *f, const struct mip4_nl_error *e,
			 const char *(*attr_name)(int type))
{
	fprintf(f, "Error: %s", e->msg[0] ? e->msg : strerror(e->err));
	if (e->bad_attr >= 0)
		print_attr(f, "attribute", e->bad_attr, attr_name);
	else if (e->has_offset)
		fprintf(f, " (attribute at offset %u)", e->offset);
	if (e->missing_attr >= 0)
		print_attr(f, "missing attribute", e->missing_attr, attr_name);
	fputc('\n', f);
}
