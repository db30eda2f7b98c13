package io.tlsinspect.decoder.tls;

import org.bouncycastle.tls.ContentType;

/**
 * Recognises the frame at the start of a byte range: a TLS record header (RFC 5246 §6.2.1,
 * RFC 8446 §5.1) or, where allowed, an SSLv2-format ClientHello header (RFC 5246 App. E.2,
 * RFC 6101 App. E). Works on partial headers, byte by byte, so a stream can be judged "not TLS"
 * from its first byte ("GET ..." fails at 'G').
 */
public final class RecordFraming {
    /** TLS record header: type(1) version(2) length(2). */
    public static final int TLS_HEADER = 5;
    /** SSLv2 record header with the high bit set: 2 bytes of length (RFC 6101 App. E.1). */
    public static final int SSLV2_HEADER = 2;
    /**
     * RFC 5246 §6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048 (RFC 8446 §5.2 is stricter,
     * 2^14 + 256; the older, larger bound keeps us from rejecting what a TLS 1.2 peer may send).
     */
    public static final int MAX_FRAGMENT = (1 << 14) + 2048;
    /** Largest frame we ever hold: a full TLS record with its header. */
    public static final int MAX_FRAME = TLS_HEADER + MAX_FRAGMENT;

    /** Result codes of {@link #frameLength}. */
    public static final int NEED_MORE = -1;
    public static final int INVALID = -2;

    private RecordFraming() {
    }

    /**
     * RFC 8446 §5.1 and RFC 6520: change_cipher_spec(20) .. heartbeat(24) are the content types TLS
     * uses; anything else (tls12_cid, 25, is DTLS only: RFC 9146) is a framing error for an observer.
     */
    static boolean knownContentType(int type) {
        return type >= ContentType.change_cipher_spec && type <= ContentType.heartbeat;
    }

    /** True if the bytes start (as far as they go) like an SSLv2-format ClientHello. */
    public static boolean looksSslv2Hello(byte[] b, int off, int avail) {
        if (avail < 1 || (b[off] & 0x80) == 0) {
            return false;
        }
        // RFC 5246 App. E.2: msg_length = ((b0 & 0x7f) << 8) | b1; msg_type == 1 (client_hello).
        if (avail >= 3 && b[off + 2] != 1) {
            return false;
        }
        // version major: 0x00 (SSLv2: 0x0002) or 0x03 (SSLv3/TLS offered through an SSLv2 hello).
        return avail < 4 || b[off + 3] == 0 || b[off + 3] == 3;
    }

    /**
     * True if the bytes start (as far as they go) like an SSL 2.0 server's first record: a 2-byte
     * header (high bit set, SSL 2.0 spec §1.1) and MSG-SERVER-HELLO (4) or MSG-ERROR (0) as the first
     * data byte (App. C.2; §2.5: "Any other message returned by the server (other than ERROR) is
     * disallowed").
     */
    public static boolean looksSslv2ServerHello(byte[] b, int off, int avail) {
        return avail >= 1 && (b[off] & 0x80) != 0 && (avail < 3 || b[off + 2] == 4 || b[off + 2] == 0);
    }

    /**
     * Total length (header included) of an SSL 2.0 record (SSL 2.0 spec, draft-hickman, §1.1): with
     * the first byte's high bit set a 2-byte header and RECORD-LENGTH = ((b0 & 0x7f) << 8) | b1 (at most
     * 32767, App. C.7); else a 3-byte header, RECORD-LENGTH = ((b0 & 0x3f) << 8) | b1 (at most 16383)
     * and PADDING = b2. Every record carries "some non-zero amount of data".
     */
    public static int sslv2FrameLength(byte[] b, int off, int avail) {
        if (avail < 2) {
            return NEED_MORE;
        }
        boolean twoByte = (b[off] & 0x80) != 0;
        int len = ((b[off] & (twoByte ? 0x7f : 0x3f)) << 8) | (b[off + 1] & 0xff);
        if (len == 0) {
            return INVALID;
        }
        return (twoByte ? 2 : 3) + len;
    }

    /** Header length of the SSL 2.0 record at {@code off} (§1.1: 2 with the high bit set, else 3). */
    public static int sslv2HeaderLength(byte[] b, int off) {
        return (b[off] & 0x80) != 0 ? 2 : 3;
    }

    /**
     * Total frame length (header included) of the frame starting at {@code off}, {@link #NEED_MORE}
     * if the header is incomplete but valid so far, {@link #INVALID} otherwise ({@link #why} says why).
     */
    public static int frameLength(byte[] b, int off, int avail, boolean sslv2Allowed) {
        if (avail <= 0) {
            return NEED_MORE;
        }
        if (sslv2Allowed && (b[off] & 0x80) != 0) {
            if (!looksSslv2Hello(b, off, avail)) {
                return INVALID;
            }
            if (avail < 4) {
                return NEED_MORE;
            }
            int len = ((b[off] & 0x7f) << 8) | (b[off + 1] & 0xff);
            // msg_type(1) version(2) three uint16 lengths(6): the smallest possible body.
            return len < 9 ? INVALID : SSLV2_HEADER + len;
        }
        // RFC 8446 §5.1: ContentType; an unknown type is a framing error for an observer.
        if (!knownContentType(b[off] & 0xff)) {
            return INVALID;
        }
        // legacy_record_version: SSLv3/TLS all use major version 3.
        if (avail >= 2 && b[off + 1] != 3) {
            return INVALID;
        }
        if (avail < TLS_HEADER) {
            return NEED_MORE;
        }
        int len = Bytes.u16(b, off + 3);
        // RFC 5246 §6.2.3 length bound (see MAX_FRAGMENT).
        return len > MAX_FRAGMENT ? INVALID : TLS_HEADER + len;
    }

    /** Why {@link #frameLength} said INVALID, in plain words. */
    public static String why(byte[] b, int off, int avail, boolean sslv2Allowed) {
        if (sslv2Allowed && (b[off] & 0x80) != 0) {
            return "SSLv2-style header that is not a ClientHello";
        }
        int t = b[off] & 0xff;
        if (!knownContentType(t)) {
            // Bytes.hex, not String.format: a port full of plain HTTP says this once per connection.
            return "byte 0x" + Bytes.hex(b, off, 1) + " is not a TLS content type";
        }
        if (avail >= 2 && b[off + 1] != 3) {
            return "record version 0x" + Bytes.hex(b, off + 1, 1) + (avail >= 3 ? Bytes.hex(b, off + 2, 1) : "00")
                    + " is not 3.x";
        }
        return "record length " + Bytes.u16(b, off + 3) + " exceeds 2^14+2048";
    }
}
