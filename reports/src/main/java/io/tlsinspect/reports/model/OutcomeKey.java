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

    /** The key of a connection: its outcome and, for alert outcomes, the alert the decoder found decisive. */
    public static OutcomeKey of(HandshakeRecord r) {
        AlertEvent a = r.decisiveAlert();
        boolean alertOutcome = r.outcome() == Outcome.SERVER_ALERT || r.outcome() == Outcome.CLIENT_ALERT;
        return new OutcomeKey(r.outcome(), alertOutcome && a != null ? a.description() : null);
    }

    /** server_alert with this description. */
    public boolean isServerAlert(String description) {
        return outcome == Outcome.SERVER_ALERT && description.equals(alert);
    }

    @Override
    public String toString() {
        return alert == null ? outcome.key() : outcome.key() + ":" + alert;
    }

    @Override
    public int compareTo(OutcomeKey o) {
        return toString().compareTo(o.toString());
    }
}
