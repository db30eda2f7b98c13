package io.tlsinspect.decoder.state;

import java.util.EnumMap;
import java.util.Map;

/**
 * The handshake as one table of (state, sender, message) -> next state, in the manner of rusticata
 * tls-parser's {@code tls_states.rs}. Anything not in the table is an invalid transition, which the
 * caller records (it is never thrown). Reaching ESTABLISHED completes the handshake
 * ({@link Completion}); going through RESUMED_SERVER_CHANGE_CIPHER_SPEC is the abbreviated handshake
 * of a resumed session. Alerts are not in the table: they end a handshake from any state
 * ({@link AlertRules}).
 */
public final class TransitionTable {
    private static final boolean C = true;
    private static final boolean S = false;

    // Before STANDARD: building it reads them.
    private static final int STATES = HandshakeState.values().length;
    private static final int EVENTS = HandshakeEvent.values().length;
    private static final TransitionTable STANDARD = build();

    /**
     * The next state by (sender, state, event), null where there is no transition, in one flat array:
     * looked up for every handshake event of every connection, where the maps it is built from took
     * two hash probes.
     */
    private final HandshakeState[] next;

    private TransitionTable(HandshakeState[] next) {
        this.next = next;
    }

    private static int index(HandshakeState state, boolean clientSent, HandshakeEvent event) {
        return ((clientSent ? STATES : 0) + state.ordinal()) * EVENTS + event.ordinal();
    }

    public static TransitionTable standard() {
        return STANDARD;
    }

    /** The next state, or null when the table has no such transition. */
    public HandshakeState next(HandshakeState state, boolean clientSent, HandshakeEvent event) {
        return next[index(state, clientSent, event)];
    }

    private static TransitionTable build() {
        Builder t = new Builder();
        t.on(HandshakeState.START, C, HandshakeEvent.CLIENT_HELLO, HandshakeState.CLIENT_HELLO);

        t.on(HandshakeState.CLIENT_HELLO, S, HandshakeEvent.SERVER_HELLO, HandshakeState.SERVER_HELLO);
        t.on(HandshakeState.CLIENT_HELLO, S, HandshakeEvent.SERVER_HELLO_TLS13, HandshakeState.TLS13_SERVER_HELLO);
        t.on(HandshakeState.CLIENT_HELLO, S, HandshakeEvent.HELLO_RETRY_REQUEST, HandshakeState.HELLO_RETRY_REQUEST);
        // RFC 8446 §4.2.10: 0-RTT data follows the ClientHello; App. D.4: a compatibility CCS may too.
        t.on(HandshakeState.CLIENT_HELLO, C, HandshakeEvent.APPLICATION_DATA, HandshakeState.CLIENT_HELLO);
        t.on(HandshakeState.CLIENT_HELLO, C, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.CLIENT_HELLO);

        // RFC 8446 §4.1.4 and App. D.4: after a HelloRetryRequest, CCS either way, then a new ClientHello.
        t.on(HandshakeState.HELLO_RETRY_REQUEST, S, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.HELLO_RETRY_REQUEST);
        t.on(HandshakeState.HELLO_RETRY_REQUEST, C, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.HELLO_RETRY_REQUEST);
        t.on(HandshakeState.HELLO_RETRY_REQUEST, C, HandshakeEvent.CLIENT_HELLO, HandshakeState.CLIENT_HELLO_2);
        t.on(HandshakeState.CLIENT_HELLO_2, C, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.CLIENT_HELLO_2);
        t.on(HandshakeState.CLIENT_HELLO_2, S, HandshakeEvent.SERVER_HELLO_TLS13, HandshakeState.TLS13_SERVER_HELLO);

        // RFC 5246 §7.3 Figure 1: the full handshake. Certificate is absent for anonymous and PSK
        // suites (RFC 4279 §2), CertificateStatus follows Certificate (RFC 6066 §8).
        t.on(HandshakeState.SERVER_HELLO, S, HandshakeEvent.CERTIFICATE, HandshakeState.SERVER_CERTIFICATE);
        t.on(HandshakeState.SERVER_HELLO, S, HandshakeEvent.SERVER_KEY_EXCHANGE, HandshakeState.SERVER_KEY_EXCHANGE);
        t.on(HandshakeState.SERVER_HELLO, S, HandshakeEvent.SERVER_HELLO_DONE, HandshakeState.SERVER_HELLO_DONE);
        t.on(HandshakeState.SERVER_CERTIFICATE, S, HandshakeEvent.CERTIFICATE_STATUS, HandshakeState.SERVER_CERTIFICATE_STATUS);
        for (HandshakeState st : new HandshakeState[] {HandshakeState.SERVER_CERTIFICATE, HandshakeState.SERVER_CERTIFICATE_STATUS}) {
            t.on(st, S, HandshakeEvent.SERVER_KEY_EXCHANGE, HandshakeState.SERVER_KEY_EXCHANGE);
            t.on(st, S, HandshakeEvent.CERTIFICATE_REQUEST, HandshakeState.CERTIFICATE_REQUEST);
            t.on(st, S, HandshakeEvent.SERVER_HELLO_DONE, HandshakeState.SERVER_HELLO_DONE);
        }
        t.on(HandshakeState.SERVER_KEY_EXCHANGE, S, HandshakeEvent.CERTIFICATE_REQUEST, HandshakeState.CERTIFICATE_REQUEST);
        t.on(HandshakeState.SERVER_KEY_EXCHANGE, S, HandshakeEvent.SERVER_HELLO_DONE, HandshakeState.SERVER_HELLO_DONE);
        t.on(HandshakeState.CERTIFICATE_REQUEST, S, HandshakeEvent.SERVER_HELLO_DONE, HandshakeState.SERVER_HELLO_DONE);
        t.on(HandshakeState.SERVER_HELLO_DONE, C, HandshakeEvent.CERTIFICATE, HandshakeState.CLIENT_CERTIFICATE);
        t.on(HandshakeState.SERVER_HELLO_DONE, C, HandshakeEvent.CLIENT_KEY_EXCHANGE, HandshakeState.CLIENT_KEY_EXCHANGE);
        t.on(HandshakeState.CLIENT_CERTIFICATE, C, HandshakeEvent.CLIENT_KEY_EXCHANGE, HandshakeState.CLIENT_KEY_EXCHANGE);
        t.on(HandshakeState.CLIENT_KEY_EXCHANGE, C, HandshakeEvent.CERTIFICATE_VERIFY, HandshakeState.CLIENT_CERTIFICATE_VERIFY);
        t.on(HandshakeState.CLIENT_KEY_EXCHANGE, C, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.CLIENT_CHANGE_CIPHER_SPEC);
        t.on(HandshakeState.CLIENT_CERTIFICATE_VERIFY, C, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.CLIENT_CHANGE_CIPHER_SPEC);
        t.on(HandshakeState.CLIENT_CHANGE_CIPHER_SPEC, C, HandshakeEvent.FINISHED, HandshakeState.CLIENT_FINISHED);
        t.on(HandshakeState.CLIENT_FINISHED, S, HandshakeEvent.NEW_SESSION_TICKET, HandshakeState.SERVER_SESSION_TICKET);
        t.on(HandshakeState.CLIENT_FINISHED, S, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.SERVER_CHANGE_CIPHER_SPEC);
        t.on(HandshakeState.SERVER_SESSION_TICKET, S, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.SERVER_CHANGE_CIPHER_SPEC);
        t.on(HandshakeState.SERVER_CHANGE_CIPHER_SPEC, S, HandshakeEvent.FINISHED, HandshakeState.ESTABLISHED);
        // RFC 7918 (False Start): the client may send data before the server's Finished.
        for (HandshakeState st : new HandshakeState[] {HandshakeState.CLIENT_FINISHED, HandshakeState.SERVER_SESSION_TICKET, HandshakeState.SERVER_CHANGE_CIPHER_SPEC}) {
            t.on(st, C, HandshakeEvent.APPLICATION_DATA, st);
        }

        // RFC 5246 §7.3 Figure 2 and RFC 5077 §3.1: the abbreviated handshake, server finishes first.
        t.on(HandshakeState.SERVER_HELLO, S, HandshakeEvent.NEW_SESSION_TICKET, HandshakeState.RESUMED_SESSION_TICKET);
        t.on(HandshakeState.SERVER_HELLO, S, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.RESUMED_SERVER_CHANGE_CIPHER_SPEC);
        t.on(HandshakeState.RESUMED_SESSION_TICKET, S, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.RESUMED_SERVER_CHANGE_CIPHER_SPEC);
        t.on(HandshakeState.RESUMED_SERVER_CHANGE_CIPHER_SPEC, S, HandshakeEvent.FINISHED, HandshakeState.RESUMED_SERVER_FINISHED);
        t.on(HandshakeState.RESUMED_SERVER_FINISHED, C, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.RESUMED_CLIENT_CHANGE_CIPHER_SPEC);
        t.on(HandshakeState.RESUMED_CLIENT_CHANGE_CIPHER_SPEC, C, HandshakeEvent.FINISHED, HandshakeState.ESTABLISHED);

        // RFC 8446 §2 Figure 1: after the ServerHello only protected records (and App. D.4 CCS).
        t.on(HandshakeState.TLS13_SERVER_HELLO, S, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.TLS13_SERVER_HELLO);
        t.on(HandshakeState.TLS13_SERVER_HELLO, C, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.TLS13_SERVER_HELLO);
        t.on(HandshakeState.TLS13_SERVER_HELLO, C, HandshakeEvent.APPLICATION_DATA, HandshakeState.TLS13_SERVER_HELLO); // 0-RTT still arriving
        t.on(HandshakeState.TLS13_SERVER_HELLO, S, HandshakeEvent.APPLICATION_DATA, HandshakeState.TLS13_SERVER_FLIGHT);
        t.on(HandshakeState.TLS13_SERVER_FLIGHT, S, HandshakeEvent.APPLICATION_DATA, HandshakeState.TLS13_SERVER_FLIGHT);
        t.on(HandshakeState.TLS13_SERVER_FLIGHT, S, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.TLS13_SERVER_FLIGHT);
        t.on(HandshakeState.TLS13_SERVER_FLIGHT, C, HandshakeEvent.CHANGE_CIPHER_SPEC, HandshakeState.TLS13_SERVER_FLIGHT);
        // The client's first protected record, judged by size (see Tls13RecordSizes).
        t.on(HandshakeState.TLS13_SERVER_FLIGHT, C, HandshakeEvent.FINISHED, HandshakeState.ESTABLISHED);
        t.on(HandshakeState.TLS13_SERVER_FLIGHT, C, HandshakeEvent.CERTIFICATE, HandshakeState.TLS13_CLIENT_FLIGHT);
        t.on(HandshakeState.TLS13_CLIENT_FLIGHT, C, HandshakeEvent.APPLICATION_DATA, HandshakeState.TLS13_CLIENT_FLIGHT);
        // The server answers the client's flight with tickets or data: the handshake completed.
        t.on(HandshakeState.TLS13_CLIENT_FLIGHT, S, HandshakeEvent.APPLICATION_DATA, HandshakeState.ESTABLISHED);

        t.on(HandshakeState.ESTABLISHED, C, HandshakeEvent.APPLICATION_DATA, HandshakeState.ESTABLISHED);
        t.on(HandshakeState.ESTABLISHED, S, HandshakeEvent.APPLICATION_DATA, HandshakeState.ESTABLISHED);
        t.on(HandshakeState.ESTABLISHED, S, HandshakeEvent.NEW_SESSION_TICKET, HandshakeState.ESTABLISHED);
        t.on(HandshakeState.ESTABLISHED, S, HandshakeEvent.HELLO_REQUEST, HandshakeState.ESTABLISHED);
        t.on(HandshakeState.ESTABLISHED, C, HandshakeEvent.HEARTBEAT, HandshakeState.ESTABLISHED);
        t.on(HandshakeState.ESTABLISHED, S, HandshakeEvent.HEARTBEAT, HandshakeState.ESTABLISHED);
        return t.build();
    }

    private static final class Builder {
        private final Map<HandshakeState, Map<HandshakeEvent, HandshakeState>> c = new EnumMap<>(HandshakeState.class);
        private final Map<HandshakeState, Map<HandshakeEvent, HandshakeState>> s = new EnumMap<>(HandshakeState.class);

        void on(HandshakeState from, boolean clientSent, HandshakeEvent event, HandshakeState to) {
            Map<HandshakeEvent, HandshakeState> row = (clientSent ? c : s)
                    .computeIfAbsent(from, k -> new EnumMap<>(HandshakeEvent.class));
            if (row.put(event, to) != null) {
                throw new IllegalStateException("duplicate transition " + from + " " + event);
            }
        }

        TransitionTable build() {
            HandshakeState[] next = new HandshakeState[2 * STATES * EVENTS];
            c.forEach((from, row) -> row.forEach((event, to) -> next[index(from, C, event)] = to));
            s.forEach((from, row) -> row.forEach((event, to) -> next[index(from, S, event)] = to));
            return new TransitionTable(next);
        }
    }
}
