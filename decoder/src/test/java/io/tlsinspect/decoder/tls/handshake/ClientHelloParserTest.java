package io.tlsinspect.decoder.tls.handshake;

import static io.tlsinspect.decoder.TlsBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.TlsBytes;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientHelloParserTest {

    private static ClientHelloInfo parse(byte[] body) {
        HandshakeMessage m = ClientHelloParser.parse(body, 0, body.length, 0x0301);
        assertThat(m).isInstanceOf(HandshakeMessage.ClientHello.class);
        return ((HandshakeMessage.ClientHello) m).info();
    }

    private static String malformed(byte[] body) {
        HandshakeMessage m = ClientHelloParser.parse(body, 0, body.length, 0x0301);
        assertThat(m).isInstanceOf(HandshakeMessage.Malformed.class);
        return ((HandshakeMessage.Malformed) m).reason();
    }

    static byte[] browserLike() {
        return new TlsBytes.ClientHello()
                .sessionId(u8(1, 2, 3, 4))
                .suites(0x1a1a, 0x1301, 0xc02b, 0x00ff, 0x5600)
                .ext(ext(0x0a0a, new byte[0]))                                   // GREASE extension
                .ext(sni("www.example.test"))
                .ext(alpn("h2", "http/1.1"))
                .ext(ext(10, vec16(u16s(0x2a2a, 0x001d, 0x0017))))               // supported_groups
                .ext(ext(11, vec8(u8(0))))                                       // ec_point_formats
                .ext(ext(13, vec16(u16s(0x0403, 0x0804))))                       // signature_algorithms
                .ext(ext(43, vec8(u16s(0x3a3a, 0x0304, 0x0303))))                // supported_versions
                .ext(ext(51, vec16(concat(u16s(0x2a2a), vec16(u8(0)), u16s(0x001d), vec16(zeros(32))))))
                .ext(ext(35, u8(9, 9, 9)))                                       // session_ticket with a ticket
                .ext(ext(41, u8(0, 0)))                                          // pre_shared_key, last
                .body();
    }

    @Test
    void readsEveryFieldOfDesignSection6() {
        ClientHelloInfo c = parse(browserLike());
        assertThat(c.recordVersion()).isEqualTo(0x0301);
        assertThat(c.legacyVersion()).isEqualTo(0x0303);
        assertThat(c.cipherSuites()).containsExactly(0x1a1a, 0x1301, 0xc02b, 0x00ff, 0x5600);
        assertThat(c.fallbackScsv()).isTrue();
        assertThat(c.renegotiationScsv()).isTrue();
        assertThat(c.sessionId()).isEqualTo("01020304");
        assertThat(c.sni()).isEqualTo("www.example.test");
        assertThat(c.alpn()).containsExactly("h2", "http/1.1");
        assertThat(c.groups()).containsExactly(0x2a2a, 0x001d, 0x0017);
        assertThat(c.ecPointFormats()).containsExactly(0);
        assertThat(c.signatureAlgorithms()).containsExactly(0x0403, 0x0804);
        assertThat(c.supportedVersions()).containsExactly(0x3a3a, 0x0304, 0x0303);
        assertThat(c.maxVersion()).as("GREASE ignored").isEqualTo(0x0304);
        assertThat(c.keyShareGroups()).containsExactly(0x2a2a, 0x001d);
        assertThat(c.sessionTicket()).isTrue();
        assertThat(c.psk()).isTrue();
        assertThat(c.extensions()).containsExactly(0x0a0a, 0, 16, 10, 11, 13, 43, 51, 35, 41);
        assertThat(c.sslv2Format()).isFalse();
        assertThat(c.ja3()).isEqualTo("771,4865-49195-255-22016,0-16-10-11-13-43-51-35-41,29-23,0");
        assertThat(c.ja3Hash()).hasSize(32);
        assertThat(c.ja4()).startsWith("t13d0409h2_");
    }

    @Test
    void withoutExtensionsTheLegacyVersionIsTheMaximum() {
        ClientHelloInfo c = parse(new TlsBytes.ClientHello().version(0x0300).suites(0x000a).noExtensions().body());
        assertThat(c.maxVersion()).isEqualTo(0x0300);
        assertThat(c.extensions()).isEmpty();
        assertThat(c.sni()).isNull();
        assertThat(c.sessionTicket()).isFalse();
        assertThat(c.ja3()).isEqualTo("768,10,,,");
    }

    @Test
    void anEmptySessionTicketExtensionOnlyAsksForATicket() {
        ClientHelloInfo c = parse(new TlsBytes.ClientHello().ext(ext(35, new byte[0])).body());
        assertThat(c.sessionTicket()).isFalse();
        assertThat(c.extensions()).containsExactly(35);
    }

    @Test
    void sessionIdLongerThan32IsMalformed() {
        assertThat(malformed(new TlsBytes.ClientHello().sessionId(zeros(33)).body())).contains("legacy_session_id");
    }

    @Test
    void oddCipherSuiteLengthIsMalformed() {
        byte[] body = concat(u16s(0x0303), zeros(32), vec8(new byte[0]), vec16(u8(0xc0, 0x2f, 0x00)), vec8(u8(0)));
        assertThat(malformed(body)).contains("cipher_suites");
    }

    @Test
    void emptyCompressionMethodsIsMalformed() {
        byte[] body = concat(u16s(0x0303), zeros(32), vec8(new byte[0]), vec16(u16s(0xc02f)), vec8(new byte[0]));
        assertThat(malformed(body)).contains("legacy_compression_methods");
    }

    @Test
    void extensionLengthPastTheEndIsMalformed() {
        byte[] good = new TlsBytes.ClientHello().ext(sni("a.example")).body();
        byte[] bad = good.clone();
        // The SNI extension's own length field sits right after the 2-byte type, 4 bytes into the block.
        int extStart = good.length - sni("a.example").length;
        bad[extStart + 2] = (byte) 0x7f;
        assertThat(malformed(bad)).contains("extension");
    }

    @Test
    void trailingBytesAreMalformed() {
        assertThat(malformed(concat(new TlsBytes.ClientHello().body(), u8(0)))).contains("left over");
    }

    @Test
    void duplicateExtensionsAreMalformed() {
        byte[] body = new TlsBytes.ClientHello().ext(sni("a.example")).ext(sni("b.example")).body();
        assertThat(malformed(body)).contains("duplicate");
    }

    @Test
    void preSharedKeyMustBeLast() {
        byte[] body = new TlsBytes.ClientHello().ext(ext(41, u8(0))).ext(sni("a.example")).body();
        assertThat(malformed(body)).contains("pre_shared_key");
    }

    @Test
    void oddSupportedVersionsIsMalformed() {
        byte[] body = new TlsBytes.ClientHello().ext(ext(43, vec8(u8(3, 4, 3)))).body();
        assertThat(malformed(body)).contains("supported_versions");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 10, 34, 35, 37, 40})
    void everyTruncationFailsClosed(int keep) {
        byte[] full = browserLike();
        byte[] cut = java.util.Arrays.copyOf(full, Math.min(keep, full.length));
        HandshakeMessage m = ClientHelloParser.parse(cut, 0, cut.length, 0x0301);
        assertThat(m).isInstanceOf(HandshakeMessage.Malformed.class);
    }

    @Test
    void everyPrefixOfARealHelloFailsClosedAndNeverThrows() {
        byte[] full = browserLike();
        int parsed = 0;
        for (int n = 0; n < full.length; n++) {
            HandshakeMessage m = ClientHelloParser.parse(full, 0, n, 0x0301);
            if (m instanceof HandshakeMessage.ClientHello ch) {
                // RFC 5246 §7.4.1.2: the one legal prefix is the hello without its extensions block.
                assertThat(ch.info().extensions()).isEmpty();
                parsed++;
            } else {
                assertThat(m).as("prefix of %d bytes", n).isInstanceOf(HandshakeMessage.Malformed.class);
            }
        }
        assertThat(parsed).isEqualTo(1);
    }
}
