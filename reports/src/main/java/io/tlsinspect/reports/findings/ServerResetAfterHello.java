package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * server_reset after a ClientHello. A TLS server that dislikes a hello says so with an alert; a
 * bare reset more often comes from something in front of it, and is the classic first failure that
 * makes browsers fall back (the seed incident).
 */
public final class ServerResetAfterHello implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.SERVER_RESET_AFTER_HELLO;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Hits<HandshakeRecord> hits = ctx.hits(r -> r.outcome() == Outcome.SERVER_RESET);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        List<String> clients = new ArrayList<>();
        long roots = 0;
        for (HandshakeRecord r : hits) {
            clients.add(r.client().ip());
        }
        for (Chain c : ctx.chains().chains()) { // every hit, not only the listed ones
            if (c.rootOutcome().outcome() == Outcome.SERVER_RESET) {
                roots++;
            }
        }
        String chained = roots == 0 ? "" : "; " + roots + " of them " + Phrases.was(roots)
                + " the first attempt of a fallback chain";
        String s = Phrases.count(hits.total(), "ClientHello") + " from " + Phrases.names(clients)
                + " " + Phrases.was(hits.total()) + " answered by a bare TCP reset from " + FindingContext.servers(hits)
                + chained + ": a TLS server refuses with an alert, so look at what sits in front of it"
                + " (middlebox, load balancer, firewall) or at crashing workers.";
        String lead = "server_reset_after_hello: " + Phrases.count(hits.total(), "ClientHello") + " to "
                + FindingContext.servers(hits) + " answered by a bare TCP reset: look at the firewall, middlebox or"
                + " load balancer in front of it.";
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total(), lead, java.util.Map.of()));
    }
}
