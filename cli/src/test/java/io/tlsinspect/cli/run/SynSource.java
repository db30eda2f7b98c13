package io.tlsinspect.cli.run;

import io.tlsinspect.capture.ip.IpLayer;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.FrameSource;
import io.tlsinspect.capture.packet.LinkTypes;
import io.tlsinspect.capture.tcp.TcpSegment;
import java.io.IOException;

/**
 * Raw IPv4 TCP SYNs (RFC 791, RFC 9293 §3.1) from a new client address for every frame to
 * 203.0.113.1:443, one every {@code stepNanos} of capture time: each frame opens a connection that
 * nobody answers. Endless when {@code count} is negative; throws after {@code failAfter} frames if
 * that is not negative.
 */
final class SynSource implements FrameSource {
    static final long T0 = 1_700_000_000_000_000_000L;
    private final long count;
    private final long failAfter;
    private final long stepNanos;
    private final byte[] buf = new byte[40];
    private long n;

    SynSource(long count, long failAfter, long stepNanos) {
        this.count = count;
        this.failAfter = failAfter;
        this.stepNanos = stepNanos;
    }

    /** The frame for client number {@code i} (0-based) into {@code b}. */
    static void syn(long i, byte[] b) {
        b[0] = 0x45;
        b[3] = 40; // total length
        b[6] = 0x40; // DF
        b[8] = 64;
        b[9] = 6; // TCP
        b[12] = 10;
        b[13] = (byte) (i >> 16);
        b[14] = (byte) (i >> 8);
        b[15] = (byte) i;
        b[16] = (byte) 203;
        b[17] = 0;
        b[18] = 113;
        b[19] = 1;
        int sport = 1024 + (int) (i % 60000);
        b[20] = (byte) (sport >> 8);
        b[21] = (byte) sport;
        b[22] = 443 >> 8;
        b[23] = (byte) (443 & 0xff);
        b[27] = 1; // sequence number 1
        b[32] = 0x50; // data offset: 5 words
        b[33] = TcpSegment.SYN;
        b[34] = (byte) 0xff;
        b[35] = (byte) 0xff;
    }

    /** Which of {@code workers} the dispatcher gives client number {@code i}'s connection. */
    static int workerOf(long i, int workers) {
        byte[] b = new byte[40];
        syn(i, b);
        TcpSegment s = new TcpSegment();
        IpLayer.decode(4, b, 0, b.length, s);
        return Dispatcher.workerOf(s.flowHash(), workers);
    }

    @Override
    public boolean next(Frame into) throws IOException {
        if (count >= 0 && n >= count) {
            return false;
        }
        if (failAfter >= 0 && n >= failAfter) {
            throw new IOException("test: the disk went away");
        }
        syn(n, buf);
        into.set(LinkTypes.RAW, T0 + n * stepNanos, buf, 0, buf.length, buf.length);
        into.source = 0;
        n++;
        return true;
    }

    @Override
    public int linkType() {
        return LinkTypes.RAW;
    }

    @Override
    public String name() {
        return "syns";
    }

    @Override
    public void close() {
    }
}
