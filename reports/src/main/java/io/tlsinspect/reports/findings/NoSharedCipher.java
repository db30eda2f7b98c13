package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.WireNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * handshake_failure from a server (by address) that either chose suites for other connections,
 * none of which this client offered, or never chose any suite at all: it refused every hello in the
 * input. The server's configuration cannot be read from the wire; the suites it chose for others,
 * and what the refused clients offered (by family, {@link SuiteFamilies}), are the evidence.
 */
public final class NoSharedCipher implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.NO_SHARED_CIPHER;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        ServerChoices chosen = ctx.servers(); // from the first pass: one read of the records here
        Hits<HandshakeRecord> hits = ctx.hits();
        Hits<HandshakeRecord> refusedEverything = new Hits<>(0); // hits to servers that chose no suite at all: counted, none kept
        ctx.forEachRecord(r -> {
            // outcome first: OutcomeKey.of allocated a key, and the server's choices were looked up, for every record
            if (r.outcome() != Outcome.SERVER_ALERT || !OutcomeKey.of(r).isServerAlert("handshake_failure") || r.clientHello() == null) {
                return;
            }
            Set<Integer> serverChose = chosen.suites(r.server().ip());
            if (serverChose == null || r.clientHello().cipherSuites().stream().noneMatch(serverChose::contains)) {
                hits.add(r);
                if (serverChose == null) {
                    refusedEverything.add(r);
                }
            }
        });
        boolean refusedAll = refusedEverything.total() > 0;
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        Set<String> serverChoice = new LinkedHashSet<>();
        TreeSet<String> offered = new TreeSet<>();
        for (HandshakeRecord r : hits) {
            Set<Integer> serverChose = chosen.suites(r.server().ip());
            (serverChose == null ? Set.<Integer>of() : serverChose).forEach(c -> serverChoice.add(WireNames.suite(c)));
            offered.addAll(SuiteFamilies.of(r.clientHello().cipherSuites()));
        }
        StringBuilder s = new StringBuilder();
        s.append(Phrases.count(hits.total(), "handshake")).append(" from ")
                .append(Phrases.clients(hits.stream().map(r -> r.client().ip()).toList())).append(" to ")
                .append(FindingContext.servers(hits))
                .append(" failed with handshake_failure: the server and the clients share no cipher suite. The clients offered only ")
                .append(String.join(", ", offered)).append(" suites");
        if (!serverChoice.isEmpty()) {
            s.append("; the server chose only ").append(Phrases.names(new ArrayList<>(serverChoice))).append(" for other clients");
        }
        if (refusedAll) {
            s.append(serverChoice.isEmpty() ? "; " : ", and ").append("the server refused every hello it was sent (no ServerHello at all)");
        }
        s.append(". Check the server's ssl_ciphers (and ssl_protocols): allow suites of those families, e.g. ECDHE AES-GCM.");
        String lead = "no_shared_cipher: " + FindingContext.servers(hits) + " shares no cipher suite with "
                + Phrases.count(hits.total(), "handshake") + " (handshake_failure): its ssl_ciphers/ssl_protocols allow none of "
                + Phrases.count(offered.size(), "suite family", "suite families") + " the clients offered.";
        return Optional.of(new Finding(kind(), s.toString(), hits.stream().map(HandshakeRecord::id).toList(), hits.total(), lead,
                java.util.Map.of("offered_suite_families", List.copyOf(offered))));
    }
}
