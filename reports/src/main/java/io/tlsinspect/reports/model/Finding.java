package io.tlsinspect.reports.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One finding (DESIGN §6 {@code findings}): how many connections show it, one plain sentence that
 * names who and why, and the ids that prove it.
 *
 * @param connections the proof, in time order: the first {@link AnalysisOptions#proofCap()} of them
 * @param count how many connections show the finding (at least {@code connections.size()})
 * @param lead for a cause finding, the short sentence the diagnosis leads with (the misconfiguration
 *     and its named evidence, e.g. the expiry date); null for symptom findings, which the diagnosis
 *     explains through their cause
 * @param evidence the named cause as values (docs/json.md {@code findings[].evidence}: {@code not_after},
 *     {@code sni}, {@code names}, {@code issuer}, {@code self_signed}, {@code max_server_version},
 *     {@code port}, {@code offered_suite_families}); values are strings, booleans, numbers or lists of them
 */
public record Finding(FindingKind kind, String summary, List<Long> connections, long count, String lead,
                      Map<String, Object> evidence) {
    public Finding {
        connections = List.copyOf(connections);
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("a finding needs connections that prove it");
        }
        if (count < connections.size()) {
            throw new IllegalArgumentException("count " + count + " below the " + connections.size() + " listed");
        }
    }

    public Finding(FindingKind kind, String summary, List<Long> connections) {
        this(kind, summary, connections, connections.size(), null, Map.of());
    }

    public Finding(FindingKind kind, String summary, List<Long> connections, long count) {
        this(kind, summary, connections, count, null, Map.of());
    }

    public Finding(FindingKind kind, String summary, List<Long> connections, String lead) {
        this(kind, summary, connections, connections.size(), lead, Map.of());
    }

    public Finding(FindingKind kind, String summary, List<Long> connections, String lead, Map<String, Object> evidence) {
        this(kind, summary, connections, connections.size(), lead, evidence);
    }

    /** Whether the proof list was cut at the cap (JSON {@code connections_truncated}). */
    public boolean truncated() {
        return count > connections.size();
    }

    /** One value when all are equal, else the distinct values in first-seen order (evidence across servers). */
    public static Object oneOrList(List<?> values) {
        List<Object> distinct = List.copyOf(new LinkedHashSet<>(values));
        return distinct.size() == 1 ? distinct.get(0) : distinct;
    }
}
