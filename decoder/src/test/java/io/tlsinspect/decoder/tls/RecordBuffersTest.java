package io.tlsinspect.decoder.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.DecoderStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: a stopped record layer's buffer serves the next record that spans two deliveries, the
 * record still arrives byte for byte, and the pool stays bounded.
 */
class RecordBuffersTest {
    /** Keeps a copy of every record's fragment (arrays are valid only during the call). */
    private static final class Records implements RecordLayer.Sink {
        final List<byte[]> fragments = new ArrayList<>();

        @Override
        public void onRecord(int contentType, int version, byte[] b, int off, int len) {
            fragments.add(Arrays.copyOfRange(b, off, off + len));
        }

        @Override
        public void onSslv2ClientHello(byte[] b, int off, int len) {
        }

        @Override
        public void onSslv2Record(byte[] b, int off, int len) {
        }

        @Override
        public void onFramingError(String reason, boolean atStreamStart) {
            throw new AssertionError(reason);
        }
    }

    /** A handshake record (RFC 8446 §5.1: type 22, version 0x0303, 2-byte length) of {@code n} bytes of {@code fill}. */
    private static byte[] record(int n, int fill) {
        byte[] r = new byte[5 + n];
        r[0] = 22;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (n >>> 8);
        r[4] = (byte) n;
        for (int i = 0; i < n; i++) {
            r[5 + i] = (byte) (fill + i);
        }
        return r;
    }

    private static void inTwo(RecordLayer layer, byte[] r, int first) {
        layer.feed(r, 0, first);
        layer.feed(r, first, r.length - first);
    }

    @Test
    void aStoppedLayersBufferCarriesTheNextSpanningRecordIntact() {
        RecordBuffers pool = new RecordBuffers();
        Records one = new Records();
        RecordLayer first = new RecordLayer(one, RecordFraming.MAX_FRAME, false, new DecoderStats(), pool);
        inTwo(first, record(4000, 1), 1448);
        assertThat(one.fragments).hasSize(1);
        assertThat(pool.kept()).isZero();
        first.stop();
        assertThat(pool.kept()).isEqualTo(1);

        Records two = new Records();
        RecordLayer second = new RecordLayer(two, RecordFraming.MAX_FRAME, false, new DecoderStats(), pool);
        byte[] r = record(3000, 7);
        inTwo(second, r, 1000);
        assertThat(pool.kept()).as("the spanning record took the kept buffer").isZero();
        assertThat(two.fragments).hasSize(1);
        assertThat(two.fragments.get(0)).isEqualTo(Arrays.copyOfRange(r, 5, r.length));
        // The first layer's record was not touched by the second's use of its old buffer.
        assertThat(one.fragments.get(0)).isEqualTo(Arrays.copyOfRange(record(4000, 1), 5, 4005));
    }

    @Test
    void thePoolKeepsAtMostItsBoundAndNoSmallBuffers() {
        RecordBuffers pool = new RecordBuffers();
        for (int i = 0; i < RecordBuffers.KEEP * 3; i++) {
            pool.give(new byte[RecordBuffers.MIN_KEPT]);
        }
        assertThat(pool.kept()).isEqualTo(RecordBuffers.KEEP);
        RecordBuffers small = new RecordBuffers();
        small.give(new byte[RecordBuffers.MIN_KEPT - 1]);
        assertThat(small.kept()).isZero();
        assertThat(small.take(1)).isNull();
    }
}
