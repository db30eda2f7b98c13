package io.tlsinspect.decoder.model;

/** How a connection's handshake ended: DESIGN §4, one value per connection (a contract). */
public enum Outcome {
    ESTABLISHED("established"),
    SERVER_ALERT("server_alert"),
    CLIENT_ALERT("client_alert"),
    SERVER_RESET("server_reset"),
    SERVER_CLOSED("server_closed"),
    NO_SERVER_RESPONSE("no_server_response"),
    CLIENT_ABANDONED("client_abandoned"),
    NOT_TLS("not_tls"),
    NO_CLIENT_HELLO("no_client_hello"),
    REFUSED("refused"),
    UNANSWERED_SYN("unanswered_syn"),
    INCOMPLETE("incomplete"),
    MID_STREAM("mid_stream"),
    /** Issue 11: the client asked to start TLS (STARTTLS, SSLRequest, a proxy request) and the server said no. */
    STARTTLS_REFUSED("starttls_refused"),
    /** Issue 11: a known preamble protocol, and the client never asked to start TLS. */
    TLS_NEVER_STARTED("tls_never_started"),
    /** Issue 11: the QUIC server answered only with Version Negotiation. */
    VERSION_NEGOTIATION("version_negotiation");

    private final String key;

    Outcome(String key) {
        this.key = key;
    }

    /** The name used in every output format, e.g. {@code server_alert}. */
    public String key() {
        return key;
    }

    /** A failure for statistics: everything but established and mid_stream. */
    public boolean isFailure() {
        return this != ESTABLISHED && this != MID_STREAM;
    }

    public static Outcome fromKey(String key) {
        for (Outcome o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome: " + key);
    }
}
