package io.tlsinspect.capture.ip;

import io.tlsinspect.capture.tcp.TcpSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * IPv4 (RFC 791) and IPv6 (RFC 8200) down to the TCP header (RFC 9293 §3.1), in place. Fills a
 * {@link TcpSegment} and returns {@link #TCP}, or a status the caller counts. Issue 11 (QUIC): a UDP
 * datagram (RFC 768) is {@link #UDP}, and an ICMP or ICMPv6 port unreachable quoting a UDP datagram
 * is {@link #UDP_UNREACHABLE}, with the quoted datagram's addresses and ports in the segment.
 */
public final class IpLayer {
    public static final int TCP = 0;
    public static final int NOT_TCP = 1;
    public static final int FRAGMENT = 2;
    public static final int MALFORMED = 3;
    /** The snapshot length cut the packet inside the IP or TCP header. */
    public static final int TRUNCATED_HEADER = 4;
    /** A UDP datagram ({@link TcpSegment#KIND_UDP}). */
    public static final int UDP = 5;
    /** An ICMP/ICMPv6 port unreachable for a UDP datagram ({@link TcpSegment#KIND_UDP_UNREACHABLE}). */
    public static final int UDP_UNREACHABLE = 6;

    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_ICMP = 1;
    private static final int PROTO_ICMPV6 = 58;

    /** Network byte order (RFC 791 Appendix B), read as one load per field. */
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private IpLayer() {
    }

    /**
     * @param off start of the IP header in {@code b}
     * @param capLen captured bytes from {@code off}
     */
    public static int decode(int version, byte[] b, int off, int capLen, TcpSegment seg) {
        return version == 4 ? ipv4(b, off, capLen, seg) : ipv6(b, off, capLen, seg);
    }

    private static int ipv4(byte[] b, int off, int cap, TcpSegment seg) {
        if (cap < 20) {
            return TRUNCATED_HEADER;
        }
        // RFC 791 §3.1: version, IHL in 32-bit words (>= 5), total length, flags + fragment offset.
        if ((b[off] & 0xf0) != 0x40) {
            return MALFORMED;
        }
        int ihl = (b[off] & 0x0f) * 4;
        int total = u16(b, off + 2);
        if (ihl < 20 || total < ihl) {
            return MALFORMED;
        }
        int fragField = u16(b, off + 6);
        boolean moreFragments = (fragField & 0x2000) != 0;
        int fragOffset = fragField & 0x1fff;
        int proto = b[off + 9] & 0xff;
        if (proto != PROTO_TCP && proto != PROTO_UDP && proto != PROTO_ICMP) {
            return NOT_TCP;
        }
        if (moreFragments || fragOffset != 0) {
            return FRAGMENT; // counted, not reassembled: TLS stacks and QUIC (RFC 9000 §14) set DF
        }
        if (cap < ihl) {
            return TRUNCATED_HEADER;
        }
        // Some captures (TSO offload) record total length 0: fall back to what was captured.
        int ipLen = total == 0 ? cap : total;
        if (proto == PROTO_ICMP) {
            return icmp4(b, off + ihl, Math.min(cap, ipLen) - ihl, seg);
        }
        seg.srcAddrOff = off + 12;
        seg.dstAddrOff = off + 16;
        seg.addrLen = 4;
        if (proto == PROTO_UDP) {
            return udp(b, off + ihl, Math.min(cap, ipLen) - ihl, ipLen - ihl, seg);
        }
        return tcp(b, off + ihl, Math.min(cap, ipLen) - ihl, ipLen - ihl, seg);
    }

    private static int ipv6(byte[] b, int off, int cap, TcpSegment seg) {
        if (cap < 40) {
            return TRUNCATED_HEADER;
        }
        if ((b[off] & 0xf0) != 0x60) {
            return MALFORMED;
        }
        // RFC 8200 §3: payload length, next header; then walk extension headers (§4).
        int payloadLen = u16(b, off + 4);
        int next = b[off + 6] & 0xff;
        int p = off + 40;
        int end = off + cap;
        int wireEnd = off + 40 + payloadLen;
        while (true) {
            switch (next) {
                case PROTO_TCP, PROTO_UDP -> {
                    seg.srcAddrOff = off + 8;
                    seg.dstAddrOff = off + 24;
                    seg.addrLen = 16;
                    int wire = payloadLen == 0 ? end - p : wireEnd - p; // 0: jumbogram or TSO
                    int c = Math.min(end, p + Math.max(wire, 0)) - p;
                    return next == PROTO_TCP ? tcp(b, p, c, wire, seg) : udp(b, p, c, wire, seg);
                }
                case PROTO_ICMPV6 -> {
                    int wire = payloadLen == 0 ? end - p : wireEnd - p;
                    return icmp6(b, p, Math.min(end, p + Math.max(wire, 0)) - p, seg);
                }
                case 0, 43, 60 -> { // hop-by-hop, routing, destination options: (len + 1) * 8 bytes
                    if (p + 2 > end) {
                        return TRUNCATED_HEADER;
                    }
                    next = b[p] & 0xff;
                    p += ((b[p + 1] & 0xff) + 1) * 8;
                }
                case 51 -> { // authentication header: (len + 2) * 4 bytes
                    if (p + 2 > end) {
                        return TRUNCATED_HEADER;
                    }
                    next = b[p] & 0xff;
                    p += ((b[p + 1] & 0xff) + 2) * 4;
                }
                case 44 -> { // fragment header
                    if (p + 8 > end) {
                        return TRUNCATED_HEADER;
                    }
                    // RFC 8200 §4.5: fragment offset in the top 13 bits, M flag in bit 0, two reserved bits.
                    int fo = u16(b, p + 2);
                    if ((fo >>> 3) != 0 || (fo & 1) != 0) {
                        return FRAGMENT;
                    }
                    next = b[p] & 0xff;
                    p += 8; // an atomic fragment (offset 0, M=0) carries the whole packet
                }
                default -> {
                    return NOT_TCP;
                }
            }
            if (p > end) {
                return TRUNCATED_HEADER;
            }
        }
    }

    /** RFC 768: ports, length (header included), checksum; the payload follows the 8-byte header. */
    private static int udp(byte[] b, int off, int cap, int wireLen, TcpSegment seg) {
        if (cap < 8) {
            return wireLen < 8 ? MALFORMED : TRUNCATED_HEADER;
        }
        int udpLen = u16(b, off + 4);
        if (udpLen == 0) {
            udpLen = wireLen; // RFC 2675 §4: an IPv6 jumbogram's UDP length is 0; TSO captures too
        }
        if (udpLen < 8 || udpLen > wireLen) {
            return MALFORMED;
        }
        seg.kind = TcpSegment.KIND_UDP;
        seg.buf = b;
        seg.srcPort = u16(b, off);
        seg.dstPort = u16(b, off + 2);
        seg.seq = 0;
        seg.ack = 0;
        seg.flags = 0;
        seg.payloadOff = off + 8;
        seg.payloadLen = Math.min(cap, udpLen) - 8;
        seg.payloadWireLen = udpLen - 8;
        return UDP;
    }

    /**
     * RFC 792: type 3 (destination unreachable) code 3 (port unreachable), then 4 unused bytes and the
     * original IPv4 header plus at least 8 bytes of its payload (RFC 1812 §4.3.2.3: as much as fits).
     * Anything else ICMP is not ours.
     */
    private static int icmp4(byte[] b, int off, int cap, TcpSegment seg) {
        if (cap < 8 || (b[off] & 0xff) != 3 || (b[off + 1] & 0xff) != 3) {
            return NOT_TCP;
        }
        int q = off + 8;
        int qcap = cap - 8;
        if (qcap < 20 || (b[q] & 0xf0) != 0x40) {
            return MALFORMED;
        }
        int ihl = (b[q] & 0x0f) * 4;
        if ((b[q + 9] & 0xff) != PROTO_UDP) {
            return NOT_TCP;
        }
        if (ihl < 20 || qcap < ihl + 4) {
            return MALFORMED;
        }
        seg.srcAddrOff = q + 12;
        seg.dstAddrOff = q + 16;
        seg.addrLen = 4;
        return quotedUdp(b, q + ihl, seg);
    }

    /**
     * RFC 4443 §3.1: type 1 (destination unreachable) code 4 (port unreachable), 4 unused bytes, then
     * as much of the invoking IPv6 packet as fits. Only a quoted packet whose next header is UDP is read
     * (extension headers in the quoted packet are not walked).
     */
    private static int icmp6(byte[] b, int off, int cap, TcpSegment seg) {
        if (cap < 8 || (b[off] & 0xff) != 1 || (b[off + 1] & 0xff) != 4) {
            return NOT_TCP;
        }
        int q = off + 8;
        int qcap = cap - 8;
        if (qcap < 40 || (b[q] & 0xf0) != 0x60) {
            return MALFORMED;
        }
        if ((b[q + 6] & 0xff) != PROTO_UDP) {
            return NOT_TCP;
        }
        if (qcap < 44) {
            return MALFORMED;
        }
        seg.srcAddrOff = q + 8;
        seg.dstAddrOff = q + 24;
        seg.addrLen = 16;
        return quotedUdp(b, q + 40, seg);
    }

    /** The quoted datagram's ports (its first 4 bytes); no payload. */
    private static int quotedUdp(byte[] b, int off, TcpSegment seg) {
        seg.kind = TcpSegment.KIND_UDP_UNREACHABLE;
        seg.buf = b;
        seg.srcPort = u16(b, off);
        seg.dstPort = u16(b, off + 2);
        seg.seq = 0;
        seg.ack = 0;
        seg.flags = 0;
        seg.payloadOff = off;
        seg.payloadLen = 0;
        seg.payloadWireLen = 0;
        return UDP_UNREACHABLE;
    }

    /** RFC 9293 §3.1: ports, sequence and acknowledgment numbers, data offset, flags. */
    private static int tcp(byte[] b, int off, int cap, int wireLen, TcpSegment seg) {
        if (cap < 20) {
            return wireLen < 20 ? MALFORMED : TRUNCATED_HEADER;
        }
        int dataOff = ((b[off + 12] & 0xf0) >> 4) * 4;
        if (dataOff < 20 || dataOff > wireLen) {
            return MALFORMED;
        }
        if (cap < dataOff) {
            return TRUNCATED_HEADER;
        }
        seg.kind = TcpSegment.KIND_TCP;
        seg.buf = b;
        seg.srcPort = u16(b, off);
        seg.dstPort = u16(b, off + 2);
        seg.seq = i32(b, off + 4);
        seg.ack = i32(b, off + 8);
        seg.flags = b[off + 13] & 0x3f;
        seg.payloadOff = off + dataOff;
        seg.payloadLen = cap - dataOff;
        seg.payloadWireLen = wireLen - dataOff;
        return TCP;
    }

    private static int u16(byte[] b, int i) {
        return (short) I16.get(b, i) & 0xffff;
    }

    private static int i32(byte[] b, int i) {
        return (int) I32.get(b, i);
    }
}
