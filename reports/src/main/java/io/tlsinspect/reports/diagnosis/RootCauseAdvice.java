package io.tlsinspect.reports.diagnosis;

import io.tlsinspect.reports.model.OutcomeKey;

/** Where to look next, given how the first attempt of a fallback chain failed. One place for the wording. */
final class RootCauseAdvice {
    private RootCauseAdvice() {
    }

    static String lookAt(OutcomeKey root) {
        return switch (root.outcome()) {
            case SERVER_RESET -> "what resets first attempts (a middlebox, load balancer, firewall, or the server itself)";
            case SERVER_CLOSED -> "why servers close right after the ClientHello (their error logs at those times)";
            case NO_SERVER_RESPONSE -> "why first attempts get no answer (an overloaded server, or a device in front of it dropping hellos)";
            case SERVER_ALERT -> "why servers answer full-strength ClientHellos with " + (root.alert() == null ? "an alert" : root.alert());
            case INCOMPLETE -> "the first attempts, which the capture did not see end (capture longer, and on every server)";
            default -> "why first attempts end in " + root;
        };
    }
}
