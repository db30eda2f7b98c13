package io.tlsinspect.reports.model;

import java.util.List;

/**
 * One finding (DESIGN §6 {@code findings}): how many connections show it, one plain sentence that
 * names who and why, and the ids that prove it.
 */
public record Finding(FindingKind kind, String summary, List<Long> connections) {
    public Finding {
        connections = List.copyOf(connections);
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("a finding needs connections that prove it");
        }
    }

    public int count() {
        return connections.size();
    }
}
