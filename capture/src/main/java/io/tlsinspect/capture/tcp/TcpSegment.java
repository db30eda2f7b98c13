package io.tlsinspect.capture.tcp;

/**
 * One TCP segment viewed in place in its frame (RFC 9293 §3.1), or (issue 11, QUIC) one UDP datagram
 * (RFC 768) or an ICMP/ICMPv6 port unreachable quoting one: {@link #kind} says which. UDP uses the
 * addresses, ports and payload fields and leaves the TCP ones 0; an unreachable carries the quoted
 * datagram's addresses and ports (its sender first) and no payload. Mutable and reused per packet so
 * the hot path allocates nothing; never keep a reference past the packet.
 */
public final class TcpSegment {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    /** {@link #kind}: a TCP segment. */
    public static final int KIND_TCP = 0;
    /** {@link #kind}: a UDP datagram. */
    public static final int KIND_UDP = 1;
    /** {@link #kind}: ICMP (RFC 792 type 3 code 3) or ICMPv6 (RFC 4443 type 1 code 4) port unreachable for a UDP datagram. */
    public static final int KIND_UDP_UNREACHABLE = 2;

    /** {@link #KIND_TCP}, {@link #KIND_UDP} or {@link #KIND_UDP_UNREACHABLE}. */
    public int kind;

    public byte[] buf;
    public int srcAddrOff;
    public int dstAddrOff;
    /** 4 for IPv4, 16 for IPv6. */
    public int addrLen;
    public int srcPort;
    public int dstPort;
    public int seq;
    public int ack;
    public int flags;
    public int payloadOff;
    /** Payload bytes present in the frame. */
    public int payloadLen;
    /** Payload bytes the IP header says were sent; larger than payloadLen when the snapshot length cut the packet. */
    public int payloadWireLen;
    public long tsNanos;
    public int source;
    /** 1-based number of the frame in the input (as Wireshark numbers them; merged inputs count together). */
    public long frameNo;

    /**
     * A hash of the connection (its 4-tuple, and TCP or UDP) that is the same in both directions: the
     * flow table's index uses it, and the dispatcher picks a worker by it (its high bits, so that the
     * low bits the index uses stay spread within a worker), so it is computed once per segment.
     */
    public int flowHash() {
        return FlowKey.hashOf(this);
    }

    public boolean isTcp() {
        return kind == KIND_TCP;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
