package io.tlsinspect.capture.file;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A gzip-compressed capture (RFC 1952; {@code tcpdump -w - | gzip}, rotated captures), inflated as it
 * is read, as tshark does. Damage in the compressed data (cut short, corrupt) ends the input like a
 * capture cut short: what was inflated before it still counts, and {@link #damage()} says why it
 * ended. Counts the compressed bytes consumed, for progress against the file's size.
 */
final class GzipInput extends InputStream {
    private final Counting raw;
    private final Inflating gz;
    private String damage;

    /** @throws CaptureFormatException if the gzip header itself is damaged */
    GzipInput(InputStream compressed) throws IOException {
        raw = new Counting(compressed);
        try {
            gz = new Inflating(raw);
        } catch (EOFException e) {
            throw new CaptureFormatException("gzip-compressed, but cut short inside the gzip header");
        } catch (ZipException e) {
            throw new CaptureFormatException("gzip-compressed, but the gzip header is corrupt (" + e.getMessage() + ")");
        }
    }

    static boolean isGzip(byte[] b, int off, int avail) {
        return avail >= 2 && (b[off] & 0xff) == 0x1f && (b[off + 1] & 0xff) == 0x8b; // RFC 1952 §2.3.1 ID1 ID2
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (damage != null) {
            return -1;
        }
        long before = gz.written();
        try {
            return gz.read(b, off, len);
        } catch (EOFException e) {
            damage = "the compressed data is cut short";
        } catch (ZipException e) {
            damage = "the compressed data is corrupt (" + e.getMessage() + ")";
            // The inflater had already written what came before the damage into b, but the exception
            // drops its count: hand those bytes over, or what is read would depend on the size of the
            // reads (a pipe's small ones would keep them, one large read from a file would not). A new
            // gzip member resets the count (RFC 1952 §2.2), and then everything written is this call's.
            long after = gz.written();
            int produced = (int) (after >= before ? after - before : after);
            if (produced > 0) {
                return produced;
            }
        }
        return -1;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Why the compressed data ended early, or null if it ended cleanly. */
    String damage() {
        return damage;
    }

    long compressedBytes() {
        return raw.count;
    }

    @Override
    public void close() throws IOException {
        gz.close();
    }

    /** GZIPInputStream with its inflater's output count in view. */
    private static final class Inflating extends GZIPInputStream {
        Inflating(InputStream in) throws IOException {
            super(in, 1 << 16);
        }

        long written() {
            return inf.getBytesWritten();
        }
    }

    /**
     * Counts what the inflater takes from the file. Claims a byte available until the end: JDK 17's
     * GZIPInputStream reads a following gzip member (concatenated files, RFC 1952 §2.2) only when
     * available() says more is there, which a pipe often does not say yet. At the true end, its
     * attempt to read another member header meets EOF and ends cleanly.
     */
    private static final class Counting extends InputStream {
        private final InputStream in;
        long count;
        private boolean eof;

        Counting(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                count++;
            } else {
                eof = true;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            } else if (n < 0) {
                eof = true;
            }
            return n;
        }

        @Override
        public int available() {
            return eof ? 0 : 1;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
