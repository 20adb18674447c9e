// SPDX-License-Identifier: GPL-2.0
/* GSUP over IPA: the SendAuthInfo subset (see gsup.h). */

#include <errno.h>
#include <string.h>

#include "gsup.h"

int ipa_frame_next(const u8 *buf, size_t len, struct ipa_frame *f)
{
	size_t n;

	if (len < IPA_HDR_LEN)
		return 0;
	n = (size_t)buf[0] << 8 | buf[1];
	if (!n)
		return -EBADMSG;
	if (len < IPA_HDR_LEN + n)
		return 0;
	memset(f, 0, sizeof(*f));
	f->proto = buf[2];
	f->data = buf + IPA_HDR_LEN;
	f->len = n;
	if (f->proto == IPA_PROTO_OSMO) {
		/* n >= 1: the extension octet is there. */
		f->ext = buf[IPA_HDR_LEN];
		f->data++;
		f->len--;
	}
	return (int)(IPA_HDR_LEN + n);
}

static int frame(u8 *buf, size_t size, u8 proto, size_t payload)
{
	if (payload > IPA_MAX_PAYLOAD || size < IPA_HDR_LEN + payload)
		return -ENOSPC;
	buf[0] = (u8)(payload >> 8);
	buf[1] = (u8)payload;
	buf[2] = proto;
	return (int)(IPA_HDR_LEN + payload);
}

int ipa_ccm_build(u8 *buf, size_t size, u8 msg_type)
{
	int n = frame(buf, size, IPA_PROTO_CCM, 1);

	if (n > 0)
		buf[IPA_HDR_LEN] = msg_type;
	return n;
}

int ipa_ccm_id_resp(u8 *buf, size_t size, const u8 *req, size_t req_len,
		    const char *name)
{
	size_t off = IPA_HDR_LEN + 1, i, vlen;
	const char *value;
	u8 tag;

	if (size < off)
		return -ENOSPC;
	buf[IPA_HDR_LEN] = IPA_CCM_ID_RESP;
	/* ID_GET: pairs of (length 1, tag). */
	for (i = 0; i < req_len; i += 2) {
		if (req_len - i < 2 || req[i] != 1)
			return -EBADMSG;
		tag = req[i + 1];
		value = tag == IPA_IDTAG_SERNR || tag == IPA_IDTAG_UNITNAME ?
			name : tag == IPA_IDTAG_UNIT ? "0/0/0" :
			/* libosmo-abis parses it, and chokes on "" */
			tag == IPA_IDTAG_MACADDR ? "00:00:00:00:00:00" : "";
		/* Length (2 octets, tag included), tag, string with its NUL. */
		vlen = strlen(value) + 1;
		if (vlen + 1 > 0xffff || size - off < 3 + vlen)
			return -ENOSPC;
		buf[off] = (u8)((vlen + 1) >> 8);
		buf[off + 1] = (u8)(vlen + 1);
		buf[off + 2] = tag;
		memcpy(buf + off + 3, value, vlen);
		off += 3 + vlen;
	}
	return frame(buf, size, IPA_PROTO_CCM, off - IPA_HDR_LEN);
}

/* TBCD: two digits an octet, the first in the low nibble, 0xf to fill. */
static int put_imsi(u8 *p, size_t room, const char *imsi)
{
	size_t n = strlen(imsi), i;

	if (!n || n > GSUP_IMSI_MAX || room < 2 + (n + 1) / 2)
		return -EINVAL;
	p[0] = GSUP_IE_IMSI;
	p[1] = (u8)((n + 1) / 2);
	for (i = 0; i < n; i++) {
		if (imsi[i] < '0' || imsi[i] > '9')
			return -EINVAL;
		if (i % 2 == 0)
			p[2 + i / 2] = (u8)(0xf0 | (imsi[i] - '0'));
		else
			p[2 + i / 2] = (u8)((p[2 + i / 2] & 0x0f) |
					    (imsi[i] - '0') << 4);
	}
	return 2 + (int)((n + 1) / 2);
}

static int get_imsi(const u8 *v, size_t vlen, char *imsi)
{
	size_t i, n = 0;
	u8 d;

	if (!vlen || vlen > (GSUP_IMSI_MAX + 1) / 2)
		return -EBADMSG;
	for (i = 0; i < 2 * vlen; i++) {
		d = i % 2 ? v[i / 2] >> 4 : v[i / 2] & 0x0f;
		if (d == 0x0f && i == 2 * vlen - 1)
			break;		/* the filler of an odd count */
		/* 8 octets hold 16 digits: one too many for an IMSI. */
		if (d > 9 || n == GSUP_IMSI_MAX)
			return -EBADMSG;
		imsi[n++] = (char)('0' + d);
	}
	imsi[n] = '\0';
	return 0;
}

static u8 *put_ie(u8 *p, u8 tag, const u8 *v, u8 len)
{
	p[0] = tag;
	p[1] = len;
	memcpy(p + 2, v, len);
	return p + 2 + len;
}

int gsup_sai_request(u8 *buf, size_t size, const struct gsup_sai_req *r)
{
	u8 msg[64], *p = msg;
	int n;

	*p++ = GSUP_SAI_REQUEST;
	n = put_imsi(p, sizeof(msg) - 1, r->imsi);
	if (n < 0)
		return n;
	p += n;
	if (r->num_vectors)
		p = put_ie(p, GSUP_IE_NUM_VECTORS, &r->num_vectors, 1);
	if (r->resync) {
		p = put_ie(p, GSUP_IE_AUTS, r->auts, sizeof(r->auts));
		p = put_ie(p, GSUP_IE_RAND, r->rand, sizeof(r->rand));
	}
	n = frame(buf, size, IPA_PROTO_OSMO, 1 + (size_t)(p - msg));
	if (n < 0)
		return n;
	buf[IPA_HDR_LEN] = IPA_EXT_GSUP;
	memcpy(buf + IPA_HDR_LEN + 1, msg, (size_t)(p - msg));
	return n;
}

/* The next IE of @buf (@len) at *@off: 1, 0 at the end, -EBADMSG. */
static int next_ie(const u8 *buf, size_t len, size_t *off, u8 *tag,
		   const u8 **v, size_t *vlen)
{
	size_t o = *off;

	if (o == len)
		return 0;
	if (len - o < 2 || buf[o + 1] > len - o - 2)
		return -EBADMSG;
	*tag = buf[o];
	*vlen = buf[o + 1];
	*v = buf + o + 2;
	*off = o + 2 + *vlen;
	return 1;
}

/* A vector's nested IEs; the 2G parts (SRES, Kc) are skipped. */
static int parse_av(const u8 *buf, size_t len, struct gsup_av *av)
{
	unsigned int seen = 0, bit;
	size_t off = 0, vlen, want;
	const u8 *v;
	u8 tag, *dst;
	int r;

	while ((r = next_ie(buf, len, &off, &tag, &v, &vlen)) > 0) {
		switch (tag) {
		case GSUP_IE_RAND: dst = av->rand; want = 16; bit = 1; break;
		case GSUP_IE_AUTN: dst = av->autn; want = 16; bit = 2; break;
		case GSUP_IE_CK: dst = av->ck; want = 16; bit = 4; break;
		case GSUP_IE_IK: dst = av->ik; want = 16; bit = 8; break;
		case GSUP_IE_RES:
			if (vlen < GSUP_RES_MIN || vlen > GSUP_RES_MAX ||
			    seen & 16)
				return -EBADMSG;
			memcpy(av->res, v, vlen);
			av->res_len = (u8)vlen;
			seen |= 16;
			continue;
		default:
			continue;
		}
		if (vlen != want || seen & bit)
			return -EBADMSG;
		memcpy(dst, v, want);
		seen |= bit;
	}
	if (r < 0 || seen != 31)
		return -EBADMSG;
	return 0;
}

int gsup_parse(const u8 *msg, size_t len, struct gsup_sai_answer *a)
{
	bool have_imsi = false, have_cause = false;
	size_t off = 1, vlen;
	const u8 *v;
	u8 tag;
	int r;

	memset(a, 0, sizeof(*a));
	if (!len)
		return -EBADMSG;
	a->type = msg[0];
	if (a->type != GSUP_SAI_RESULT && a->type != GSUP_SAI_ERROR)
		return -ENOMSG;
	while ((r = next_ie(msg, len, &off, &tag, &v, &vlen)) > 0) {
		switch (tag) {
		case GSUP_IE_IMSI:
			if (have_imsi || get_imsi(v, vlen, a->imsi))
				return -EBADMSG;
			have_imsi = true;
			break;
		case GSUP_IE_CAUSE:
			if (have_cause || vlen != 1)
				return -EBADMSG;
			a->cause = v[0];
			have_cause = true;
			break;
		case GSUP_IE_AUTH_TUPLE:
			if (a->type != GSUP_SAI_RESULT ||
			    a->n == GSUP_MAX_VECTORS ||
			    parse_av(v, vlen, &a->av[a->n]))
				return -EBADMSG;
			a->n++;
			break;
		default:
			break;
		}
	}
	if (r < 0 || !have_imsi || (a->type == GSUP_SAI_RESULT && !a->n))
		return -EBADMSG;
	return 0;
}
