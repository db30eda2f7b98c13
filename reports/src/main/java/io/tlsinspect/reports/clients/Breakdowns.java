package io.tlsinspect.reports.clients;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.ServerSummary;
import io.tlsinspect.reports.model.Tally;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The other tables: by offered max version, by client family, by server. Each counts every
 * connection exactly once, so each adds up to the connection total.
 */
public final class Breakdowns {
    /** Row key of connections without a ClientHello, or whose client is not in the catalog. */
    public static final String NONE = "none";
    public static final String UNKNOWN_FAMILY = "unknown";

    private Breakdowns() {
    }

    /** DESIGN §6 {@code by_version}: keyed by the offered max version; {@code none} without a hello. */
    public static Map<String, Tally> byVersion(List<HandshakeRecord> sorted) {
        return group(sorted, r -> r.clientHello() == null ? NONE : TlsVersion.name(r.clientHello().maxVersion()));
    }

    public static Map<String, Tally> byFamily(List<HandshakeRecord> sorted, Map<Long, ClientIdentity> identities) {
        return group(sorted, r -> {
            ClientIdentity id = identities.get(r.id());
            return id == null || id.family() == null ? UNKNOWN_FAMILY : id.family();
        });
    }

    /** One row per server IP, port and requested name, most failures first. */
    public static List<ServerSummary> byServer(List<HandshakeRecord> sorted) {
        record Key(String ip, int port, String name) {
        }
        Map<Key, TallyBuilder> rows = new LinkedHashMap<>();
        for (HandshakeRecord r : sorted) {
            rows.computeIfAbsent(new Key(r.server().ip(), r.server().port(), r.serverName()), k -> new TallyBuilder()).add(r);
        }
        List<ServerSummary> out = new ArrayList<>();
        rows.forEach((k, t) -> out.add(new ServerSummary(k.ip(), k.port(), k.name(), t.build())));
        out.sort(Comparator.comparingInt((ServerSummary s) -> -s.tally().failed())
                .thenComparing(ServerSummary::ip)
                .thenComparingInt(ServerSummary::port)
                .thenComparing(s -> Objects.toString(s.name(), "")));
        return out;
    }

    private static Map<String, Tally> group(List<HandshakeRecord> sorted, Function<HandshakeRecord, String> key) {
        Map<String, TallyBuilder> rows = new TreeMap<>();
        for (HandshakeRecord r : sorted) {
            rows.computeIfAbsent(key.apply(r), k -> new TallyBuilder()).add(r);
        }
        Map<String, Tally> out = new LinkedHashMap<>();
        rows.forEach((k, t) -> out.put(k, t.build()));
        return out;
    }
}
