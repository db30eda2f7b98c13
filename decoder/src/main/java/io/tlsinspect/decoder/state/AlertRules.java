package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.cache.NoteCache;
import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.names.TlsNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * DESIGN §4 rows {@code server_alert} and {@code client_alert}, the only place that decides them:
 * which alerts end a handshake, and the one alert that did. Plaintext alerts are read (RFC 5246
 * §7.2); encrypted ones are seen as alert records after ChangeCipherSpec (TLS <= 1.2) or recognised
 * by their size ({@link Tls13Inference}). Keeps at most {@value #MAX_ALERTS} alerts per connection.
 */
final class AlertRules {
    static final int MAX_ALERTS = 8;

    /**
     * Descriptions a peer may send at warning level without ending the connection: close_notify and
     * user_canceled (RFC 8446 §6.1 closure alerts), no_certificate (SSLv3, RFC 6101 §5.4.2),
     * no_renegotiation (RFC 5246 §7.2.2) and unrecognized_name (RFC 6066 §3).
     */
    private static final Set<Integer> WARNING_OK = Set.of(0, 41, 90, 100, 112);

    // The decisive notes of the common alerts, made once per sender and numbers rather than per
    // connection (issue 9: these strings were the decoder threads' largest string garbage).
    /** A plaintext alert's: key sender, level, description ({@link #plaintextKey}). */
    private static final NoteCache PLAINTEXT_NOTES = new NoteCache(512, k -> note(sender(k >>> 16),
            (((k >>> 8) & 0xff) == 2 ? "fatal" : "warning-level") + " alert " + TlsNames.alert((int) (k & 0xff))));
    /** An encrypted alert's (TLS <= 1.2): key sender and record length. */
    private static final NoteCache ENCRYPTED_NOTES = new NoteCache(256, k -> note(sender(k >>> 32),
            "an encrypted alert (" + (int) k + "-byte record, level unknown)"));
    /** An inferred TLS 1.3 alert's: key sender and record length. */
    private static final NoteCache INFERRED_NOTES = new NoteCache(256, k -> note(sender(k >>> 32),
            "a protected " + (int) k + "-byte record, alert-sized in TLS 1.3 (alert inferred)"));

    private final Decision decision;
    private final History history;
    private final DecoderStats stats;
    private final StreamStart start;
    /** Made at the first alert: most connections have none. */
    private List<AlertEvent> alerts;
    private AlertEvent decisive;

    AlertRules(Decision decision, History history, DecoderStats stats, StreamStart start) {
        this.decision = decision;
        this.history = history;
        this.stats = stats;
        this.start = start;
    }

    /** As made (a pooled tracker's, see {@link HandshakeTracker#restart}). */
    void reset() {
        alerts = null;
        decisive = null;
    }

    /**
     * RFC 5246 §7.2: a fatal-level alert ends the connection. RFC 8446 §6: error alerts are fatal
     * whatever their level, so a warning-level alert that is not a closure or a known warning also ends it.
     */
    static boolean decisive(int level, int description) {
        if (level == 2) {
            return true;
        }
        return level == 1 && !WARNING_OK.contains(description);
    }

    /** A plaintext alert: level and description read from the record. */
    void plaintext(Direction dir, int level, int description, long ts) {
        stats.count(Counter.PLAINTEXT_ALERTS);
        AlertEvent a = add(dir, new AlertEvent(dir.sender(), level, TlsNames.alert(description), description, false, false, ts));
        if (start.handshakeStarted() && decisive(level, description)) {
            decide(dir, a, ts, (description & ~0xff) == 0 ? PLAINTEXT_NOTES.of(plaintextKey(dir, level, description))
                    : note(dir, (level == 2 ? "fatal" : "warning-level") + " alert " + TlsNames.alert(description)));
        }
    }

    /** TLS <= 1.2: an alert record after this side's ChangeCipherSpec; its level is hidden. */
    void encrypted(Direction dir, int length, long ts) {
        stats.count(Counter.ENCRYPTED_ALERTS);
        AlertEvent a = add(dir, new AlertEvent(dir.sender(), -1, null, -1, true, false, ts));
        if (start.handshakeStarted()) {
            decision.markInferred();
            decide(dir, a, ts, ENCRYPTED_NOTES.of(lengthKey(dir, length)));
        }
    }

    /**
     * TLS <= 1.2: an encrypted alert right after the handshake that the peer did not answer with an
     * alert of its own before the connection {@code how} (see {@link Tls12Records}): a fatal alert,
     * its description hidden, inferred.
     */
    void afterHandshake(Direction dir, int length, long ts, String how) {
        stats.count(Counter.ENCRYPTED_ALERTS);
        stats.count(Counter.INFERRED_ALERTS);
        AlertEvent a = add(dir, new AlertEvent(dir.sender(), -1, null, -1, true, true, ts));
        decision.markInferred();
        if (decision.decide(dir == Direction.CLIENT_TO_SERVER ? Outcome.CLIENT_ALERT : Outcome.SERVER_ALERT, ts,
                dir.sender() + " sent an encrypted alert (" + length + "-byte record) right after the handshake,"
                        + " before any application data, and the connection " + how + " without an alert back:"
                        + " a fatal alert (inferred; a close_notify would have been answered)")) {
            decisive = a;
        }
    }

    /**
     * An SSL 2.0 ERROR message in the clear (SSL 2.0 spec §2.7, codes App. C.3): "After the message is
     * sent, the sending party shuts the connection down", so it is fatal. Its description is the
     * spec's name ({@code ssl2_no_cipher}), not a TLS alert's.
     */
    void sslv2Error(Direction dir, int code, long ts) {
        stats.count(Counter.PLAINTEXT_ALERTS);
        String name = io.tlsinspect.decoder.tls.handshake.Sslv2Messages.errorName(code);
        AlertEvent a = add(dir, new AlertEvent(dir.sender(), 2, name, code, false, false, ts));
        decide(dir, a, ts, note(dir, "SSL 2.0 ERROR " + name));
    }

    /** TLS 1.3: a protected record that {@link Tls13Inference} judged to be an alert by its size. */
    void inferred(Direction dir, int length, long ts) {
        stats.count(Counter.ENCRYPTED_ALERTS);
        stats.count(Counter.INFERRED_ALERTS);
        AlertEvent a = add(dir, new AlertEvent(dir.sender(), -1, null, -1, true, true, ts));
        decision.markInferred();
        decide(dir, a, ts, INFERRED_NOTES.of(lengthKey(dir, length)));
    }

    private AlertEvent add(Direction dir, AlertEvent a) {
        if (alerts == null) {
            alerts = new ArrayList<>(2);
        }
        if (alerts.size() < MAX_ALERTS) {
            alerts.add(a);
        }
        history.add(HandshakeEvent.ALERT, dir == Direction.CLIENT_TO_SERVER);
        return a;
    }

    /** @param note the outcome's note, as {@link #note} makes it */
    private void decide(Direction dir, AlertEvent a, long ts, String note) {
        if (decision.decide(dir == Direction.CLIENT_TO_SERVER ? Outcome.CLIENT_ALERT : Outcome.SERVER_ALERT, ts, note)) {
            decisive = a;
        }
    }

    private static String note(Direction dir, String why) {
        return dir.sender() + " sent " + why + " before the handshake completed";
    }

    /** Level 1 or 2 (only those are decisive) and a description of one byte (RFC 5246 §7.2). */
    private static long plaintextKey(Direction dir, int level, int description) {
        return (long) dir.ordinal() << 16 | level << 8 | description;
    }

    private static long lengthKey(Direction dir, int length) {
        return (long) dir.ordinal() << 32 | (length & 0xffffffffL);
    }

    private static Direction sender(long ordinal) {
        return ordinal == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
    }

    List<AlertEvent> alerts() {
        return alerts == null ? List.of() : List.copyOf(alerts);
    }

    /** The alert that decided a server_alert or client_alert outcome; null for every other outcome. */
    AlertEvent decisiveAlert() {
        return decisive;
    }
}
