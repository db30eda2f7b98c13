package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.RecordSource;
import io.tlsinspect.reports.sessions.MissingCipherHit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What every finding detector may look at; built once per run. {@code sorted} is a pass over every
 * record in time order, read again each time it is iterated (DESIGN §3: nothing holds every record);
 * the only records kept are chain roots and the connections of session hits ({@link #record}).
 *
 * @param sessionHits the first {@code proofCap} hits; {@code sessionHitCount} counts them all
 * @param proofCap most hits a detector keeps ({@link #hits()})
 * @param family the client family a connection's own hello shows (null when unknown)
 * @param certificates the certificate findings' one evaluation of these records, made when first asked
 * @param servers what each server was seen to choose, from the first pass ({@link ServerChoices})
 * @param proofOutcomes how the records a detector kept as proof ended (empty: not a failure), shared
 *        by every copy of this context: the diagnosis reads the proof connections' outcomes here
 *        instead of reading the records again. Bounded: each capped proof list adds at most proofCap.
 */
public record FindingContext(RecordSource sorted, ChainSet chains, List<MissingCipherHit> sessionHits,
                             long sessionHitCount, Map<Long, HandshakeRecord> kept, int proofCap,
                             java.util.function.Function<HandshakeRecord, String> family,
                             CertificateEvidence.Shared certificates, ServerChoices servers,
                             Map<Long, java.util.Optional<OutcomeKey>> proofOutcomes) {
    public FindingContext {
        sessionHits = List.copyOf(sessionHits);
        kept = Map.copyOf(kept);
    }

    /** With a certificate evaluation of its own (default caps). */
    public FindingContext(RecordSource sorted, ChainSet chains, List<MissingCipherHit> sessionHits,
                          long sessionHitCount, Map<Long, HandshakeRecord> kept, int proofCap,
                          java.util.function.Function<HandshakeRecord, String> family, ServerChoices servers) {
        this(sorted, chains, sessionHits, sessionHitCount, kept, proofCap, family, new CertificateEvidence.Shared(), servers);
    }

    /** With no proof kept yet. */
    public FindingContext(RecordSource sorted, ChainSet chains, List<MissingCipherHit> sessionHits,
                          long sessionHitCount, Map<Long, HandshakeRecord> kept, int proofCap,
                          java.util.function.Function<HandshakeRecord, String> family,
                          CertificateEvidence.Shared certificates, ServerChoices servers) {
        this(sorted, chains, sessionHits, sessionHitCount, kept, proofCap, family, certificates, servers,
                new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** In-memory records, no cap beyond the list (tests). */
    public static FindingContext of(List<HandshakeRecord> sorted, ChainSet chains, List<MissingCipherHit> sessionHits) {
        Map<Long, HandshakeRecord> byId = new java.util.HashMap<>();
        for (HandshakeRecord r : sorted) {
            byId.put(r.id(), r);
        }
        return new FindingContext(RecordSource.of(sorted), chains, sessionHits, sessionHits.size(), byId,
                Math.max(1, sorted.size()), r -> null, ServerChoices.of(sorted));
    }

    /** The family of a connection's client (from its own hello), or "unknown client". */
    public String familyOf(HandshakeRecord r) {
        String f = family.apply(r);
        return f == null ? "unknown client" : f;
    }

    /** A connection the analysis kept: a chain root or a session hit's connection; else null. */
    public HandshakeRecord record(long id) {
        HandshakeRecord r = kept.get(id);
        return r != null ? r : chains.roots().get(id);
    }

    /** The first attempt of the listed chain a connection belongs to, or null. */
    public HandshakeRecord chainRoot(long id) {
        io.tlsinspect.reports.model.Chain c = chains.chainOf(id);
        if (c == null) {
            return null;
        }
        HandshakeRecord root = chains.roots().get(c.rootConnection());
        return root != null ? root : kept.get(c.rootConnection());
    }

    /** An empty capped hit list; the records it keeps are remembered with their outcome ({@link #outcomeKnown}). */
    public <T> Hits<T> hits() {
        return new Hits<>(proofCap, v -> {
            if (v instanceof HandshakeRecord r) {
                keptAsProof(r);
            }
        });
    }

    /** A record a detector keeps in a proof list: its outcome is remembered ({@link #outcomeKnown}). */
    void keptAsProof(HandshakeRecord r) {
        proofOutcomes.putIfAbsent(r.id(), r.outcome().isFailure()
                ? java.util.Optional.of(OutcomeKey.of(r)) : java.util.Optional.empty());
    }

    /**
     * Whether the analysis knows how a connection ended without reading the records again: a record
     * a detector kept as proof, a kept record (session hit, chain root), or an attempt of a listed chain.
     */
    public boolean outcomeKnown(long id) {
        return proofOutcomes.containsKey(id) || record(id) != null || chains.outcomeKnown(id);
    }

    /** The outcome key of a connection {@link #outcomeKnown} when it failed; null when it did not. */
    public OutcomeKey failureOf(long id) {
        java.util.Optional<OutcomeKey> proof = proofOutcomes.get(id);
        if (proof != null) {
            return proof.orElse(null);
        }
        HandshakeRecord r = record(id);
        if (r != null) {
            return r.outcome().isFailure() ? OutcomeKey.of(r) : null;
        }
        return chains.failureOf(id);
    }

    /** The records that match, in time order, capped (the count stays exact). */
    public Hits<HandshakeRecord> hits(Predicate<HandshakeRecord> rule) {
        Hits<HandshakeRecord> h = hits();
        forEachRecord(r -> {
            if (rule.test(r)) {
                h.add(r);
            }
        });
        return h;
    }

    /**
     * Every record to {@code rule}, in time order: the loop of every detector, in this one method.
     * A loop written in each detector runs once per report, so the JIT compiles it only mid-loop
     * (on-stack replacement), after tens of thousands of records read by the interpreter, once per
     * detector: that was half of the findings' time on a 1 GiB capture. This loop warms up with the
     * records of every detector, and each rule is compiled after its first few hundred calls.
     */
    public void forEachRecord(Consumer<HandshakeRecord> rule) {
        for (HandshakeRecord r : sorted) {
            rule.accept(r);
        }
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
