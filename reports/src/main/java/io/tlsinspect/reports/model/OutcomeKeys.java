package io.tlsinspect.reports.model;

import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;

/**
 * The one place that decides which alert explains an outcome and how outcome keys are spelled in
 * {@code outcomes} maps (DESIGN §6: the outcome, or {@code outcome:alert}).
 */
public final class OutcomeKeys {
    private OutcomeKeys() {
    }

    /** The alert that decided a server_alert or client_alert outcome (the decoder's), else null. */
    public static AlertEvent alert(HandshakeRecord r) {
        return r.decisiveAlert();
    }

    /**
     * The alert description behind a server_alert or client_alert outcome; null for other outcomes
     * and for encrypted alerts whose description cannot be read.
     */
    public static String alertName(HandshakeRecord r) {
        if (r.outcome() != Outcome.SERVER_ALERT && r.outcome() != Outcome.CLIENT_ALERT) {
            return null;
        }
        AlertEvent a = alert(r);
        return a == null ? null : a.description();
    }

    /**
     * {@code server_alert:inappropriate_fallback} for alert outcomes whose description is known,
     * else the bare outcome key. Other outcomes never carry an alert in their key: a reset after a
     * warning alert is still a reset.
     */
    public static String key(HandshakeRecord r) {
        String d = alertName(r);
        return d == null ? r.outcome().key() : r.outcome().key() + ":" + d;
    }
}
