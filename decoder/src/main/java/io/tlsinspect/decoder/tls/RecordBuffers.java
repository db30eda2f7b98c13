package io.tlsinspect.decoder.tls;

/**
 * Buffers of record layers that stopped, handed to the next record that spans two deliveries (a
 * server's certificate flight usually does) instead of growing a new one from nothing. One per
 * decoder factory, so one thread. Bounded: it keeps at most {@link #KEEP} buffers; a buffer is only
 * ever made by a layer for bytes that arrived, so the pool never holds more than real records needed.
 */
public final class RecordBuffers {
    static final int KEEP = 16;
    /** Smaller buffers are not worth keeping: growing one again costs little. */
    static final int MIN_KEPT = 1024;
    private final byte[][] free = new byte[KEEP][];
    private int count;

    /** A kept buffer of at least {@code need} bytes (taken out of the pool), or null. */
    byte[] take(int need) {
        for (int i = count - 1; i >= 0; i--) {
            byte[] b = free[i];
            if (b.length >= need) {
                free[i] = free[--count];
                free[count] = null;
                return b;
            }
        }
        return null;
    }

    /** A buffer its layer no longer uses (it must hold no reference to it afterwards). */
    void give(byte[] b) {
        if (b.length >= MIN_KEPT && count < KEEP) {
            free[count++] = b;
        }
    }

    /** Buffers kept now (for tests of the bound). */
    int kept() {
        return count;
    }
}
