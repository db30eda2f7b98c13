package io.tlsinspect.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real handshakes (OpenSSL 3.0 s_client / s_server, recorded by transcripts/record.sh) through the
 * whole decoder. Outcomes are what each scenario was set up to produce; hello fields, versions,
 * ciphers, JA3/JA3S and alert descriptions are compared with tshark 4.0's dissection of the same
 * packets (transcripts/*.tshark), never with this decoder's own earlier output.
 */
class RealTranscriptTest {

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("tls13-established", Outcome.ESTABLISHED, null),
                Arguments.of("tls12-established", Outcome.ESTABLISHED, null),
                Arguments.of("tls12-resumed", Outcome.ESTABLISHED, null),
                Arguments.of("tls13-hello-retry", Outcome.ESTABLISHED, null),
                Arguments.of("tls12-fallback-scsv", Outcome.SERVER_ALERT, "inappropriate_fallback"),
                Arguments.of("tls12-no-shared-cipher", Outcome.SERVER_ALERT, "handshake_failure"),
                Arguments.of("tls12-unknown-ca", Outcome.CLIENT_ALERT, "unknown_ca"),
                Arguments.of("tls13-unknown-ca", Outcome.CLIENT_ALERT, "unknown_ca"),
                Arguments.of("plain-http", Outcome.NOT_TLS, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void outcomeAndAlert(String name, Outcome outcome, String alert) {
        HandshakeRecord r = Transcript.load(name).replay(0);
        assertThat(r.outcome()).as(r.notes().toString()).isEqualTo(outcome);
        assertThat(r.established()).isEqualTo(outcome == Outcome.ESTABLISHED);
        AlertEvent a = r.decisiveAlert();
        if (alert == null) {
            assertThat(r.alerts()).noneMatch(AlertEvent::fatal);
        } else {
            assertThat(a).isNotNull();
            assertThat(a.description()).isEqualTo(alert);
            assertThat(a.from()).isEqualTo(outcome == Outcome.SERVER_ALERT ? "server" : "client");
            assertThat(a.level()).isEqualTo(2);
            assertThat(a.encrypted()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void sameResultWhateverTheSegmentation(String name, Outcome outcome, String alert) {
        Transcript t = Transcript.load(name);
        HandshakeRecord whole = t.replay(0);
        for (int seg : new int[] {1, 2, 3, 5, 7, 100, 1000}) {
            HandshakeRecord cut = t.replay(seg);
            assertThat(cut.outcome()).as("segments of %d", seg).isEqualTo(whole.outcome());
            assertThat(cut.history()).as("segments of %d", seg).isEqualTo(whole.history());
            assertThat(cut.alerts()).hasSameSizeAs(whole.alerts());
            assertThat(cut.clientHello()).isEqualTo(whole.clientHello());
            assertThat(cut.serverHello()).isEqualTo(whole.serverHello());
            assertThat(cut.certificate()).isEqualTo(whole.certificate());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void agreesWithTshark(String name, Outcome outcome, String alert) {
        HandshakeRecord r = Transcript.load(name).replay(0);
        TsharkView ts = TsharkView.load(name);
        String[] ch = ts.firstHandshake(1);
        if (ch == null) {
            assertThat(r.clientHello()).isNull();
            return;
        }
        ClientHelloInfo c = r.clientHello();
        assertThat(c).isNotNull();
        assertThat(c.cipherSuites()).isEqualTo(TsharkView.hexList(ch[TsharkView.CIPHERSUITE]));
        assertThat(c.legacyVersion()).isEqualTo(Integer.decode(ch[TsharkView.HS_VERSION]));
        assertThat(c.supportedVersions()).isEqualTo(TsharkView.hexList(ch[TsharkView.SUPPORTED_VERSION]));
        assertThat(c.sni()).isEqualTo(ch[TsharkView.SNI].isEmpty() ? null : ch[TsharkView.SNI]);
        assertThat(c.alpn()).isEqualTo(ch[TsharkView.ALPN].isEmpty() ? List.of()
                : Arrays.asList(ch[TsharkView.ALPN].split(",")));
        assertThat(c.ja3()).isEqualTo(ch[TsharkView.JA3_FULL]);
        assertThat(c.ja3Hash()).isEqualTo(ch[TsharkView.JA3]);

        String[] sh = lastServerHello(ts);
        if (sh == null) {
            assertThat(r.serverHello()).isNull();
            assertThat(r.version()).isZero();
        } else {
            ServerHelloInfo s = r.serverHello();
            int version = sh[TsharkView.SUPPORTED_VERSION].isEmpty() ? Integer.decode(sh[TsharkView.HS_VERSION])
                    : Integer.decode(sh[TsharkView.SUPPORTED_VERSION]);
            assertThat(r.version()).isEqualTo(version);
            assertThat(r.cipher()).isEqualTo(Integer.decode(sh[TsharkView.CIPHERSUITE]));
            assertThat(s.ja3s()).isEqualTo(sh[TsharkView.JA3S_FULL]);
            assertThat(s.ja3sHash()).isEqualTo(sh[TsharkView.JA3S]);
        }
        List<Integer> ours = new ArrayList<>();
        for (AlertEvent a : r.alerts()) {
            if (!a.encrypted()) {
                ours.add(a.code());
            }
        }
        // We stop reading once the outcome is decided, so compare the alerts up to the decisive one.
        List<Integer> theirs = ts.alertDescriptions();
        assertThat(theirs.subList(0, Math.min(theirs.size(), ours.size()))).isEqualTo(ours);
        if (alert != null) {
            assertThat(ours).isNotEmpty();
        }
    }

    private static String[] lastServerHello(TsharkView ts) {
        String[] last = null;
        for (String[] row : ts.rows()) {
            if (Arrays.asList(row[TsharkView.HS_TYPE].split(",")).contains("2")) {
                last = row;
            }
        }
        return last;
    }

    @Test
    void tls13EstablishedIsInferredFromTheFinishedSizedRecord() {
        HandshakeRecord r = Transcript.load("tls13-established").replay(0);
        assertThat(r.version()).isEqualTo(TlsVersion.TLS13);
        assertThat(r.inferred()).isTrue();
        assertThat(r.notes()).anyMatch(n -> n.contains("Finished-sized"));
        assertThat(r.resumed()).isFalse();
        assertThat(r.helloRetry()).isFalse();
        assertThat(r.history()).startsWith("Cs");
        // TLS 1.3 moves the server's ALPN choice into the encrypted EncryptedExtensions.
        assertThat(r.serverHello().alpn()).isNull();
        assertThat(r.clientHello().alpn()).containsExactly("h2", "http/1.1");
        // TLS 1.3 hides the certificate.
        assertThat(r.certificate()).isNull();
    }

    @Test
    void tls12FullHandshakeHistoryAndCertificate() {
        HandshakeRecord r = Transcript.load("tls12-established").replay(0);
        assertThat(r.history()).isEqualTo("CsxknGIFtif");
        assertThat(r.inferred()).isFalse();
        assertThat(r.resumed()).isFalse();
        // record.sh made this certificate: openssl req -x509 -newkey rsa:2048
        // -subj "/CN=www.example.test/O=tlsinspect test" -addext subjectAltName=DNS:www.example.test,DNS:example.test
        assertThat(r.certificate()).isNotNull();
        assertThat(r.certificate().subject()).contains("CN=www.example.test").contains("O=tlsinspect test");
        assertThat(r.certificate().issuer()).isEqualTo(r.certificate().subject());
        assertThat(r.certificate().subjectAltNames()).containsExactly("www.example.test", "example.test");
        assertThat(r.certificate().keyType()).isEqualTo("RSA");
        assertThat(r.certificate().keyBits()).isEqualTo(2048);
        assertThat(r.certificate().chainLength()).isEqualTo(1);
        assertThat(r.certificate().selfSigned()).isTrue();
        assertThat(r.certificate().sha256()).hasSize(64);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("server_key_exchange group"));
    }

    @Test
    void tls12SessionIdResumptionIsAbbreviated() {
        HandshakeRecord r = Transcript.load("tls12-resumed").replay(0);
        assertThat(r.resumed()).isTrue();
        assertThat(r.history()).isEqualTo("CsifIF");
        assertThat(r.clientHello().sessionId()).isNotEmpty().isEqualTo(r.serverHello().sessionId());
    }

    @Test
    void helloRetryRequest() {
        HandshakeRecord r = Transcript.load("tls13-hello-retry").replay(0);
        assertThat(r.helloRetry()).isTrue();
        // HRR, the server's compatibility CCS, the client's CCS and second ClientHello (RFC 8446 App. D.4).
        assertThat(r.history()).startsWith("CjiICs");
        assertThat(r.serverHello().helloRetryRequest()).isFalse();
        // The first ClientHello is kept: it offered a key share for X25519 only (record.sh: -groups X25519:P-384).
        assertThat(r.clientHello().keyShareGroups()).containsExactly(0x001d);
        assertThat(r.serverHello().keyShareGroup()).isEqualTo(0x0018);
    }

    @Test
    void fallbackScsvIsFlagged() {
        HandshakeRecord r = Transcript.load("tls12-fallback-scsv").replay(0);
        assertThat(r.clientHello().fallbackScsv()).isTrue();
        assertThat(r.clientHello().maxVersion()).isEqualTo(TlsVersion.TLS12);
        assertThat(r.serverHello()).isNull();
        assertThat(r.history()).isEqualTo("Cl");
    }

    @Test
    void decidedConnectionsStopBuffering() {
        Transcript t = Transcript.load("tls12-fallback-scsv");
        TestConnection c = t.replayOn(TestConnection.established(), 0);
        // The flow table learns it from the next delivery of each direction.
        c.data(TestConnection.C, new byte[] {23, 3, 3, 0, 1, 0});
        c.data(TestConnection.S, new byte[] {23, 3, 3, 0, 1, 0});
        assertThat(c.wants(TestConnection.C)).isFalse();
        assertThat(c.wants(TestConnection.S)).isFalse();
    }
}
