package io.tlsinspect.reports.findings;

import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.List;
import java.util.Optional;

/** The certificate's not_after is before the connection (rule: {@link CertificateEvidence}). */
public final class CertificateExpired implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.CERTIFICATE_EXPIRED;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        CertificateEvidence.Verdicts hits = CertificateEvidence.of(ctx, kind());
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        String s = hits.who() + ": the server's certificate expired on " + Phrases.names(hits.notAfter.values)
                + " (not_after), before these connections. Install a renewed certificate and reload the server."
                + " Certificate: " + hits.describe() + "." + hits.source();
        long failed = hits.failed;
        String lead = "certificate_expired: the certificate of " + hits.servers() + " expired on "
                + Phrases.names(hits.notAfter.values) + "; "
                + Phrases.count(failed, "connection") + " failed" + (failed < hits.total
                        ? " (" + (hits.total - failed) + " more completed with it anyway)" : "") + ": renew it.";
        return Optional.of(new Finding(kind(), s, hits.ids, hits.total, lead,
                java.util.Map.of("not_after", hits.notAfter.oneOrList())));
    }
}
