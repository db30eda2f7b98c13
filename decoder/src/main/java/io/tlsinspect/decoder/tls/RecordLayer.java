package io.tlsinspect.decoder.tls;

import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.DecoderStats;

/**
 * One direction's record layer: cuts the ordered byte stream into records and hands each whole
 * record to a {@link Sink}, in place when it lies within the caller's buffer. Only a record that
 * spans two deliveries is copied, into a buffer that grows with the bytes that arrive and never past
 * {@code cap} (a length field is never trusted for an allocation).
 */
public final class RecordLayer {

    /** Receives records; arrays are valid only during the call. */
    public interface Sink {
        /** One TLS record's fragment (after the 5-byte header). */
        void onRecord(int contentType, int version, byte[] b, int off, int len);

        /** One SSLv2-format ClientHello record's body (after the 2-byte header), msg_type first. */
        void onSslv2ClientHello(byte[] b, int off, int len);

        /**
         * One SSL 2.0 record's data (after its 2- or 3-byte header, SSL 2.0 spec §1.1), once the
         * direction speaks SSL 2.0: plaintext (message type first) or encrypted (MAC, data, padding).
         */
        void onSslv2Record(byte[] b, int off, int len);

        /** The stream is not (or no longer) framed as TLS records; nothing more will be delivered. */
        void onFramingError(String reason, boolean atStreamStart);
    }

    private final Sink sink;
    private final int cap;
    /** Where a stopped layer's buffer goes, and a spanning record's comes from first; null: none. */
    private final RecordBuffers buffers;
    private final DecoderStats stats;
    private boolean sslv2Allowed;
    /** The server side: its first frame may be an SSL 2.0 SERVER-HELLO once the client sent an SSLv2-format hello. */
    private boolean serverSide;
    /** Every frame is an SSL 2.0 record (the server answered in SSL 2.0). */
    private boolean sslv2Records;
    private boolean firstFrameSeen;
    /** Allocated when a record first spans two deliveries (most records lie within one segment). */
    private byte[] pend = NONE;
    private static final byte[] NONE = new byte[0];
    private int pendLen;
    /** Frame length of the pending frame once its header is known, else -1. */
    private int pendTotal = -1;
    private long consumed;
    private boolean dead;

    /**
     * @param cap most bytes this layer may hold (at least one header)
     * @param sslv2Hello accept an SSLv2-format ClientHello as the stream's first frame (client side)
     */
    public RecordLayer(Sink sink, int cap, boolean sslv2Hello, DecoderStats stats) {
        this(sink, cap, sslv2Hello, stats, null);
    }

    /** @param buffers this thread's pool of record buffers (see {@link RecordBuffers}), or null */
    public RecordLayer(Sink sink, int cap, boolean sslv2Hello, DecoderStats stats, RecordBuffers buffers) {
        this.buffers = buffers;
        this.sink = sink;
        this.cap = Math.max(cap, RecordFraming.TLS_HEADER);
        this.sslv2Allowed = sslv2Hello;
        this.serverSide = !sslv2Hello;
        this.stats = stats;
    }

    /**
     * Server side: the client's first frame was an SSLv2-format hello, so the server's first frame
     * may be an SSL 2.0 SERVER-HELLO (a server that speaks only SSL 2.0 answers so).
     */
    public void allowSslv2ServerHello() {
        if (serverSide && !firstFrameSeen) {
            sslv2Allowed = true;
        }
    }

    /** From the next frame on, every frame is an SSL 2.0 record (the session is SSL 2.0). */
    public void useSslv2Records() {
        sslv2Records = true;
    }

    public boolean sslv2Records() {
        return sslv2Records;
    }

    private int frameLength(byte[] b, int off, int avail) {
        if (sslv2Records) {
            return RecordFraming.sslv2FrameLength(b, off, avail);
        }
        if (serverSide && sslv2Allowed && (b[off] & 0x80) != 0) {
            if (!RecordFraming.looksSslv2ServerHello(b, off, avail)) {
                return RecordFraming.INVALID;
            }
            return RecordFraming.sslv2FrameLength(b, off, avail);
        }
        return RecordFraming.frameLength(b, off, avail, sslv2Allowed && !serverSide);
    }

    private String why(byte[] b, int off, int avail) {
        if (sslv2Records) {
            return "SSL 2.0 record of length 0";
        }
        if (serverSide && sslv2Allowed && (b[off] & 0x80) != 0) {
            return "SSLv2-style header that is not a SERVER-HELLO";
        }
        return RecordFraming.why(b, off, avail, sslv2Allowed && !serverSide);
    }

    /** As made with {@code sslv2Hello}, for a pooled chain ({@link DecoderChains}); call after {@link #stop}. */
    void restart(boolean sslv2Hello) {
        sslv2Allowed = sslv2Hello;
        serverSide = !sslv2Hello;
        sslv2Records = false;
        firstFrameSeen = false;
        pend = NONE;
        pendLen = 0;
        pendTotal = -1;
        consumed = 0;
        dead = false;
    }

    /** Stops delivery: later feeds are ignored and return false. */
    public void stop() {
        dead = true;
        if (buffers != null && pend != null && pend != NONE) {
            buffers.give(pend); // nothing below keeps a record's array past its call (Sink's contract)
        }
        pend = null;
        pendLen = 0;
    }

    public boolean stopped() {
        return dead;
    }

    /** Bytes held for a record that is not complete yet. */
    public int buffered() {
        return pendLen;
    }

    /** @return false once this direction needs no more bytes (stopped or not TLS) */
    public boolean feed(byte[] b, int off, int len) {
        int end = off + len;
        while (!dead && pendLen > 0 && off < end) {
            int want = (pendTotal < 0 ? RecordFraming.TLS_HEADER : pendTotal) - pendLen;
            int take = Math.min(want, end - off);
            if (!append(b, off, take)) {
                return false;
            }
            off += take;
            consumed += take;
            if (pendTotal < 0) {
                int total = frameLength(pend, 0, pendLen);
                if (total == RecordFraming.INVALID) {
                    fail(why(pend, 0, pendLen), consumed - pendLen == 0);
                    return false;
                }
                if (total >= 0) {
                    if (total > cap) {
                        capHit();
                        return false;
                    }
                    pendTotal = total;
                }
            }
            if (pendTotal >= 0 && pendLen == pendTotal) {
                int n = pendLen;
                pendLen = 0;
                pendTotal = -1;
                deliver(pend, 0, n);
            }
        }
        while (!dead && off < end) {
            int avail = end - off;
            int total = frameLength(b, off, avail);
            if (total == RecordFraming.INVALID) {
                fail(why(b, off, avail), consumed == 0);
                return false;
            }
            if (total == RecordFraming.NEED_MORE || total > avail) {
                if (total > cap) {
                    capHit();
                    return false;
                }
                pendTotal = total;
                if (!append(b, off, avail)) {
                    return false;
                }
                consumed += avail;
                break;
            }
            consumed += total;
            deliver(b, off, total);
            off += total;
        }
        return !dead;
    }

    private boolean append(byte[] b, int off, int n) {
        int need = pendLen + n;
        if (need > cap) {
            capHit();
            return false;
        }
        if (need > pend.length) {
            // A stopped layer's buffer if one is big enough, else grow with what arrived, not with what a
            // header claims.
            byte[] bigger = buffers == null ? null : buffers.take(need);
            if (bigger == null || bigger.length > cap) {
                bigger = new byte[Math.min(cap, Math.max(Math.max(need, RecordFraming.TLS_HEADER), pend.length * 2))];
            }
            System.arraycopy(pend, 0, bigger, 0, pendLen);
            pend = bigger;
        }
        System.arraycopy(b, off, pend, pendLen, n);
        pendLen = need;
        return true;
    }

    private void deliver(byte[] b, int off, int total) {
        firstFrameSeen = true;
        if (sslv2Records || (serverSide && sslv2Allowed && (b[off] & 0x80) != 0)) {
            // SSL 2.0 spec §1.1; a server's SSL 2.0 SERVER-HELLO makes the rest of its stream SSL 2.0.
            sslv2Allowed = false;
            sslv2Records = true;
            int h = RecordFraming.sslv2HeaderLength(b, off);
            sink.onSslv2Record(b, off + h, total - h);
            return;
        }
        if (sslv2Allowed && (b[off] & 0x80) != 0) {
            sslv2Allowed = false;
            sink.onSslv2ClientHello(b, off + RecordFraming.SSLV2_HEADER, total - RecordFraming.SSLV2_HEADER);
            return;
        }
        // RFC 5246 App. E.2: only the first client frame may use the SSLv2 format.
        sslv2Allowed = false;
        sink.onRecord(b[off] & 0xff, Bytes.u16(b, off + 1), b, off + RecordFraming.TLS_HEADER,
                total - RecordFraming.TLS_HEADER);
    }

    private void capHit() {
        stats.count(Counter.BUFFER_CAP_HITS);
        fail("record larger than the " + cap + "-byte buffer cap", false);
    }

    private void fail(String reason, boolean atStart) {
        stop();
        sink.onFramingError(reason, atStart);
    }
}
