package io.tlsinspect.decoder.fingerprint;

import static io.tlsinspect.decoder.TlsBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.TlsBytes;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.tls.handshake.ClientHelloParser;
import io.tlsinspect.decoder.tls.handshake.HandshakeMessage;
import io.tlsinspect.decoder.tls.handshake.ServerHelloParser;
import io.tlsinspect.decoder.tls.handshake.Sslv2ClientHelloParser;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints once per distinct hello: two connections of one client program differ in random,
 * session ID, SNI and key share bytes, and share the lists and fingerprints; another program does not.
 */
class HelloShapesTest {
    private static byte[] hello(int uniqueSuite, byte[] sessionId, String sni, byte keyShareByte, String... alpn) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, keyShareByte);
        return new TlsBytes.ClientHello()
                .sessionId(sessionId)
                .suites(0x1301, uniqueSuite, 0xc02b)
                .ext(sni(sni))
                .ext(alpn(alpn))
                .ext(ext(10, vec16(u16s(0x001d, 0x0017))))
                .ext(ext(13, vec16(u16s(0x0403, 0x0804))))
                .ext(ext(43, vec8(u16s(0x0304, 0x0303))))
                .ext(ext(51, vec16(concat(u16s(0x001d), vec16(key)))))
                .body();
    }

    private static ClientHelloInfo parse(byte[] body) {
        return ((HandshakeMessage.ClientHello) ClientHelloParser.parse(body, 0, body.length, 0x0301)).info();
    }

    @Test
    void twoHellosOfOneProgramShareTheirListsAndFingerprintsComputedOnce() {
        int unique = 0x7a00 + (int) (System.nanoTime() & 0xff); // a shape no other test has made
        long before = Fingerprints.clientShapesComputed();
        ClientHelloInfo a = parse(hello(unique, u8(1, 2, 3), "a.example.test", (byte) 1, "h2"));
        ClientHelloInfo b = parse(hello(unique, u8(9, 9), "b.example.test", (byte) 2, "h2"));
        assertThat(Fingerprints.clientShapesComputed() - before).isEqualTo(1);
        assertThat(b.cipherSuites()).isSameAs(a.cipherSuites());
        assertThat(b.extensions()).isSameAs(a.extensions());
        assertThat(b.ja4()).isSameAs(a.ja4());
        assertThat(b.ja3Hash()).isSameAs(a.ja3Hash());
        // What differs per connection is still per connection.
        assertThat(a.sni()).isEqualTo("a.example.test");
        assertThat(b.sni()).isEqualTo("b.example.test");
        assertThat(a.sessionId()).isEqualTo("010203");
        assertThat(b.sessionId()).isEqualTo("0909");
        // The cached fingerprints are those computed from the hello's own lists.
        ClientHelloInfo direct = Fingerprints.withFingerprints(b);
        assertThat(b.ja3()).isEqualTo(direct.ja3());
        assertThat(b.ja4()).isEqualTo(direct.ja4());

        // So the parser marks its hellos shared, and the decoder does not intern them again.
        byte[] body = hello(unique, u8(9, 9), "b.example.test", (byte) 2, "h2");
        assertThat(((HandshakeMessage.ClientHello) ClientHelloParser.parse(body, 0, body.length, 0x0301)).shared()).isTrue();

        ClientHelloInfo otherAlpn = parse(hello(unique, u8(1), "a.example.test", (byte) 1, "http/1.1"));
        assertThat(Fingerprints.clientShapesComputed() - before).as("another ALPN is another shape").isEqualTo(2);
        assertThat(otherAlpn.ja4()).isNotEqualTo(a.ja4());
        assertThat(otherAlpn.alpn()).containsExactly("http/1.1");
    }

    /** An SSLv2-format CLIENT-HELLO body (RFC 5246 App. E.2): three-byte cipher specs, a 16-byte challenge. */
    private static byte[] sslv2Hello(int uniqueSuite, byte challengeByte) {
        byte[] specs = u8(0x00, 0x00, 0x2f, 0x00, uniqueSuite >>> 8, uniqueSuite & 0xff, 0x01, 0x00, 0x80);
        byte[] challenge = new byte[16];
        java.util.Arrays.fill(challenge, challengeByte);
        return concat(u8(1), u16s(0x0301), u16s(specs.length), u16s(0), u16s(challenge.length), specs, challenge);
    }

    private static ClientHelloInfo parseSslv2(byte[] body) {
        return ((HandshakeMessage.ClientHello) Sslv2ClientHelloParser.parse(body, 0, body.length)).info();
    }

    @Test
    void sslv2HellosOfOneProgramHaveTheirJa4ComputedOnce() {
        int unique = 0x7b00 + (int) (System.nanoTime() & 0xff); // specs no other test has sent
        long before = Fingerprints.sslv2Ja4sComputed();
        ClientHelloInfo a = parseSslv2(sslv2Hello(unique, (byte) 1));
        ClientHelloInfo b = parseSslv2(sslv2Hello(unique, (byte) 2));
        assertThat(Fingerprints.sslv2Ja4sComputed() - before).isEqualTo(1);
        assertThat(b.ja4()).isSameAs(a.ja4()).isEqualTo(Ja4.of(b)).startsWith("t10i030000_"); // FoxIO JA4.md: TLS 1.0, no SNI, 3 suites, no extensions, no ALPN
        assertThat(b.ja3()).isNull(); // salesforce/ja3 fingerprints only records whose first byte is 22
        byte[] body = sslv2Hello(unique, (byte) 3);
        assertThat(((HandshakeMessage.ClientHello) Sslv2ClientHelloParser.parse(body, 0, body.length)).shared())
                .as("its suites list is the parser's own: the decoder interns it").isFalse();

        ClientHelloInfo other = parseSslv2(sslv2Hello(unique + 1, (byte) 1));
        assertThat(Fingerprints.sslv2Ja4sComputed() - before).as("other specs are another hello").isEqualTo(2);
        assertThat(other.ja4()).isEqualTo(Ja4.of(other)).isNotEqualTo(a.ja4());
    }

    @Test
    void serverHellosOfOneShapeShareTheirJa3s() {
        byte[] sh1 = TlsBytes.serverHello(0x0303, zeros(32), u8(1), 0xc02f, ext(0xff01, u8(0)));
        byte[] sh2 = TlsBytes.serverHello(0x0303, zeros(32), u8(2, 2), 0xc02f, ext(0xff01, u8(0)));
        ServerHelloInfo a = ((HandshakeMessage.ServerHello) ServerHelloParser.parse(sh1, 4, sh1.length - 4)).info();
        ServerHelloInfo b = ((HandshakeMessage.ServerHello) ServerHelloParser.parse(sh2, 4, sh2.length - 4)).info();
        assertThat(b.ja3sHash()).isSameAs(a.ja3sHash());
        assertThat(b.extensions()).isSameAs(a.extensions());
        assertThat(a.sessionId()).isEqualTo("01");
        assertThat(b.sessionId()).isEqualTo("0202");
        assertThat(a.ja3s()).isEqualTo("771,49199,65281");
    }
}
