package io.tlsinspect.capture.file;

import java.io.IOException;
import java.io.InputStream;

/**
 * A refillable window over an input stream, so that records are parsed where they lie instead of
 * being copied out one by one. {@link #ensure} grows the window only up to a hard maximum, so a
 * hostile length field cannot make us allocate gigabytes. The stream is only ever read, never
 * skipped or seeked: standard input may be a pipe, where {@code InputStream.skip} fails ("Illegal
 * seek") or a gzip stream.
 */
final class InputBuffer {
    private final InputStream in;
    private final int maxRecord;
    byte[] buf;
    int pos;
    int limit;
    private boolean eof;
    private long consumedBefore;

    InputBuffer(InputStream in, int initialSize, int maxRecord) {
        this.in = in;
        this.buf = new byte[initialSize];
        this.maxRecord = maxRecord;
    }

    /**
     * Makes at least {@code n} bytes available from {@link #pos}.
     *
     * @return false if the input ends first (a capture cut short); what is left stays in the window
     * @throws IOException if {@code n} exceeds the maximum record size
     */
    boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (n > maxRecord || n < 0) {
            throw new CaptureFormatException("record of " + (n & 0xffffffffL) + " bytes exceeds the "
                    + maxRecord + "-byte limit (corrupt file?)");
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumedBefore += pos;
            limit -= pos;
            pos = 0;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, Math.min(maxRecord, buf.length * 2))];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos >= n;
    }

    /** The largest {@code n} that {@link #ensure} accepts. */
    int maxRecord() {
        return maxRecord;
    }

    void skip(int n) {
        pos += n;
    }

    /**
     * Reads past {@code n} bytes that may lie beyond the window (a large block nobody needs), in
     * chunks, without seeking.
     *
     * @return the bytes actually passed over: less than {@code n} only if the input ended first
     */
    long discard(long n) throws IOException {
        long done = 0;
        while (done < n) {
            if (pos == limit) {
                consumedBefore += pos;
                pos = 0;
                limit = 0;
                if (eof) {
                    break;
                }
                int r = in.read(buf, 0, buf.length);
                if (r < 0) {
                    eof = true;
                    break;
                }
                limit = r;
                continue;
            }
            int take = (int) Math.min(n - done, limit - pos);
            pos += take;
            done += take;
        }
        return done;
    }

    /** Bytes left over at the end of the input that did not make a whole record. */
    int remaining() {
        return limit - pos;
    }

    /** Offset of {@link #pos} from the start of the input. */
    long offset() {
        return consumedBefore + pos;
    }

    void close() throws IOException {
        in.close();
    }
}
