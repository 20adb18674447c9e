/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A software USIM for mip4-mn (AKA, Documentation/protocol.md): K and OPc
 * from files (never the command line), and the sequence numbers it has
 * accepted, kept in a file across runs. Losing that file would let an old
 * challenge be accepted again, so it is written whole (aside, synced,
 * renamed over) before a response leaves.
 */

#ifndef MIP4_USIM_H
#define MIP4_USIM_H

#include "aka.h"

#define MIP4_USIM_IND_BITS_DEFAULT	5

struct mip4_usim {
	u8 k[MILENAGE_KEY_LEN];
	u8 opc[MILENAGE_KEY_LEN];
	struct mip4_usim_seq seq;
};

/* K and OPc, 16 octets each (hex files, as mip4_secret_read() reads
 * them). Returns 0, or -EINVAL (with @what naming the file) for a file
 * that does not hold exactly 16 octets, or the read's errno.
 */
int mip4_usim_keys(const char *k_file, const char *opc_file,
		   struct mip4_usim *u, const char **what);

/*
 * The sequence state file: "mip4-usim-seq 1", "ind-bits N" (0..5), then a
 * "slot I SEQ" line for each slot that has accepted a challenge. A missing
 * file is a new USIM: -ENOENT, @seq zeroed with @ind_bits. A file that
 * does not parse: -EINVAL (never half-used).
 */
int mip4_usim_seq_read(const char *path, unsigned int ind_bits,
		       struct mip4_usim_seq *seq);
int mip4_usim_seq_write(const char *path, const struct mip4_usim_seq *seq);

void mip4_usim_wipe(struct mip4_usim *u);

#endif /* MIP4_USIM_H */
