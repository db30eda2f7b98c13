package io.tlsinspect.decoder.state;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares equal lists and strings between the hellos of one run: a client program sends the same
 * suites, extensions, groups and fingerprints on every connection, and every finished connection's
 * record is kept until the report, so sharing them cuts memory per connection by about a third.
 * One per decoder factory (one thread); bounded: it starts afresh when full.
 */
public final class Interner {
    private static final int CAP = 8192;
    private final Map<Object, Object> pool = new HashMap<>();
    /**
     * Lists by identity. The same instances come back again and again (the fingerprint shape cache hands every hello of
     * one shape the same lists), and a list's hashCode walks every element: look instances up by
     * identity first.
     */
    private final Map<Object, Object> seen = new IdentityHashMap<>();

    @SuppressWarnings("unchecked")
    private <T> T same(T value) {
        if (value == null) {
            return null;
        }
        boolean list = value instanceof List; // a String caches its hash: the pool alone is cheap
        Object known = list ? seen.get(value) : null;
        if (known != null) {
            return (T) known;
        }
        known = pool.get(value);
        if (known == null) {
            if (pool.size() >= CAP) {
                pool.clear();
            }
            pool.put(value, value);
            known = value;
        }
        if (list) {
            if (seen.size() >= CAP) {
                seen.clear();
            }
            seen.put(value, known);
        }
        return (T) known;
    }

    /**
     * One instance per distinct string (a handshake's history: few distinct paths over a whole run), so
     * the record spill's dictionary finds it by a hash the string has already cached, not one it
     * computes again for every record.
     */
    public String intern(String s) {
        return same(s);
    }

    public ClientHelloInfo intern(ClientHelloInfo c) {
        return new ClientHelloInfo(c.recordVersion(), c.legacyVersion(), same(c.supportedVersions()), c.maxVersion(),
                c.sslv2Format(), same(c.cipherSuites()), c.fallbackScsv(), c.renegotiationScsv(), c.sessionId(),
                c.sessionTicket(), c.psk(), same(c.sni()), same(c.alpn()), same(c.groups()),
                same(c.signatureAlgorithms()), same(c.extensions()), same(c.ecPointFormats()),
                same(c.keyShareGroups()), same(c.ja3()), same(c.ja3Hash()), same(c.ja4()));
    }

    public ServerHelloInfo intern(ServerHelloInfo s) {
        return new ServerHelloInfo(s.version(), s.legacyVersion(), s.cipher(), s.sessionId(), s.compression(),
                same(s.extensions()), s.helloRetryRequest(), same(s.alpn()), s.keyShareGroup(), same(s.ja3s()),
                same(s.ja3sHash()));
    }
}
