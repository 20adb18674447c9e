/* SPDX-License-Identifier: GPL-2.0 */
/* The company's RADIUS server of protocol.md §9.9, for mip4d's tests. */

#ifndef MIP4D_TEST_COMPANY_H
#define MIP4D_TEST_COMPANY_H

#include <stddef.h>
#include <stdint.h>

#include "radius.h"

/* The shared secret of the company's server in the tests. */
#define COMPANY_SECRET	"enterprise-secret"

/*
 * Writes into @out (@size octets) the company's answer to the request
 * @sent: with @code Access-Accept, the §9.9 MPPE keys and MS-CHAP2-Success
 * (S=6E7C...), and Session-Timeout @timeout when not 0; else a bare
 * @code (Access-Reject). Signed with COMPANY_SECRET. Returns its length,
 * 0 when it cannot be built.
 */
size_t company_answer_build(uint8_t *out, size_t size, uint8_t code,
			    const struct radius_sent *sent, uint32_t timeout);

#endif /* MIP4D_TEST_COMPANY_H */
