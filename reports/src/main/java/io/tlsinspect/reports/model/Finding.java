package io.tlsinspect.reports.model;

import java.util.List;

/**
 * One finding (DESIGN §6 {@code findings}): how many connections show it, one plain sentence that
 * names who and why, and the ids that prove it.
 *
 * @param lead for a cause finding, the short sentence the diagnosis leads with (the misconfiguration
 *     and its named evidence, e.g. the expiry date); null for symptom findings, which the diagnosis
 *     explains through their cause
 */
public record Finding(FindingKind kind, String summary, List<Long> connections, String lead) {
    public Finding {
        connections = List.copyOf(connections);
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("a finding needs connections that prove it");
        }
    }

    public Finding(FindingKind kind, String summary, List<Long> connections) {
        this(kind, summary, connections, null);
    }

    public int count() {
        return connections.size();
    }
}
