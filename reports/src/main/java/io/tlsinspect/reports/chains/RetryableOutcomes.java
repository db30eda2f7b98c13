package io.tlsinspect.reports.chains;

import io.tlsinspect.decoder.model.Outcome;
import java.util.EnumSet;
import java.util.Set;

/**
 * DESIGN §5: only failures a client would retry keep a retry chain going: server_reset,
 * server_closed, no_server_response, server_alert and incomplete. After the client's own decision
 * (client_alert, client_abandoned), not_tls, or a success, the next attempt starts afresh.
 */
public final class RetryableOutcomes {
    private static final Set<Outcome> RETRYABLE = EnumSet.of(Outcome.SERVER_RESET, Outcome.SERVER_CLOSED,
            Outcome.NO_SERVER_RESPONSE, Outcome.SERVER_ALERT, Outcome.INCOMPLETE);

    private RetryableOutcomes() {
    }

    public static boolean includes(Outcome o) {
        return RETRYABLE.contains(o);
    }
}
