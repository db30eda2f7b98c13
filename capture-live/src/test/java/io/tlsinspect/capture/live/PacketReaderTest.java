package io.tlsinspect.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.file.CaptureFileReader;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.testkit.RepoFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.Pcaps;

/**
 * The live read path ({@link PacketReader}: direct pcap_next_ex into a reused buffer; pcap_dump from
 * libpcap's buffer) on libpcap's offline handles, which pcap_next_ex reads like a live ring. Expected
 * frames come from the project's own file reader (no libpcap; checked against tshark by the sample
 * manifests) and from a file written byte by byte here.
 */
class PacketReaderTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void libpcap() {
        try {
            PcapLibrary.ensureLoadable();
        } catch (LiveCaptureException e) {
            System.err.println("PacketReaderTest skipped: " + e.getMessage());
            Assumptions.abort("needs libpcap: " + e.getMessage());
        }
    }

    /** One frame as read: time, lengths and bytes. */
    record Read(long tsNanos, int capLen, int origLen, byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Read r && r.tsNanos == tsNanos && r.capLen == capLen && r.origLen == origLen
                    && Arrays.equals(r.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(tsNanos) * 31 + capLen;
        }

        @Override
        public String toString() {
            return "Read[" + tsNanos + ", " + capLen + "/" + origLen + "]";
        }
    }

    private static List<Read> fileReader(Path file) throws IOException {
        List<Read> out = new ArrayList<>();
        try (CaptureFileReader r = CaptureFileReader.open(file.toString())) {
            Frame f = new Frame();
            while (r.next(f)) {
                out.add(new Read(f.tsNanos, f.capLen, f.origLen, Arrays.copyOfRange(f.buf, f.off, f.off + f.capLen)));
            }
        }
        return out;
    }

    /** Reads every packet with PacketReader; with {@code dumpTo}, also writes each one with pcap_dump. */
    private static List<Read> packetReader(Path file, TimestampPrecision precision, Path dumpTo) throws Exception {
        List<Read> out = new ArrayList<>();
        PcapHandle h = Pcaps.openOffline(file.toString(), precision);
        try {
            PcapDumper d = dumpTo == null ? null : h.dumpOpen(dumpTo.toString());
            PacketReader r = new PacketReader(h);
            int rc;
            byte[] first = null;
            while ((rc = r.next()) == PacketReader.PACKET) {
                out.add(new Read(r.tsNanos, r.capLen, r.origLen, Arrays.copyOf(r.buf, r.capLen)));
                first = first == null ? r.buf : first;
                assertThat(r.buf).as("the buffer is reused, not allocated per packet").isSameAs(first);
                if (d != null) {
                    r.dumpLast(PacketReader.dumperPointer(d));
                }
            }
            assertThat(rc).isEqualTo(PacketReader.END);
            if (d != null) {
                d.close();
            }
        } finally {
            h.close();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"handshakes.pcap", "basic-ns.pcap", "basic-any.pcap"})
    void readsEveryPacketAsTheFileReaderDoes(String name) throws Exception {
        Path file = RepoFiles.samplesDir().resolve(name);
        List<Read> expected = fileReader(file);
        assertThat(expected).isNotEmpty();
        assertThat(packetReader(file, TimestampPrecision.NANO, null)).containsExactlyElementsOf(expected);
    }

    @Test
    void microsecondHandlesScaleTheirTimestamps() throws Exception {
        Path file = RepoFiles.samplesDir().resolve("basic.pcap");
        assertThat(packetReader(file, TimestampPrecision.MICRO, null)).containsExactlyElementsOf(fileReader(file));
    }

    @Test
    void dumpsEachPacketWithLibpcapsHeaderIncludingTheWireLength() throws Exception {
        // Two Ethernet frames written byte by byte: one cut by the snapshot length (60 of 1514 bytes), one whole.
        byte[] a = new byte[60];
        byte[] b = new byte[74];
        Arrays.fill(a, (byte) 0xab);
        Arrays.fill(b, (byte) 0xcd);
        Path in = tmp.resolve("in.pcap");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ByteBuffer hdr = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        hdr.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        file.writeBytes(hdr.array());
        file.writeBytes(record(1_700_000_000, 123_456, a, 1514));
        file.writeBytes(record(1_700_000_001, 999_999, b, 74));
        Files.write(in, file.toByteArray());

        Path out = tmp.resolve("out.pcap");
        List<Read> read = packetReader(in, TimestampPrecision.NANO, out);
        List<Read> expected = List.of(new Read(1_700_000_000_123_456_000L, 60, 1514, a),
                new Read(1_700_000_001_999_999_000L, 74, 74, b));
        assertThat(read).containsExactlyElementsOf(expected);
        assertThat(fileReader(out)).as("the --write file").containsExactlyElementsOf(expected);
    }

    private static byte[] record(int sec, int usec, byte[] data, int origLen) {
        ByteBuffer r = ByteBuffer.allocate(16 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt(sec).putInt(usec).putInt(data.length).putInt(origLen).put(data);
        return r.array();
    }
}
