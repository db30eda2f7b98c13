package io.tlsinspect.decoder.state;

/** Where a connection's handshake stands, as far as a passive observer can tell. */
public enum HandshakeState {
    START,
    CLIENT_HELLO,
    HELLO_RETRY_REQUEST,
    /** The ClientHello sent in answer to a HelloRetryRequest. */
    CLIENT_HELLO_2,
    // TLS <= 1.2, full handshake (RFC 5246 §7.3, Figure 1)
    SERVER_HELLO,
    SERVER_CERTIFICATE,
    SERVER_CERTIFICATE_STATUS,
    SERVER_KEY_EXCHANGE,
    CERTIFICATE_REQUEST,
    SERVER_HELLO_DONE,
    CLIENT_CERTIFICATE,
    CLIENT_KEY_EXCHANGE,
    CLIENT_CERTIFICATE_VERIFY,
    CLIENT_CHANGE_CIPHER_SPEC,
    CLIENT_FINISHED,
    SERVER_SESSION_TICKET,
    SERVER_CHANGE_CIPHER_SPEC,
    // TLS <= 1.2, abbreviated handshake (RFC 5246 §7.3, Figure 2; RFC 5077 §3.1)
    RESUMED_SESSION_TICKET,
    RESUMED_SERVER_CHANGE_CIPHER_SPEC,
    RESUMED_SERVER_FINISHED,
    RESUMED_CLIENT_CHANGE_CIPHER_SPEC,
    // TLS 1.3 (RFC 8446 §2): everything after the ServerHello is protected
    TLS13_SERVER_HELLO,
    TLS13_SERVER_FLIGHT,
    /** The client's flight began with a record that is not Finished-sized (client certificate?). */
    TLS13_CLIENT_FLIGHT,
    ESTABLISHED
}
