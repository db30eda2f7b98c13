package io.tlsinspect.reports.clients;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ClientSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-client summaries (DESIGN §6 {@code clients}). A client is an IP plus a fingerprint
 * ({@link ClientFingerprint}), so two clients behind one NAT address are two rows.
 *
 * <p>Each connection is counted under the identity of its own ClientHello, never under its chain's
 * first attempt: a chain may only hold one program's hellos ({@code chains.FallbackRule}), but the
 * family the operator reads must be the one that hello shows (a fallback hello is listed as what it
 * is, e.g. a TLS 1.0 offer). A chain is listed on the row of its first attempt.
 */
public final class ClientTable {
    private final FamilyCatalog catalog;

    public ClientTable(FamilyCatalog catalog) {
        this.catalog = catalog;
    }

    /** The result: the rows, and for each connection id the identity it was counted under. */
    public record Result(List<ClientSummary> clients, Map<Long, ClientIdentity> identities) {
        public Result {
            clients = List.copyOf(clients);
            identities = Map.copyOf(identities);
        }
    }

    public Result build(List<HandshakeRecord> sorted, ChainSet chains) {
        Map<ClientIdentity, Row> rows = new LinkedHashMap<>();
        Map<Long, ClientIdentity> identities = new HashMap<>();
        for (HandshakeRecord r : sorted) {
            Chain chain = chains.chainOf(r.id());
            ClientIdentity id = identityOf(r);
            identities.put(r.id(), id);
            Row row = rows.computeIfAbsent(id, k -> new Row());
            row.tally.add(r);
            String max = r.clientHello() == null ? "none" : TlsVersion.name(r.clientHello().maxVersion());
            row.maxVersions.merge(max, 1, Integer::sum);
            if (chain != null && chain.rootConnection() == r.id()) {
                row.chains.add(chain.id());
            }
        }
        List<ClientSummary> out = new ArrayList<>();
        rows.forEach((id, row) -> out.add(new ClientSummary(id.ip(), id.fingerprint(), id.ja4(), id.family(),
                row.tally.build(), row.maxVersions, List.copyOf(row.chains))));
        // most failures first: the clients an operator should look at lead the table
        out.sort(Comparator.comparingInt((ClientSummary c) -> -c.tally().failed())
                .thenComparingInt(c -> -c.tally().attempts())
                .thenComparing(ClientSummary::ip)
                .thenComparing(c -> Objects.toString(c.fingerprint(), "")));
        return new Result(out, identities);
    }

    private ClientIdentity identityOf(HandshakeRecord r) {
        String fp = ClientFingerprint.of(r.clientHello());
        String ja4 = r.clientHello() == null ? null : r.clientHello().ja4();
        if (ja4 != null && ja4.isEmpty()) {
            ja4 = null;
        }
        return new ClientIdentity(r.client().ip(), fp, ja4, catalog.familyOf(ja4));
    }

    private static final class Row {
        final TallyBuilder tally = new TallyBuilder();
        final Map<String, Integer> maxVersions = new TreeMap<>();
        final List<Integer> chains = new ArrayList<>();
    }
}
