package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The client refused the server's certificate: a client_alert whose description is about
 * certificates (RFC 8446 §6.2), or, in TLS 1.3 where the alert is encrypted, a client alert that
 * the decoder saw right after the server's flight (inferred; the description cannot be read).
 */
public final class ClientRejectedCertificate implements FindingDetector {
    /** RFC 5246 §7.2.2 / RFC 8446 §6.2 alerts a client sends about the server's certificate. */
    static final Set<String> CERTIFICATE_ALERTS = Set.of("bad_certificate", "unsupported_certificate",
            "certificate_revoked", "certificate_expired", "certificate_unknown", "unknown_ca",
            "bad_certificate_status_response");

    @Override
    public FindingKind kind() {
        return FindingKind.CLIENT_REJECTED_CERTIFICATE;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Hits<HandshakeRecord> hits = ctx.hits();
        Hits<String> reasons = ctx.hits();
        for (HandshakeRecord r : ctx.sorted()) {
            if (r.outcome() != Outcome.CLIENT_ALERT) {
                continue;
            }
            AlertEvent a = r.decisiveAlert();
            if (a == null) {
                continue;
            }
            if (a.description() != null && CERTIFICATE_ALERTS.contains(a.description())) {
                hits.add(r);
                reasons.add(a.description());
            } else if (a.description() == null && a.encrypted() && r.serverHello() != null) {
                hits.add(r);
                reasons.add("an encrypted alert (inferred)");
            }
        }
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        String s = Phrases.count(hits.total(), "client") + " (" + Phrases.names(hits.stream().map(r -> r.client().ip()).toList())
                + ") rejected the certificate of " + FindingContext.servers(hits)
                + " with " + Phrases.names(reasons)
                + ": check the chain the server sends, its expiry and the name it covers.";
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total()));
    }
}
