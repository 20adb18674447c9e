// SPDX-License-Identifier: GPL-2.0
/* mip4d: the mip4ha generic-netlink family: requests and notifications. */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "mip4_nl.h"
#include "mip4ha.h"
#include "mip4d.h"

/*
 * Three sockets: requests (ha-get, sa-get, keygen-answer) wait for their
 * answers on one; keygen-ntf and the events come on two others, so that a
 * burst of binding events cannot overrun the keygen socket.
 */
static struct mip4_nl *cmd_nl, *keygen_nl, *events_nl;
static struct mip4d_watch keygen_watch = { .kind = MIP4D_WATCH_KEYGEN };
static struct mip4d_watch events_watch = { .kind = MIP4D_WATCH_EVENTS };

#define NTF_RCVBUF	(4 << 20)

static int on_keygen(struct nl_msg *msg, void *arg);
static int on_event(struct nl_msg *msg, void *arg);

static int subscribe(struct mip4_nl **nlp, const char *group,
		     nl_recvmsg_msg_cb_t cb, struct mip4d_watch *w)
{
	struct mip4_nl_error e;
	struct nl_sock *sk;
	int r, grp, fd, size = NTF_RCVBUF;

	r = mip4_nl_open(nlp, &e);
	if (r) {
		mip4d_err("netlink: %s", e.msg[0] ? e.msg : strerror(-r));
		return r;
	}
	sk = mip4_nl_sock(*nlp);
	grp = genl_ctrl_resolve_grp(sk, MIP4HA_FAMILY_NAME, group);
	if (grp < 0) {
		mip4d_err("netlink: no multicast group %s in mip4ha: %s",
			  group, nl_geterror(grp));
		return -ENOENT;
	}
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, cb, NULL);
	fd = nl_socket_get_fd(sk);
	/* Root may go past rmem_max; a burst of requests must not be lost. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	r = nl_socket_add_membership(sk, grp);
	if (r < 0) {
		mip4d_err("netlink: cannot join group %s: %s", group,
			  nl_geterror(r));
		return -EPERM;
	}
	nl_socket_set_nonblocking(sk);
	w->ptr = *nlp;
	return mip4d_watch_add(fd, w);
}

int mip4d_nl_open(void)
{
	struct mip4_nl_error e;
	int r;

	r = mip4_nl_open(&cmd_nl, &e);
	if (r) {
		mip4d_err("netlink: %s", e.msg[0] ? e.msg : strerror(-r));
		return r;
	}
	r = subscribe(&events_nl, MIP4HA_MCGRP_EVENTS, on_event, &events_watch);
	if (!r)
		r = subscribe(&keygen_nl, MIP4HA_MCGRP_KEYGEN, on_keygen,
			      &keygen_watch);
	return r;
}

void mip4d_nl_close(void)
{
	mip4_nl_close(keygen_nl);
	mip4_nl_close(events_nl);
	mip4_nl_close(cmd_nl);
	keygen_nl = events_nl = cmd_nl = NULL;
}

static int ha_cb(struct nlattr **tb, void *arg)
{
	struct mip4d_ha *ha = arg;

	if (mip4_nl_attr_in_addr(tb[MIP4HA_A_HA_ADDRESS], &ha->address))
		return -EBADMSG;
	/* The kernel reports all of them; be lenient with an older one. */
	if (mip4_nl_attr_u32(tb[MIP4HA_A_HA_MAX_LIFETIME], &ha->max_lifetime))
		ha->max_lifetime = MIP4HA_MAX_LIFETIME_DEFAULT;
	if (mip4_nl_attr_u32(tb[MIP4HA_A_HA_VENDOR_ID], &ha->vendor_id))
		ha->vendor_id = MIP4HA_VENDOR_ID_DEFAULT;
	if (mip4_nl_attr_u32(tb[MIP4HA_A_HA_KEYGEN_TIMEOUT],
			     &ha->keygen_timeout))
		ha->keygen_timeout = MIP4HA_KEYGEN_TIMEOUT_DEFAULT;
	return 0;
}

int mip4d_nl_ha_get(struct mip4d_ha *ha)
{
	struct mip4_nl_error e;
	int r;

	memset(ha, 0, sizeof(*ha));
	r = mip4_nl_call(cmd_nl, mip4_nl_msg(cmd_nl, MIP4HA_CMD_HA_GET),
			 MIP4HA_A_HA_MAX, ha_cb, ha, &e);
	if (r && r != -ENOENT)
		mip4d_warn("ha-get: %s", e.msg[0] ? e.msg : strerror(-r));
	return r;
}

int mip4d_nl_answer(uint32_t cookie, uint8_t code,
		    const struct mip4d_answer *ans)
{
	struct nl_msg *msg = mip4_nl_msg(cmd_nl, MIP4HA_CMD_KEYGEN_ANSWER);
	struct mip4_nl_error e;
	int r;

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MIP4HA_A_KEYGEN_COOKIE, cookie) ||
	    nla_put_u8(msg, MIP4HA_A_KEYGEN_CODE, code) ||
	    (!code &&
	     (nla_put(msg, MIP4HA_A_KEYGEN_SKEY, ans->key_len, ans->skey) ||
	      nla_put(msg, MIP4HA_A_KEYGEN_SKEY_PRIME, ans->key_len,
		      ans->skey_prime) ||
	      nla_put_u32(msg, MIP4HA_A_KEYGEN_KEY_LIFETIME,
			  ans->key_lifetime))) ||
	    (ans && ans->reply_ext_len &&
	     (nla_put(msg, MIP4HA_A_KEYGEN_REPLY_EXTENSION, ans->reply_ext_len,
		      ans->reply_ext) ||
	      nla_put_u16(msg, MIP4HA_A_KEYGEN_REPLY_EXTENSION_TYPE,
			  ans->reply_ext_type))) ||
	    /* §9: USER_RESULT, K_aka for a denial's MHAE, H, user NAI. */
	    (ans && ans->reply_user_ext_len &&
	     nla_put(msg, MIP4HA_A_KEYGEN_REPLY_USER_EXTENSION,
		     ans->reply_user_ext_len, ans->reply_user_ext)) ||
	    (ans && code && ans->reply_key_len &&
	     nla_put(msg, MIP4HA_A_KEYGEN_REPLY_KEY, ans->reply_key_len,
		     ans->reply_key)) ||
	    (ans && ans->has_agreement_h &&
	     nla_put(msg, MIP4HA_A_KEYGEN_AGREEMENT_H, MIP4_CVSE_H_LEN,
		     ans->agreement_h)) ||
	    (ans && !code && ans->user_nai_len &&
	     nla_put(msg, MIP4HA_A_KEYGEN_USER_NAI, ans->user_nai_len,
		     ans->user_nai))) {
		explicit_bzero(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	/* Keep the message past the call, to wipe the keys in it. */
	nlmsg_get(msg);
	r = mip4_nl_call(cmd_nl, msg, 0, NULL, NULL, &e);
	explicit_bzero(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
	if (r == -ENOENT)
		mip4d_debug("keygen-answer %u: %s", cookie, e.msg);
	else if (r)
		mip4d_warn("keygen-answer: %s",
			   e.msg[0] ? e.msg : strerror(-r));
	return r;
}

/* Reads what is waiting on a subscribed socket. */
static void ntf_input(struct mip4_nl *nl, const char *group)
{
	int r;

	for (;;) {
		r = nl_recvmsgs_default(mip4_nl_sock(nl));
		if (r >= 0)
			continue;
		if (r == -NLE_AGAIN)
			return;
		if (r == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped notifications. */
			mip4d_err("netlink: %s notifications lost (receive buffer overrun)%s",
				  group, strcmp(group, MIP4HA_MCGRP_KEYGEN) ? "" :
				  "; those requests end with code 128 at the kernel's timeout");
			continue;
		}
		mip4d_err("netlink: receive on %s: %s", group, nl_geterror(r));
		return;
	}
}

void mip4d_nl_keygen_input(void)
{
	ntf_input(keygen_nl, MIP4HA_MCGRP_KEYGEN);
}

void mip4d_nl_events_input(void)
{
	ntf_input(events_nl, MIP4HA_MCGRP_EVENTS);
}

static int on_keygen(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MIP4HA_A_KEYGEN_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	uint32_t cookie, src = 0, local = 0;
	struct mip4d_ha ha = {};
	struct nlattr *req;

	(void)arg;
	if (genlmsg_parse(nlh, 0, tb, MIP4HA_A_KEYGEN_MAX, NULL) < 0 ||
	    gh->cmd != MIP4HA_CMD_KEYGEN_NTF)
		return NL_SKIP;
	req = tb[MIP4HA_A_KEYGEN_REQUEST];
	if (mip4_nl_attr_u32(tb[MIP4HA_A_KEYGEN_COOKIE], &cookie) || !req ||
	    nla_len(req) <= 0 || nla_len(req) > MIP4_MSG_MAX) {
		mip4d_warn("netlink: malformed keygen-ntf ignored");
		return NL_SKIP;
	}
	mip4_nl_attr_in_addr(tb[MIP4HA_A_KEYGEN_SOURCE_ADDRESS], &src);
	mip4_nl_attr_in_addr(tb[MIP4HA_A_KEYGEN_LOCAL_ADDRESS], &local);
	/* What the Home Agent was when the request came: no ha-get back. */
	if (mip4_nl_attr_in_addr(tb[MIP4HA_A_KEYGEN_HA_ADDRESS],
				 &ha.address) ||
	    mip4_nl_attr_u32(tb[MIP4HA_A_KEYGEN_VENDOR_ID], &ha.vendor_id) ||
	    mip4_nl_attr_u32(tb[MIP4HA_A_KEYGEN_MAX_LIFETIME],
			     &ha.max_lifetime)) {
		mip4d_warn("netlink: keygen-ntf without the Home Agent's address, vendor-id and max-lifetime ignored");
		return NL_SKIP;
	}
	mip4d_keygen_request(cookie, nla_data(req), (size_t)nla_len(req), src,
			     local, &ha);
	return NL_OK;
}

static void on_sa_event(struct nlmsghdr *nlh)
{
	struct nlattr *tb[MIP4HA_A_SA_MAX + 1];
	uint8_t event = 0, reason = 0, role = 0;
	uint32_t spi = 0, life = 0;
	char nai[MIP4D_NAI_STR_MAX] = "-";

	if (genlmsg_parse(nlh, 0, tb, MIP4HA_A_SA_MAX, NULL) < 0)
		return;
	mip4_nl_attr_u8(tb[MIP4HA_A_SA_EVENT], &event);
	mip4_nl_attr_u8(tb[MIP4HA_A_SA_REASON], &reason);
	mip4_nl_attr_u8(tb[MIP4HA_A_SA_ROLE], &role);
	mip4_nl_attr_u32(tb[MIP4HA_A_SA_SPI], &spi);
	mip4_nl_attr_u32(tb[MIP4HA_A_SA_KEY_LIFETIME], &life);
	if (tb[MIP4HA_A_SA_NAI])
		mip4d_escape(nla_data(tb[MIP4HA_A_SA_NAI]),
			     (size_t)nla_len(tb[MIP4HA_A_SA_NAI]), nai,
			     sizeof(nai));
	mip4d_debug("sa event %u nai %s spi %u role %u key-lifetime %u reason %u",
		    event, nai, spi, role, life, reason);
	/* The node's keys are gone: so is what its Access-Accept said. */
	if (event == MIP4HA_SA_EVENT_DELETE && role == MIP4HA_SA_ROLE_SKEY &&
	    tb[MIP4HA_A_SA_NAI])
		mip4d_acct_forget(nla_data(tb[MIP4HA_A_SA_NAI]),
				  (size_t)nla_len(tb[MIP4HA_A_SA_NAI]));
}

/* A binding-ntf's or a binding dump entry's attributes: 0, or -1 when
 * malformed.
 */
static int binding_event_parse(struct nlattr **tb,
			       struct mip4d_binding_event *e)
{
	if (mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_HOME_ADDRESS], &e->home) ||
	    mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_CARE_OF_ADDRESS], &e->coa))
		return -1;
	mip4_nl_attr_u8(tb[MIP4HA_A_BINDING_REASON], &e->reason);
	mip4_nl_attr_u32(tb[MIP4HA_A_BINDING_SPI], &e->spi);
	mip4_nl_attr_in_addr(tb[MIP4HA_A_BINDING_HA_ADDRESS], &e->ha);
	e->dynamic = tb[MIP4HA_A_BINDING_DYNAMIC] != NULL;
	e->has_counters =
		!mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_TX_PACKETS],
				  &e->counters.tx_packets) &&
		!mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_TX_BYTES],
				  &e->counters.tx_bytes) &&
		!mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_RX_PACKETS],
				  &e->counters.rx_packets) &&
		!mip4_nl_attr_u64(tb[MIP4HA_A_BINDING_RX_BYTES],
				  &e->counters.rx_bytes);
	if (tb[MIP4HA_A_BINDING_NAI] && nla_len(tb[MIP4HA_A_BINDING_NAI]) > 0 &&
	    nla_len(tb[MIP4HA_A_BINDING_NAI]) <= MIP4_NAI_MAX) {
		e->nai = nla_data(tb[MIP4HA_A_BINDING_NAI]);
		e->nai_len = (size_t)nla_len(tb[MIP4HA_A_BINDING_NAI]);
	}
	return 0;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MIP4HA_A_BINDING_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct mip4d_binding_event e = {};

	(void)arg;
	if (gh->cmd == MIP4HA_CMD_SA_NTF) {
		on_sa_event(nlh);
		return NL_OK;
	}
	if (gh->cmd != MIP4HA_CMD_BINDING_NTF ||
	    genlmsg_parse(nlh, 0, tb, MIP4HA_A_BINDING_MAX, NULL) < 0 ||
	    mip4_nl_attr_u8(tb[MIP4HA_A_BINDING_EVENT], &e.event) ||
	    binding_event_parse(tb, &e))
		return NL_SKIP;
	mip4d_devices_binding(&e);
	mip4d_acct_binding(&e);
	return NL_OK;
}

static int binding_dump_cb(struct nlattr **tb, void *arg)
{
	struct mip4d_binding_event e = { .event = MIP4HA_BINDING_EVENT_REFRESH };

	(void)arg;
	if (!binding_event_parse(tb, &e)) {
		mip4d_devices_binding(&e);
		mip4d_acct_binding(&e);
	}
	return 0;
}

struct counters_query {
	uint32_t coa;
	bool found;
	struct mip4d_counters *counters;
};

static int binding_counters_cb(struct nlattr **tb, void *arg)
{
	struct mip4d_binding_event e = {};
	struct counters_query *q = arg;

	if (!binding_event_parse(tb, &e) && e.coa == q->coa &&
	    e.has_counters) {
		*q->counters = e.counters;
		q->found = true;
	}
	return 0;
}

/*
 * The counters of the binding (@home, @coa), network order, for an
 * interim accounting record: the kernel looks the home address up, it
 * does not walk every binding. 0, or -ENOENT when there is no such
 * binding (its delete event, with the last counters, is on its way).
 */
int mip4d_nl_binding_counters(uint32_t home, uint32_t coa,
			      struct mip4d_counters *counters)
{
	struct counters_query q = { .coa = coa, .counters = counters };
	struct mip4_nl_error e;
	struct nl_msg *req;
	int r;

	req = mip4_nl_msg(cmd_nl, MIP4HA_CMD_BINDING_GET);
	if (req && nla_put(req, MIP4HA_A_BINDING_HOME_ADDRESS, sizeof(home),
			   &home) < 0) {
		nlmsg_free(req);
		req = NULL;
	}
	r = mip4_nl_dump(cmd_nl, req, MIP4HA_A_BINDING_MAX,
			 binding_counters_cb, &q, &e);
	if (r && r != -ENOENT)
		mip4d_warn("binding-get: %s", e.msg[0] ? e.msg : strerror(-r));
	return r ? r : q.found ? 0 : -ENOENT;
}

/*
 * The bindings the kernel holds, each handed to accounting as a refresh:
 * how the sessions that were up before mip4d started are found, since
 * refreshes come on a group mip4d does not join. Called once the events
 * group is joined, so that a binding deleted meanwhile is also seen
 * deleted.
 */
int mip4d_nl_binding_dump(void)
{
	struct mip4_nl_error e;
	int r;

	r = mip4_nl_dump(cmd_nl, mip4_nl_msg(cmd_nl, MIP4HA_CMD_BINDING_GET),
			 MIP4HA_A_BINDING_MAX, binding_dump_cb, NULL, &e);
	if (r && r != -ENOENT)
		mip4d_warn("binding-get: %s", e.msg[0] ? e.msg : strerror(-r));
	return r;
}

/* ---- what dynamic authorization (dynauth.c) asks of the kernel ---- */

static int binding_node_cb(struct nlattr **tb, void *arg)
{
	struct mip4d_binding_event e = {};
	struct mip4d_node *n = arg;

	if (n->found || binding_event_parse(tb, &e))
		return 0;
	n->found = true;
	n->home = e.home;
	n->coa = e.coa;
	n->nai_len = e.nai ? e.nai_len : 0;
	if (e.nai)
		memcpy(n->nai, e.nai, e.nai_len);
	return 0;
}

int mip4d_nl_binding_node(uint32_t home, struct mip4d_node *node)
{
	struct mip4_nl_error e;
	struct nl_msg *req;
	int r;

	memset(node, 0, sizeof(*node));
	req = mip4_nl_msg(cmd_nl, MIP4HA_CMD_BINDING_GET);
	if (req && nla_put(req, MIP4HA_A_BINDING_HOME_ADDRESS, sizeof(home),
			   &home) < 0) {
		nlmsg_free(req);
		req = NULL;
	}
	r = mip4_nl_dump(cmd_nl, req, MIP4HA_A_BINDING_MAX, binding_node_cb,
			 node, &e);
	if (r && r != -ENOENT)
		mip4d_warn("binding-get: %s", e.msg[0] ? e.msg : strerror(-r));
	return r ? r : node->found ? 0 : -ENOENT;
}

struct skey_query {
	const uint8_t *nai;
	size_t nai_len;
	bool found, by_user;
	uint32_t spi;
	/* The SAs' NAI (the device's when @nai is a user NAI, §9.5). */
	uint8_t dev[MIP4_NAI_MAX];
	size_t dev_len;
};

static bool attr_is(const struct nlattr *a, const uint8_t *p, size_t n)
{
	return a && (size_t)nla_len(a) == n && !memcmp(nla_data(a), p, n);
}

static int skey_cb(struct nlattr **tb, void *arg)
{
	struct skey_query *q = arg;
	uint8_t role = 0;
	uint32_t spi;
	bool own;

	if ((q->found && !q->by_user) || !tb[MIP4HA_A_SA_DYNAMIC] ||
	    !tb[MIP4HA_A_SA_NAI] ||
	    (size_t)nla_len(tb[MIP4HA_A_SA_NAI]) > MIP4_NAI_MAX ||
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_ROLE], &role) ||
	    role != MIP4HA_SA_ROLE_SKEY ||
	    mip4_nl_attr_u32(tb[MIP4HA_A_SA_SPI], &spi))
		return 0;
	own = attr_is(tb[MIP4HA_A_SA_NAI], q->nai, q->nai_len);
	/* The node's own NAI first; else the user authenticated on it. */
	if (!own && (q->found ||
		     !attr_is(tb[MIP4HA_A_SA_USER_NAI], q->nai, q->nai_len)))
		return 0;
	q->found = true;
	q->by_user = !own;
	q->spi = spi;
	q->dev_len = (size_t)nla_len(tb[MIP4HA_A_SA_NAI]);
	memcpy(q->dev, nla_data(tb[MIP4HA_A_SA_NAI]), q->dev_len);
	return 0;
}

/* A walk of every SA (an administrator's request, not the fast path). */
int mip4d_nl_skey_spi(const uint8_t *nai, size_t nai_len, uint32_t *spi)
{
	return mip4d_nl_skey_find(nai, nai_len, spi, NULL, NULL);
}

int mip4d_nl_skey_find(const uint8_t *name, size_t len, uint32_t *spi,
		       uint8_t *nai, size_t *nai_len)
{
	struct skey_query q = { .nai = name, .nai_len = len };
	struct mip4_nl_error e;
	int r;

	r = mip4_nl_dump(cmd_nl, mip4_nl_msg(cmd_nl, MIP4HA_CMD_SA_GET),
			 MIP4HA_A_SA_MAX, skey_cb, &q, &e);
	if (r && r != -ENOENT)
		mip4d_warn("sa-get: %s", e.msg[0] ? e.msg : strerror(-r));
	if (r)
		return r;
	if (!q.found || (!nai && q.by_user))
		return -ENOENT;
	*spi = q.spi;
	if (nai) {
		memcpy(nai, q.dev, q.dev_len);
		*nai_len = q.dev_len;
	}
	return 0;
}

/* §9.5: the user NAI the kernel keeps with a node's dynamic keys. */
static int user_nai_cb(struct nlattr **tb, void *arg)
{
	uint8_t role = 0;

	(void)arg;
	if (!tb[MIP4HA_A_SA_DYNAMIC] || !tb[MIP4HA_A_SA_NAI] ||
	    !tb[MIP4HA_A_SA_USER_NAI] ||
	    mip4_nl_attr_u8(tb[MIP4HA_A_SA_ROLE], &role) ||
	    role != MIP4HA_SA_ROLE_SKEY || !nla_len(tb[MIP4HA_A_SA_USER_NAI]))
		return 0;
	mip4d_acct_authorized_user(nla_data(tb[MIP4HA_A_SA_NAI]),
				   (size_t)nla_len(tb[MIP4HA_A_SA_NAI]),
				   nla_data(tb[MIP4HA_A_SA_USER_NAI]),
				   (size_t)nla_len(tb[MIP4HA_A_SA_USER_NAI]),
				   NULL, 0, 0);
	return 0;
}

int mip4d_nl_user_nais(void)
{
	struct mip4_nl_error e;
	int r;

	r = mip4_nl_dump(cmd_nl, mip4_nl_msg(cmd_nl, MIP4HA_CMD_SA_GET),
			 MIP4HA_A_SA_MAX, user_nai_cb, NULL, &e);
	if (r && r != -ENOENT)
		mip4d_warn("sa-get: %s", e.msg[0] ? e.msg : strerror(-r));
	return r;
}

/* sa-del (@lifetime 0) or sa-set of the dynamic SA (@nai, @spi). */
int mip4d_nl_dynkeys(const uint8_t *nai, size_t nai_len, uint32_t spi,
		     uint32_t lifetime)
{
	struct mip4_nl_error e;
	struct nl_msg *req;
	int r;

	req = mip4_nl_msg(cmd_nl, lifetime ? MIP4HA_CMD_SA_SET :
				  MIP4HA_CMD_SA_DEL);
	if (req && (nla_put(req, MIP4HA_A_SA_NAI, (int)nai_len, nai) < 0 ||
		    nla_put_u32(req, MIP4HA_A_SA_SPI, spi) < 0 ||
		    (lifetime &&
		     nla_put_u32(req, MIP4HA_A_SA_KEY_LIFETIME, lifetime) < 0))) {
		nlmsg_free(req);
		req = NULL;
	}
	r = mip4_nl_call(cmd_nl, req, MIP4HA_A_SA_MAX, NULL, NULL, &e);
	if (r)
		mip4d_warn("%s: %s", lifetime ? "sa-set" : "sa-del",
			   e.msg[0] ? e.msg : strerror(-r));
	return r;
}

int mip4d_nl_binding_del(uint32_t home)
{
	struct mip4_nl_error e;
	struct nl_msg *req;
	int r;

	req = mip4_nl_msg(cmd_nl, MIP4HA_CMD_BINDING_DEL);
	if (req && nla_put(req, MIP4HA_A_BINDING_HOME_ADDRESS, sizeof(home),
			   &home) < 0) {
		nlmsg_free(req);
		req = NULL;
	}
	r = mip4_nl_call(cmd_nl, req, MIP4HA_A_BINDING_MAX, NULL, NULL, &e);
	if (r)
		mip4d_warn("binding-del: %s", e.msg[0] ? e.msg : strerror(-r));
	return r;
}
