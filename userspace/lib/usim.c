// SPDX-License-Identifier: GPL-2.0
/* A software USIM's files (see usim.h). */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "usim.h"

#define MAGIC	"mip4-usim-seq 1"

int mip4_usim_keys(const char *k_file, const char *opc_file,
		   struct mip4_usim *u, const char **what)
{
	ssize_t n;

	*what = k_file;
	n = mip4_secret_read(k_file, u->k, sizeof(u->k));
	if (n >= 0 && n != MILENAGE_KEY_LEN)
		n = -EINVAL;
	if (n >= 0) {
		*what = opc_file;
		n = mip4_secret_read(opc_file, u->opc, sizeof(u->opc));
		if (n >= 0 && n != MILENAGE_KEY_LEN)
			n = -EINVAL;
	}
	if (n < 0) {
		mip4_usim_wipe(u);
		return (int)(n == -EMSGSIZE ? -EINVAL : n);
	}
	return 0;
}

void mip4_usim_wipe(struct mip4_usim *u)
{
	explicit_bzero(u->k, sizeof(u->k));
	explicit_bzero(u->opc, sizeof(u->opc));
}

/* A decimal number alone on the rest of the line, at most @max. */
static int number(const char *s, uint64_t max, uint64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end || *out > max ? -EINVAL : 0;
}

int mip4_usim_seq_read(const char *path, unsigned int ind_bits,
		       struct mip4_usim_seq *seq)
{
	char line[128], *sp;
	uint64_t v, slot, max_seq;
	unsigned int done = 0, n = 0;
	bool seen[1u << MIP4_AKA_IND_BITS_MAX] = { false };
	FILE *f;
	int r = 0;

	memset(seq, 0, sizeof(*seq));
	seq->ind_bits = ind_bits;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (!r && fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		if (!len || line[len - 1] != '\n') {
			r = -EINVAL;	/* too long, or cut short */
			break;
		}
		line[len - 1] = '\0';
		if (n++ == 0) {
			r = strcmp(line, MAGIC) ? -EINVAL : 0;
			continue;
		}
		if (!strncmp(line, "ind-bits ", 9) && done == 0) {
			r = number(line + 9, MIP4_AKA_IND_BITS_MAX, &v);
			seq->ind_bits = (unsigned int)v;
			done = 1;
		} else if (!strncmp(line, "slot ", 5) && done == 1) {
			sp = strchr(line + 5, ' ');
			if (!sp) {
				r = -EINVAL;
				break;
			}
			*sp = '\0';
			/* SQN is 48 bits: SEQ the high 48 - ind_bits. */
			max_seq = (1ull << (48 - seq->ind_bits)) - 1;
			r = number(line + 5, (1u << seq->ind_bits) - 1, &slot);
			if (!r)
				r = number(sp + 1, max_seq, &v);
			if (!r && (seen[slot] || !v))
				r = -EINVAL;
			if (!r) {
				seen[slot] = true;
				seq->seq[slot] = v;
			}
		} else {
			r = -EINVAL;
		}
	}
	if (!r && (ferror(f) || done != 1))
		r = -EINVAL;
	fclose(f);
	if (r)
		memset(seq->seq, 0, sizeof(seq->seq));
	return r;
}

int mip4_usim_seq_write(const char *path, const struct mip4_usim_seq *seq)
{
	char tmp[4096];
	unsigned int i;
	FILE *f;
	int fd, r = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		r = -errno;
		close(fd);
		unlink(tmp);
		return r;
	}
	fprintf(f, MAGIC "\nind-bits %u\n", seq->ind_bits);
	for (i = 0; i < (1u << seq->ind_bits); i++)
		if (seq->seq[i])
			fprintf(f, "slot %u %" PRIu64 "\n", i, seq->seq[i]);
	/* Synced before it replaces the old one: see usim.h. */
	if (fflush(f) || fsync(fileno(f)))
		r = -errno;
	if (fclose(f) && !r)
		r = -errno;
	if (!r && rename(tmp, path))
		r = -errno;
	if (r)
		unlink(tmp);
	return r;
}
