#!/usr/bin/python3
# Generates from mip4ha.yaml, the source, everything that restates it in C or text.
"""Usage: gen-uapi.py [MODE] mip4ha.yaml > OUT   (or --check OUT [MODE] mip4ha.yaml)

MODE (default: the UAPI header netlink-api/mip4ha.h):
  --doc             the reference page netlink-api/mip4ha.md
  --kernel-source   kmod/netlink-gen.c: per-command policies, ops table, groups
  --kernel-header   kmod/netlink-gen.h: their declarations and the handlers'
  --user-source     userspace/lib/mip4ha_names.c: names of commands, attributes
                    and enum values
  --user-header     userspace/lib/mip4ha_names.h
  --policy-table    selftests/mip4ha_policy.h: each request attribute's type
                    and checks, for selftests/netlink_policy.c
"""
import sys

import yaml


def c_name(*parts):
    return "_".join(p.upper().replace("-", "_") for p in parts if p)


def c_lower(*parts):
    return "_".join(p.lower().replace("-", "_") for p in parts if p)


def gen(spec):
    fam = spec["name"]
    pfx = c_name(fam)
    out = [
        "/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */",
        "/* UAPI of the mip4ha generic-netlink family; generated from",
        " * netlink-api/mip4ha.yaml by netlink-api/gen-uapi.py: do not edit.",
        " */",
        "",
        f"#ifndef _UAPI_LINUX_{pfx}_H",
        f"#define _UAPI_LINUX_{pfx}_H",
        "",
        f'#define {pfx}_FAMILY_NAME\t"{fam}"',
        f"#define {pfx}_FAMILY_VERSION\t{spec.get('version', 1)}",
        "",
    ]
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            out.append(f"#define {c_name(fam, d['name'])}\t{d['value']}")
    out.append("")
    for d in spec.get("definitions", []):
        if d["type"] != "enum":
            continue
        out.append("enum {")
        value = None
        for e in d["entries"]:
            name = c_name(fam, d["name"], e["name"])
            if "value" in e:
                value = e["value"]
                out.append(f"\t{name} = {value},")
            else:
                out.append(f"\t{name},")
        out.append("};")
        out.append("")
    for aset in spec["attribute-sets"]:
        out.append("enum {")
        first = True
        for a in aset["attributes"]:
            name = c_name(fam, "a", aset["name"], a["name"])
            out.append(f"\t{name}{' = 1' if first else ''},")
            first = False
        mx = c_name(fam, "a", aset["name"], "max")
        out += ["", f"\t__{mx},", f"\t{mx} = (__{mx} - 1)", "};", ""]
    out.append("enum {")
    first = True
    for op in spec["operations"]["list"]:
        out.append(f"\t{c_name(fam, 'cmd', op['name'])}{' = 1' if first else ''},")
        first = False
    mx = c_name(fam, "cmd", "max")
    out += ["", f"\t__{mx},", f"\t{mx} = (__{mx} - 1)", "};", ""]
    for g in spec.get("mcast-groups", {}).get("list", []):
        out.append(f'#define {c_name(fam, "mcgrp", g["name"])}\t"{g["name"]}"')
    out += ["", f"#endif /* _UAPI_LINUX_{pfx}_H */", ""]
    return "\n".join(out)


def gen_doc(spec):
    fam = spec["name"]
    out = [f"# The `{fam}` generic-netlink family", "",
           "Generated from `netlink-api/mip4ha.yaml` by `netlink-api/gen-uapi.py --doc`;",
           "do not edit.", "", spec["doc"].strip(), "", "## Operations", ""]
    for op in spec["operations"]["list"]:
        flags = ", ".join(op.get("flags", []))
        out.append(f"### `{op['name']}`" + (f" ({flags})" if flags else ""))
        out += ["", op.get("doc", "").strip(), ""]
        out.append(f"Attribute set: `{op['attribute-set']}`.")
        for kind in ("do", "dump"):
            if kind not in op:
                continue
            for part in ("request", "reply"):
                attrs = op[kind].get(part, {}).get("attributes")
                if attrs is not None:
                    names = ", ".join(f"`{a}`" for a in attrs) or "none"
                    out.append(f"- {kind} {part}: {names}")
        for kind in ("do", "dump"):
            for hook, what in (("pre", "start"), ("post", "done")):
                if hook in op.get(kind, {}):
                    out.append(f"- {kind} {what}: `{c_lower(op[kind][hook])}()`")
        if "event" in op:
            names = ", ".join(f"`{a}`" for a in op["event"]["attributes"])
            out.append(f"- notification attributes: {names}")
        if "mcgrp" in op:
            out.append(f"- notification on multicast group `{op['mcgrp']}`")
        out.append("")
    out += ["## Attribute sets", ""]
    for aset in spec["attribute-sets"]:
        out += [f"### `{aset['name']}`", "", aset.get("doc", "").strip(), "",
                "| attribute | type | checks | meaning |", "|---|---|---|---|"]
        for a in aset["attributes"]:
            checks = ", ".join(f"{k} {v}" for k, v in a.get("checks", {}).items())
            typ = a["type"] + (" (big-endian)" if a.get("byte-order") == "big-endian" else "")
            doc = " ".join(a.get("doc", "").split())
            out.append(f"| `{a['name']}` | {typ} | {checks} | {doc} |")
        out.append("")
    out += ["## Multicast groups", ""]
    for g in mcgrps(spec):
        flags = ", ".join(g.get("flags", []))
        out.append(f"- `{g['name']}`" + (f" ({flags})" if flags else "") +
                   f": {' '.join(g.get('doc', '').split())}")
    out += ["", "## Definitions", ""]
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            out.append(f"- `{d['name']}` = {d['value']}: {' '.join(d.get('doc', '').split())}")
        else:
            vals = ", ".join(f"`{e['name']}`" for e in d["entries"])
            out.append(f"- enum `{d['name']}`: {vals}. {' '.join(d.get('doc', '').split())}")
    out.append("")
    return "\n".join(out)


# ---- what the C generators share ---------------------------------------

GENERATED = ["/* Do not edit directly, auto-generated from: */",
             "/*\tnetlink-api/mip4ha.yaml */"]


def generated_by(mode):
    return GENERATED + [f"/* by netlink-api/gen-uapi.py {mode} (make uapi) */"]


def attr_sets(spec):
    return {aset["name"]: aset for aset in spec["attribute-sets"]}


def attr_c(fam, aset, name):
    return c_name(fam, "a", aset, name)


def check_spec(spec):
    """Names the spec uses must exist: a typo would drop an attribute from
    a policy without a word."""
    sets = attr_sets(spec)
    for op in spec["operations"]["list"]:
        names = {a["name"] for a in sets[op["attribute-set"]]["attributes"]}
        lists = [op.get("event", {}).get("attributes", [])]
        for kind in ("do", "dump"):
            for part in ("request", "reply"):
                lists.append(op.get(kind, {}).get(part, {}).get("attributes", []))
        for attr in (a for lst in lists for a in lst):
            if attr not in names:
                raise SystemExit(f"{op['name']}: no attribute {attr} in set {op['attribute-set']}")
        for flag in op.get("flags", []):
            if flag not in FLAGS:
                raise SystemExit(f"{op['name']}: unknown flag {flag}")
    for g in mcgrps(spec):
        for flag in g.get("flags", []):
            if flag not in MCAST_FLAGS:
                raise SystemExit(f"multicast group {g['name']}: unknown flag {flag}")


def request_ops(spec):
    """The commands a request can carry (not notifications)."""
    return [op for op in spec["operations"]["list"] if "do" in op or "dump" in op]


def request_attrs(spec, op):
    """The attributes op's one policy accepts, in attribute order: on 6.1
    a command has one policy for its do and its dump."""
    aset = attr_sets(spec)[op["attribute-set"]]
    names = set()
    for kind in ("do", "dump"):
        names.update(op.get(kind, {}).get("request", {}).get("attributes", []))
    return [a for a in aset["attributes"] if a["name"] in names]


def const_value(spec, v):
    if isinstance(v, int):
        return v
    for d in spec.get("definitions", []):
        if d["type"] == "const" and d["name"] == v:
            return d["value"]
    raise SystemExit(f"unknown constant {v}")


INT_BITS = {"u8": 8, "u16": 16, "u32": 32, "u64": 64}


def attr_checks(spec, a):
    """(min, max) that the kernel checks: of the value for an integer, of
    the length for binary; None where unchecked."""
    checks = {k: const_value(spec, v) for k, v in a.get("checks", {}).items()}
    if a["type"] == "binary":
        unknown = set(checks) - {"min-len", "max-len", "exact-len"}
        if "exact-len" in checks:
            return checks["exact-len"], checks["exact-len"]
        lo, hi = checks.get("min-len"), checks.get("max-len")
    else:
        unknown = set(checks) - {"min", "max"}
        lo, hi = checks.get("min"), checks.get("max")
    if unknown:
        raise SystemExit(f"{a['name']}: checks {sorted(unknown)} not supported")
    return lo, hi


def nla_type(a):
    t = a["type"]
    if t in INT_BITS:
        be = a.get("byte-order") == "big-endian"
        return ("NLA_BE" if be else "NLA_U") + t[1:]
    if t == "flag":
        return "NLA_FLAG"
    if t == "binary":
        return "NLA_BINARY"
    raise SystemExit(f"{a['name']}: type {t} not supported in a request")


def range_name(fam, aset, a):
    return c_lower(fam, "a", aset, a["name"], "range")


def needs_full_range(spec, a):
    """struct nla_policy keeps min and max as s16."""
    if a["type"] not in INT_BITS:
        return False
    lo, hi = attr_checks(spec, a)
    return any(v is not None and not -32768 <= v <= 32767 for v in (lo, hi))


def type_max_c(a):
    return {"u8": "U8_MAX", "u16": "U16_MAX", "u32": "U32_MAX", "u64": "U64_MAX"}[a["type"]]


def policy_entry(spec, fam, aset, a):
    typ = nla_type(a)
    lo, hi = attr_checks(spec, a)
    if a["type"] == "binary":
        if lo is not None and lo == hi and "exact-len" in a.get("checks", {}):
            return f"NLA_POLICY_EXACT_LEN({lo})"
        if lo is not None and hi is not None:
            return f"NLA_POLICY_RANGE(NLA_BINARY, {lo}, {hi})"
        if lo is not None:
            return f"NLA_POLICY_MIN_LEN({lo})"
        if hi is not None:
            return f"NLA_POLICY_MAX(NLA_BINARY, {hi})"
        return "{ .type = NLA_BINARY, }"
    if needs_full_range(spec, a):
        return f"NLA_POLICY_FULL_RANGE({typ}, &{range_name(fam, aset, a)})"
    if lo is not None and hi is not None:
        return f"NLA_POLICY_RANGE({typ}, {lo}, {hi})"
    if lo is not None:
        return f"NLA_POLICY_MIN({typ}, {lo})"
    if hi is not None:
        return f"NLA_POLICY_MAX({typ}, {hi})"
    return f"{{ .type = {typ}, }}"


def c_call(prefix, args, suffix=";"):
    """prefix(arg, arg...)suffix, wrapped at 80 columns with the arguments
    aligned on the open parenthesis (kernel style)."""
    line = f"{prefix}({', '.join(args)}){suffix}"
    if len(line) <= 80:
        return [line]
    col = len(prefix) + 1
    indent = "\t" * (col // 8) + " " * (col % 8)
    out = [f"{prefix}({args[0]},"]
    for i, arg in enumerate(args[1:], 1):
        out.append(indent + arg + ("," if i < len(args) - 1 else f"){suffix}"))
    return out


FLAGS = {"admin-perm": "GENL_ADMIN_PERM", "uns-admin-perm": "GENL_UNS_ADMIN_PERM"}
MCAST_FLAGS = {"uns-admin-perm": "GENL_MCAST_CAP_NET_ADMIN"}


def op_handlers(fam, op):
    """(member, C name, kind) of each callback of op's ops-table entry."""
    name = op["name"]
    out = []
    if "dump" in op and "pre" in op["dump"]:
        out.append(("start", c_lower(op["dump"]["pre"]), "cb"))
    if "do" in op:
        out.append(("doit", c_lower(fam, "nl", name, "doit"), "doit"))
    if "dump" in op:
        out.append(("dumpit", c_lower(fam, "nl", name, "dumpit"), "dumpit"))
    if "dump" in op and "post" in op["dump"]:
        out.append(("done", c_lower(op["dump"]["post"]), "cb"))
    return out


def policy_name(fam, op):
    return c_lower(fam, op["name"], "nl", "policy")


def mcgrps(spec):
    return spec.get("mcast-groups", {}).get("list", [])


# ---- kmod/netlink-gen.c and .h -----------------------------------------

def gen_kernel_source(spec):
    fam = spec["name"]
    out = ["// SPDX-License-Identifier: GPL-2.0"] + generated_by("--kernel-source") + [
        "", "#include <net/netlink.h>", "#include <net/genetlink.h>", "",
        '#include "netlink-gen.h"', "", '#include "mip4ha.h"', ""]

    done = set()
    for op in request_ops(spec):
        for a in request_attrs(spec, op):
            key = (op["attribute-set"], a["name"])
            if not needs_full_range(spec, a) or key in done:
                continue
            done.add(key)
            lo, hi = attr_checks(spec, a)
            decl = f"static struct netlink_range_validation {range_name(fam, key[0], a)} = {{"
            if len(decl) > 80:
                decl = decl.replace("validation ", "validation\n", 1)
            out += [f"/* {op['attribute-set']} {a['name']}: beyond the s16 of struct nla_policy */",
                    decl,
                    f"\t.min\t= {lo if lo is not None else 0},",
                    f"\t.max\t= {hi if hi is not None else type_max_c(a)},", "};", ""]

    for op in request_ops(spec):
        aset = op["attribute-set"]
        kinds = " and ".join(k for k in ("do", "dump") if k in op)
        mx = attr_c(fam, aset, "max")
        decl = f"static const struct nla_policy {policy_name(fam, op)}[{mx} + 1] = {{"
        if len(decl) > 80:
            decl = f"static const struct nla_policy\n{policy_name(fam, op)}[{mx} + 1] = {{"
        out.append(f"/* {c_name(fam, 'cmd', op['name'])} - {kinds} */")
        attrs = request_attrs(spec, op)
        if not attrs:
            out.append("/* No attribute, but the set's: each is refused as unsupported. */")
            out += [decl[:-1] + "{};", ""]
            continue
        out.append(decl)
        for a in attrs:
            lhs = f"\t[{attr_c(fam, aset, a['name'])}] ="
            rhs = policy_entry(spec, fam, aset, a) + ","
            if len(lhs) + 1 + len(rhs.expandtabs()) + 7 > 80:
                out += [lhs, "\t\t" + rhs]
            else:
                out.append(f"{lhs} {rhs}")
        out += ["};", ""]

    ops = request_ops(spec)
    out += [f"/* Ops table for {fam} */",
            f"const struct genl_ops {c_lower(fam, 'nl', 'ops')}[{len(ops)}] = {{"]
    for op in ops:
        aset = op["attribute-set"]
        out += ["\t{", f"\t\t.cmd\t\t= {c_name(fam, 'cmd', op['name'])},"]
        for member, cname, _ in op_handlers(fam, op):
            out.append(f"\t\t.{member}\t\t= {cname},")
        out += [f"\t\t.policy\t\t= {policy_name(fam, op)},",
                f"\t\t.maxattr\t= {attr_c(fam, aset, 'max')},"]
        flags = [FLAGS[f] for f in op.get("flags", [])]
        if flags:
            out.append(f"\t\t.flags\t\t= {' | '.join(flags)},")
        out.append("\t},")
    out += ["};", ""]

    groups = mcgrps(spec)
    out += [f"/* Multicast groups for {fam} */",
            f"const struct genl_multicast_group {c_lower(fam, 'nl', 'mcgrps')}[{len(groups)}] = {{"]
    for g in groups:
        out += [f"\t[{c_name(fam, 'nlgrp', g['name'])}] = {{",
                f"\t\t.name\t= {c_name(fam, 'mcgrp', g['name'])},"]
        flags = [MCAST_FLAGS[f] for f in g.get("flags", [])]
        if flags:
            out.append(f"\t\t.flags\t= {' | '.join(flags)},")
        out.append("\t},")
    out += ["};", ""]
    return "\n".join(out)


def gen_kernel_header(spec):
    fam = spec["name"]
    guard = f"_{c_name(fam)}_NETLINK_GEN_H"
    ops = request_ops(spec)
    out = ["/* SPDX-License-Identifier: GPL-2.0 */"] + generated_by("--kernel-header") + [
        "", f"#ifndef {guard}", f"#define {guard}", "",
        "#include <net/netlink.h>", "#include <net/genetlink.h>", "",
        '#include "mip4ha.h"', "",
        f"/* Ops table for {fam} */",
        f"extern const struct genl_ops {c_lower(fam, 'nl', 'ops')}[{len(ops)}];", ""]
    protos = {
        "doit": ("int {}", ["struct sk_buff *skb", "struct genl_info *info"]),
        "dumpit": ("int {}", ["struct sk_buff *skb", "struct netlink_callback *cb"]),
        "cb": ("int {}", ["struct netlink_callback *cb"]),
    }
    seen = set()
    for op in ops:
        for _, cname, kind in op_handlers(fam, op):
            if cname in seen:
                continue
            seen.add(cname)
            ret, args = protos[kind]
            out += c_call(ret.format(cname), args)
    groups = mcgrps(spec)
    out += ["", "enum {"]
    out += [f"\t{c_name(fam, 'nlgrp', g['name'])}," for g in groups]
    out += ["};", "",
            f"/* Multicast groups for {fam}, indexed by {c_name(fam, 'nlgrp')}_* */",
            f"extern const struct genl_multicast_group {c_lower(fam, 'nl', 'mcgrps')}[{len(groups)}];",
            "", f"#endif /* {guard} */", ""]
    return "\n".join(out)


# ---- userspace/lib/mip4ha_names.c and .h ---------------------------------

def name_tables(spec):
    """(function, table, [(C index, name)], is_enum) for every name lookup."""
    fam = spec["name"]
    out = [(c_lower(fam, "op", "str"), c_lower(fam, "op", "strmap"),
            [(c_name(fam, "cmd", op["name"]), op["name"]) for op in spec["operations"]["list"]],
            False)]
    for aset in spec["attribute-sets"]:
        out.append((c_lower(fam, aset["name"], "attr", "str"),
                    c_lower(fam, aset["name"], "attr", "strmap"),
                    [(attr_c(fam, aset["name"], a["name"]), a["name"]) for a in aset["attributes"]],
                    False))
    for d in spec.get("definitions", []):
        if d["type"] != "enum":
            continue
        out.append((c_lower(fam, d["name"], "str"), c_lower(fam, d["name"], "strmap"),
                    [(c_name(fam, d["name"], e["name"]), e["name"]) for e in d["entries"]],
                    True))
    return out


def gen_user_header(spec):
    fam = spec["name"]
    guard = f"{c_name(fam)}_NAMES_H"
    out = ["/* SPDX-License-Identifier: GPL-2.0 */"] + generated_by("--user-header") + [
        "", f"#ifndef {guard}", f"#define {guard}", "",
        "/*",
        " * The names mip4ha.yaml gives to commands, attributes (per attribute set)",
        " * and enum values: NULL for a number without a name. For an enum, the",
        " * value of a name too: -1 for an unknown one.",
        " */"]
    for fn, _, _, is_enum in name_tables(spec):
        out.append(f"const char *{fn}(int value);")
        if is_enum:
            out.append(f"int {fn[:-len('_str')]}_value(const char *name);")
    out += ["", f"#endif /* {guard} */", ""]
    return "\n".join(out)


def gen_user_source(spec):
    out = ["// SPDX-License-Identifier: GPL-2.0"] + generated_by("--user-source") + [
        "", "#include <stddef.h>", "#include <string.h>", "",
        '#include "mip4ha.h"', '#include "mip4ha_names.h"', "",
        "#define N_OF(a) (sizeof(a) / sizeof((a)[0]))",
        "#define STR_OF(table, v) \\",
        "\t((v) >= 0 && (size_t)(v) < N_OF(table) ? (table)[v] : NULL)", "",
        "/* The value of @name in @table (entries may be NULL), or -1. */",
        "static int value_of(const char *const *table, size_t n, const char *name)",
        "{", "\tsize_t i;", "",
        "\tfor (i = 0; i < n; i++)",
        "\t\tif (table[i] && !strcmp(table[i], name))",
        "\t\t\treturn (int)i;",
        "\treturn -1;", "}", ""]
    for fn, table, entries, is_enum in name_tables(spec):
        out.append(f"static const char *const {table}[] = {{")
        out += [f'\t[{idx}] = "{name}",' for idx, name in entries]
        out += ["};", "", f"const char *{fn}(int value)", "{",
                f"\treturn STR_OF({table}, value);", "}", ""]
        if is_enum:
            out += [f"int {fn[:-len('_str')]}_value(const char *name)", "{",
                    f"\treturn value_of({table}, N_OF({table}), name);", "}", ""]
    return "\n".join(out)


# ---- selftests/mip4ha_policy.h ----------------------------------------------

def gen_policy_table(spec):
    fam = spec["name"]
    out = ["/* SPDX-License-Identifier: GPL-2.0 */"] + generated_by("--policy-table") + [
        "", "#ifndef MIP4HA_POLICY_H", "#define MIP4HA_POLICY_H", "",
        "#include <stdbool.h>", "#include <stdint.h>", "",
        '#include "mip4ha.h"', "",
        "/* How an attribute is encoded. */",
        "enum mip4ha_policy_type {"]
    kinds = ["u8", "u16", "u32", "u64", "be32", "flag", "binary"]
    out += [f"\tMIP4HA_POLICY_{k.upper()}," for k in kinds]
    out += ["};", "",
            "/* A command a request can carry, with its attribute set's largest type. */",
            "struct mip4ha_policy_cmd {",
            "\tuint8_t cmd;", "\tconst char *name;", "\tuint16_t maxattr;",
            "\tbool doit, dumpit;", "};", "",
            f"static const struct mip4ha_policy_cmd mip4ha_policy_cmds[] = {{"]
    for op in request_ops(spec):
        out.append(f"\t{{ {c_name(fam, 'cmd', op['name'])}, \"{op['name']}\", "
                   f"{attr_c(fam, op['attribute-set'], 'max')}, "
                   f"{'true' if 'do' in op else 'false'}, {'true' if 'dump' in op else 'false'} }},")
    out += ["};", "",
            "/*",
            " * Each attribute a command's request may carry, and the range the kernel",
            " * checks: of the value for an integer, of the length for binary (has_min",
            " * and has_max false when unchecked). Attributes of the set not listed",
            " * are refused.",
            " */",
            "struct mip4ha_policy_attr {",
            "\tuint8_t cmd;", "\tuint16_t type;", "\tconst char *name;",
            "\tenum mip4ha_policy_type kind;",
            "\tbool has_min, has_max;", "\tuint64_t min, max;", "};", "",
            "static const struct mip4ha_policy_attr mip4ha_policy_attrs[] = {"]
    for op in request_ops(spec):
        aset = op["attribute-set"]
        for a in request_attrs(spec, op):
            kind = "be32" if nla_type(a) == "NLA_BE32" else a["type"]
            lo, hi = attr_checks(spec, a)
            out.append(f"\t{{ {c_name(fam, 'cmd', op['name'])}, {attr_c(fam, aset, a['name'])},")
            out.append(f"\t  \"{a['name']}\", MIP4HA_POLICY_{kind.upper()}, "
                       f"{'true' if lo is not None else 'false'}, {'true' if hi is not None else 'false'}, "
                       f"{lo or 0}, {hi or 0} }},")
    out += ["};", "", "#endif /* MIP4HA_POLICY_H */", ""]
    return "\n".join(out)


MODES = {
    "--doc": lambda spec: gen_doc(spec),
    "--kernel-source": lambda spec: gen_kernel_source(spec),
    "--kernel-header": lambda spec: gen_kernel_header(spec),
    "--user-source": lambda spec: gen_user_source(spec),
    "--user-header": lambda spec: gen_user_header(spec),
    "--policy-table": lambda spec: gen_policy_table(spec),
}


def main():
    args = sys.argv[1:]
    check = None
    mode = gen
    if args and args[0] == "--check":
        check = args[1]
        args = args[2:]
    if args and args[0] in MODES:
        mode = MODES[args[0]]
        args = args[1:]
    elif args and args[0].startswith("--"):
        sys.stderr.write(__doc__)
        return 2
    spec = yaml.safe_load(open(args[0] if args else "mip4ha.yaml"))
    check_spec(spec)
    text = mode(spec)
    if check:
        if open(check).read() != text:
            sys.stderr.write(f"{check} is out of date: run make uapi\n")
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
