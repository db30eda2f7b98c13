package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
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
    private final Map<String, Set<Integer>> suites = new HashMap<>();
    private final Map<String, Integer> highest = new HashMap<>();

    /** Gathered from {@code records} in one pass (tests, callers without a first pass of their own). */
    public static ServerChoices of(Iterable<HandshakeRecord> records) {
        ServerChoices c = new ServerChoices();
        records.forEach(c::add);
        return c;
    }

    /** Notes what this connection's server chose; records come in time order. */
    public void add(HandshakeRecord r) {
        if (r.serverHello() == null) {
            return;
        }
        if (r.serverHello().cipher() >= 0) {
            suites.computeIfAbsent(r.server().ip(), k -> new LinkedHashSet<>()).add(r.serverHello().cipher());
        }
        if (r.serverHello().version() > 0) {
            highest.merge(r.server().ip(), r.serverHello().version(), Math::max);
        }
    }

    /** The suites this server chose, in the order first seen; null when it chose none. */
    public Set<Integer> suites(String server) {
        return suites.get(server);
    }

    /** The highest version this server answered with; null when it sent no ServerHello with one. */
    public Integer highestVersion(String server) {
        return highest.get(server);
    }
}
