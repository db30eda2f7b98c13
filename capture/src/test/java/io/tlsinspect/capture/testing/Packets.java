package io.tlsinspect.capture.testing;

import java.nio.ByteBuffer;

/** Builds raw IPv4/IPv6 + TCP packets (LINKTYPE_RAW) for tests. Checksums are left zero: nothing here checks them. */
public final class Packets {
    public static final int FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16;

    private Packets() {
    }

    public static byte[] ipv4(byte[] src, int sport, byte[] dst, int dport, int seq, int ack, int flags, byte[] payload) {
        int total = 20 + 20 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).put(src).put(dst);
        tcp(b, sport, dport, seq, ack, flags, payload);
        return b.array();
    }

    public static byte[] ipv6(byte[] src, int sport, byte[] dst, int dport, int seq, int ack, int flags, byte[] payload) {
        int plen = 20 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(40 + plen);
        b.putInt(0x60000000).putShort((short) plen).put((byte) 6).put((byte) 64).put(src).put(dst);
        tcp(b, sport, dport, seq, ack, flags, payload);
        return b.array();
    }

    private static void tcp(ByteBuffer b, int sport, int dport, int seq, int ack, int flags, byte[] payload) {
        b.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0)
                .put(payload);
    }

    public static byte[] addr(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }
}
