package io.tlsinspect.decoder.fingerprint;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Fingerprints of hellos. A server sees the same few hellos over and over (one per client program),
 * so the parsers ask {@link #clientShape} and {@link #serverShape}, which compute JA3, JA4 and JA3S
 * once per distinct hello and keep the result in a bounded cache shared by the decoder threads.
 */
public final class Fingerprints {
    /** Distinct hellos remembered; beyond it the least recently seen is forgotten. */
    static final int MAX_SHAPES = 1024;
    /** Ints the cached client keys may hold in all (about 1 MiB): hostile giant hellos are not kept. */
    static final long MAX_KEY_INTS = 256 * 1024;

    private static final ShapeCache<ClientHelloShape> CLIENT = new ShapeCache<>(MAX_SHAPES, MAX_KEY_INTS);
    private static final ShapeCache<ServerHelloShape> SERVER = new ShapeCache<>(MAX_SHAPES, MAX_KEY_INTS);
    private static final ThreadLocal<IntList> SERVER_KEY = ThreadLocal.withInitial(IntList::new);
    /**
     * JA4 of SSLv2-format hellos by (version, cipher specs), all such a hello has that JA4 reads: the
     * old clients that send one send the same one every time, and its two SHA-256 digests were computed
     * for every connection (a tenth of the decoder's parsing time on the bench).
     */
    private static final ShapeCache<String> SSLV2_JA4 = new ShapeCache<>(MAX_SHAPES, MAX_KEY_INTS);
    private static final ThreadLocal<IntList> SSLV2_KEY = ThreadLocal.withInitial(IntList::new);

    private Fingerprints() {
    }

    /** The shared lists and fingerprints of a ClientHello's lists (computed once per distinct hello). */
    public static ClientHelloShape clientShape(HelloLists l) {
        return CLIENT.get(l.key(), l, Fingerprints::computeClientShape);
    }

    private static ClientHelloShape computeClientShape(HelloLists l) {
        List<Integer> suites = ShapeValues.same(l.cipherSuites.toList());
        List<Integer> exts = ShapeValues.same(l.extensions.toList());
        List<Integer> groups = ShapeValues.same(l.groups.toList());
        List<Integer> pointFormats = ShapeValues.same(l.ecPointFormats.toList());
        List<Integer> versions = ShapeValues.same(l.supportedVersions.toList());
        List<Integer> sigAlgs = ShapeValues.same(l.signatureAlgorithms.toList());
        List<String> alpn = ShapeValues.same(List.copyOf(l.alpn));
        String ja3 = Ja3.ja3String(l.legacyVersion, suites, exts, groups, pointFormats);
        String ja4 = Ja4.of(l.legacyVersion, versions, suites, exts, sigAlgs, alpn.isEmpty() ? null : alpn.get(0));
        return new ClientHelloShape(versions, suites, exts, groups, sigAlgs, pointFormats,
                ShapeValues.same(l.keyShareGroups.toList()), alpn, ShapeValues.same(ja3),
                ShapeValues.same(Ja3.hash(ja3)), ShapeValues.same(ja4));
    }

    /** The shared extension list and JA3S of a ServerHello (computed once per distinct shape). */
    public static ServerHelloShape serverShape(int legacyVersion, int cipher, IntList extensions) {
        IntList key = SERVER_KEY.get();
        key.clear();
        key.add(legacyVersion);
        key.add(cipher);
        for (int i = 0; i < extensions.size(); i++) {
            key.add(extensions.get(i));
        }
        return SERVER.get(key, key, Fingerprints::computeServerShape);
    }

    /** From the key itself (legacy version, cipher, then the extension types): no lambda per ServerHello. */
    private static ServerHelloShape computeServerShape(IntList key) {
        int legacyVersion = key.get(0);
        int cipher = key.get(1);
        List<Integer> extensions = new ArrayList<>(key.size() - 2);
        for (int i = 2; i < key.size(); i++) {
            extensions.add(key.get(i));
        }
        List<Integer> exts = ShapeValues.same(List.copyOf(extensions));
        String ja3s = Ja3.ja3sString(legacyVersion, cipher, exts);
        return new ServerHelloShape(exts, ShapeValues.same(ja3s), ShapeValues.same(Ja3.hash(ja3s)));
    }

    /** JA4s of SSLv2-format hellos computed so far in this process (tests: once per distinct hello). */
    static long sslv2Ja4sComputed() {
        return SSLV2_JA4.misses();
    }

    /** Distinct client hello shapes computed so far in this process (tests: once per distinct hello). */
    static long clientShapesComputed() {
        return CLIENT.misses();
    }

    /**
     * JA3 and JA4 of a hello built without the shape cache. An SSLv2-format hello has no JA3: the
     * reference (salesforce/ja3 python/ja3.py) fingerprints only records whose first byte is 22
     * (handshake), and tshark's ja3 field stays empty for it; its JA4 follows FoxIO's JA4.md
     * ({@link Ja4}: version {@code s2} for 0x0002).
     */
    public static ClientHelloInfo withFingerprints(ClientHelloInfo c) {
        String ja3 = c.sslv2Format() ? null : Ja3.ja3String(c.legacyVersion(), c.cipherSuites(), c.extensions(),
                c.groups(), c.ecPointFormats());
        return new ClientHelloInfo(c.recordVersion(), c.legacyVersion(), c.supportedVersions(), c.maxVersion(),
                c.sslv2Format(), c.cipherSuites(), c.fallbackScsv(), c.renegotiationScsv(), c.sessionId(),
                c.sessionTicket(), c.psk(), c.sni(), c.alpn(), c.groups(), c.signatureAlgorithms(),
                c.extensions(), c.ecPointFormats(), c.keyShareGroups(), ja3, ja3 == null ? null : Ja3.hash(ja3),
                sslv2Only(c) ? sslv2Ja4(c) : Ja4.of(c));
    }

    /** An SSLv2-format hello as its parser makes it: no versions, extensions or ALPN (none exist in it). */
    private static boolean sslv2Only(ClientHelloInfo c) {
        return c.sslv2Format() && c.supportedVersions().isEmpty() && c.extensions().isEmpty()
                && c.signatureAlgorithms().isEmpty() && c.alpn().isEmpty();
    }

    private static String sslv2Ja4(ClientHelloInfo c) {
        IntList key = SSLV2_KEY.get();
        key.clear();
        key.add(c.legacyVersion());
        List<Integer> suites = c.cipherSuites();
        for (int i = 0; i < suites.size(); i++) {
            key.add(suites.get(i));
        }
        return SSLV2_JA4.get(key, c, Ja4::of);
    }

    public static ServerHelloInfo withFingerprints(ServerHelloInfo s) {
        String ja3s = Ja3.ja3sString(s.legacyVersion(), s.cipher(), s.extensions());
        return new ServerHelloInfo(s.version(), s.legacyVersion(), s.cipher(), s.sessionId(), s.compression(),
                s.extensions(), s.helloRetryRequest(), s.alpn(), s.keyShareGroup(), ja3s, Ja3.hash(ja3s));
    }
}
