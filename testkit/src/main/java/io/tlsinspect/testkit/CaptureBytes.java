package io.tlsinspect.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The one writer of capture bytes for tests, built from the specifications and never from the
 * readers under test: TCP segments (RFC 9293 §3.1) in IPv4 (RFC 791) or IPv6 (RFC 8200) packets,
 * link-layer framing (tcpdump.org's LINKTYPE_ values), and pcap and pcapng files
 * (draft-ietf-opsawg-pcap, draft-ietf-opsawg-pcapng). Checksums are left zero: nothing here checks
 * them.
 */
public final class CaptureBytes {
    public static final int LINK_NULL = 0;
    public static final int LINK_ETHERNET = 1;
    public static final int LINK_RAW = 101;
    public static final int LINK_SLL = 113;
    public static final int LINK_SLL2 = 276;

    public static final int FIN = 1;
    public static final int SYN = 2;
    public static final int RST = 4;
    public static final int PSH = 8;
    public static final int ACK = 16;

    /** One packet of a capture, before link framing: its time and its IP bytes. */
    public record Packet(long tsNanos, byte[] ip) {
    }

    private CaptureBytes() {
    }

    public static byte[] addr(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    // ---- TCP/IP ------------------------------------------------------------------------------

    /** A TCP segment: 20-byte header (data offset 5, window 64240), then the payload. */
    public static byte[] tcp(int sport, int dport, int seq, int ack, int flags, byte[] payload) {
        return ByteBuffer.allocate(20 + payload.length).putShort((short) sport).putShort((short) dport)
                .putInt(seq).putInt(ack).put((byte) 0x50).put((byte) flags).putShort((short) 64240)
                .putShort((short) 0).putShort((short) 0).put(payload).array();
    }

    /** An IPv4 packet (no options, don't fragment, TTL 64) carrying {@code tcp}. */
    public static byte[] ipv4(byte[] src, byte[] dst, byte[] tcp) {
        return ByteBuffer.allocate(20 + tcp.length).put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcp.length))
                .putShort((short) 0x1234).putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0)
                .put(src).put(dst).put(tcp).array();
    }

    /** An IPv6 packet (no extension headers, hop limit 64) carrying {@code tcp}. */
    public static byte[] ipv6(byte[] src, byte[] dst, byte[] tcp) {
        return ByteBuffer.allocate(40 + tcp.length).putInt(0x60000000).putShort((short) tcp.length).put((byte) 6)
                .put((byte) 64).put(src).put(dst).put(tcp).array();
    }

    public static byte[] ipv4(byte[] src, int sport, byte[] dst, int dport, int seq, int ack, int flags, byte[] payload) {
        return ipv4(src, dst, tcp(sport, dport, seq, ack, flags, payload));
    }

    public static byte[] ipv6(byte[] src, int sport, byte[] dst, int dport, int seq, int ack, int flags, byte[] payload) {
        return ipv6(src, dst, tcp(sport, dport, seq, ack, flags, payload));
    }

    /** Wraps an IP packet in a link-layer header ({@code vlan}: one 802.1Q tag, Ethernet only). */
    public static byte[] frame(int linkType, byte[] ip, boolean vlan) {
        boolean v6 = (ip[0] & 0xf0) == 0x60;
        int etherType = v6 ? 0x86DD : 0x0800;
        ByteBuffer b;
        switch (linkType) {
            case LINK_ETHERNET -> {
                b = ByteBuffer.allocate(14 + (vlan ? 4 : 0) + ip.length);
                b.put(new byte[] {0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02});
                if (vlan) {
                    b.putShort((short) 0x8100).putShort((short) 42);
                }
                b.putShort((short) etherType);
            }
            case LINK_SLL -> {
                // Linux cooked v1: packet type, ARPHRD_ETHER, address length, address (8), protocol.
                b = ByteBuffer.allocate(16 + ip.length);
                b.putShort((short) 0).putShort((short) 1).putShort((short) 6)
                        .put(new byte[] {0x02, 0, 0, 0, 0, 0x03, 0, 0}).putShort((short) etherType);
            }
            case LINK_SLL2 -> {
                // Linux cooked v2: protocol, reserved, interface index, ARPHRD, packet type, address length, address.
                b = ByteBuffer.allocate(20 + ip.length);
                b.putShort((short) etherType).putShort((short) 0).putInt(2).putShort((short) 1).put((byte) 0)
                        .put((byte) 6).put(new byte[] {0x02, 0, 0, 0, 0, 0x04, 0, 0});
            }
            case LINK_NULL -> {
                // BSD loopback: address family in the capturing host's byte order (little-endian here).
                b = ByteBuffer.allocate(4 + ip.length);
                b.put(new byte[] {(byte) (v6 ? 30 : 2), 0, 0, 0});
            }
            case LINK_RAW -> b = ByteBuffer.allocate(ip.length);
            default -> throw new IllegalArgumentException("link type " + linkType);
        }
        return b.put(ip).array();
    }

    // ---- pcap --------------------------------------------------------------------------------

    /** The 24-byte pcap file header: magic (µs or ns), version 2.4, snapshot length, link type. */
    public static byte[] pcapHeader(ByteOrder order, boolean nanos, int snapLen, int linkType) {
        return ByteBuffer.allocate(24).order(order).putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4)
                .putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snapLen).putInt(linkType).array();
    }

    /** A 16-byte pcap record header: seconds, µs or ns, captured and original length. */
    public static byte[] pcapRecordHeader(ByteOrder order, boolean nanos, long tsNanos, int capLen, int origLen) {
        long sub = tsNanos % 1_000_000_000L;
        return ByteBuffer.allocate(16).order(order).putInt((int) (tsNanos / 1_000_000_000L))
                .putInt((int) (nanos ? sub : sub / 1000)).putInt(capLen).putInt(origLen).array();
    }

    /** A pcap record: its header, then the captured bytes (fewer than {@code origLen} when cut). */
    public static byte[] pcapRecord(ByteOrder order, boolean nanos, long tsNanos, byte[] captured, int origLen) {
        return concat(pcapRecordHeader(order, nanos, tsNanos, captured.length, origLen), captured);
    }

    /**
     * A classic pcap file of framed packets. {@code snapLen} > 0 cuts packets to that many bytes
     * (their original length is kept, as tcpdump -s does).
     */
    public static byte[] pcap(List<Packet> packets, int linkType, boolean bigEndian, boolean nanos, boolean vlan, int snapLen) {
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pcapHeader(order, nanos, snapLen > 0 ? snapLen : 262144, linkType));
        for (Packet p : packets) {
            byte[] f = frame(linkType, p.ip(), vlan);
            int cap = snapLen > 0 ? Math.min(snapLen, f.length) : f.length;
            out.writeBytes(pcapRecord(order, nanos, p.tsNanos(), Arrays.copyOf(f, cap), f.length));
        }
        return out.toByteArray();
    }

    // ---- pcapng ------------------------------------------------------------------------------

    /** A block: type, total length, body (already padded to 32 bits), total length again. */
    public static byte[] block(ByteOrder order, int type, byte[] body) {
        return ByteBuffer.allocate(12 + body.length).order(order)
                .putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length).array();
    }

    /** Section Header Block: byte-order magic, version 1.0, section length unknown. */
    public static byte[] shb(ByteOrder order) {
        return block(order, 0x0A0D0D0A, ByteBuffer.allocate(16).order(order)
                .putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).array());
    }

    /** Interface Description Block; {@code tsresol} < 0 leaves out if_tsresol (so microseconds). */
    public static byte[] idb(ByteOrder order, int linkType, int snapLen, int tsresol) {
        ByteBuffer body = ByteBuffer.allocate(tsresol < 0 ? 8 : 8 + 8 + 4).order(order);
        body.putShort((short) linkType).putShort((short) 0).putInt(snapLen);
        if (tsresol >= 0) {
            body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]); // if_tsresol
            body.putShort((short) 0).putShort((short) 0); // opt_endofopt
        }
        return block(order, 1, body.array());
    }

    /** Enhanced Packet Block: interface, 64-bit timestamp in the interface's units, lengths, data. */
    public static byte[] epb(ByteOrder order, int iface, long ts, byte[] captured, int origLen) {
        ByteBuffer body = ByteBuffer.allocate(20 + padded(captured.length)).order(order);
        body.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(captured.length).putInt(origLen).put(captured);
        return block(order, 6, body.array());
    }

    /** Simple Packet Block: original length and data, interface 0, no timestamp. */
    public static byte[] spb(ByteOrder order, byte[] data) {
        ByteBuffer body = ByteBuffer.allocate(4 + padded(data.length)).order(order);
        body.putInt(data.length).put(data);
        return block(order, 3, body.array());
    }

    /**
     * A pcapng file: Section Header, one Interface Description (nanosecond if_tsresol), a Name
     * Resolution block that readers skip, then Enhanced Packet Blocks (every fifth packet as a
     * Simple Packet Block when {@code simpleBlocks}).
     */
    public static byte[] pcapng(List<Packet> packets, int linkType, boolean bigEndian, boolean vlan, boolean simpleBlocks) {
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(shb(order));
        out.writeBytes(idb(order, linkType, 0, 9));
        out.writeBytes(block(order, 4, new byte[4])); // NRB with just nrb_record_end
        int i = 0;
        for (Packet p : packets) {
            byte[] f = frame(linkType, p.ip(), vlan);
            out.writeBytes(simpleBlocks && i++ % 5 == 4 ? spb(order, f) : epb(order, 0, p.tsNanos(), f, f.length));
        }
        return out.toByteArray();
    }

    private static int padded(int n) {
        return (n + 3) & ~3;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
