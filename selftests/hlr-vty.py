#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""hlr-vty.py [--addr A] [--port P] COMMAND...: run COMMANDs on osmo-hlr's VTY.

Provisioning for the tests (subscribers, their Milenage keys): connects
(retrying for up to 10 s while osmo-hlr starts), enters "enable" mode, sends
each command and waits for the prompt. Osmo's VTY starts its notes with
"%", errors ("% Unknown command", "% No subscriber ...", ...) and news ("%
Created subscriber ...") alike: those that are not news make the exit status
1. Notes go to stderr, the output of "show" commands to stdout.
"""
import argparse
import re
import socket
import sys
import time


NEWS = re.compile(r"% (Created|Updated|Deleted) ")
PROMPT = re.compile(r"^\S+[>#] ?$")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--addr", default="127.0.0.1")
    p.add_argument("--port", type=int, default=4258)
    p.add_argument("commands", nargs="+")
    a = p.parse_args()
    for _ in range(100):
        try:
            s = socket.create_connection((a.addr, a.port), timeout=10)
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit("hlr-vty: no VTY at %s:%d" % (a.addr, a.port))
    status = 0
    for cmd in ["enable"] + a.commands:
        s.sendall(cmd.encode() + b"\r\n")
        out = b""
        while not out.rstrip().endswith(b"#"):
            chunk = s.recv(4096)
            if not chunk:
                sys.exit("hlr-vty: the VTY closed during: " + cmd)
            out += chunk
        lines = out.decode(errors="replace").splitlines()[:-1]
        for line in lines:
            line = line.strip("\r")
            if line.lstrip().startswith("%"):
                print("hlr-vty: %s: %s" % (cmd, line.strip()), file=sys.stderr)
                if not NEWS.match(line.strip()):
                    status = 1
            elif (cmd != "enable" and line.strip() and not line.endswith(cmd)
                  and not PROMPT.match(line)):
                print(line)
    s.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
