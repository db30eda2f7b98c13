package io.tlsinspect.decoder.tls.handshake;

import static io.tlsinspect.decoder.TlsBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.tls.Bytes;
import org.junit.jupiter.api.Test;

class ServerHelloParserTest {
    /** RFC 8446 §4.1.3: SHA-256 of "HelloRetryRequest". */
    static final byte[] HRR = Bytes.fromHex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    private static HandshakeMessage parse(byte[] message) {
        // message = type(1) + length(3) + body
        return ServerHelloParser.parse(message, 4, message.length - 4);
    }

    @Test
    void tls13VersionComesFromSupportedVersions() {
        HandshakeMessage.ServerHello sh = (HandshakeMessage.ServerHello) parse(serverHello(0x0303, zeros(32),
                u8(1, 2), 0x1301, ext(43, u16s(0x0304)), ext(51, concat(u16s(0x001d), vec16(zeros(32)))),
                ext(41, u16s(0))));
        assertThat(sh.info().version()).isEqualTo(0x0304);
        assertThat(sh.info().legacyVersion()).isEqualTo(0x0303);
        assertThat(sh.info().cipher()).isEqualTo(0x1301);
        assertThat(sh.info().sessionId()).isEqualTo("0102");
        assertThat(sh.info().keyShareGroup()).isEqualTo(0x001d);
        assertThat(sh.info().helloRetryRequest()).isFalse();
        assertThat(sh.info().extensions()).containsExactly(43, 51, 41);
        assertThat(sh.pskAccepted()).isTrue();
        assertThat(sh.info().ja3s()).isEqualTo("771,4865,43-51-41");
    }

    @Test
    void anEchoedSessionIdIsTheClientHellosStringAndAnyOtherIsItsOwn() {
        byte[] echo = serverHello(0x0303, zeros(32), u8(0xab, 0x0f, 0xf0), 0x1301, ext(43, u16s(0x0304)));
        String client = new String("ab0ff0"); // not the literal's instance
        HandshakeMessage.ServerHello sh = (HandshakeMessage.ServerHello) ServerHelloParser.parse(echo, 4,
                echo.length - 4, client);
        assertThat(sh.info().sessionId()).isSameAs(client);
        for (String other : new String[] {"ab0ff1", "AB0FF0", "ab0f", "ab0ff000", ""}) {
            HandshakeMessage.ServerHello own = (HandshakeMessage.ServerHello) ServerHelloParser.parse(echo, 4,
                    echo.length - 4, other);
            assertThat(own.info().sessionId()).as(other).isEqualTo("ab0ff0").isNotSameAs(other);
        }
    }

    @Test
    void helloRetryRequestIsRecognisedByItsRandom() {
        HandshakeMessage.ServerHello sh = (HandshakeMessage.ServerHello) parse(serverHello(0x0303, HRR,
                new byte[0], 0x1302, ext(43, u16s(0x0304)), ext(51, u16s(0x0018))));
        assertThat(sh.info().helloRetryRequest()).isTrue();
        // RFC 8446 §4.2.8: an HRR's key_share holds only the selected group.
        assertThat(sh.info().keyShareGroup()).isEqualTo(0x0018);
    }

    @Test
    void downgradeSentinelIsNoticed() {
        byte[] random = concat(zeros(24), Bytes.fromHex("444F574E47524401"));
        HandshakeMessage.ServerHello sh = (HandshakeMessage.ServerHello) parse(serverHello(0x0303, random,
                new byte[0], 0xc02f));
        assertThat(sh.downgradeSentinel()).isTrue();
        assertThat(sh.info().version()).isEqualTo(0x0303);
    }

    @Test
    void tls12ServerHelloWithoutExtensions() {
        HandshakeMessage.ServerHello sh = (HandshakeMessage.ServerHello) parse(serverHello12(0x002f));
        assertThat(sh.info().version()).isEqualTo(0x0303);
        assertThat(sh.info().extensions()).isEmpty();
        assertThat(sh.info().ja3s()).isEqualTo("771,47,");
    }

    @Test
    void alpnSelectionIsRead() {
        HandshakeMessage.ServerHello sh = (HandshakeMessage.ServerHello) parse(serverHello(0x0303, zeros(32),
                new byte[0], 0xc02f, alpn("h2")));
        assertThat(sh.info().alpn()).isEqualTo("h2");
    }

    @Test
    void everyPrefixFailsClosed() {
        byte[] m = serverHello(0x0303, zeros(32), u8(1, 2), 0x1301, ext(43, u16s(0x0304)));
        int parsed = 0;
        for (int n = 0; n < m.length - 4; n++) {
            HandshakeMessage r = ServerHelloParser.parse(m, 4, n);
            if (r instanceof HandshakeMessage.ServerHello sh) {
                // The one legal prefix: no extensions block at all (RFC 5246 §7.4.1.3).
                assertThat(sh.info().extensions()).isEmpty();
                parsed++;
            } else {
                assertThat(r).as("prefix %d", n).isInstanceOf(HandshakeMessage.Malformed.class);
            }
        }
        assertThat(parsed).isEqualTo(1);
    }
}
