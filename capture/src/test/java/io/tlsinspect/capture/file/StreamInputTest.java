package io.tlsinspect.capture.file;

import io.tlsinspect.testkit.PipeStream;
import io.tlsinspect.testkit.RepoFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsinspect.capture.packet.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, points 4 and 8: standard input is a stream (a pipe cannot seek, and hands over what it has,
 * not what was asked), and a capture may come gzip-compressed. Every path must read exactly the
 * frames the plain file gives.
 */
class StreamInputTest {
    record F(int linkType, long ts, byte[] bytes, int origLen) {
        @Override
        public boolean equals(Object o) {
            return o instanceof F f && f.linkType == linkType && f.ts == ts && f.origLen == origLen
                    && Arrays.equals(f.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(ts);
        }
    }

    static List<F> frames(InputStream in, List<String> warnings) throws IOException {
        List<F> out = new ArrayList<>();
        try (CaptureFileReader r = CaptureFileReader.open(in, "t")) {
            Frame f = new Frame();
            while (r.next(f)) {
                out.add(new F(f.linkType, f.tsNanos, Arrays.copyOfRange(f.buf, f.off, f.off + f.capLen), f.origLen));
            }
            warnings.addAll(r.warnings());
        }
        return out;
    }

    static List<F> frames(byte[] file) throws IOException {
        List<String> w = new ArrayList<>();
        List<F> out = frames(new ByteArrayInputStream(file), w);
        assertThat(w).as("warnings reading the reference").isEmpty();
        return out;
    }

    /**
     * basic.pcapng with a custom block of about 100 KiB after every third packet, and one of 3 MiB (larger than
     * any block the reader holds whole) after the 20th: well over the reader's 1 MiB window.
     */
    static byte[] pcapngWithCustomBlocks() throws IOException {
        List<byte[]> blocks = PcapngBlocks.split(Files.readAllBytes(RepoFiles.samplesDir().resolve("basic.pcapng")));
        List<byte[]> out = new ArrayList<>();
        int packets = 0;
        for (byte[] b : blocks) {
            out.add(b);
            if (PcapngBlocks.type(b) == PcapngBlocks.EPB && ++packets % 3 == 0) {
                out.add(PcapngBlocks.custom(100 * 1024 + 4 * packets)); // sizes vary, so blocks straddle the window's edge
            }
            if (PcapngBlocks.type(b) == PcapngBlocks.EPB && packets == 20) {
                out.add(PcapngBlocks.custom(3 << 20));
            }
        }
        return PcapngBlocks.join(out);
    }

    @Test
    void aPipedPcapngWithLargeCustomBlocksGivesTheFramesOfTheFile() throws IOException {
        byte[] plain = Files.readAllBytes(RepoFiles.samplesDir().resolve("basic.pcapng"));
        byte[] withBlocks = pcapngWithCustomBlocks();
        assertThat(withBlocks.length).isGreaterThan(4 << 20);
        List<F> reference = frames(plain);
        assertThat(reference).hasSize(57); // tshark -r sample-pcaps/basic.pcapng | wc -l
        for (int chunk : new int[] {1 << 16, 4093, 1}) {
            List<String> warnings = new ArrayList<>();
            assertThat(frames(new PipeStream(withBlocks, chunk), warnings)).as("read in chunks of " + chunk).isEqualTo(reference);
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void aGzipCompressedCaptureIsReadTransparentlyWhateverItsName() throws IOException {
        for (String sample : List.of("basic.pcap", "basic.pcapng")) {
            byte[] plain = Files.readAllBytes(RepoFiles.samplesDir().resolve(sample));
            List<String> warnings = new ArrayList<>();
            assertThat(frames(new PipeStream(gzip(plain), 1000), warnings)).as(sample + ".gz").isEqualTo(frames(plain));
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void concatenatedGzipMembersThroughAPipeAreAllRead() throws IOException {
        // `cat a.gz b.gz` is a valid gzip file (RFC 1952 §2.2); a pipe never says more is available.
        byte[] plain = Files.readAllBytes(RepoFiles.samplesDir().resolve("handshakes.pcap"));
        int cut = plain.length / 2;
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(gzip(Arrays.copyOfRange(plain, 0, cut)));
        two.writeBytes(gzip(Arrays.copyOfRange(plain, cut, plain.length)));
        List<String> warnings = new ArrayList<>();
        assertThat(frames(new PipeStream(two.toByteArray(), 512), warnings)).isEqualTo(frames(plain));
        assertThat(warnings).isEmpty();
    }

    @Test
    void aGzipFileCutShortKeepsItsFramesAndSaysSo() throws IOException {
        byte[] plain = Files.readAllBytes(RepoFiles.samplesDir().resolve("handshakes.pcap"));
        byte[] gz = gzip(plain);
        List<String> warnings = new ArrayList<>();
        List<F> got = frames(new PipeStream(Arrays.copyOf(gz, gz.length / 2), 4096), warnings);
        List<F> all = frames(plain);
        assertThat(got).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(got).isEqualTo(all.subList(0, got.size()));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("gzip").contains("cut short"));
    }

    /**
     * Damage inside the deflate data: what was inflated before it must be read whatever the size of the
     * reads (one large read from memory used to lose what that read had inflated; found by Jazzer).
     */
    @Test
    void corruptCompressedDataKeepsWhatCameBeforeItWhateverTheReadSize() throws IOException {
        byte[] gz = gzip(Files.readAllBytes(RepoFiles.samplesDir().resolve("handshakes.pcap")));
        byte[] corrupt = null;
        for (int i = gz.length / 3; corrupt == null && i < gz.length - 8; i++) { // the first flip that breaks the deflate stream
            byte[] c = gz.clone();
            c[i] ^= (byte) 0xff;
            try (InputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(c))) {
                in.readAllBytes();
            } catch (java.util.zip.ZipException e) {
                if (!e.getMessage().contains("trailer")) {
                    corrupt = c;
                }
            }
        }
        assertThat(corrupt).as("a byte flip that corrupts the deflate data").isNotNull();
        List<String> w1 = new ArrayList<>();
        List<F> whole = frames(new ByteArrayInputStream(corrupt), w1);
        for (int chunk : new int[] {1, 499, 65536}) {
            List<String> w2 = new ArrayList<>();
            assertThat(frames(new PipeStream(corrupt, chunk), w2)).as("reads of " + chunk).isEqualTo(whole);
            assertThat(w2).isEqualTo(w1);
        }
        assertThat(whole).isNotEmpty();
        // Either the gzip damage or the garbage it inflated into a record header stopped the reading.
        assertThat(w1).anySatisfy(w -> assertThat(w).contains("corrupt"));
    }

    @Test
    void otherCompressionsAndBrokenGzipAreOneClearLine() throws IOException {
        byte[] xz = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, 1, 2, 3, 4};
        assertThatThrownBy(() -> frames(new ByteArrayInputStream(xz), new ArrayList<>()))
                .isInstanceOf(CaptureFormatException.class).hasMessage("t: compressed with xz (unxz): decompress it first");
        byte[] notCapture = gzip("<html>hello</html>".getBytes());
        assertThatThrownBy(() -> frames(new ByteArrayInputStream(notCapture), new ArrayList<>()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("t: gzip-compressed, but the content is not a pcap or pcapng file (starts with 0x3c68746d)");
        byte[] badHeader = {0x1f, (byte) 0x8b, 99, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> frames(new ByteArrayInputStream(badHeader), new ArrayList<>()))
                .isInstanceOf(CaptureFormatException.class).hasMessageStartingWith("t: gzip-compressed, but the gzip header is corrupt");
    }

    @Test
    void anUnreadableStreamIsOneLineNamingStandardInput() {
        InputStream writeOnly = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Bad file descriptor");
            }
        };
        assertThatThrownBy(() -> CaptureFileReader.open(writeOnly, "-"))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("standard input: cannot be read (Bad file descriptor)");
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
