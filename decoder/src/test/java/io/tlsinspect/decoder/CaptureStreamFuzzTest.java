package io.tlsinspect.decoder;

import io.tlsinspect.testkit.PipeStream;
import static io.tlsinspect.decoder.ConnectionFuzzTest.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsinspect.capture.file.CaptureFileReader;
import io.tlsinspect.capture.file.CaptureFormatException;
import io.tlsinspect.capture.packet.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * Coverage-guided fuzz target for the stream paths of {@link CaptureFileReader} (issue 13): standard
 * input is a pipe that hands over what it has and cannot seek, and a capture may be gzip-compressed.
 * The fuzzer's input is a capture file (or anything); it is read four ways and the ways must agree:
 * <ol>
 * <li>from memory, the reference;</li>
 * <li>through a pipe-like stream (short reads of a size derived from the input, {@code skip()} failing
 *     like lseek(2) on a pipe, {@code available()} 0): exactly the same frames, warnings or error;</li>
 * <li>gzip-compressed, through such a pipe: the same frames and warnings;</li>
 * <li>gzip-compressed and cut at a point derived from the input: a prefix of the reference's frames,
 *     and, if frames were lost, a warning that says the compressed data ended early.</li>
 * </ol>
 * Nothing but a {@link CaptureFormatException} with a one-line message may leave the reader, and
 * warnings stay bounded. Without {@code JAZZER_FUZZ} the committed inputs in
 * {@code CaptureStreamFuzzTestInputs/fuzzCaptureStream/} are replayed; {@code scripts/fuzz.sh} fuzzes.
 */
class CaptureStreamFuzzTest {
    /** The reader's 20 warnings, then the lines for the ones left out, skipped packets, clock outliers and gzip damage. */
    static final int MAX_WARNINGS = 24;

    @FuzzTest(maxDuration = "5m")
    void fuzzCaptureStream(byte[] input) throws IOException {
        Outcome ref = read(new ByteArrayInputStream(input));
        int chunk = 1 + (int) (crc(input) % 1500);
        Outcome piped = read(new PipeStream(input, chunk));
        check(piped.equals(ref), "read through a pipe in chunks of " + chunk + ": " + piped + " but from memory: " + ref);
        if (GzipMagic.is(input)) {
            return; // compressing it again would hide the capture behind two layers: not a case to compare
        }
        byte[] gz = gzip(input);
        Outcome inflated = read(new PipeStream(gz, 1 + chunk / 3));
        check(inflated.error == null ? inflated.sameFramesAndWarnings(ref) : ref.error != null,
                "gzip-compressed: " + inflated + " but plain: " + ref);
        if (ref.error != null || gz.length < 2) {
            return;
        }
        int cut = (int) (crc(gz) % gz.length);
        Outcome truncated = read(new PipeStream(Arrays.copyOf(gz, cut), chunk));
        if (truncated.error != null) {
            return; // cut inside the gzip header or before a whole capture header: one clear line, checked in read()
        }
        check(truncated.isPrefixOf(ref), "gzip cut at " + cut + " of " + gz.length + ": " + truncated
                + " is not a prefix of " + ref);
        // Frames lost to the cut need a warning that says so; none is owed when the reader stopped
        // before the cut (a corrupt record) and so lost nothing the whole file would have given.
        check(truncated.frames.size() == ref.frames.size()
                        || truncated.warnings.stream().anyMatch(w -> w.contains("gzip-compressed")),
                "gzip cut at " + cut + " of " + gz.length + " lost frames without a warning: " + truncated.warnings);
    }

    /** What one read gave: its frames (bytes, link type, lengths, time), warnings, or its error. */
    record Outcome(List<String> frames, List<Long> times, List<String> warnings, String error) {
        boolean sameFramesAndWarnings(Outcome o) {
            return frames.equals(o.frames) && times.equals(o.times) && warnings.equals(o.warnings);
        }

        /** Every frame of this one is the other's, in order; the last one's time may differ (its successor decided it). */
        boolean isPrefixOf(Outcome o) {
            if (frames.size() > o.frames.size() || !o.frames.subList(0, frames.size()).equals(frames)) {
                return false;
            }
            int n = Math.max(0, times.size() - 1);
            return o.times.subList(0, n).equals(times.subList(0, n));
        }

        @Override
        public String toString() {
            return error != null ? "error '" + error + "'" : frames.size() + " frames, warnings " + warnings;
        }
    }

    static Outcome read(InputStream in) {
        List<String> frames = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        try (CaptureFileReader r = CaptureFileReader.open(in, "fuzz.pcap")) {
            Frame f = new Frame();
            while (r.next(f)) {
                check(f.capLen >= 0 && f.off >= 0 && f.off + f.capLen <= f.buf.length, "frame outside its buffer");
                frames.add(f.linkType + ":" + f.origLen + ":" + java.util.HexFormat.of().formatHex(f.buf, f.off, f.off + f.capLen));
                times.add(f.tsNanos);
            }
            check(r.packets() == frames.size(), "reader counted " + r.packets() + " of " + frames.size() + " frames");
            check(r.warnings().size() <= MAX_WARNINGS, "warnings unbounded: " + r.warnings().size());
            for (String w : r.warnings()) {
                check(w != null && !w.isBlank() && w.indexOf('\n') < 0 && w.length() <= 400, "warning is not one line: " + w);
            }
            return new Outcome(frames, times, List.copyOf(r.warnings()), null);
        } catch (CaptureFormatException e) {
            String m = e.getMessage();
            check(m != null && !m.isBlank() && m.indexOf('\n') < 0 && m.length() <= 300,
                    "CaptureFormatException message is not one clear line: " + m);
            return new Outcome(List.of(), List.of(), List.of(), m);
        } catch (IOException e) {
            throw new AssertionError("I/O error other than CaptureFormatException from an in-memory input", e);
        }
    }


    static final class GzipMagic {
        private GzipMagic() {
        }

        static boolean is(byte[] b) {
            return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
        }
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
