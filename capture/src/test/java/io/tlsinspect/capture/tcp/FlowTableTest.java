package io.tlsinspect.capture.tcp;

import static io.tlsinspect.testkit.CaptureBytes.ACK;
import static io.tlsinspect.testkit.CaptureBytes.FIN;
import static io.tlsinspect.testkit.CaptureBytes.RST;
import static io.tlsinspect.testkit.CaptureBytes.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.testing.Harness;
import io.tlsinspect.capture.testing.RecordingListener;
import io.tlsinspect.testkit.CaptureBytes;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Connection tracking: who is the client, how connections end, and the table's bounds. */
class FlowTableTest {
    static final byte[] C = CaptureBytes.addr(198, 51, 100, 7);
    static final byte[] S = CaptureBytes.addr(203, 0, 113, 1);
    static final byte[] NONE = new byte[0];

    @Test
    void aSynAnsweredByResetIsARefusedConnection() {
        Harness h = new Harness();
        h.packet(CaptureBytes.ipv4(C, 50000, S, 443, 100, 0, SYN, NONE));
        h.packet(CaptureBytes.ipv4(S, 443, C, 50000, 0, 101, RST | ACK, NONE));
        h.finish();
        RecordingListener l = h.listeners.get(0);
        assertThat(l.info.client()).isEqualTo(new Endpoint("198.51.100.7", 50000));
        assertThat(l.info.server()).isEqualTo(new Endpoint("203.0.113.1", 443));
        assertThat(l.info.synSeen()).isTrue();
        assertThat(l.info.synAckSeen()).isFalse();
        assertThat(l.info.rstTsNanos(Direction.SERVER_TO_CLIENT)).isPositive();
        assertThat(l.events).containsExactly("rst:server");
        assertThat(l.endReason).isEqualTo(EndReason.CLOSED);
    }

    @Test
    void withoutASynTheSideAwayFromTheMonitoredPortIsTheClient() {
        Harness h = new Harness();
        h.packet(CaptureBytes.ipv4(S, 443, C, 50000, 5000, 700, ACK, "hello".getBytes()));
        h.packet(CaptureBytes.ipv4(C, 50000, S, 443, 700, 5005, ACK, "hi".getBytes()));
        h.finish();
        RecordingListener l = h.listeners.get(0);
        assertThat(l.info.client().port()).isEqualTo(50000);
        assertThat(l.info.midStream()).isTrue();
        assertThat(new String(l.bytes(Direction.SERVER_TO_CLIENT))).isEqualTo("hello");
        assertThat(new String(l.bytes(Direction.CLIENT_TO_SERVER))).isEqualTo("hi");
        assertThat(l.endReason).isEqualTo(EndReason.END_OF_CAPTURE);
    }

    @Test
    void aNewSynAfterTheCloseIsANewConnectionOnTheSameFourTuple() {
        Harness h = new Harness();
        for (int i = 0; i < 2; i++) {
            int isn = 1000 * (i + 1);
            h.packet(CaptureBytes.ipv4(C, 50000, S, 443, isn, 0, SYN, NONE));
            h.packet(CaptureBytes.ipv4(S, 443, C, 50000, 9, isn + 1, SYN | ACK, NONE));
            h.packet(CaptureBytes.ipv4(C, 50000, S, 443, isn + 1, 10, FIN | ACK, NONE));
            h.packet(CaptureBytes.ipv4(S, 443, C, 50000, 10, isn + 2, FIN | ACK, NONE));
        }
        h.finish();
        assertThat(h.listeners).hasSize(2);
        assertThat(h.listeners).allSatisfy(l -> {
            assertThat(l.closes).isEqualTo(1);
            assertThat(l.endReason).isEqualTo(EndReason.CLOSED);
            assertThat(l.events).containsExactly("fin:client", "fin:server");
        });
        assertThat(h.stats.connections).isEqualTo(2);
    }

    @Test
    void aRetransmittedSynIsTheSameConnection() {
        Harness h = new Harness();
        h.packet(CaptureBytes.ipv4(C, 50000, S, 443, 77, 0, SYN, NONE));
        h.packet(CaptureBytes.ipv4(C, 50000, S, 443, 77, 0, SYN, NONE));
        h.packet(CaptureBytes.ipv4(C, 50000, S, 443, 77, 0, SYN, NONE));
        h.finish();
        assertThat(h.listeners).hasSize(1);
        assertThat(h.listeners.get(0).info.synCount()).isEqualTo(3);
    }

    @Test
    void idleConnectionsEndAfterTheTimeoutInCaptureTime() {
        Harness h = new Harness(new FlowTableConfig(Set.of(443), 100, Duration.ofSeconds(10), Duration.ofSeconds(1), 65536));
        long t0 = 1_000_000_000_000L;
        h.packetAt(t0, CaptureBytes.ipv4(C, 50000, S, 443, 1, 0, SYN, NONE));
        h.packetAt(t0 + 11_000_000_000L, CaptureBytes.ipv4(C, 50001, S, 443, 1, 0, SYN, NONE));
        assertThat(h.listenerOf(50000).endReason).isEqualTo(EndReason.IDLE_TIMEOUT);
        assertThat(h.listenerOf(50001)).isNull(); // still open, and compact: a SYN alone opens no listener
        assertThat(h.table.size()).isEqualTo(1);
        assertThat(h.stats.flowsIdleTimeout).isEqualTo(1);
    }

    @Test
    void aFullTableEvictsTheLeastRecentlyActiveAndCountsIt() {
        Harness h = new Harness(new FlowTableConfig(Set.of(443), 2, Duration.ofHours(1), Duration.ofSeconds(1), 65536));
        h.packet(CaptureBytes.ipv4(C, 50000, S, 443, 1, 0, SYN, NONE));
        h.packet(CaptureBytes.ipv4(C, 50001, S, 443, 1, 0, SYN, NONE));
        h.packet(CaptureBytes.ipv4(C, 50000, S, 443, 1, 0, SYN, NONE)); // touches the first: the second is now oldest
        h.packet(CaptureBytes.ipv4(C, 50002, S, 443, 1, 0, SYN, NONE));
        assertThat(h.listenerOf(50001).endReason).isEqualTo(EndReason.EVICTED);
        assertThat(h.listenerOf(50000)).isNull(); // still in the table, no event yet
        assertThat(h.listenerOf(50002)).isNull();
        assertThat(h.table.size()).isEqualTo(2);
        assertThat(h.stats.flowsEvicted).isEqualTo(1);
        h.finish();
        assertThat(h.listenerOf(50000).endReason).isEqualTo(EndReason.END_OF_CAPTURE);
        assertThat(h.listenerOf(50000).info.synCount()).isEqualTo(2);
    }

    @Test
    void otherPortsAreCountedNotTracked() {
        Harness h = new Harness();
        h.packet(CaptureBytes.ipv4(C, 50000, S, 80, 1, 0, SYN, NONE));
        assertThat(h.listeners).isEmpty();
        assertThat(h.stats.otherPortPackets).isEqualTo(1);
        assertThat(h.stats.tcpPackets).isZero();
    }

    @Test
    void ipv6AddressesAreWrittenInCanonicalForm() {
        Harness h = new Harness();
        byte[] c6 = new byte[16];
        byte[] s6 = new byte[16];
        c6[0] = 0x20; c6[1] = 0x01; c6[2] = 0x0d; c6[3] = (byte) 0xb8; c6[15] = 0x10;
        s6[0] = 0x20; s6[1] = 0x01; s6[2] = 0x0d; s6[3] = (byte) 0xb8; s6[5] = 1; s6[15] = 1;
        h.packet(CaptureBytes.ipv6(c6, 50000, s6, 443, 1, 0, SYN, NONE));
        h.packet(CaptureBytes.ipv6(s6, 443, c6, 50000, 1, 2, SYN | ACK, NONE));
        h.packet(CaptureBytes.ipv6(c6, 50000, s6, 443, 2, 2, ACK, "abc".getBytes()));
        h.finish();
        RecordingListener l = h.listeners.get(0);
        assertThat(l.info.client().ip()).isEqualTo("2001:db8::10");
        assertThat(l.info.server().ip()).isEqualTo("2001:db8:1::1");
        assertThat(l.info.client().toString()).isEqualTo("[2001:db8::10]:50000");
        assertThat(new String(l.bytes(Direction.CLIENT_TO_SERVER))).isEqualTo("abc");
    }

    @Test
    void dataTheReceiverAcknowledgedButTheCaptureMissedIsAGapAtOnce() {
        Harness h = new Harness();
        h.packet(CaptureBytes.ipv4(C, 50000, S, 443, 0, 0, SYN, NONE));
        h.packet(CaptureBytes.ipv4(S, 443, C, 50000, 0, 1, SYN | ACK, NONE));
        h.packet(CaptureBytes.ipv4(C, 50000, S, 443, 11, 1, ACK, "world".getBytes())); // bytes 10..14; 0..9 missed
        h.packet(CaptureBytes.ipv4(S, 443, C, 50000, 1, 16, ACK, NONE)); // server has all 15
        RecordingListener l = h.listeners.get(0);
        assertThat(l.gaps).containsExactly(new RecordingListener.Gap(Direction.CLIENT_TO_SERVER, 0, 10));
        assertThat(new String(l.bytes(Direction.CLIENT_TO_SERVER))).isEqualTo("world");
    }

    @Test
    void theOldestIdIsTheFirstFrameOfTheOldestConnectionStillInTheTable() {
        // Frames 1..3 open three connections; the second ends first (reset), then the first.
        Harness h = new Harness();
        assertThat(h.table.oldestId()).isEqualTo(Long.MAX_VALUE);
        h.packet(CaptureBytes.ipv4(C, 50001, S, 443, 100, 0, SYN, NONE));
        h.packet(CaptureBytes.ipv4(C, 50002, S, 443, 200, 0, SYN, NONE));
        h.packet(CaptureBytes.ipv4(C, 50003, S, 443, 300, 0, SYN, NONE));
        assertThat(h.table.oldestId()).isEqualTo(1);
        h.packetAt(1_700_000_000_000_000_000L + 10_000_000L, CaptureBytes.ipv4(S, 443, C, 50002, 0, 201, RST | ACK, NONE));
        assertThat(h.table.oldestId()).as("a reset connection lingers").isEqualTo(1);
        h.packetAt(1_700_000_000_000_000_000L + Duration.ofSeconds(60).toNanos(),
                CaptureBytes.ipv4(C, 50003, S, 443, 300, 0, SYN, NONE)); // 60 s later: the reset one is gone
        h.packetAt(1_700_000_000_000_000_000L + Duration.ofSeconds(121).toNanos(),
                CaptureBytes.ipv4(C, 50003, S, 443, 300, 0, SYN, NONE)); // 121 s: frame 1's connection idled out
        assertThat(h.table.oldestId()).isEqualTo(3);
        h.finish();
        assertThat(h.table.oldestId()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFlowDatedBeforeTheOldestStillTimesOutWhenTheOldestMovesOn() {
        // Capture time may step back (merged inputs): B's packet is older than A's. Once A is active
        // again, B is the least recently active flow, and its own time, not A's, decides its timeout.
        Harness h = new Harness(new FlowTableConfig(Set.of(443), 100, Duration.ofSeconds(10), Duration.ofSeconds(1),
                1 << 16));
        long s = 1_000_000_000L;
        long t0 = 1_700_000_000L * s;
        h.packetAt(t0 + 100 * s, CaptureBytes.ipv4(C, 50000, S, 443, 1, 0, SYN, NONE)); // A
        h.packetAt(t0 + 95 * s, CaptureBytes.ipv4(C, 50001, S, 443, 1, 0, SYN, NONE)); // B, 5 s earlier
        h.packetAt(t0 + 101 * s, CaptureBytes.ipv4(C, 50000, S, 443, 1, 0, SYN, NONE)); // A again
        assertThat(h.table.size()).isEqualTo(2);
        h.packetAt(t0 + 105_500_000_000L, CaptureBytes.ipv4(C, 50000, S, 443, 1, 0, SYN, NONE));
        assertThat(h.table.size()).as("B idle for 10.5 s of a 10 s timeout").isEqualTo(1);
        assertThat(h.stats.flowsIdleTimeout).isEqualTo(1);
    }
}
