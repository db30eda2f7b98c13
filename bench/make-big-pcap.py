#!/usr/bin/env python3
"""Builds a large benchmark capture from a small real one: each copy of the input gets its own client
addresses (198.18.0.0/15, RFC 2544's benchmarking range) and a later timestamp, so the copies are
distinct TCP connections with the same real TLS bytes. IPv4 over Ethernet only; others are copied as is.

usage: make-big-pcap.py INPUT.pcap OUTPUT.pcap TARGET_MB
"""
import struct
import sys


def main():
    src, dst, target_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
    data = open(src, 'rb').read()
    magic = struct.unpack('<I', data[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        sys.exit('make-big-pcap: input must be a little-endian classic pcap')
    header, body = data[:24], data[24:]
    linktype = struct.unpack('<I', header[20:24])[0]
    if linktype != 1:
        sys.exit('make-big-pcap: input must be Ethernet (link type 1)')
    records = []
    p = 0
    first_ts = None
    last_ts = 0
    while p + 16 <= len(body):
        sec, frac, cap, orig = struct.unpack('<IIII', body[p:p + 16])
        pkt = body[p + 16:p + 16 + cap]
        records.append((sec, frac, cap, orig, pkt))
        first_ts = sec if first_ts is None else first_ts
        last_ts = sec
        p += 16 + cap
    span = last_ts - first_ts + 2
    out = open(dst, 'wb')
    out.write(header)
    written = 0
    copy = 0
    limit = target_mb * 1024 * 1024
    while written < limit:
        a, b = 18 + (copy >> 16 & 1), copy & 0xFFFF  # 198.18.0.0/15
        for sec, frac, cap, orig, pkt in records:
            pkt = bytearray(pkt)
            if len(pkt) >= 34 and pkt[12:14] == b'\x08\x00':
                sport, dport = struct.unpack('>HH', pkt[34:38]) if len(pkt) >= 38 else (0, 0)
                # The client is the side not on port 443: rewrite its address.
                off = 26 if dport == 443 else 30 if sport == 443 else None
                if off is not None:
                    pkt[off:off + 4] = bytes([198, a, b >> 8, b & 0xFF])
            out.write(struct.pack('<IIII', sec + copy * span, frac, cap, orig))
            out.write(pkt)
            written += 16 + cap
        copy += 1
    out.close()
    print(f'{dst}: {copy} copies, {written // (1024 * 1024)} MiB', file=sys.stderr)


if __name__ == '__main__':
    main()
