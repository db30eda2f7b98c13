package io.tlsinspect.capture.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.testing.Harness;
import io.tlsinspect.capture.testing.RecordingListener;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 (QUIC): UDP datagrams on the monitored ports become UDP flows in the same flow table as
 * TCP, under the same cap and idle timeout; an ICMP (RFC 792 type 3 code 3) or ICMPv6 (RFC 4443 type 1
 * code 4) port unreachable quoting one reaches its flow. Packets are written here from the RFCs'
 * header layouts (RFC 791, 8200, 768).
 */
class UdpFlowsTest {
    private static final byte[] CLIENT = {(byte) 198, 51, 100, 10};
    private static final byte[] SERVER = {(byte) 203, 0, 113, 1};

    static byte[] udp4(byte[] src, int sport, byte[] dst, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) b.capacity()).putInt(0x40000000) // DF
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(src).put(dst);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        return b.put(payload).array();
    }

    /** ICMP port unreachable from {@code from} quoting the first 28 bytes of {@code original}. */
    static byte[] unreachable4(byte[] from, byte[] to, byte[] original) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + 28);
        b.put((byte) 0x45).put((byte) 0).putShort((short) b.capacity()).putInt(0)
                .put((byte) 64).put((byte) 1).putShort((short) 0).put(from).put(to);
        b.put((byte) 3).put((byte) 3).putShort((short) 0).putInt(0);
        return b.put(original, 0, 28).array();
    }

    static byte[] udp6(int sport, int dport, byte[] payload, boolean fromClient) {
        ByteBuffer b = ByteBuffer.allocate(40 + 8 + payload.length);
        b.putInt(0x60000000).putShort((short) (8 + payload.length)).put((byte) 17).put((byte) 64);
        byte[] c = v6(0x10);
        byte[] s = v6(0x01);
        b.put(fromClient ? c : s).put(fromClient ? s : c);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        return b.put(payload).array();
    }

    static byte[] v6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[15] = (byte) last;
        return a;
    }

    @Test
    void datagramsBothWaysMakeOneUdpFlowAndAnIcmpUnreachableReachesIt() {
        Harness h = new Harness();
        byte[] hello = udp4(CLIENT, 50000, SERVER, 443, new byte[] {(byte) 0xc0, 0, 0, 0, 1});
        h.packet(hello);
        h.packet(udp4(SERVER, 443, CLIENT, 50000, new byte[] {(byte) 0xc0, 1, 2}));
        h.packet(unreachable4(SERVER, CLIENT, hello));
        h.finish();
        assertThat(h.listeners).hasSize(1);
        RecordingListener l = h.listeners.get(0);
        assertThat(l.info.udp()).isTrue();
        assertThat(l.info.client().toString()).isEqualTo("198.51.100.10:50000");
        assertThat(l.info.server().toString()).isEqualTo("203.0.113.1:443");
        assertThat(l.events).containsExactly("datagram:client:5", "datagram:server:3", "unreachable");
        assertThat(l.info.packets(Direction.CLIENT_TO_SERVER)).isEqualTo(1);
        assertThat(l.info.packets(Direction.SERVER_TO_CLIENT)).isEqualTo(1);
        assertThat(l.endReason).isEqualTo(EndReason.END_OF_CAPTURE);
        assertThat(h.stats.udpPackets).isEqualTo(2);
        assertThat(h.stats.udpUnreachable).isEqualTo(1);
        assertThat(h.stats.tcpPackets).isZero();
        assertThat(h.stats.connections).isEqualTo(1);
    }

    @Test
    void ipv6DatagramsAndAnIcmpv6PortUnreachable() {
        Harness h = new Harness();
        byte[] hello = udp6(40000, 443, new byte[] {(byte) 0xc0, 9}, true);
        h.packet(hello);
        ByteBuffer icmp = ByteBuffer.allocate(40 + 8 + hello.length);
        icmp.putInt(0x60000000).putShort((short) (8 + hello.length)).put((byte) 58).put((byte) 64)
                .put(v6(0x01)).put(v6(0x10));
        icmp.put((byte) 1).put((byte) 4).putShort((short) 0).putInt(0).put(hello);
        h.packet(icmp.array());
        h.finish();
        assertThat(h.listeners).hasSize(1);
        assertThat(h.listeners.get(0).events).containsExactly("datagram:client:2", "unreachable");
        assertThat(h.listeners.get(0).info.client().toString()).isEqualTo("[2001:db8::10]:40000");
        assertThat(h.stats.udpUnreachable).isEqualTo(1);
    }

    @Test
    void udpAndIcmpOnOtherPortsAreCountedNotTracked() {
        Harness h = new Harness();
        byte[] dns = udp4(CLIENT, 50000, SERVER, 53, new byte[4]);
        h.packet(dns);
        h.packet(unreachable4(SERVER, CLIENT, dns));
        h.finish();
        assertThat(h.listeners).isEmpty();
        assertThat(h.stats.nonTcpPackets).isEqualTo(2);
        assertThat(h.stats.udpPackets).isZero();
    }

    @Test
    void withEveryPortMonitoredUdpIsReadOnPort443Only() {
        Harness h = new Harness(FlowTableConfig.defaults(Set.of()));
        h.packet(udp4(CLIENT, 50000, SERVER, 53, new byte[4]));
        h.packet(udp4(CLIENT, 50001, SERVER, 443, new byte[] {(byte) 0xc0}));
        h.finish();
        assertThat(h.listeners).hasSize(1);
        assertThat(h.listeners.get(0).info.server().port()).isEqualTo(443);
        assertThat(h.stats.nonTcpPackets).isEqualTo(1);
    }

    @Test
    void aUdpLengthBeyondThePacketIsMalformed() {
        Harness h = new Harness();
        byte[] bad = udp4(CLIENT, 50000, SERVER, 443, new byte[4]);
        bad[24] = 0x10; // UDP length 4096 in a 32-byte packet
        h.packet(bad);
        h.finish();
        assertThat(h.listeners).isEmpty();
        assertThat(h.stats.malformedPackets).isEqualTo(1);
    }

    @Test
    void udpFlowsShareTheFlowTablesCapAndIdleTimeout() {
        Harness h = new Harness(new FlowTableConfig(Set.of(443), 3, Duration.ofSeconds(10), Duration.ofSeconds(1),
                64 * 1024));
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < 10; i++) {
            h.packetAt(t + i * 1_000_000L, udp4(CLIENT, 50000 + i, SERVER, 443, new byte[] {(byte) 0xc0}));
            assertThat(h.table.size()).isLessThanOrEqualTo(3);
        }
        assertThat(h.stats.flowsEvicted).isEqualTo(7);
        h.packetAt(t + 60_000_000_000L, udp4(CLIENT, 60000, SERVER, 443, new byte[] {(byte) 0xc0}));
        assertThat(h.stats.flowsIdleTimeout).isEqualTo(3);
        h.finish();
        assertThat(h.listeners).hasSize(11);
        assertThat(h.listeners).allSatisfy(l -> assertThat(l.closes).isEqualTo(1));
    }

    @Test
    void aTcpConnectionAndAUdpFlowOnTheSameAddressesAndPortsStayApart() {
        Harness h = new Harness();
        h.packet(udp4(CLIENT, 50000, SERVER, 443, new byte[] {(byte) 0xc0}));
        ByteBuffer syn = ByteBuffer.allocate(40);
        syn.put((byte) 0x45).put((byte) 0).putShort((short) 40).putInt(0).put((byte) 64).put((byte) 6)
                .putShort((short) 0).put(CLIENT).put(SERVER);
        syn.putShort((short) 50000).putShort((short) 443).putInt(1000).putInt(0).put((byte) 0x50).put((byte) 0x02)
                .putShort((short) 65535).putInt(0);
        h.packet(syn.array());
        h.finish();
        assertThat(h.listeners).hasSize(2);
        assertThat(h.listeners.stream().filter(l -> l.info.udp()).count()).isEqualTo(1);
        assertThat(h.stats.tcpPackets).isEqualTo(1);
        assertThat(h.stats.udpPackets).isEqualTo(1);
    }
}
