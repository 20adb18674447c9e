/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The small part of osmocom's GSUP over IPA that a serving node needs to
 * fetch AKA vectors from an HLR (osmo-hlr): IPA framing on the TCP
 * stream, the CCM identity handshake and keepalive, and SendAuthInfo
 * request, result and error. Everything that arrives is checked octet by
 * octet; the decoded values point into, or are copied from, the caller's
 * buffer. No state: the caller's connection keeps it.
 */

#ifndef MIP4_GSUP_H
#define MIP4_GSUP_H

#include <stdbool.h>
#include <stddef.h>

#include "proto_user.h"

/* IPA: a 2-octet length (of what follows the 3-octet header), a protocol
 * octet; the osmocom protocol adds an extension octet.
 */
#define IPA_HDR_LEN		3
#define IPA_MAX_PAYLOAD		0xffff
#define IPA_PROTO_CCM		0xfe
#define IPA_PROTO_OSMO		0xee
#define IPA_EXT_GSUP		0x05

#define IPA_CCM_PING		0x00
#define IPA_CCM_PONG		0x01
#define IPA_CCM_ID_GET		0x04
#define IPA_CCM_ID_RESP		0x05
#define IPA_CCM_ID_ACK		0x06

#define IPA_IDTAG_SERNR		0x00
#define IPA_IDTAG_UNITNAME	0x01
#define IPA_IDTAG_MACADDR	0x07
#define IPA_IDTAG_UNIT		0x08

/* GSUP message types and information elements used here. */
#define GSUP_SAI_REQUEST	0x08
#define GSUP_SAI_ERROR		0x09
#define GSUP_SAI_RESULT		0x0a
#define GSUP_IE_IMSI		0x01
#define GSUP_IE_CAUSE		0x02
#define GSUP_IE_AUTH_TUPLE	0x03
#define GSUP_IE_RAND		0x20
#define GSUP_IE_SRES		0x21
#define GSUP_IE_KC		0x22
#define GSUP_IE_IK		0x23
#define GSUP_IE_CK		0x24
#define GSUP_IE_AUTN		0x25
#define GSUP_IE_AUTS		0x26
#define GSUP_IE_RES		0x27
#define GSUP_IE_NUM_VECTORS	0x52

#define GSUP_IMSI_MAX		15
#define GSUP_MAX_VECTORS	5	/* osmo-hlr's and libosmogsm's limit */
#define GSUP_RES_MIN		4
#define GSUP_RES_MAX		16

/* One frame of the stream; @data points into the caller's buffer. */
struct ipa_frame {
	u8 proto;
	u8 ext;			/* IPA_PROTO_OSMO only */
	const u8 *data;		/* after the header (and the extension) */
	size_t len;
};

/*
 * The first whole frame in @buf (@len octets received so far): returns its
 * total length (to consume), 0 while it is incomplete, or -EBADMSG for a
 * frame no server sends (empty, or an osmocom frame without its extension
 * octet): the connection is then to be dropped.
 */
int ipa_frame_next(const u8 *buf, size_t len, struct ipa_frame *f);

/* A CCM PING or PONG frame into @buf: its length, or -ENOSPC. */
int ipa_ccm_build(u8 *buf, size_t size, u8 msg_type);

/*
 * The ID_RESP to the ID_GET @req (the CCM payload after its type octet,
 * @req_len octets): every tag asked for, SERNR = @name (the serving node's
 * routing name, the key of its IND slot at the HLR), UNITNAME = @name,
 * UNIT = "0/0/0" (without it libosmo-abis drops the connection), MACADDR
 * zeros, others empty. Returns the frame's length, -ENOSPC, or -EBADMSG for a malformed
 * ID_GET.
 */
int ipa_ccm_id_resp(u8 *buf, size_t size, const u8 *req, size_t req_len,
		    const char *name);

/* What a SendAuthInfo request asks. */
struct gsup_sai_req {
	char imsi[GSUP_IMSI_MAX + 1];
	u8 num_vectors;			/* 0: the HLR's default */
	bool resync;			/* with RAND and AUTS */
	u8 rand[16];
	u8 auts[14];
};

/* The SendAuthInfo request, framed (IPA, osmocom, GSUP): its length,
 * -ENOSPC, or -EINVAL for an IMSI that is not 1 to 15 digits.
 */
int gsup_sai_request(u8 *buf, size_t size, const struct gsup_sai_req *r);

struct gsup_av {
	u8 rand[16];
	u8 autn[16];
	u8 ck[16];
	u8 ik[16];
	u8 res[GSUP_RES_MAX];
	u8 res_len;
};

/* A SendAuthInfo result (n vectors, in the HLR's order) or error. */
struct gsup_sai_answer {
	u8 type;			/* GSUP_SAI_RESULT or GSUP_SAI_ERROR */
	char imsi[GSUP_IMSI_MAX + 1];
	u8 cause;			/* error: GMM cause; 0 none */
	unsigned int n;
	struct gsup_av av[GSUP_MAX_VECTORS];
};

/*
 * A GSUP message (the payload of an osmocom frame with IPA_EXT_GSUP).
 * Returns 0 for a SendAuthInfo result or error, with @a filled; -ENOMSG for
 * another message type (not for us); -EBADMSG for anything malformed: an
 * IE past the end, an IMSI that is not TBCD digits, a second IMSI or
 * cause, a vector without its RAND, AUTN, CK, IK and RES (4..16 octets) or
 * with one of them of the wrong size, more than GSUP_MAX_VECTORS, a result
 * without vectors. Unknown IEs are skipped. Secrets in @a are the caller's
 * to wipe (even after an error).
 */
int gsup_parse(const u8 *msg, size_t len, struct gsup_sai_answer *a);

#endif /* MIP4_GSUP_H */
