package io.tlsinspect.capture.file;

/** Integer reads from a byte array in either byte order; capture headers come in both. */
final class Bytes {
    private Bytes() {
    }

    static int u16(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)
                : ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
    }

    static int i32(byte[] b, int i, boolean bigEndian) {
        return bigEndian
                ? ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff)
                : ((b[i + 3] & 0xff) << 24) | ((b[i + 2] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
    }

    static long u32(byte[] b, int i, boolean bigEndian) {
        return i32(b, i, bigEndian) & 0xffffffffL;
    }
}
