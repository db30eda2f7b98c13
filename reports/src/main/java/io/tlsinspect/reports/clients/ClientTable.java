package io.tlsinspect.reports.clients;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ClientSummary;
import io.tlsinspect.reports.model.OtherRows;
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
 *
 * <p>Bounded (DESIGN §3): records are counted as they stream by ({@link #add}); at most
 * {@code tracked} clients get a row of their own, and the connections of clients first seen after
 * that are counted in the "other clients" row. The table lists the {@code rows} clients with most
 * failures; the rest fold into the other row too.
 */
public final class ClientTable {
    private final FamilyCatalog catalog;
    private final int rows;
    private final int tracked;
    private final Map<ClientIdentity, Row> table = new LinkedHashMap<>();
    private final TallyBuilder untracked = new TallyBuilder();
    private long untrackedConnections;

    public ClientTable(FamilyCatalog catalog) {
        this(catalog, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    public ClientTable(FamilyCatalog catalog, int rows, int tracked) {
        this.catalog = catalog;
        this.rows = rows;
        this.tracked = tracked;
    }

    /**
     * The result: the listed rows, the folded rest (null when every client is listed), and for each
     * connection id the identity it was counted under (only from {@link #build}: a streaming run asks
     * {@link #identity} per record instead of keeping a map of every connection).
     */
    public record Result(List<ClientSummary> clients, Map<Long, ClientIdentity> identities, OtherRows other) {
        public Result {
            clients = List.copyOf(clients);
            identities = Map.copyOf(identities);
        }

        public Result(List<ClientSummary> clients, Map<Long, ClientIdentity> identities) {
            this(clients, identities, null);
        }

        /** Clients counted one by one: the listed ones and those folded into the other row. */
        public long counted() {
            return clients.size() + (other == null ? 0 : other.rows());
        }

        /** Connections of clients not counted one by one. */
        public long untracked() {
            return other == null ? 0 : other.untrackedConnections();
        }
    }

    /** Every record at once (tests, small inputs). */
    public Result build(Iterable<HandshakeRecord> sorted, ChainSet chains) {
        Map<Long, ClientIdentity> identities = new HashMap<>();
        for (HandshakeRecord r : sorted) {
            identities.put(r.id(), add(r, chains));
        }
        Result res = finish();
        return new Result(res.clients(), identities, res.other());
    }

    /** The client a connection is counted under: the one its own hello shows (issue 8), never its chain's. */
    public ClientIdentity identity(HandshakeRecord r, ChainSet chains) {
        return identityOf(r);
    }

    /** Counts one record (in time order); returns the identity it was counted under. */
    public ClientIdentity add(HandshakeRecord r, ChainSet chains) {
        Chain chain = chains.chainOf(r.id());
        ClientIdentity id = identity(r, chains);
        Row row = table.get(id);
        if (row == null) {
            if (table.size() >= tracked) {
                untracked.add(r);
                untrackedConnections++;
                return id;
            }
            row = new Row();
            table.put(id, row);
        }
        row.tally.add(r);
        String max = r.clientHello() == null ? "none" : TlsVersion.name(r.clientHello().maxVersion());
        row.maxVersions.merge(max, 1, Integer::sum);
        if (chain != null && chain.rootConnection() == r.id()) {
            row.chains.add(chain.id());
        }
        return id;
    }

    /** The table: most failures first, cut at {@code rows}. */
    public Result finish() {
        List<ClientSummary> out = new ArrayList<>();
        table.forEach((id, row) -> out.add(new ClientSummary(id.ip(), id.fingerprint(), id.ja4(), id.family(),
                row.tally.build(), row.maxVersions, List.copyOf(row.chains))));
        // most failures first: the clients an operator should look at lead the table
        out.sort(Comparator.comparingInt((ClientSummary c) -> -c.tally().failed())
                .thenComparingInt(c -> -c.tally().attempts())
                .thenComparing(ClientSummary::ip)
                .thenComparing(c -> Objects.toString(c.fingerprint(), "")));
        if (out.size() <= rows && untrackedConnections == 0) {
            return new Result(out, Map.of(), null);
        }
        List<ClientSummary> listed = out.subList(0, Math.min(rows, out.size()));
        List<ClientSummary> rest = out.subList(listed.size(), out.size());
        return new Result(listed, Map.of(), new OtherRows(rest.size(), untrackedConnections,
                TallyBuilder.sum(untracked.build(), rest.stream().map(ClientSummary::tally).toList())));
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
