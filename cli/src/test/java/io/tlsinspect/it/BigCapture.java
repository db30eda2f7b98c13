package io.tlsinspect.it;

import io.tlsinspect.testkit.RepoFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A large capture of real handshakes, as bench/make-big-pcap.py builds them: sample-pcaps/handshakes.pcap
 * copied again and again, each copy with its own IPv4 client addresses (198.18.0.0/15, RFC 2544's
 * benchmarking range) and a later time, so every copy adds distinct connections.
 */
final class BigCapture {
    private BigCapture() {
    }

    private record Rec(int sec, int frac, byte[] pkt, int orig) {
    }

    /** The pcap as a stream of bytes: the file header, then {@code copies} copies of the records. */
    static void write(OutputStream sink, int copies) throws IOException {
        byte[] in = Files.readAllBytes(RepoFiles.root().resolve("sample-pcaps/handshakes.pcap"));
        ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xA1B2C3D4 || b.getInt(20) != 1) {
            throw new IllegalStateException("handshakes.pcap: expected a little-endian Ethernet pcap");
        }
        List<Rec> recs = new ArrayList<>();
        int p = 24;
        while (p + 16 <= in.length) {
            int cap = b.getInt(p + 8);
            byte[] pkt = new byte[cap];
            System.arraycopy(in, p + 16, pkt, 0, cap);
            recs.add(new Rec(b.getInt(p), b.getInt(p + 4), pkt, b.getInt(p + 12)));
            p += 16 + cap;
        }
        int span = recs.get(recs.size() - 1).sec() - recs.get(0).sec() + 2;
        OutputStream out = new BufferedOutputStream(sink, 1 << 16);
        out.write(in, 0, 24);
        ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int copy = 0; copy < copies; copy++) {
            int a = 18 + ((copy >> 16) & 1);
            for (Rec r : recs) {
                byte[] pkt = r.pkt().clone();
                if (pkt.length >= 38 && pkt[12] == 0x08 && pkt[13] == 0x00) {
                    int sport = ((pkt[34] & 0xff) << 8) | (pkt[35] & 0xff);
                    int dport = ((pkt[36] & 0xff) << 8) | (pkt[37] & 0xff);
                    int off = dport == 443 ? 26 : sport == 443 ? 30 : -1; // the client is the side away from 443
                    if (off > 0) {
                        pkt[off] = (byte) 198;
                        pkt[off + 1] = (byte) a;
                        pkt[off + 2] = (byte) (copy >> 8);
                        pkt[off + 3] = (byte) copy;
                    }
                }
                h.clear();
                h.putInt(r.sec() + copy * span).putInt(r.frac()).putInt(pkt.length).putInt(r.orig());
                out.write(h.array());
                out.write(pkt);
            }
        }
        out.flush();
    }

    static Path file(Path dir, int copies) throws IOException {
        Path f = dir.resolve("big-" + copies + ".pcap");
        try (OutputStream o = Files.newOutputStream(f)) {
            write(o, copies);
        }
        return f;
    }
}
