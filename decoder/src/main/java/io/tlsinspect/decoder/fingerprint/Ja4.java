package io.tlsinspect.decoder.fingerprint;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.tls.Grease;
import java.util.ArrayList;
import java.util.List;

/**
 * JA4 (TLS client) as FoxIO defines it (github.com/FoxIO-LLC/ja4, technical_details/JA4.md) and as
 * its reference implementations compute it (rust/ja4/src/tls.rs, python/ja4.py):
 * {@code t13d1516h2_8daaf6152771_e5627efa2ab1}.
 * <ul>
 *   <li>a: 't' (TLS over TCP), version (highest non-GREASE supported_versions, else legacy_version),
 *       'd' if the SNI extension is present else 'i', cipher count and extension count (GREASE not
 *       counted, SNI and ALPN counted, capped at 99), first and last character of the first ALPN
 *       value ("00" if none);</li>
 *   <li>b: SHA-256 (first 12 hex) of the sorted 4-hex cipher list without GREASE;</li>
 *   <li>c: SHA-256 (first 12 hex) of the sorted extension list without GREASE, SNI (0000) and ALPN
 *       (0010), then '_' and the signature algorithms in wire order (no '_' when there are none).</li>
 * </ul>
 * Where the prose of JA4.md and the reference code differ, the code wins, because "JA4 must equal
 * FoxIO's reference output": a one-character ALPN value gives that character then '0' (Rust
 * {@code first_last}, Python test {@code first_last_alpn("x") == "x0"}), and a non-ASCII character
 * becomes '9'.
 *
 * <p>An SSLv2-format ClientHello (RFC 5246 App. E.2) is the one case the reference code does not
 * reach: it reads tshark's {@code tls.handshake.ciphersuite}, which tshark leaves empty for SSLv2
 * cipher specs (they are {@code tls.handshake.cipherspec}), and the Python one skips hellos without
 * extensions. So JA4.md decides: the version is the hello's version field ({@code 0x0002 = "s2"}), no
 * SNI ('i'), no extensions ("00", {@code 000000000000}), and the cipher list holds every cipher spec
 * in hex; a V2CipherSpec whose first byte is zero carries a TLS suite (4 hex digits), an SSLv2-only
 * kind keeps all 3 bytes (6 hex digits, e.g. {@code 0700c0}), and the list is sorted as hex text.
 */
public final class Ja4 {
    private static final String EMPTY_HASH = "000000000000";
    private static final int SERVER_NAME = 0x0000;
    private static final int ALPN = 0x0010;

    private Ja4() {
    }

    public static String of(ClientHelloInfo ch) {
        return of(ch.legacyVersion(), ch.supportedVersions(), ch.cipherSuites(), ch.extensions(),
                ch.signatureAlgorithms(), ch.alpn().isEmpty() ? null : ch.alpn().get(0));
    }

    /**
     * JA4 of a ClientHello carried by QUIC: FoxIO's JA4.md, "QUIC and DTLS": the first character is
     * the protocol, {@code t} for TLS over TCP, {@code q} for QUIC; everything else is computed as for
     * TCP (the quic_transport_parameters extension counts like any other).
     */
    public static String quic(String tcpJa4) {
        return tcpJa4 == null || tcpJa4.isEmpty() ? tcpJa4 : "q" + tcpJa4.substring(1);
    }

    /** The raw (unhashed, sorted) form, FoxIO's "JA4_r". */
    public static String raw(ClientHelloInfo ch) {
        Parts p = parts(ch.legacyVersion(), ch.supportedVersions(), ch.cipherSuites(), ch.extensions(),
                ch.signatureAlgorithms(), ch.alpn().isEmpty() ? null : ch.alpn().get(0));
        return p.a + "_" + p.ciphers + "_" + p.extsSigs;
    }

    /**
     * @param firstAlpn the first ALPN protocol name, its bytes as ISO-8859-1 characters, or null
     */
    public static String of(int legacyVersion, List<Integer> supportedVersions, List<Integer> ciphers,
                            List<Integer> extensions, List<Integer> sigAlgs, String firstAlpn) {
        Parts p = parts(legacyVersion, supportedVersions, ciphers, extensions, sigAlgs, firstAlpn);
        return p.a + "_" + hash12(p.ciphers) + "_" + hash12(p.extsSigs);
    }

    private record Parts(String a, String ciphers, String extsSigs) {
    }

    private static Parts parts(int legacyVersion, List<Integer> supportedVersions, List<Integer> ciphers,
                               List<Integer> extensions, List<Integer> sigAlgs, String firstAlpn) {
        List<Integer> cs = nonGrease(ciphers);
        List<Integer> ex = nonGrease(extensions);
        char sni = ex.contains(SERVER_NAME) ? 'd' : 'i';
        int nCiphers = Math.min(99, cs.size());
        int nExts = Math.min(99, ex.size());
        String a = "t" + version(legacyVersion, supportedVersions) + sni + two(nCiphers) + two(nExts)
                + alpn(firstAlpn);

        List<Integer> sortedCiphers = new ArrayList<>(cs);
        sortedCiphers.sort(Ja4::hexOrder);
        List<Integer> sortedExts = new ArrayList<>(ex.size());
        for (int e : ex) {
            if (e != SERVER_NAME && e != ALPN) {
                sortedExts.add(e);
            }
        }
        sortedExts.sort(null);
        String sigs = hexList(nonGrease(sigAlgs));
        String exts = hexList(sortedExts);
        return new Parts(a, hexList(sortedCiphers), sigs.isEmpty() ? exts : exts + "_" + sigs);
    }

    static String version(int legacyVersion, List<Integer> supportedVersions) {
        int v = -1;
        for (int sv : supportedVersions) {
            if (!Grease.is(sv) && sv > v) {
                v = sv;
            }
        }
        if (v < 0) {
            v = legacyVersion;
        }
        return switch (v) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002, 0x0200 -> "s2";
            case 0x0100 -> "s1";
            default -> "00";
        };
    }

    static String alpn(String first) {
        if (first == null || first.isEmpty()) {
            return "00";
        }
        char f = ascii(first.charAt(0));
        char l = first.length() == 1 ? '0' : ascii(first.charAt(first.length() - 1));
        return "" + f + l;
    }

    private static char ascii(char c) {
        return c < 0x80 ? c : '9';
    }

    private static String hash12(String s) {
        return s.isEmpty() ? EMPTY_HASH : Digests.sha256Prefix12(s);
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static List<Integer> nonGrease(List<Integer> values) {
        List<Integer> out = new ArrayList<>(values.size());
        for (int v : values) {
            if (!Grease.is(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static String hexList(List<Integer> values) {
        StringBuilder sb = new StringBuilder(values.size() * 5);
        for (int v : values) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            // four lower-case hex digits (six for an SSLv2 cipher kind); String.format here was the
            // decoder's hottest line
            for (int shift = v > 0xffff ? 20 : 12; shift >= 0; shift -= 4) {
                sb.append(Character.forDigit((v >> shift) & 0xf, 16));
            }
        }
        return sb.toString();
    }

    /**
     * The order of the hex texts {@link #hexList} writes: numeric for values of the same width, and an
     * SSLv2 kind's six digits compared as text with four ("0700c0" before "c02f"), as sorting strings does.
     */
    private static int hexOrder(int a, int b) {
        boolean wa = a > 0xffff;
        boolean wb = b > 0xffff;
        if (wa == wb) {
            return Integer.compare(a, b);
        }
        // Compare the first four hex digits of each text; on a tie the shorter text sorts first.
        int ha = wa ? a >>> 8 : a;
        int hb = wb ? b >>> 8 : b;
        return ha != hb ? Integer.compare(ha, hb) : (wa ? 1 : -1);
    }
}
