/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly, auto-generated from: */
/*	netlink-api/mip4ha.yaml */
/* by netlink-api/gen-uapi.py --user-header (make uapi) */

#ifndef MIP4HA_NAMES_H
#define MIP4HA_NAMES_H

/*
 * The names mip4ha.yaml gives to commands, attributes (per attribute set)
 * and enum values: NULL for a number without a name. For an enum, the
 * value of a name too: -1 for an unknown one.
 */
const char *mip4ha_op_str(int value);
const char *mip4ha_ha_attr_str(int value);
const char *mip4ha_sa_attr_str(int value);
const char *mip4ha_binding_attr_str(int value);
const char *mip4ha_keygen_attr_str(int value);
const char *mip4ha_stats_attr_str(int value);
const char *mip4ha_algorithm_str(int value);
int mip4ha_algorithm_value(const char *name);
const char *mip4ha_replay_str(int value);
int mip4ha_replay_value(const char *name);
const char *mip4ha_sa_role_str(int value);
int mip4ha_sa_role_value(const char *name);
const char *mip4ha_binding_event_str(int value);
int mip4ha_binding_event_value(const char *name);
const char *mip4ha_binding_reason_str(int value);
int mip4ha_binding_reason_value(const char *name);
const char *mip4ha_reverse_tunnel_str(int value);
int mip4ha_reverse_tunnel_value(const char *name);
const char *mip4ha_sa_event_str(int value);
int mip4ha_sa_event_value(const char *name);
const char *mip4ha_sa_reason_str(int value);
int mip4ha_sa_reason_value(const char *name);

#endif /* MIP4HA_NAMES_H */
