package io.tlsinspect.decoder.tls.handshake;

/**
 * A bounds-checked cursor over a message held in someone else's array: fields are read by index,
 * nothing is copied. Every read that would pass {@code limit} fails with {@link Malformed} so a
 * parser fails closed at the first lie in a length field.
 */
final class Reader {

    /** A message broke its own syntax; carries the RFC rule it broke. Cheap: no stack trace. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    final byte[] b;
    int pos;
    final int limit;

    Reader(byte[] b, int off, int len) {
        this.b = b;
        this.pos = off;
        this.limit = off + len;
    }

    int remaining() {
        return limit - pos;
    }

    void need(int n, String what) throws Malformed {
        if (n < 0 || n > limit - pos) {
            throw new Malformed(what + ": needs " + n + " bytes, " + (limit - pos) + " left");
        }
    }

    int u8(String what) throws Malformed {
        need(1, what);
        return b[pos++] & 0xff;
    }

    int u16(String what) throws Malformed {
        need(2, what);
        int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int u24(String what) throws Malformed {
        need(3, what);
        int v = ((b[pos] & 0xff) << 16) | ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff);
        pos += 3;
        return v;
    }

    long u32(String what) throws Malformed {
        need(4, what);
        long v = ((long) (b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8)
                | (b[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    void skip(int n, String what) throws Malformed {
        need(n, what);
        pos += n;
    }

    /**
     * Reads a vector's length prefix (RFC 8446 §3.4: {@code <floor..ceiling>} in bytes) and checks it
     * against the bounds and what is left; returns the vector's end index, leaving pos at its start.
     */
    int vector(int prefixBytes, int floor, int ceiling, String what) throws Malformed {
        int n = switch (prefixBytes) {
            case 1 -> u8(what);
            case 2 -> u16(what);
            case 3 -> u24(what);
            default -> throw new IllegalArgumentException("prefix " + prefixBytes);
        };
        if (n < floor || n > ceiling) {
            throw new Malformed(what + ": length " + n + " outside <" + floor + ".." + ceiling + ">");
        }
        need(n, what);
        return pos + n;
    }

    /** The vector or extension ended where its length said (no trailing bytes, no overrun). */
    void expectAt(int end, String what) throws Malformed {
        if (pos != end) {
            throw new Malformed(what + ": " + (end - pos) + " bytes left over");
        }
    }

    /** {@link #expectAt} for extension {@code type}: the message is made only if it is needed. */
    void expectExtensionEnd(int end, int type) throws Malformed {
        if (pos != end) {
            expectAt(end, "extension " + type);
        }
    }
}
