#!/usr/bin/env python3
"""Small TCP actors for the sample captures (servers that misbehave, hand-made clients).

  silent ADDR PORT           accept connections and never read or answer (a hung server)
  blackhole ADDR PORT        a listener whose accept queue is full, so that the kernel drops
                             further SYNs (an unanswered SYN without a firewall): listen(0),
                             never accept, fill the queue with one local connection
  connect-close ADDR PORT    open a TCP connection and close it without sending a byte
  sslv2-hello ADDR PORT      send an SSLv2-format (RFC 6101 E.2 / RFC 5246 E.2) ClientHello
                             offering TLS 1.2, read what the server answers for up to 2 s,
                             print a summary, close (no alert)
Servers print 'ready' on stdout when listening and run until killed.
"""
import os
import socket
import struct
import sys
import time


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def listener(addr, port, backlog):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(backlog)
    return s


def silent(addr, port):
    s = listener(addr, port, 16)
    print("ready", flush=True)
    held = []
    while True:
        c, _ = s.accept()
        held.append(c)          # keep it open, never read, never write


def blackhole(addr, port):
    s = listener(addr, port, 0)
    filler = socket.create_connection((addr, port))   # completes via lo; fills the queue
    print("ready", flush=True)
    while True:
        time.sleep(3600)


def connect_close(addr, port):
    c = socket.create_connection((addr, port), timeout=3)
    time.sleep(0.05)
    c.close()


def sslv2_hello(addr, port):
    # SSLv2 CLIENT-HELLO: msg_type 1, version 0x0303, cipher_specs (3 bytes each),
    # no session id, 16-byte challenge. TLS suites are 0x00XXYY; 0x0100080 etc. are SSLv2 kinds.
    specs = [0x00c02f, 0x00c030, 0x00c013, 0x00c014, 0x00009c, 0x00002f, 0x000035,
             0x00000a, 0x0000ff, 0x010080, 0x0700c0]
    spec_bytes = b"".join(struct.pack(">I", x)[1:] for x in specs)
    challenge = bytes(range(0x10, 0x20))
    body = struct.pack(">BHHHH", 1, 0x0303, len(spec_bytes), 0, len(challenge)) + spec_bytes + challenge
    rec = struct.pack(">H", 0x8000 | len(body)) + body
    c = socket.create_connection((addr, port), timeout=3)
    c.sendall(rec)
    got = b""
    deadline = time.time() + 2
    c.settimeout(0.3)
    while time.time() < deadline:
        try:
            chunk = c.recv(65536)
        except socket.timeout:
            if got:
                break
            continue
        if not chunk:
            break
        got += chunk
    recs, p = [], 0
    while p + 5 <= len(got):
        typ, ver, ln = got[p], struct.unpack(">H", got[p + 1:p + 3])[0], struct.unpack(">H", got[p + 3:p + 5])[0]
        recs.append("type %d version 0x%04x len %d%s" % (typ, ver, ln, " hs %d" % got[p + 5] if typ == 22 else ""))
        p += 5 + ln
    print("sslv2-hello: sent %d bytes, server answered %d bytes: %s" % (len(rec), len(got), "; ".join(recs) or "nothing"))
    c.close()


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    cmd, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    {"silent": silent, "blackhole": blackhole, "connect-close": connect_close,
     "sslv2-hello": sslv2_hello}.get(cmd, lambda a, p: sys.exit(__doc__))(addr, port)


if __name__ == "__main__":
    main()
