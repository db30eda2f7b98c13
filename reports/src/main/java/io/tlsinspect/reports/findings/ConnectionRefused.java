package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.List;
import java.util.Optional;

/** refused: the client's SYN was answered by a TCP reset (RFC 9293 §3.10.7.1: nothing listening, or a firewall rejecting). */
public final class ConnectionRefused implements FindingDetector {
    private static String where(HandshakeRecord r) {
        return r.server().ip() + ("quic".equals(r.transport().name()) ? " UDP port " : " port ") + r.server().port();
    }

    @Override
    public FindingKind kind() {
        return FindingKind.CONNECTION_REFUSED;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        // a port scan can be millions of these: count all, keep the cap
        Hits<HandshakeRecord> hits = ctx.hits(r -> r.outcome() == Outcome.REFUSED);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        long quic = hits.stream().filter(r -> "quic".equals(r.transport().name())).count();
        // issue 11: a QUIC Initial is refused by ICMP port unreachable, a SYN by a TCP reset
        String how = quic == 0 ? "the SYN was answered by a TCP reset"
                : quic == hits.size() ? "the QUIC Initial was answered by ICMP port unreachable"
                : "the SYN was answered by a TCP reset, or the QUIC Initial by ICMP port unreachable";
        String s = Phrases.count(hits.total(), "connection attempt") + " from "
                + Phrases.clients(hits.stream().map(r -> r.client().ip()).toList()) + " to "
                + Phrases.names(hits.stream().map(ConnectionRefused::where).toList())
                + " " + Phrases.was(hits.total()) + " refused: " + how + ", before any TLS."
                + " Nothing listens on that port, or a firewall in front of the server rejects connections"
                + " (check that the server listens there, and the firewall's reject rules).";
        String lead = "connection_refused: " + (quic == 0 ? Phrases.count(hits.total(), "SYN")
                : quic == hits.size() ? Phrases.count(hits.total(), "QUIC Initial")
                : Phrases.count(hits.total(), "connection attempt")) + " to "
                + Phrases.names(hits.stream().map(ConnectionRefused::where).toList())
                + " answered by " + (quic == 0 ? "a TCP reset" : quic == hits.size() ? "ICMP port unreachable"
                : "a TCP reset or ICMP port unreachable") + ": nothing listens there, or a firewall rejects them.";
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total(), lead,
                java.util.Map.of("port", Finding.oneOrList(hits.stream().map(r -> r.server().port()).toList()))));
    }
}
