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
        CertificateEvidence.Verdicts hits = CertificateEvidence.of(ctx, kind());
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        String s = hits.who() + ": the clients asked for " + Phrases.names(hits.serverNames.values)
                + " (SNI) but the certificate covers only " + Phrases.names(hits.certNameList.values)
                + ". Serve a certificate for that name (a server block with its own ssl_certificate) or send those"
                + " clients to a name it covers. Certificate: " + hits.describe() + "." + hits.source();
        String lead = "certificate_name_mismatch: " + Phrases.count(hits.total, "connection") + " asked "
                + Phrases.names(hits.serverIps.values) + " for " + Phrases.names(hits.serverNames.values)
                + " (SNI), a name its certificate does not cover (it names " + Phrases.names(hits.certNameList.values) + ").";
        java.util.Map<String, Object> evidence = new java.util.LinkedHashMap<>();
        evidence.put("sni", hits.serverNames.oneOrList());
        evidence.put("names", List.copyOf(hits.certNames.values));
        return Optional.of(new Finding(kind(), s, hits.ids, hits.total, lead, evidence));
    }
}
