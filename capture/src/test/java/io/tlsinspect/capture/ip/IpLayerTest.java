package io.tlsinspect.capture.ip;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.tcp.TcpSegment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** IPv4 options and fragments (RFC 791), IPv6 extension headers (RFC 8200 §4), down to TCP. */
class IpLayerTest {
    static final byte[] PAYLOAD = {'h', 'i'};

    static void tcp(ByteBuffer b) {
        b.putShort((short) 50000).putShort((short) 443).putInt(1000).putInt(0)
                .put((byte) 0x50).put((byte) 0x18).putShort((short) 1024).putInt(0).put(PAYLOAD);
    }

    @Test
    void ipv4WithOptionsReachesTheTcpPayload() {
        ByteBuffer b = ByteBuffer.allocate(24 + 20 + 2);
        // IHL 6: a 4-byte option (NOP NOP NOP EOL) after the 20-byte header
        b.put((byte) 0x46).put((byte) 0).putShort((short) 46).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(0xc6336401).putInt(0xcb007101)
                .put(new byte[] {1, 1, 1, 0});
        tcp(b);
        TcpSegment s = new TcpSegment();
        assertThat(IpLayer.decode(4, b.array(), 0, b.capacity(), s)).isEqualTo(IpLayer.TCP);
        assertThat(s.dstPort).isEqualTo(443);
        assertThat(s.payloadOff).isEqualTo(44);
        assertThat(s.payloadLen).isEqualTo(2);
    }

    @Test
    void ipv4FragmentsAreReportedAsFragments() {
        ByteBuffer b = ByteBuffer.allocate(20 + 8);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 28).putShort((short) 7).putShort((short) 0x2000) // MF
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(0xc6336401).putInt(0xcb007101).put(new byte[8]);
        assertThat(IpLayer.decode(4, b.array(), 0, b.capacity(), new TcpSegment())).isEqualTo(IpLayer.FRAGMENT);
    }

    @Test
    void ipv6HopByHopDestinationOptionsAndAnAtomicFragmentHeaderAreWalked() {
        ByteBuffer b = ByteBuffer.allocate(40 + 8 + 8 + 8 + 20 + 2);
        b.putInt(0x60000000).putShort((short) (8 + 8 + 8 + 22)).put((byte) 0).put((byte) 64) // next: hop-by-hop
                .put(new byte[16]).put(new byte[16]);
        b.put((byte) 60).put((byte) 0).put(new byte[6]);      // hop-by-hop, next: destination options, 8 bytes
        b.put((byte) 44).put((byte) 0).put(new byte[6]);      // destination options, next: fragment
        b.put((byte) 6).put((byte) 0).putShort((short) 0).putInt(42); // atomic fragment (offset 0, M=0), next: TCP
        tcp(b);
        TcpSegment s = new TcpSegment();
        assertThat(IpLayer.decode(6, b.array(), 0, b.capacity(), s)).isEqualTo(IpLayer.TCP);
        assertThat(s.addrLen).isEqualTo(16);
        assertThat(s.payloadOff).isEqualTo(40 + 24 + 20);
        assertThat(s.payloadLen).isEqualTo(2);
    }

    @Test
    void ipv6RealFragmentsAndTruncatedHeadersAreCountedNotDecoded() {
        ByteBuffer frag = ByteBuffer.allocate(40 + 8 + 8);
        frag.putInt(0x60000000).putShort((short) 16).put((byte) 44).put((byte) 64).put(new byte[32]);
        frag.put((byte) 6).put((byte) 0).putShort((short) 1).putInt(42).put(new byte[8]); // M=1
        assertThat(IpLayer.decode(6, frag.array(), 0, frag.capacity(), new TcpSegment())).isEqualTo(IpLayer.FRAGMENT);
        assertThat(IpLayer.decode(6, frag.array(), 0, 30, new TcpSegment())).isEqualTo(IpLayer.TRUNCATED_HEADER);
    }
}
