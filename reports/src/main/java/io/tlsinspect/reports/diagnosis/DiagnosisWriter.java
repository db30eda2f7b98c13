package io.tlsinspect.reports.diagnosis;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.findings.FindingContext;
import io.tlsinspect.reports.findings.Phrases;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.Diagnosis;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.OutcomeKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the diagnosis: from the symptom an operator sees in the server's log to the cause. The
 * order is the argument: how many failed; which failures are symptoms (fallback alerts, required
 * cipher missing) and what first failure caused them; where to look; then what remains unexplained.
 */
public final class DiagnosisWriter {

    /**
     * What the analysis counted in its first pass, so that the diagnosis need not count it again.
     *
     * @param failures failed connections by outcome key
     */
    public record Totals(long connections, long failed, long midStream, Map<OutcomeKey, Long> failures) {
        public Totals {
            failures = Map.copyOf(failures);
        }

        /** Counts them in one pass (tests, callers without a first pass of their own). */
        public static Totals of(Iterable<HandshakeRecord> records) {
            long total = 0;
            long failed = 0;
            long midStream = 0;
            Map<OutcomeKey, Long> failures = new HashMap<>();
            for (HandshakeRecord r : records) {
                total++;
                if (r.outcome().isFailure()) {
                    failed++;
                    failures.merge(OutcomeKey.of(r), 1L, Long::sum);
                }
                midStream += r.outcome() == Outcome.MID_STREAM ? 1 : 0;
            }
            return new Totals(total, failed, midStream, failures);
        }
    }

    public Diagnosis write(FindingContext ctx, List<Finding> findings) {
        return write(ctx, findings, Totals.of(ctx.sorted()));
    }

    /**
     * The outcome of the connections the findings and chains name (a bounded set: proof lists are
     * capped, chains listed up to {@code --max-chains}) from what the findings and chains kept of them,
     * or, when one of them is not known there, from one pass over the records; the rest comes from
     * {@code totals}.
     */
    public Diagnosis write(FindingContext ctx, List<Finding> findings, Totals totals) {
        List<String> out = new ArrayList<>();
        long total = totals.connections();
        long failed = totals.failed();
        long midStream = totals.midStream();
        Set<Long> inFindings = new HashSet<>(); // the findings' proof lists: capped, so bounded
        findings.forEach(f -> inFindings.addAll(f.connections()));
        Set<Long> named = new HashSet<>(inFindings); // every connection the sentences below may explain
        for (Chain c : ctx.chains().chains()) {
            named.addAll(c.attempts());
        }
        Map<Long, OutcomeKey> namedFailures = new HashMap<>();
        if (failed > 0 && !named.isEmpty() && named.stream().allMatch(ctx::outcomeKnown)) {
            for (long id : named) { // known from the findings' proof and the chains: no read
                OutcomeKey k = ctx.failureOf(id);
                if (k != null) {
                    namedFailures.put(id, k);
                }
            }
        } else if (failed > 0 && !named.isEmpty()) {
            for (HandshakeRecord r : ctx.sorted()) { // one pass: the records are read, not held
                if (r.outcome().isFailure() && named.contains(r.id())) {
                    namedFailures.put(r.id(), OutcomeKey.of(r));
                }
            }
        }
        Set<Long> failedInFindings = new HashSet<>();
        for (long id : inFindings) {
            if (namedFailures.containsKey(id)) {
                failedInFindings.add(id);
            }
        }
        String headline;
        if (total == 0) {
            headline = "No TCP connections to the TLS port were seen.";
        } else if (failed == 0) {
            headline = "All " + Phrases.count(total - midStream, "handshake") + " seen completed; nothing failed.";
        } else {
            headline = failed + " of " + Phrases.count(total, "connection") + " failed.";
        }
        if (midStream > 0) {
            out.add(Phrases.count(midStream, "connection") + " began before the capture and "
                    + (midStream == 1 ? "is" : "are") + " left out of failure statistics.");
        }
        Set<Long> explained = new HashSet<>();
        explainH3Fallback(findings, out, explained);
        explainFallbackAlerts(ctx, findings, out, explained);
        explainOtherChains(ctx, out, explained);
        explainResumption(ctx, findings, out, explained);
        explainCauses(failedInFindings, findings, out, explained);
        explainRest(totals, namedFailures, out, explained);
        findings.stream().filter(f -> f.kind() == FindingKind.DOWNGRADE_WITHOUT_SCSV).findFirst()
                .ifPresent(f -> out.add(f.summary()));
        return new Diagnosis(headline, out);
    }

    /**
     * Issue 11: failed HTTP/3 attempts a browser fell back from lead, like a fallback chain's first
     * failure: the finding's sentence names how the QUIC attempts failed and where to look.
     */
    private void explainH3Fallback(List<Finding> findings, List<String> out, Set<Long> explained) {
        for (Finding f : findings) {
            if (f.kind() == FindingKind.H3_FALLBACK) {
                out.add(f.lead());
                explained.addAll(f.connections());
            }
        }
    }

    /**
     * The fallback_scsv_rejected finding's alerts are symptoms: symptom -> chain roots -> where to look.
     * The finding decides which alerts these are; this only explains them.
     */
    private void explainFallbackAlerts(FindingContext ctx, List<Finding> findings, List<String> out, Set<Long> explained) {
        Finding alertFinding = findings.stream().filter(f -> f.kind() == FindingKind.FALLBACK_SCSV_REJECTED)
                .findFirst().orElse(null);
        if (alertFinding == null) {
            return;
        }
        List<Long> alerts = alertFinding.connections(); // the listed proof; the count below is the finding's
        Map<Integer, Chain> chains = new LinkedHashMap<>();
        long orphans = 0; // among the listed proof (all of them unless the list was cut)
        for (long id : alerts) {
            explained.add(id);
            if (ctx.chains().isRetry(id)) {
                Chain c = ctx.chains().chainOf(id);
                chains.put(c.id(), c);
            } else {
                orphans++;
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(Phrases.count(alertFinding.count(), "server alert")).append(" inappropriate_fallback ")
                .append(alertFinding.count() == 1 ? "is a symptom" : "are symptoms").append(": ")
                .append(alertFinding.count() == 1 ? "it answers a fallback retry" : "they answer fallback retries")
                .append(" (TLS_FALLBACK_SCSV)");
        if (!chains.isEmpty()) {
            List<OutcomeKey> roots = chains.values().stream().map(Chain::rootOutcome).toList();
            s.append(chains.size() == 1 ? " of an attempt that first failed with " : " of attempts that first failed with ")
                    .append(Phrases.tally(roots))
                    .append(" (").append(Phrases.count(chains.size(), "chain")).append("; clients ")
                    .append(Phrases.names(chains.values().stream().map(Chain::clientIp).toList())).append(")");
            chains.values().forEach(c -> explained.add(c.rootConnection()));
            s.append(". Look at ").append(RootCauseAdvice.lookAt(mostCommon(roots)))
                    .append(" rather than at the fallback alerts");
        }
        if (orphans > 0) {
            s.append(chains.isEmpty() ? ". " : "; ").append(orphans)
                    .append(orphans == 1 ? " has" : " have")
                    .append(" no earlier failed attempt in the capture: capture every server behind the name,"
                            + " and from earlier, to see the first failure");
        }
        s.append('.');
        out.add(s.toString());
    }

    /** Chains not already explained through a fallback alert. */
    private void explainOtherChains(FindingContext ctx, List<String> out, Set<Long> explained) {
        List<Chain> rest = new ArrayList<>();
        for (Chain c : ctx.chains().chains()) {
            if (!explained.contains(c.rootConnection())) {
                rest.add(c);
            }
        }
        ChainSet all = ctx.chains();
        if (rest.isEmpty()) {
            if (!all.chains().isEmpty()) {
                long recovered = all.chains().stream().filter(Chain::recovered).count();
                int n = all.chains().size();
                out.add(recovered == 0
                        ? (n == 1 ? "The fallback chain did not recover" : "None of the " + n + " fallback chains recovered")
                                + ": those users saw an error page."
                        : recovered + " of " + Phrases.count(all.chains().size(), "fallback chain") + " recovered by falling back.");
            }
            return;
        }
        List<OutcomeKey> roots = rest.stream().map(Chain::rootOutcome).toList();
        long recovered = rest.stream().filter(Chain::recovered).count();
        rest.forEach(c -> explained.addAll(c.attempts()));
        out.add((rest.size() == all.chains().size() ? "" : "Besides those, ") + Phrases.count(rest.size(), "fallback chain")
                + " by " + Phrases.names(rest.stream().map(Chain::clientIp).toList()) + " began with "
                + Phrases.tally(roots) + "; " + recovered + " recovered by falling back. Look at "
                + RootCauseAdvice.lookAt(mostCommon(roots)) + ".");
    }

    private void explainResumption(FindingContext ctx, List<Finding> findings, List<String> out, Set<Long> explained) {
        for (Finding f : findings) {
            if (f.kind() == FindingKind.RESUMPTION_CIPHER_MISSING) {
                explained.addAll(f.connections());
                long retries = f.connections().stream().filter(ctx.chains()::isRetry).count();
                out.add(f.summary() + (retries > 0
                        ? " Like the fallback alerts, this follows from the first failure: fix that and these go away."
                        : ""));
            }
        }
    }

    /**
     * The cause findings (those with a lead sentence) for failures not yet explained, in finding
     * order: each names the misconfiguration and its evidence, so the first lines say what to fix.
     */
    private void explainCauses(Set<Long> failedInFindings, List<Finding> findings, List<String> out, Set<Long> explained) {
        for (Finding f : findings) {
            if (f.lead() == null) {
                continue;
            }
            boolean news = f.connections().stream().anyMatch(id -> !explained.contains(id) && failedInFindings.contains(id));
            if (news) {
                out.add(f.lead());
                explained.addAll(f.connections());
            }
        }
    }

    /**
     * Failures no chain, symptom or cause finding accounts for, by outcome: said to be unexplained.
     * Every explained connection is a named one, so the rest is every failure less the explained failures.
     */
    private void explainRest(Totals totals, Map<Long, OutcomeKey> namedFailures, List<String> out, Set<Long> explained) {
        Map<OutcomeKey, Long> rest = new HashMap<>(totals.failures());
        for (long id : explained) {
            OutcomeKey k = namedFailures.get(id);
            if (k != null) {
                rest.merge(k, -1L, Long::sum);
            }
        }
        Map<String, Long> keys = new java.util.TreeMap<>(); // counted, not listed: one entry per outcome
        rest.forEach((k, n) -> {
            if (n > 0) {
                keys.merge(k.toString(), n, Long::sum);
            }
        });
        if (!keys.isEmpty()) {
            out.add((explained.isEmpty() ? "Failures" : "Other failures") + " by outcome: " + Phrases.tallyCounts(keys)
                    + " (no finding names their cause; the connections table below shows each one).");
        }
    }

    private static OutcomeKey mostCommon(List<OutcomeKey> keys) {
        Map<OutcomeKey, Integer> counts = new LinkedHashMap<>();
        keys.forEach(k -> counts.merge(k, 1, Integer::sum));
        return counts.entrySet().stream().max(Comparator.comparingInt(Map.Entry::getValue)).orElseThrow().getKey();
    }
}
