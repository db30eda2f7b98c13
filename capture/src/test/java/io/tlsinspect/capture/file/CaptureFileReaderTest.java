package io.tlsinspect.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.LinkTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Format details of pcap and pcapng built byte by byte from the specifications (not from our reader). */
class CaptureFileReaderTest {
    static final byte[] P1 = {1, 2, 3, 4, 5};
    static final byte[] P2 = {9, 8, 7};

    @ParameterizedTest(name = "pcap big-endian={0} nanos={1}")
    @CsvSource({"true,false", "false,false", "true,true", "false,true"})
    void pcapBothByteOrdersAndResolutions(boolean big, boolean nanos) throws IOException {
        ByteOrder bo = big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer b = ByteBuffer.allocate(24 + 2 * 16 + P1.length + P2.length).order(bo);
        b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(LinkTypes.RAW);
        b.putInt(1_700_000_000).putInt(nanos ? 123_456_789 : 123_456).putInt(P1.length).putInt(P1.length).put(P1);
        // Second packet cut by the snapshot length: 3 bytes captured of 60 on the wire.
        b.putInt(1_700_000_001).putInt(5).putInt(P2.length).putInt(60).put(P2);
        List<Frame> frames = readAll(b.array());
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).linkType).isEqualTo(LinkTypes.RAW);
        assertThat(frames.get(0).tsNanos).isEqualTo(1_700_000_000_000_000_000L + (nanos ? 123_456_789 : 123_456_000));
        assertThat(frames.get(1).tsNanos).isEqualTo(1_700_000_001_000_000_000L + (nanos ? 5 : 5_000));
        assertThat(bytes(frames.get(0))).isEqualTo(P1);
        assertThat(frames.get(1).capLen).isEqualTo(3);
        assertThat(frames.get(1).origLen).isEqualTo(60);
    }

    @ParameterizedTest(name = "pcapng big-endian={0}")
    @CsvSource({"true", "false"})
    void pcapngInterfacesWithOwnLinkTypesAndResolutionsUnknownBlocksSkipped(boolean big) throws IOException {
        ByteOrder bo = big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(shb(bo));
        out.write(idb(bo, LinkTypes.ETHERNET, -1)); // interface 0: Ethernet, default microseconds
        out.write(idb(bo, LinkTypes.LINUX_SLL2, 9)); // interface 1: SLL2, if_tsresol = 10^-9
        out.write(block(bo, 0x00000BAD, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})); // unknown block type
        out.write(epb(bo, 1, 1_700_000_000_123_456_789L, P1, P1.length));
        out.write(epb(bo, 0, 1_700_000_000_654_321L, P2, 100));
        out.write(block(bo, 5, new byte[16])); // Interface Statistics Block: skipped
        out.write(spb(bo, P1));
        List<Frame> frames = readAll(out.toByteArray());
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0).linkType).isEqualTo(LinkTypes.LINUX_SLL2);
        assertThat(frames.get(0).tsNanos).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(bytes(frames.get(0))).isEqualTo(P1);
        assertThat(frames.get(1).linkType).isEqualTo(LinkTypes.ETHERNET);
        assertThat(frames.get(1).tsNanos).isEqualTo(1_700_000_000_654_321_000L);
        assertThat(frames.get(1).origLen).isEqualTo(100);
        assertThat(bytes(frames.get(2))).isEqualTo(P1);
        assertThat(frames.get(2).linkType).isEqualTo(LinkTypes.ETHERNET);
    }

    @Test
    void aCaptureCutShortEndsWithAWarningNotAnError() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(1).putInt(0).putInt(100).putInt(100).put((byte) 1).put((byte) 2);
        try (CaptureFileReader r = CaptureFileReader.open(new ByteArrayInputStream(b.array()), "cut.pcap")) {
            assertThat(r.next(new Frame())).isFalse();
            assertThat(r.warnings()).singleElement().asString().contains("cut short");
        }
    }

    @Test
    void notACaptureIsOneClearError() {
        byte[] html = "<html><body>hello</body></html>".getBytes();
        assertThatThrownBy(() -> CaptureFileReader.open(new ByteArrayInputStream(html), "page.html"))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("page.html: not a pcap or pcapng file (starts with 0x3c68746d)");
        assertThatThrownBy(() -> CaptureFileReader.open(new ByteArrayInputStream(new byte[0]), "empty.pcap"))
                .hasMessageContaining("empty");
    }

    @Test
    void aHostileRecordLengthIsRefusedWithoutAllocatingIt() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24 + 16).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(1).putInt(0).putInt(0x7fffffff).putInt(0x7fffffff);
        try (CaptureFileReader r = CaptureFileReader.open(new ByteArrayInputStream(b.array()), "evil.pcap")) {
            assertThat(r.next(new Frame())).isFalse();
            assertThat(r.warnings()).singleElement().asString().contains("corrupt");
        }
    }

    static List<Frame> readAll(byte[] file) throws IOException {
        List<Frame> out = new ArrayList<>();
        try (CaptureFileReader r = CaptureFileReader.open(new ByteArrayInputStream(file), "t")) {
            Frame f = new Frame();
            while (r.next(f)) {
                out.add(f.copy());
            }
            assertThat(r.warnings()).isEmpty();
        }
        return out;
    }

    static byte[] bytes(Frame f) {
        byte[] b = new byte[f.capLen];
        System.arraycopy(f.buf, f.off, b, 0, f.capLen);
        return b;
    }

    static byte[] shb(ByteOrder bo) {
        ByteBuffer body = ByteBuffer.allocate(16).order(bo);
        body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
        return block(bo, 0x0A0D0D0A, body.array());
    }

    static byte[] idb(ByteOrder bo, int linkType, int tsresol) {
        ByteBuffer body = ByteBuffer.allocate(tsresol < 0 ? 8 : 8 + 8 + 4).order(bo);
        body.putShort((short) linkType).putShort((short) 0).putInt(262144);
        if (tsresol >= 0) {
            body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            body.putShort((short) 0).putShort((short) 0);
        }
        return block(bo, 1, body.array());
    }

    static byte[] epb(ByteOrder bo, int iface, long ts, byte[] data, int origLen) {
        int padded = (data.length + 3) & ~3;
        ByteBuffer body = ByteBuffer.allocate(20 + padded).order(bo);
        body.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(origLen).put(data);
        return block(bo, 6, body.array());
    }

    static byte[] spb(ByteOrder bo, byte[] data) {
        int padded = (data.length + 3) & ~3;
        ByteBuffer body = ByteBuffer.allocate(4 + padded).order(bo);
        body.putInt(data.length).put(data);
        return block(bo, 3, body.array());
    }

    static byte[] block(ByteOrder bo, int type, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(bo);
        b.putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length);
        return b.array();
    }
}
