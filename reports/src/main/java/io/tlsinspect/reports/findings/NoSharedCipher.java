package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.WireNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * handshake_failure from a server where none of the client's suites was ever chosen by that server
 * (by address) for any connection in the input. The server's configuration cannot be read from the
 * wire; the suites it chose for other clients are the evidence. Without any ServerHello from that
 * server nothing can be inferred, and no finding is made.
 */
public final class NoSharedCipher implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.NO_SHARED_CIPHER;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Map<String, Set<Integer>> chosen = new HashMap<>();
        for (HandshakeRecord r : ctx.sorted()) {
            if (r.serverHello() != null && r.serverHello().cipher() >= 0) {
                chosen.computeIfAbsent(r.server().ip(), k -> new LinkedHashSet<>()).add(r.serverHello().cipher());
            }
        }
        Hits<HandshakeRecord> hits = ctx.hits();
        for (HandshakeRecord r : ctx.sorted()) {
            Set<Integer> serverChose = chosen.get(r.server().ip());
            if (OutcomeKey.of(r).isServerAlert("handshake_failure")
                    && r.clientHello() != null && serverChose != null
                    && r.clientHello().cipherSuites().stream().noneMatch(serverChose::contains)) {
                hits.add(r);
            }
        }
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        List<String> serverChoice = new ArrayList<>();
        for (HandshakeRecord r : hits) {
            chosen.get(r.server().ip()).forEach(c -> serverChoice.add(WireNames.suite(c)));
        }
        String s = Phrases.count(hits.total(), "handshake") + " from "
                + Phrases.names(hits.stream().map(r -> r.client().ip()).toList()) + " to "
                + FindingContext.servers(hits)
                + " failed with handshake_failure because the client offered none of the suites the server"
                + " chose for other clients (" + Phrases.names(serverChoice) + "): the client and the server's"
                + " cipher configuration share no cipher.";
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total()));
    }
}
