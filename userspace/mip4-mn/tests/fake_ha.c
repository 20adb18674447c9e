// SPDX-License-Identifier: GPL-2.0
/*
 * fake_ha: a home agent and AAA server in one process, on the loopback, for
 * the tests of mip4-mn's dynamic-key exchanges (test_mn_exchange.sh). It
 * serves one mobile node and knows its password: it checks the NT-Response
 * itself where the real home agent asks the AAA server, and takes k'' from
 * the password the way the node does (the §7 vectors in test_mn_keys show
 * that this is what the AAA server's MPPE keys give). Knobs make it
 * misbehave on purpose. It prints what it does, one line each, keys in hex,
 * so that the script can compare them with the node's --show-keys.
 *
 *   fake_ha --password-file F [--key-lifetime S] [--skew S]
 *           [--deny-initial CODE] [--delay-initial-ms N] [--forget-after N]
 *           [--bad-auth-response] [--echo-133] [--max-lifetime S]
 *           [--deny-renewals CODE]
 *   fake_ha --aka-k F --aka-opc F [--hlr-seq N] [--challenge-lifetime S]
 *           [--drop-rrq2 N] [--forge-rrp2] [--bad-k-after N]
 *           [--stale-resync] and the above
 *   fake_ha --aka-k F --aka-opc F --user-nai NAI --user-password-file F
 *           [--refuse-user-after N] [--user-no-answer] and the above
 *
 * With --aka-k it also plays AKA's home agent (protocol.md §8.4-§8.7)
 * with an HLR of its own inside: vectors made by lib/aka.c from K and
 * OPc, SEQ counted from --hlr-seq in IND slot 1, resynchronised by a
 * verified AUTS. Knobs:
 * --drop-rrq2 drops the first N AKA_RESPONSE requests unanswered,
 * --forge-rrp2 sends each RRP2 first with a broken MHAE, --bad-k-after
 * makes vectors with another K once N authentications succeeded,
 * --stale-resync verifies an AUTS but goes on from its own SQN.
 *
 * With --user-nai it wants a user after the device (protocol.md §9,
 * policy aka+mschapv2), the company's RADIUS server inside: it knows that
 * one user's password and checks the NT-Response itself. RRQ2 with
 * USER_AUTH is answered at once; without, by the authenticated 131
 * "continue", then RRQ3. --refuse-user-after N rejects the user once N
 * authentications succeeded (0: always), --user-no-answer plays a RADIUS
 * server that does not answer (128); both denials are made with K_aka.
 *
 * Prints "port N" first; runs until killed.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "aka.h"
#include "ident.h"
#include "mac.h"
#include "mschap.h"
#include "password.h"
#include "usim.h"

#define TOLERANCE	7

struct sa {
	bool used;
	u32 spi;
	u8 key[MIP4_KDF_MAX];
	u64 last_id;
	u32 nonce;
};

static struct {
	char password[MIP4_PASSWORD_MAX + 1];
	size_t password_len;
	u32 key_lifetime;
	int skew;
	int deny_initial;
	int deny_renewals;		/* every initial once keys are out */
	int delay_initial_ms;
	int forget_after;
	bool bad_auth_response;
	bool echo_133;
	u16 max_lifetime;
	/* The node's keys. */
	u8 algorithm, replay;
	unsigned int key_len;
	struct sa skey, skey_prime;
	u8 kdf_key[MIP4_KDF_MAX];	/* Skey */
	int accepted;
	/* An initial request held back (--delay-initial-ms). */
	u8 held[MIP4_MSG_MAX];
	size_t held_len;
	struct sockaddr_in held_from;
	struct timespec held_until;
} ha;

/* AKA: the HLR and the pending challenge of the one node. */
#define AKA_IND		1
#define AKA_IND_BITS	5

static struct {
	bool on;
	struct mip4_usim hlr;		/* K and OPc of the subscriber */
	u64 seq_he;			/* SEQ of the last vector made */
	u16 challenge_lifetime;
	int drop_rrq2;
	bool forge_rrp2;
	bool stale_resync;		/* an HLR that does not move SQN_HE */
	int bad_k_after;
	int done;			/* authentications that succeeded */
	/* The pending challenge, its AV. */
	bool pending;
	bool resynced;
	time_t expiry;
	u8 h[MIP4_CVSE_H_LEN];
	u8 rand[16], autn[16], xres[8], ck[16], ik[16];
	/* protocol.md §9: the user's step, the company's RADIUS server
	 * played here (it knows one user and checks the NT-Response
	 * itself; k'' from the password as the MPPE keys give it).
	 */
	bool user_on;			/* policy aka+mschapv2 */
	char user_nai[MIP4_NAI_MAX + 1];
	char user_password[MIP4_PASSWORD_MAX + 1];
	size_t user_password_len;
	int refuse_user_after;		/* -1: never; N: once N succeeded */
	bool user_no_answer;		/* 128: the RADIUS server is down */
	/* Three round trips: the device authenticated, waiting for RRQ3. */
	bool device_ok;
	u8 k_aka[MIP4_KDF_MAX];
} aka;

static int fd;
static bool forge_next;

static void hex(const char *tag, const u8 *p, size_t n)
{
	size_t i;

	printf(" %s ", tag);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static u32 now_ntp(void)
{
	return mip4_ntp_seconds() + (u32)ha.skew;
}

/* The reply, with an MHAE under @spi made with @key (@alg) when @key. */
static void send_reply_key(const struct sockaddr_in *to,
			   const struct mip4_msg *rq,
			   struct mip4_msg_spec *spec, u32 spi, const u8 *key,
			   u8 alg)
{
	u8 buf[MIP4_MSG_MAX];
	int len;

	spec->type = MIP4_TYPE_RRP;
	spec->home_addr = rq->home_addr;
	spec->ha_addr = rq->ha_addr;
	spec->nai = rq->nai;
	spec->nai_len = rq->nai_len;
	spec->vendor_id = MIP4_VENDOR_ID_DEFAULT;
	if (spec->code > MIP4_CODE_ACCEPTED_NO_SIMUL)
		spec->lifetime = 0;
	if (key) {
		spec->algorithm = alg;
		spec->spi = spi;
	}
	len = mip4_msg_build(buf, sizeof(buf), spec);
	if (len < 0)
		return;
	if (key)
		mip4_mhae_sign(buf, (size_t)len, alg, key, mip4_auth_len(alg));
	if (key && forge_next) {
		/* A forger's copy first: the last authenticator bit. */
		forge_next = false;
		buf[len - 1] ^= 1;
		printf("forged rrp2 sent\n");
		sendto(fd, buf, (size_t)len, 0, (const struct sockaddr *)to,
		       sizeof(*to));
		buf[len - 1] ^= 1;
	}
	sendto(fd, buf, (size_t)len, 0, (const struct sockaddr *)to,
	       sizeof(*to));
}

static void send_reply(const struct sockaddr_in *to, const struct mip4_msg *rq,
		       struct mip4_msg_spec *spec, const struct sa *sa)
{
	send_reply_key(to, rq, spec, sa ? sa->spi : 0, sa ? sa->key : NULL,
		       ha.algorithm);
}

static void plain_reply(const struct sockaddr_in *to,
			const struct mip4_msg *rq, u8 code, u64 id)
{
	struct mip4_msg_spec spec = { .code = code, .id = id };

	printf("deny %u\n", code);
	send_reply(to, rq, &spec, NULL);
}

static void forget_keys(const char *why)
{
	memset(&ha.skey, 0, sizeof(ha.skey));
	memset(&ha.skey_prime, 0, sizeof(ha.skey_prime));
	printf("forget %s\n", why);
}

/* §4.1, with the AAA server's part done here. */
static void initial(const u8 *buf, size_t len, const struct mip4_msg *rq,
		    const struct sockaddr_in *from)
{
	const u8 *v = rq->cvse_value;
	u8 peer[MIP4_PEER_CHALLENGE_LEN], nt[MIP4_NT_RESPONSE_LEN];
	u8 k2[MIP4_K2_LEN], skey[MIP4_KDF_MAX], rep[MIP4_KEYGEN_REP_LEN];
	struct mip4_msg_spec spec = { .id = rq->id };
	u32 now = now_ntp();
	int32_t skew = (int32_t)((u32)(rq->id >> 32) - now);
	struct sa *s = &ha.skey, *d = &ha.skey_prime;
	u16 lifetime;

	if (rq->deny_code || !rq->nai) {
		plain_reply(from, rq, MIP4_CODE_POORLY_FORMED, rq->id);
		return;
	}
	if (v[3] == MIP4_REPLAY_TIMESTAMP &&
	    (skew > TOLERANCE || skew < -TOLERANCE ||
	     (s->used && rq->id <= s->last_id))) {
		plain_reply(from, rq, MIP4_CODE_ID_MISMATCH,
			    (u64)now << 32 | (u32)rq->id);
		return;
	}
	/* A refusal that gives no nonce (mip4ha.ko with nonces did that). */
	if (ha.echo_133) {
		plain_reply(from, rq, MIP4_CODE_ID_MISMATCH, rq->id);
		return;
	}
	if (ha.deny_initial) {
		plain_reply(from, rq, (u8)ha.deny_initial, rq->id);
		return;
	}
	/* The AAA server refuses new keys; the node keeps its own. */
	if (ha.deny_renewals && s->used) {
		printf("deny renewal %d\n", ha.deny_renewals);
		plain_reply(from, rq, (u8)ha.deny_renewals, rq->id);
		return;
	}
	mip4_peer_challenge(buf, len, rq, peer);
	if (mschap_generate_nt_response(v + MIP4_KEYGEN_REQ_CHALLENGE, peer,
					rq->nai, rq->nai_len, ha.password,
					ha.password_len, nt) ||
	    memcmp(nt, v + MIP4_KEYGEN_REQ_NT_RESPONSE, sizeof(nt))) {
		plain_reply(from, rq, MIP4_CODE_AUTH_FAILED, rq->id);
		return;
	}

	memcpy(rep, v, 12);
	put_unaligned_be32(ha.key_lifetime, rep + 12);
	getrandom(rep + 16, MIP4_HA_NONCE_LEN, 0);
	mschap_generate_authenticator_response(
		ha.password, ha.password_len, nt, peer,
		v + MIP4_KEYGEN_REQ_CHALLENGE, rq->nai, rq->nai_len, rep + 32);
	if (ha.bad_auth_response)
		rep[40] ^= 1;
	mschap_mn_k2(ha.password, ha.password_len, nt, k2);
	mip4_skey(k2, rq->nai, rq->nai_len, v, peer, rep + 16, skey);

	ha.algorithm = v[2];
	ha.replay = v[3];
	ha.key_len = mip4_auth_len(ha.algorithm);
	memset(s, 0, sizeof(*s));
	memset(d, 0, sizeof(*d));
	s->used = d->used = true;
	s->spi = get_unaligned_be32(v + 4);
	d->spi = get_unaligned_be32(v + 8);
	s->last_id = d->last_id = rq->id;
	getrandom(&s->nonce, 4, 0);
	getrandom(&d->nonce, 4, 0);
	memcpy(s->key, skey, ha.key_len);
	memcpy(ha.kdf_key, skey, ha.key_len);
	mip4_skey_prime(ha.algorithm, skey, rq->id, d->spi, d->key);

	lifetime = rq->lifetime;
	if (lifetime > ha.max_lifetime)
		lifetime = ha.max_lifetime;
	spec.code = MIP4_CODE_ACCEPTED;
	spec.lifetime = lifetime;
	spec.cvse_type = MIP4_CVSE_KEYGEN_REP;
	spec.cvse_value = rep;
	spec.cvse_len = sizeof(rep);
	printf("initial id 0x%016llx keys: spi-s 0x%x", (unsigned long long)rq->id,
	       s->spi);
	hex("skey", s->key, ha.key_len);
	printf(" spi-d 0x%x", d->spi);
	hex("skey-prime", d->key, ha.key_len);
	putchar('\n');
	ha.accepted++;
	send_reply(from, rq, &spec, s);
}

/* RFC 5944 §5.7 as the kernel does it; 0 or the reply Identification. */
static bool replay_ok(struct sa *sa, u64 id, u64 *reply_id)
{
	u32 now = now_ntp(), high = (u32)(id >> 32);
	int32_t skew = (int32_t)(high - now);

	if (ha.replay == MIP4_REPLAY_NONCE) {
		bool ok = high == sa->nonce;

		getrandom(&sa->nonce, 4, 0);
		*reply_id = (u64)sa->nonce << 32 | (u32)id;
		return ok;
	}
	if (skew > TOLERANCE || skew < -TOLERANCE || id <= sa->last_id) {
		*reply_id = (u64)now << 32 | (u32)id;
		return false;
	}
	sa->last_id = id;
	*reply_id = id;
	return true;
}

static void authenticated(const u8 *buf, size_t len, const struct mip4_msg *rq,
			  const struct sockaddr_in *from)
{
	struct mip4_msg_spec spec = { 0 };
	u8 rep[MIP4_REKEY_REP_LEN] = { 1 };
	struct sa *sa = NULL;
	u32 new_spi_d;

	if (ha.skey.used && rq->spi == ha.skey.spi)
		sa = &ha.skey;
	else if (ha.skey_prime.used && rq->spi == ha.skey_prime.spi)
		sa = &ha.skey_prime;
	if (!sa) {
		printf("discard: no SA for SPI 0x%x\n", rq->spi);
		return;
	}
	if (mip4_mhae_verify(buf, len, rq, ha.algorithm, sa->key,
			     ha.key_len)) {
		printf("deny %u\n", MIP4_CODE_AUTH_FAILED);
		spec.code = MIP4_CODE_AUTH_FAILED;
		spec.id = rq->id;
		send_reply(from, rq, &spec, sa);
		return;
	}
	if (!replay_ok(sa, rq->id, &spec.id)) {
		printf("deny %u\n", MIP4_CODE_ID_MISMATCH);
		spec.code = MIP4_CODE_ID_MISMATCH;
		send_reply(from, rq, &spec, sa);
		return;
	}
	if (rq->cvse_type == MIP4_CVSE_REKEY_REQ) {
		new_spi_d = get_unaligned_be32(rq->cvse_value + 4);
		if (sa != &ha.skey || rq->deny_code ||
		    new_spi_d == ha.skey.spi) {
			printf("deny %u\n", MIP4_CODE_POORLY_FORMED);
			spec.code = MIP4_CODE_POORLY_FORMED;
			send_reply(from, rq, &spec, sa);
			return;
		}
		ha.skey_prime.spi = new_spi_d;
		ha.skey_prime.last_id = rq->id;
		getrandom(&ha.skey_prime.nonce, 4, 0);
		mip4_skey_prime(ha.algorithm, ha.kdf_key, rq->id, new_spi_d,
				ha.skey_prime.key);
		put_unaligned_be32(new_spi_d, rep + 4);
		put_unaligned_be32(ha.key_lifetime - 1, rep + 8);
		spec.cvse_type = MIP4_CVSE_REKEY_REP;
		spec.cvse_value = rep;
		spec.cvse_len = sizeof(rep);
		printf("rekey id 0x%016llx keys: spi-s 0x%x",
		       (unsigned long long)rq->id, ha.skey.spi);
		hex("skey", ha.skey.key, ha.key_len);
		printf(" spi-d 0x%x", new_spi_d);
		hex("skey-prime", ha.skey_prime.key, ha.key_len);
		putchar('\n');
	}
	spec.code = MIP4_CODE_ACCEPTED;
	spec.lifetime = rq->lifetime < ha.max_lifetime ? rq->lifetime :
							 ha.max_lifetime;
	if (!rq->cvse_type)
		printf("%s spi 0x%x lifetime %u\n",
		       rq->lifetime ? "register" : "dereg", sa->spi,
		       spec.lifetime);
	send_reply(from, rq, &spec, sa);
	ha.accepted++;
	if (!rq->lifetime)
		forget_keys("dereg");
	else if (ha.forget_after && ha.accepted >= ha.forget_after)
		forget_keys("on purpose");
}

/* ---- AKA: the home agent of protocol.md §8.4-§8.7 with its HLR ---- */

static void aka_forget_pending(void)
{
	explicit_bzero(aka.k_aka, sizeof(aka.k_aka));
	aka.device_ok = false;
	explicit_bzero(aka.ck, sizeof(aka.ck));
	explicit_bzero(aka.ik, sizeof(aka.ik));
	explicit_bzero(aka.xres, sizeof(aka.xres));
	aka.pending = false;
}

/* An accepted AKA registration: AKA_RESULT (@v: H, @flags, the key
 * lifetime, RAND) in @spec, after which @spec may already name a
 * USER_RESULT; the attempt ends and the reply goes out signed with @sa.
 */
static void aka_accept(const struct sockaddr_in *from,
		       const struct mip4_msg *rq, struct mip4_msg_spec *spec,
		       u8 v[MIP4_AKA_RESULT_LEN], u8 flags, const struct sa *sa)
{
	memcpy(v, aka.h, MIP4_CVSE_H_LEN);
	v[MIP4_AKA_RESULT_FLAGS] = flags;
	put_unaligned_be32(ha.key_lifetime, v + MIP4_AKA_RESULT_LIFETIME);
	memcpy(v + MIP4_AKA_RESULT_RAND, aka.rand, 16);
	aka_forget_pending();
	aka.done++;
	spec->code = MIP4_CODE_ACCEPTED;
	spec->lifetime = rq->lifetime < ha.max_lifetime ? rq->lifetime :
							  ha.max_lifetime;
	spec->cvse_type = MIP4_CVSE_AKA_RESULT;
	spec->cvse_value = v;
	spec->cvse_len = MIP4_AKA_RESULT_LEN;
	ha.accepted++;
	forge_next = aka.forge_rrp2;
	send_reply(from, rq, spec, sa);
}

/* The HLR's next vector into the pending challenge. */
static void aka_new_av(const u8 *h)
{
	u8 sqn[6], k[16];
	u64 v;
	int i;

	aka.seq_he++;
	v = aka.seq_he << AKA_IND_BITS | AKA_IND;
	for (i = 5; i >= 0; i--, v >>= 8)
		sqn[i] = (u8)v;
	memcpy(k, aka.hlr.k, sizeof(k));
	/* K re-provisioned at the HLR, not at the USIM. */
	if (aka.bad_k_after && aka.done >= aka.bad_k_after)
		k[0] ^= 1;
	getrandom(aka.rand, sizeof(aka.rand), 0);
	mip4_aka_vector(k, aka.hlr.opc, sqn, (const u8 *)"\0\0", aka.rand,
			aka.xres, aka.ck, aka.ik, aka.autn);
	explicit_bzero(k, sizeof(k));
	memcpy(aka.h, h, sizeof(aka.h));
	aka.pending = true;
	printf("challenge");
	hex("rand", aka.rand, 16);
	printf(" sqn 0x%llx\n",
	       (unsigned long long)(aka.seq_he << AKA_IND_BITS | AKA_IND));
}

static void aka_challenge_reply(const struct sockaddr_in *from,
				const struct mip4_msg *rq)
{
	struct mip4_msg_spec spec = {
		.code = MIP4_CODE_AUTH_FAILED,
		.id = rq->id,
		.cvse_type = MIP4_CVSE_AKA_CHALLENGE,
		.cvse_len = MIP4_AKA_CHALLENGE_LEN,
	};
	u8 v[MIP4_AKA_CHALLENGE_LEN] = { 0 };
	long left = aka.expiry - time(NULL);

	memcpy(v, aka.h, MIP4_CVSE_H_LEN);
	if (aka.user_on)
		v[MIP4_AKA_CHALLENGE_FLAGS] = MIP4_AKA_FLAG_USER_AUTH_REQUIRED;
	put_unaligned_be16((u16)(left > 0 ? left : 0),
			   v + MIP4_AKA_CHALLENGE_LIFETIME);
	memcpy(v + MIP4_AKA_CHALLENGE_RAND, aka.rand, 16);
	memcpy(v + MIP4_AKA_CHALLENGE_AUTN, aka.autn, 16);
	spec.cvse_value = v;
	send_reply(from, rq, &spec, NULL);
}

static bool aka_pending_for(const struct mip4_msg *rq)
{
	return aka.pending && time(NULL) < aka.expiry &&
	       !memcmp(rq->cvse_value, aka.h, MIP4_CVSE_H_LEN) &&
	       !memcmp(rq->rand, aka.rand, 16);
}

/* Timestamps within the tolerance, and later than the Skey SA's last. */
static bool aka_id_ok(const struct mip4_msg *rq)
{
	int32_t skew = (int32_t)((u32)(rq->id >> 32) - now_ntp());

	if (rq->h.replay != MIP4_REPLAY_TIMESTAMP)
		return true;
	return skew <= TOLERANCE && skew >= -TOLERANCE &&
	       !(ha.skey.used && rq->id <= ha.skey.last_id);
}

static void aka_start(const struct mip4_msg *rq, const struct sockaddr_in *from)
{
	if (!aka_id_ok(rq)) {
		plain_reply(from, rq, MIP4_CODE_ID_MISMATCH,
			    (u64)now_ntp() << 32 | (u32)rq->id);
		return;
	}
	if (ha.deny_renewals && ha.skey.used) {
		printf("deny renewal %d\n", ha.deny_renewals);
		plain_reply(from, rq, (u8)ha.deny_renewals, rq->id);
		return;
	}
	/* protocol.md §8.7: the pending challenge again, no new AV. */
	if (aka.pending && time(NULL) < aka.expiry &&
	    !memcmp(rq->cvse_value, aka.h, MIP4_CVSE_H_LEN)) {
		printf("challenge again");
		hex("rand", aka.rand, 16);
		putchar('\n');
	} else {
		aka_forget_pending();
		aka.resynced = false;
		aka.expiry = time(NULL) + aka.challenge_lifetime;
		aka_new_av(rq->cvse_value);
	}
	aka_challenge_reply(from, rq);
}

/* protocol.md §8.5, §8.6. */
static void aka_failure(const struct mip4_msg *rq,
			const struct sockaddr_in *from)
{
	static const u8 amf0[2];
	u8 ak_star[6], sqn_ms[6], mac_s[8];
	u64 v = 0;
	int i;

	if (!aka_pending_for(rq)) {
		printf("stale failure report\n");
		plain_reply(from, rq, MIP4_CODE_AUTH_FAILED, rq->id);
		return;
	}
	if (rq->aka_cause == MIP4_AKA_CAUSE_MAC) {
		printf("mac_failure reported\n");
		aka_forget_pending();
		plain_reply(from, rq, MIP4_CODE_AUTH_FAILED, rq->id);
		return;
	}
	milenage_f2345(aka.hlr.k, aka.hlr.opc, aka.rand, NULL, NULL, NULL,
		       NULL, ak_star);
	for (i = 0; i < 6; i++) {
		sqn_ms[i] = rq->auts[i] ^ ak_star[i];
		v = v << 8 | sqn_ms[i];
	}
	milenage_f1(aka.hlr.k, aka.hlr.opc, aka.rand, sqn_ms, amf0, NULL,
		    mac_s);
	if (aka.resynced || memcmp(mac_s, rq->auts + 6, 8)) {
		printf("resync refused\n");
		aka_forget_pending();
		plain_reply(from, rq, MIP4_CODE_AUTH_FAILED, rq->id);
		return;
	}
	printf("resync sqn-ms 0x%llx\n", (unsigned long long)v);
	if (!aka.stale_resync)
		aka.seq_he = v >> AKA_IND_BITS;
	aka.resynced = true;
	/* The expiry of the first challenge stays. */
	aka_new_av(aka.h);
	aka_challenge_reply(from, rq);
}

/* The node's SAs from Skey (@skey, K_aka or the multi Skey) and the
 * Identification @id of the request that made them.
 */
static void aka_install(const struct mip4_msg *rq, u8 alg, u8 replay,
			const u8 *skey, u64 id)
{
	struct sa *s = &ha.skey, *d = &ha.skey_prime;
	unsigned int l = mip4_auth_len(alg);

	ha.algorithm = alg;
	ha.replay = replay;
	ha.key_len = l;
	memset(s, 0, sizeof(*s));
	memset(d, 0, sizeof(*d));
	s->used = d->used = true;
	s->spi = get_unaligned_be32(aka.h + 4);
	d->spi = get_unaligned_be32(aka.h + 8);
	s->last_id = d->last_id = id;
	getrandom(&s->nonce, 4, 0);
	getrandom(&d->nonce, 4, 0);
	memcpy(s->key, skey, l);
	memcpy(ha.kdf_key, skey, l);
	mip4_skey_prime(alg, skey, id, d->spi, d->key);
	(void)rq;
	printf("initial id 0x%016llx keys: spi-s 0x%x", (unsigned long long)id,
	       s->spi);
	hex("skey", s->key, ha.key_len);
	printf(" spi-d 0x%x", d->spi);
	hex("skey-prime", d->key, ha.key_len);
	putchar('\n');
}

/* protocol.md §9.2: the device is authenticated (K_aka @k_aka); the user's
 * step of @rq as the RADIUS server and mip4d would do it.
 */
static void aka_user(const u8 *buf, size_t len, const struct mip4_msg *rq,
		     const struct sockaddr_in *from, const u8 *k_aka, u64 id)
{
	struct mip4_msg_spec spec = { .id = rq->id };
	u8 alg = aka.h[2], replay = aka.h[3];
	u8 peer[MIP4_PEER_CHALLENGE_LEN], nt[MIP4_NT_RESPONSE_LEN];
	u8 k2[MIP4_K2_LEN], skey[MIP4_KDF_MAX];
	u8 v[MIP4_AKA_RESULT_LEN] = { 0 }, u[MIP4_USER_RESULT_LEN] = { 0 };
	u32 spi_s = get_unaligned_be32(aka.h + 4);
	bool refuse;

	refuse = rq->user_nai_len != strlen(aka.user_nai) ||
		 memcmp(rq->user_nai, aka.user_nai, rq->user_nai_len) ||
		 mip4_user_peer_challenge(buf, len, rq, peer) ||
		 mschap_generate_nt_response(rq->user_challenge, peer,
					     rq->user_nai, rq->user_nai_len,
					     aka.user_password,
					     aka.user_password_len, nt) ||
		 memcmp(nt, rq->user_nt_response, sizeof(nt));
	if (!refuse && aka.refuse_user_after >= 0 &&
	    aka.done >= aka.refuse_user_after)
		refuse = true;
	if (refuse || aka.user_no_answer) {
		/* Nothing installed; the denial made with K_aka. */
		spec.code = refuse ? MIP4_CODE_AUTH_FAILED : MIP4_CODE_NO_AAA;
		printf("user %s %s; deny %u with k_aka\n", aka.user_nai,
		       refuse ? "refused" : "not answered", spec.code);
		aka_forget_pending();
		send_reply_key(from, rq, &spec, spi_s, k_aka, alg);
		return;
	}
	getrandom(u + MIP4_USER_RESULT_NONCE, MIP4_HA_NONCE_LEN, 0);
	mschap_mn_k2(aka.user_password, aka.user_password_len, nt, k2);
	mip4_multi_skey(alg, k_aka, k2, rq, peer, u + MIP4_USER_RESULT_NONCE,
			spi_s, skey);
	explicit_bzero(k2, sizeof(k2));
	u[0] = MIP4_DK_VERSION;
	u[1] = MIP4_USER_METHOD_MSCHAPV2;
	put_unaligned_be32(ha.key_lifetime, u + MIP4_USER_RESULT_LIFETIME);
	mschap_generate_authenticator_response(
		aka.user_password, aka.user_password_len, nt, peer,
		rq->user_challenge, rq->user_nai, rq->user_nai_len,
		u + MIP4_USER_RESULT_AUTH_RESPONSE);
	aka_install(rq, alg, replay, skey, id);
	explicit_bzero(skey, sizeof(skey));
	printf("user %s accepted\n", aka.user_nai);
	spec.user_cvse_type = MIP4_CVSE_USER_RESULT;
	spec.user_cvse_value = u;
	spec.user_cvse_len = sizeof(u);
	aka_accept(from, rq, &spec, v, MIP4_AKA_FLAG_USER_AUTH_DONE, &ha.skey);
}

/* protocol.md §8.4 "The HA on RRQ2". */
static void aka_response(const u8 *buf, size_t len, const struct mip4_msg *rq,
			 const struct sockaddr_in *from)
{
	struct mip4_msg_spec spec = { .id = rq->id };
	u8 skey[MIP4_KDF_MAX], v[MIP4_AKA_RESULT_LEN] = { 0 };
	struct sa *s = &ha.skey;
	u8 alg = rq->h.algorithm;
	unsigned int l = mip4_auth_len(alg);

	if (aka.drop_rrq2) {
		aka.drop_rrq2--;
		printf("drop rrq2\n");
		return;
	}
	if (!aka_pending_for(rq)) {
		printf("stale response\n");
		plain_reply(from, rq, MIP4_CODE_AUTH_FAILED, rq->id);
		return;
	}
	if (!aka_id_ok(rq)) {
		plain_reply(from, rq, MIP4_CODE_ID_MISMATCH,
			    (u64)now_ntp() << 32 | (u32)rq->id);
		return;
	}
	if (rq->res_len != sizeof(aka.xres) ||
	    memcmp(rq->res, aka.xres, sizeof(aka.xres))) {
		printf("wrong res\n");
		aka_forget_pending();
		plain_reply(from, rq, MIP4_CODE_AUTH_FAILED, rq->id);
		return;
	}
	mip4_aka_skey(aka.ck, aka.ik, rq->nai, rq->nai_len, aka.rand, aka.autn,
		      aka.h, skey);
	if (!rq->has_mhae || rq->spi != rq->h.spi_s ||
	    mip4_mhae_verify(buf, len, rq, alg, skey, l)) {
		printf("security exception: right RES, wrong MHAE\n");
		aka_forget_pending();
		plain_reply(from, rq, MIP4_CODE_AUTH_FAILED, rq->id);
		return;
	}
	if (aka.user_on && rq->user_cvse_type == MIP4_CVSE_USER_AUTH) {
		aka_user(buf, len, rq, from, skey, rq->id);
		explicit_bzero(skey, sizeof(skey));
		return;
	}
	if (aka.user_on) {
		/* protocol.md §9.2: the authenticated "continue". */
		u8 r[MIP4_AKA_RESULT_LEN] = { 0 };

		memcpy(r, aka.h, MIP4_CVSE_H_LEN);
		r[MIP4_AKA_RESULT_FLAGS] = MIP4_AKA_FLAG_USER_AUTH_REQUIRED;
		memcpy(r + MIP4_AKA_RESULT_RAND, aka.rand, 16);
		memcpy(aka.k_aka, skey, l);
		aka.device_ok = true;
		explicit_bzero(skey, sizeof(skey));
		spec.code = MIP4_CODE_AUTH_FAILED;
		spec.cvse_type = MIP4_CVSE_AKA_RESULT;
		spec.cvse_value = r;
		spec.cvse_len = sizeof(r);
		printf("device authenticated; user step required\n");
		send_reply_key(from, rq, &spec, rq->h.spi_s, aka.k_aka, alg);
		return;
	}
	aka_install(rq, alg, rq->h.replay, skey, rq->id);
	explicit_bzero(skey, sizeof(skey));
	aka_accept(from, rq, &spec, v, 0, s);
}

/* RRQ3: USER_AUTH alone, its MHAE made with K_aka (protocol.md §9.2). */
static void aka_user_alone(const u8 *buf, size_t len,
			   const struct mip4_msg *rq,
			   const struct sockaddr_in *from)
{
	u8 alg = aka.h[2];
	u8 k_aka[MIP4_KDF_MAX];

	if (!aka.pending || !aka.device_ok || time(NULL) >= aka.expiry) {
		printf("stale user step\n");
		plain_reply(from, rq, MIP4_CODE_AUTH_FAILED, rq->id);
		return;
	}
	if (!rq->has_mhae || rq->spi != get_unaligned_be32(aka.h + 4) ||
	    mip4_mhae_verify(buf, len, rq, alg, aka.k_aka,
			     mip4_auth_len(alg))) {
		printf("security exception: user step, wrong MHAE\n");
		aka_forget_pending();
		plain_reply(from, rq, MIP4_CODE_AUTH_FAILED, rq->id);
		return;
	}
	memcpy(k_aka, aka.k_aka, sizeof(k_aka));
	aka_user(buf, len, rq, from, k_aka, rq->id);
	explicit_bzero(k_aka, sizeof(k_aka));
}

static bool aka_handle(const u8 *buf, size_t len, const struct mip4_msg *rq,
		       const struct sockaddr_in *from)
{
	if (aka.on && !rq->cvse_type &&
	    rq->user_cvse_type == MIP4_CVSE_USER_AUTH) {
		if (rq->deny_code || !rq->nai)
			plain_reply(from, rq, MIP4_CODE_POORLY_FORMED, rq->id);
		else
			aka_user_alone(buf, len, rq, from);
		return true;
	}
	if (rq->cvse_type != MIP4_CVSE_AKA_START &&
	    rq->cvse_type != MIP4_CVSE_AKA_RESPONSE &&
	    rq->cvse_type != MIP4_CVSE_AKA_FAILURE)
		return false;
	if (!aka.on || rq->deny_code || !rq->nai) {
		plain_reply(from, rq, aka.on ? MIP4_CODE_POORLY_FORMED :
					       MIP4_CODE_AUTH_FAILED, rq->id);
		return true;
	}
	if (rq->cvse_type == MIP4_CVSE_AKA_START)
		aka_start(rq, from);
	else if (rq->cvse_type == MIP4_CVSE_AKA_FAILURE)
		aka_failure(rq, from);
	else
		aka_response(buf, len, rq, from);
	return true;
}

static void handle(const u8 *buf, size_t len, const struct sockaddr_in *from)
{
	struct mip4_msg rq;

	if (mip4_msg_parse(buf, len, MIP4_VENDOR_ID_DEFAULT, &rq) ||
	    rq.type != MIP4_TYPE_RRQ) {
		printf("discard: malformed\n");
		return;
	}
	if (aka_handle(buf, len, &rq, from))
		return;
	if (rq.has_mhae) {
		authenticated(buf, len, &rq, from);
	} else if (rq.cvse_type == MIP4_CVSE_KEYGEN_REQ) {
		if (ha.delay_initial_ms && !ha.held_len) {
			/* Held as if at the AAA server; retransmissions
			 * meanwhile are dropped, as the kernel does.
			 */
			memcpy(ha.held, buf, len);
			ha.held_len = len;
			ha.held_from = *from;
			clock_gettime(CLOCK_MONOTONIC, &ha.held_until);
			ha.held_until.tv_sec += ha.delay_initial_ms / 1000;
			ha.held_until.tv_nsec +=
				(ha.delay_initial_ms % 1000) * 1000000L;
			if (ha.held_until.tv_nsec >= 1000000000L) {
				ha.held_until.tv_sec++;
				ha.held_until.tv_nsec -= 1000000000L;
			}
			printf("hold id 0x%016llx\n", (unsigned long long)rq.id);
		} else if (ha.delay_initial_ms) {
			printf("drop id 0x%016llx (one in progress)\n",
			       (unsigned long long)rq.id);
		} else {
			initial(buf, len, &rq, from);
		}
	} else {
		printf("discard: neither MHAE nor KEYGEN_REQ\n");
	}
}

static int held_wait_ms(void)
{
	struct timespec now;
	long ms;

	if (!ha.held_len)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (ha.held_until.tv_sec - now.tv_sec) * 1000 +
	     (ha.held_until.tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)ms;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "password-file", required_argument, NULL, 'p' },
		{ "key-lifetime", required_argument, NULL, 'k' },
		{ "skew", required_argument, NULL, 's' },
		{ "deny-initial", required_argument, NULL, 'd' },
		{ "delay-initial-ms", required_argument, NULL, 'w' },
		{ "forget-after", required_argument, NULL, 'f' },
		{ "bad-auth-response", no_argument, NULL, 'b' },
		{ "echo-133", no_argument, NULL, 'e' },
		{ "max-lifetime", required_argument, NULL, 'm' },
		{ "deny-renewals", required_argument, NULL, 'r' },
		{ "aka-k", required_argument, NULL, 'K' },
		{ "aka-opc", required_argument, NULL, 'O' },
		{ "hlr-seq", required_argument, NULL, 'S' },
		{ "challenge-lifetime", required_argument, NULL, 'C' },
		{ "drop-rrq2", required_argument, NULL, 'D' },
		{ "forge-rrp2", no_argument, NULL, 'F' },
		{ "bad-k-after", required_argument, NULL, 'B' },
		{ "stale-resync", no_argument, NULL, 'R' },
		{ "user-nai", required_argument, NULL, 'U' },
		{ "user-password-file", required_argument, NULL, 'P' },
		{ "refuse-user-after", required_argument, NULL, 'X' },
		{ "user-no-answer", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	const char *k_file = NULL, *opc_file = NULL, *what;
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t alen = sizeof(addr);
	struct sockaddr_in from;
	u8 buf[MIP4_MSG_MAX + 1];
	struct mip4_msg rq;
	const char *pw = NULL, *user_pw = NULL;
	ssize_t n;
	int c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ha.key_lifetime = 3600;
	ha.max_lifetime = 1800;
	aka.challenge_lifetime = 30;
	aka.refuse_user_after = -1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': pw = optarg; break;
		case 'k': ha.key_lifetime = (u32)atoi(optarg); break;
		case 's': ha.skew = atoi(optarg); break;
		case 'd': ha.deny_initial = atoi(optarg); break;
		case 'w': ha.delay_initial_ms = atoi(optarg); break;
		case 'f': ha.forget_after = atoi(optarg); break;
		case 'b': ha.bad_auth_response = true; break;
		case 'e': ha.echo_133 = true; break;
		case 'm': ha.max_lifetime = (u16)atoi(optarg); break;
		case 'r': ha.deny_renewals = atoi(optarg); break;
		case 'K': k_file = optarg; break;
		case 'O': opc_file = optarg; break;
		case 'S': aka.seq_he = strtoull(optarg, NULL, 10); break;
		case 'C': aka.challenge_lifetime = (u16)atoi(optarg); break;
		case 'D': aka.drop_rrq2 = atoi(optarg); break;
		case 'F': aka.forge_rrp2 = true; break;
		case 'B': aka.bad_k_after = atoi(optarg); break;
		case 'R': aka.stale_resync = true; break;
		case 'U':
			snprintf(aka.user_nai, sizeof(aka.user_nai), "%s",
				 optarg);
			break;
		case 'P': user_pw = optarg; break;
		case 'X': aka.refuse_user_after = atoi(optarg); break;
		case 'N': aka.user_no_answer = true; break;
		default: return 2;
		}
	}
	if (k_file || opc_file) {
		if (!k_file || !opc_file ||
		    mip4_usim_keys(k_file, opc_file, &aka.hlr, &what)) {
			fprintf(stderr, "fake_ha: need --aka-k and --aka-opc files of 16 octets\n");
			return 2;
		}
		aka.on = true;
	}
	n = pw ? mip4_password_read(pw, ha.password, sizeof(ha.password)) : -1;
	if (n < 0 && !aka.on) {
		fprintf(stderr, "fake_ha: need --password-file or --aka-k\n");
		return 2;
	}
	ha.password_len = n < 0 ? 0 : (size_t)n;
	if (!*aka.user_nai != !user_pw) {
		fprintf(stderr, "fake_ha: --user-nai and --user-password-file go together\n");
		return 2;
	}
	if (user_pw) {
		n = mip4_password_read(user_pw, aka.user_password,
				       sizeof(aka.user_password));
		if (n < 0 || !aka.on) {
			fprintf(stderr, "fake_ha: a user needs --aka-k and a readable --user-password-file\n");
			return 2;
		}
		aka.user_password_len = (size_t)n;
		aka.user_on = true;
	}

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    getsockname(fd, (struct sockaddr *)&addr, &alen)) {
		perror("fake_ha");
		return 1;
	}
	printf("port %u\n", ntohs(addr.sin_port));

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		socklen_t flen = sizeof(from);

		if (poll(&pfd, 1, held_wait_ms()) < 0 && errno != EINTR)
			return 1;
		if (ha.held_len && !held_wait_ms()) {
			if (!mip4_msg_parse(ha.held, ha.held_len,
					    MIP4_VENDOR_ID_DEFAULT, &rq))
				initial(ha.held, ha.held_len, &rq,
					&ha.held_from);
			ha.held_len = 0;
			ha.delay_initial_ms = 0;	/* once */
		}
		if (!(pfd.revents & POLLIN))
			continue;
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			     &flen);
		if (n > 0)
			handle(buf, (size_t)n, &from);
	}
}
