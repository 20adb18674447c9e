#!/usr/bin/python3
# Generates the UAPI header and the reference page from mip4ha.yaml, the source.
"""Usage: gen-uapi.py [--doc] mip4ha.yaml > OUT   (or --check OUT [--doc] mip4ha.yaml)"""
import sys

import yaml


def c_name(*parts):
    return "_".join(p.upper().replace("-", "_") for p in parts if p)


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
    out += ["## Definitions", ""]
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            out.append(f"- `{d['name']}` = {d['value']}: {' '.join(d.get('doc', '').split())}")
        else:
            vals = ", ".join(f"`{e['name']}`" for e in d["entries"])
            out.append(f"- enum `{d['name']}`: {vals}. {' '.join(d.get('doc', '').split())}")
    out.append("")
    return "\n".join(out)


def main():
    args = sys.argv[1:]
    check = None
    doc = False
    if args and args[0] == "--check":
        check = args[1]
        args = args[2:]
    if args and args[0] == "--doc":
        doc = True
        args = args[1:]
    spec = yaml.safe_load(open(args[0] if args else "mip4ha.yaml"))
    text = gen_doc(spec) if doc else gen(spec)
    if check:
        if open(check).read() != text:
            sys.stderr.write(f"{check} is out of date: run make uapi\n")
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
