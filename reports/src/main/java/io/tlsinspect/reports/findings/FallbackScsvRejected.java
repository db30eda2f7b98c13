package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.OutcomeKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A retry carrying TLS_FALLBACK_SCSV answered with inappropriate_fallback (RFC 7507 §3). The server
 * is right to refuse; the alert is a symptom, and its cause is whatever failed the attempt before.
 */
public final class FallbackScsvRejected implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.FALLBACK_SCSV_REJECTED;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Hits<HandshakeRecord> hits = ctx.hits();
        Map<Long, OutcomeKey> roots = new LinkedHashMap<>(); // per chain, not per retry: one root failure each
        Hits<HandshakeRecord> inNoChain = new Hits<>(0); // hits no listed chain holds: counted, none kept
        // every hit's chain in the same read, not only the listed hits' (the proof list is capped): a
        // second read for them made the findings' whole second round on a big capture (issue 9)
        ctx.forEachRecord(r -> {
            if (!matches(r)) {
                return;
            }
            hits.add(r);
            if (ctx.chains().isRetry(r.id())) {
                HandshakeRecord root = ctx.chainRoot(r.id());
                roots.put(root.id(), OutcomeKey.of(root));
            } else {
                inNoChain.add(r);
            }
        });
        long orphans = inNoChain.total();
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder();
        s.append(Phrases.count(hits.total(), "fallback retry")).append(" with TLS_FALLBACK_SCSV from ")
                .append(Phrases.names(hits.stream().map(r -> r.client().ip()).toList()))
                .append(' ').append(Phrases.was(hits.total())).append(" refused with inappropriate_fallback by ")
                .append(FindingContext.servers(hits))
                .append(": the alert is a symptom");
        if (!roots.isEmpty()) {
            s.append(", caused by the failed first attempts of their ").append(Phrases.count(roots.size(), "chain"))
                    .append(" (").append(Phrases.tally(roots.values())).append(')');
        }
        long unlisted = ctx.chains().unlisted();
        if (orphans > 0 && unlisted > 0) { // a retry of a chain beyond --max-chains names no chain: say so
            s.append(roots.isEmpty() ? ", " : ", and ").append(orphans).append(" are in no listed chain (")
                    .append(Phrases.count(unlisted, "more chain")).append(" counted but not listed, --max-chains;")
                    .append(" or the failed attempt predates the capture or went to a server not captured)");
        } else if (orphans > 0) {
            s.append(roots.isEmpty() ? ", " : ", and ").append(orphans).append(" had no failed attempt in the capture")
                    .append(" (it may predate the capture or have gone to a server not captured)");
        }
        s.append('.');
        return Optional.of(new Finding(kind(), s.toString(), hits.stream().map(HandshakeRecord::id).toList(), hits.total()));
    }

    /** The rule, in one place (the diagnosis reads this finding's connections, never the records again). */
    static boolean matches(HandshakeRecord r) {
        // the outcome first: it is in the record itself, the hello is another object to fetch
        return r.outcome() == Outcome.SERVER_ALERT && r.clientHello() != null && r.clientHello().fallbackScsv()
                && OutcomeKey.of(r).isServerAlert("inappropriate_fallback");
    }
}
