package io.tlsinspect.reports.model;

import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import java.util.Objects;

/**
 * How an outcome is counted: the outcome, with the description of the alert that decided it for
 * server_alert and client_alert (DESIGN §6). Other outcomes never carry an alert: a reset after a
 * warning alert is still a reset; an encrypted alert's description is unknown, so its key is bare.
 * Written {@code server_alert:inappropriate_fallback} or {@code server_reset}, and ordered by that
 * written form, so every map keyed by it lists the same way in every format.
 *
 * @param alert the alert's description, or null
 */
public record OutcomeKey(Outcome outcome, String alert) implements Comparable<OutcomeKey> {
    public OutcomeKey {
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The bare key of each outcome, made once: most connections' keys are bare, and one is asked per record. */
    private static final OutcomeKey[] BARE = bare();

    private static OutcomeKey[] bare() {
        Outcome[] all = Outcome.values();
        OutcomeKey[] keys = new OutcomeKey[all.length];
        for (Outcome o : all) {
            keys[o.ordinal()] = new OutcomeKey(o, null);
        }
        return keys;
    }

    /** The key of a connection: its outcome and, for alert outcomes, the alert the decoder found decisive. */
    public static OutcomeKey of(HandshakeRecord r) {
        AlertEvent a = r.decisiveAlert();
        boolean alertOutcome = r.outcome() == Outcome.SERVER_ALERT || r.outcome() == Outcome.CLIENT_ALERT;
        return alertOutcome && a != null && a.description() != null
                ? withAlert(r.outcome(), a.description()) : BARE[r.outcome().ordinal()];
    }

    /**
     * The alert keys made lately, by outcome and description: a capture has a few dozen of them, asked
     * for on every failed record by every table. Read and written by several threads without a lock:
     * the keys are immutable (final fields, safely published), so a thread sees a slot's key whole or
     * an older one, and a miss only makes an equal key. Direct-mapped: a newcomer replaces its slot's key.
     */
    private static final OutcomeKey[] ALERTS = new OutcomeKey[64];

    private static OutcomeKey withAlert(Outcome outcome, String alert) {
        int slot = (alert.hashCode() * 31 + outcome.ordinal()) & (ALERTS.length - 1);
        OutcomeKey k = ALERTS[slot];
        if (k != null && k.outcome == outcome && (k.alert == alert || k.alert.equals(alert))) {
            return k;
        }
        k = new OutcomeKey(outcome, alert);
        ALERTS[slot] = k;
        return k;
    }

    // Written out, as the record's own would compute them (same hash): the generated ones go through
    // ObjectMethods' invokedynamic, a method-handle chain per call and costly to compile, on a key
    // counted for every record.
    @Override
    public boolean equals(Object o) {
        return o instanceof OutcomeKey k && outcome == k.outcome && Objects.equals(alert, k.alert);
    }

    @Override
    public int hashCode() {
        return outcome.hashCode() * 31 + Objects.hashCode(alert);
    }

    /** server_alert with this description. */
    public boolean isServerAlert(String description) {
        return outcome == Outcome.SERVER_ALERT && description.equals(alert);
    }

    @Override
    public String toString() {
        return alert == null ? outcome.key() : outcome.key() + ":" + alert;
    }

    /** Orders by the written form, compared in place (the keys of every table are sorted with this). */
    @Override
    public int compareTo(OutcomeKey o) {
        int n = length();
        int m = o.length();
        for (int i = 0, end = Math.min(n, m); i < end; i++) {
            char a = charAt(i);
            char b = o.charAt(i);
            if (a != b) {
                return a - b;
            }
        }
        return n - m;
    }

    private int length() {
        return alert == null ? outcome.key().length() : outcome.key().length() + 1 + alert.length();
    }

    /** The i-th char of {@link #toString()}. */
    private char charAt(int i) {
        String k = outcome.key();
        if (i < k.length()) {
            return k.charAt(i);
        }
        return i == k.length() ? ':' : alert.charAt(i - k.length() - 1);
    }
}
