package io.tlsinspect.reports.chains;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.decoder.tls.Grease;
import java.util.ArrayList;
import java.util.HashSet;
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
    private static final Set<Integer> IGNORED = Set.of(21, 35);

    private FallbackRule() {
    }

    public static boolean isFallback(ClientHelloInfo previous, ClientHelloInfo retry) {
        if (retry.maxVersion() > previous.maxVersion() || !sameProgram(previous, retry)) {
            return false;
        }
        return retry.maxVersion() < previous.maxVersion()
                || retry.fallbackScsv()
                || isProperSubset(realSuites(retry), realSuites(previous));
    }

    /** Could {@code retry} come from the program that sent {@code previous}? See the class comment. */
    public static boolean sameProgram(ClientHelloInfo previous, ClientHelloInfo retry) {
        if (!Objects.equals(previous.alpn(), retry.alpn())) {
            return false;
        }
        if (!sameRelativeOrder(previous.cipherSuites(), retry.cipherSuites())) {
            return false;
        }
        if (retry.extensions().isEmpty() && retry.maxVersion() <= TlsVersion.SSL3) {
            return true;
        }
        Set<Integer> before = extensionSet(previous);
        Set<Integer> after = extensionSet(retry);
        Set<Integer> steady = new HashSet<>(before);
        steady.removeAll(VERSION_SPECIFIC);
        Set<Integer> steadyAfter = new HashSet<>(after);
        steadyAfter.removeAll(VERSION_SPECIFIC);
        if (!steady.equals(steadyAfter)) {
            return false;
        }
        Set<Integer> added = new HashSet<>(after);
        added.removeAll(before);
        return added.isEmpty();
    }

    /** Tie-break for NAT: the retry offers no real suite the previous attempt lacked. */
    static boolean offersNoNewSuite(ClientHelloInfo previous, ClientHelloInfo retry) {
        return realSuites(previous).containsAll(realSuites(retry));
    }

    /** The suites that name a cipher: GREASE and SCSVs removed. */
    static Set<Integer> realSuites(ClientHelloInfo hello) {
        Set<Integer> s = new HashSet<>();
        for (int c : hello.cipherSuites()) {
            if (!Grease.is(c) && !CipherSuite.isSCSV(c)) {
                s.add(c);
            }
        }
        return s;
    }

    private static Set<Integer> extensionSet(ClientHelloInfo hello) {
        Set<Integer> s = new HashSet<>();
        for (int e : hello.extensions()) {
            if (!Grease.is(e) && !IGNORED.contains(e)) {
                s.add(e);
            }
        }
        return s;
    }

    /** The real suites both lists offer appear in the same order in each. */
    private static boolean sameRelativeOrder(List<Integer> a, List<Integer> b) {
        Set<Integer> inA = new HashSet<>(a);
        Set<Integer> inB = new HashSet<>(b);
        List<Integer> commonA = new ArrayList<>();
        for (int c : a) {
            if (inB.contains(c) && !Grease.is(c) && !CipherSuite.isSCSV(c)) {
                commonA.add(c);
            }
        }
        List<Integer> commonB = new ArrayList<>();
        for (int c : b) {
            if (inA.contains(c) && !Grease.is(c) && !CipherSuite.isSCSV(c)) {
                commonB.add(c);
            }
        }
        return commonA.equals(commonB);
    }

    private static boolean isProperSubset(Set<Integer> smaller, Set<Integer> larger) {
        return smaller.size() < larger.size() && larger.containsAll(smaller);
    }
}
