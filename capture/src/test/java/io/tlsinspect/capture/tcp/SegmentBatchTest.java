package io.tlsinspect.capture.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.ip.IpLayer;
import io.tlsinspect.testkit.CaptureBytes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Segments survive the trip through a batch field for field, and a batch is bounded and reusable. */
class SegmentBatchTest {
    private static TcpSegment segment(byte[] rawIp, int version, long ts, long frame) {
        TcpSegment s = new TcpSegment();
        assertThat(IpLayer.decode(version, rawIp, 0, rawIp.length, s)).isEqualTo(IpLayer.TCP);
        s.tsNanos = ts;
        s.frameNo = frame;
        s.source = 2;
        return s;
    }

    private static byte[] payload(TcpSegment s) {
        return Arrays.copyOfRange(s.buf, s.payloadOff, s.payloadOff + s.payloadLen);
    }

    private static byte[] addr(TcpSegment s, boolean src) {
        int off = src ? s.srcAddrOff : s.dstAddrOff;
        return Arrays.copyOfRange(s.buf, off, off + s.addrLen);
    }

    @Test
    void everyFieldComesBackAsItWentIn() {
        byte[] v6src = new byte[16];
        byte[] v6dst = new byte[16];
        v6src[0] = 0x20;
        v6src[15] = 0x10;
        v6dst[0] = 0x20;
        v6dst[15] = 1;
        TcpSegment[] in = {
            segment(CaptureBytes.ipv4(CaptureBytes.addr(198, 51, 100, 7), 50000, CaptureBytes.addr(203, 0, 113, 1), 443,
                    -5, 77, CaptureBytes.SYN, new byte[0]), 4, 10, 1),
            segment(CaptureBytes.ipv6(v6src, 40000, v6dst, 443, 123456789, -1, CaptureBytes.ACK | CaptureBytes.PSH,
                    "hello".getBytes()), 6, 20, 2),
        };
        SegmentBatch b = new SegmentBatch(8, 1024);
        for (TcpSegment s : in) {
            assertThat(b.fits(s)).isTrue();
            b.add(s, s.flowHash());
        }
        TcpSegment out = new TcpSegment();
        for (int i = 0; i < in.length; i++) {
            b.load(i, out);
            TcpSegment s = in[i];
            assertThat(new long[] {out.srcPort, out.dstPort, out.seq, out.ack, out.flags, out.addrLen, out.payloadLen,
                    out.payloadWireLen, out.tsNanos, out.frameNo, out.source})
                    .containsExactly(s.srcPort, s.dstPort, s.seq, s.ack, s.flags, s.addrLen, s.payloadLen,
                            s.payloadWireLen, s.tsNanos, s.frameNo, s.source);
            assertThat(addr(out, true)).isEqualTo(addr(s, true));
            assertThat(addr(out, false)).isEqualTo(addr(s, false));
            assertThat(payload(out)).isEqualTo(payload(s));
            assertThat(out.flowHash()).isEqualTo(s.flowHash());
            assertThat(b.flowHash(i)).isEqualTo(s.flowHash());
        }
    }

    @Test
    void aBatchIsFullBySegmentsOrByBytesAndTakesOneOversizedSegmentWhenEmpty() {
        TcpSegment small = segment(CaptureBytes.ipv4(CaptureBytes.addr(10, 0, 0, 1), 1, CaptureBytes.addr(10, 0, 0, 2), 443, 0, 0,
                CaptureBytes.ACK, new byte[100]), 4, 1, 1);
        TcpSegment big = segment(CaptureBytes.ipv4(CaptureBytes.addr(10, 0, 0, 1), 1, CaptureBytes.addr(10, 0, 0, 2), 443, 0, 0,
                CaptureBytes.ACK, new byte[5000]), 4, 1, 1);
        SegmentBatch bySegments = new SegmentBatch(2, 4096);
        bySegments.add(small);
        bySegments.add(small);
        assertThat(bySegments.fits(small)).isFalse();

        SegmentBatch byBytes = new SegmentBatch(100, 300);
        byBytes.add(small);
        byBytes.add(small);
        assertThat(byBytes.fits(small)).as("3 x 108 bytes > 300").isFalse();
        assertThat(byBytes.fits(big)).isFalse();
        byBytes.clear();
        assertThat(byBytes.size()).isZero();
        assertThat(byBytes.fits(big)).as("an empty batch takes any one segment").isTrue();
        byBytes.add(big);
        TcpSegment out = new TcpSegment();
        byBytes.load(0, out);
        assertThat(payload(out)).hasSize(5000);
    }
}
