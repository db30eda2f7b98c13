package io.tlsinspect.capture.file;

import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.FrameSource;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads pcap and pcapng files (or stdin, named "-"), plain or gzip-compressed, without any native
 * library, so that {@code analyze} works on machines without libpcap. The input is a stream, read
 * once from start to end and never seeked, so a pipe is read exactly like a file. Damage (a capture
 * cut short, a record whose length runs past what is left) ends or resynchronises the read with a
 * warning that names the byte offset; the frames before it still count.
 *
 * <p>One rule for time lives here as well, because only the file order can tell it: a packet dated
 * more than a second away from both the packet before it and the one after it, on the same side, is
 * a clock outlier (one packet stamped a year ahead would otherwise end every open connection as
 * idle and start a phantom one). It is read with the time of the packet before it, flagged on the
 * frame ({@link Frame#timeOutlier}) so it is counted, and summed up in one warning.
 */
public abstract sealed class CaptureFileReader implements FrameSource permits PcapReader, PcapngReader {
    /** Largest packet record accepted (pcapng's recommended maximum snaplen is 262144). */
    static final int MAX_PACKET = 1 << 20;
    /** Largest block held whole in the window: a packet of {@link #MAX_PACKET} with its headers and options. */
    static final int MAX_BLOCK = MAX_PACKET + 4096;
    /** How far from both neighbours a packet's time must be to be an outlier. */
    static final long OUTLIER_NANOS = 1_000_000_000L;
    private static final int BUFFER = 1 << 20;
    private static final int MAX_WARNINGS = 20;

    final InputBuffer in;
    private final String name;
    private final GzipInput gzip;
    /** Size of a regular, uncompressed file, to count what a fatal corruption leaves unread; else -1. */
    private long size = -1;
    long packets;
    private final List<String> warnings = new ArrayList<>();
    private int warningsDropped;
    private boolean ended;
    /** Reading stopped at a corrupt record, before the input ran out. */
    private boolean stoppedAtCorruption;
    private boolean endNoted;
    // The clock-outlier rule: the time of the last frame handed out, and one frame read ahead.
    private boolean anyFrame;
    private long lastTs;
    private Frame held;
    private long outliers;
    private long firstOutlierPacket;
    private long firstOutlierShift;

    CaptureFileReader(InputBuffer in, String name, GzipInput gzip) {
        this.in = in;
        this.name = name;
        this.gzip = gzip;
    }

    /** Opens a file, or standard input for "-", and detects its format from the magic number. */
    public static CaptureFileReader open(String file) throws IOException {
        InputStream raw;
        if ("-".equals(file)) {
            raw = System.in;
        } else {
            Path p = Path.of(file);
            if (Files.isDirectory(p)) {
                throw new CaptureFormatException(file + ": is a directory");
            }
            try {
                raw = new FileInputStream(p.toFile());
            } catch (FileNotFoundException e) {
                if (!Files.exists(p)) {
                    throw new NoSuchFileException(file, null, "no such file");
                }
                throw new CaptureFormatException(file + ": cannot be read (permission denied?)");
            }
        }
        CaptureFileReader r = open(raw, file);
        if (!"-".equals(file) && r.gzip == null && Files.isRegularFile(Path.of(file))) {
            r.size = Files.size(Path.of(file));
        }
        return r;
    }

    /**
     * Reads a capture from a stream (closed with the reader). Gzip-compressed data is recognised by its
     * magic bytes, whatever the name.
     */
    public static CaptureFileReader open(InputStream raw, String name) throws IOException {
        String shown = "-".equals(name) ? "standard input" : name;
        InputBuffer in = new InputBuffer(raw, BUFFER, MAX_BLOCK);
        GzipInput gzip = null;
        try {
            ensureReadable(in);
            if (!in.ensure(4)) {
                throw new CaptureFormatException(in.remaining() == 0 ? "empty: not a capture file"
                        : "only " + in.remaining() + " bytes: too short to be a capture file");
            }
            if (GzipInput.isGzip(in.buf, in.pos, in.remaining())) {
                byte[] head = Arrays.copyOfRange(in.buf, in.pos, in.limit);
                gzip = new GzipInput(new SequenceInputStream(new ByteArrayInputStream(head), raw));
                in = new InputBuffer(gzip, BUFFER, MAX_BLOCK);
                if (!in.ensure(4)) {
                    throw new CaptureFormatException("gzip-compressed, but " + (gzip.damage() != null ? gzip.damage()
                            : "it holds " + (in.remaining() == 0 ? "nothing" : "only " + in.remaining() + " bytes"))
                            + ": not a capture file");
                }
            }
            int magic = Bytes.i32(in.buf, in.pos, true);
            if (magic == PcapngReader.SHB_TYPE) {
                return new PcapngReader(in, name, gzip);
            }
            if (PcapReader.isMagic(magic)) {
                return new PcapReader(in, name, gzip, magic);
            }
            String other = Compression.name(in.buf, in.pos, in.remaining());
            if (other != null) {
                throw new CaptureFormatException("compressed with " + other + ": decompress it first");
            }
            throw new CaptureFormatException((gzip != null ? "gzip-compressed, but the content is " : "")
                    + "not a pcap or pcapng file (starts with " + String.format("0x%08x", magic) + ")");
        } catch (CaptureFormatException e) {
            in.close();
            throw new CaptureFormatException(shown + ": " + e.getMessage());
        }
    }

    /** The first read of standard input is where a closed or write-only descriptor shows: one line for it. */
    private static void ensureReadable(InputBuffer in) throws IOException {
        try {
            in.ensure(4);
        } catch (CaptureFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new CaptureFormatException("cannot be read (" + e.getMessage() + ")");
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** Frames read so far. */
    public long packets() {
        return packets;
    }

    /** Bytes of the input consumed so far (for progress bars): compressed bytes of a gzip file. */
    public long bytesRead() {
        return gzip != null ? gzip.compressedBytes() : in.offset();
    }

    /** Problems met while reading (truncation, corruption, skipped blocks), each once. */
    public List<String> warnings() {
        return warnings;
    }

    /** Packets read with the time of the packet before them (see the class comment). */
    public long timeOutliers() {
        return outliers;
    }

    @Override
    public final boolean next(Frame f) throws IOException {
        if (held != null) {
            f.set(held.linkType, held.tsNanos, held.buf, held.off, held.capLen, held.origLen);
            held = null;
        } else if (ended || !read(f)) {
            ended = true;
            noteEnd();
            return false;
        }
        long ts = f.tsNanos;
        if (!anyFrame || Math.abs(ts - lastTs) > OUTLIER_NANOS) {
            lookAhead(f);
        }
        anyFrame = true;
        lastTs = f.tsNanos;
        return true;
    }

    /** {@code f} jumped in time: read the next frame to tell a clock outlier from a real jump. */
    private void lookAhead(Frame f) throws IOException {
        long number = packets;
        Frame cur = f.copy(); // the next read may reuse the window f points into
        Frame peek = new Frame();
        if (ended || !read(peek)) {
            ended = true;
            f.set(cur.linkType, cur.tsNanos, cur.buf, 0, cur.capLen, cur.origLen);
            return;
        }
        held = peek.copy();
        long ts = cur.tsNanos;
        long after = held.tsNanos;
        boolean outlier = anyFrame
                ? (ts - lastTs > OUTLIER_NANOS && ts - after > OUTLIER_NANOS)
                        || (lastTs - ts > OUTLIER_NANOS && after - ts > OUTLIER_NANOS)
                : ts - after > OUTLIER_NANOS; // the first packet: only "ahead of the next" can be told
        f.set(cur.linkType, cur.tsNanos, cur.buf, 0, cur.capLen, cur.origLen);
        if (outlier) {
            long base = anyFrame ? lastTs : after;
            if (outliers++ == 0) {
                firstOutlierPacket = number;
                firstOutlierShift = ts - base;
            }
            f.tsNanos = base;
            f.timeOutlier = true;
        }
    }

    /** Reads the next frame of the file, in file order. */
    abstract boolean read(Frame f) throws IOException;

    /** Packet records that could not be used (each kind of reason also warned); their count is a warning. */
    long skippedPackets() {
        return 0;
    }

    void warn(String w) {
        if (warnings.contains(w)) {
            return;
        }
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(w);
        } else {
            warningsDropped++;
        }
    }

    /** The input ended inside the record that starts at byte {@code at} and needs {@code need} bytes. */
    void cutShort(long at, long need) {
        if (in.remaining() > 0) {
            warn("capture cut short: the record at byte " + at + " needs " + need + " bytes, only "
                    + in.remaining() + " are left (ignored)");
        }
    }

    /**
     * A record that cannot be read past: reading stops there. A file's loss is counted from its size;
     * a stream is not read on to count it (a live `tcpdump -w -` never ends).
     */
    void corrupt(long at, String what) {
        warn("corrupt record at byte " + at + ": " + what + "; reading stopped there, "
                + (size >= 0 ? (size - at) + " bytes from there on not read" : "the rest of the input not read"));
        ended = true;
        stoppedAtCorruption = true;
    }

    private void noteEnd() {
        if (endNoted) {
            return;
        }
        endNoted = true;
        // These are added even past the cap on warnings: each says why reading ended or what was lost.
        // Damage further on in the compressed data is not news when reading stopped before it; whether the
        // inflater had met it yet depends only on how much it was asked for at a time.
        if (gzip != null && gzip.damage() != null && !stoppedAtCorruption) {
            warnings.add("gzip-compressed, and " + gzip.damage() + " after " + in.offset()
                    + " bytes of capture: reading stopped there");
        }
        if (skippedPackets() > 0) {
            warnings.add(skippedPackets() + (skippedPackets() == 1 ? " packet" : " packets")
                    + " could not be read, for the reasons above");
        }
        if (outliers > 0) {
            warnings.add(outliers + (outliers == 1 ? " packet" : " packets")
                    + " dated more than a second away from the packets before and after (the first: packet "
                    + firstOutlierPacket + ", " + Durations.signed(firstOutlierShift)
                    + " from the one before it): read with the time of the packet before each");
        }
        if (warningsDropped > 0) {
            warnings.add(warningsDropped + " more problems of the kinds above, not listed");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Human-readable time shifts for warnings. */
    static final class Durations {
        private Durations() {
        }

        static String signed(long nanos) {
            String dir = nanos >= 0 ? " ahead" : " behind";
            double s = Math.abs((double) nanos) / 1e9;
            if (s >= 2 * 86400) {
                return String.format("%.0f days", s / 86400) + dir;
            }
            if (s >= 2 * 3600) {
                return String.format("%.0f hours", s / 3600) + dir;
            }
            return String.format("%.1f seconds", s) + dir;
        }
    }

    /** Other compressions a capture may come in, recognised by magic bytes so the error can say what to do. */
    static final class Compression {
        private Compression() {
        }

        static String name(byte[] b, int off, int avail) {
            if (starts(b, off, avail, 0x42, 0x5a, 0x68)) {
                return "bzip2 (bunzip2)";
            }
            if (starts(b, off, avail, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) {
                return "xz (unxz)";
            }
            if (starts(b, off, avail, 0x28, 0xb5, 0x2f, 0xfd)) {
                return "zstd (unzstd)";
            }
            if (starts(b, off, avail, 0x04, 0x22, 0x4d, 0x18)) {
                return "lz4 (unlz4)";
            }
            if (starts(b, off, avail, 0x50, 0x4b, 0x03, 0x04)) {
                return "zip (unzip)";
            }
            return null;
        }

        private static boolean starts(byte[] b, int off, int avail, int... magic) {
            if (avail < magic.length) {
                return false;
            }
            for (int i = 0; i < magic.length; i++) {
                if ((b[off + i] & 0xff) != magic[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
