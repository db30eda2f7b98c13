package io.tlsinspect.decoder.tls.handshake;

import static io.tlsinspect.decoder.TlsBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import org.junit.jupiter.api.Test;

/** SSLv2-format ClientHello, hand-made (no stack here sends one): RFC 5246 App. E.2. */
public class Sslv2ClientHelloParserTest {

    /** msg_type 1, version, three lengths, specs, session id, challenge; without the 2-byte header. */
    static byte[] body(int version, byte[] specs, byte[] sessionId, byte[] challenge) {
        return concat(u8(1), u16s(version), u16s(specs.length), u16s(sessionId.length), u16s(challenge.length),
                specs, sessionId, challenge);
    }

    /** The whole record with its 2-byte header (high bit set). */
    public static byte[] record(byte[] body) {
        return concat(u8(0x80 | (body.length >>> 8), body.length & 0xff), body);
    }

    public static byte[] typical() {
        // TLS_RSA_WITH_AES_128_CBC_SHA (00,00,2f), SSL_CK_RC4_128_WITH_MD5 (01,00,80), TLS_FALLBACK_SCSV.
        byte[] specs = u8(0x00, 0x00, 0x2f, 0x01, 0x00, 0x80, 0x00, 0x56, 0x00);
        return body(0x0301, specs, new byte[0], zeros(32));
    }

    @Test
    void readsSuitesAndVersion() {
        byte[] b = typical();
        HandshakeMessage m = Sslv2ClientHelloParser.parse(b, 0, b.length);
        assertThat(m).isInstanceOf(HandshakeMessage.ClientHello.class);
        ClientHelloInfo c = ((HandshakeMessage.ClientHello) m).info();
        assertThat(c.sslv2Format()).isTrue();
        assertThat(c.recordVersion()).isEqualTo(TlsVersion.SSL2);
        assertThat(c.legacyVersion()).isEqualTo(0x0301);
        assertThat(c.maxVersion()).isEqualTo(0x0301);
        assertThat(c.cipherSuites()).containsExactly(0x002f, 0x010080, 0x5600);
        assertThat(c.fallbackScsv()).isTrue();
        assertThat(c.extensions()).isEmpty();
        assertThat(c.ja4()).startsWith("t10i0300");
    }

    @Test
    void cipherSpecLengthNotAMultipleOfThreeIsMalformed() {
        byte[] b = body(0x0301, u8(0, 0, 0x2f, 0), new byte[0], zeros(16));
        assertThat(Sslv2ClientHelloParser.parse(b, 0, b.length)).isInstanceOf(HandshakeMessage.Malformed.class);
    }

    @Test
    void shortChallengeIsMalformed() {
        byte[] b = body(0x0301, u8(0, 0, 0x2f), new byte[0], zeros(8));
        assertThat(Sslv2ClientHelloParser.parse(b, 0, b.length)).isInstanceOf(HandshakeMessage.Malformed.class);
    }

    @Test
    void lengthsPastTheEndAreMalformed() {
        byte[] b = typical();
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 1);
        assertThat(Sslv2ClientHelloParser.parse(cut, 0, cut.length)).isInstanceOf(HandshakeMessage.Malformed.class);
    }

    /**
     * A pure SSL 2.0 CLIENT-HELLO as the SSL 2.0 spec (draft-hickman, Feb. 1995) §2.5 lays it out:
     * MSG-CLIENT-HELLO (1), CLIENT-VERSION 0x0002 (App. C.1), CIPHER-SPECS-LENGTH 9, SESSION-ID-LENGTH 0,
     * CHALLENGE-LENGTH 16, then three CIPHER-KINDs (App. C.4): SSL_CK_RC4_128_WITH_MD5 01,00,80,
     * SSL_CK_DES_192_EDE3_CBC_WITH_MD5 07,00,C0, SSL_CK_RC2_128_CBC_WITH_MD5 03,00,80.
     */
    static byte[] ssl2Only() {
        return body(0x0002, u8(0x01, 0x00, 0x80, 0x07, 0x00, 0xc0, 0x03, 0x00, 0x80), new byte[0], zeros(16));
    }

    private static ClientHelloInfo parsed(byte[] b) {
        return ((HandshakeMessage.ClientHello) Sslv2ClientHelloParser.parse(b, 0, b.length)).info();
    }

    @Test
    void sslv2FormatHelloHasNoJa3AsTheReferenceGivesNone() {
        // salesforce/ja3 python/ja3.py skips any packet whose first byte is not 22 (TLS_HANDSHAKE);
        // an SSLv2-format record starts with the length's high bit (0x80..0xff). tshark has no JA3 either.
        assertThat(parsed(typical()).ja3()).isNull();
        assertThat(parsed(typical()).ja3Hash()).isNull();
        assertThat(parsed(ssl2Only()).ja3()).isNull();
    }

    @Test
    void ja4OfAnSsl2HelloFollowsFoxIosTable() {
        // JA4.md "TLS and DTLS Version": no supported_versions, so the hello's version: 0x0002 = "s2";
        // no SNI: 'i'; 3 ciphers; 0 extensions; no ALPN: "00". Cipher list as hex text, sorted:
        // "010080,030080,0700c0", whose SHA-256 starts a5ea99a7b892 (sha256sum); no extensions: 000000000000.
        assertThat(parsed(ssl2Only()).ja4()).isEqualTo("ts2i030000_a5ea99a7b892_000000000000");
    }

    @Test
    void ja4OfAnSslv2FormatTlsHelloSortsMixedWidthsAsText() {
        // RFC 5246 App. E.2: version 0x0301 ("10"); V2CipherSpecs 00,00,2f / 00,00,35 / 00,00,ff carry
        // TLS suites (4 hex digits), 07,00,c0 and 01,00,80 are SSLv2 kinds (6 digits). Sorted as text:
        // "002f,0035,00ff,010080,0700c0" -> SHA-256 2caf7a655e18 (sha256sum).
        byte[] specs = u8(0x07, 0x00, 0xc0, 0x00, 0x00, 0x2f, 0x00, 0x00, 0xff, 0x01, 0x00, 0x80, 0x00, 0x00, 0x35);
        ClientHelloInfo c = parsed(body(0x0301, specs, new byte[0], zeros(32)));
        assertThat(c.ja4()).isEqualTo("t10i050000_2caf7a655e18_000000000000");
        assertThat(c.renegotiationScsv()).isTrue();
    }
}
