package io.tlsinspect.decoder.tls;

import io.tlsinspect.capture.tcp.Direction;

/** What one direction's record layer reports, in stream order. Arrays are valid only during a call. */
public interface TlsEvents {

    /** Every record, before its content is reported (cheap: no allocation). */
    void onRecord(Direction dir, int contentType, int version, int length, long tsNanos);

    /** A whole plaintext handshake message (RFC 8446 §4), body only. */
    void onHandshakeMessage(Direction dir, int type, byte[] b, int off, int len, int recordVersion, long tsNanos);

    /** A handshake message longer than the buffer cap: skipped. */
    void onOversizedMessage(Direction dir, int type, int claimedLength, long tsNanos);

    /** An SSLv2-format ClientHello body (msg_type first). */
    void onSslv2ClientHello(Direction dir, byte[] b, int off, int len, long tsNanos);

    /**
     * A heartbeat record (RFC 6520 §3, content type 24): its bytes, readable when {@code encrypted} is
     * false (type, payload_length, payload, padding).
     */
    void onHeartbeat(Direction dir, boolean encrypted, byte[] b, int off, int len, long tsNanos);

    /** An SSL 2.0 record's data (SSL 2.0 spec §1.1), once the session is SSL 2.0. */
    void onSslv2Record(Direction dir, byte[] b, int off, int len, long tsNanos);

    /**
     * A ChangeCipherSpec record (RFC 5246 §7.1).
     *
     * @return true if this direction's later handshake and alert records are encrypted (TLS <= 1.2);
     *     false for TLS 1.3's compatibility CCS (RFC 8446 App. D.4), which changes nothing
     */
    boolean onChangeCipherSpec(Direction dir, long tsNanos);

    /** One plaintext alert (RFC 5246 §7.2): level and description bytes. */
    void onAlert(Direction dir, int level, int description, long tsNanos);

    /**
     * A record whose content is protected: application_data (all of TLS 1.3 after the ServerHello),
     * or a handshake or alert record after this direction's ChangeCipherSpec in TLS <= 1.2.
     */
    void onProtectedRecord(Direction dir, int contentType, int length, long tsNanos);

    /** A record or message that could not be used (e.g. an odd-length alert record). */
    void onUnusableRecord(Direction dir, String reason, long tsNanos);

    /** The stream is not framed as TLS (from its first byte if {@code atStreamStart}); nothing follows. */
    void onFramingError(Direction dir, String reason, boolean atStreamStart, long tsNanos);
}
