package io.tlsinspect.reports.model;

import java.util.List;

/**
 * One finding (DESIGN §6 {@code findings}): how many connections show it, one plain sentence that
 * names who and why, and the ids that prove it.
 *
 * @param connections the proof, in time order: the first {@link AnalysisOptions#proofCap()} of them
 * @param count how many connections show the finding (at least {@code connections.size()})
 */
public record Finding(FindingKind kind, String summary, List<Long> connections, long count) {
    public Finding {
        connections = List.copyOf(connections);
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("a finding needs connections that prove it");
        }
        if (count < connections.size()) {
            throw new IllegalArgumentException("count " + count + " below the " + connections.size() + " listed");
        }
    }

    public Finding(FindingKind kind, String summary, List<Long> connections) {
        this(kind, summary, connections, connections.size());
    }

    /** Whether the proof list was cut at the cap (JSON {@code connections_truncated}). */
    public boolean truncated() {
        return count > connections.size();
    }
}
