package io.tlsinspect.capture.file;

import io.tlsinspect.capture.packet.Frame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng (draft-ietf-opsawg-pcapng): Section Header, Interface Description, Enhanced Packet, Simple
 * Packet and the obsolete Packet block; every other block is skipped by its length. Each section has
 * its own byte order and interfaces; each interface its own link type and timestamp resolution.
 */
final class PcapngReader extends CaptureFileReader {
    static final int SHB_TYPE = 0x0A0D0D0A;
    private static final int IDB_TYPE = 1;
    private static final int PB_TYPE = 2;
    private static final int SPB_TYPE = 3;
    private static final int EPB_TYPE = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int MAX_BLOCK = MAX_PACKET + 4096;

    /** One Interface Description Block's facts (§4.2). */
    private record Iface(int linkType, int snapLen, long unitsPerSecond, long offsetSeconds) {
    }

    private boolean bigEndian;
    private final List<Iface> interfaces = new ArrayList<>();
    private int firstLinkType = -1;

    PcapngReader(InputBuffer in, String name) throws IOException {
        super(in, name);
        if (!readSectionHeader()) {
            throw new CaptureFormatException("pcapng section header is cut short");
        }
    }

    @Override
    public int linkType() {
        return firstLinkType;
    }

    /** §4.1 Section Header Block: block type, length, byte-order magic, version, section length. */
    private boolean readSectionHeader() throws IOException {
        if (!in.ensure(12)) {
            return false;
        }
        int bom = Bytes.i32(in.buf, in.pos + 8, true);
        if (bom == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException("pcapng byte-order magic is wrong");
        }
        int len = Bytes.i32(in.buf, in.pos + 4, bigEndian);
        if (len < 28 || len > MAX_BLOCK || (len & 3) != 0) {
            throw new CaptureFormatException("pcapng section header has a bad length " + len);
        }
        if (!in.ensure(len)) {
            return false;
        }
        interfaces.clear(); // §4.1: interface ids are per section
        in.skip(len);
        return true;
    }

    @Override
    public boolean next(Frame f) throws IOException {
        while (true) {
            if (!in.ensure(8)) {
                noteTrailing();
                return false;
            }
            int type = Bytes.i32(in.buf, in.pos, bigEndian);
            if (type == SHB_TYPE) {
                // The type is a palindrome, so it reads the same in either byte order.
                try {
                    if (!readSectionHeader()) {
                        noteTrailing();
                        return false;
                    }
                } catch (CaptureFormatException e) {
                    corrupt(e.getMessage());
                    return false;
                }
                continue;
            }
            long len = Bytes.u32(in.buf, in.pos + 4, bigEndian);
            if (len < 12 || (len & 3) != 0) {
                corrupt("pcapng block of type " + type + " has a bad length " + len);
                return false;
            }
            if (type != EPB_TYPE && type != SPB_TYPE && type != PB_TYPE && type != IDB_TYPE) {
                // Statistics, name resolution, custom and unknown blocks: §3.1 says skip by length.
                if (!in.skipLong(len)) {
                    noteTrailing();
                    return false;
                }
                continue;
            }
            if (len > MAX_BLOCK) {
                corrupt("pcapng block of " + len + " bytes exceeds the limit");
                return false;
            }
            if (!in.ensure((int) len)) {
                noteTrailing();
                return false;
            }
            int p = in.pos;
            byte[] b = in.buf;
            int blockLen = (int) len;
            switch (type) {
                case IDB_TYPE -> {
                    readInterface(b, p, blockLen);
                    in.skip(blockLen);
                }
                case EPB_TYPE, PB_TYPE -> {
                    // §4.3 Enhanced Packet Block: interface id, timestamp (high, low), captured and original
                    // length. Appendix A's obsolete Packet Block has the same layout but a 16-bit interface
                    // id followed by a 16-bit drop count.
                    int ifId = type == EPB_TYPE ? Bytes.i32(b, p + 8, bigEndian) : Bytes.u16(b, p + 8, bigEndian);
                    long ts = (Bytes.u32(b, p + 12, bigEndian) << 32) | Bytes.u32(b, p + 16, bigEndian);
                    int capLen = Bytes.i32(b, p + 20, bigEndian);
                    int origLen = Bytes.i32(b, p + 24, bigEndian);
                    boolean emitted = emit(f, ifId, ts, p + 28, capLen, origLen, blockLen - 32);
                    in.skip(blockLen);
                    if (emitted) {
                        return true;
                    }
                }
                default -> {
                    // §4.4 Simple Packet Block: original length only; interface 0; no timestamp.
                    int origLen = Bytes.i32(b, p + 8, bigEndian);
                    int room = blockLen - 16;
                    int capLen = Math.min(origLen < 0 ? room : origLen, room);
                    if (!interfaces.isEmpty() && interfaces.get(0).snapLen() > 0) {
                        capLen = Math.min(capLen, interfaces.get(0).snapLen());
                    }
                    if (emit(f, 0, -1, p + 12, capLen, origLen, room)) {
                        in.skip(blockLen);
                        return true;
                    }
                    in.skip(blockLen);
                }
            }
        }
    }

    private boolean emit(Frame f, int ifId, long ts, int dataOff, int capLen, int origLen, int room) {
        if (ifId < 0 || ifId >= interfaces.size()) {
            warn("packet refers to undeclared interface " + ifId + "; skipped");
            return false;
        }
        if (capLen < 0 || capLen > room) {
            warn("packet block with captured length larger than the block; skipped");
            return false;
        }
        Iface i = interfaces.get(ifId);
        long nanos;
        if (ts < 0) {
            nanos = 0;
        } else {
            long sec = Long.divideUnsigned(ts, i.unitsPerSecond());
            long frac = Long.remainderUnsigned(ts, i.unitsPerSecond());
            nanos = (sec + i.offsetSeconds()) * 1_000_000_000L + scaleToNanos(frac, i.unitsPerSecond());
        }
        f.set(i.linkType(), nanos, in.buf, dataOff, capLen, Math.max(origLen, capLen));
        packets++;
        return true;
    }

    private static long scaleToNanos(long frac, long unitsPerSecond) {
        if (unitsPerSecond == 1_000_000_000L) {
            return frac;
        }
        if (unitsPerSecond <= 1_000_000_000L) {
            return frac * 1_000_000_000L / unitsPerSecond; // frac < units <= 1e9: no overflow
        }
        return (long) ((double) frac * 1e9 / unitsPerSecond);
    }

    /** §4.2 Interface Description Block: link type, snap length, options if_tsresol (9) and if_tsoffset (14). */
    private void readInterface(byte[] b, int p, int blockLen) {
        int linkType = Bytes.u16(b, p + 8, bigEndian);
        int snapLen = Bytes.i32(b, p + 12, bigEndian);
        long units = 1_000_000L; // default: microseconds
        long offset = 0;
        int o = p + 16;
        int end = p + blockLen - 4;
        while (o + 4 <= end) {
            int code = Bytes.u16(b, o, bigEndian);
            int olen = Bytes.u16(b, o + 2, bigEndian);
            if (code == 0 || o + 4 + olen > end) {
                break;
            }
            if (code == 9 && olen >= 1) {
                int v = b[o + 4] & 0xff;
                int exp = v & 0x7f;
                if ((v & 0x80) == 0) {
                    units = exp <= 18 ? pow(10, exp) : 1_000_000L;
                } else {
                    units = exp <= 62 ? 1L << exp : 1_000_000L;
                }
            } else if (code == 14 && olen == 8) {
                offset = bigEndian
                        ? ((long) Bytes.i32(b, o + 4, true) << 32) | Bytes.u32(b, o + 8, true)
                        : ((long) Bytes.i32(b, o + 8, false) << 32) | Bytes.u32(b, o + 4, false);
            }
            o += 4 + ((olen + 3) & ~3);
        }
        interfaces.add(new Iface(linkType, snapLen, Math.max(1, units), offset));
        if (firstLinkType < 0) {
            firstLinkType = linkType;
        }
    }

    private static long pow(long base, int exp) {
        long r = 1;
        for (int i = 0; i < exp; i++) {
            r *= base;
        }
        return r;
    }
}
