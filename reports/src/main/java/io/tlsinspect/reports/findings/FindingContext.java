package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.sessions.MissingCipherHit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What every finding detector may look at; built once per run. */
public record FindingContext(List<HandshakeRecord> sorted, ChainSet chains, List<MissingCipherHit> sessionHits,
                             Map<Long, HandshakeRecord> byId, Map<Long, String> families) {
    public FindingContext {
        sorted = List.copyOf(sorted);
        sessionHits = List.copyOf(sessionHits);
        byId = Map.copyOf(byId);
        families = Map.copyOf(families);
    }

    public static FindingContext of(List<HandshakeRecord> sorted, ChainSet chains, List<MissingCipherHit> sessionHits) {
        return of(sorted, chains, sessionHits, Map.of());
    }

    /** @param families connection id -> the client family its own hello shows (absent when unknown) */
    public static FindingContext of(List<HandshakeRecord> sorted, ChainSet chains, List<MissingCipherHit> sessionHits,
                                    Map<Long, String> families) {
        Map<Long, HandshakeRecord> byId = new HashMap<>();
        for (HandshakeRecord r : sorted) {
            byId.put(r.id(), r);
        }
        return new FindingContext(sorted, chains, sessionHits, byId, families);
    }

    /** The family of a connection's client, or "unknown client". */
    public String familyOf(long id) {
        return families.getOrDefault(id, "unknown client");
    }

    public HandshakeRecord record(long id) {
        return byId.get(id);
    }

    /** The first attempt of the listed chain a connection belongs to, or null. */
    public HandshakeRecord chainRoot(long id) {
        Chain c = chains.chainOf(id);
        return c == null ? null : byId.get(c.rootConnection());
    }

    /**
     * "shop.example at 192.0.2.11, 192.0.2.12 and 192.0.2.13" — servers grouped by the name clients
     * asked for (round-robin DNS puts one name on several addresses); just addresses without SNI.
     */
    public static String servers(List<HandshakeRecord> records) {
        Map<String, List<String>> byName = new java.util.LinkedHashMap<>();
        for (HandshakeRecord r : records) {
            String sni = r.serverName();
            byName.computeIfAbsent(sni == null || sni.isEmpty() ? "" : sni, k -> new java.util.ArrayList<>()).add(r.server().ip());
        }
        List<String> parts = new java.util.ArrayList<>();
        byName.forEach((name, ips) -> parts.add(name.isEmpty() ? Phrases.names(ips) : name + " at " + Phrases.names(ips)));
        return parts.size() <= Phrases.MAX_NAMES ? String.join("; ", parts)
                : String.join("; ", parts.subList(0, Phrases.MAX_NAMES)) + "; and " + (parts.size() - Phrases.MAX_NAMES) + " more names";
    }

}
