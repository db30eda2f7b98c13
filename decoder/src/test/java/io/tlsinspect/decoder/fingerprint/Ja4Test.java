package io.tlsinspect.decoder.fingerprint;

import static io.tlsinspect.decoder.TlsBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.TlsBytes;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.tls.handshake.ClientHelloParser;
import io.tlsinspect.decoder.tls.handshake.HandshakeMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JA4 against FoxIO's published values. Each vector's ClientHello is built as wire bytes from the
 * lists FoxIO published (with GREASE values added, which JA4 must ignore) and run through the
 * parser, so the test covers parsing and fingerprinting together.
 */
class Ja4Test {

    /**
     * FoxIO-LLC/ja4 technical_details/JA4.md "Example" and rust/ja4/src/tls.rs
     * test_client_stats_into_out: JA4 = t13d1516h2_8daaf6152771_e5627efa2ab1, JA4_r as below.
     */
    static final int[] SPEC_CIPHERS = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
            0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
    static final int[] SPEC_EXTS = {0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005,
            0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015};
    static final int[] SPEC_SIGALGS = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};

    /**
     * FoxIO-LLC/ja4 python/test/testdata/sigalg-grease.pcapng.json (JA4_ro.1 gives the wire order,
     * JA4.1 the fingerprint; the Rust snapshot ja4__insta@sigalg-grease.pcapng.snap agrees).
     */
    static final int[] GREASE_EXTS = {0xfe0d, 0x0010, 0x0017, 0x0033, 0x44cd, 0xff01, 0x000a, 0x000d, 0x0023,
            0x002b, 0x000b, 0xca34, 0x002d, 0x0000, 0x0005, 0x001b, 0x0012};
    static final int[] GREASE_SIGALGS = {0x0904, 0x0905, 0x0906, 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501,
            0x0806, 0x0601};

    /** Wire bytes of a TLS 1.3 ClientHello with these lists, GREASE sprinkled in, valid extension bodies. */
    static byte[] hello(int[] ciphers, int[] exts, int[] sigalgs) {
        int[] suites = new int[ciphers.length + 1];
        suites[0] = 0x0a0a;
        System.arraycopy(ciphers, 0, suites, 1, ciphers.length);
        TlsBytes.ClientHello ch = new TlsBytes.ClientHello().suites(suites).ext(ext(0x1a1a, new byte[0]));
        for (int e : exts) {
            byte[] data = switch (e) {
                case 0x0000 -> vec16(concat(u8(0), vec16("example.com".getBytes())));
                case 0x0010 -> vec16(concat(vec8("h2".getBytes()), vec8("http/1.1".getBytes())));
                case 0x000a -> vec16(u16s(0x2a2a, 0x001d, 0x0017, 0x0018));
                case 0x000b -> vec8(u8(0));
                case 0x000d -> {
                    int[] withGrease = new int[sigalgs.length + 1];
                    withGrease[0] = 0x3a3a;
                    System.arraycopy(sigalgs, 0, withGrease, 1, sigalgs.length);
                    yield vec16(u16s(withGrease));
                }
                case 0x002b -> vec8(u16s(0x4a4a, 0x0304, 0x0303));
                case 0x0033 -> vec16(concat(u16s(0x001d), vec16(zeros(32))));
                default -> new byte[0];
            };
            ch.ext(ext(e, data));
        }
        return ch.body();
    }

    static ClientHelloInfo parse(byte[] body) {
        HandshakeMessage m = ClientHelloParser.parse(body, 0, body.length, 0x0301);
        assertThat(m).isInstanceOf(HandshakeMessage.ClientHello.class);
        return ((HandshakeMessage.ClientHello) m).info();
    }

    @Test
    void foxioSpecExample() {
        ClientHelloInfo c = parse(hello(SPEC_CIPHERS, SPEC_EXTS, SPEC_SIGALGS));
        assertThat(c.ja4()).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
        assertThat(Ja4.raw(c)).isEqualTo("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,"
                + "c030,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_"
                + "0403,0804,0401,0503,0805,0501,0806,0601");
    }

    @Test
    void foxioSigalgGreaseCapture() {
        ClientHelloInfo c = parse(hello(SPEC_CIPHERS, GREASE_EXTS, GREASE_SIGALGS));
        assertThat(c.ja4()).isEqualTo("t13d1517h2_8daaf6152771_cb7bf5808d99");
        assertThat(Ja4.raw(c)).isEqualTo("t13d1517h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,"
                + "c030,cca8,cca9_0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,44cd,ca34,fe0d,ff01_"
                + "0904,0905,0906,0403,0804,0401,0503,0805,0501,0806,0601");
    }

    @Test
    void spec_extensionHashWithoutSignatureAlgorithms() {
        // JA4.md "Extension hash": with no signature algorithms the string ends without '_':
        // 0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01 = 6d807ffa2a79
        List<Integer> exts = new ArrayList<>();
        for (int e : SPEC_EXTS) {
            exts.add(e);
        }
        List<Integer> ciphers = new ArrayList<>();
        for (int s : SPEC_CIPHERS) {
            ciphers.add(s);
        }
        String ja4 = Ja4.of(0x0303, List.of(0x0304), ciphers, exts, List.of(), "h2");
        assertThat(ja4).isEqualTo("t13d1516h2_8daaf6152771_6d807ffa2a79");
    }

    @Test
    void emptyListsHashToZeros() {
        // JA4.md: no ciphers -> JA4_b 000000000000; no extensions -> JA4_c 000000000000.
        assertThat(Ja4.of(0x0303, List.of(), List.of(), List.of(), List.of(), null))
                .isEqualTo("t12i000000_000000000000_000000000000");
    }

    @Test
    void alpnCharactersAsFoxioReferenceComputesThem() {
        // FoxIO-LLC/ja4 python/test/test_ja4_unit.py test_first_last_alpn_matches_the_rust_implementation.
        assertThat(Ja4.alpn("h2")).isEqualTo("h2");
        assertThat(Ja4.alpn("http/1.1")).isEqualTo("h1");
        assertThat(Ja4.alpn("x")).isEqualTo("x0");
        assertThat(Ja4.alpn(latin1("\u00e9x"))).isEqualTo("9x");
        assertThat(Ja4.alpn(latin1("x\u00e9"))).isEqualTo("x9");
        assertThat(Ja4.alpn("")).isEqualTo("00");
        assertThat(Ja4.alpn(null)).isEqualTo("00");
    }

    /** The parser keeps ALPN bytes as ISO-8859-1 chars; this turns a UTF-8 string into that form. */
    private static String latin1(String s) {
        return new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void versionCodes() {
        // JA4.md "TLS and DTLS Version"; supported_versions wins over legacy_version, GREASE ignored.
        assertThat(Ja4.version(0x0303, List.of(0x0a0a, 0x0304, 0x0303))).isEqualTo("13");
        assertThat(Ja4.version(0x0303, List.of())).isEqualTo("12");
        assertThat(Ja4.version(0x0302, List.of())).isEqualTo("11");
        assertThat(Ja4.version(0x0301, List.of())).isEqualTo("10");
        assertThat(Ja4.version(0x0300, List.of())).isEqualTo("s3");
        assertThat(Ja4.version(0x0002, List.of())).isEqualTo("s2");
        assertThat(Ja4.version(0x7f1c, List.of())).isEqualTo("00");
    }

    @Test
    void countsStopAt99() {
        List<Integer> many = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            many.add(i);
        }
        assertThat(Ja4.of(0x0303, List.of(), many, many, List.of(), null)).startsWith("t12i999900_");
    }
}
