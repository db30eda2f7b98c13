package io.tlsinspect.capture.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.packet.LinkTypes;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Link headers laid out per https://www.tcpdump.org/linktypes.html, one test per link type. */
class LinkLayerTest {
    static final byte[] IP4 = {0x45, 0, 0, 20};

    static long at(int version, int off) {
        return ((long) version << 32) | off;
    }

    @Test
    void ethernetPlainVlanAndQinQ() {
        ByteBuffer b = ByteBuffer.allocate(30);
        b.put(new byte[12]).putShort((short) 0x0800).put(IP4);
        assertThat(LinkLayer.locateIp(LinkTypes.ETHERNET, b.array(), 0, 18)).isEqualTo(at(4, 14));
        b = ByteBuffer.allocate(40);
        b.put(new byte[12]).putShort((short) 0x88A8).putShort((short) 10).putShort((short) 0x8100)
                .putShort((short) 20).putShort((short) 0x86DD);
        assertThat(LinkLayer.locateIp(LinkTypes.ETHERNET, b.array(), 0, 40)).isEqualTo(at(6, 22));
        b = ByteBuffer.allocate(20);
        b.put(new byte[12]).putShort((short) 0x0806); // ARP
        assertThat(LinkLayer.locateIp(LinkTypes.ETHERNET, b.array(), 0, 20)).isEqualTo(LinkLayer.NOT_IP);
        assertThat(LinkLayer.locateIp(LinkTypes.ETHERNET, b.array(), 0, 10)).isEqualTo(LinkLayer.SHORT);
    }

    @Test
    void linuxCookedV1AndV2() {
        ByteBuffer sll = ByteBuffer.allocate(20);
        sll.putShort((short) 0).putShort((short) 1).putShort((short) 6).put(new byte[8]).putShort((short) 0x0800);
        assertThat(LinkLayer.locateIp(LinkTypes.LINUX_SLL, sll.array(), 0, 20)).isEqualTo(at(4, 16));
        ByteBuffer sll2 = ByteBuffer.allocate(24);
        sll2.putShort((short) 0x86DD).putShort((short) 0).putInt(2).putShort((short) 1).put((byte) 0).put((byte) 6)
                .put(new byte[8]);
        assertThat(LinkLayer.locateIp(LinkTypes.LINUX_SLL2, sll2.array(), 0, 24)).isEqualTo(at(6, 20));
    }

    @Test
    void rawIpAndBsdLoopbackInEitherByteOrder() {
        assertThat(LinkLayer.locateIp(LinkTypes.RAW, IP4, 0, 4)).isEqualTo(at(4, 0));
        assertThat(LinkLayer.locateIp(LinkTypes.RAW_12, new byte[] {0x60, 0}, 0, 2)).isEqualTo(at(6, 0));
        assertThat(LinkLayer.locateIp(LinkTypes.IPV6, new byte[] {0x60}, 0, 1)).isEqualTo(at(6, 0));
        // DLT_NULL: host byte order; a little-endian host writes AF_INET6 (macOS: 30) as 1e 00 00 00.
        assertThat(LinkLayer.locateIp(LinkTypes.NULL, new byte[] {30, 0, 0, 0, 0x60}, 0, 5)).isEqualTo(at(6, 4));
        assertThat(LinkLayer.locateIp(LinkTypes.NULL, new byte[] {0, 0, 0, 2, 0x45}, 0, 5)).isEqualTo(at(4, 4));
        // DLT_LOOP: always network byte order.
        assertThat(LinkLayer.locateIp(LinkTypes.LOOP, new byte[] {0, 0, 0, 24, 0x60}, 0, 5)).isEqualTo(at(6, 4));
        assertThat(LinkLayer.locateIp(147, IP4, 0, 4)).isEqualTo(LinkLayer.UNSUPPORTED_LINK);
    }
}
