package io.tlsinspect.decoder.preamble;

/** Where a preamble's negotiation stands. */
enum Phase {
    /** Plaintext before any request to start TLS. */
    TALKING,
    /** The client asked to start TLS; its next bytes are TLS once the server agrees. */
    ASKED,
    /** The server agreed (or, like MySQL, needs not answer): TLS follows in both directions. */
    ACCEPTED,
    /** The server said no (DESIGN §4 row {@code starttls_refused}). */
    REFUSED,
    /** The client went on in plaintext without asking ({@code tls_never_started}). */
    NEVER
}
