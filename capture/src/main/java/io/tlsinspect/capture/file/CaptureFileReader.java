package io.tlsinspect.capture.file;

import io.tlsinspect.capture.packet.FrameSource;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pcap and pcapng files (or stdin, named "-") without any native library, so that
 * {@code analyze} works on machines without libpcap. Damage at the end of a file (a capture cut short)
 * ends the read with a warning instead of an error; the frames before it still count.
 */
public abstract sealed class CaptureFileReader implements FrameSource permits PcapReader, PcapngReader {
    /** Largest packet record accepted (pcapng's recommended maximum snaplen is 262144). */
    static final int MAX_PACKET = 1 << 20;
    private static final int BUFFER = 1 << 20;

    final InputBuffer in;
    private final String name;
    long packets;
    private final List<String> warnings = new ArrayList<>();

    CaptureFileReader(InputBuffer in, String name) {
        this.in = in;
        this.name = name;
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
        return open(raw, file);
    }

    public static CaptureFileReader open(InputStream raw, String name) throws IOException {
        InputBuffer in = new InputBuffer(raw, BUFFER, MAX_PACKET + 64);
        if (!in.ensure(4)) {
            in.close();
            throw new CaptureFormatException(name + ": empty or too short to be a capture file");
        }
        int magic = Bytes.i32(in.buf, in.pos, true);
        try {
            if (magic == PcapngReader.SHB_TYPE) {
                return new PcapngReader(in, name);
            }
            return new PcapReader(in, name, magic);
        } catch (CaptureFormatException e) {
            in.close();
            throw new CaptureFormatException(name + ": not a pcap or pcapng file (starts with "
                    + String.format("0x%08x", magic) + ")" + ("not a pcap file".equals(e.getMessage()) ? "" : ": " + e.getMessage()));
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

    /** Bytes of the input consumed so far (for progress bars). */
    public long bytesRead() {
        return in.offset();
    }

    /** Problems met while reading (truncation, corruption, skipped blocks), each once. */
    public List<String> warnings() {
        return warnings;
    }

    void warn(String w) {
        if (!warnings.contains(w) && warnings.size() < 20) {
            warnings.add(w);
        }
    }

    void noteTrailing() {
        if (in.remaining() > 0) {
            warn("file ends inside a record (" + in.remaining() + " trailing bytes ignored): capture cut short");
        }
    }

    void corrupt(String what) {
        warn("corrupt record at byte " + in.offset() + ": " + what + "; reading stopped there");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
