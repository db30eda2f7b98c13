package io.tlsinspect.reports.model;

import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.decoder.names.TlsNames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * How reports write wire codes (DESIGN §6): names from {@link TlsNames} (Bouncy Castle's TLS
 * registry; unknown codes and GREASE values as {@code 0x1234}) and {@link TlsVersion}, and the
 * reports' own conventions on top: null for "none", short suite names for narrow columns.
 */
public final class WireNames {
    private WireNames() {
    }

    /** IANA name, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; 0x1234 when unknown; null for -1 (none). */
    public static String suite(int code) {
        return code < 0 ? null : TlsNames.cipherSuite(code);
    }

    public static List<String> suites(List<Integer> codes) {
        return names(codes, TlsNames::cipherSuite);
    }

    /** {@code TLSv1.2}; null for 0 (nothing negotiated). */
    public static String version(int code) {
        return code == 0 ? null : TlsVersion.name(code);
    }

    public static List<String> versions(List<Integer> codes) {
        return names(codes, TlsVersion::name);
    }

    public static String extension(int code) {
        return TlsNames.extension(code);
    }

    public static List<String> extensions(List<Integer> codes) {
        return names(codes, TlsNames::extension);
    }

    public static String group(int code) {
        return TlsNames.group(code);
    }

    public static List<String> groups(List<Integer> codes) {
        return names(codes, TlsNames::group);
    }

    public static String signatureScheme(int code) {
        return TlsNames.signatureScheme(code);
    }

    public static List<String> signatureSchemes(List<Integer> codes) {
        return names(codes, TlsNames::signatureScheme);
    }

    private static List<String> names(List<Integer> codes, IntFunction<String> name) {
        List<String> out = new ArrayList<>(codes.size());
        for (int c : codes) {
            out.add(name.apply(c));
        }
        return out;
    }

    /** TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -> ECDHE_RSA_AES_128_GCM, to fit the column (JSON keeps IANA names). */
    public static String shortSuite(String name) {
        String n = name.replaceFirst("^TLS_", "").replace("_WITH_", "_");
        // AEAD suites: the trailing hash is only the PRF's, so it can go without ambiguity (CBC keeps its MAC).
        return n.matches(".*_(GCM|CCM|CCM_8|CHACHA20_POLY1305)_SHA(256|384)") ? n.replaceFirst("_SHA(256|384)$", "") : n;
    }
}
