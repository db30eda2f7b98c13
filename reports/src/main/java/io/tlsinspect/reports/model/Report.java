package io.tlsinspect.reports.model;

import java.util.List;
import java.util.Map;

/**
 * Everything a renderer needs, computed once. Renderers only format; they decide nothing.
 *
 * @param connections every connection, sorted by time then id (use {@link #listedConnections()}
 *     for the listing, which honours the filter)
 * @param stats capture and decoder counters in the caller's order, plus the analysis' own
 * @param byVersion keyed by offered max version ({@code TLSv1.2}); {@code none} for connections
 *     without a ClientHello, so the table adds up to the connection total
 * @param byFamily keyed by client family, {@code unknown} when not in the catalog
 */
public record Report(AnalysisOptions options,
                     List<InputSummary> inputs,
                     Map<String, Long> stats,
                     List<ConnectionView> connections,
                     List<Chain> chains,
                     List<ClientSummary> clients,
                     Map<String, Tally> byVersion,
                     Map<String, Tally> byFamily,
                     List<ServerSummary> servers,
                     List<TimeBucket> failuresOverTime,
                     List<Finding> findings,
                     Diagnosis diagnosis) {
    public Report {
        inputs = List.copyOf(inputs);
        connections = List.copyOf(connections);
        chains = List.copyOf(chains);
        clients = List.copyOf(clients);
        servers = List.copyOf(servers);
        failuresOverTime = List.copyOf(failuresOverTime);
        findings = List.copyOf(findings);
        // stats/byVersion/byFamily are ordered maps built by the analyzer; kept as given (unmodifiable)
        stats = java.util.Collections.unmodifiableMap(stats);
        byVersion = java.util.Collections.unmodifiableMap(byVersion);
        byFamily = java.util.Collections.unmodifiableMap(byFamily);
    }

    /** The connections the filter lists: all, only failures, or none. */
    public List<ConnectionView> listedConnections() {
        return switch (options.connections()) {
            case ALL -> connections;
            case FAILED -> connections.stream().filter(c -> c.record().outcome().isFailure()).toList();
            case NONE -> List.of();
        };
    }

    public int failedCount() {
        return (int) connections.stream().filter(c -> c.record().outcome().isFailure()).count();
    }
}
