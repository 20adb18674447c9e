/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mip4_nl: a small client of the mip4ha generic-netlink family (libnl-3).
 *
 * A request is built with mip4_nl_msg() and libnl's nla_put_*() helpers and
 * sent with mip4_nl_call(), which waits for the kernel's answer: the reply
 * messages (handed to a callback) and the final acknowledgement. A rejected
 * request fills a struct mip4_nl_error from the extended ACK, with the
 * offending attribute mapped back to its type in the request.
 */

#ifndef MIP4_NL_H
#define MIP4_NL_H

#include <stdint.h>
#include <stdio.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

struct mip4_nl;

#define MIP4_NL_MSG_MAX 256

struct mip4_nl_error {
	/* Positive errno; 0 when there was no error. */
	int err;
	/* Extended-ACK message, or the library's own text; "" if none. */
	char msg[MIP4_NL_MSG_MAX];
	/* NLMSGERR_ATTR_OFFS as received, and the type of the attribute of
	 * the request at that offset (-1 when no attribute starts there).
	 */
	int has_offset;
	uint32_t offset;
	int bad_attr;
	/* NLMSGERR_ATTR_MISS_TYPE, or -1. */
	int missing_attr;
};

/* Resets @e to "no error". */
void mip4_nl_error_clear(struct mip4_nl_error *e);

/*
 * Opens a generic-netlink socket with extended ACKs enabled and resolves the
 * mip4ha family. Returns 0, or a negative errno with @e filled in; -ENOENT
 * with the text "mip4ha module not loaded" when the family does not exist.
 */
int mip4_nl_open(struct mip4_nl **nlp, struct mip4_nl_error *e);
void mip4_nl_close(struct mip4_nl *nl);

/* The underlying libnl socket and the resolved family id. */
struct nl_sock *mip4_nl_sock(struct mip4_nl *nl);
int mip4_nl_family(const struct mip4_nl *nl);

/*
 * Joins multicast group @group of the family (MIP4HA_MCGRP_EVENTS, ...) on
 * this socket. Returns 0, or a negative errno with @e filled in (-ENOENT
 * when the family has no such group).
 */
int mip4_nl_join_group(struct mip4_nl *nl, const char *group,
		       struct mip4_nl_error *e);

/* A new request for command @cmd; NULL when out of memory. */
struct nl_msg *mip4_nl_msg(struct mip4_nl *nl, uint8_t cmd);

/*
 * Called for each reply message with its attributes parsed into
 * @tb[0..maxattr] (no policy: check lengths with mip4_nl_attr_*()).
 * Returns 0, or a negative errno that aborts the call.
 */
typedef int (*mip4_nl_reply_cb)(struct nlattr **tb, void *arg);

/*
 * Sends @req (taking ownership of it) and waits for its ACK, handing each
 * reply to @cb (may be NULL). Returns 0 or a negative errno; on error @e
 * (may be NULL) describes it.
 */
int mip4_nl_call(struct mip4_nl *nl, struct nl_msg *req, int maxattr,
		 mip4_nl_reply_cb cb, void *arg, struct mip4_nl_error *e);

/*
 * Like mip4_nl_call() for a dump request (NLM_F_DUMP is set here): @cb is
 * called for each object, until the kernel's NLMSG_DONE.
 */
int mip4_nl_dump(struct mip4_nl *nl, struct nl_msg *req, int maxattr,
		 mip4_nl_reply_cb cb, void *arg, struct mip4_nl_error *e);

/*
 * Attribute readers that check the payload length: 0 on success, -EINVAL
 * when @attr is absent or of the wrong size.
 */
int mip4_nl_attr_u8(const struct nlattr *attr, uint8_t *v);
int mip4_nl_attr_u32(const struct nlattr *attr, uint32_t *v);
int mip4_nl_attr_u64(const struct nlattr *attr, uint64_t *v);
/* A big-endian u32 (an IPv4 address), left in network byte order. */
int mip4_nl_attr_in_addr(const struct nlattr *attr, uint32_t *v);

/*
 * The extended ACK of NLMSG_ERROR message @nlh, the kernel's answer to
 * request @req, into @e: its message, the offset of the offending attribute
 * (and that attribute's type in @req), the missing attribute. The only
 * parser of extended ACKs: mip4_nl_call() and the batches use it.
 */
void mip4_nl_ext_ack(const struct nlmsghdr *nlh, const struct nlmsghdr *req,
		     struct mip4_nl_error *e);
/* The same from the TLVs [tlvs, tlvs + len) alone (after NLMSG_DONE's error). */
void mip4_nl_ext_ack_tlvs(const char *tlvs, size_t len,
			  const struct nlmsghdr *req, struct mip4_nl_error *e);

/*
 * Finds the type of the attribute starting at byte @offset of message @nlh
 * (looking into nested attributes too). Returns -1 if none starts there.
 */
int mip4_nl_attr_at_offset(const struct nlmsghdr *nlh, size_t hdrlen,
			   uint32_t offset);

/*
 * Prints one line describing @e to @f:
 *   Error: <message> (attribute <name>)
 *   Error: <message> (missing attribute <name>)
 * using strerror() when there is no message. @attr_name maps an attribute
 * type of the request's set to its name, e.g. mip4ha_ha_attr_str() of
 * mip4ha_names.h (NULL: numbers are printed).
 */
void mip4_nl_error_print(FILE *f, const struct mip4_nl_error *e,
			 const char *(*attr_name)(int type));

#endif /* MIP4_NL_H */
