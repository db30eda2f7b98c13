#!/usr/bin/env python3
"""A faulty middlebox: a TCP proxy that resets some TLS ClientHellos.

It accepts connections on LISTEN_ADDR:PORT, reads the client's first TLS record (the
ClientHello) and, if the hello matches the rule, resets the connection (SO_LINGER 0, then
close: a TCP RST, no alert) - the way broken load balancers and firewalls made browsers
fall back in 2014-2015. Any other connection is forwarded byte for byte to UPSTREAM and
relayed both ways, half-closes included, so that TLS alerts and closes reach the client as
the server sent them.

Rules (any that is given and matches resets the connection):
  --reset-tls13              the hello offers TLS 1.3 in supported_versions (the TLS 1.3
                             middlebox breakage of 2017)
  --reset-max-version V      the hello's highest offered version is V (TLSv1.0..TLSv1.3):
                             version intolerance, why browsers fell back in 2014-2015
  --reset-size LO-HI         the hello record's length is within LO..HI bytes (cf. the F5
                             bug that reset hellos of 256..511 bytes)

usage: middlebox.py LISTEN_ADDR PORT UPSTREAM_ADDR UPSTREAM_PORT [rules] [--log FILE]
"""
import argparse
import socket
import struct
import sys
import threading
import time


def log(msg):
    if ARGS.log:
        with open(ARGS.log, "a") as f:
            f.write("%.6f %s\n" % (time.time(), msg))


def read_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            break
        buf += chunk
    return buf


VERSIONS = {"TLSv1.0": 0x0301, "TLSv1.1": 0x0302, "TLSv1.2": 0x0303, "TLSv1.3": 0x0304}


def offered_versions(rec):
    """Versions a ClientHello record offers: supported_versions (RFC 8446 4.2.1) if present,
    else its legacy client_version. GREASE values are ignored."""
    try:
        p = 5
        if rec[p] != 1:
            return set()
        legacy = struct.unpack(">H", rec[p + 4:p + 6])[0]
        p += 4 + 2 + 32                      # handshake header, legacy_version, random
        p += 1 + rec[p]                      # session id
        p += 2 + struct.unpack(">H", rec[p:p + 2])[0]   # cipher suites
        p += 1 + rec[p]                      # compression methods
        end = p + 2 + struct.unpack(">H", rec[p:p + 2])[0]
        p += 2
        while p + 4 <= end:
            typ, ln = struct.unpack(">HH", rec[p:p + 4])
            if typ == 43:
                body = rec[p + 5:p + 5 + rec[p + 4]]
                vs = {struct.unpack(">H", body[i:i + 2])[0] for i in range(0, len(body) - 1, 2)}
                return {v for v in vs if (v & 0x0f0f) != 0x0a0a}
            p += 4 + ln
        return {legacy}
    except (IndexError, struct.error):
        return set()


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def handle(cs, peer):
    hdr = read_exact(cs, 5)
    rec = hdr
    if len(hdr) == 5 and hdr[0] == 22:
        rec += read_exact(cs, struct.unpack(">H", hdr[3:5])[0])
    reason = None
    versions = offered_versions(rec)
    if ARGS.reset_tls13 and 0x0304 in versions:
        reason = "offers TLS 1.3"
    if ARGS.reset_max_version and versions and max(versions) == VERSIONS[ARGS.reset_max_version]:
        reason = "highest offered version is %s" % ARGS.reset_max_version
    if ARGS.reset_size:
        lo, hi = (int(x) for x in ARGS.reset_size.split("-"))
        if lo <= len(rec) - 5 <= hi:
            reason = "hello record of %d bytes within %d..%d" % (len(rec) - 5, lo, hi)
    if reason:
        log("%s:%d RESET (%s)" % (peer[0], peer[1], reason))
        cs.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        cs.close()
        return
    log("%s:%d forward (%d bytes hello)" % (peer[0], peer[1], len(rec) - 5))
    us = socket.create_connection((ARGS.upstream, ARGS.upstream_port))
    us.sendall(rec)
    t = threading.Thread(target=pipe, args=(us, cs), daemon=True)
    t.start()
    pipe(cs, us)
    t.join()
    cs.close()
    us.close()


def main():
    fam = socket.AF_INET6 if ":" in ARGS.listen else socket.AF_INET
    ls = socket.socket(fam, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((ARGS.listen, ARGS.port))
    ls.listen(64)
    print("middlebox listening on %s:%d" % (ARGS.listen, ARGS.port), flush=True)
    while True:
        cs, peer = ls.accept()
        threading.Thread(target=handle, args=(cs, peer), daemon=True).start()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("listen")
    ap.add_argument("port", type=int)
    ap.add_argument("upstream")
    ap.add_argument("upstream_port", type=int)
    ap.add_argument("--reset-tls13", action="store_true")
    ap.add_argument("--reset-max-version", choices=sorted(VERSIONS))
    ap.add_argument("--reset-size", metavar="LO-HI")
    ap.add_argument("--log")
    ARGS = ap.parse_args()
    main()
