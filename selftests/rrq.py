#!/usr/bin/python3
# Hand-built registration requests for the selftests: an implementation of the
# wire format independent of kmod/proto.c, so the two check each other.
"""rrq.py [options]: build an RRQ, send it to the Home Agent, print the reply as JSON.

With --print-hex, print the request in hex and do not send it.
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
    now = time.time() + offset
    return (int(now) + NTP_OFFSET) << 32 | int.from_bytes(os.urandom(4), "big")


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
    if a.spi is not None:
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
            if a.key:
                expect = mac(a.alg, bytes.fromhex(a.key), data[:pos + 6], pos)
                out["auth_ok"] = hmac.compare_digest(expect, body[4:])
        elif t == 38:
            out["cvse"] = body.hex()
        pos += 2 + ln
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--ha", required=True, help="where to send (and the Home Agent field)")
    p.add_argument("--ha-field", help="Home Agent field, when it differs from --ha")
    p.add_argument("--home", required=True)
    p.add_argument("--coa", required=True)
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
    p.add_argument("--raw", help="send these hex bytes instead of building")
    p.add_argument("--timeout", type=float, default=2.0)
    p.add_argument("--print-hex", action="store_true")
    a = p.parse_args()
    if a.id.startswith("now"):
        a.id = ntp_id(float(a.id[3:] or 0))
    else:
        a.id = int(a.id, 16)
    msg = bytes.fromhex(a.raw) if a.raw else build(a)
    if a.print_hex:
        print(msg.hex())
        return 0
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.bind or a.coa, a.sport))
    s.settimeout(a.timeout)
    s.sendto(msg, (a.ha, 434))
    try:
        data, peer = s.recvfrom(4096)
    except socket.timeout:
        print(json.dumps({"reply": None, "sent_id": "%016x" % a.id}))
        return 1
    out = parse_reply(data, a)
    out["from"] = "%s:%d" % peer
    out["sent_id"] = "%016x" % a.id
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
