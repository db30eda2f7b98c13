package io.tlsinspect.reports.model;

/**
 * Finding names (DESIGN §5: a contract). Declaration order is display order: causes an operator can
 * act on first, then the symptoms they produce.
 */
public enum FindingKind {
    /** Issue 11: failed HTTP/3 (QUIC) attempts followed by TLS over TCP to the same server. */
    H3_FALLBACK("h3_fallback"),
    SERVER_RESET_AFTER_HELLO("server_reset_after_hello"),
    SERVER_UNRESPONSIVE("server_unresponsive"),
    CONNECTION_REFUSED("connection_refused"),
    NO_SHARED_CIPHER("no_shared_cipher"),
    SERVER_PROTOCOL_TOO_OLD("server_protocol_too_old"),
    CERTIFICATE_EXPIRED("certificate_expired"),
    CERTIFICATE_NAME_MISMATCH("certificate_name_mismatch"),
    CERTIFICATE_UNTRUSTED("certificate_untrusted"),
    CLIENT_REJECTED_CERTIFICATE("client_rejected_certificate"),
    /** Issue 11: a server answered in SSL 2.0. */
    SERVER_SPEAKS_SSLV2("server_speaks_sslv2"),
    /** Issue 11: a heartbeat (RFC 6520) before the handshake completed, as Heartbleed probes send. */
    HEARTBEAT_BEFORE_HANDSHAKE("heartbeat_before_handshake"),
    /** Issue 11: the server answered the client's request to start TLS with a refusal. */
    STARTTLS_REFUSED("starttls_refused"),
    /** Issue 11: a known preamble protocol, and the client went on without asking for TLS. */
    TLS_NEVER_STARTED("tls_never_started"),
    RESUMPTION_CIPHER_MISSING("resumption_cipher_missing"),
    FALLBACK_SCSV_REJECTED("fallback_scsv_rejected"),
    FALLBACK_AFTER_FAILURE("fallback_after_failure"),
    DOWNGRADE_WITHOUT_SCSV("downgrade_without_scsv"),
    NOT_TLS_ON_TLS_PORT("not_tls_on_tls_port");

    private final String key;

    FindingKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
