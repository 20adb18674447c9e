#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""teardown.py: what ending one node's bindings costs the Home Agent, next to
other bindings. Run by selftests/bench/teardown.sh, in the VM, as root.

  teardown.py --pair HA_NS:BENCH_NS:LABEL [--pair ...] [--rounds R] [--count K]
              [--batch B]

Each pair is the namespace of a Home Agent, which already holds the pair's
other bindings, and the namespace of its nodes. For each round and kind of
teardown, K of that kind on every pair, in batches of B taking turns (a batch
on the first pair, one on the second, ...), so that what the host does
meanwhile hits every pair alike. The kinds:

  dereg   K nodes get dynamic keys (an initial registration, this script
          standing in for the key daemon), then each deregisters (lifetime 0,
          MHAE with Skey'): the kernel ends the node's keys and bindings.
          Timed: mip4ha_rrq_receive() of the deregistrations.
  expiry  K nodes get dynamic keys with a key lifetime of 1 s and a binding;
          their keys expire. Timed: mip4ha_dynkey_expire(), the key timer.
  sadel   K static SAs keyed by a home address, one binding each, then
          sa del of each. Timed: mip4ha_nl_sa_del_doit().

The times are the kernel's own, from the function_graph tracer (each call's
duration, entry to return): the cost of the work, without the client's.
Prints one line "SAMPLES <label> <kind> <round> <us> <us> ..." per round and,
at the end, one "RESULT" JSON line per label and kind with the median.
"""
import argparse
import json
import os
import re
import socket
import statistics
import struct
import sys
import time
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import rrq  # noqa: E402  pylint: disable=wrong-import-position

TRACING = "/sys/kernel/tracing"
FUNCS = {"dereg": "mip4ha_rrq_receive", "expiry": "mip4ha_dynkey_expire",
         "sadel": "mip4ha_nl_sa_del_doit"}
HA = "10.0.0.1"
COA = "192.0.2.2"
VENDOR = 32473
KEY_LIFETIME = 1            # s, the expiry batch
SPI_S, SPI_D, SPI_STATIC = 0x1000, 0x1001, 0x2000
CMD_SA_NEW, CMD_SA_DEL = 5, 6
A_SA_HOME_ADDRESS, A_SA_SPI, A_SA_KEY = 3, 4, 6


def die(msg):
    print("teardown.py: " + msg, file=sys.stderr)
    sys.exit(1)


def tw(name, value):
    with open(os.path.join(TRACING, name), "w") as f:
        f.write(value)


def trace_durations(func):
    """Durations (µs) of the calls of @func in the trace buffer: a line
    "func();" when nothing else traced ran inside the call, else its
    closing "} /* func */" (option funcgraph-tail)."""
    out = []
    with open(os.path.join(TRACING, "trace")) as f:
        for line in f:
            if line.startswith("#") or "|" not in line:
                continue
            head, body = line.split("|", 1)
            m = re.match(r"\s*(?:(\S+?)(?: \[\w+\])?\(\);|\} /\* (\S+?)(?: \[\w+\])? \*/)", body)
            head = head.split()
            if not m or func not in m.groups() or len(head) < 2 or head[-1] != "us":
                continue
            out.append(float(head[-2]))
    return out


def trace_start():
    tw("trace", "")
    tw("tracing_on", "1")


def trace_stop():
    tw("tracing_on", "0")


def msg(**kw):
    """The options rrq.build() reads, with its defaults."""
    a = dict(flags=0, lifetime=1800, home=None, ha=HA, ha_field=None, coa=COA,
             id=rrq.ntp_id(), nai=None, ext_before="", ext_after="", spi=None,
             key="", alg="hmac-md5", no_mhae=False, mhae_len_delta=0,
             corrupt=False, truncate=0)
    a.update(kw)
    return types.SimpleNamespace(**a)


class Pair:
    """A Home Agent's namespace and its nodes' namespace."""

    def __init__(self, spec, index):
        self.ha_ns, self.bench_ns, self.label = spec.split(":")
        self.index = index
        restore = rrq.setns(self.ha_ns)
        try:
            self.nl = rrq.KeygenDaemon()
        finally:
            restore()
        restore = rrq.setns(self.bench_ns)
        try:
            self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.udp.bind((COA, 0))
            self.udp.settimeout(5)
        finally:
            restore()
        self.serial = 0

    def home(self):
        """A fresh home address in 10.(200 + pair index).0.0/16: never one of
        mip4-bench's nodes (10.0.1.0 up)."""
        self.serial += 1
        return "10.%d.%d.%d" % (200 + self.index, self.serial >> 8 & 0xff,
                                self.serial & 0xff)

    def exchange(self, a):
        data = rrq.build(a)
        self.udp.sendto(data, (HA, 434))
        return data

    def reply(self, a, want=0):
        while True:
            data, _ = self.udp.recvfrom(4096)
            r = rrq.parse_reply(data, a)
            if r.get("home") == a.home and r.get("id", "")[-8:] == "%08x" % (a.id & 0xffffffff):
                break
        if r.get("code") != want:
            die("%s: %s got %s" % (self.label, a.home, r))
        return r

    def dynamic_node(self, tag, lifetime):
        """An initial registration with dynamic keys; returns (nai, home, Skey')."""
        home = self.home()
        nai = "%s-%s@bench" % (tag, home)
        skey, skeyp = os.urandom(16), os.urandom(16)
        val = struct.pack("!BBBBII", 1, 1, 1, 2, SPI_S, SPI_D) + os.urandom(40)
        cvse = struct.pack("!BBHIH", 38, 0, 6 + len(val), VENDOR, 1) + val
        ext = struct.pack("!BBBBIII", 1, 1, 1, 2, SPI_S, SPI_D, lifetime) + os.urandom(36)
        a = msg(home=home, nai=nai, ext_before=cvse.hex(), no_mhae=True)
        sent = self.exchange(a)
        req = self.nl.answer_one(5, 0, skey, skeyp, lifetime, ext)
        if req != sent:
            die("%s: keygen-ntf for another request" % self.label)
        self.reply(a)
        return nai, home, skeyp

    def dereg(self, count):
        nodes = [self.dynamic_node("dereg", 3600) for _ in range(count)]
        trace_start()
        for nai, home, skeyp in nodes:
            a = msg(home=home, nai=nai, lifetime=0, spi=SPI_D, key=skeyp.hex())
            self.exchange(a)
            self.reply(a)
        trace_stop()
        return trace_durations(FUNCS["dereg"])

    def expiry(self, count):
        trace_start()
        for _ in range(count):
            self.dynamic_node("expiry", KEY_LIFETIME)
        # Every key ends within its lifetime of being installed; the bound
        # only stops a broken run (the old module walks the whole table with
        # every expiry, seconds each under emulation).
        deadline = time.monotonic() + KEY_LIFETIME + 120 + count * 5
        while len(trace_durations(FUNCS["expiry"])) < count:
            if time.monotonic() > deadline:
                trace_stop()
                die("%s: %d of %d keys expired" %
                    (self.label, len(trace_durations(FUNCS["expiry"])), count))
            time.sleep(0.5)
        trace_stop()
        return trace_durations(FUNCS["expiry"])

    def sadel(self, count):
        nodes = []
        for _ in range(count):
            home = self.home()
            key = os.urandom(16)
            self.nl.request(self.nl.family, CMD_SA_NEW, [
                (A_SA_HOME_ADDRESS, socket.inet_aton(home)),
                (A_SA_SPI, struct.pack("=I", SPI_STATIC)), (A_SA_KEY, key)])
            a = msg(home=home, spi=SPI_STATIC, key=key.hex())
            self.exchange(a)
            self.reply(a)
            nodes.append(home)
        trace_start()
        for home in nodes:
            self.nl.request(self.nl.family, CMD_SA_DEL, [
                (A_SA_HOME_ADDRESS, socket.inet_aton(home)),
                (A_SA_SPI, struct.pack("=I", SPI_STATIC))])
        trace_stop()
        return trace_durations(FUNCS["sadel"])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pair", action="append", required=True,
                   help="HA_NS:BENCH_NS:LABEL, the Home Agent with its other bindings")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--batch", type=int, default=10)
    p.add_argument("--kinds", default="dereg,expiry,sadel")
    a = p.parse_args()
    kinds = a.kinds.split(",")
    if a.batch < 1 or a.count % a.batch:
        p.error("--count must be a multiple of --batch")
    for k in kinds:
        if k not in FUNCS:
            p.error("unknown kind " + k)

    if "function_graph" not in open(os.path.join(TRACING, "available_tracers")).read():
        die("the kernel has no function_graph tracer")
    trace_stop()
    tw("current_tracer", "nop")
    tw("set_ftrace_filter", "\n".join(FUNCS[k] for k in kinds))
    tw("current_tracer", "function_graph")
    tw("options/funcgraph-tail", "1")

    pairs = [Pair(s, i) for i, s in enumerate(a.pair)]
    samples = {}
    try:
        for rnd in range(1, a.rounds + 1):
            for kind in kinds:
                t0 = time.monotonic()
                got = {pair.label: [] for pair in pairs}
                for _ in range(a.count // a.batch):
                    for pair in pairs:
                        d = getattr(pair, kind)(a.batch)
                        if len(d) != a.batch:
                            die("%s %s: %d calls traced, want %d" %
                                (pair.label, kind, len(d), a.batch))
                        got[pair.label].extend(d)
                for label, d in got.items():
                    samples.setdefault((label, kind), []).extend(d)
                    print("SAMPLES %s %s %d %s" % (label, kind, rnd,
                                                   " ".join("%.1f" % x for x in d)))
                print("== round %d %s (%.1f s): %s" % (
                    rnd, kind, time.monotonic() - t0,
                    ", ".join("%s others median %.1f us" % (label, statistics.median(d))
                              for label, d in got.items())), file=sys.stderr, flush=True)
    finally:
        trace_stop()
        tw("current_tracer", "nop")
        tw("set_ftrace_filter", "")
    for (label, kind), d in samples.items():
        q = statistics.quantiles(d, n=10)
        print("RESULT %s" % json.dumps({
            "label": label, "kind": kind, "calls": len(d),
            "median_us": round(statistics.median(d), 1),
            "p10_us": round(q[0], 1), "p90_us": round(q[-1], 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
