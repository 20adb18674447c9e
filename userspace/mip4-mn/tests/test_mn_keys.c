// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests (KTAP) of the mobile node's dynamic keys (lib/mnkeys.c) with
 * the vectors of protocol.md §7 (MS-CHAPv2) and §8.11 (AKA: RRQ1, RRQ2, the
 * resync and MAC-failure reports byte for byte, the replies taken or not),
 * §9.6 (a user after the device: RRQ1 and RRQ2 byte for byte, RRP2 taken,
 * tampered ones not, three round trips), and of password files
 * (lib/password.c).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "mnkeys.h"
#include "mschap.h"
#include "password.h"

#define NAI		"mn-alice@example.net"
#define PASSWORD	"alice-Pass-1"
#define ID		0xeb2d0a5a00000001ull
#define REKEY_ID	0xeb2d0a9600000001ull

struct vector {
	u8 algorithm;
	const char *rrq;
	const char *peer_challenge;
	const char *nt_response;
	const char *skey;
	const char *skey_prime;
	const char *rrp;
	const char *rekey_skey_prime;
};

static const struct vector md5_vector = {
	.algorithm = MIP4_ALG_HMAC_MD5,
	.rrq = "010207080a01000a0a010001c000020aeb2d0a5a0000000183146d6e2d616c696365406578616d706c652e6e65742600003a00007ed90001010101020000100000001001101112131415161718191a1b1c1d1e1f91af9888add464ca1c600acfe54cca733da8dec2dc26fafa",
	.peer_challenge = "d59c7bedbf175dfcce70f2bb35bb7208",
	.nt_response = "91af9888add464ca1c600acfe54cca733da8dec2dc26fafa",
	.skey = "41ff8c82d8ae0fc484c789166ce6ab90",
	.skey_prime = "f395976c79df6aea81e497f926793454",
	.rrp = "030007080a01000a0a010001eb2d0a5a0000000183146d6e2d616c696365406578616d706c652e6e65742600003a00007ed9000201010102000010000000100100000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf1b1cee97522fda4eaaa3645433ccf6c7191bc5cb201400001000746adae19829d9f39170019efc9c229a",
	.rekey_skey_prime = "ca7e0a16bfb060daf161d1f30a663300",
};

static const struct vector sha256_vector = {
	.algorithm = MIP4_ALG_HMAC_SHA256,
	.rrq = "010207080a01000a0a010001c000020aeb2d0a5a0000000183146d6e2d616c696365406578616d706c652e6e65742600003a00007ed90001010102020000100000001001101112131415161718191a1b1c1d1e1fa7b1335f9f3d4c53767c9cc70609213d28250c177441ed81",
	.peer_challenge = "ab68e4d624ef1b8555926a14004c2858",
	.nt_response = "a7b1335f9f3d4c53767c9cc70609213d28250c177441ed81",
	.skey = "1518e28ed9e3809b1eb6066057c641e9492edeaaa768d8ead3891c46b2fd6e11",
	.skey_prime = "3a9180c4c0c4ef6075608b4ad95889925b84bd0d65afe6c457602003ad6e5c30",
	.rrp = "030007080a01000a0a010001eb2d0a5a0000000183146d6e2d616c696365406578616d706c652e6e65742600003a00007ed9000201010202000010000000100100000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf1980bcd324c975a2305bf1624b63da54dce2f7742024000010000366a1c406fa4052856d6ca3323cd3c71f9b3039278bcd0bd6a09a6a45ca70b0",
	.rekey_skey_prime = "2ded8fbe29ffcfb2df251b8e7580d52b9be000d809a05bc25ed4ee4773e220c2",
};

static size_t unhex(const char *s, u8 *out)
{
	size_t i, n = strlen(s) / 2;
	unsigned int b;

	for (i = 0; i < n; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			abort();
		out[i] = (u8)b;
	}
	return n;
}

/* The §7 inputs. */
static void spec_init(struct mip4_msg_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->type = MIP4_TYPE_RRQ;
	spec->flags = MIP4_FLAG_T;
	spec->lifetime = 1800;
	inet_pton(AF_INET, "10.1.0.10", &spec->home_addr);
	inet_pton(AF_INET, "10.1.0.1", &spec->ha_addr);
	inet_pton(AF_INET, "192.0.2.10", &spec->coa);
	spec->id = ID;
	spec->nai = (const u8 *)NAI;
	spec->nai_len = sizeof(NAI) - 1;
	spec->vendor_id = MIP4_VENDOR_ID_DEFAULT;
}

static void params_init(struct mip4_mn_keygen_params *p, u8 algorithm)
{
	unsigned int i;

	p->algorithm = algorithm;
	p->replay = MIP4_REPLAY_TIMESTAMP;
	p->spi_s = 0x1000;
	p->spi_d = 0x1001;
	for (i = 0; i < MIP4_AUTH_CHALLENGE_LEN; i++)
		p->auth_challenge[i] = (u8)(0x10 + i);
}

/* Builds the §7 request of @v into @kg; returns 0 when it went well. */
static int build_vector_rrq(const struct vector *v, struct mip4_mn_keygen *kg,
			    u8 *buf, int *len)
{
	struct mip4_mn_keygen_params p;
	struct mip4_msg_spec spec;

	spec_init(&spec);
	params_init(&p, v->algorithm);
	*len = mip4_mn_keygen_build(buf, MIP4_MSG_MAX, &spec, &p, PASSWORD,
				    strlen(PASSWORD), kg);
	return *len < 0 ? *len : 0;
}

static void keygen_build_vector(const void *arg)
{
	const struct vector *v = arg;
	u8 buf[MIP4_MSG_MAX], want[MIP4_MSG_MAX], x[64];
	struct mip4_mn_keygen kg;
	size_t want_len;
	int len;

	EXPECT_EQ(build_vector_rrq(v, &kg, buf, &len), 0);
	want_len = unhex(v->rrq, want);
	EXPECT_EQ(len, want_len);
	EXPECT_MEM(buf, want, want_len);
	unhex(v->peer_challenge, x);
	EXPECT_MEM(kg.peer_challenge, x, MIP4_PEER_CHALLENGE_LEN);
	unhex(v->nt_response, x);
	EXPECT_MEM(kg.keygen_req + MIP4_KEYGEN_REQ_NT_RESPONSE, x,
		   MIP4_NT_RESPONSE_LEN);
	EXPECT_EQ(kg.id, ID);
}

/* Parses @rrp (hex, or @bytes when given) as the reply to the §7 request
 * and runs mip4_mn_keygen_reply() on it.
 */
static int vector_reply(const struct vector *v, const u8 *bytes, size_t n,
			struct mip4_mn_keys *keys, const char **why)
{
	struct mip4_mn_keygen kg;
	u8 req[MIP4_MSG_MAX];
	struct mip4_msg msg;
	int len;

	if (build_vector_rrq(v, &kg, req, &len) ||
	    mip4_msg_parse(bytes, n, MIP4_VENDOR_ID_DEFAULT, &msg))
		return -EFAULT;
	return mip4_mn_keygen_reply(bytes, n, &msg, &kg, PASSWORD,
				    strlen(PASSWORD), keys, why);
}

static void keygen_reply_vector(const void *arg)
{
	const struct vector *v = arg;
	u8 rrp[MIP4_MSG_MAX], x[MIP4_KDF_MAX];
	struct mip4_mn_keys keys;
	const char *why = NULL;
	size_t n = unhex(v->rrp, rrp);
	unsigned int key_len = mip4_auth_len(v->algorithm);

	memset(&keys, 0xaa, sizeof(keys));
	EXPECT_EQ(vector_reply(v, rrp, n, &keys, &why), 0);
	if (why)
		printf("        # refused: %s\n", why);
	EXPECT_EQ(keys.algorithm, v->algorithm);
	EXPECT_EQ(keys.replay, MIP4_REPLAY_TIMESTAMP);
	EXPECT_EQ(keys.spi_s, 0x1000);
	EXPECT_EQ(keys.spi_d, 0x1001);
	EXPECT_EQ(keys.key_len, key_len);
	EXPECT_EQ(keys.key_lifetime, 3600);
	unhex(v->skey, x);
	EXPECT_MEM(keys.skey, x, key_len);
	unhex(v->skey_prime, x);
	EXPECT_MEM(keys.skey_prime, x, key_len);
}

/* A change to the §7 reply, made by an attacker who may sign it again with
 * the right Skey (so that only the check under test can catch it).
 */
struct tamper {
	const struct vector *v;
	const char *what;
	size_t offset;		/* from the start of the KEYGEN_REP value, or */
	int from_mhae;		/* ... of the MHAE */
	u8 xor;
	int resign;
	int err;
};

#define RRP_CVSE_VALUE	(MIP4_RRP_FIXED_LEN + 2 + sizeof(NAI) - 1 + MIP4_CVSE_HDR_LEN)

static void keygen_reply_tampered(const void *arg)
{
	const struct tamper *t = arg;
	u8 rrp[MIP4_MSG_MAX], skey[MIP4_KDF_MAX];
	struct mip4_mn_keys keys, untouched;
	size_t n = unhex(t->v->rrp, rrp);
	const char *why = NULL;
	struct mip4_msg msg;
	size_t at;

	EXPECT_EQ(mip4_msg_parse(rrp, n, MIP4_VENDOR_ID_DEFAULT, &msg), 0);
	at = t->from_mhae ? msg.mhae_offset + t->offset :
			    RRP_CVSE_VALUE + t->offset;
	rrp[at] ^= t->xor;
	if (t->resign) {
		unhex(t->v->skey, skey);
		EXPECT_EQ(mip4_mhae_sign(rrp, n, t->v->algorithm, skey,
					 mip4_auth_len(t->v->algorithm)), 0);
	}
	memset(&keys, 0x5a, sizeof(keys));
	untouched = keys;
	EXPECT_EQ(vector_reply(t->v, rrp, n, &keys, &why), t->err);
	EXPECT(why != NULL);
	if (why)
		printf("        # %s: refused: %s\n", t->what, why);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));
}

static const struct tamper tampers[] = {
	{ &md5_vector, "AuthenticatorResponse octet 0", 32, 0, 0x01, 1, -EBADMSG },
	{ &md5_vector, "AuthenticatorResponse octet 19", 51, 0, 0x80, 1, -EBADMSG },
	{ &sha256_vector, "AuthenticatorResponse octet 7", 39, 0, 0x10, 1, -EBADMSG },
	{ &md5_vector, "MHAE authenticator octet 0", MIP4_MHAE_HDR_LEN, 1, 0x01, 0, -EBADMSG },
	{ &sha256_vector, "MHAE authenticator octet 31", MIP4_MHAE_HDR_LEN + 31, 1, 0x40, 0, -EBADMSG },
	{ &md5_vector, "HA-nonce octet 3 (unsigned again)", 19, 0, 0x02, 0, -EBADMSG },
	{ &md5_vector, "SPI_S echo", 7, 0, 0x01, 1, -EPROTO },
	{ &sha256_vector, "SPI_D echo", 11, 0, 0x03, 1, -EPROTO },
	{ &md5_vector, "algorithm echo", 2, 0, 0x03, 1, -EPROTO },
	{ &md5_vector, "version echo", 0, 0, 0x02, 1, -EPROTO },
	{ &md5_vector, "MHAE SPI", 5, 1, 0x01, 0, -EPROTO },
};

/* A key lifetime of 0, signed again: no keys to use. */
static void keygen_reply_zero_lifetime(const void *arg)
{
	const struct vector *v = arg;
	u8 rrp[MIP4_MSG_MAX], skey[MIP4_KDF_MAX];
	struct mip4_mn_keys keys;
	size_t n = unhex(v->rrp, rrp);
	const char *why = NULL;

	memset(rrp + RRP_CVSE_VALUE + 12, 0, 4);
	unhex(v->skey, skey);
	mip4_mhae_sign(rrp, n, v->algorithm, skey, mip4_auth_len(v->algorithm));
	EXPECT_EQ(vector_reply(v, rrp, n, &keys, &why), -EPROTO);
}

static void keygen_reply_wrong_password(const void *arg)
{
	const struct vector *v = arg;
	u8 rrp[MIP4_MSG_MAX], req[MIP4_MSG_MAX];
	size_t n = unhex(v->rrp, rrp);
	struct mip4_mn_keygen kg;
	struct mip4_mn_keys keys;
	const char *why = NULL;
	struct mip4_msg msg;
	int len;

	EXPECT_EQ(build_vector_rrq(v, &kg, req, &len), 0);
	EXPECT_EQ(mip4_msg_parse(rrp, n, MIP4_VENDOR_ID_DEFAULT, &msg), 0);
	EXPECT_EQ(mip4_mn_keygen_reply(rrp, n, &msg, &kg, "alice-Pass-2", 12,
				       &keys, &why), -EBADMSG);
}

/* A reply without KEYGEN_REP (a denial) is not an acceptance. */
static void keygen_reply_no_rep(const void *arg)
{
	struct mip4_msg_spec spec;
	struct mip4_mn_keygen kg;
	struct mip4_mn_keys keys;
	u8 req[MIP4_MSG_MAX], rrp[MIP4_MSG_MAX];
	const char *why = NULL;
	struct mip4_msg msg;
	int len, n;

	(void)arg;
	EXPECT_EQ(build_vector_rrq(&md5_vector, &kg, req, &len), 0);
	spec_init(&spec);
	spec.type = MIP4_TYPE_RRP;
	spec.algorithm = MIP4_ALG_HMAC_MD5;
	spec.spi = 0x1000;
	n = mip4_msg_build(rrp, sizeof(rrp), &spec);
	EXPECT(n > 0);
	EXPECT_EQ(mip4_msg_parse(rrp, (size_t)n, MIP4_VENDOR_ID_DEFAULT, &msg),
		  0);
	EXPECT_EQ(mip4_mn_keygen_reply(rrp, (size_t)n, &msg, &kg, PASSWORD,
				       strlen(PASSWORD), &keys, &why), -EPROTO);
}

static void keygen_build_refuses(const void *arg)
{
	struct mip4_mn_keygen_params p;
	struct mip4_msg_spec spec;
	struct mip4_mn_keygen kg;
	u8 buf[MIP4_MSG_MAX];

	(void)arg;
	spec_init(&spec);
	params_init(&p, MIP4_ALG_KEYED_MD5);
	EXPECT_EQ(mip4_mn_keygen_build(buf, sizeof(buf), &spec, &p, PASSWORD,
				       strlen(PASSWORD), &kg), -EINVAL);
	params_init(&p, MIP4_ALG_HMAC_MD5);
	p.spi_d = p.spi_s;
	EXPECT_EQ(mip4_mn_keygen_build(buf, sizeof(buf), &spec, &p, PASSWORD,
				       strlen(PASSWORD), &kg), -EINVAL);
	params_init(&p, MIP4_ALG_HMAC_MD5);
	p.spi_s = 255;
	EXPECT_EQ(mip4_mn_keygen_build(buf, sizeof(buf), &spec, &p, PASSWORD,
				       strlen(PASSWORD), &kg), -EINVAL);
	params_init(&p, MIP4_ALG_HMAC_MD5);
	spec.nai = NULL;
	spec.nai_len = 0;
	EXPECT_EQ(mip4_mn_keygen_build(buf, sizeof(buf), &spec, &p, PASSWORD,
				       strlen(PASSWORD), &kg), -EINVAL);
	spec_init(&spec);
	EXPECT_EQ(mip4_mn_keygen_build(buf, 100, &spec, &p, PASSWORD,
				       strlen(PASSWORD), &kg), -ENOSPC);
	/* Invalid UTF-8 is no password. */
	EXPECT_EQ(mip4_mn_keygen_build(buf, sizeof(buf), &spec, &p, "\xff", 1,
				       &kg), -EINVAL);
}

/* The §7 keys, as the initial registration leaves them. */
static void vector_keys(const struct vector *v, struct mip4_mn_keys *keys)
{
	memset(keys, 0, sizeof(*keys));
	keys->algorithm = v->algorithm;
	keys->replay = MIP4_REPLAY_TIMESTAMP;
	keys->spi_s = 0x1000;
	keys->spi_d = 0x1001;
	keys->key_len = mip4_auth_len(v->algorithm);
	unhex(v->skey, keys->skey);
	unhex(v->skey_prime, keys->skey_prime);
	keys->key_lifetime = 3600;
}

/* The home agent's REKEY_REP reply to a rekey request, signed with Skey. */
static int rekey_rrp(const struct mip4_mn_keys *keys, u32 spi_d_echo,
		     u8 version, u8 *buf)
{
	u8 rep[MIP4_REKEY_REP_LEN] = { version };
	struct mip4_msg_spec spec;
	int n;

	spec_init(&spec);
	spec.type = MIP4_TYPE_RRP;
	spec.id = REKEY_ID;
	spec.algorithm = keys->algorithm;
	spec.spi = keys->spi_s;
	spec.cvse_type = MIP4_CVSE_REKEY_REP;
	spec.cvse_value = rep;
	spec.cvse_len = sizeof(rep);
	put_unaligned_be32(spi_d_echo, rep + 4);
	put_unaligned_be32(3000, rep + 8);
	n = mip4_msg_build(buf, MIP4_MSG_MAX, &spec);
	if (n < 0 || mip4_mhae_sign(buf, (size_t)n, keys->algorithm,
				    keys->skey, keys->key_len))
		return -1;
	return n;
}

static void rekey_vector(const void *arg)
{
	const struct vector *v = arg;
	u8 req[MIP4_MSG_MAX], rrp[MIP4_MSG_MAX], x[MIP4_KDF_MAX];
	struct mip4_msg_spec spec;
	struct mip4_mn_keys keys;
	const char *why = NULL;
	struct mip4_msg msg;
	int len, n;

	vector_keys(v, &keys);
	spec_init(&spec);
	spec.id = REKEY_ID;
	len = mip4_mn_rekey_build(req, sizeof(req), &spec, &keys, 0x1001);
	EXPECT(len > 0);
	/* What the home agent sees: NAI, REKEY_REQ, MHAE(SPI_S) by Skey. */
	EXPECT_EQ(mip4_msg_parse(req, (size_t)len, MIP4_VENDOR_ID_DEFAULT,
				 &msg), 0);
	EXPECT_EQ(msg.deny_code, 0);
	EXPECT_EQ(msg.nai_len, sizeof(NAI) - 1);
	EXPECT_EQ(msg.cvse_type, MIP4_CVSE_REKEY_REQ);
	EXPECT_MEM(msg.cvse_value, "\x01\0\0\0\0\0\x10\x01", 8);
	EXPECT_EQ(msg.spi, 0x1000);
	EXPECT_EQ(mip4_mhae_verify(req, (size_t)len, &msg, v->algorithm,
				   keys.skey, keys.key_len), 0);

	n = rekey_rrp(&keys, 0x1001, 1, rrp);
	EXPECT(n > 0);
	EXPECT_EQ(mip4_msg_parse(rrp, (size_t)n, MIP4_VENDOR_ID_DEFAULT, &msg),
		  0);
	EXPECT_EQ(mip4_mn_rekey_reply(&msg, REKEY_ID, 0x1001, &keys, &why), 0);
	unhex(v->rekey_skey_prime, x);
	EXPECT_MEM(keys.skey_prime, x, keys.key_len);
	EXPECT_EQ(keys.spi_d, 0x1001);
	EXPECT_EQ(keys.key_lifetime, 3000);
	unhex(v->skey, x);
	EXPECT_MEM(keys.skey, x, keys.key_len);
}

static void rekey_new_spi_d(const void *arg)
{
	u8 rrp[MIP4_MSG_MAX], want[MIP4_KDF_MAX];
	struct mip4_mn_keys keys, untouched;
	const char *why = NULL;
	struct mip4_msg msg;
	int n;

	(void)arg;
	vector_keys(&md5_vector, &keys);
	mip4_skey_prime(keys.algorithm, keys.skey, REKEY_ID, 0x2000, want);

	/* The echo of another SPI_D, or another version: nothing changes. */
	untouched = keys;
	n = rekey_rrp(&keys, 0x1001, 1, rrp);
	mip4_msg_parse(rrp, (size_t)n, MIP4_VENDOR_ID_DEFAULT, &msg);
	EXPECT_EQ(mip4_mn_rekey_reply(&msg, REKEY_ID, 0x2000, &keys, &why),
		  -EPROTO);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));
	n = rekey_rrp(&keys, 0x2000, 2, rrp);
	mip4_msg_parse(rrp, (size_t)n, MIP4_VENDOR_ID_DEFAULT, &msg);
	EXPECT_EQ(mip4_mn_rekey_reply(&msg, REKEY_ID, 0x2000, &keys, &why),
		  -EPROTO);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));

	n = rekey_rrp(&keys, 0x2000, 1, rrp);
	mip4_msg_parse(rrp, (size_t)n, MIP4_VENDOR_ID_DEFAULT, &msg);
	EXPECT_EQ(mip4_mn_rekey_reply(&msg, REKEY_ID, 0x2000, &keys, &why), 0);
	EXPECT_EQ(keys.spi_d, 0x2000);
	EXPECT_MEM(keys.skey_prime, want, keys.key_len);
}

static void rekey_build_refuses(const void *arg)
{
	struct mip4_msg_spec spec;
	struct mip4_mn_keys keys;
	u8 req[MIP4_MSG_MAX];

	(void)arg;
	vector_keys(&md5_vector, &keys);
	spec_init(&spec);
	EXPECT_EQ(mip4_mn_rekey_build(req, sizeof(req), &spec, &keys, 0x1000),
		  -EINVAL);
	EXPECT_EQ(mip4_mn_rekey_build(req, sizeof(req), &spec, &keys, 255),
		  -EINVAL);
}

/* ---- password files ---- */

struct password_case {
	const char *content;
	size_t len;
	ssize_t ret;
	const char *password;
};

static const struct password_case password_cases[] = {
	{ "alice-Pass-1\n", 13, 12, "alice-Pass-1" },
	{ "alice-Pass-1", 12, 12, "alice-Pass-1" },
	{ "alice-Pass-1\r\n", 14, 12, "alice-Pass-1" },
	{ " sp ace \n", 9, 8, " sp ace " },
	{ "deadbeef\n", 9, 8, "deadbeef" },	/* not hex-decoded */
	{ "\n", 1, -EINVAL, NULL },
	{ "", 0, -EINVAL, NULL },
	{ "two\nlines\n", 10, -EINVAL, NULL },
	{ "nul\0in\n", 7, -EINVAL, NULL },
};

static void password_read(const void *arg)
{
	const struct password_case *c = arg;
	char path[] = "/tmp/test_mn_keys.XXXXXX", out[64];
	ssize_t ret;
	int fd;

	fd = mkstemp(path);
	EXPECT(fd >= 0);
	if (fd < 0)
		return;
	EXPECT_EQ(write(fd, c->content, c->len), (ssize_t)c->len);
	close(fd);
	ret = mip4_password_read(path, out, sizeof(out));
	EXPECT_EQ(ret, c->ret);
	if (c->password && ret >= 0)
		EXPECT(!strcmp(out, c->password));
	unlink(path);
}

static void password_limits(const void *arg)
{
	char path[] = "/tmp/test_mn_keys.XXXXXX", out[MIP4_PASSWORD_MAX + 1];
	char text[MIP4_PASSWORD_MAX + 2];
	int fd;

	(void)arg;
	EXPECT_EQ(mip4_password_read("/nonexistent/pw", out, sizeof(out)),
		  -ENOENT);
	fd = mkstemp(path);
	EXPECT(fd >= 0);
	if (fd < 0)
		return;
	memset(text, 'p', sizeof(text));
	/* The longest file: MIP4_PASSWORD_MAX octets. */
	EXPECT_EQ(write(fd, text, MIP4_PASSWORD_MAX), MIP4_PASSWORD_MAX);
	EXPECT_EQ(mip4_password_read(path, out, sizeof(out)),
		  MIP4_PASSWORD_MAX);
	/* Too long for the caller's buffer. */
	EXPECT_EQ(mip4_password_read(path, out, 16), -EMSGSIZE);
	/* Too long a file. */
	EXPECT_EQ(write(fd, text, 1), 1);
	EXPECT_EQ(mip4_password_read(path, out, sizeof(out)), -EMSGSIZE);
	close(fd);
	unlink(path);
}

static const struct ktap_case keygen_cases[] = {
	{ "build_md5_vector", keygen_build_vector, &md5_vector },
	{ "build_sha256_vector", keygen_build_vector, &sha256_vector },
	{ "build_refuses", keygen_build_refuses, NULL },
	{ "reply_md5_vector", keygen_reply_vector, &md5_vector },
	{ "reply_sha256_vector", keygen_reply_vector, &sha256_vector },
	{ "reply_wrong_password", keygen_reply_wrong_password, &md5_vector },
	{ "reply_without_keygen_rep", keygen_reply_no_rep, NULL },
	{ "reply_key_lifetime_zero", keygen_reply_zero_lifetime, &sha256_vector },
};

static const struct ktap_case tamper_cases[] = {
	{ "auth_response_first_octet", keygen_reply_tampered, &tampers[0] },
	{ "auth_response_last_octet", keygen_reply_tampered, &tampers[1] },
	{ "auth_response_sha256", keygen_reply_tampered, &tampers[2] },
	{ "mhae_first_octet", keygen_reply_tampered, &tampers[3] },
	{ "mhae_last_octet_sha256", keygen_reply_tampered, &tampers[4] },
	{ "ha_nonce_changed", keygen_reply_tampered, &tampers[5] },
	{ "spi_s_echo", keygen_reply_tampered, &tampers[6] },
	{ "spi_d_echo", keygen_reply_tampered, &tampers[7] },
	{ "algorithm_echo", keygen_reply_tampered, &tampers[8] },
	{ "version_echo", keygen_reply_tampered, &tampers[9] },
	{ "mhae_spi_not_spi_s", keygen_reply_tampered, &tampers[10] },
};

static const struct ktap_case rekey_cases[] = {
	{ "md5_vector", rekey_vector, &md5_vector },
	{ "sha256_vector", rekey_vector, &sha256_vector },
	{ "new_spi_d", rekey_new_spi_d, NULL },
	{ "build_refuses", rekey_build_refuses, NULL },
};

static const struct ktap_case password_ktap[] = {
	{ "newline", password_read, &password_cases[0] },
	{ "no_newline", password_read, &password_cases[1] },
	{ "crlf", password_read, &password_cases[2] },
	{ "blanks_kept", password_read, &password_cases[3] },
	{ "hex_not_decoded", password_read, &password_cases[4] },
	{ "only_newline", password_read, &password_cases[5] },
	{ "empty", password_read, &password_cases[6] },
	{ "two_lines", password_read, &password_cases[7] },
	{ "nul", password_read, &password_cases[8] },
	{ "limits", password_limits, NULL },
};


/* ---- AKA (method 2): protocol.md §8 ---- */

#define AKA_NAI		"001010000000001@ims.mnc001.mcc001.3gppnetwork.org"
#define AKA_K		"465b5ce8b199b49faa5f0a2ee238a6bc"
#define AKA_OPC		"cd63cb71954a9f4e48a5994e37a02baf"
#define AKA_RRQ1_ID	0xeb2d0a5a00000001ull
#define AKA_SYNC_ID	0xeb2d0a5b00000001ull
#define AKA_RRQ2_ID	0xeb2d0a5c00000002ull
#define AKA_NAI_HEX	"833130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f7267"
#define AKA_RRQ_HEAD	"010207080a01000a0a010001c000020a"
#define AKA_RRP_HEAD	"030007080a01000a0a010001"

struct aka_vector {
	u8 algorithm;
	const char *rrq1, *rrp1, *skey, *rrq2, *skey_prime, *rrp2;
};

static const struct aka_vector aka_md5 = {
	.algorithm = MIP4_ALG_HMAC_MD5,
	.rrq1 = AKA_RRQ_HEAD "eb2d0a5a00000001" AKA_NAI_HEX "2600001600007ed9000501020102000010000000100100000000",
	.rrp1 = "038300000a01000a0a010001eb2d0a5a00000001" AKA_NAI_HEX "2600003600007ed900060102010200001000000010010000001ed17202d8fcc1ca890ccc3d59307f426ec2ed09cd7f6a000035a11d3a025e8336",
	.skey = "2d8bd45110bb162370a6124573b441b0",
	.rrq2 = AKA_RRQ_HEAD "eb2d0a5c00000002" AKA_NAI_HEX "2600003600007ed9000701020102000010000000100108000000d17202d8fcc1ca890ccc3d59307f426e06df059fb98e5b1a000000000000000020140000100074854e9d65da166dfe5ed2ec5f931390",
	.skey_prime = "af081e3fc79d2f2e48f029ed43c48df0",
	.rrp2 = AKA_RRP_HEAD "eb2d0a5c00000002" AKA_NAI_HEX "2600002a00007ed900090102010200001000000010010000000000000e10d17202d8fcc1ca890ccc3d59307f426e201400001000db6f1797b7b9031540d405a8e8356ed2",
};

static const struct aka_vector aka_sha256 = {
	.algorithm = MIP4_ALG_HMAC_SHA256,
	.rrq1 = AKA_RRQ_HEAD "eb2d0a5a00000001" AKA_NAI_HEX "2600001600007ed9000501020202000010000000100100000000",
	.rrp1 = "038300000a01000a0a010001eb2d0a5a00000001" AKA_NAI_HEX "2600003600007ed900060102020200001000000010010000001ed17202d8fcc1ca890ccc3d59307f426ec2ed09cd7f6a000035a11d3a025e8336",
	.skey = "9e1859692ac43de604cb4651c43b9beea4654ac85046fe8a233fdbbeb35def2f",
	.rrq2 = AKA_RRQ_HEAD "eb2d0a5c00000002" AKA_NAI_HEX "2600003600007ed9000701020202000010000000100108000000d17202d8fcc1ca890ccc3d59307f426e06df059fb98e5b1a0000000000000000202400001000e09a777ce01c0f6887951c0d320b055c17657b92a506d82502c252d766c2e934",
	.skey_prime = "f9411fcf017eb39558f97a6f0b8f0f7275764e390cb2db445b1b653c0a29bd90",
	.rrp2 = AKA_RRP_HEAD "eb2d0a5c00000002" AKA_NAI_HEX "2600002a00007ed900090102020200001000000010010000000000000e10d17202d8fcc1ca890ccc3d59307f426e20240000100006dd59d6f17383ce47641f574d90bb4f696f9761c2e52554d98be22e214d6c8f",
};

/* The resync variant (algorithm 1): the USIM has SEQ 500 in slot 1. */
static const struct aka_vector aka_resync = {
	.algorithm = MIP4_ALG_HMAC_MD5,
	.rrq1 = AKA_RRQ_HEAD "eb2d0a5b00000001" AKA_NAI_HEX "2600003600007ed9000801020102000010000000100101000000d17202d8fcc1ca890ccc3d59307f426e80f195b4c20849dac8b42267dc6b0000",
	.rrp1 = "038300000a01000a0a010001eb2d0a5b00000001" AKA_NAI_HEX "2600003600007ed900060102010200001000000010010000001ec0c1c2c3c4c5c6c7c8c9cacbcccdcecf2e089b9078300000c977e1198f6447fc",
	.skey = "582a6ce6b51a40b5cee0d59604a912b3",
	.rrq2 = AKA_RRQ_HEAD "eb2d0a5c00000002" AKA_NAI_HEX "2600003600007ed9000701020102000010000000100108000000c0c1c2c3c4c5c6c7c8c9cacbcccdcecff0bf70879805370f0000000000000000201400001000a12da4242138da1c65d3b6798862cb79",
	.skey_prime = "fded77db26513b1624efe1eb78362de8",
	.rrp2 = AKA_RRP_HEAD "eb2d0a5c00000002" AKA_NAI_HEX "2600002a00007ed900090102010200001000000010010000000000000e10c0c1c2c3c4c5c6c7c8c9cacbcccdcecf201400001000065b0452052d1a181ac48143991d6226",
};

/* The MAC-failure variant: RRQ1' and the home agent's answer. */
static const char aka_mac_rrq1[] = AKA_RRQ_HEAD "eb2d0a5b00000001" AKA_NAI_HEX "2600003600007ed9000801020102000010000000100102000000d17202d8fcc1ca890ccc3d59307f426e00000000000000000000000000000000";
static const char aka_mac_rrp1[] = "038300000a01000a0a010001eb2d0a5b00000001" AKA_NAI_HEX;

struct aka_run {
	struct mip4_mn_aka a;
	struct mip4_usim_seq seq;
	u8 k[16], opc[16];
	struct mip4_msg_spec spec;
	u8 buf[MIP4_MSG_MAX], want[MIP4_MSG_MAX];
	u8 rrp[MIP4_MSG_MAX];
	struct mip4_msg msg;
};

static void aka_run_init(struct aka_run *r, u8 algorithm)
{
	struct mip4_mn_keygen_params p;

	memset(r, 0, sizeof(*r));
	params_init(&p, algorithm);
	EXPECT_EQ(mip4_mn_aka_init(&r->a, &p, (const u8 *)AKA_NAI,
				   sizeof(AKA_NAI) - 1), 0);
	r->seq.ind_bits = 5;
	unhex(AKA_K, r->k);
	unhex(AKA_OPC, r->opc);
	spec_init(&r->spec);
	r->spec.id = AKA_RRQ1_ID;
}

/* @hex parsed into r->rrp and r->msg. */
static size_t aka_reply(struct aka_run *r, const char *hex)
{
	size_t n = unhex(hex, r->rrp);

	EXPECT_EQ(mip4_msg_parse(r->rrp, n, MIP4_VENDOR_ID_DEFAULT, &r->msg),
		  0);
	return n;
}

static void aka_expect_bytes(struct aka_run *r, int len, const char *hex)
{
	size_t n = unhex(hex, r->want);

	EXPECT_EQ(len, (int)n);
	if (len == (int)n)
		EXPECT_MEM(r->buf, r->want, n);
}

/* RRP1 taken; RRQ2 built; RRP2 accepted with the §8.11 keys. */
static void aka_respond(struct aka_run *r, const struct aka_vector *v,
			const char *rrp1)
{
	struct mip4_mn_keys keys;
	const char *why = NULL;
	u8 x[MIP4_KDF_MAX];
	size_t n;

	aka_reply(r, rrp1);
	EXPECT_EQ(mip4_mn_aka_challenge_check(&r->msg, &r->a, &why), 0);
	EXPECT(!mip4_mn_aka_known(&r->msg, &r->a));
	EXPECT_EQ(mip4_mn_aka_take(&r->a, &r->msg, r->k, r->opc, &r->seq),
		  MIP4_MN_AKA_OK);
	EXPECT(mip4_mn_aka_known(&r->msg, &r->a));
	EXPECT_EQ(r->a.challenge_lifetime, 30);
	/* RAND names the challenge; another AUTN does not unmake it. */
	r->rrp[strlen(rrp1) / 2 - 1] ^= 1;
	EXPECT(mip4_mn_aka_known(&r->msg, &r->a));
	r->rrp[strlen(rrp1) / 2 - 1] ^= 1;
	unhex(v->skey, x);
	EXPECT_MEM(r->a.skey, x, mip4_auth_len(v->algorithm));
	r->spec.id = AKA_RRQ2_ID;
	aka_expect_bytes(r, mip4_mn_aka_response_build(r->buf, sizeof(r->buf),
							&r->spec, &r->a),
			 v->rrq2);

	memset(&keys, 0, sizeof(keys));
	n = aka_reply(r, v->rrp2);
	EXPECT_EQ(mip4_mn_aka_result(r->rrp, n, &r->msg, &r->a, &keys, &why),
		  0);
	EXPECT_EQ(keys.algorithm, v->algorithm);
	EXPECT_EQ(keys.spi_s, 0x1000);
	EXPECT_EQ(keys.spi_d, 0x1001);
	EXPECT_EQ(keys.key_lifetime, 3600);
	EXPECT_EQ(keys.key_len, mip4_auth_len(v->algorithm));
	EXPECT_MEM(keys.skey, x, keys.key_len);
	unhex(v->skey_prime, x);
	EXPECT_MEM(keys.skey_prime, x, keys.key_len);
}

static void aka_vector_plain(const void *arg)
{
	const struct aka_vector *v = arg;
	struct aka_run r;

	aka_run_init(&r, v->algorithm);
	aka_expect_bytes(&r, mip4_mn_aka_start_build(r.buf, sizeof(r.buf),
						      &r.spec, &r.a),
			 v->rrq1);
	aka_respond(&r, v, v->rrp1);
	/* SQN 0x21: SEQ 1 in slot 1. */
	EXPECT_EQ(r.seq.seq[1], 1);
	mip4_mn_aka_wipe(&r.a);
}

static void aka_vector_resync(const void *arg)
{
	struct aka_run r;

	(void)arg;
	aka_run_init(&r, MIP4_ALG_HMAC_MD5);
	r.seq.seq[1] = 500;	/* SQN_MS 0x3e81 */
	aka_reply(&r, aka_md5.rrp1);
	EXPECT_EQ(mip4_mn_aka_take(&r.a, &r.msg, r.k, r.opc, &r.seq),
		  MIP4_MN_AKA_SYNC_FAILURE);
	EXPECT_EQ(r.seq.seq[1], 500);
	r.spec.id = AKA_SYNC_ID;
	EXPECT_EQ(mip4_mn_aka_response_build(r.buf, sizeof(r.buf), &r.spec,
					     &r.a), -EINVAL);
	aka_expect_bytes(&r, mip4_mn_aka_failure_build(r.buf, sizeof(r.buf),
							&r.spec, &r.a),
			 aka_resync.rrq1);
	/* The new challenge, SQN 0x3ea1: SEQ 501. */
	aka_respond(&r, &aka_resync, aka_resync.rrp1);
	EXPECT_EQ(r.seq.seq[1], 501);
}

static void aka_vector_mac_failure(const void *arg)
{
	struct aka_run r;
	struct mip4_usim_seq before;
	const char *why = NULL;
	u8 rrp1[MIP4_MSG_MAX];
	size_t n;

	(void)arg;
	aka_run_init(&r, MIP4_ALG_HMAC_MD5);
	n = unhex(aka_md5.rrp1, rrp1);
	rrp1[n - 1] ^= 1;	/* AUTN ...8337 */
	EXPECT_EQ(mip4_msg_parse(rrp1, n, MIP4_VENDOR_ID_DEFAULT, &r.msg), 0);
	EXPECT_EQ(mip4_mn_aka_challenge_check(&r.msg, &r.a, &why), 0);
	before = r.seq;
	EXPECT_EQ(mip4_mn_aka_take(&r.a, &r.msg, r.k, r.opc, &r.seq),
		  MIP4_MN_AKA_MAC_FAILURE);
	EXPECT_MEM(&r.seq, &before, sizeof(before));
	r.spec.id = AKA_SYNC_ID;
	EXPECT_EQ(mip4_mn_aka_response_build(r.buf, sizeof(r.buf), &r.spec,
					     &r.a), -EINVAL);
	aka_expect_bytes(&r, mip4_mn_aka_failure_build(r.buf, sizeof(r.buf),
							&r.spec, &r.a),
			 aka_mac_rrq1);
	/* The answer, 131 without a challenge, is no challenge. */
	aka_reply(&r, aka_mac_rrp1);
	EXPECT_EQ(mip4_mn_aka_challenge_check(&r.msg, &r.a, &why), -EPROTO);
}

/* protocol.md §8.4 "The MN on RRP1", step 1: what is not a challenge for
 * us.
 */
static void aka_challenge_refused(const void *arg)
{
	struct aka_run r;
	const char *why = NULL;
	u8 rrp1[MIP4_MSG_MAX];
	size_t n;

	(void)arg;
	aka_run_init(&r, MIP4_ALG_HMAC_MD5);
	/* Another algorithm in H (a downgrade, or another attempt's). */
	aka_reply(&r, aka_sha256.rrp1);
	EXPECT_EQ(mip4_mn_aka_challenge_check(&r.msg, &r.a, &why), -EPROTO);
	/* Another code. */
	n = unhex(aka_md5.rrp1, rrp1);
	rrp1[1] = MIP4_CODE_NO_RESOURCES;
	EXPECT_EQ(mip4_msg_parse(rrp1, n, MIP4_VENDOR_ID_DEFAULT, &r.msg), 0);
	EXPECT_EQ(mip4_mn_aka_challenge_check(&r.msg, &r.a, &why), -EPROTO);
	/* Another SPI_D in H. */
	n = unhex(aka_md5.rrp1, rrp1);
	rrp1[n - 48 + 11] ^= 1;
	EXPECT_EQ(mip4_msg_parse(rrp1, n, MIP4_VENDOR_ID_DEFAULT, &r.msg), 0);
	EXPECT_EQ(mip4_mn_aka_challenge_check(&r.msg, &r.a, &why), -EPROTO);
	/* A challenge value one octet short (Length says so). */
	n = unhex(aka_md5.rrp1, rrp1);
	rrp1[n - 48 - 7] -= 1;
	EXPECT_EQ(mip4_msg_parse(rrp1, n - 1, MIP4_VENDOR_ID_DEFAULT, &r.msg),
		  0);
	EXPECT_EQ(mip4_mn_aka_challenge_check(&r.msg, &r.a, &why), -EPROTO);
	/* The right one. */
	aka_reply(&r, aka_md5.rrp1);
	EXPECT_EQ(mip4_mn_aka_challenge_check(&r.msg, &r.a, &why), 0);
}

/* protocol.md §8.4 "The MN on RRP2": what is not taken, and keys left as
 * they were.
 */
static void aka_result_refused(const void *arg)
{
	static const int offsets[] = {
		-1,		/* the MHAE's authenticator */
		-22 - 1,	/* RAND echo, last octet */
		-22 - 20 + 11,	/* H echo: SPI_D */
		-22 - 20 + 3,	/* H echo: key lifetime */
	};
	static const int errs[] = { -EBADMSG, -EPROTO, -EPROTO, -EBADMSG };
	struct mip4_mn_keys keys, untouched;
	struct mip4_msg_spec spec;
	const char *why = NULL;
	struct aka_run r;
	unsigned int i;
	size_t n;
	int len;

	(void)arg;
	aka_run_init(&r, MIP4_ALG_HMAC_MD5);
	aka_reply(&r, aka_md5.rrp1);
	EXPECT_EQ(mip4_mn_aka_take(&r.a, &r.msg, r.k, r.opc, &r.seq),
		  MIP4_MN_AKA_OK);
	r.spec.id = AKA_RRQ2_ID;
	EXPECT(mip4_mn_aka_response_build(r.buf, sizeof(r.buf), &r.spec,
					  &r.a) > 0);
	vector_keys(&md5_vector, &keys);
	untouched = keys;
	for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		n = unhex(aka_md5.rrp2, r.rrp);
		r.rrp[(int)n + offsets[i]] ^= 1;
		EXPECT_EQ(mip4_msg_parse(r.rrp, n, MIP4_VENDOR_ID_DEFAULT,
					 &r.msg), 0);
		EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys,
					     &why), errs[i]);
		EXPECT_MEM(&keys, &untouched, sizeof(keys));
	}

	/* A denial after a good RES, signed with Skey: taken, no keys. */
	spec = r.spec;
	spec.type = MIP4_TYPE_RRP;
	spec.code = MIP4_CODE_PROHIBITED;
	spec.lifetime = 0;
	spec.nai = (const u8 *)AKA_NAI;
	spec.nai_len = sizeof(AKA_NAI) - 1;
	spec.algorithm = MIP4_ALG_HMAC_MD5;
	spec.spi = 0x1000;
	len = mip4_msg_build(r.rrp, sizeof(r.rrp), &spec);
	EXPECT(len > 0);
	EXPECT_EQ(mip4_mhae_sign(r.rrp, (size_t)len, MIP4_ALG_HMAC_MD5,
				 r.a.skey, 16), 0);
	EXPECT_EQ(mip4_msg_parse(r.rrp, (size_t)len, MIP4_VENDOR_ID_DEFAULT,
				 &r.msg), 0);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, (size_t)len, &r.msg, &r.a, &keys,
				     &why), 0);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));
	/* The same as an acceptance: no AKA_RESULT, refused. */
	r.rrp[1] = MIP4_CODE_ACCEPTED;
	EXPECT_EQ(mip4_mhae_sign(r.rrp, (size_t)len, MIP4_ALG_HMAC_MD5,
				 r.a.skey, 16), 0);
	EXPECT_EQ(mip4_msg_parse(r.rrp, (size_t)len, MIP4_VENDOR_ID_DEFAULT,
				 &r.msg), 0);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, (size_t)len, &r.msg, &r.a, &keys,
				     &why), -EPROTO);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));
	/* The denial signed with another key (the old Skey'): refused. */
	r.rrp[1] = MIP4_CODE_PROHIBITED;
	EXPECT_EQ(mip4_mhae_sign(r.rrp, (size_t)len, MIP4_ALG_HMAC_MD5,
				 keys.skey_prime, 16), 0);
	EXPECT_EQ(mip4_msg_parse(r.rrp, (size_t)len, MIP4_VENDOR_ID_DEFAULT,
				 &r.msg), 0);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, (size_t)len, &r.msg, &r.a, &keys,
				     &why), -EBADMSG);
	mip4_mn_aka_wipe(&r.a);
	EXPECT_EQ(r.a.skey[0] | r.a.res[0], 0);
}

static const struct ktap_case aka_cases[] = {
	{ "md5_vector", aka_vector_plain, &aka_md5 },
	{ "sha256_vector", aka_vector_plain, &aka_sha256 },
	{ "resync_vector", aka_vector_resync, NULL },
	{ "mac_failure_vector", aka_vector_mac_failure, NULL },
	{ "challenge_refused", aka_challenge_refused, NULL },
	{ "result_refused", aka_result_refused, NULL },
};

/* ---- Multiple authentications (protocol.md §9.6): AKA, then MS-CHAPv2 ---- */

#define MULTI_USER	"mn-alice@example.net"
#define MULTI_RRQ3_ID	0xeb2d0a5e00000003ull

static const char multi_rrq1[] = AKA_RRQ_HEAD "eb2d0a5a00000001" AKA_NAI_HEX "2600001600007ed9000501020102000010000000100101000000";
static const char multi_rrp1[] = "038300000a01000a0a010001eb2d0a5a00000001" AKA_NAI_HEX "2600003600007ed900060102010200001000000010010100001ed17202d8fcc1ca890ccc3d59307f426ec2ed09cd7f6a000035a11d3a025e8336";
static const char multi_rrq2[] = AKA_RRQ_HEAD "eb2d0a5c00000002" AKA_NAI_HEX "2600003600007ed9000701020102000010000000100108000000d17202d8fcc1ca890ccc3d59307f426e06df059fb98e5b1a00000000000000002600004600007ed9000a01011400101112131415161718191a1b1c1d1e1ff9055fd81d1530d940133c6205d01e70deb4a8e532beff266d6e2d616c696365406578616d706c652e6e65742014000010006d68ee12dc09ab6c88060a29e2bae2b0";
static const char multi_rrp2[] = AKA_RRP_HEAD "eb2d0a5c00000002" AKA_NAI_HEX "2600002a00007ed900090102010200001000000010010200000000000e10d17202d8fcc1ca890ccc3d59307f426e2600003200007ed9000b0101000000000e10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf6e7c4707ad90f10cf710bf551900e9fd12e41449201400001000825fe79448a346b8076ce8c6014c49f9";
#define MULTI_PEER_CHALLENGE	"e937463526e9ffb0f0f216d6e5b0bd4b"
#define MULTI_NT_RESPONSE	"f9055fd81d1530d940133c6205d01e70deb4a8e532beff26"
#define MULTI_SKEY		"747fd0fd8aebd55944b4db5b5610af09"
#define MULTI_SKEY_PRIME	"7ae4187e21a70d5ae022927a065149cc"
#define MULTI_K_AKA		"2d8bd45110bb162370a6124573b441b0"
/* The tail of the §9.6 RRP2: USER_RESULT (54 octets), MHAE (22). */
#define MULTI_MHAE_LEN		22
#define MULTI_USER_RESULT_LEN	54

/* An attempt with a user, the §9.6 challenge taken. */
static void multi_run_init(struct aka_run *r, bool announce)
{
	unsigned int i;

	aka_run_init(r, MIP4_ALG_HMAC_MD5);
	EXPECT_EQ(mip4_mn_aka_user(&r->a, (const u8 *)MULTI_USER,
				   sizeof(MULTI_USER) - 1, PASSWORD,
				   strlen(PASSWORD), announce), 0);
	for (i = 0; i < MIP4_AUTH_CHALLENGE_LEN; i++)
		r->a.user_challenge[i] = (u8)(0x10 + i);
}

static void multi_take_challenge(struct aka_run *r)
{
	const char *why = NULL;

	aka_reply(r, multi_rrp1);
	EXPECT_EQ(mip4_mn_aka_challenge_check(&r->msg, &r->a, &why), 0);
	EXPECT_EQ(r->msg.aka_flags, MIP4_AKA_FLAG_USER_AUTH_REQUIRED);
	EXPECT_EQ(mip4_mn_aka_take(&r->a, &r->msg, r->k, r->opc, &r->seq),
		  MIP4_MN_AKA_OK);
}

/* r->rrp (@n octets) signed again with the hex key @key and parsed. */
static void multi_resign(struct aka_run *r, size_t n, const char *key)
{
	u8 k[MIP4_KDF_MAX];

	unhex(key, k);
	EXPECT_EQ(mip4_mhae_sign(r->rrp, n, MIP4_ALG_HMAC_MD5, k, 16), 0);
	EXPECT_EQ(mip4_msg_parse(r->rrp, n, MIP4_VENDOR_ID_DEFAULT, &r->msg),
		  0);
}

/* The §9.6 RRQ1 and RRQ2 byte for byte, and its RRP2 taken. */
static void multi_vector(const void *arg)
{
	struct mip4_mn_keys keys;
	const char *why = NULL;
	struct aka_run r;
	u8 x[MIP4_KDF_MAX];
	size_t n;

	(void)arg;
	multi_run_init(&r, true);
	aka_expect_bytes(&r, mip4_mn_aka_start_build(r.buf, sizeof(r.buf),
						      &r.spec, &r.a),
			 multi_rrq1);
	multi_take_challenge(&r);
	r.spec.id = AKA_RRQ2_ID;
	aka_expect_bytes(&r, mip4_mn_aka_response_build(r.buf, sizeof(r.buf),
							&r.spec, &r.a),
			 multi_rrq2);
	EXPECT(r.a.user_sent);
	unhex(MULTI_PEER_CHALLENGE, x);
	EXPECT_MEM(r.a.user_peer_challenge, x, 16);
	unhex(MULTI_NT_RESPONSE, x);
	EXPECT_MEM(r.a.user_nt_response, x, 24);

	memset(&keys, 0, sizeof(keys));
	n = aka_reply(&r, multi_rrp2);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why), 0);
	EXPECT_EQ(keys.algorithm, MIP4_ALG_HMAC_MD5);
	EXPECT_EQ(keys.spi_s, 0x1000);
	EXPECT_EQ(keys.spi_d, 0x1001);
	EXPECT_EQ(keys.key_lifetime, 3600);
	unhex(MULTI_SKEY, x);
	EXPECT_MEM(keys.skey, x, 16);
	unhex(MULTI_SKEY_PRIME, x);
	EXPECT_MEM(keys.skey_prime, x, 16);
	mip4_mn_keys_wipe(&keys);
	mip4_mn_aka_wipe(&r.a);
	EXPECT_EQ(r.a.skey[0] | r.a.user_nt_response[0] | r.a.user_nai[0], 0);
}

/* RRP2s that must not give keys, each signed again with the multi Skey
 * (or said otherwise) so that only what is checked is wrong.
 */
static void multi_rrp2_refused(const void *arg)
{
	struct mip4_mn_keys keys, untouched;
	const char *why = NULL;
	struct aka_run r;
	size_t n, flags;

	(void)arg;
	multi_run_init(&r, true);
	multi_take_challenge(&r);
	r.spec.id = AKA_RRQ2_ID;
	EXPECT(mip4_mn_aka_response_build(r.buf, sizeof(r.buf), &r.spec,
					  &r.a) > 0);
	vector_keys(&md5_vector, &keys);
	untouched = keys;

	/* The AuthenticatorResponse, one bit off. */
	n = unhex(multi_rrp2, r.rrp);
	r.rrp[n - MULTI_MHAE_LEN - 1] ^= 1;
	multi_resign(&r, n, MULTI_SKEY);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  -EBADMSG);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));

	/* No USER_RESULT. */
	n = unhex(multi_rrp2, r.rrp);
	memmove(r.rrp + n - MULTI_MHAE_LEN - MULTI_USER_RESULT_LEN,
		r.rrp + n - MULTI_MHAE_LEN, MULTI_MHAE_LEN);
	n -= MULTI_USER_RESULT_LEN;
	multi_resign(&r, n, MULTI_SKEY);
	EXPECT_EQ(r.msg.user_cvse_type, 0);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  -EPROTO);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));

	/* AKA_RESULT without USER_AUTH_DONE. */
	n = unhex(multi_rrp2, r.rrp);
	flags = n - MULTI_MHAE_LEN - MULTI_USER_RESULT_LEN -
		MIP4_AKA_RESULT_LEN + MIP4_AKA_RESULT_FLAGS;
	EXPECT_EQ(r.rrp[flags], MIP4_AKA_FLAG_USER_AUTH_DONE);
	r.rrp[flags] = 0;
	multi_resign(&r, n, MULTI_SKEY);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  -EPROTO);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));

	/* USER_RESULT's key lifetime not AKA_RESULT's. */
	n = unhex(multi_rrp2, r.rrp);
	r.rrp[n - MULTI_MHAE_LEN - MIP4_USER_RESULT_LEN +
	      MIP4_USER_RESULT_LIFETIME + 3] ^= 1;
	multi_resign(&r, n, MULTI_SKEY);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  -EPROTO);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));

	/* The acceptance signed with K_aka instead of the multi Skey. */
	n = unhex(multi_rrp2, r.rrp);
	multi_resign(&r, n, MULTI_K_AKA);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  -EBADMSG);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));

	/* The registration refused after the keys were made (129): made
	 * with the multi Skey, USER_RESULT giving its HA-nonce; taken, no
	 * keys. With a wrong AuthenticatorResponse, not.
	 */
	n = unhex(multi_rrp2, r.rrp);
	r.rrp[1] = MIP4_CODE_PROHIBITED;
	multi_resign(&r, n, MULTI_SKEY);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why), 0);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));
	r.rrp[n - MULTI_MHAE_LEN - 1] ^= 1;
	multi_resign(&r, n, MULTI_SKEY);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  -EBADMSG);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));

	/* The right one. */
	n = aka_reply(&r, multi_rrp2);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why), 0);
	mip4_mn_aka_wipe(&r.a);
}

/* A reply to the attempt: @code, an AKA_RESULT with @flags and @lifetime
 * (none when @flags is 0xff), an MHAE signed with @key; into r->rrp,
 * parsed. Returns its length.
 */
static size_t multi_denial(struct aka_run *r, u8 code, u8 flags,
			   const u8 *key)
{
	u8 v[MIP4_AKA_RESULT_LEN] = { 0 };
	struct mip4_msg_spec spec = r->spec;
	int len;

	memcpy(v, r->a.h, MIP4_CVSE_H_LEN);
	v[MIP4_AKA_RESULT_FLAGS] = flags;
	memcpy(v + MIP4_AKA_RESULT_RAND, r->a.rand, MIP4_AKA_RAND_LEN);
	spec.type = MIP4_TYPE_RRP;
	spec.code = code;
	spec.lifetime = 0;
	spec.nai = (const u8 *)AKA_NAI;
	spec.nai_len = sizeof(AKA_NAI) - 1;
	if (flags != 0xff) {
		spec.cvse_type = MIP4_CVSE_AKA_RESULT;
		spec.cvse_value = v;
		spec.cvse_len = sizeof(v);
	}
	spec.algorithm = MIP4_ALG_HMAC_MD5;
	spec.spi = 0x1000;
	len = mip4_msg_build(r->rrp, sizeof(r->rrp), &spec);
	EXPECT(len > 0);
	EXPECT_EQ(mip4_mhae_sign(r->rrp, (size_t)len, MIP4_ALG_HMAC_MD5, key,
				 16), 0);
	EXPECT_EQ(mip4_msg_parse(r->rrp, (size_t)len, MIP4_VENDOR_ID_DEFAULT,
				 &r->msg), 0);
	return (size_t)len;
}

/* The user refused, the device authenticated: 131 and 128 with K_aka. */
static void multi_user_refused(const void *arg)
{
	struct mip4_mn_keys keys, untouched;
	const char *why = NULL;
	u8 other[16] = { 1 };
	struct aka_run r;
	size_t n;

	(void)arg;
	multi_run_init(&r, true);
	multi_take_challenge(&r);
	r.spec.id = AKA_RRQ2_ID;
	EXPECT(mip4_mn_aka_response_build(r.buf, sizeof(r.buf), &r.spec,
					  &r.a) > 0);
	vector_keys(&md5_vector, &keys);
	untouched = keys;
	n = multi_denial(&r, MIP4_CODE_AUTH_FAILED, 0xff, r.a.skey);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why), 0);
	n = multi_denial(&r, MIP4_CODE_NO_AAA, 0xff, r.a.skey);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why), 0);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));
	/* Another key: not ours to take. */
	n = multi_denial(&r, MIP4_CODE_AUTH_FAILED, 0xff, other);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  -EBADMSG);
	/* A "continue" after USER_AUTH was sent is a denial too. */
	n = multi_denial(&r, MIP4_CODE_AUTH_FAILED,
			 MIP4_AKA_FLAG_USER_AUTH_REQUIRED, r.a.skey);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why), 0);
	/* An acceptance made with K_aka alone (no user's step). */
	n = multi_denial(&r, MIP4_CODE_ACCEPTED, MIP4_AKA_FLAG_USER_AUTH_DONE,
			 r.a.skey);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  -EPROTO);
	EXPECT_MEM(&keys, &untouched, sizeof(keys));
	mip4_mn_aka_wipe(&r.a);
}

/* Three round trips: RRQ1 without AUTH_FOLLOWS, RRQ2 without USER_AUTH
 * (the §8.11 ones), the authenticated 131 "continue", RRQ3 with USER_AUTH
 * alone and an MHAE made with K_aka, and its acceptance.
 */
static void multi_three_round_trips(const void *arg)
{
	struct mip4_msg_spec spec;
	struct mip4_mn_keys keys;
	u8 v[MIP4_AKA_RESULT_LEN] = { 0 }, u[MIP4_USER_RESULT_LEN] = { 0 };
	u8 k_aka[16], k2[MIP4_K2_LEN], x[MIP4_KDF_MAX], skey[MIP4_KDF_MAX];
	u8 pc[MIP4_PEER_CHALLENGE_LEN], nt[MIP4_NT_RESPONSE_LEN];
	const char *why = NULL;
	struct mip4_msg rrq3;
	struct aka_run r;
	int len;
	size_t n;

	(void)arg;
	multi_run_init(&r, false);
	aka_expect_bytes(&r, mip4_mn_aka_start_build(r.buf, sizeof(r.buf),
						      &r.spec, &r.a),
			 aka_md5.rrq1);
	multi_take_challenge(&r);
	r.spec.id = AKA_RRQ2_ID;
	aka_expect_bytes(&r, mip4_mn_aka_response_build(r.buf, sizeof(r.buf),
							&r.spec, &r.a),
			 aka_md5.rrq2);
	EXPECT(!r.a.user_sent);
	unhex(MULTI_K_AKA, k_aka);
	EXPECT_MEM(r.a.skey, k_aka, 16);

	/* Accepted without the user's step: not with a user. */
	n = aka_reply(&r, aka_md5.rrp2);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  -EPROTO);
	/* The continue, made with K_aka; with another key, ignored. */
	n = multi_denial(&r, MIP4_CODE_AUTH_FAILED,
			 MIP4_AKA_FLAG_USER_AUTH_REQUIRED, k_aka);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  MIP4_MN_AKA_USER_STEP);
	n = multi_denial(&r, MIP4_CODE_AUTH_FAILED,
			 MIP4_AKA_FLAG_USER_AUTH_REQUIRED, x);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why),
		  -EBADMSG);

	/* RRQ3. */
	r.spec.id = MULTI_RRQ3_ID;
	len = mip4_mn_aka_user_build(r.buf, sizeof(r.buf), &r.spec, &r.a);
	EXPECT(len > 0);
	EXPECT_EQ(mip4_msg_parse(r.buf, (size_t)len, MIP4_VENDOR_ID_DEFAULT,
				 &rrq3), 0);
	EXPECT_EQ(rrq3.deny_code, 0);
	EXPECT_EQ(rrq3.cvse_type, 0);
	EXPECT_EQ(rrq3.user_cvse_type, MIP4_CVSE_USER_AUTH);
	EXPECT(rrq3.to_daemon);
	EXPECT_EQ(rrq3.id, MULTI_RRQ3_ID);
	EXPECT_MEM(rrq3.nai, AKA_NAI, sizeof(AKA_NAI) - 1);
	EXPECT_EQ(rrq3.user_nai_len, sizeof(MULTI_USER) - 1);
	EXPECT_MEM(rrq3.user_nai, MULTI_USER, sizeof(MULTI_USER) - 1);
	EXPECT_MEM(rrq3.user_challenge, r.a.user_challenge, 16);
	EXPECT(rrq3.has_mhae);
	EXPECT_EQ(rrq3.spi, 0x1000);
	EXPECT_EQ(mip4_mhae_verify(r.buf, (size_t)len, &rrq3,
				   MIP4_ALG_HMAC_MD5, k_aka, 16), 0);
	/* PeerChallenge over RRQ3, and the NT-Response it gives. */
	EXPECT_EQ(mip4_user_peer_challenge(r.buf, (size_t)len, &rrq3, pc), 0);
	EXPECT_MEM(pc, r.a.user_peer_challenge, sizeof(pc));
	EXPECT_EQ(mschap_generate_nt_response(rrq3.user_challenge, pc,
					      MULTI_USER,
					      sizeof(MULTI_USER) - 1, PASSWORD,
					      strlen(PASSWORD), nt), 0);
	EXPECT_MEM(rrq3.user_nt_response, nt, sizeof(nt));

	/* The home agent's acceptance, as mip4d would make it. */
	EXPECT_EQ(mschap_mn_k2(PASSWORD, strlen(PASSWORD), nt, k2), 0);
	EXPECT_EQ(mip4_multi_skey(MIP4_ALG_HMAC_MD5, k_aka, k2, &rrq3, pc,
				  (const u8 *)"0123456789abcdef", 0x1000, skey),
		  0);
	memcpy(v, r.a.h, MIP4_CVSE_H_LEN);
	v[MIP4_AKA_RESULT_FLAGS] = MIP4_AKA_FLAG_USER_AUTH_DONE;
	put_unaligned_be32(3600, v + MIP4_AKA_RESULT_LIFETIME);
	memcpy(v + MIP4_AKA_RESULT_RAND, r.a.rand, MIP4_AKA_RAND_LEN);
	u[0] = 1;
	u[1] = 1;
	put_unaligned_be32(3600, u + MIP4_USER_RESULT_LIFETIME);
	memcpy(u + MIP4_USER_RESULT_NONCE, "0123456789abcdef", 16);
	EXPECT_EQ(mschap_generate_authenticator_response(
			  PASSWORD, strlen(PASSWORD), nt, pc,
			  rrq3.user_challenge, MULTI_USER,
			  sizeof(MULTI_USER) - 1,
			  u + MIP4_USER_RESULT_AUTH_RESPONSE), 0);
	spec = r.spec;
	spec.type = MIP4_TYPE_RRP;
	spec.code = MIP4_CODE_ACCEPTED;
	spec.nai = (const u8 *)AKA_NAI;
	spec.nai_len = sizeof(AKA_NAI) - 1;
	spec.cvse_type = MIP4_CVSE_AKA_RESULT;
	spec.cvse_value = v;
	spec.cvse_len = sizeof(v);
	spec.user_cvse_type = MIP4_CVSE_USER_RESULT;
	spec.user_cvse_value = u;
	spec.user_cvse_len = sizeof(u);
	spec.algorithm = MIP4_ALG_HMAC_MD5;
	spec.spi = 0x1000;
	len = mip4_msg_build(r.rrp, sizeof(r.rrp), &spec);
	EXPECT(len > 0);
	EXPECT_EQ(mip4_mhae_sign(r.rrp, (size_t)len, MIP4_ALG_HMAC_MD5, skey,
				 16), 0);
	EXPECT_EQ(mip4_msg_parse(r.rrp, (size_t)len, MIP4_VENDOR_ID_DEFAULT,
				 &r.msg), 0);
	/* Kept aside: a refused user after RRQ3 first. */
	n = multi_denial(&r, MIP4_CODE_AUTH_FAILED, 0xff, k_aka);
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, n, &r.msg, &r.a, &keys, &why), 0);
	len = mip4_msg_build(r.rrp, sizeof(r.rrp), &spec);
	EXPECT_EQ(mip4_mhae_sign(r.rrp, (size_t)len, MIP4_ALG_HMAC_MD5, skey,
				 16), 0);
	EXPECT_EQ(mip4_msg_parse(r.rrp, (size_t)len, MIP4_VENDOR_ID_DEFAULT,
				 &r.msg), 0);
	memset(&keys, 0, sizeof(keys));
	EXPECT_EQ(mip4_mn_aka_result(r.rrp, (size_t)len, &r.msg, &r.a, &keys,
				     &why), 0);
	EXPECT_MEM(keys.skey, skey, 16);
	EXPECT_EQ(mip4_skey_prime(MIP4_ALG_HMAC_MD5, skey, MULTI_RRQ3_ID,
				  0x1001, x), 0);
	EXPECT_MEM(keys.skey_prime, x, 16);
	EXPECT_EQ(keys.key_lifetime, 3600);
	mip4_mn_aka_wipe(&r.a);
}

static const struct ktap_case multi_cases[] = {
	{ "vector", multi_vector, NULL },
	{ "rrp2_refused", multi_rrp2_refused, NULL },
	{ "user_refused", multi_user_refused, NULL },
	{ "three_round_trips", multi_three_round_trips, NULL },
};

static const struct ktap_suite suites[] = {
	KTAP_SUITE("mn_keygen", keygen_cases),
	KTAP_SUITE("mn_keygen_tampered_reply", tamper_cases),
	KTAP_SUITE("mn_rekey", rekey_cases),
	KTAP_SUITE("mn_password", password_ktap),
	KTAP_SUITE("mn_aka", aka_cases),
	KTAP_SUITE("mn_multi", multi_cases),
};

int main(void)
{
	return ktap_main(suites, sizeof(suites) / sizeof(suites[0]));
}
