package io.tlsinspect.reports.diagnosis;

import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.findings.Phrases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sentences for traffic that is not clients failing at TLS but load on the server: a flood of SYNs
 * nobody answered, or of connections that sent part of a hello and stalled (slowloris-like), and the
 * flow table overflowing under it. Without them the diagnosis of a hostile capture would read as a
 * million TLS failures. The thresholds are deliberately coarse: at least {@link #MIN} such
 * connections, and at least half of all connections.
 */
public final class FloodSigns {
    static final long MIN = 1000;

    private FloodSigns() {
    }

    /**
     * @param outcomes connections per outcome
     * @param connections all connections
     * @param clients distinct clients counted one by one
     * @param untracked connections of clients beyond those (so the number of clients is a lower bound)
     * @param stats the run's counters ({@code flows_evicted}, {@code flows_idle_timeout})
     */
    public static List<String> of(Map<Outcome, Long> outcomes, long connections, long clients, long untracked,
                                  Map<String, Long> stats) {
        List<String> out = new ArrayList<>();
        String from = ", from " + (untracked > 0 ? "at least " : "") + Phrases.count(clients, "client")
                + (untracked > 0 ? " (the table counts that many one by one; the rest are in its other row)" : "");
        long syn = outcomes.getOrDefault(Outcome.UNANSWERED_SYN, 0L);
        if (syn >= MIN && syn * 2 >= connections) {
            out.add("This looks like a SYN flood or a scan, not TLS clients failing: " + syn + " of "
                    + Phrases.count(connections, "connection") + " were SYNs that got no answer" + from + ".");
        }
        long stalled = outcomes.getOrDefault(Outcome.INCOMPLETE, 0L);
        if (stalled >= MIN && stalled * 2 >= connections) {
            out.add("This looks like a flood of stalled connections (slowloris-like), not TLS clients failing: "
                    + stalled + " of " + Phrases.count(connections, "connection")
                    + " started a handshake and never finished it" + from + ".");
        }
        long evicted = stats.getOrDefault("flows_evicted", 0L);
        if (evicted > 0) {
            out.add(Phrases.count(evicted, "connection") + " " + Phrases.was(evicted)
                    + " evicted from the full flow table (--max-flows): more were open at once than it holds,"
                    + " so each was reported with what had been seen until then.");
        }
        return out;
    }
}
