package io.tlsinspect.decoder.preamble;

import static io.tlsinspect.decoder.TestConnection.C;
import static io.tlsinspect.decoder.TestConnection.S;
import static io.tlsinspect.decoder.TlsBytes.concat;
import static io.tlsinspect.decoder.TlsBytes.record;
import static io.tlsinspect.decoder.TlsBytes.serverHello12;
import static io.tlsinspect.decoder.TlsBytes.sni;
import static io.tlsinspect.decoder.TlsBytes.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.TestConnection;
import io.tlsinspect.decoder.TlsBytes;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The preamble stage on byte sequences written from the protocols' RFCs (the recorded sessions of real
 * servers are in sample-pcaps/beyond443/, checked by the cli's ManifestTest): what real captures do
 * not show — pipelining, one-byte segments, authentication steps, refusals, hostile and endless input.
 */
class PreambleStageTest {
    private static final byte[] HELLO = new TlsBytes.ClientHello().ext(sni("mail.example.test")).record();
    private static final byte[] SERVER_HELLO = record(22, 0x0303, serverHello12(0xc02f));

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void tlsFromTheFirstByteAllocatesNoPreambleBuffer() {
        // Issue 9: most connections start TLS at byte 0; their preamble buffers must cost nothing.
        java.util.List<Direction> passed = new java.util.ArrayList<>();
        PreambleStage tls = new PreambleStage(443, (dir, ts, at, b, off, len) -> passed.add(dir), new DecoderStats());
        tls.onData(Direction.CLIENT_TO_SERVER, 1, 0, HELLO, 0, HELLO.length);
        tls.onData(Direction.SERVER_TO_CLIENT, 2, 0, SERVER_HELLO, 0, SERVER_HELLO.length);
        assertThat(passed).containsExactly(Direction.CLIENT_TO_SERVER, Direction.SERVER_TO_CLIENT);
        assertThat(tls.allocated()).isZero();

        // A server that speaks first (SMTP's greeting) is held until the stage knows the protocol.
        PreambleStage smtp = new PreambleStage(25, (dir, ts, at, b, off, len) -> true, new DecoderStats());
        byte[] greeting = ascii("220 mail.example.test ESMTP\r\n");
        smtp.onData(Direction.SERVER_TO_CLIENT, 1, 0, greeting, 0, greeting.length);
        assertThat(smtp.allocated()).isPositive();
    }

    @Test
    void smtpStarttlsInOneByteSegmentsReachesTheTlsDecoder() {
        TestConnection c = TestConnection.established();
        c.segmented(S, ascii("220 mail.example.test ESMTP Postfix\r\n"), 1);
        c.segmented(C, ascii("EHLO client\r\n"), 1);
        c.segmented(S, ascii("250-mail.example.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n"), 1);
        c.segmented(C, ascii("STARTTLS\r\n"), 1);
        c.segmented(S, ascii("220 2.0.0 Ready to start TLS\r\n"), 1);
        c.segmented(C, HELLO, 1);
        c.data(S, SERVER_HELLO);
        HandshakeRecord r = c.rst(C).close();
        assertThat(r.transport().preamble()).isEqualTo("smtp");
        assertThat(r.clientHello().sni()).isEqualTo("mail.example.test");
        assertThat(r.serverHello().cipher()).isEqualTo(0xc02f);
        assertThat(c.stats.get(Counter.PREAMBLES)).isEqualTo(1);
    }

    @Test
    void aGapInsideAPreambleIsCountedAsAStreamGap() {
        // stream_gaps counts every gap the decoder is told of, as the flow table's gaps counts every gap
        // it finds; a gap that makes the stage give up was not counted (Jazzer, 2026-12-03: the crash
        // inputs of ConnectionFuzzTest and CaptureFileFuzzTest found that day).
        TestConnection c = TestConnection.established();
        c.data(C, ascii("CONNECT mail.example.test:443 HTTP/1.1\r\nHost: mail.example.test:443\r\n"));
        c.gap(C, 1000);
        HandshakeRecord r = c.fin(C).close();
        assertThat(c.stats.get(Counter.PREAMBLES)).isEqualTo(1);
        assertThat(c.stats.get(Counter.STREAM_GAPS)).isEqualTo(1);
        assertThat(r.notes()).anyMatch(n -> n.contains("bytes missing in the http-connect preamble"));

        TestConnection smtp = TestConnection.established(); // a server-first preamble cut by a gap: the same
        smtp.data(S, ascii("220 mx ESMTP\r\n"));
        smtp.gap(S, 10);
        smtp.fin(S).close();
        assertThat(smtp.stats.get(Counter.STREAM_GAPS)).isEqualTo(1);
    }

    @Test
    void pipelinedSmtpCommandsAreAnsweredInOrderAnd454Refuses() {
        // RFC 2920 pipelining: EHLO and STARTTLS sent together; the 250 answers EHLO, the 454 STARTTLS.
        TestConnection c = TestConnection.established();
        c.data(S, ascii("220 mx ESMTP\r\n"));
        c.data(C, ascii("EHLO a\r\nSTARTTLS\r\n"));
        c.data(S, ascii("250-mx\r\n250 STARTTLS\r\n"));
        c.data(S, ascii("454 4.7.0 TLS not available due to local problem\r\n"));
        HandshakeRecord r = c.fin(C).close();
        assertThat(r.outcome()).isEqualTo(Outcome.STARTTLS_REFUSED);
    }

    @Test
    void socks5WithPasswordAndAnIpv6Target() {
        // RFC 1928 greeting offering methods 0 and 2; the server picks 2 (RFC 1929 username/password).
        TestConnection c = TestConnection.established();
        c.data(C, u8(5, 2, 0, 2));
        c.data(S, u8(5, 2));
        c.data(C, concat(u8(1, 4), ascii("user"), u8(4), ascii("pass")));
        c.data(S, u8(1, 0));
        byte[] v6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        c.data(C, concat(u8(5, 1, 0, 4), v6, u8(0x01, 0xbb)));
        c.data(S, concat(u8(5, 0, 0, 1), u8(0, 0, 0, 0), u8(0, 0)));
        c.data(C, HELLO);
        HandshakeRecord r = c.rst(S).close();
        assertThat(r.transport().preamble()).isEqualTo("socks5");
        assertThat(r.transport().proxyTarget()).isEqualTo("[2001:db8:0:0:0:0:0:1]:443");
        assertThat(r.clientHello().sni()).isEqualTo("mail.example.test");
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_RESET);
    }

    @Test
    void socks4aNamesItsTargetAndRejection91Refuses() {
        TestConnection c = TestConnection.established();
        c.data(C, concat(u8(4, 1, 0x20, 0xfb, 0, 0, 0, 1), ascii("me"), u8(0), ascii("www.example.test"), u8(0)));
        c.data(S, u8(0, 91, 0, 0, 0, 0, 0, 0));
        HandshakeRecord r = c.fin(C).close();
        assertThat(r.outcome()).isEqualTo(Outcome.STARTTLS_REFUSED);
        assertThat(r.transport().proxyTarget()).isEqualTo("www.example.test:8443");
    }

    @Test
    void postgresNoAndLdapProtocolErrorAndRdpFailureRefuse() {
        TestConnection pg = TestConnection.established();
        pg.data(C, u8(0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f)); // SSLRequest: length 8, code 80877103
        pg.data(S, ascii("N"));
        assertThat(pg.fin(C).close().outcome()).isEqualTo(Outcome.STARTTLS_REFUSED);

        // RFC 4511 §4.14.1: ExtendedRequest [APPLICATION 23] { requestName [0] "1.3.6.1.4.1.1466.20037" }
        byte[] oid = ascii("1.3.6.1.4.1.1466.20037");
        byte[] req = concat(u8(0x77, oid.length + 2, 0x80, oid.length), oid);
        TestConnection ldap = TestConnection.established();
        ldap.data(C, concat(u8(0x30, req.length + 3, 0x02, 1, 1), req));
        // ExtendedResponse [APPLICATION 24] { resultCode protocolError (2), matchedDN "", diagnosticMessage "" }
        byte[] resp = u8(0x78, 7, 0x0a, 1, 2, 0x04, 0, 0x04, 0);
        ldap.data(S, concat(u8(0x30, resp.length + 3, 0x02, 1, 1), resp));
        HandshakeRecord l = ldap.fin(C).close();
        assertThat(l.outcome()).isEqualTo(Outcome.STARTTLS_REFUSED);
        assertThat(l.transport().preamble()).isEqualTo("ldap");

        // MS-RDPBCGR §2.2.1.1: TPKT, X.224 CR, RDP_NEG_REQ asking TLS|CredSSP; §2.2.1.2.2 RDP_NEG_FAILURE.
        TestConnection rdp = TestConnection.established();
        rdp.data(C, u8(3, 0, 0, 19, 14, 0xe0, 0, 0, 0, 0, 0, 1, 0, 8, 0, 3, 0, 0, 0));
        rdp.data(S, u8(3, 0, 0, 19, 14, 0xd0, 0, 0, 0x12, 0x34, 0, 3, 0, 8, 0, 2, 0, 0, 0));
        assertThat(rdp.fin(C).close().outcome()).isEqualTo(Outcome.STARTTLS_REFUSED);
    }

    @Test
    void plainHttpStaysNotTlsAndAWrongGuessGoesToTheTlsDecoder() {
        TestConnection http = TestConnection.established();
        http.data(C, ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        HandshakeRecord h = http.fin(C).close();
        assertThat(h.outcome()).isEqualTo(Outcome.NOT_TLS);
        assertThat(h.transport().preamble()).isNull();

        // Starts like a SOCKS5 greeting, but the server's answer is no method choice: not a preamble.
        TestConnection odd = TestConnection.established();
        odd.data(C, u8(5, 1, 0));
        odd.data(S, u8(9, 9, 9));
        HandshakeRecord o = odd.fin(C).close();
        assertThat(o.transport().preamble()).isNull();
        assertThat(o.outcome()).isEqualTo(Outcome.NOT_TLS);
        assertThat(odd.stats.get(Counter.PREAMBLES_UNCONFIRMED)).isEqualTo(1);
    }

    @Test
    void anEndlessPlaintextSessionIsCappedCountedAndNeverStarted() {
        TestConnection c = TestConnection.established();
        c.data(S, ascii(":irc.example.test NOTICE * :hello\r\n"));
        byte[] line = ascii("PRIVMSG #chan :" + "x".repeat(1000) + "\r\n");
        for (int i = 0; i < 200 && c.wants(C); i++) {
            c.data(C, line);
        }
        assertThat(c.wants(C)).as("the stage stops reading a direction past its limit").isFalse();
        HandshakeRecord r = c.fin(C).close();
        assertThat(r.outcome()).isEqualTo(Outcome.TLS_NEVER_STARTED);
        assertThat(c.stats.get(Counter.PREAMBLE_LIMIT_HITS)).isEqualTo(1);
        assertThat(c.maxBuffered()).isLessThanOrEqualTo(PreambleStage.LIMIT);
    }
}
