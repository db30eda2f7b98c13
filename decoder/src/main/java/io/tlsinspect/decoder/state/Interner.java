package io.tlsinspect.decoder.state;

import io.tlsinspect.decoder.cache.NameCache;
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
 * Also each record's notes, so the record spill finds them by identity ({@link #notes}).
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
    /** Strings by content, for {@link #latin1}. */
    private final NameCache texts = new NameCache(512);
    private static final int NOTE_SLOTS = 1024;
    /** Notes lists by content, for {@link #notes}. */
    private final List<?>[] noteLists = new List<?>[NOTE_SLOTS];

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

    /**
     * The string of these ISO-8859-1 bytes: one instance per distinct value while it keeps coming, made
     * only when none is known. A handshake's history has few distinct values over a run; making its
     * string for every record only to look it up was a string and an array of garbage per connection,
     * and a hash computed again. Direct-mapped (a new value replaces whichever shared its slot), so
     * bounded, and a lookup reads one slot.
     */
    public String latin1(byte[] b, int n) {
        return texts.of(b, 0, n);
    }

    /**
     * The hello with its lists and names shared; the hello itself when they are shared already (the
     * shape cache's lists and the parser's names usually are), so no second record is made.
     */
    public ClientHelloInfo intern(ClientHelloInfo c) {
        List<Integer> versions = same(c.supportedVersions());
        List<Integer> suites = same(c.cipherSuites());
        String sni = same(c.sni());
        List<String> alpn = same(c.alpn());
        List<Integer> groups = same(c.groups());
        List<Integer> sigAlgs = same(c.signatureAlgorithms());
        List<Integer> extensions = same(c.extensions());
        List<Integer> pointFormats = same(c.ecPointFormats());
        List<Integer> keyShares = same(c.keyShareGroups());
        String ja3 = same(c.ja3());
        String ja3Hash = same(c.ja3Hash());
        String ja4 = same(c.ja4());
        if (versions == c.supportedVersions() && suites == c.cipherSuites() && sni == c.sni() && alpn == c.alpn()
                && groups == c.groups() && sigAlgs == c.signatureAlgorithms() && extensions == c.extensions()
                && pointFormats == c.ecPointFormats() && keyShares == c.keyShareGroups() && ja3 == c.ja3()
                && ja3Hash == c.ja3Hash() && ja4 == c.ja4()) {
            return c;
        }
        return new ClientHelloInfo(c.recordVersion(), c.legacyVersion(), versions, c.maxVersion(), c.sslv2Format(),
                suites, c.fallbackScsv(), c.renegotiationScsv(), c.sessionId(), c.sessionTicket(), c.psk(), sni, alpn,
                groups, sigAlgs, extensions, pointFormats, keyShares, ja3, ja3Hash, ja4);
    }

    /**
     * The notes as one immutable list per distinct content while it keeps coming: most connections end
     * with the same one or two notes (often literals), and the record spill's dictionary then finds the
     * list by identity instead of hashing and comparing every note of every record again (issue 9: a
     * fifth of the spill encoder's time). A literal note caches its hash, so a hit here costs one
     * comparison by identity. Direct-mapped (a new list replaces whichever shared its slot), so bounded.
     */
    @SuppressWarnings("unchecked")
    public List<String> notes(List<String> notes) {
        int n = notes.size();
        if (n == 0) {
            return List.of();
        }
        int h = n;
        for (int i = 0; i < n; i++) {
            h = 31 * h + notes.get(i).hashCode();
        }
        int slot = (h ^ (h >>> 16)) & (NOTE_SLOTS - 1);
        List<String> known = (List<String>) noteLists[slot];
        if (known != null && sameNotes(known, notes)) {
            return known;
        }
        known = List.copyOf(notes);
        noteLists[slot] = known;
        return known;
    }

    /** The one-note list of {@link #notes}, without making a list to look it up. */
    @SuppressWarnings("unchecked")
    public List<String> note(String note) {
        int h = 31 + note.hashCode();
        int slot = (h ^ (h >>> 16)) & (NOTE_SLOTS - 1);
        List<String> known = (List<String>) noteLists[slot];
        if (known != null && known.size() == 1 && sameNote(known.get(0), note)) {
            return known;
        }
        known = List.of(note);
        noteLists[slot] = known;
        return known;
    }

    private static boolean sameNotes(List<String> a, List<String> b) {
        int n = a.size();
        if (n != b.size()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!sameNote(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameNote(String a, String b) {
        return a == b || a.equals(b);
    }

    /** The same for a ServerHello: itself when its lists and strings are shared already. */
    public ServerHelloInfo intern(ServerHelloInfo s) {
        List<Integer> extensions = same(s.extensions());
        String alpn = same(s.alpn());
        String ja3s = same(s.ja3s());
        String ja3sHash = same(s.ja3sHash());
        if (extensions == s.extensions() && alpn == s.alpn() && ja3s == s.ja3s() && ja3sHash == s.ja3sHash()) {
            return s;
        }
        return new ServerHelloInfo(s.version(), s.legacyVersion(), s.cipher(), s.sessionId(), s.compression(),
                extensions, s.helloRetryRequest(), alpn, s.keyShareGroup(), ja3s, ja3sHash);
    }
}
