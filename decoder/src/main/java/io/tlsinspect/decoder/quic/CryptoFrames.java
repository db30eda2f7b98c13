package io.tlsinspect.decoder.quic;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The frames of decrypted Initial packets (RFC 9000 §19): CRYPTO data reassembled by offset into the
 * TLS handshake bytes (bounded: 64 KiB, as a TLS direction), and the error code of a
 * CONNECTION_CLOSE. Other frames are skipped by their length; an unknown frame ends the packet.
 * The buffer grows with the highest offset seen (a hello is 0.3 to 2 KiB), never past the cap.
 */
public final class CryptoFrames {
    public static final int CAP = 64 * 1024;
    private byte[] data = new byte[0];
    private final BitSet have = new BitSet();
    private int contiguous;
    private Long closeError;
    private boolean overflow;

    /** Reads one packet's frames. */
    public void add(byte[] p) {
        int i = 0;
        while (i < p.length) {
            int type = p[i] & 0xff;
            if (type == 0x00 || type == 0x01) { // PADDING, PING
                i++;
                continue;
            }
            if (type == 0x02 || type == 0x03) { // ACK (§19.3)
                i = skipAck(p, i + 1, type == 0x03);
                if (i < 0) {
                    return;
                }
                continue;
            }
            if (type == 0x06) { // CRYPTO (§19.6)
                int q = i + 1;
                long offset = InitialPacket.varint(p, q, p.length);
                if (offset < 0) {
                    return;
                }
                q += InitialPacket.varintLength(p[q]);
                long length = InitialPacket.varint(p, q, p.length);
                if (length < 0) {
                    return;
                }
                q += InitialPacket.varintLength(p[q]);
                if (q + length > p.length) {
                    return;
                }
                put(offset, p, q, (int) length);
                i = q + (int) length;
                continue;
            }
            if (type == 0x1c || type == 0x1d) { // CONNECTION_CLOSE (§19.19)
                long code = InitialPacket.varint(p, i + 1, p.length);
                if (code >= 0 && closeError == null) {
                    closeError = code;
                }
                return;
            }
            return;
        }
    }

    private static int skipAck(byte[] p, int q, boolean ecn) {
        long[] v = new long[1];
        int fields = 4; // largest, delay, range count, first range
        long ranges = 0;
        for (int f = 0; f < fields; f++) {
            q = next(p, q, v);
            if (q < 0) {
                return -1;
            }
            if (f == 2) {
                ranges = v[0];
            }
        }
        for (long r = 0; r < ranges * 2 + (ecn ? 3 : 0); r++) {
            q = next(p, q, v);
            if (q < 0) {
                return -1;
            }
        }
        return q;
    }

    private static int next(byte[] p, int q, long[] v) {
        v[0] = InitialPacket.varint(p, q, p.length);
        return v[0] < 0 ? -1 : q + InitialPacket.varintLength(p[q]);
    }

    private void put(long offset, byte[] p, int off, int len) {
        if (offset >= CAP) {
            overflow = true; // hostile or huge: beyond what a hello may take
            return;
        }
        if (offset + len > CAP) {
            overflow = true;
            len = (int) Math.max(0, CAP - offset);
        }
        int end = (int) offset + len;
        if (end > data.length) {
            data = Arrays.copyOf(data, Math.min(CAP, Math.max(end, 2 * data.length)));
        }
        System.arraycopy(p, off, data, (int) offset, len);
        have.set((int) offset, end);
        int next = have.nextClearBit(contiguous);
        contiguous = Math.min(next, CAP);
    }

    /** The handshake bytes from offset 0 without a hole. */
    public byte[] contiguous() {
        return Arrays.copyOf(data, contiguous);
    }

    /** How many bytes from offset 0 are there without a hole. */
    public int contiguousLength() {
        return contiguous;
    }

    /** The buffer itself, to read {@link #contiguousLength()} bytes in place (valid until the next add). */
    public byte[] buffer() {
        return data;
    }

    public Long closeError() {
        return closeError;
    }

    public boolean overflow() {
        return overflow;
    }
}
