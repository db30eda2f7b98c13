package io.tlsinspect.reports.findings;

import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.List;
import java.util.Optional;

/** A self-signed certificate, or one whose issuer the client does not know (rule: {@link CertificateEvidence}). */
public final class CertificateUntrusted implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.CERTIFICATE_UNTRUSTED;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        CertificateEvidence.Verdicts hits = CertificateEvidence.of(ctx, kind());
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        boolean selfSigned = hits.allSelfSigned;
        String issuers = Phrases.names(hits.issuersMarked.values);
        String s = hits.who() + ": the clients do not trust the certificate's issuer, " + issuers
                + (selfSigned ? ": the certificate is self-signed, so no client trusts it unless told to."
                        : ": an issuer the clients do not know (send the intermediate certificates in ssl_certificate, or use a public CA).")
                + " Install a certificate from a CA the clients trust. Certificate: " + hits.describe() + "." + hits.source();
        String lead = "certificate_untrusted: clients rejected the certificate of " + hits.servers()
                + " on " + Phrases.count(hits.total, "connection") + (selfSigned ? ": it is self-signed (issuer " : ": its issuer is unknown to them (")
                + Phrases.names(hits.issuers.values) + ").";
        java.util.Map<String, Object> evidence = new java.util.LinkedHashMap<>();
        evidence.put("issuer", hits.issuers.oneOrList());
        evidence.put("self_signed", selfSigned);
        return Optional.of(new Finding(kind(), s, hits.ids, hits.total, lead, evidence));
    }
}
