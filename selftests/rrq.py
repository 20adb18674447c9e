#!/usr/bin/python3
# Hand-built registration requests for the selftests: an implementation of the
# wire format independent of proto/proto.c, so the two check each other.
"""rrq.py [options]: build an RRQ, send it to the Home Agent, print the reply as JSON.

With --print-hex, print the request in hex and do not send it. With --repeat N,
send the same bytes N times, one JSON line per reply (exit 1 if any got none).
With --parse FILE, decode a reply saved by mip4-mn --dump-reply instead.
"""
import argparse
import hashlib
import hmac
import json
import os
import socket
import struct
import sys
import time

NTP_OFFSET = 2208988800
ALGS = {"hmac-md5": (1, 16), "hmac-sha256": (2, 32), "keyed-md5": (3, 16)}


def mac(alg, key, data_through_spi, mhae_offset):
    if alg == "hmac-md5":
        return hmac.new(key, data_through_spi, hashlib.md5).digest()
    if alg == "hmac-sha256":
        return hmac.new(key, data_through_spi, hashlib.sha256).digest()
    # RFC 2002: MD5(key || data || key), data through MHAE Type and Length.
    return hashlib.md5(key + data_through_spi[:mhae_offset + 2] + key).digest()


def ntp_id(offset=0):
    """An NTP timestamp: seconds, and the fraction in the low half, so that
    two requests of the same second still increase (RFC 5944 §5.7)."""
    now = time.time_ns() + int(offset * 1e9)
    sec, ns = divmod(now, 10**9)
    return (sec + NTP_OFFSET) << 32 | (ns << 32) // 10**9


def build(a):
    fixed = struct.pack("!BBH4s4s4sQ", 1, a.flags, a.lifetime,
                        socket.inet_aton(a.home), socket.inet_aton(a.ha_field or a.ha),
                        socket.inet_aton(a.coa), a.id)
    exts = b""
    if a.nai is not None:
        nai = a.nai.encode()
        exts += struct.pack("!BB", 131, len(nai)) + nai
    exts += bytes.fromhex(a.ext_before)
    msg = fixed + exts
    if a.spi is not None and not a.no_mhae:
        alg_len = ALGS[a.alg][1]
        mhae_offset = len(msg)
        length = 4 + alg_len + a.mhae_len_delta
        msg += struct.pack("!BBI", 32, length & 0xff, a.spi)
        auth = mac(a.alg, bytes.fromhex(a.key), msg, mhae_offset)
        if a.corrupt:
            auth = bytes([auth[0] ^ 1]) + auth[1:]
        msg += auth
    msg += bytes.fromhex(a.ext_after)
    if a.truncate:
        msg = msg[:a.truncate]
    return msg


def parse_reply(data, a):
    out = {"len": len(data), "hex": data.hex()}
    if len(data) < 20:
        out["error"] = "short"
        return out
    typ, code, lifetime, home, ha, ident = struct.unpack("!BBH4s4sQ", data[:20])
    out.update(type=typ, code=code, lifetime=lifetime, home=socket.inet_ntoa(home),
               ha=socket.inet_ntoa(ha), id="%016x" % ident)
    pos = 20
    while pos + 2 <= len(data):
        t, ln = data[pos], data[pos + 1]
        if t == 38:
            ln = struct.unpack("!H", data[pos + 2:pos + 4])[0] + 2
        body = data[pos + 2:pos + 2 + ln]
        if t == 131:
            out["nai"] = body.decode(errors="replace")
        elif t == 32:
            spi = struct.unpack("!I", body[:4])[0]
            out["spi"] = spi
            key = a.verify_key or a.key
            if key:
                expect = mac(a.verify_alg or a.alg, bytes.fromhex(key),
                             data[:pos + 6], pos)
                out["auth_ok"] = hmac.compare_digest(expect, body[4:])
        elif t == 38:
            # The first CVSE, and the user's step after it (protocol.md §9).
            out["cvse2" if "cvse" in out else "cvse"] = body.hex()
        pos += 2 + ln
    return out


class KeygenDaemon:
    """Just enough generic netlink to stand in for the key daemon (mip4d):
    join the mip4ha keygen group, take one keygen-ntf, answer it. An
    implementation independent of libnl and of userspace/lib/nl.c."""
    NETLINK_GENERIC, SOL_NETLINK, ADD_MEMBERSHIP = 16, 270, 1
    REQUEST, ACK, ERROR, DONE = 1, 4, 2, 3
    KEYGEN_NTF, KEYGEN_ANSWER = 13, 14
    A_COOKIE, A_REQUEST, A_CODE, A_SKEY, A_SKEY_PRIME, A_LIFETIME, A_REPLY_EXT = 1, 2, 6, 7, 8, 9, 10
    A_REPLY_EXT_TYPE = 14
    A_REPLY_USER_EXT, A_REPLY_KEY, A_AGREEMENT_H, A_USER_NAI = 15, 16, 17, 18

    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, self.NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.seq = 0
        attrs = self.request(0x10, 3, [(2, b"mip4ha\0")])[0]  # CTRL_CMD_GETFAMILY
        self.family = struct.unpack("=H", attrs[1][:2])[0]
        group = None
        for _, grp in self.attrs(attrs[7]).items():  # CTRL_ATTR_MCAST_GROUPS
            g = self.attrs(grp)
            if g[1].rstrip(b"\0") == b"keygen":
                group = struct.unpack("=I", g[2])[0]
        self.s.setsockopt(self.SOL_NETLINK, self.ADD_MEMBERSHIP, group)

    @staticmethod
    def attrs(data):
        out, pos = {}, 0
        while pos + 4 <= len(data):
            ln, typ = struct.unpack("=HH", data[pos:pos + 4])
            if ln < 4:
                break
            out[typ & 0x3fff] = data[pos + 4:pos + ln]
            pos += (ln + 3) & ~3
        return out

    @staticmethod
    def pack(attrs):
        out = b""
        for typ, val in attrs:
            out += struct.pack("=HH", 4 + len(val), typ) + val
            out += b"\0" * ((4 - len(val) % 4) % 4)
        return out

    def messages(self, data):
        pos = 0
        while pos + 16 <= len(data):
            ln, typ, flags, seq, _ = struct.unpack("=IHHII", data[pos:pos + 16])
            yield typ, seq, data[pos + 16:pos + ln]
            pos += (ln + 3) & ~3

    def request(self, family, cmd, attrs):
        """Sends a request; returns the attributes of its replies, [] for an ACK."""
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + self.pack(attrs)
        self.s.send(struct.pack("=IHHII", 16 + len(body), family,
                                self.REQUEST | self.ACK, self.seq, 0) + body)
        replies = []
        while True:
            for typ, seq, payload in self.messages(self.s.recv(65536)):
                if seq != self.seq:
                    continue
                if typ == self.ERROR:
                    err = struct.unpack("=i", payload[:4])[0]
                    if err:
                        raise OSError(-err, "netlink request %d refused" % cmd)
                    return replies
                if typ == family:
                    replies.append(self.attrs(payload[4:]))

    def answer_one(self, timeout, code, skey, skey_prime, lifetime, reply_ext,
                   reply_ext_type=None, extra=()):
        """Waits for a keygen-ntf and answers it; returns the request it carried.
        A reply extension goes with any code; its type only when given;
        @extra: more (type, bytes) attributes, sent with any code."""
        self.s.settimeout(timeout)
        while True:
            for typ, _, payload in self.messages(self.s.recv(65536)):
                if typ != self.family or payload[0] != self.KEYGEN_NTF:
                    continue
                a = self.attrs(payload[4:])
                ans = [(self.A_COOKIE, a[self.A_COOKIE]), (self.A_CODE, bytes([code]))]
                if code == 0:
                    ans += [(self.A_SKEY, skey), (self.A_SKEY_PRIME, skey_prime),
                            (self.A_LIFETIME, struct.pack("=I", lifetime))]
                if reply_ext:
                    ans.append((self.A_REPLY_EXT, reply_ext))
                if reply_ext_type is not None:
                    ans.append((self.A_REPLY_EXT_TYPE, struct.pack("=H", reply_ext_type)))
                ans += list(extra)
                self.request(self.family, self.KEYGEN_ANSWER, ans)
                return a[self.A_REQUEST]

    def close(self):
        self.s.close()


def parser():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--ha", help="where to send (and the Home Agent field)")
    p.add_argument("--ha-field", help="Home Agent field, when it differs from --ha")
    p.add_argument("--home")
    p.add_argument("--coa")
    p.add_argument("--bind", help="source address (default: the care-of address)")
    p.add_argument("--sport", type=int, default=0)
    p.add_argument("--flags", type=lambda v: int(v, 0), default=0)
    p.add_argument("--lifetime", type=int, default=1800)
    p.add_argument("--id", default="now", help="hex Identification, now, or now+-SECONDS")
    p.add_argument("--nai")
    p.add_argument("--spi", type=lambda v: int(v, 0))
    p.add_argument("--key", default="", help="hex key")
    p.add_argument("--alg", choices=ALGS, default="hmac-md5")
    p.add_argument("--ext-before", default="", help="raw hex extensions before the MHAE")
    p.add_argument("--ext-after", default="", help="raw hex extensions after the MHAE")
    p.add_argument("--mhae-len-delta", type=int, default=0)
    p.add_argument("--truncate", type=int, default=0)
    p.add_argument("--corrupt", action="store_true", help="flip a bit of the authenticator")
    p.add_argument("--no-mhae", action="store_true",
                   help="leave the MHAE out (--spi and --key still verify replies)")
    p.add_argument("--raw", help="send these hex bytes instead of building")
    p.add_argument("--timeout", type=float, default=2.0)
    p.add_argument("--print-hex", action="store_true")
    p.add_argument("--repeat", type=int, default=1, help="send the same bytes N times")
    p.add_argument("--broadcast", action="store_true", help="set SO_BROADCAST")
    p.add_argument("--parse", metavar="FILE", help="decode the reply in FILE, send nothing")
    p.add_argument("--netns", help="work in this named network namespace (--serve only)")
    p.add_argument("--keygen-answer", metavar="CODE:SKEY:SKEYP:LIFETIME:REPLYEXT[:TYPE]",
                   help="before sending, join the keygen group of the Home Agent of the "
                        "current namespace (not --netns'), and answer the keygen-ntf "
                        "the request causes (hex keys, the reply CVSE's value, with "
                        "any code, and its Vendor-CVSE-Type: the kernel's default, "
                        "KEYGEN_REP, when left out)")
    p.add_argument("--keygen-user-ext", metavar="HEX", default="",
                   help="with --keygen-answer: reply-user-extension, USER_RESULT's value")
    p.add_argument("--keygen-reply-key", metavar="HEX", default="",
                   help="with --keygen-answer: reply-key, the key of a denial's MHAE")
    p.add_argument("--keygen-agreement-h", metavar="HEX", default="",
                   help="with --keygen-answer: agreement-h, H of a request without one")
    p.add_argument("--keygen-user-nai", metavar="NAI",
                   help="with --keygen-answer: user-nai, kept with the keys")
    p.add_argument("--verify-key", metavar="HEX", default="",
                   help="hex key that verifies the reply's MHAE (default: --key)")
    p.add_argument("--verify-alg", choices=ALGS,
                   help="its algorithm (default: --alg)")
    p.add_argument("--serve", nargs=2, metavar=("IN", "OUT"),
                   help="answer requests: read the options of one run from the FIFO IN, "
                        "write its output to the FIFO OUT; again until IN holds 'quit'")
    return p


def run(a, p, out, daemon=None):
    """One run with options @a; output to @out. Returns the exit status."""
    if a.parse:
        with open(a.parse, "rb") as f:
            print(json.dumps(parse_reply(f.read(), a)), file=out)
        return 0
    if not (a.ha and a.home and a.coa):
        p.error("--ha, --home and --coa are required")
    if a.id.startswith("now"):
        a.id = ntp_id(float(a.id[3:] or 0))
    else:
        a.id = int(a.id, 16)
    msg = bytes.fromhex(a.raw) if a.raw is not None else build(a)
    if a.print_hex:
        print(msg.hex(), file=out)
        return 0
    status = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        if a.broadcast:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        s.bind((a.bind or a.coa, a.sport))
        s.settimeout(a.timeout)
        for _ in range(a.repeat):
            s.sendto(msg, (a.ha, 434))
            if daemon:
                code, skey, skeyp, life, ext, *ext_type = a.keygen_answer.split(":")
                extra = [(t, bytes.fromhex(v)) for t, v in (
                    (daemon.A_REPLY_USER_EXT, a.keygen_user_ext),
                    (daemon.A_REPLY_KEY, a.keygen_reply_key),
                    (daemon.A_AGREEMENT_H, a.keygen_agreement_h)) if v]
                if a.keygen_user_nai:
                    extra.append((daemon.A_USER_NAI, a.keygen_user_nai.encode()))
                req = daemon.answer_one(a.timeout, int(code), bytes.fromhex(skey),
                                        bytes.fromhex(skeyp), int(life or 0),
                                        bytes.fromhex(ext),
                                        int(ext_type[0]) if ext_type else None,
                                        extra)
                if req != msg:
                    raise RuntimeError("keygen-ntf carries %s" % req.hex())
            try:
                data, peer = s.recvfrom(4096)
            except socket.timeout:
                print(json.dumps({"reply": None, "sent_id": "%016x" % a.id,
                                  "sent_hex": msg.hex()}), file=out, flush=True)
                status = 1
                continue
            res = parse_reply(data, a)
            res["from"] = "%s:%d" % peer
            res["sent_id"] = "%016x" % a.id
            res["sent_hex"] = msg.hex()
            print(json.dumps(res), file=out, flush=True)
    return status


def setns(name):
    """Enters the named network namespace; returns a function to go back."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    back = os.open("/proc/self/ns/net", os.O_RDONLY)
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        if libc.setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
            raise OSError(ctypes.get_errno(), "setns " + name)
    finally:
        os.close(fd)

    def restore():
        try:
            if libc.setns(back, 0x40000000) != 0:
                raise OSError(ctypes.get_errno(), "setns back")
        finally:
            os.close(back)
    return restore


def serve(p, fifo_in, fifo_out):
    """Python starts slowly under emulation: one process answers many runs."""
    import shlex
    import traceback
    while True:
        with open(fifo_in) as f:
            line = f.read().strip()
        if line == "quit":
            return 0
        with open(fifo_out, "w") as out:
            restore = daemon = None
            try:
                a = p.parse_args(shlex.split(line))
                if a.keygen_answer:
                    daemon = KeygenDaemon()
                if a.netns:
                    restore = setns(a.netns)
                run(a, p, out, daemon)
            except SystemExit:
                print(json.dumps({"error": "usage: " + line}), file=out)
            except Exception:  # pylint: disable=broad-except
                print(json.dumps({"error": traceback.format_exc()}), file=out)
            finally:
                if restore:
                    restore()
                if daemon:
                    daemon.close()


def main():
    p = parser()
    a = p.parse_args()
    if a.serve:
        return serve(p, *a.serve)
    if a.netns:
        p.error("--netns works with --serve only")
    return run(a, p, sys.stdout, KeygenDaemon() if a.keygen_answer else None)


if __name__ == "__main__":
    sys.exit(main())
