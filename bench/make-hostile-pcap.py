#!/usr/bin/env python3
"""Builds the hostile captures of issue 9 (acceptance 4): traffic that would make a naive analyser hold
state for every source.

  make-hostile-pcap.py syn-flood OUTPUT.pcap [N=1000000] [--rate PER_S=10000]
      N SYNs to 203.0.113.1:443, each from its own address (10.0.0.0/8) and port, never answered:
      N half-open connections (a 70 MB file for a million).

  make-hostile-pcap.py stalled-hellos OUTPUT.pcap [N=200000] [--rate PER_S=1000]
      N connections, each from its own address, that complete the TCP handshake and then send the
      first half of a real ClientHello (taken from sample-pcaps/handshakes.pcap, OpenSSL's first hello)
      and nothing more: the server waits, the client is silent, until the idle timeout.

Output: classic little-endian pcap, Ethernet, microseconds, in time order. IPv4 and TCP checksums are
computed (RFC 791, RFC 9293 3.1).
"""
import argparse
import os
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
GLOBAL_HEADER = struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)
ETH = bytes.fromhex('020000000002' '020000000001' '0800')  # locally administered MACs, IPv4
SERVER = bytes([203, 0, 113, 1])
T0_US = 1_790_000_000 * 1_000_000
SYN, ACK, PSH = 0x02, 0x10, 0x08


def checksum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack(f'>{len(data) // 2}H', data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def frame(src, dst, sport, dport, seq, ack, flags, payload=b''):
    tcp = struct.pack('>HHIIBBHHH', sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 64240, 0, 0)
    pseudo = src + dst + struct.pack('>BBH', 0, 6, len(tcp) + len(payload))
    ck = checksum(pseudo + tcp + payload)
    tcp = tcp[:16] + struct.pack('>H', ck) + tcp[18:]
    total = 20 + len(tcp) + len(payload)
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, total, 0, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack('>H', checksum(ip)) + ip[12:]
    return ETH + ip + tcp + payload


def client(i):
    return bytes([10, i >> 16 & 0xFF, i >> 8 & 0xFF, i & 0xFF]), 1024 + i % 64000


def write(out, ts_us, pkt):
    out.write(struct.pack('<IIII', ts_us // 1_000_000, ts_us % 1_000_000, len(pkt), len(pkt)))
    out.write(pkt)


def first_client_hello():
    """The TCP payload of the first ClientHello in sample-pcaps/handshakes.pcap (a real OpenSSL hello)."""
    data = open(os.path.join(ROOT, 'sample-pcaps/handshakes.pcap'), 'rb').read()
    p = 24
    while p + 16 <= len(data):
        cap = struct.unpack('<I', data[p + 8:p + 12])[0]
        pkt = data[p + 16:p + 16 + cap]
        p += 16 + cap
        if len(pkt) < 54 or pkt[12:14] != b'\x08\x00' or pkt[23] != 6:
            continue
        ihl = (pkt[14] & 0x0F) * 4
        tcp = 14 + ihl
        payload = pkt[tcp + (pkt[tcp + 12] >> 4) * 4:]
        if struct.unpack('>H', pkt[tcp + 2:tcp + 4])[0] == 443 and payload[:1] == b'\x16' and payload[5:6] == b'\x01':
            return payload
    sys.exit('make-hostile-pcap: no ClientHello in sample-pcaps/handshakes.pcap')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('kind', choices=['syn-flood', 'stalled-hellos'])
    ap.add_argument('output')
    ap.add_argument('n', type=int, nargs='?')
    ap.add_argument('--rate', type=float)
    a = ap.parse_args()
    flood = a.kind == 'syn-flood'
    n = a.n or (1_000_000 if flood else 200_000)
    if n > 1 << 24:
        sys.exit('make-hostile-pcap: at most 2^24 sources (10.0.0.0/8)')
    step = int(1_000_000 / (a.rate or (10_000 if flood else 1_000)))
    hello = None if flood else first_client_hello()
    part = None if flood else hello[:len(hello) // 2]
    with open(a.output, 'wb', buffering=8 << 20) as out:
        out.write(GLOBAL_HEADER)
        for i in range(n):
            src, sport = client(i)
            t = T0_US + i * step
            isn = (i * 2654435761) & 0xFFFFFFFF
            if flood:
                write(out, t, frame(src, SERVER, sport, 443, isn, 0, SYN))
                continue
            sisn = (isn * 40503) & 0xFFFFFFFF
            write(out, t, frame(src, SERVER, sport, 443, isn, 0, SYN))
            write(out, t + 100, frame(SERVER, src, 443, sport, sisn, isn + 1, SYN | ACK))
            write(out, t + 200, frame(src, SERVER, sport, 443, isn + 1, sisn + 1, ACK))
            write(out, t + 300, frame(src, SERVER, sport, 443, isn + 1, sisn + 1, PSH | ACK, part))
            write(out, t + 400, frame(SERVER, src, 443, sport, sisn + 1, isn + 1 + len(part), ACK))
    print(f'{a.output}: {n} {"unanswered SYNs" if flood else "stalled partial ClientHellos (" + str(len(part)) + " of " + str(len(hello)) + " bytes)"}, '
          f'{os.path.getsize(a.output) / 1048576:.0f} MiB', file=sys.stderr)


if __name__ == '__main__':
    main()
