package io.tlsinspect.decoder.preamble;

/**
 * One direction's bytes while the preamble is open: bounded, read from the front. Until the protocol
 * guess is confirmed (both sides spoke it) the bytes already read are kept, so that a wrong guess can
 * hand the whole stream to the TLS decoder.
 */
final class PreambleBuffer {
    /** Shared by every buffer that holds nothing yet: most connections start TLS at byte 0 and never use theirs. */
    private static final byte[] NONE = new byte[0];
    private static final int FIRST_SIZE = 256;
    private byte[] buf = NONE;
    private int held;
    private int read;
    private int end;
    /** Stream offset of {@code buf[held]}. */
    private long heldOffset;
    private boolean keep = true;

    byte[] array() {
        return buf;
    }

    /** Bytes allocated for this buffer (for tests: none until a byte is held). */
    int capacity() {
        return buf.length;
    }

    /** Index of the first unread byte. */
    int start() {
        return read;
    }

    /** Unread bytes. */
    int size() {
        return end - read;
    }

    /** Bytes held (read but kept, and unread). */
    int held() {
        return end - held;
    }

    /** Stream offset of the first unread byte. */
    long offset() {
        return heldOffset + (read - held);
    }

    /** Stream offset just after the last byte held. */
    long endOffset() {
        return heldOffset + (end - held);
    }

    /** @return false (nothing added) when the bytes held would exceed {@code cap} */
    boolean append(byte[] b, int off, int len, int cap) {
        if (held() + len > cap) {
            return false;
        }
        if (end + len > buf.length) {
            int size = held();
            byte[] n = size + len > buf.length ? new byte[Math.max(Math.max(FIRST_SIZE, buf.length * 2), size + len)]
                    : buf;
            System.arraycopy(buf, held, n, 0, size);
            read -= held;
            buf = n;
            held = 0;
            end = size;
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
        return true;
    }

    void consume(int n) {
        read += n;
        if (!keep) {
            discardRead();
        }
    }

    /** The guess is confirmed: bytes read are no longer kept. */
    void confirm() {
        keep = false;
        discardRead();
    }

    /** A wrong guess: everything held is unread again. */
    void rewind() {
        read = held;
    }

    private void discardRead() {
        heldOffset += read - held;
        held = read;
        if (held == end) {
            held = 0;
            read = 0;
            end = 0;
        }
    }

    void release() {
        heldOffset = endOffset();
        buf = NONE;
        held = 0;
        read = 0;
        end = 0;
    }
}
