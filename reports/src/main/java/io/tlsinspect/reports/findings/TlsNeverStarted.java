package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * tls_never_started: the cause of the outcome of the same name. The connection spoke a protocol that
 * can start TLS (SMTP, IMAP, LDAP, PostgreSQL ...), and the client went on in plaintext without asking:
 * nothing on the wire forced TLS, so the client's settings (or the server's) allow plaintext.
 */
public final class TlsNeverStarted implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.TLS_NEVER_STARTED;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Hits<HandshakeRecord> hits = ctx.hits(r -> r.outcome() == Outcome.TLS_NEVER_STARTED);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> byProtocol = new LinkedHashMap<>();
        for (HandshakeRecord r : hits) {
            byProtocol.merge(r.transport().preamble() == null ? "?" : r.transport().preamble(), 1L, Long::sum);
        }
        String protocols = Phrases.tallyCounts(byProtocol);
        String s = Phrases.count(hits.total(), "connection") + " from "
                + Phrases.clients(hits.stream().map(r -> r.client().ip()).toList()) + " to "
                + FindingContext.servers(hits) + " (" + protocols + ") never asked to start TLS: the client went on"
                + " in plaintext (no STARTTLS, SSLRequest or SSL request), so its credentials and data crossed the"
                + " network unencrypted. Require TLS on the client (e.g. sslmode=require, --ssl-reqd) or on the"
                + " server (refuse plaintext logins or mail).";
        String lead = "tls_never_started: " + Phrases.count(hits.total(), "connection") + " (" + protocols
                + ") went on in plaintext without asking for TLS: require TLS on the client or the server.";
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total(), lead,
                Map.of("preamble", Finding.oneOrList(hits.stream().map(r -> r.transport().preamble()).toList()))));
    }
}
