package io.tlsinspect.reports.model;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Everything a renderer needs, computed once. Renderers only format; they decide nothing.
 *
 * @param connections every connection, sorted by time then id, built as it is read (use
 *     {@link #listedConnections()} for the listing, which honours the filter)
 * @param otherClients the client rows beyond {@link AnalysisOptions#clientRows()}, folded; null when none
 * @param otherServers the server rows beyond {@link AnalysisOptions#serverRows()}, folded; null when none
 * @param chains the listed retry chains: the first {@link AnalysisOptions#chainRows()} by first attempt
 * @param chainsUnlisted retry chains beyond that cap: counted, not listed (their connections' chain is null)
 * @param rootCauses the chains by root outcome, counted over every chain, listed or not
 * @param stats capture and decoder counters in the caller's order, plus the analysis' own
 * @param byVersion keyed by offered max version ({@code TLSv1.2}); {@code none} for connections
 *     without a ClientHello, so the table adds up to the connection total
 * @param byFamily keyed by client family, {@code unknown} when not in the catalog
 */
public record Report(AnalysisOptions options,
                     List<InputSummary> inputs,
                     Map<String, Long> stats,
                     Connections connections,
                     List<Chain> chains,
                     List<ClientSummary> clients,
                     Map<String, Tally> byVersion,
                     Map<String, Tally> byFamily,
                     List<ServerSummary> servers,
                     List<TimeBucket> failuresOverTime,
                     List<Finding> findings,
                     Diagnosis diagnosis,
                     OtherRows otherClients,
                     OtherRows otherServers,
                     long chainsUnlisted,
                     List<RootCause> rootCauses) {
    public Report {
        rootCauses = List.copyOf(rootCauses);
        inputs = List.copyOf(inputs);
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

    /** A report whose tables were not cut (tests). */
    public Report(AnalysisOptions options, List<InputSummary> inputs, Map<String, Long> stats,
                  List<ConnectionView> connections, List<Chain> chains, List<ClientSummary> clients,
                  Map<String, Tally> byVersion, Map<String, Tally> byFamily, List<ServerSummary> servers,
                  List<TimeBucket> failuresOverTime, List<Finding> findings, Diagnosis diagnosis) {
        this(options, inputs, stats, Connections.of(connections), chains, clients, byVersion, byFamily, servers,
                failuresOverTime, findings, diagnosis, null, null, 0, io.tlsinspect.reports.chains.RootCauses.of(chains));
    }

    /** The connections the filter lists: all, only failures, or none; one pass each time. */
    public Iterable<ConnectionView> listedConnections() {
        return switch (options.connections()) {
            case ALL -> connections;
            case FAILED -> () -> filter(connections.iterator());
            case NONE -> List.of();
        };
    }

    /** How many connections {@link #listedConnections()} yields. */
    public long listedCount() {
        return switch (options.connections()) {
            case ALL -> connections.count();
            case FAILED -> connections.failed();
            case NONE -> 0;
        };
    }

    public long failedCount() {
        return connections.failed();
    }

    private static Iterator<ConnectionView> filter(Iterator<ConnectionView> all) {
        return new Iterator<>() {
            private ConnectionView next = advance();

            private ConnectionView advance() {
                while (all.hasNext()) {
                    ConnectionView c = all.next();
                    if (c.record().outcome().isFailure()) {
                        return c;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ConnectionView next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                ConnectionView c = next;
                next = advance();
                return c;
            }
        };
    }
}
