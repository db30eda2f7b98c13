package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.List;
import java.util.Optional;

/** not_tls: the client's first bytes were not TLS (plain HTTP to 443, a scanner, a misrouted protocol). */
public final class NotTlsOnTlsPort implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.NOT_TLS_ON_TLS_PORT;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Hits<HandshakeRecord> hits = ctx.hits(r -> r.outcome() == Outcome.NOT_TLS);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        String s = Phrases.count(hits.total(), "connection") + " from "
                + Phrases.names(hits.stream().map(r -> r.client().ip()).toList()) + " sent something other than TLS to "
                + Phrases.names(hits.stream().map(r -> r.server().toString()).toList())
                + " (plain HTTP to the TLS port, or a scanner); these are not handshake failures of TLS clients.";
        String lead = "not_tls_on_tls_port: " + Phrases.count(hits.total(), "connection")
                + " sent something other than TLS to the TLS port (plain HTTP, or a scanner).";
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total(), lead, java.util.Map.of()));
    }
}
