package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What each server (by address) was seen to choose in its ServerHellos over the whole input: the
 * cipher suites, in the order first seen, and the highest version. no_shared_cipher and
 * server_protocol_too_old judge a failure against these; gathered in the analysis's first pass
 * ({@link #add}), so that neither detector reads every record twice (DESIGN §9: a pass over the
 * spill decodes every record). One entry per server address, as the detectors kept before.
 */
public final class ServerChoices {
    /**
     * One server's choices: the suites (null until one is chosen), the last suite added (a server
     * chooses the same suite connection after connection: it is in the set already, and adding it again
     * boxed an Integer per record), and the highest version (0: none).
     */
    private static final class Chosen {
        Set<Integer> suites;
        int lastSuite = -1;
        int highest;
    }

    private final Map<String, Chosen> servers = new HashMap<>();

    /** Gathered from {@code records} in one pass (tests, callers without a first pass of their own). */
    public static ServerChoices of(Iterable<HandshakeRecord> records) {
        ServerChoices c = new ServerChoices();
        records.forEach(c::add);
        return c;
    }

    /** Notes what this connection's server chose; records come in time order. */
    public void add(HandshakeRecord r) {
        ServerHelloInfo sh = r.serverHello();
        if (sh == null || sh.cipher() < 0 && sh.version() <= 0) {
            return;
        }
        Chosen c = servers.computeIfAbsent(r.server().ip(), k -> new Chosen());
        int cipher = sh.cipher();
        if (cipher >= 0 && cipher != c.lastSuite) {
            if (c.suites == null) {
                c.suites = new LinkedHashSet<>();
            }
            c.suites.add(cipher);
            c.lastSuite = cipher;
        }
        c.highest = Math.max(c.highest, sh.version());
    }

    /** The suites this server chose, in the order first seen; null when it chose none. */
    public Set<Integer> suites(String server) {
        Chosen c = servers.get(server);
        return c == null ? null : c.suites;
    }

    /** The highest version this server answered with; null when it sent no ServerHello with one. */
    public Integer highestVersion(String server) {
        Chosen c = servers.get(server);
        return c == null || c.highest <= 0 ? null : c.highest;
    }
}
