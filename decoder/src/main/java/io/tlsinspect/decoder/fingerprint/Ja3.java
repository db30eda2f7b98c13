package io.tlsinspect.decoder.fingerprint;

import io.tlsinspect.decoder.tls.Grease;
import java.util.List;

/**
 * JA3 and JA3S as Salesforce defined them (github.com/salesforce/ja3): decimal values, lists joined
 * by '-', fields by ',', GREASE values (RFC 8701) removed, then MD5 of the string.
 * JA3 = SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats;
 * JA3S = SSLVersion,Cipher,Extensions.
 */
public final class Ja3 {
    private Ja3() {
    }

    public static String ja3String(int legacyVersion, List<Integer> ciphers, List<Integer> extensions,
                                   List<Integer> groups, List<Integer> pointFormats) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(legacyVersion).append(',');
        join(sb, ciphers);
        sb.append(',');
        join(sb, extensions);
        sb.append(',');
        join(sb, groups);
        sb.append(',');
        join(sb, pointFormats);
        return sb.toString();
    }

    public static String ja3sString(int legacyVersion, int cipher, List<Integer> extensions) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(legacyVersion).append(',').append(cipher).append(',');
        join(sb, extensions);
        return sb.toString();
    }

    public static String hash(String ja3String) {
        return Digests.md5(ja3String);
    }

    private static void join(StringBuilder sb, List<Integer> values) {
        boolean first = true;
        for (int v : values) {
            if (Grease.is(v)) {
                continue;
            }
            if (!first) {
                sb.append('-');
            }
            sb.append(v);
            first = false;
        }
    }
}
