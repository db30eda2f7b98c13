package io.tlsinspect.capture.file;

import static io.tlsinspect.testkit.CaptureBytes.block;
import static io.tlsinspect.testkit.CaptureBytes.epb;
import static io.tlsinspect.testkit.CaptureBytes.idb;
import static io.tlsinspect.testkit.CaptureBytes.pcapHeader;
import static io.tlsinspect.testkit.CaptureBytes.pcapRecord;
import static io.tlsinspect.testkit.CaptureBytes.pcapRecordHeader;
import static io.tlsinspect.testkit.CaptureBytes.shb;
import static io.tlsinspect.testkit.CaptureBytes.spb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.LinkTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Format details of pcap and pcapng built byte by byte from the specifications (not from our reader). */
class CaptureFileReaderTest {
    static final byte[] P1 = {1, 2, 3, 4, 5};
    static final byte[] P2 = {9, 8, 7};

    @ParameterizedTest(name = "pcap big-endian={0} nanos={1}")
    @CsvSource({"true,false", "false,false", "true,true", "false,true"})
    void pcapBothByteOrdersAndResolutions(boolean big, boolean nanos) throws IOException {
        ByteOrder bo = big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(pcapHeader(bo, nanos, 65535, LinkTypes.RAW));
        b.write(pcapRecord(bo, nanos, nanos ? 1_700_000_000_123_456_789L : 1_700_000_000_123_456_000L, P1, P1.length));
        // Second packet cut by the snapshot length: 3 bytes captured of 60 on the wire.
        b.write(pcapRecord(bo, nanos, 1_700_000_001_000_000_000L + (nanos ? 5 : 5_000), P2, 60));
        List<Frame> frames = readAll(b.toByteArray());
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
        out.write(idb(bo, LinkTypes.ETHERNET, 262144, -1)); // interface 0: Ethernet, default microseconds
        out.write(idb(bo, LinkTypes.LINUX_SLL2, 262144, 9)); // interface 1: SLL2, if_tsresol = 10^-9
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
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(pcapHeader(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkTypes.ETHERNET));
        b.write(pcapRecordHeader(ByteOrder.LITTLE_ENDIAN, false, 1_000_000_000L, 100, 100)); // claims 100 bytes
        b.write(new byte[] {1, 2}); // of which 2 follow
        try (CaptureFileReader r = CaptureFileReader.open(new ByteArrayInputStream(b.toByteArray()), "cut.pcap")) {
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
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(pcapHeader(ByteOrder.BIG_ENDIAN, false, 65535, LinkTypes.ETHERNET));
        b.write(pcapRecordHeader(ByteOrder.BIG_ENDIAN, false, 1_000_000_000L, 0x7fffffff, 0x7fffffff));
        try (CaptureFileReader r = CaptureFileReader.open(new ByteArrayInputStream(b.toByteArray()), "evil.pcap")) {
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
}
