package io.tlsinspect.reports.findings;

import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.List;
import java.util.Optional;

/**
 * The client refused the server's certificate and the certificate does not show why: TLS 1.3 hid it
 * and no TLS 1.2 connection to the same address and name showed it, or it looks right for the dates
 * and the name (rule: {@link CertificateEvidence}; the specific causes are the other certificate
 * findings).
 */
public final class ClientRejectedCertificate implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.CLIENT_REJECTED_CERTIFICATE;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        CertificateEvidence.Verdicts hits = CertificateEvidence.of(ctx, kind());
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        long hidden = hits.total - hits.seen;
        String s = hits.who() + ": the clients rejected the server's certificate.";
        if (hidden > 0) {
            s += " For " + hidden + " of them the certificate is hidden: TLS 1.3 encrypts it and no TLS 1.2 connection"
                    + " to the same server address and name showed it (capture one, e.g. openssl s_client -tls1_2,"
                    + " to see its dates, names and issuer).";
            long unlooked = hits.evaluation.notLookedUp;
            if (unlooked > 0) {
                s += " " + unlooked + " of the hidden went to server addresses and names beyond the first "
                        + hits.evaluation.pairCap + " that showed a certificate, whose certificates are not remembered"
                        + " (a TLS 1.2 connection to them may have shown one).";
            }
        }
        if (hits.seen > 0) {
            s += " The certificate seen is valid for the name and the dates: check the chain it is sent with"
                    + " (missing intermediates) and whether the clients trust its issuer. Certificate: "
                    + hits.describe() + "." + hits.source();
        }
        String lead = "client_rejected_certificate: clients rejected the certificate of " + hits.servers()
                + " on " + Phrases.count(hits.total, "connection") + (hidden > 0 ? " (hidden by TLS 1.3; see the finding)." : " (see the finding).");
        return Optional.of(new Finding(kind(), s, hits.ids, hits.total, lead, java.util.Map.of()));
    }
}
