package io.tlsinspect.reports.findings;

import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.WireNames;
import io.tlsinspect.reports.sessions.MissingCipherHit;
import java.util.List;
import java.util.Optional;

/**
 * A ClientHello offered a known session ID without that session's cipher (found by
 * {@link io.tlsinspect.reports.sessions.SessionTracker}): OpenSSL's "required cipher missing".
 * Browsers did this when a fallback retry kept the session but dropped suites.
 */
public final class ResumptionCipherMissing implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.RESUMPTION_CIPHER_MISSING;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        List<MissingCipherHit> hits = ctx.sessionHits();
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        long retries = hits.stream().filter(h -> ctx.chains().isRetry(h.connectionId())).count();
        String clients = Phrases.names(hits.stream().map(h -> ctx.record(h.connectionId()).client().ip()).toList());
        String ciphers = Phrases.names(hits.stream().map(h -> WireNames.suite(h.session().cipher())).toList());
        String retryNote = retries == 0 ? "" : ctx.sessionHitCount() == 1 ? "; it was a fallback retry that kept the session"
                + " but dropped suites" : "; " + retries + " of them " + Phrases.was(retries)
                + " fallback retries that kept the session but dropped suites";
        String s = Phrases.count(ctx.sessionHitCount(), "ClientHello") + " from " + clients
                + " offered to resume a session without offering its cipher (" + ciphers
                + "), which OpenSSL rejects as \"required cipher missing\"" + retryNote + ".";
        return Optional.of(new Finding(kind(), s, hits.stream().map(MissingCipherHit::connectionId).toList(),
                ctx.sessionHitCount()));
    }
}
