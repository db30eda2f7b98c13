package io.tlsinspect.capture.file;

import io.tlsinspect.testkit.PipeStream;
import io.tlsinspect.testkit.CaptureBytes;
import io.tlsinspect.capture.samples.SampleCaptures;
import io.tlsinspect.testkit.RepoFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsinspect.capture.file.StreamInputTest.F;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.LinkTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, points 5 and 8: every length in a capture is checked against what is left, a block that
 * lies about its length is warned with its offset (never a silent loss), and the messages say what
 * is wrong without contradicting themselves.
 */
class DamagedCapturesTest {
    static final long YEAR = 365L * 86400 * 1_000_000_000L;

    static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(RepoFiles.samplesDir().resolve(name));
    }

    @Test
    void aBlockClaimingFourGigabytesMidFileIsWarnedAtItsOffsetAndReadingResumesAfterIt() throws IOException {
        List<byte[]> blocks = PcapngBlocks.split(sample("basic.pcapng"));
        int epbs = 0;
        int at = -1;
        for (int i = 0; i < blocks.size() && at < 0; i++) {
            if (PcapngBlocks.type(blocks.get(i)) == PcapngBlocks.EPB && ++epbs == 28) {
                at = i + 1;
            }
        }
        // An unknown block whose length field says 0xfffffff0, inserted after the 28th packet.
        byte[] liar = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0x0000BEEF).putInt(0xfffffff0)
                .putInt(12).array();
        List<byte[]> damaged = new ArrayList<>(blocks);
        damaged.add(at, liar);
        int offset = PcapngBlocks.offsetOf(damaged, at);
        List<String> warnings = new ArrayList<>();
        List<F> got = StreamInputTest.frames(new PipeStream(PcapngBlocks.join(damaged), 4096), warnings);
        assertThat(got).isEqualTo(StreamInputTest.frames(sample("basic.pcapng")));
        assertThat(warnings).singleElement().asString().contains("at byte " + offset).contains("4294967280")
                .contains("skipped 12 bytes");
    }

    /**
     * A packet block whose length runs past the end of the input: a capture cut short, or a length that
     * lies near the end. The bytes left cannot tell which, so reading stops there with a warning that
     * names the block and counts what was ignored; nothing is read from inside them.
     */
    @Test
    void aPacketBlockWhoseLengthRunsPastTheEndStopsThereCountingWhatIsLeft() throws IOException {
        List<byte[]> blocks = PcapngBlocks.split(sample("basic.pcapng"));
        List<byte[]> damaged = new ArrayList<>(blocks);
        int victim = 10;
        assertThat(PcapngBlocks.type(blocks.get(victim))).isEqualTo(PcapngBlocks.EPB);
        byte[] lying = blocks.get(victim).clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 200_000); // more than the 14 KB left
        damaged.set(victim, lying);
        byte[] file = PcapngBlocks.join(damaged);
        int at = PcapngBlocks.offsetOf(damaged, victim);
        List<String> warnings = new ArrayList<>();
        List<F> got = StreamInputTest.frames(new ByteArrayInputStream(file), warnings);
        assertThat(got).isEqualTo(StreamInputTest.frames(PcapngBlocks.join(blocks.subList(0, victim))));
        assertThat(warnings).singleElement().asString().startsWith("capture cut short: the block at byte " + at)
                .contains("needs 200000 bytes, only " + (file.length - at) + " are left");
    }

    /**
     * A capture cut inside a large block whose body happens to hold something shaped like a packet block
     * (a custom block carrying a pcapng fragment, say): the cut is a cut, and nothing is read from inside
     * that body (found by Jazzer comparing gzip files cut short with the whole).
     */
    @Test
    void aCaptureCutInsideABlockReadsNothingFromInsideItsBody() throws IOException {
        List<byte[]> blocks = PcapngBlocks.split(sample("basic.pcapng"));
        byte[] inner = blocks.get(5); // an Enhanced Packet Block, whole, as the body of a custom block
        assertThat(PcapngBlocks.type(inner)).isEqualTo(PcapngBlocks.EPB);
        int total = 12 + 4 + inner.length + 400;
        ByteBuffer c = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt(PcapngBlocks.CUSTOM).putInt(total).putInt(32473).put(inner).position(total - 4);
        c.putInt(total);
        List<byte[]> head = new ArrayList<>(blocks.subList(0, 10));
        head.add(c.array());
        byte[] whole = PcapngBlocks.join(head);
        byte[] cut = Arrays.copyOf(whole, whole.length - 200); // inside the custom block, after the inner EPB
        List<String> warnings = new ArrayList<>();
        List<F> got = StreamInputTest.frames(new ByteArrayInputStream(cut), warnings);
        assertThat(got).isEqualTo(StreamInputTest.frames(PcapngBlocks.join(blocks.subList(0, 10))));
        assertThat(warnings).singleElement().asString().startsWith("capture cut short");
    }

    @Test
    void aBlockWhoseClosingLengthDisagreesIsNotTrusted() throws IOException {
        List<byte[]> blocks = PcapngBlocks.split(sample("basic.pcapng"));
        int victim = 12;
        byte[] b = blocks.get(victim).clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(b.length - 4, bb.getInt(b.length - 4) + 4);
        List<byte[]> damaged = new ArrayList<>(blocks);
        damaged.set(victim, b);
        List<String> warnings = new ArrayList<>();
        List<F> got = StreamInputTest.frames(new ByteArrayInputStream(PcapngBlocks.join(damaged)), warnings);
        assertThat(got).hasSize(StreamInputTest.frames(sample("basic.pcapng")).size() - 1);
        assertThat(warnings).singleElement().asString().contains("closing copy");
    }

    @Test
    void aTwelveByteInterfaceDescriptionIsNotReadFromTheNextBlock() throws IOException {
        ByteOrder bo = ByteOrder.LITTLE_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(CaptureBytes.shb(bo));
        int idbAt = out.size();
        out.write(CaptureBytes.block(bo, 1, new byte[0])); // a 12-byte IDB: framing only, no fields
        out.write(CaptureBytes.idb(bo, LinkTypes.RAW, 262144, -1)); // interface 1
        out.write(CaptureBytes.epb(bo, 1, 1_700_000_000_000_000L, CaptureFileReaderTest.P1, 5));
        out.write(CaptureBytes.epb(bo, 0, 1_700_000_000_000_100L, CaptureFileReaderTest.P2, 3));
        List<String> warnings = new ArrayList<>();
        List<F> got = StreamInputTest.frames(new ByteArrayInputStream(out.toByteArray()), warnings);
        assertThat(got).singleElement().satisfies(f -> {
            assertThat(f.linkType()).isEqualTo(LinkTypes.RAW); // interface 1 kept its number
            assertThat(f.bytes()).isEqualTo(CaptureFileReaderTest.P1);
        });
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("interface description block at byte " + idbAt)
                .contains("12 bytes"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("interface 0").contains("skipped"));
    }

    @Test
    void aFileOfFourToTwentyThreeBytesIsACutShortPcapNotSomethingElse() throws IOException {
        byte[] basic = sample("basic.pcap");
        for (int n = 4; n <= 23; n++) {
            byte[] cut = Arrays.copyOf(basic, n);
            int len = n;
            assertThatThrownBy(() -> CaptureFileReader.open(new ByteArrayInputStream(cut), "short.pcap"))
                    .isInstanceOf(CaptureFormatException.class)
                    .hasMessage("short.pcap: a pcap file cut short inside its 24-byte header (only " + len
                            + " bytes): no packets");
        }
        assertThatThrownBy(() -> CaptureFileReader.open(new ByteArrayInputStream(Arrays.copyOf(basic, 3)), "x"))
                .hasMessage("x: only 3 bytes: too short to be a capture file");
        byte[] ng = sample("basic.pcapng");
        assertThatThrownBy(() -> CaptureFileReader.open(new ByteArrayInputStream(Arrays.copyOf(ng, 20)), "x.pcapng"))
                .hasMessage("x.pcapng: a pcapng file cut short inside its section header (only 20 of 108 bytes): no packets");
    }

    @Test
    void aCorruptPcapRecordStopsWithTheBytesItCouldNotRead(@TempDir Path tmp) throws IOException {
        byte[] basic = sample("basic.pcap").clone();
        ByteBuffer b = ByteBuffer.wrap(basic).order(ByteOrder.LITTLE_ENDIAN);
        int p = 24;
        for (int i = 0; i < 5; i++) {
            p += 16 + b.getInt(p + 8);
        }
        b.putInt(p + 8, 0x7ffffff0); // the sixth record claims 2 GB
        Path f = tmp.resolve("corrupt.pcap");
        Files.write(f, basic);
        try (CaptureFileReader r = CaptureFileReader.open(f.toString())) {
            int n = 0;
            while (r.next(new Frame())) {
                n++;
            }
            assertThat(n).isEqualTo(5);
            assertThat(r.warnings()).singleElement().asString().contains("at byte " + p)
                    .contains((basic.length - p) + " bytes from there on not read");
        }
        // A stream is not read on to count the loss: a live `tcpdump -w -` would never end.
        List<String> warnings = new ArrayList<>();
        assertThat(StreamInputTest.frames(new ByteArrayInputStream(basic), warnings)).hasSize(5);
        assertThat(warnings).singleElement().asString().contains("at byte " + p).contains("the rest of the input not read");
    }

    /** One packet in the middle of a connection stamped a year ahead (a clock glitch, a bad edit). */
    static byte[] basicWithTenthPacketAYearAhead() throws IOException {
        byte[] glitched = sample("basic.pcap").clone();
        ByteBuffer b = ByteBuffer.wrap(glitched).order(ByteOrder.LITTLE_ENDIAN);
        int p = 24;
        for (int i = 0; i < 9; i++) { // the 10th packet: inside the first TLS connection
            p += 16 + b.getInt(p + 8);
        }
        long sec = Integer.toUnsignedLong(b.getInt(p));
        b.putInt(p, (int) (sec + 365L * 86400));
        return glitched;
    }

    @Test
    void onePacketDatedAYearAheadSplitsNoConnection() throws IOException {
        assertThat(SampleCaptures.read(basicWithTenthPacketAYearAhead(), Set.of(443)))
                .isEqualTo(SampleCaptures.read(sample("basic.pcap"), Set.of(443)));
    }

    @Test
    void thePacketDatedAYearAheadIsFlaggedCountedAndWarnedOnce() throws IOException {
        List<String> warnings = new ArrayList<>();
        try (CaptureFileReader r = CaptureFileReader.open(new ByteArrayInputStream(basicWithTenthPacketAYearAhead()),
                "glitch.pcap")) {
            Frame f = new Frame();
            long n = 0;
            long flagged = 0;
            while (r.next(f)) {
                n++;
                if (f.timeOutlier) {
                    flagged++;
                    assertThat(n).isEqualTo(10);
                }
            }
            assertThat(flagged).isEqualTo(1);
            assertThat(r.timeOutliers()).isEqualTo(1);
            warnings.addAll(r.warnings());
        }
        assertThat(warnings).singleElement().asString().contains("packet 10").contains("365 days ahead");
    }

    @Test
    void realJumpsInTimeAreNotOutliers() throws IOException {
        // A silence of 100 s, then time stepping back 10 s and going on: the clock moved, no packet lied.
        long t = 1_700_000_000L;
        byte[] pcap = pcap(new long[] {t, t + 1, t + 101, t + 102, t + 92, t + 93});
        List<String> warnings = new ArrayList<>();
        List<F> got = StreamInputTest.frames(new ByteArrayInputStream(pcap), warnings);
        assertThat(got).extracting(F::ts).containsExactly(t * 1_000_000_000L, (t + 1) * 1_000_000_000L,
                (t + 101) * 1_000_000_000L, (t + 102) * 1_000_000_000L, (t + 92) * 1_000_000_000L, (t + 93) * 1_000_000_000L);
        assertThat(warnings).isEmpty();
    }

    @Test
    void outliersAheadAndBehindAreReadWithTheTimeBeforeThem() throws IOException {
        long t = 1_700_000_000L;
        long y = 365L * 86400;
        byte[] pcap = pcap(new long[] {t + y, t, t + 1, t + 1 + y, t + 2, 0, t + 3});
        List<String> warnings = new ArrayList<>();
        List<F> got = StreamInputTest.frames(new ByteArrayInputStream(pcap), warnings);
        long s = 1_000_000_000L;
        assertThat(got).extracting(F::ts).containsExactly(t * s, t * s, (t + 1) * s, (t + 1) * s, (t + 2) * s,
                (t + 2) * s, (t + 3) * s);
        assertThat(warnings).singleElement().asString().startsWith("3 packets").contains("packet 1, 365 days ahead");
    }

    /** A little-endian raw-IP pcap with one 4-byte packet per timestamp (seconds). */
    static byte[] pcap(long[] seconds) {
        ByteBuffer b = ByteBuffer.allocate(24 + seconds.length * 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(LinkTypes.RAW);
        for (int i = 0; i < seconds.length; i++) {
            b.putInt((int) seconds[i]).putInt(0).putInt(4).putInt(4).putInt(i);
        }
        return b.array();
    }
}
