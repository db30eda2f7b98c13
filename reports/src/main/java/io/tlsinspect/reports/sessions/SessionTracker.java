package io.tlsinspect.reports.sessions;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Session tracking of DESIGN §5: session ID -> (cipher, version, server) from every ServerHello that
 * created or resumed a session, and the ClientHellos that offer a known ID without its cipher.
 *
 * <p>Keyed by session ID alone: IDs are 32 server-chosen random bytes, and a client behind
 * round-robin DNS offers the ID it got from one server to whichever server it reaches next.
 *
 * <p>TLS 1.3 ServerHellos are ignored: their legacy_session_id_echo only echoes the client's random
 * compatibility ID (RFC 8446 §4.1.3) and names no session. HelloRetryRequests are ignored too.
 *
 * <p>Bounded: an LRU of at most {@code cap} IDs; evictions are counted for the report's stats
 * (DESIGN §3: nothing is dropped silently). One instance per analysis run; feed records in time order.
 */
public final class SessionTracker {
    private final int cap;
    private final int hitCap;
    private long hitCount;
    private final LinkedHashMap<String, SessionInfo> sessions;
    private final List<MissingCipherHit> hits = new ArrayList<>();
    private long evicted;

    public SessionTracker(int cap) {
        this(cap, Integer.MAX_VALUE);
    }

    /** @param hitCap most hits kept as proof ({@link #hitCount} counts them all) */
    public SessionTracker(int cap, int hitCap) {
        this.cap = cap;
        this.hitCap = hitCap;
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SessionInfo> eldest) {
                if (size() > SessionTracker.this.cap) {
                    evicted++;
                    return true;
                }
                return false;
            }
        };
    }

    /** Checks the record's ClientHello against known sessions, then learns from its ServerHello. */
    public void observe(HandshakeRecord r) {
        ClientHelloInfo ch = r.clientHello();
        if (ch != null && !ch.sessionId().isEmpty() && !ch.sslv2Format()) {
            SessionInfo known = sessions.get(ch.sessionId());
            if (known != null && !ch.cipherSuites().contains(known.cipher())) {
                hitCount++;
                if (hits.size() < hitCap) {
                    hits.add(new MissingCipherHit(r.id(), ch.sessionId(), known));
                }
            }
        }
        ServerHelloInfo sh = r.serverHello();
        if (sh != null && !sh.helloRetryRequest() && !sh.sessionId().isEmpty()
                && sh.version() != TlsVersion.TLS13 && sh.cipher() >= 0) {
            sessions.put(sh.sessionId(), new SessionInfo(sh.cipher(), sh.version(), r.server().ip(), r.id()));
        }
    }

    public List<MissingCipherHit> hits() {
        return List.copyOf(hits);
    }

    /** Every hit, kept or not. */
    public long hitCount() {
        return hitCount;
    }

    public long evicted() {
        return evicted;
    }

    public int size() {
        return sessions.size();
    }
}
