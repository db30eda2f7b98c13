package io.tlsinspect.reports.diagnosis;

/** Where to look next, given how the first attempt of a fallback chain failed. One place for the wording. */
final class RootCauseAdvice {
    private RootCauseAdvice() {
    }

    static String lookAt(String rootOutcomeKey) {
        String outcome = rootOutcomeKey.contains(":") ? rootOutcomeKey.substring(0, rootOutcomeKey.indexOf(':')) : rootOutcomeKey;
        String alert = rootOutcomeKey.contains(":") ? rootOutcomeKey.substring(rootOutcomeKey.indexOf(':') + 1) : null;
        return switch (outcome) {
            case "server_reset" -> "what resets first attempts (a middlebox, load balancer, firewall, or the server itself)";
            case "server_closed" -> "why servers close right after the ClientHello (their error logs at those times)";
            case "no_server_response" -> "why first attempts get no answer (an overloaded server, or a device in front of it dropping hellos)";
            case "server_alert" -> "why servers answer full-strength ClientHellos with " + (alert == null ? "an alert" : alert);
            case "incomplete" -> "the first attempts, which the capture did not see end (capture longer, and on every server)";
            default -> "why first attempts end in " + rootOutcomeKey;
        };
    }
}
