package io.tlsinspect.capture.file;

import io.tlsinspect.capture.packet.Frame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng (draft-ietf-opsawg-pcapng): Section Header, Interface Description, Enhanced Packet, Simple
 * Packet and the obsolete Packet block; every other block is passed over by its length. Each section
 * has its own byte order and interfaces; each interface its own link type and timestamp resolution.
 *
 * <p>Every block's length is checked before it is used: at least the size of its type's fixed
 * fields, a multiple of 4, no more than the input has left, and equal to the copy of it that ends the
 * block (§3.1). A block that fails is reported with its byte offset, and reading resumes at the next
 * position where a whole, well-formed block starts (or stops, counting the bytes it could not read).
 */
final class PcapngReader extends CaptureFileReader {
    static final int SHB_TYPE = 0x0A0D0D0A;
    private static final int IDB_TYPE = 1;
    private static final int PB_TYPE = 2;
    private static final int SPB_TYPE = 3;
    private static final int NRB_TYPE = 4;
    private static final int ISB_TYPE = 5;
    private static final int EPB_TYPE = 6;
    private static final int DSB_TYPE = 10;
    private static final int CB_COPY_TYPE = 0x00000BAD;
    private static final int CB_NOCOPY_TYPE = 0x40000BAD;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** Block type, block total length, and the trailing copy of the length (§3.1). */
    private static final int FRAMING = 12;
    /** What {@link #classify} finds at a position while resynchronising. */
    private static final int NONE = 0;
    private static final int VALID = 1;
    private static final int CUT = 2;
    /** Blocks nobody reads are passed over up to this size; Wireshark refuses larger blocks too. */
    static final long MAX_PASSED_OVER = 16L << 20;

    /** One Interface Description Block's facts (§4.2). */
    private record Iface(int linkType, int snapLen, long unitsPerSecond, long offsetSeconds, long brokenAt) {
        Iface(int linkType, int snapLen, long unitsPerSecond, long offsetSeconds) {
            this(linkType, snapLen, unitsPerSecond, offsetSeconds, -1);
        }
    }

    private boolean bigEndian;
    private final List<Iface> interfaces = new ArrayList<>();
    private int firstLinkType = -1;
    private long skippedPackets;

    PcapngReader(InputBuffer in, String name, GzipInput gzip) throws IOException {
        super(in, name, gzip);
        if (!in.ensure(12)) {
            throw new CaptureFormatException("a pcapng file cut short inside its section header (only "
                    + in.remaining() + " bytes): no packets");
        }
        if (byteOrder(in.buf, in.pos) == null) {
            throw new CaptureFormatException("starts like pcapng, but its byte-order magic is wrong");
        }
        bigEndian = byteOrder(in.buf, in.pos);
        long len = Bytes.u32(in.buf, in.pos + 4, bigEndian);
        if (len < minLength(SHB_TYPE) || (len & 3) != 0 || len > MAX_BLOCK) {
            throw new CaptureFormatException("starts like pcapng, but its section header has a bad length " + len);
        }
        if (!in.ensure((int) len)) {
            throw new CaptureFormatException("a pcapng file cut short inside its section header (only "
                    + in.remaining() + " of " + len + " bytes): no packets");
        }
        in.skip((int) len);
    }

    @Override
    public int linkType() {
        return firstLinkType;
    }

    /** §4.1: the byte-order magic after the type and length says the section's byte order; null if it is neither. */
    private static Boolean byteOrder(byte[] b, int blockStart) {
        int bom = Bytes.i32(b, blockStart + 8, true);
        if (bom == BYTE_ORDER_MAGIC) {
            return true;
        }
        return Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC ? Boolean.FALSE : null;
    }

    /** The smallest total length a block of this type can have: framing plus its fixed fields. */
    private static int minLength(int type) {
        return switch (type) {
            case SHB_TYPE -> FRAMING + 16; // §4.1: byte-order magic, major, minor, section length
            case IDB_TYPE -> FRAMING + 8; // §4.2: link type, reserved, snap length
            case EPB_TYPE, PB_TYPE -> FRAMING + 20; // §4.3, App. A: interface, timestamp, captured, original
            case SPB_TYPE -> FRAMING + 4; // §4.4: original packet length
            default -> FRAMING;
        };
    }

    private static boolean known(int type) {
        return switch (type) {
            case SHB_TYPE, IDB_TYPE, PB_TYPE, SPB_TYPE, NRB_TYPE, ISB_TYPE, EPB_TYPE, DSB_TYPE, CB_COPY_TYPE,
                 CB_NOCOPY_TYPE -> true;
            default -> false;
        };
    }

    private static boolean holdsPacketsOrInterfaces(int type) {
        return type == EPB_TYPE || type == PB_TYPE || type == SPB_TYPE || type == IDB_TYPE || type == SHB_TYPE;
    }

    @Override
    boolean read(Frame f) throws IOException {
        while (true) {
            long at = in.offset();
            if (!in.ensure(8)) {
                cutShort(at, 8);
                return false;
            }
            int type = Bytes.i32(in.buf, in.pos, bigEndian);
            boolean order = bigEndian;
            if (type == SHB_TYPE) {
                // The type is a palindrome, so it reads the same in either byte order; the new section's
                // byte order decides how its own length is read.
                if (!in.ensure(12)) {
                    cutShort(at, 12);
                    return false;
                }
                if (byteOrder(in.buf, in.pos) == null) {
                    if (!resync(at, "section header block with a wrong byte-order magic")) {
                        return false;
                    }
                    continue;
                }
                order = byteOrder(in.buf, in.pos);
            }
            long len = Bytes.u32(in.buf, in.pos + 4, order);
            if (len < FRAMING || (len & 3) != 0) {
                if (!resync(at, "block of type " + typeName(type) + " has a bad length " + len)) {
                    return false;
                }
                continue;
            }
            if (len > MAX_BLOCK) {
                if (holdsPacketsOrInterfaces(type) || len > MAX_PASSED_OVER) {
                    if (!resync(at, "block of type " + typeName(type) + " claims " + len + " bytes, more than "
                            + (holdsPacketsOrInterfaces(type) ? MAX_BLOCK : MAX_PASSED_OVER) + " (corrupt length?)")) {
                        return false;
                    }
                    continue;
                }
                if (!passOver(at, type, len)) {
                    return false;
                }
                continue;
            }
            if (!in.ensure((int) len)) {
                // Cut short, or a length that lies near the end: the bytes left cannot tell which, and
                // reading on inside them could take something in the block's own body for a packet.
                int left = in.remaining();
                in.skip(left);
                warn("capture cut short: the block at byte " + at + " (type " + typeName(type) + ") needs " + len
                        + " bytes, only " + left + " are left (ignored; or its length is corrupt)");
                return false;
            }
            int p = in.pos;
            byte[] b = in.buf;
            int blockLen = (int) len;
            long trailer = Bytes.u32(b, p + blockLen - 4, order);
            if (trailer != len) {
                if (!resync(at, "block of type " + typeName(type) + " says " + len + " bytes, its closing copy "
                        + trailer)) {
                    return false;
                }
                continue;
            }
            if (len < minLength(type)) {
                tooShort(at, type, blockLen);
                in.skip(blockLen);
                continue;
            }
            switch (type) {
                case SHB_TYPE -> {
                    bigEndian = order;
                    interfaces.clear(); // §4.1: interface ids are per section
                    in.skip(blockLen);
                }
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
                    boolean emitted = emit(f, at, ifId, ts, p + 28, capLen, origLen, blockLen - 32);
                    in.skip(blockLen);
                    if (emitted) {
                        return true;
                    }
                }
                case SPB_TYPE -> {
                    // §4.4 Simple Packet Block: original length only; interface 0; no timestamp.
                    int origLen = Bytes.i32(b, p + 8, bigEndian);
                    int room = blockLen - 16;
                    int capLen = Math.min(origLen < 0 ? room : origLen, room);
                    if (!interfaces.isEmpty() && interfaces.get(0).snapLen() > 0) {
                        capLen = Math.min(capLen, interfaces.get(0).snapLen());
                    }
                    boolean emitted = emit(f, at, 0, -1, p + 12, capLen, origLen, room);
                    in.skip(blockLen);
                    if (emitted) {
                        return true;
                    }
                }
                default -> in.skip(blockLen); // statistics, name resolution, secrets, custom, unknown: §3.1
            }
        }
    }

    /**
     * A whole, well-framed block too short for its type's fixed fields (a 12-byte interface
     * description, say): its fields are not read from the bytes that follow it. An interface keeps its
     * number, so later interfaces keep theirs, but its packets are skipped.
     */
    private void tooShort(long at, int type, int len) {
        String what = switch (type) {
            case IDB_TYPE -> "interface description";
            case EPB_TYPE, PB_TYPE, SPB_TYPE -> "packet";
            default -> "section header";
        };
        if (type == IDB_TYPE) {
            interfaces.add(new Iface(-1, 0, 1_000_000L, 0, at));
        } else if (type != SHB_TYPE) {
            skippedPackets++;
        }
        warn("pcapng " + what + " block at byte " + at + " is " + len + " bytes, less than the " + minLength(type)
                + " its fields need: " + (type == IDB_TYPE ? "its packets are skipped" : "skipped"));
    }

    /**
     * A block too large to hold, of a type nobody reads (a big decryption-secrets or custom block):
     * read past it without storing it, then check its closing length.
     */
    private boolean passOver(long at, int type, long len) throws IOException {
        long passed = in.discard(len - 4);
        if (passed < len - 4 || !in.ensure(4)) {
            warn("pcapng block at byte " + at + " (type " + typeName(type) + ") claims " + len
                    + " bytes, but the input ends " + (passed + in.remaining()) + " bytes into it: reading stopped");
            in.skip(in.remaining());
            return false;
        }
        long trailer = Bytes.u32(in.buf, in.pos, bigEndian);
        if (trailer != len) {
            return resync(in.offset(), "the block at byte " + at + " said " + len + " bytes, but its closing copy is "
                    + trailer + ": the " + passed + " bytes passed over may have held packets");
        }
        in.skip(4);
        return true;
    }

    /**
     * The block at {@code at} cannot be trusted: look for the next position where a whole, well-formed
     * block of a known type starts, and carry on from there.
     *
     * @return false if there is none (the rest of the input is counted as not read)
     */
    private boolean resync(long at, String why) throws IOException {
        in.skip(1);
        long skipped = 1;
        while (true) {
            int kind = CUT;
            if (in.ensure(FRAMING)) {
                int limit = loadedBlock(); // first: loading more may move the window (in.buf, in.pos)
                kind = classify(in.buf, in.pos, limit);
            }
            if (kind == VALID) {
                warn("pcapng block at byte " + at + ": " + why + "; skipped " + skipped
                        + " bytes to the next valid block, at byte " + in.offset());
                return true;
            }
            // A candidate that the end of the input cuts may be the real next block of a capture cut short:
            // scanning on would read into its body.
            if (kind == CUT) {
                long lost = skipped + in.remaining();
                in.skip(in.remaining());
                warn("pcapng block at byte " + at + ": " + why + "; no valid block after it: reading stopped, "
                        + lost + " bytes not read");
                return false;
            }
            in.skip(1);
            skipped++;
        }
    }

    /**
     * Loads the block that starts at the window's position as far as its length field says (when that
     * is plausible), so {@link #classify} can see its closing length. @return the window's limit after it
     */
    private int loadedBlock() throws IOException {
        int type = Bytes.i32(in.buf, in.pos, bigEndian);
        Boolean order = type == SHB_TYPE ? byteOrder(in.buf, in.pos) : Boolean.valueOf(bigEndian);
        if (known(type) && order != null) {
            long len = Bytes.u32(in.buf, in.pos + 4, order);
            if (len >= minLength(type) && (len & 3) == 0 && len <= MAX_BLOCK) {
                in.ensure((int) len);
            }
        }
        return in.limit;
    }

    /**
     * Whether a whole, well-formed block of a known type starts at {@code p} (VALID), one whose length is
     * plausible but runs past {@code limit}, the end of what the input holds (CUT), or neither (NONE).
     */
    private int classify(byte[] b, int p, int limit) {
        if (limit - p < FRAMING) {
            return limit - p >= 8 && known(Bytes.i32(b, p, bigEndian)) ? CUT : NONE;
        }
        int type = Bytes.i32(b, p, bigEndian);
        if (!known(type)) {
            return NONE;
        }
        boolean order = bigEndian;
        if (type == SHB_TYPE) {
            Boolean o = byteOrder(b, p);
            if (o == null) {
                return NONE;
            }
            order = o;
        }
        long len = Bytes.u32(b, p + 4, order);
        if (len < minLength(type) || (len & 3) != 0 || len > MAX_BLOCK) {
            return NONE;
        }
        if (len > limit - p) {
            return CUT;
        }
        return Bytes.u32(b, p + (int) len - 4, order) == len ? VALID : NONE;
    }

    private static String typeName(int type) {
        return String.format("0x%08x", type);
    }

    private boolean emit(Frame f, long at, int ifId, long ts, int dataOff, int capLen, int origLen, int room) {
        if (ifId < 0 || ifId >= interfaces.size()) {
            skippedPacket("packet blocks refer to an interface that was never described; skipped");
            return false;
        }
        if (capLen < 0 || capLen > room) {
            skippedPacket("packet block at byte " + at + " says " + (capLen & 0xffffffffL)
                    + " captured bytes, more than the block holds; skipped");
            return false;
        }
        Iface i = interfaces.get(ifId);
        if (i.brokenAt() >= 0) {
            skippedPacket("packets on interface " + ifId + " skipped: its description block at byte " + i.brokenAt()
                    + " is too short");
            return false;
        }
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

    private void skippedPacket(String why) {
        skippedPackets++;
        warn(why);
    }

    @Override
    long skippedPackets() {
        return skippedPackets;
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
