package io.tlsinspect.reports.chains;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.decoder.tls.Grease;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.tls.CipherSuite;

/**
 * DESIGN §5's fallback predicate, in one place. A retry is a fallback of the attempt before it when
 * it comes from the same program ({@link #sameProgram}) and offers no more than that attempt did and
 * visibly less, or says it is a fallback:
 * <ul>
 *   <li>its maximum version is not higher (a version that goes back up is a fresh start), and</li>
 *   <li>its maximum version is lower, or it offers TLS_FALLBACK_SCSV (RFC 7507: the client itself
 *       declares the retry a fallback), or its cipher list is strictly smaller.</li>
 * </ul>
 * "Strictly smaller" means: the set of real suites offered (GREASE values and the two signalling
 * suites TLS_FALLBACK_SCSV and TLS_EMPTY_RENEGOTIATION_INFO_SCSV removed, order ignored) is a proper
 * subset of the previous attempt's set. Reordering, or swapping one suite for another, is not a
 * fallback: browsers do that between unrelated fresh connections (GREASE values change every time).
 *
 * <p>Same program, designed from the recordings in {@code sample-pcaps/}: the seed incident's
 * OpenSSL/browser fallbacks (TLS 1.3 -> 1.2 drops supported_versions, psk_key_exchange_modes and
 * key_share; TLS 1.2 -> 1.1 drops signature_algorithms; suites are dropped, the order of the rest
 * kept) and real Firefox ESR 153, Chromium 156, curl and other programs taking turns on one address
 * ({@code browsers/alternating.pcap}): Chromium's 15 suites are a proper subset of Firefox's 16 in
 * another order, with other extensions (ALPS, no delegated_credentials). A retry is the same program
 * when, against the previous hello:
 * <ul>
 *   <li>its ALPN list is the same (order included);</li>
 *   <li>the real suites both offer come in the same relative order;</li>
 *   <li>its extensions, leaving out GREASE, padding (its length follows the hello's), the session
 *       ticket (a session is kept or dropped) and the version-specific ones
 *       ({@link #VERSION_SPECIFIC}), are the same set;</li>
 *   <li>it adds no version-specific extension the previous hello lacked.</li>
 * </ul>
 * An SSL 3.0 retry without any extension (SSL 3.0 has none, RFC 6101) is judged on suites alone.
 * Firefox's own retry hello after a reset (the same suites without compress_certificate,
 * {@code families.json} "variant of") is the same program but offers no less: not a fallback, so
 * no chain (the recordings' manifests list none).
 */
public final class FallbackRule {
    /**
     * Extensions a program drops when it offers an older version: TLS 1.3's (RFC 8446 §4.2:
     * supported_versions 43, key_share 51, pre_shared_key 41, early_data 42, cookie 44,
     * psk_key_exchange_modes 45, post_handshake_auth 49, signature_algorithms_cert 50),
     * compress_certificate 27 (RFC 8879, TLS 1.3 certificates), encrypted_client_hello 0xfe0d,
     * and TLS 1.2's signature_algorithms 13 (RFC 5246 §7.4.1.4.1, not sent by TLS 1.1 clients).
     */
    static final Set<Integer> VERSION_SPECIFIC = Set.of(13, 27, 41, 42, 43, 44, 45, 49, 50, 51, 0xfe0d);
    /** padding (RFC 7685, sized to the hello) and session_ticket (RFC 5077, a session kept or dropped). */
    private static final int PADDING = 21;
    private static final int SESSION_TICKET = 35;
    /** {@link #VERSION_SPECIFIC}, sorted, for the set arithmetic below (done on sorted int arrays, not boxed sets). */
    private static final int[] VERSION_SPECIFIC_SORTED = VERSION_SPECIFIC.stream().mapToInt(Integer::intValue).sorted().toArray();

    private FallbackRule() {
    }

    public static boolean isFallback(ClientHelloInfo previous, ClientHelloInfo retry) {
        return isFallback(new Offer(previous), new Offer(retry));
    }

    /** {@link #isFallback(ClientHelloInfo, ClientHelloInfo)} on offers whose sets may be known already. */
    static boolean isFallback(Offer previous, Offer retry) {
        ClientHelloInfo before = previous.hello;
        ClientHelloInfo after = retry.hello;
        if (after.maxVersion() > before.maxVersion() || !sameProgram(previous, retry)) {
            return false;
        }
        if (after.maxVersion() < before.maxVersion() || after.fallbackScsv()) {
            return true;
        }
        if (sameList(before.cipherSuites(), after.cipherSuites())) {
            return false; // the same suites: not a proper subset
        }
        int[] smaller = retry.realSuites();
        int[] larger = previous.realSuites();
        return smaller.length < larger.length && containsAll(larger, smaller); // a proper subset
    }

    /** Could {@code retry} come from the program that sent {@code previous}? See the class comment. */
    public static boolean sameProgram(ClientHelloInfo previous, ClientHelloInfo retry) {
        return sameProgram(new Offer(previous), new Offer(retry));
    }

    private static boolean sameProgram(Offer previous, Offer retry) {
        ClientHelloInfo before = previous.hello;
        ClientHelloInfo after = retry.hello;
        if (!Objects.equals(before.alpn(), after.alpn())) {
            return false;
        }
        if (!sameList(before.cipherSuites(), after.cipherSuites()) && !sameRelativeOrder(previous, retry)) {
            return false;
        }
        if (after.extensions().isEmpty() && after.maxVersion() <= TlsVersion.SSL3
                || sameList(before.extensions(), after.extensions())) {
            return true; // the same extensions: the same set, none added
        }
        int[] was = previous.extensionSet();
        int[] is = retry.extensionSet();
        // the same steady extensions (version-specific ones left out), and none added
        return equalWithout(was, is, VERSION_SPECIFIC_SORTED) && containsAll(was, is);
    }

    /** Tie-break for NAT: the retry offers no real suite the previous attempt lacked. */
    static boolean offersNoNewSuite(ClientHelloInfo previous, ClientHelloInfo retry) {
        return offersNoNewSuite(new Offer(previous), new Offer(retry));
    }

    static boolean offersNoNewSuite(Offer previous, Offer retry) {
        return sameList(previous.hello.cipherSuites(), retry.hello.cipherSuites())
                || containsAll(previous.realSuites(), retry.realSuites());
    }

    /**
     * A hello with the sorted sets the rule compares, each made on first use and kept: an attempt is
     * compared with the last attempt of every open chain of its key, and becomes the last attempt a
     * later retry is compared with, so each set is sorted once per hello instead of once per
     * comparison (the sorts were a large share of the chains' time, their arrays of a pass's garbage).
     * Held only as long as its attempt is a chain's last (at most the retry window).
     */
    static final class Offer {
        final ClientHelloInfo hello;
        /** Where the sets of lists met before are kept; null: each made for this offer. */
        private final Sets sets;
        private int[] suites;
        private int[] realSuites;
        private int[] extensionSet;

        Offer(ClientHelloInfo hello) {
            this(hello, null);
        }

        Offer(ClientHelloInfo hello, Sets sets) {
            this.hello = hello;
            this.sets = sets;
        }

        /** Every suite offered, GREASE and SCSVs included; sorted, each once. */
        int[] suites() {
            if (suites == null) {
                suites = sets == null ? all(hello.cipherSuites()) : sets.of(Sets.ALL, hello.cipherSuites());
            }
            return suites;
        }

        int[] realSuites() {
            if (realSuites == null) {
                realSuites = sets == null ? FallbackRule.realSuites(hello.cipherSuites())
                        : sets.of(Sets.REAL, hello.cipherSuites());
            }
            return realSuites;
        }

        int[] extensionSet() {
            if (extensionSet == null) {
                extensionSet = sets == null ? FallbackRule.extensionSet(hello.extensions())
                        : sets.of(Sets.EXTENSIONS, hello.extensions());
            }
            return extensionSet;
        }
    }

    /**
     * The sorted sets of the lists met lately, by the list's identity: every hello of a client program
     * carries the very same suite and extension lists (the decoder and the spill share one object per
     * distinct list), while a hello itself is new per connection (its random session ID). So a pass
     * sorts each program's lists about once instead of once per attempt (those arrays were a sixth of
     * the analysis pass's own garbage). The sets are never written after they are made, so sharing
     * them is safe; bounded: a direct-mapped table that keeps the last list per slot. One thread.
     */
    static final class Sets {
        static final int ALL = 0;
        static final int REAL = 1;
        static final int EXTENSIONS = 2;
        private static final int SLOTS = 256; // per kind; a power of two
        private final Object[] lists = new Object[3 * SLOTS];
        private final int[][] sets = new int[3 * SLOTS][];

        int[] of(int kind, List<Integer> list) {
            int slot = kind * SLOTS + (System.identityHashCode(list) & (SLOTS - 1));
            if (lists[slot] == list) {
                return sets[slot];
            }
            int[] set = switch (kind) {
                case ALL -> all(list);
                case REAL -> realSuites(list);
                default -> extensionSet(list);
            };
            lists[slot] = list;
            sets[slot] = set;
            return set;
        }
    }

    /**
     * Whether two lists hold the same values in the same order: then they make the same sets, and no
     * sort is needed. A client repeating its hello on the next attempt sends the same lists, often the
     * very same object (the spill shares one per value). By index: an iterator per comparison was garbage.
     */
    private static boolean sameList(List<Integer> a, List<Integer> b) {
        if (a == b) {
            return true;
        }
        int n = a.size();
        if (n != b.size()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!Objects.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The suites that name a cipher: GREASE and SCSVs removed; sorted, each once. */
    static int[] realSuites(ClientHelloInfo hello) {
        return realSuites(hello.cipherSuites());
    }

    private static int[] realSuites(List<Integer> suites) {
        int[] s = new int[suites.size()];
        int n = 0;
        for (int i = 0; i < suites.size(); i++) {
            int c = suites.get(i);
            if (!Grease.is(c) && !CipherSuite.isSCSV(c)) {
                s[n++] = c;
            }
        }
        return sortedDistinct(s, n);
    }

    /** The extensions compared, GREASE, padding and session_ticket left out; sorted, each once. */
    private static int[] extensionSet(List<Integer> exts) {
        int[] s = new int[exts.size()];
        int n = 0;
        for (int i = 0; i < exts.size(); i++) {
            int e = exts.get(i);
            if (!Grease.is(e) && e != PADDING && e != SESSION_TICKET) {
                s[n++] = e;
            }
        }
        return sortedDistinct(s, n);
    }

    /**
     * The real suites both lists offer appear in the same order in each: walks both lists at once,
     * skipping what the other does not offer.
     */
    private static boolean sameRelativeOrder(Offer previous, Offer retry) {
        List<Integer> a = previous.hello.cipherSuites();
        List<Integer> b = retry.hello.cipherSuites();
        int[] inA = previous.suites();
        int[] inB = retry.suites();
        int i = 0;
        int j = 0;
        while (true) {
            while (i < a.size() && !common(a.get(i), inB)) {
                i++;
            }
            while (j < b.size() && !common(b.get(j), inA)) {
                j++;
            }
            if (i == a.size() || j == b.size()) {
                return i == a.size() && j == b.size();
            }
            if (a.get(i).intValue() != b.get(j).intValue()) {
                return false;
            }
            i++;
            j++;
        }
    }

    private static boolean common(int c, int[] other) {
        return Arrays.binarySearch(other, c) >= 0 && !Grease.is(c) && !CipherSuite.isSCSV(c);
    }

    private static int[] all(List<Integer> values) {
        int[] s = new int[values.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = values.get(i);
        }
        return sortedDistinct(s, s.length);
    }

    private static int[] sortedDistinct(int[] s, int n) {
        Arrays.sort(s, 0, n);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || s[m - 1] != s[i]) {
                s[m++] = s[i];
            }
        }
        return m == s.length ? s : Arrays.copyOf(s, m);
    }

    /** Whether sorted {@code larger} holds every value of sorted {@code smaller}. */
    private static boolean containsAll(int[] larger, int[] smaller) {
        int j = 0;
        for (int v : smaller) {
            while (j < larger.length && larger[j] < v) {
                j++;
            }
            if (j == larger.length || larger[j] != v) {
                return false;
            }
        }
        return true;
    }

    /** Whether sorted {@code a} and {@code b} are equal once the values of sorted {@code drop} are left out; no copy of either. */
    private static boolean equalWithout(int[] a, int[] b, int[] drop) {
        int i = 0;
        int j = 0;
        while (true) {
            while (i < a.length && Arrays.binarySearch(drop, a[i]) >= 0) {
                i++;
            }
            while (j < b.length && Arrays.binarySearch(drop, b[j]) >= 0) {
                j++;
            }
            if (i == a.length || j == b.length) {
                return i == a.length && j == b.length;
            }
            if (a[i++] != b[j++]) {
                return false;
            }
        }
    }
}
