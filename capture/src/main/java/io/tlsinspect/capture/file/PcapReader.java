package io.tlsinspect.capture.file;

import io.tlsinspect.capture.packet.Frame;
import java.io.IOException;

/**
 * Classic libpcap format (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html): a 24-byte
 * file header, then per packet a 16-byte record header and the captured bytes. Both byte orders,
 * microsecond (0xA1B2C3D4) and nanosecond (0xA1B23C4D) timestamps.
 */
final class PcapReader extends CaptureFileReader {
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private final boolean bigEndian;
    private final boolean nanos;
    private final int linkType;

    PcapReader(InputBuffer in, String name, GzipInput gzip, int magicBigEndian) throws IOException {
        super(in, name, gzip);
        // draft-ietf-opsawg-pcap §4: the magic number tells byte order and timestamp resolution.
        switch (magicBigEndian) {
            case 0xA1B2C3D4 -> { bigEndian = true; nanos = false; }
            case 0xD4C3B2A1 -> { bigEndian = false; nanos = false; }
            case 0xA1B23C4D -> { bigEndian = true; nanos = true; }
            case 0x4D3CB2A1 -> { bigEndian = false; nanos = true; }
            default -> throw new CaptureFormatException("not a pcap file");
        }
        if (!in.ensure(FILE_HEADER)) {
            throw new CaptureFormatException("a pcap file cut short inside its " + FILE_HEADER + "-byte header (only "
                    + in.remaining() + " bytes): no packets");
        }
        // §4: LinkType and additional information; the low 16 bits are the link type.
        linkType = Bytes.i32(in.buf, in.pos + 20, bigEndian) & 0xffff;
        in.skip(FILE_HEADER);
    }

    /** The four magic numbers of §4, read big-endian. */
    static boolean isMagic(int magicBigEndian) {
        return magicBigEndian == 0xA1B2C3D4 || magicBigEndian == 0xD4C3B2A1
                || magicBigEndian == 0xA1B23C4D || magicBigEndian == 0x4D3CB2A1;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    boolean read(Frame f) throws IOException {
        long at = in.offset();
        if (!in.ensure(RECORD_HEADER)) {
            cutShort(at, RECORD_HEADER);
            return false;
        }
        byte[] b = in.buf;
        int p = in.pos;
        long sec = Bytes.u32(b, p, bigEndian);
        long frac = Bytes.u32(b, p + 4, bigEndian);
        int capLen = Bytes.i32(b, p + 8, bigEndian);
        int origLen = Bytes.i32(b, p + 12, bigEndian);
        // §5: CapLen is the number of bytes that follow; it is checked before anything is read for it.
        if (capLen < 0 || capLen > MAX_PACKET) {
            corrupt(at, "packet record claims " + (capLen & 0xffffffffL) + " captured bytes (at most "
                    + MAX_PACKET + ")");
            return false;
        }
        if (!in.ensure(RECORD_HEADER + capLen)) {
            cutShort(at, RECORD_HEADER + capLen);
            return false;
        }
        long ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1000L);
        f.set(linkType, ts, in.buf, in.pos + RECORD_HEADER, capLen, Math.max(origLen, capLen));
        in.skip(RECORD_HEADER + capLen);
        packets++;
        return true;
    }
}
