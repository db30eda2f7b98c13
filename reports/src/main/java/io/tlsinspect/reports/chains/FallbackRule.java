package io.tlsinspect.reports.chains;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.tls.Grease;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.tls.CipherSuite;

/**
 * DESIGN §5's fallback predicate, in one method. A retry is a fallback of the attempt before it when
 * it offers no more than that attempt did and visibly less, or says it is a fallback:
 * <ul>
 *   <li>its maximum version is not higher (a version that goes back up is a fresh start), and</li>
 *   <li>its maximum version is lower, or it offers TLS_FALLBACK_SCSV (RFC 7507: the client itself
 *       declares the retry a fallback), or its cipher list is strictly smaller.</li>
 * </ul>
 * "Strictly smaller" means: the set of real suites offered (GREASE values and the two signalling
 * suites TLS_FALLBACK_SCSV and TLS_EMPTY_RENEGOTIATION_INFO_SCSV removed, order ignored) is a proper
 * subset of the previous attempt's set. Reordering, or swapping one suite for another, is not a
 * fallback: browsers do that between unrelated fresh connections (GREASE values change every time).
 */
public final class FallbackRule {
    private FallbackRule() {
    }

    public static boolean isFallback(ClientHelloInfo previous, ClientHelloInfo retry) {
        if (retry.maxVersion() > previous.maxVersion()) {
            return false;
        }
        return retry.maxVersion() < previous.maxVersion()
                || retry.fallbackScsv()
                || isProperSubset(realSuites(retry), realSuites(previous));
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

    private static boolean isProperSubset(Set<Integer> smaller, Set<Integer> larger) {
        return smaller.size() < larger.size() && larger.containsAll(smaller);
    }
}
