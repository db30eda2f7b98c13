package io.tlsinspect.decoder.names;

import io.tlsinspect.decoder.tls.Grease;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.SignatureScheme;

/**
 * Names of TLS code points, taken from Bouncy Castle's TLS registry (DESIGN §2: not a hand-written
 * table). Unknown codes and GREASE values (RFC 8701: they name nothing) come back as lower-case hex,
 * {@code 0x1234}, as DESIGN §6 writes them.
 */
public final class TlsNames {

    /**
     * bctls has no {@code CipherSuite.getName}; its {@code CipherSuite} class is the registry, one
     * {@code public static final int TLS_...} per IANA suite, so the name table is read from it once.
     */
    private static final Map<Integer, String> SUITES = suiteTable();

    private TlsNames() {
    }

    private static Map<Integer, String> suiteTable() {
        Map<Integer, String> m = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            int mod = f.getModifiers();
            // DRAFT_ constants name pre-standard code points that IANA later gave other names
            if (f.getType() == int.class && Modifier.isStatic(mod) && Modifier.isFinal(mod)
                    && !f.getName().startsWith("DRAFT_")) {
                try {
                    m.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(m);
    }

    public static String hex4(int code) {
        return String.format("0x%04x", code);
    }

    /**
     * IANA suite name ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}), else {@code 0x1234}. A 3-byte
     * SSL 2.0 CIPHER-KIND (above 0xffff: an SSLv2 hello's or session's cipher) by the SSL 2.0 spec's
     * App. C.4 name ({@code SSL_CK_RC4_128_WITH_MD5}), else {@code 0x010080}.
     */
    public static String cipherSuite(int code) {
        if (code > 0xffff) {
            return sslv2CipherKind(code);
        }
        return name(code, SUITES::get);
    }

    private static String sslv2CipherKind(int code) {
        return switch (code) {
            case 0x010080 -> "SSL_CK_RC4_128_WITH_MD5";
            case 0x020080 -> "SSL_CK_RC4_128_EXPORT40_WITH_MD5";
            case 0x030080 -> "SSL_CK_RC2_128_CBC_WITH_MD5";
            case 0x040080 -> "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5";
            case 0x050080 -> "SSL_CK_IDEA_128_CBC_WITH_MD5";
            case 0x060040 -> "SSL_CK_DES_64_CBC_WITH_MD5";
            case 0x0700c0 -> "SSL_CK_DES_192_EDE3_CBC_WITH_MD5";
            default -> String.format("0x%06x", code);
        };
    }

    /** Alert description in snake_case ({@code inappropriate_fallback}), else {@code 0x56}. */
    public static String alert(int code) {
        if (code < 0 || code > 255) {
            return null;
        }
        String n = AlertDescription.getName((short) code);
        return known(n) ? n : String.format("0x%02x", code);
    }

    public static String alertLevel(int level) {
        if (level < 0 || level > 255) {
            return "unknown";
        }
        String n = AlertLevel.getName((short) level);
        return known(n) ? n : String.format("0x%02x", level);
    }

    public static String extension(int code) {
        return name(code, ExtensionType::getName);
    }

    public static String group(int code) {
        return name(code, NamedGroup::getName);
    }

    public static String signatureScheme(int code) {
        return name(code, SignatureScheme::getName);
    }

    /** The registry's name for a 16-bit code point; GREASE and unknown codes as {@code 0x1234}. */
    private static String name(int code, IntFunction<String> registry) {
        if (Grease.is(code)) {
            return hex4(code);
        }
        String n = registry.apply(code);
        return known(n) ? n : hex4(code);
    }

    private static boolean known(String n) {
        return n != null && !n.isEmpty() && !"UNKNOWN".equals(n);
    }
}
