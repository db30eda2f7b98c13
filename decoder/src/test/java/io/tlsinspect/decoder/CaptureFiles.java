package io.tlsinspect.decoder;

import io.tlsinspect.capture.tcp.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small pcap and pcapng files around the real TLS bytes of a {@link Transcript}, for the
 * capture fuzz target's seed corpus: a TCP conversation (three-way handshake, one segment per
 * transcript step, acknowledgments, FIN or RST), framed in a chosen link layer and IP version, and
 * written in a chosen file format and byte order. Checksums are left zero (nothing checks them).
 */
final class CaptureFiles {
    static final int LINK_NULL = 0;
    static final int LINK_ETHERNET = 1;
    static final int LINK_RAW = 101;
    static final int LINK_SLL = 113;
    static final int LINK_SLL2 = 276;

    private static final int FIN = 1;
    private static final int SYN = 2;
    private static final int RST = 4;
    private static final int PSH = 8;
    private static final int ACK = 16;

    /** One packet of a conversation, before link framing. */
    record Packet(long tsNanos, byte[] ip) {
    }

    /** One TCP connection's packets: client and server address, ports and initial sequence numbers. */
    static final class Conversation {
        private final boolean ipv6;
        private final byte[] clientAddr;
        private final byte[] serverAddr;
        private final int clientPort;
        private final int serverPort;
        private final int[] next = new int[2];
        final List<Packet> packets = new ArrayList<>();
        private long ts;

        Conversation(boolean ipv6, int clientLastOctet, int clientPort, int clientIsn, int serverIsn, long startNanos) {
            this.ipv6 = ipv6;
            this.clientAddr = ipv6 ? v6(clientLastOctet) : new byte[] {(byte) 192, 0, 2, (byte) clientLastOctet};
            this.serverAddr = ipv6 ? v6(1) : new byte[] {(byte) 198, 51, 100, 1};
            this.clientPort = clientPort;
            this.serverPort = 443;
            this.ts = startNanos;
            next[0] = clientIsn;
            next[1] = serverIsn;
        }

        private static byte[] v6(int last) {
            byte[] a = new byte[16];
            a[0] = 0x20;
            a[1] = 0x01;
            a[2] = 0x0d;
            a[3] = (byte) 0xb8;
            a[15] = (byte) last;
            return a;
        }

        Conversation handshake() {
            send(Direction.CLIENT_TO_SERVER, SYN, new byte[0], 1);
            send(Direction.SERVER_TO_CLIENT, SYN | ACK, new byte[0], 1);
            send(Direction.CLIENT_TO_SERVER, ACK, new byte[0], 0);
            return this;
        }

        /** A data segment with PSH and ACK. */
        Conversation data(Direction dir, byte[] payload) {
            return send(dir, PSH | ACK, payload, payload.length);
        }

        Conversation fin(Direction dir) {
            return send(dir, FIN | ACK, new byte[0], 1);
        }

        Conversation rst(Direction dir) {
            return send(dir, RST | ACK, new byte[0], 0);
        }

        /** Skips {@code n} bytes of one direction's sequence space (bytes lost before the capture). */
        Conversation lose(Direction dir, int n) {
            next[dir.ordinal()] += n;
            return this;
        }

        /** Plays every step of a transcript. */
        Conversation play(Transcript t) {
            for (Transcript.Step s : t.steps()) {
                switch (s.kind()) {
                    case "data" -> data(s.dir(), s.data());
                    case "FIN" -> fin(s.dir());
                    default -> rst(s.dir());
                }
            }
            return this;
        }

        private Conversation send(Direction dir, int flags, byte[] payload, int seqUse) {
            ts += 250_000L;
            int d = dir.ordinal();
            boolean fromClient = dir == Direction.CLIENT_TO_SERVER;
            int ack = (flags & ACK) != 0 ? next[1 - d] : 0;
            byte[] tcp = tcp(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort,
                    next[d], ack, flags, payload);
            byte[] src = fromClient ? clientAddr : serverAddr;
            byte[] dst = fromClient ? serverAddr : clientAddr;
            packets.add(new Packet(ts, ipv6 ? ipv6(src, dst, tcp) : ipv4(src, dst, tcp)));
            next[d] += seqUse;
            return this;
        }
    }

    private CaptureFiles() {
    }

    static byte[] tcp(int sport, int dport, int seq, int ack, int flags, byte[] payload) {
        return ByteBuffer.allocate(20 + payload.length).putShort((short) sport).putShort((short) dport)
                .putInt(seq).putInt(ack).put((byte) 0x50).put((byte) flags).putShort((short) 64240)
                .putShort((short) 0).putShort((short) 0).put(payload).array();
    }

    static byte[] ipv4(byte[] src, byte[] dst, byte[] tcp) {
        return ByteBuffer.allocate(20 + tcp.length).put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcp.length))
                .putShort((short) 0x1234).putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0)
                .put(src).put(dst).put(tcp).array();
    }

    static byte[] ipv6(byte[] src, byte[] dst, byte[] tcp) {
        return ByteBuffer.allocate(40 + tcp.length).putInt(0x60000000).putShort((short) tcp.length).put((byte) 6)
                .put((byte) 64).put(src).put(dst).put(tcp).array();
    }

    /** Wraps an IP packet in a link-layer header ({@code vlan}: one 802.1Q tag, Ethernet only). */
    static byte[] frame(int linkType, byte[] ip, boolean vlan) {
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

    /**
     * A classic pcap file. {@code snapLen} > 0 cuts packets to that many bytes (their original
     * length is kept, as tcpdump -s does).
     */
    static byte[] pcap(List<Packet> packets, int linkType, boolean bigEndian, boolean nanos, boolean vlan, int snapLen) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        out.writeBytes(ByteBuffer.allocate(24).order(order).putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4)
                .putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snapLen > 0 ? snapLen : 262144).putInt(linkType).array());
        for (Packet p : packets) {
            byte[] f = frame(linkType, p.ip(), vlan);
            int cap = snapLen > 0 ? Math.min(snapLen, f.length) : f.length;
            long sec = p.tsNanos() / 1_000_000_000L;
            long sub = p.tsNanos() % 1_000_000_000L;
            out.writeBytes(ByteBuffer.allocate(16).order(order).putInt((int) sec)
                    .putInt((int) (nanos ? sub : sub / 1000)).putInt(cap).putInt(f.length).array());
            out.write(f, 0, cap);
        }
        return out.toByteArray();
    }

    /**
     * A pcapng file: Section Header, one Interface Description (nanosecond if_tsresol), a Name
     * Resolution block that readers skip, then Enhanced Packet Blocks (every fifth packet as a
     * Simple Packet Block when {@code simpleBlocks}).
     */
    static byte[] pcapng(List<Packet> packets, int linkType, boolean bigEndian, boolean vlan, boolean simpleBlocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        out.writeBytes(ByteBuffer.allocate(28).order(order).putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D)
                .putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28).array());
        // IDB with if_tsresol = 9 (nanoseconds) and opt_endofopt.
        out.writeBytes(ByteBuffer.allocate(32).order(order).putInt(1).putInt(32).putShort((short) linkType)
                .putShort((short) 0).putInt(0).putShort((short) 9).putShort((short) 1).put((byte) 9)
                .put(new byte[3]).putShort((short) 0).putShort((short) 0).putInt(32).array());
        // NRB (type 4) with just nrb_record_end: a block the reader skips by its length.
        out.writeBytes(ByteBuffer.allocate(16).order(order).putInt(4).putInt(16).putInt(0).putInt(16).array());
        int i = 0;
        for (Packet p : packets) {
            byte[] f = frame(linkType, p.ip(), vlan);
            int padded = (f.length + 3) & ~3;
            if (simpleBlocks && i++ % 5 == 4) {
                int len = 16 + padded;
                out.writeBytes(ByteBuffer.allocate(len).order(order).putInt(3).putInt(len).putInt(f.length)
                        .put(f).put(new byte[padded - f.length]).putInt(len).array());
                continue;
            }
            int len = 32 + padded;
            long ts = p.tsNanos();
            out.writeBytes(ByteBuffer.allocate(len).order(order).putInt(6).putInt(len).putInt(0)
                    .putInt((int) (ts >>> 32)).putInt((int) ts).putInt(f.length).putInt(f.length)
                    .put(f).put(new byte[padded - f.length]).putInt(len).array());
        }
        return out.toByteArray();
    }
}
