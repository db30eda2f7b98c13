package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * starttls_refused: the cause of the outcome of the same name. The client asked to start TLS after a
 * preamble (STARTTLS, AUTH TLS, StartTLS, SSLRequest, a proxy's CONNECT) and the server said no; the
 * finding quotes what the server answered (a reply line is wire text: the renderers escape it).
 */
public final class StarttlsRefused implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.STARTTLS_REFUSED;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Hits<HandshakeRecord> hits = ctx.hits(r -> r.outcome() == Outcome.STARTTLS_REFUSED);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<String>> repliesByProtocol = new LinkedHashMap<>();
        List<String> replies = new ArrayList<>();
        for (HandshakeRecord r : hits) {
            String reply = r.transport().refusal();
            String protocol = r.transport().preamble() == null ? "?" : r.transport().preamble();
            List<String> rs = repliesByProtocol.computeIfAbsent(protocol, k -> new ArrayList<>());
            String quoted = reply == null ? "(no reply read)" : "\"" + reply + "\"";
            if (!rs.contains(quoted)) {
                rs.add(quoted);
            }
            if (reply != null) {
                replies.add(reply);
            }
        }
        List<String> parts = new ArrayList<>();
        repliesByProtocol.forEach((p, rs) -> parts.add(p + " " + String.join(", ", rs)));
        String s = Phrases.count(hits.total(), "connection") + " from "
                + Phrases.clients(hits.stream().map(r -> r.client().ip()).toList()) + " to "
                + FindingContext.servers(hits) + " asked to start TLS and " + Phrases.was(hits.total())
                + " refused by the server: " + String.join("; ", parts) + ". The server is not set up for TLS"
                + " (no certificate, TLS switched off, or a proxy rule that forbids the target): fix its TLS"
                + " configuration, or the clients give up or go on in plaintext.";
        String lead = "starttls_refused: " + FindingContext.servers(hits) + " refused "
                + Phrases.count(hits.total(), "request") + " to start TLS (" + String.join("; ", parts) + ").";
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("preamble", Finding.oneOrList(hits.stream().map(r -> r.transport().preamble()).toList()));
        if (!replies.isEmpty()) {
            evidence.put("reply", Finding.oneOrList(replies));
        }
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total(), lead,
                evidence));
    }
}
