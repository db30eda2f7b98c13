package io.tlsinspect.decoder.quic;

import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.names.TlsNames;
import java.util.ArrayList;
import java.util.List;

/**
 * What one QUIC connection showed on the wire, and the one rule that turns it into an outcome
 * ({@link #decide}). Only Initial packets can be read; everything after them is judged by packet
 * type and direction (RFC 9000 §17): Handshake packets carry the rest of the TLS handshake, 1-RTT
 * (short header) packets are sent with the application keys, which a client has only after its
 * Finished (RFC 9001 §4.1.1).
 */
final class QuicFacts {
    private static final int MAX_NOTES = 8;

    Long version;
    List<Long> vnVersions = List.of();
    ClientHelloInfo clientHello;
    ServerHelloInfo serverHello;
    boolean serverAnswered;
    boolean unreachable;
    /** Client Initials with a new Destination Connection ID before any answer: fresh attempts. */
    int attempts = 1;
    Long closeError;
    private boolean closeFromClient;
    private long closeTs;
    private final boolean[] handshake = new boolean[2];
    private final boolean[] oneRtt = new boolean[2];
    private final boolean[] readable = new boolean[2];
    private final boolean[] unreadable = new boolean[2];
    private boolean retry;
    private boolean versionNegotiation;
    private boolean zeroRtt;
    private final StringBuilder history = new StringBuilder();
    private final List<String> notes = new ArrayList<>();

    /** The outcome and what goes with it. */
    record Decision(Outcome outcome, boolean established, AlertEvent alert, boolean inferred, List<String> notes) {
    }

    void longHeader(boolean client, long v, int type, long ts) {
        readable[client ? 0 : 1] = true;
        if (client && version == null && v != 0) {
            version = v; // the version of the client's first Initial
        }
        switch (type) {
            case InitialPacket.HANDSHAKE -> handshake[client ? 0 : 1] = true;
            case 1 -> zeroRtt |= client; // 0-RTT: early data under keys this tool cannot have
            case 3 -> retry |= !client; // Retry (RFC 9000 §17.2.5)
            default -> {
            }
        }
    }

    void oneRtt(boolean client, long ts) {
        int i = client ? 0 : 1;
        if (!oneRtt[i]) {
            oneRtt[i] = true;
            history(client ? 'D' : 'd');
        }
    }

    void unreadable(boolean client) {
        unreadable[client ? 0 : 1] = true;
    }

    void close(boolean client, long code, long ts) {
        closeError = code;
        closeFromClient = client;
        closeTs = ts;
        if (isCryptoError(code)) {
            history(client ? 'L' : 'l');
        }
    }

    void versionNegotiation(List<Long> versions) {
        if (!versionNegotiation) {
            versionNegotiation = true;
            vnVersions = List.copyOf(versions);
        }
    }

    void history(char c) {
        if (history.length() < 64) {
            history.append(c);
        }
    }

    String history() {
        return history.toString();
    }

    void note(String n) {
        if (notes.size() < MAX_NOTES && !notes.contains(n)) {
            notes.add(n);
        }
    }

    /** RFC 9001 §4.8: a TLS alert becomes the QUIC error 0x0100 + its description (CRYPTO_ERROR). */
    static boolean isCryptoError(long code) {
        return code >= 0x100 && code <= 0x1ff;
    }

    /**
     * The first decisive thing, in this order: an ICMP port unreachable before any answer
     * ({@code refused}); Version Negotiation; a CONNECTION_CLOSE in an Initial (with a TLS alert:
     * {@code server_alert}/{@code client_alert}; another error: {@code server_closed} or
     * {@code client_abandoned}); 1-RTT packets both ways ({@code established}); Handshake packets both
     * ways ({@code established}, inferred: the client's may carry its Finished or a close we cannot
     * read); no answer ({@code no_server_response}); the rest {@code incomplete}.
     */
    Decision decide(EndReason reason) {
        List<String> n = new ArrayList<>(notes);
        if (attempts > 1) {
            n.add(attempts + " attempts on this address and port: the client started again with a new Destination"
                    + " Connection ID before any answer");
        }
        if (retry) {
            n.add("the server sent a Retry: the Initials after it use new keys, which this tool does not follow");
        }
        if (zeroRtt) {
            n.add("the client sent 0-RTT packets (early data; not readable)");
        }
        if (!serverAnswered && unreachable) {
            n.add("the server's host answered with ICMP port unreachable: nothing listens on that UDP port");
            return new Decision(Outcome.REFUSED, false, null, false, n);
        }
        if (versionNegotiation && !readable[1]) {
            n.add("the server answered with Version Negotiation (RFC 9000 §6): it does not speak the client's version");
            return new Decision(Outcome.VERSION_NEGOTIATION, false, null, false, n);
        }
        if (closeError != null) {
            String from = closeFromClient ? "client" : "server";
            if (isCryptoError(closeError)) {
                int code = (int) (closeError - 0x100);
                AlertEvent a = new AlertEvent(from, 2, TlsNames.alert(code), code, false, false, closeTs);
                n.add("CONNECTION_CLOSE from the " + from + " in an Initial packet, error 0x" + Long.toHexString(closeError)
                        + ": TLS alert " + a.description() + " (RFC 9001 §4.8)");
                return new Decision(closeFromClient ? Outcome.CLIENT_ALERT : Outcome.SERVER_ALERT, false, a, false, n);
            }
            n.add("CONNECTION_CLOSE from the " + from + " in an Initial packet, error 0x" + Long.toHexString(closeError)
                    + " (a transport error, RFC 9000 §20.1)");
            return new Decision(closeFromClient ? Outcome.CLIENT_ABANDONED : Outcome.SERVER_CLOSED, false, null, false, n);
        }
        if (oneRtt[0] && oneRtt[1]) {
            return new Decision(Outcome.ESTABLISHED, true, null, false, n);
        }
        if (handshake[0] && handshake[1]) {
            n.add("established inferred: Handshake packets both ways, no 1-RTT packets from both sides");
            return new Decision(Outcome.ESTABLISHED, true, null, true, n);
        }
        if (!readable[0] && unreadable[0]) {
            n.add("the client's datagrams are not QUIC packets this tool can read");
            return new Decision(Outcome.NOT_TLS, false, null, false, n);
        }
        if (!serverAnswered) {
            if (clientHello == null && readable[0]) {
                n.add("the client's ClientHello was never complete in its Initial packets");
            }
            return new Decision(Outcome.NO_SERVER_RESPONSE, false, null, false, n);
        }
        n.add("the handshake did not get past the Initial packets before the flow ended ("
                + reason.name().toLowerCase(java.util.Locale.ROOT) + ")");
        return new Decision(Outcome.INCOMPLETE, false, null, false, n);
    }
}
