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

        /** The stream is not (or no longer) framed as TLS records; nothing more will be delivered. */
        void onFramingError(String reason, boolean atStreamStart);
    }

    private final Sink sink;
    private final int cap;
    private final DecoderStats stats;
    private boolean sslv2Allowed;
    private byte[] pend = new byte[RecordFraming.TLS_HEADER];
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
        this.sink = sink;
        this.cap = Math.max(cap, RecordFraming.TLS_HEADER);
        this.sslv2Allowed = sslv2Hello;
        this.stats = stats;
    }

    /** Stops delivery: later feeds are ignored and return false. */
    public void stop() {
        dead = true;
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
                int total = RecordFraming.frameLength(pend, 0, pendLen, sslv2Allowed);
                if (total == RecordFraming.INVALID) {
                    fail(RecordFraming.why(pend, 0, pendLen, sslv2Allowed), consumed - pendLen == 0);
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
            int total = RecordFraming.frameLength(b, off, avail, sslv2Allowed);
            if (total == RecordFraming.INVALID) {
                fail(RecordFraming.why(b, off, avail, sslv2Allowed), consumed == 0);
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
            // Grow with what arrived, not with what a header claims.
            byte[] bigger = new byte[Math.min(cap, Math.max(need, pend.length * 2))];
            System.arraycopy(pend, 0, bigger, 0, pendLen);
            pend = bigger;
        }
        System.arraycopy(b, off, pend, pendLen, n);
        pendLen = need;
        return true;
    }

    private void deliver(byte[] b, int off, int total) {
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
