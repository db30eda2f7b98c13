package io.tlsinspect.reports.clients;

import io.tlsinspect.capture.tcp.Endpoint;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.OtherRows;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.ServerSummary;
import io.tlsinspect.reports.model.Tally;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The other tables: by offered max version, by client family, by server. Each counts every
 * connection exactly once, so each adds up to the connection total. Counted as records stream by
 * ({@link #add}); the server table is capped like the client table (a capture may name endless
 * servers by SNI): at most {@code serversTracked} rows are counted one by one, {@code serverRows}
 * are listed, the rest fold into one counted row.
 */
public final class Breakdowns {
    /** Row key of connections without a ClientHello, or whose client is not in the catalog. */
    public static final String NONE = "none";
    public static final String UNKNOWN_FAMILY = "unknown";

    private record Key(String ip, int port, String name) {
        // Written out, as the record's own would compute them (same hash): the generated ones go through
        // ObjectMethods' invokedynamic, a method-handle chain per call and costly to compile, on a key
        // looked up for every record.
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && port == k.port && Objects.equals(ip, k.ip) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(ip) * 31 + port) * 31 + Objects.hashCode(name);
        }
    }

    /** The server table: listed rows, and the folded rest (null when every server is listed). */
    public record Servers(List<ServerSummary> rows, OtherRows other) {
        public Servers {
            rows = List.copyOf(rows);
        }
    }

    private final Map<String, TallyBuilder> versions = new TreeMap<>();
    private final Map<String, TallyBuilder> families = new TreeMap<>();
    private final Map<Key, TallyBuilder> servers = new LinkedHashMap<>();
    private final TallyBuilder untracked = new TallyBuilder();
    private long untrackedConnections;
    private final int serverRows;
    private final int serversTracked;

    public Breakdowns(int serverRows, int serversTracked) {
        this.serverRows = serverRows;
        this.serversTracked = serversTracked;
    }

    /** @param client the identity the client table counted the record under (its family is used) */
    public void add(HandshakeRecord r, ClientIdentity client) {
        add(r, client, OutcomeKey.of(r));
    }

    /** {@link #add(HandshakeRecord, ClientIdentity)} with the record's outcome key, when the caller has it. */
    public void add(HandshakeRecord r, ClientIdentity client, OutcomeKey key) {
        addWithFamily(r, client == null ? null : client.family(), key);
    }

    /** As {@link #add(HandshakeRecord, ClientIdentity, OutcomeKey)} with the client's family alone (null: unknown). */
    public void addWithFamily(HandshakeRecord r, String family, OutcomeKey key) {
        // DESIGN §6 by_version: keyed by the offered max version; none without a hello
        versions.computeIfAbsent(r.clientHello() == null ? NONE : TlsVersion.name(r.clientHello().maxVersion()),
                k -> new TallyBuilder()).add(r, key);
        families.computeIfAbsent(family == null ? UNKNOWN_FAMILY : family, k -> new TallyBuilder()).add(r, key);
        Endpoint server = r.server();
        String name = r.serverName();
        int slot = (System.identityHashCode(server) * 31 + System.identityHashCode(name)) & (RECENT - 1);
        TallyBuilder row;
        if (recentServers[slot] == server && recentNames[slot] == name && recentRows[slot] != null) {
            row = recentRows[slot];
        } else {
            Key k = new Key(server.ip(), server.port(), name);
            row = servers.get(k);
            if (row == null) {
                if (servers.size() >= serversTracked) {
                    untracked.add(r, key);
                    untrackedConnections++;
                    return;
                }
                row = new TallyBuilder();
                servers.put(k, row);
            }
            recentServers[slot] = server;
            recentNames[slot] = name;
            recentRows[slot] = row;
        }
        row.add(r, key);
    }

    /**
     * The server rows met lately, by the endpoint and name objects of their records: the spill hands
     * out one endpoint object per server and one string per name in each of its runs, so the same
     * objects mean the same row, found without a key object and a map look-up per record. Rows are
     * never removed, so a remembered row stays right. Direct-mapped, {@link #RECENT} slots.
     */
    private static final int RECENT = 256;
    private final Endpoint[] recentServers = new Endpoint[RECENT];
    private final String[] recentNames = new String[RECENT];
    private final TallyBuilder[] recentRows = new TallyBuilder[RECENT];

    public Map<String, Tally> byVersion() {
        return built(versions);
    }

    public Map<String, Tally> byFamily() {
        return built(families);
    }

    /** One row per server IP, port and requested name, most failures first. */
    public Servers byServer() {
        List<ServerSummary> out = new ArrayList<>();
        servers.forEach((k, t) -> out.add(new ServerSummary(k.ip(), k.port(), k.name(), t.build())));
        out.sort(Comparator.comparingInt((ServerSummary s) -> -s.tally().failed())
                .thenComparing(ServerSummary::ip)
                .thenComparingInt(ServerSummary::port)
                .thenComparing(s -> Objects.toString(s.name(), "")));
        if (out.size() <= serverRows && untrackedConnections == 0) {
            return new Servers(out, null);
        }
        List<ServerSummary> listed = out.subList(0, Math.min(serverRows, out.size()));
        List<ServerSummary> rest = out.subList(listed.size(), out.size());
        return new Servers(listed, new OtherRows(rest.size(), untrackedConnections,
                TallyBuilder.sum(untracked.build(), rest.stream().map(ServerSummary::tally).toList())));
    }

    private static Map<String, Tally> built(Map<String, TallyBuilder> rows) {
        Map<String, Tally> out = new LinkedHashMap<>();
        rows.forEach((k, t) -> out.put(k, t.build()));
        return out;
    }
}
