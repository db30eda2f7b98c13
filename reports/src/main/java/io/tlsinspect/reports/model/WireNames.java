package io.tlsinspect.reports.model;

import io.tlsinspect.decoder.model.TlsVersion;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.SignatureScheme;

/**
 * The single adapter between reports and the names of wire codes (DESIGN §2: names come from
 * Bouncy Castle's TLS registry). When {@code io.tlsinspect.decoder.names} lands, only this class
 * changes. Unknown codes (GREASE included) are written {@code 0x1234} (DESIGN §6).
 */
public final class WireNames {
    public static final int TLS_FALLBACK_SCSV = 0x5600;
    public static final int TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;

    /** Built once from CipherSuite's constants; never modified afterwards. */
    private static final Map<Integer, String> SUITES = suiteNames();

    private WireNames() {
    }

    /** IANA name, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; 0x1234 when unknown; null for -1 (none). */
    public static String suite(int code) {
        if (code < 0) {
            return null;
        }
        String n = SUITES.get(code);
        return n != null ? n : hex(code);
    }

    public static List<String> suites(List<Integer> codes) {
        List<String> out = new ArrayList<>(codes.size());
        for (int c : codes) {
            out.add(suite(c));
        }
        return out;
    }

    /** {@code TLSv1.2}; null for 0 (nothing negotiated). */
    public static String version(int code) {
        return code == 0 ? null : TlsVersion.name(code);
    }

    public static List<String> versions(List<Integer> codes) {
        List<String> out = new ArrayList<>(codes.size());
        for (int c : codes) {
            out.add(TlsVersion.name(c));
        }
        return out;
    }

    public static String extension(int code) {
        return known(ExtensionType.getName(code), code);
    }

    public static List<String> extensions(List<Integer> codes) {
        List<String> out = new ArrayList<>(codes.size());
        for (int c : codes) {
            out.add(extension(c));
        }
        return out;
    }

    public static String group(int code) {
        return known(NamedGroup.getName(code), code);
    }

    public static List<String> groups(List<Integer> codes) {
        List<String> out = new ArrayList<>(codes.size());
        for (int c : codes) {
            out.add(group(c));
        }
        return out;
    }

    public static String signatureScheme(int code) {
        return known(SignatureScheme.getName(code), code);
    }

    public static List<String> signatureSchemes(List<Integer> codes) {
        List<String> out = new ArrayList<>(codes.size());
        for (int c : codes) {
            out.add(signatureScheme(c));
        }
        return out;
    }

    /** RFC 8701: 0x?a?a with both bytes equal. */
    public static boolean isGrease(int code) {
        return (code & 0x0f0f) == 0x0a0a && ((code >> 8) & 0xff) == (code & 0xff);
    }

    /** The two signalling suites (RFC 7507, RFC 5746) that are not ciphers. */
    public static boolean isScsv(int code) {
        return code == TLS_FALLBACK_SCSV || code == TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
    }

    public static String hex(int code) {
        return String.format("0x%04x", code);
    }

    private static String known(String name, int code) {
        // Bouncy Castle answers "UNKNOWN" (or null) for codes it does not know, GREASE included
        return name == null || name.startsWith("UNKNOWN") ? hex(code) : name;
    }

    private static Map<Integer, String> suiteNames() {
        Map<Integer, String> m = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            int mod = f.getModifiers();
            if (f.getType() != int.class || !Modifier.isStatic(mod) || !Modifier.isFinal(mod)
                    || f.getName().startsWith("DRAFT_")) {
                continue;
            }
            try {
                // first name wins: CipherSuite lists the IANA name before any alias
                m.putIfAbsent(f.getInt(null), f.getName());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + f, e);
            }
        }
        return Map.copyOf(m);
    }
}
