package io.tlsinspect.capture.tcp;

import static io.tlsinspect.testkit.CaptureBytes.ACK;
import static io.tlsinspect.testkit.CaptureBytes.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.ip.IpLayer;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.testing.RecordingListener;
import io.tlsinspect.testkit.CaptureBytes;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The flow hash is computed once per segment (by the dispatcher, to pick a worker) and handed to the
 * worker's flow table with the segment, so it must be the same from both ends of a connection and must
 * keep apart what the table keeps apart.
 */
class FlowHashTest {
    private static final byte[] C = CaptureBytes.addr(198, 51, 100, 7);
    private static final byte[] S = CaptureBytes.addr(203, 0, 113, 1);

    private static TcpSegment decode(byte[] ip, int version) {
        TcpSegment s = new TcpSegment();
        int r = IpLayer.decode(version, ip, 0, ip.length, s);
        assertThat(r).isIn(IpLayer.TCP, IpLayer.UDP);
        return s;
    }

    private static byte[] v6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[15] = (byte) last;
        return a;
    }

    @Test
    void bothDirectionsOfAConnectionHashAlike() {
        TcpSegment out = decode(CaptureBytes.ipv4(C, 50000, S, 443, 1, 0, SYN, new byte[0]), 4);
        TcpSegment back = decode(CaptureBytes.ipv4(S, 443, C, 50000, 9, 2, SYN | ACK, new byte[0]), 4);
        assertThat(back.flowHash()).isEqualTo(out.flowHash());
        TcpSegment out6 = decode(CaptureBytes.ipv6(v6(1), 40000, v6(2), 443, 1, 0, SYN, new byte[0]), 6);
        TcpSegment back6 = decode(CaptureBytes.ipv6(v6(2), 443, v6(1), 40000, 9, 2, SYN | ACK, new byte[0]), 6);
        assertThat(back6.flowHash()).isEqualTo(out6.flowHash());
    }

    @Test
    void otherPortsOrAddressesHashApart() {
        int h = decode(CaptureBytes.ipv4(C, 50000, S, 443, 1, 0, SYN, new byte[0]), 4).flowHash();
        assertThat(decode(CaptureBytes.ipv4(C, 50001, S, 443, 1, 0, SYN, new byte[0]), 4).flowHash()).isNotEqualTo(h);
        assertThat(decode(CaptureBytes.ipv4(CaptureBytes.addr(198, 51, 100, 8), 50000, S, 443, 1, 0, SYN, new byte[0]), 4)
                .flowHash()).isNotEqualTo(h);
    }

    @Test
    void theTableFindsTheFlowFromBothEndsByTheHashItIsGiven() {
        FlowTable t = new FlowTable(new FlowTableConfig(Set.of(443), 100, Duration.ofSeconds(60),
                Duration.ofSeconds(1), 1 << 16), info -> new RecordingListener(), new CaptureStats());
        TcpSegment out = decode(CaptureBytes.ipv4(C, 50000, S, 443, 1, 0, SYN, new byte[0]), 4);
        out.tsNanos = 1;
        out.frameNo = 1;
        t.dispatched(out, out.flowHash());
        TcpSegment back = decode(CaptureBytes.ipv4(S, 443, C, 50000, 9, 2, SYN | ACK, new byte[0]), 4);
        back.tsNanos = 2;
        back.frameNo = 2;
        t.dispatched(back, back.flowHash());
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void monitoredPortsMatchEitherEndAndNothingElse() {
        MonitoredPorts p = new MonitoredPorts(Set.of(0, 63, 64, 443, 65535));
        for (int port : new int[] {0, 63, 64, 443, 65535}) {
            assertThat(p.isServerPort(port)).as("port %d", port).isTrue();
        }
        for (int port : new int[] {1, 62, 65, 127, 442, 444, 65534, 65536, 65536 + 443, -1}) {
            assertThat(p.isServerPort(port)).as("port %d", port).isFalse();
        }
        assertThat(p.matches(decode(CaptureBytes.ipv4(C, 50000, S, 443, 1, 0, SYN, new byte[0]), 4))).isTrue();
        assertThat(p.matches(decode(CaptureBytes.ipv4(S, 443, C, 50000, 1, 0, ACK, new byte[0]), 4))).isTrue();
        assertThat(p.matches(decode(CaptureBytes.ipv4(C, 50000, S, 8443, 1, 0, SYN, new byte[0]), 4))).isFalse();
        MonitoredPorts all = new MonitoredPorts(Set.of());
        assertThat(all.isServerPort(0)).isTrue();
        assertThat(all.isServerPort(65535)).isTrue();
        assertThat(all.matches(decode(CaptureBytes.ipv4(C, 50000, S, 8443, 1, 0, SYN, new byte[0]), 4))).isTrue();
    }
}
