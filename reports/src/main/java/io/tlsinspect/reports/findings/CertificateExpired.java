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
        List<CertificateEvidence.Verdict> hits = CertificateEvidence.of(ctx, kind());
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        String s = CertificateEvidence.who(hits) + ": the server's certificate expired on "
                + Phrases.names(hits.stream().map(v -> v.certificate().notAfter()).toList())
                + " (not_after), before these connections. Install a renewed certificate and reload the server."
                + " Certificate: " + CertificateEvidence.describe(hits) + "." + CertificateEvidence.source(hits);
        long failed = hits.stream().filter(v -> v.record().outcome().isFailure()).count();
        String lead = "certificate_expired: the certificate of " + CertificateEvidence.servers(hits) + " expired on "
                + Phrases.names(hits.stream().map(v -> v.certificate().notAfter()).toList()) + "; "
                + Phrases.count(failed, "connection") + " failed" + (failed < hits.size()
                        ? " (" + (hits.size() - failed) + " more completed with it anyway)" : "") + ": renew it.";
        return Optional.of(new Finding(kind(), s, hits.stream().map(v -> v.record().id()).toList(), lead,
                java.util.Map.of("not_after", Finding.oneOrList(hits.stream().map(v -> v.certificate().notAfter()).toList()))));
    }
}
