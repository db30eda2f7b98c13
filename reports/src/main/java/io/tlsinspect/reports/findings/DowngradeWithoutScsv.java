package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fallback retry without TLS_FALLBACK_SCSV that was established at a version lower than the
 * chain's first attempt offered: the server could not tell the downgrade from a genuine old client
 * (RFC 7507's whole point), so an attacker who causes first-attempt failures gets a weaker session.
 */
public final class DowngradeWithoutScsv implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.DOWNGRADE_WITHOUT_SCSV;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Hits<HandshakeRecord> hits = ctx.hits();
        Hits<String> detail = ctx.hits();
        ctx.forEachRecord(r -> {
            // the record's own fields first: the chain look-up boxed an id for every record
            if (r.outcome() != Outcome.ESTABLISHED || r.version() == 0 || !ctx.chains().isRetry(r.id())
                    || r.clientHello().fallbackScsv()) {
                return;
            }
            HandshakeRecord root = ctx.chainRoot(r.id());
            if (r.version() < root.clientHello().maxVersion()) {
                hits.add(r);
                detail.add(TlsVersion.name(r.version()) + " instead of " + TlsVersion.name(root.clientHello().maxVersion()));
            }
        });
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        String s = Phrases.count(hits.total(), "connection") + " from "
                + Phrases.names(hits.stream().map(h -> h.client().ip()).toList())
                + " succeeded only after falling back without TLS_FALLBACK_SCSV (" + Phrases.names(detail)
                + "): the server could not detect the downgrade, and the session is weaker than both sides support.";
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total()));
    }
}
