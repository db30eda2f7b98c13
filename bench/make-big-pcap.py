#!/usr/bin/env python3
"""Builds a large benchmark capture from the real recordings in sample-pcaps/.

Each recording is a template (the fleet's three files merged by time into one, so its retry chains
cross servers). One *copy* is every template replayed with its own timing; copy k starts k / RATE
cycles after copy 0, so copies overlap in time like the clients of a busy server (default about 1,000
handshakes a second: a 10 GB file is about an hour of traffic). Every client address of every template
gets a distinct address per copy (IPv4 clients in 10.0.0.0/8, IPv6 clients in 2001:db8:ffff::/48), so
every copy is a new set of clients with the same real TLS bytes: varied stacks (curl, openssl,
gnutls-cli, Java, Chromium), failures of every kind, fallback retries and chains. IPv4 header and TCP
checksums are updated for the new addresses (RFC 1624 incremental update), so they are as right as
they were in the recording.

usage: make-big-pcap.py [--rate HANDSHAKES_PER_S] [--templates a.pcap,b.pcap+c.pcap,...] OUTPUT.pcap TARGET_MB
       (a template written a.pcap+b.pcap is several files merged by time)

Output: classic little-endian pcap, Ethernet, microseconds, in time order. Prints one line with the
copies, packets, connections and MiB written.
"""
import argparse
import os
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
DEFAULT_TEMPLATES = [
    'sample-pcaps/basic.pcap',
    'sample-pcaps/handshakes.pcap',
    'sample-pcaps/failures.pcap',
    'sample-pcaps/fallback.pcap',
    'sample-pcaps/browser.pcap',
    'sample-pcaps/fleet/s1.pcap+sample-pcaps/fleet/s2.pcap+sample-pcaps/fleet/s3.pcap',
]
SERVER_PORT = 443
GLOBAL_HEADER = struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)


def read_pcap(path):
    """[(ts_us, frame bytes)] of a little-endian Ethernet pcap (µs or ns)."""
    data = open(path, 'rb').read()
    magic = struct.unpack('<I', data[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        sys.exit(f'make-big-pcap: {path}: not a little-endian classic pcap')
    if struct.unpack('<I', data[20:24])[0] != 1:
        sys.exit(f'make-big-pcap: {path}: link type is not Ethernet')
    nanos = magic == 0xA1B23C4D
    out = []
    p = 24
    while p + 16 <= len(data):
        sec, frac, cap, _orig = struct.unpack('<IIII', data[p:p + 16])
        us = sec * 1_000_000 + (frac // 1000 if nanos else frac)
        out.append((us, data[p + 16:p + 16 + cap]))
        p += 16 + cap
    return out


def client_field(pkt):
    """(offset of the client address, its length, TCP checksum offset, IPv4 header checksum offset or
    None) for a TCP packet to or from port 443 over Ethernet; None for anything else."""
    if len(pkt) < 14:
        return None
    etype = struct.unpack('>H', pkt[12:14])[0]
    if etype == 0x0800 and len(pkt) >= 34 and pkt[23] == 6:
        ihl = (pkt[14] & 0x0F) * 4
        tcp = 14 + ihl
        if len(pkt) < tcp + 18:
            return None
        sport, dport = struct.unpack('>HH', pkt[tcp:tcp + 4])
        if dport == SERVER_PORT:
            return 26, 4, tcp + 16, 24
        if sport == SERVER_PORT:
            return 30, 4, tcp + 16, 24
    elif etype == 0x86DD and len(pkt) >= 54 + 18 and pkt[20] == 6:
        tcp = 54
        sport, dport = struct.unpack('>HH', pkt[tcp:tcp + 4])
        if dport == SERVER_PORT:
            return 22, 16, tcp + 16, None
        if sport == SERVER_PORT:
            return 38, 16, tcp + 16, None
    return None


def word_sum(b):
    s = 0
    for i in range(0, len(b), 2):
        s += b[i] << 8 | b[i + 1]
    return s


def fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def adjust(csum, old_words, new_words):
    """RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), with m and m' given as 16-bit word sums."""
    return ~fold((~csum & 0xFFFF) + (~fold(old_words) & 0xFFFF) + fold(new_words)) & 0xFFFF


class Template:
    def __init__(self, spec):
        packets = []
        for path in spec.split('+'):
            packets.extend(read_pcap(os.path.join(ROOT, path) if not os.path.isabs(path) else path))
        packets.sort(key=lambda p: p[0])  # stable: merged files keep their order at equal times
        t0 = packets[0][0]
        self.name = spec
        self.clients = {}  # original client address bytes -> index
        self.packets = []  # (relative µs, frame, field or None, client index)
        conns = set()
        for ts, pkt in packets:
            f = client_field(pkt)
            ci = -1
            if f is not None:
                addr = pkt[f[0]:f[0] + f[1]]
                ci = self.clients.setdefault(addr, len(self.clients))
                tcp = f[2] - 16
                if pkt[tcp + 13] & 0x12 == 0x02:  # a SYN without ACK opens a connection
                    conns.add((addr, pkt[tcp:tcp + 4], struct.unpack('>I', pkt[tcp + 4:tcp + 8])[0]))
            self.packets.append((ts - t0, pkt, f, ci))
        self.connections = len(conns)
        self.bytes = sum(16 + len(p[1]) for p in self.packets)


def new_address(length, copy, template_index, client_index):
    """A distinct client address for (copy, template, client): 10.x.y.z, or 2001:db8:ffff::/48."""
    if length == 4:
        n = (copy * 128 + template_index * 16 + client_index) % (1 << 24)  # up to 16 v4 clients per template
        return bytes([10, n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF])
    return bytes.fromhex('20010db8ffff') + struct.pack('>HII', template_index, client_index, copy)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--rate', type=float, default=1000.0, help='about this many new connections per second')
    ap.add_argument('--templates', default=','.join(DEFAULT_TEMPLATES))
    ap.add_argument('output')
    ap.add_argument('target_mb', type=float)
    a = ap.parse_args()

    templates = [Template(s) for s in a.templates.split(',')]
    for ti, t in enumerate(templates):
        v4 = sum(1 for c in t.clients if len(c) == 4)
        if v4 > 16:
            sys.exit(f'make-big-pcap: {t.name}: more than 16 IPv4 clients')
    cycle_bytes = sum(t.bytes for t in templates)
    cycle_conns = sum(t.connections for t in templates)
    copies = max(1, int(a.target_mb * 1024 * 1024 / cycle_bytes))
    if copies * 128 > (1 << 24):
        sys.exit('make-big-pcap: too many copies for 10.0.0.0/8')
    period = int(1_000_000 * cycle_conns / a.rate)  # µs between the starts of two copies

    # Copy j's packet i is at j * period + t_i. Write t_i = q_i * period + r_i: in period k the packets
    # due are those of copy k - q_i, in order of r_i, the same order in every period.
    schedule = []  # (r, q, seq, template index, packet)
    seq = 0
    for ti, t in enumerate(templates):
        for rel, pkt, f, ci in t.packets:
            old_words = word_sum(pkt[f[0]:f[0] + f[1]]) if f else 0
            schedule.append((rel % period, rel // period, seq, ti, pkt, f, ci, old_words))
            seq += 1
    schedule.sort(key=lambda e: (e[0], e[2]))
    max_q = max(e[1] for e in schedule)

    base_us = 1_790_000_000 * 1_000_000  # 2026-09-21: after the recordings, fixed so reruns are identical
    addr_cache = {}
    out = open(a.output, 'wb', buffering=8 << 20)
    out.write(GLOBAL_HEADER)
    written = 24
    packets = 0
    pack_hdr = struct.Struct('<IIII').pack
    for k in range(copies + max_q):
        period_start = base_us + k * period
        if k % 64 == 0:  # per-copy addresses of copies that can no longer appear
            for key in [c for c in addr_cache if c[0] < k - max_q]:
                del addr_cache[key]
        for r, q, _seq, ti, pkt, f, ci, old_words in schedule:
            copy = k - q
            if copy < 0 or copy >= copies:
                continue
            ts = period_start + r
            if f is not None:
                off, length, tcp_ck, ip_ck = f
                key = (copy, ti, ci)
                na = addr_cache.get(key)
                if na is None:
                    addr = new_address(length, copy, ti, ci)
                    na = addr_cache[key] = (addr, word_sum(addr))
                b = bytearray(pkt)
                b[off:off + length] = na[0]
                ck = b[tcp_ck] << 8 | b[tcp_ck + 1]
                ck = adjust(ck, old_words, na[1])
                b[tcp_ck] = ck >> 8
                b[tcp_ck + 1] = ck & 0xFF
                if ip_ck is not None:
                    ck = adjust(b[ip_ck] << 8 | b[ip_ck + 1], old_words, na[1])
                    b[ip_ck] = ck >> 8
                    b[ip_ck + 1] = ck & 0xFF
                pkt = b
            out.write(pack_hdr(ts // 1_000_000, ts % 1_000_000, len(pkt), len(pkt)))
            out.write(pkt)
            written += 16 + len(pkt)
            packets += 1
    out.close()
    print(f'{a.output}: {copies} copies of {len(templates)} recordings, {packets} packets, '
          f'{copies * cycle_conns} connections, {written / 1048576:.0f} MiB, '
          f'{copies * period / 1e6:.0f} s of capture time', file=sys.stderr)


if __name__ == '__main__':
    main()
