package io.tlsinspect.decoder.tls;

import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.DecoderStats;

/**
 * Joins handshake-record fragments into handshake messages (RFC 8446 §5.1: a message may span
 * records and several may share one; RFC 8446 §4: header = msg_type(1) + uint24 length). Whole
 * messages inside one fragment are handed over in place; a message that spans fragments is copied
 * into a buffer grown with the bytes that arrive, up to {@code cap}. A message whose length claims
 * more than the cap is skipped (its bytes are counted down, never stored) and reported as oversized.
 */
public final class HandshakeAssembler {

    public interface Sink {
        /** @param tag the tag of the fragment that carried the message's first byte (its record version) */
        void onMessage(int type, byte[] b, int off, int len, int tag);

        /** A message longer than the cap: its type and claimed length, body skipped. */
        void onOversizedMessage(int type, int claimedLength);
    }

    private static final int HEADER = 4;

    private final Sink sink;
    private final int cap;
    private final DecoderStats stats;
    /** Allocated when a message first spans two fragments (most lie within one record). */
    private byte[] buf = NONE;
    private static final byte[] NONE = new byte[0];
    private int bufLen;
    private long skipRemaining;
    private int bufTag;
    private int tag;

    public HandshakeAssembler(Sink sink, int cap, DecoderStats stats) {
        this.sink = sink;
        this.cap = Math.max(cap, HEADER);
        this.stats = stats;
    }

    /** Bytes allocated for spanning messages (for tests of {@link #release}). */
    int capacity() {
        return buf.length;
    }

    public int buffered() {
        return bufLen;
    }

    /**
     * The direction is stopped (DESIGN §3: decided, nothing more to decode): give back the message
     * buffer (a certificate chain's worth) instead of holding it while the connection lives on. A
     * message still half-held keeps its bytes, so what {@link #buffered} and {@link #inMessage} say
     * does not change.
     */
    public void release() {
        if (bufLen == 0) {
            buf = NONE;
        }
    }

    /** As made, for a pooled chain ({@link DecoderChains}). */
    void restart() {
        buf = NONE;
        bufLen = 0;
        skipRemaining = 0;
        bufTag = 0;
        tag = 0;
    }

    /** True when a message has begun but not ended: the next handshake record continues it. */
    public boolean inMessage() {
        return bufLen > 0 || skipRemaining > 0;
    }

    /** @param tag handed back with each message that starts in this fragment */
    public void feed(byte[] b, int off, int len, int tag) {
        this.tag = tag;
        int end = off + len;
        while (off < end) {
            if (skipRemaining > 0) {
                int take = (int) Math.min(skipRemaining, end - off);
                skipRemaining -= take;
                off += take;
                continue;
            }
            if (bufLen > 0) {
                off = continueBuffered(b, off, end);
                continue;
            }
            int avail = end - off;
            if (avail < HEADER) {
                store(b, off, avail);
                return;
            }
            int type = b[off] & 0xff;
            int mlen = Bytes.u24(b, off + 1);
            if (HEADER + (long) mlen > cap) {
                oversized(type, mlen);
                off += HEADER;
                continue;
            }
            if (avail >= HEADER + mlen) {
                sink.onMessage(type, b, off + HEADER, mlen, tag);
                off += HEADER + mlen;
            } else {
                store(b, off, avail);
                return;
            }
        }
    }

    private int continueBuffered(byte[] b, int off, int end) {
        if (bufLen < HEADER) {
            int take = Math.min(HEADER - bufLen, end - off);
            store(b, off, take);
            off += take;
            if (bufLen < HEADER) {
                return off;
            }
            int mlen = Bytes.u24(buf, 1);
            if (HEADER + (long) mlen > cap) {
                int type = buf[0] & 0xff;
                bufLen = 0;
                oversized(type, mlen);
                return off;
            }
        }
        int total = HEADER + Bytes.u24(buf, 1);
        int take = Math.min(total - bufLen, end - off);
        store(b, off, take);
        off += take;
        if (bufLen == total) {
            bufLen = 0;
            sink.onMessage(buf[0] & 0xff, buf, HEADER, total - HEADER, bufTag);
        }
        return off;
    }

    private void oversized(int type, int mlen) {
        stats.count(Counter.BUFFER_CAP_HITS);
        skipRemaining = mlen;
        sink.onOversizedMessage(type, mlen);
    }

    private void store(byte[] b, int off, int n) {
        if (bufLen == 0) {
            bufTag = tag;
        }
        int need = bufLen + n;
        if (need > buf.length) {
            // Callers only store within a message whose length was checked against the cap.
            byte[] bigger = new byte[Math.min(cap, Math.max(Math.max(need, HEADER), buf.length * 2))];
            System.arraycopy(buf, 0, bigger, 0, bufLen);
            buf = bigger;
        }
        System.arraycopy(b, off, buf, bufLen, n);
        bufLen = need;
    }
}
