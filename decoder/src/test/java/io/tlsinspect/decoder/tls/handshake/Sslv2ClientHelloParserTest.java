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
}
