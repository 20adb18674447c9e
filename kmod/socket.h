/* SPDX-License-Identifier: GPL-2.0 */
/* The namespace's kernel UDP socket on port 434. */

#ifndef _MIP4HA_SOCKET_H
#define _MIP4HA_SOCKET_H

struct mip4ha_net;

int mip4ha_socket_open(struct mip4ha_net *mn);
/* The caller has waited for receive callbacks to finish. */
void mip4ha_socket_close(struct mip4ha_net *mn);

#endif /* _MIP4HA_SOCKET_H */
