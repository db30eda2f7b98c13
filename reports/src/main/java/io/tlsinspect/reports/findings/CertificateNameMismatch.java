package io.tlsinspect.reports.findings;

import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.List;
import java.util.Optional;

/** The SNI is not among the certificate's names (rule: {@link CertificateEvidence}). */
public final class CertificateNameMismatch implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.CERTIFICATE_NAME_MISMATCH;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        List<CertificateEvidence.Verdict> hits = CertificateEvidence.of(ctx, kind());
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        String s = CertificateEvidence.who(hits) + ": the clients asked for "
                + Phrases.names(hits.stream().map(v -> v.record().serverName()).toList())
                + " (SNI) but the certificate covers only "
                + Phrases.names(hits.stream().map(v -> String.join(", ", CertificateEvidence.dnsNames(v.certificate()))).toList())
                + ". Serve a certificate for that name (a server block with its own ssl_certificate) or send those"
                + " clients to a name it covers. Certificate: " + CertificateEvidence.describe(hits) + "."
                + CertificateEvidence.source(hits);
        String lead = "certificate_name_mismatch: " + Phrases.count(hits.size(), "connection") + " asked "
                + Phrases.names(hits.stream().map(v -> v.record().server().ip()).toList()) + " for "
                + Phrases.names(hits.stream().map(v -> v.record().serverName()).toList())
                + " (SNI), a name its certificate does not cover (it names "
                + Phrases.names(hits.stream().map(v -> String.join(", ", CertificateEvidence.dnsNames(v.certificate()))).toList())
                + ").";
        java.util.Map<String, Object> evidence = new java.util.LinkedHashMap<>();
        evidence.put("sni", Finding.oneOrList(hits.stream().map(v -> v.record().serverName()).toList()));
        evidence.put("names", List.copyOf(new java.util.LinkedHashSet<>(hits.stream()
                .flatMap(v -> CertificateEvidence.dnsNames(v.certificate()).stream()).toList())));
        return Optional.of(new Finding(kind(), s, hits.stream().map(v -> v.record().id()).toList(), lead, evidence));
    }
}
