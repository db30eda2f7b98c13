package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.names.TlsNames;
import io.tlsinspect.decoder.tls.Grease;
import java.util.Collection;
import java.util.TreeSet;
import org.bouncycastle.tls.CipherSuite;

/**
 * Cipher suites grouped the way an operator writes {@code ssl_ciphers}: key exchange plus bulk
 * cipher, e.g. "ECDHE AES-GCM", "RSA AES-CBC", "TLS 1.3 ChaCha20" (RFC 8446 §B.4 suites name no key
 * exchange). The authentication half (RSA/ECDSA) is left out: it follows the certificate.
 */
public final class SuiteFamilies {
    private SuiteFamilies() {
    }

    /** The families of the real suites offered (GREASE and signalling suites left out), sorted. */
    public static TreeSet<String> of(Collection<Integer> suites) {
        TreeSet<String> out = new TreeSet<>();
        for (int c : suites) {
            if (!Grease.is(c) && !CipherSuite.isSCSV(c)) {
                out.add(family(TlsNames.cipherSuite(c)));
            }
        }
        return out;
    }

    /** TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -> "ECDHE AES-GCM"; an unknown code stays as it is. */
    static String family(String iana) {
        if (!iana.startsWith("TLS_")) {
            return iana;
        }
        String kx;
        String cipher;
        int with = iana.indexOf("_WITH_");
        if (with < 0) {
            kx = "TLS 1.3";
            cipher = iana.substring(4);
        } else {
            String k = iana.substring(4, with);
            kx = k.contains("_") ? k.substring(0, k.indexOf('_')) : k;
            cipher = iana.substring(with + 6);
        }
        return kx + " " + bulk(cipher);
    }

    private static String bulk(String c) {
        String mode = c.contains("GCM") ? "GCM" : c.contains("CCM") ? "CCM" : "CBC";
        if (c.startsWith("AES")) {
            return "AES-" + mode;
        }
        if (c.startsWith("CHACHA20")) {
            return "ChaCha20";
        }
        if (c.startsWith("CAMELLIA")) {
            return "Camellia-" + mode;
        }
        if (c.startsWith("ARIA")) {
            return "ARIA-" + mode;
        }
        if (c.startsWith("3DES")) {
            return "3DES";
        }
        int end = c.indexOf('_');
        return end < 0 ? c : c.substring(0, end);
    }
}
