package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.List;
import java.util.Optional;

/** no_server_response: TCP was accepted, the ClientHello sent, and nothing came back. */
public final class ServerUnresponsive implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.SERVER_UNRESPONSIVE;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Hits<HandshakeRecord> hits = ctx.hits(r -> r.outcome() == Outcome.NO_SERVER_RESPONSE);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        String s = Phrases.count(hits.total(), "ClientHello") + " from "
                + Phrases.names(hits.stream().map(r -> r.client().ip()).toList()) + " to "
                + FindingContext.servers(hits)
                + " got no answer at all: "
                + (hits.stream().allMatch(r -> "quic".equals(r.transport().name()))
                        ? "nothing answered the QUIC Initial (UDP dropped on the way, no QUIC server there, or a"
                                + " server overloaded or hung)."
                        : "the server accepted the TCP connection but never replied (overloaded, hung, or a device"
                                + " in front of it swallowing the hello).");
        String lead = "server_unresponsive: " + Phrases.count(hits.total(), "ClientHello") + " to "
                + FindingContext.servers(hits) + " never answered: the server (or a device in front of it) is hung or drops them.";
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total(), lead, java.util.Map.of()));
    }
}
