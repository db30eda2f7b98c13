package io.tlsinspect.capture.tcp;

import static io.tlsinspect.testkit.CaptureBytes.ACK;
import static io.tlsinspect.testkit.CaptureBytes.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.PacketDissector;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.LinkTypes;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.testkit.CaptureBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Bugs the decoder module's Jazzer targets found in the flow table, each reduced to the packets that
 * trigger it (the fuzzer's own inputs stay under
 * {@code decoder/src/test/resources/io/tlsinspect/decoder/CaptureFileFuzzTestInputs/}).
 */
class FuzzFindingsTest {
    static final byte[] C = CaptureBytes.addr(198, 51, 100, 7);
    static final byte[] S = CaptureBytes.addr(203, 0, 113, 1);
    static final byte[] NONE = new byte[0];

    /** A listener that declines each direction at its first bytes, as the decoder does once decided. */
    static final class DecliningListener implements ConnectionListener {
        final List<String> events = new ArrayList<>();
        int closes;

        @Override
        public boolean onData(Direction dir, long ts, long streamOffset, byte[] buf, int off, int len) {
            events.add("data:" + dir.sender() + "@" + streamOffset + "+" + len);
            return false;
        }

        @Override
        public void onGap(Direction dir, long ts, long streamOffset, long length) {
            events.add("gap:" + dir.sender() + "@" + streamOffset + "+" + length);
        }

        @Override
        public void onClose(ConnectionInfo info, EndReason reason, long ts) {
            closes++;
        }
    }

    /**
     * Found by CaptureFileFuzzTest (crash-4ab8d2df...): at the end of the capture, out-of-order bytes
     * still buffered after a hole are delivered; the listener declines them, which drops the buffer,
     * and the flush loop then read the dropped buffer: a NullPointerException out of
     * {@link FlowTable#finish()} (or out of {@code segment()} when an idle timeout or eviction ended
     * the flow), which ended the whole run.
     */
    @Test
    void bytesBufferedBehindAHoleThatTheListenerDeclinesAtTheEnd() {
        CaptureStats stats = new CaptureStats();
        DecliningListener l = new DecliningListener();
        FlowTable table = new FlowTable(FlowTableConfig.defaults(Set.of(443)), info -> l, stats);
        PacketDissector d = new PacketDissector(table, stats);
        Frame f = new Frame();
        long ts = 1_700_000_000_000_000_000L;
        byte[][] packets = {
            CaptureBytes.ipv4(C, 50000, S, 443, 0, 0, SYN, NONE),
            CaptureBytes.ipv4(S, 443, C, 50000, 0, 1, SYN | ACK, NONE),
            CaptureBytes.ipv4(C, 50000, S, 443, 11, 1, ACK, "world".getBytes()), // bytes 10..14; 0..9 never seen
        };
        for (byte[] p : packets) {
            ts += 1_000_000;
            f.set(LinkTypes.RAW, ts, p, 0, p.length, p.length);
            d.accept(f);
        }
        table.finish();
        assertThat(l.closes).isEqualTo(1);
        assertThat(l.events).containsExactly("gap:client@0+10", "data:client@10+5");
        assertThat(stats.listenerErrors).isZero();
    }
}
