package io.tlsinspect.reports.findings;

import static io.tlsinspect.decoder.model.TlsVersion.TLS10;
import static io.tlsinspect.decoder.model.TlsVersion.TLS11;
import static io.tlsinspect.decoder.model.TlsVersion.TLS12;
import static io.tlsinspect.decoder.model.TlsVersion.TLS13;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.Fixtures;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FindingsTest {
    private static Optional<Finding> finding(Report r, FindingKind kind) {
        return r.findings().stream().filter(f -> f.kind() == kind).findFirst();
    }

    private static Finding only(List<HandshakeRecord> records, FindingKind kind) {
        return finding(Fixtures.analyze(records), kind).orElseThrow(() -> new AssertionError("no " + kind.key()));
    }

    @Test
    void findingNamesAreTheDesignContract() {
        assertThat(List.of(FindingKind.values())).extracting(FindingKind::key).contains(
                "fallback_after_failure", "fallback_scsv_rejected", "resumption_cipher_missing",
                "downgrade_without_scsv", "no_shared_cipher", "client_rejected_certificate", "server_unresponsive");
    }

    @Test
    void seedScenarioFindsRetriesRejectionsAndResets() {
        Report r = Fixtures.analyze(Fixtures.seed());
        Finding after = finding(r, FindingKind.FALLBACK_AFTER_FAILURE).orElseThrow();
        assertThat(after.connections()).containsExactly(2L, 3L, 5L, 9L, 10L);
        assertThat(after.count()).isEqualTo(5);
        assertThat(after.summary()).contains("3 chains", "server_reset x3", "0 of 3 chains recovered");

        Finding rejected = finding(r, FindingKind.FALLBACK_SCSV_REJECTED).orElseThrow();
        assertThat(rejected.connections()).containsExactly(2L, 3L, 5L, 9L, 10L);
        assertThat(rejected.summary()).contains("symptom", "3 chains (server_reset x3)", "203.0.113.21");

        Finding resets = finding(r, FindingKind.SERVER_RESET_AFTER_HELLO).orElseThrow();
        assertThat(resets.connections()).containsExactly(1L, 4L, 8L);
        assertThat(resets.summary()).contains("3 of them were the first attempt of a fallback chain");

        assertThat(finding(r, FindingKind.DOWNGRADE_WITHOUT_SCSV)).isEmpty();
        assertThat(finding(r, FindingKind.NO_SHARED_CIPHER)).isEmpty();
        // per connection
        ConnectionView c2 = r.connections().stream().filter(c -> c.id() == 2).findFirst().orElseThrow();
        assertThat(c2.findings()).containsExactlyInAnyOrder("fallback_scsv_rejected", "fallback_after_failure");
    }

    @Test
    void scsvRejectionWithoutAnEarlierAttemptSaysSo() {
        Finding f = only(List.of(Hs.conn(1).at(0).offer(TLS11).scsv().serverAlert("inappropriate_fallback").build()),
                FindingKind.FALLBACK_SCSV_REJECTED);
        assertThat(f.connections()).containsExactly(1L);
        assertThat(f.summary()).contains("had no failed attempt in the capture");
    }

    @Test
    void theDiagnosisCallsSymptomsOnlyWhatTheFindingFound() {
        // RFC 7507 §3: inappropriate_fallback answers TLS_FALLBACK_SCSV. An alert by that name to a hello
        // without it is no fallback_scsv_rejected, and the diagnosis must not point at one.
        Report r = Fixtures.analyze(List.of(
                Hs.conn(1).at(0).reset().build(),
                Hs.conn(2).at(1).offer(TLS11).serverAlert("inappropriate_fallback").build()));
        assertThat(finding(r, FindingKind.FALLBACK_SCSV_REJECTED)).isEmpty();
        assertThat(r.diagnosis().sentences()).noneMatch(s -> s.contains("symptom"))
                .anyMatch(s -> s.startsWith("1 fallback chain by 198.51.100.7 began with server_reset x1"));

        Report scsv = Fixtures.analyze(List.of(
                Hs.conn(1).at(0).reset().build(),
                Hs.conn(2).at(1).offer(TLS11).scsv().serverAlert("inappropriate_fallback").build()));
        assertThat(finding(scsv, FindingKind.FALLBACK_SCSV_REJECTED).orElseThrow().connections()).containsExactly(2L);
        assertThat(scsv.diagnosis().sentences()).anyMatch(s -> s.startsWith("1 server alert inappropriate_fallback is a symptom")
                && s.contains("(TLS_FALLBACK_SCSV)") && s.contains("first failed with server_reset x1"));
    }

    @Test
    void downgradeWithoutScsvIsFound_andNotWithScsv() {
        List<HandshakeRecord> without = List.of(
                Hs.conn(1).at(0).reset().build(),
                Hs.conn(2).at(1).offer(TLS10).established(TLS10, Hs.ECDHE_RSA_AES128_SHA).build());
        Finding f = only(without, FindingKind.DOWNGRADE_WITHOUT_SCSV);
        assertThat(f.connections()).containsExactly(2L);
        assertThat(f.summary()).contains("TLSv1.0 instead of TLSv1.2");

        List<HandshakeRecord> with = List.of(
                Hs.conn(1).at(0).reset().build(),
                Hs.conn(2).at(1).offer(TLS10).scsv().established(TLS10, Hs.ECDHE_RSA_AES128_SHA).build());
        assertThat(finding(Fixtures.analyze(with), FindingKind.DOWNGRADE_WITHOUT_SCSV)).isEmpty();
        // a fresh TLS 1.0 client (no chain) is not a downgrade
        assertThat(finding(Fixtures.analyze(List.of(Hs.conn(1).offer(TLS10).established(TLS10, 0xc013).build())),
                FindingKind.DOWNGRADE_WITHOUT_SCSV)).isEmpty();
    }

    @Test
    void resumptionCipherMissingNamesTheRetryAndTheCipher() {
        String sid = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        List<HandshakeRecord> l = List.of(
                Hs.conn(1).at(0).serverHello(TLS12, Hs.ECDHE_RSA_AES128_GCM, sid).established(TLS12, Hs.ECDHE_RSA_AES128_GCM).build(),
                Hs.conn(2).at(60).session(sid).reset().build(),
                // fallback retry: TLS 1.0, CBC suites only, same session ID -> required cipher missing
                Hs.conn(3).at(61).offer(TLS10).session(sid).suites(Hs.ECDHE_RSA_AES128_SHA, Hs.RSA_AES128_SHA)
                        .serverAlert("illegal_parameter").build());
        Finding f = only(l, FindingKind.RESUMPTION_CIPHER_MISSING);
        assertThat(f.connections()).containsExactly(3L);
        assertThat(f.summary()).contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "required cipher missing",
                "fallback retr");
    }

    @Test
    void noSharedCipherIsInferredFromWhatTheServerChoseForOthers() {
        List<HandshakeRecord> l = new ArrayList<>();
        l.add(Hs.conn(1).at(0).client("198.51.100.1").established(TLS12, Hs.ECDHE_RSA_AES128_GCM).build());
        l.add(Hs.conn(2).at(1).client("198.51.100.2").suites(Hs.RSA_RC4_SHA, 0x000a).serverAlert("handshake_failure").build());
        // offers a suite the server did choose: a handshake_failure for another reason
        l.add(Hs.conn(3).at(2).client("198.51.100.3").suites(Hs.ECDHE_RSA_AES128_GCM, Hs.RSA_RC4_SHA).serverAlert("handshake_failure").build());
        Finding f = only(l, FindingKind.NO_SHARED_CIPHER);
        assertThat(f.connections()).containsExactly(2L);
        assertThat(f.summary()).contains("198.51.100.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void noSharedCipherAlsoWhenTheServerRefusedEveryHello() {
        // issue 8 (DESIGN §5): a server that chose nothing for anyone and answered handshake_failure to
        // every hello; the finding names the suite families offered (RFC 5246/8446 suite names) and the directive
        List<HandshakeRecord> l = List.of(
                Hs.conn(1).at(0).client("198.51.100.4").server("192.0.2.77").offer(TLS13)
                        .suites(0x1301, 0x1303, Hs.ECDHE_RSA_AES128_GCM, 0xcca8).serverAlert("handshake_failure").build(),
                Hs.conn(2).at(1).client("198.51.100.5").server("192.0.2.77")
                        .suites(Hs.ECDHE_RSA_AES128_GCM, Hs.ECDHE_RSA_AES128_SHA).serverAlert("handshake_failure").build());
        Finding f = only(l, FindingKind.NO_SHARED_CIPHER);
        assertThat(f.connections()).containsExactly(1L, 2L);
        assertThat(f.summary()).contains("TLS 1.3 AES-GCM", "TLS 1.3 ChaCha20", "ECDHE AES-GCM", "ECDHE ChaCha20",
                "ECDHE AES-CBC", "ssl_ciphers", "refused every hello").doesNotContain("RSA AES");
        assertThat(f.lead()).startsWith("no_shared_cipher: ").contains("ssl_ciphers");
    }

    @Test
    void clientRejectedCertificate_plainAndTls13Encrypted() {
        List<HandshakeRecord> l = List.of(
                Hs.conn(1).at(0).clientAlert("unknown_ca").serverHello(TLS12, 0xc02f, "").build(),
                Hs.conn(2).at(1).offer(TLS13).encryptedClientAlert().serverHello(TLS13, 0x1301, "").build(),
                Hs.conn(3).at(2).clientAlert("decode_error").build(),
                Hs.conn(4).at(3).clientAlert("certificate_expired").serverHello(TLS12, 0xc02f, "").build());
        Finding f = only(l, FindingKind.CLIENT_REJECTED_CERTIFICATE);
        assertThat(f.connections()).containsExactly(1L, 2L, 4L);
        assertThat(f.summary()).contains("unknown_ca", "encrypted alert (inferred)", "certificate_expired");
    }

    @Test
    void serverUnresponsiveAndNotTls() {
        List<HandshakeRecord> l = List.of(
                Hs.conn(1).at(0).outcome(Outcome.NO_SERVER_RESPONSE).server("192.0.2.50").build(),
                Hs.conn(2).at(1).outcome(Outcome.NOT_TLS).noHello().build());
        Report r = Fixtures.analyze(l);
        assertThat(finding(r, FindingKind.SERVER_UNRESPONSIVE).orElseThrow().connections()).containsExactly(1L);
        assertThat(finding(r, FindingKind.SERVER_UNRESPONSIVE).orElseThrow().summary()).contains("192.0.2.50");
        assertThat(finding(r, FindingKind.NOT_TLS_ON_TLS_PORT).orElseThrow().connections()).containsExactly(2L);
    }

    @Test
    void allEstablishedHasNoFindings() {
        Report r = Fixtures.analyze(List.of(Hs.conn(1).build(), Hs.conn(2).at(1).build()));
        assertThat(r.findings()).isEmpty();
        assertThat(r.diagnosis().headline()).contains("nothing failed");
    }

    @Test
    void findingsComeInDisplayOrderCausesFirst() {
        Report r = Fixtures.analyze(Fixtures.seed());
        assertThat(r.findings()).extracting(Finding::kind).containsExactly(FindingKind.SERVER_RESET_AFTER_HELLO,
                FindingKind.FALLBACK_SCSV_REJECTED, FindingKind.FALLBACK_AFTER_FAILURE);
    }

    // Issue 8: certificate findings split by the certificate's own evidence (CertificateEvidence).

    private static io.tlsinspect.decoder.model.CertificateInfo cert(String notAfter, boolean selfSigned, String... names) {
        return new io.tlsinspect.decoder.model.CertificateInfo("C=ZZ,O=Org,CN=" + names[0],
                selfSigned ? "C=ZZ,O=Org,CN=" + names[0] : "C=ZZ,O=Org,CN=Org CA", List.of(names), "2025-01-01T00:00:00Z",
                notAfter, "RSA", 2048, 1, selfSigned, "00");
    }

    @Test
    void certificateFindingsNameTheDateTheNamesAndTheIssuer() {
        // Hs.T0 is 2015-01-31: a not_after of 2015-01-01 is before it, 2030 after it
        List<HandshakeRecord> l = List.of(
                Hs.conn(1).at(0).server("192.0.2.1").sni("a.example").certificate(cert("2015-01-01T00:00:00Z", false, "a.example"))
                        .clientAlert("certificate_expired").serverHello(TLS12, 0xc02f, "").build(),
                Hs.conn(2).at(1).server("192.0.2.2").sni("other.example").certificate(cert("2030-01-01T00:00:00Z", false, "www.example", "*.img.example"))
                        .clientAlert("bad_certificate").serverHello(TLS12, 0xc02f, "").build(),
                Hs.conn(3).at(2).server("192.0.2.3").sni("c.example").certificate(cert("2030-01-01T00:00:00Z", true, "c.example"))
                        .clientAlert("unknown_ca").serverHello(TLS12, 0xc02f, "").build(),
                // TLS 1.3 to the same address and SNI as #3: its certificate is borrowed, and said so
                Hs.conn(4).at(3).server("192.0.2.3").sni("c.example").offer(TLS13).encryptedClientAlert()
                        .serverHello(TLS13, 0x1301, "").build(),
                // TLS 1.3 to a server never seen over TLS 1.2: hidden
                Hs.conn(5).at(4).server("192.0.2.5").sni("e.example").offer(TLS13).encryptedClientAlert()
                        .serverHello(TLS13, 0x1301, "").build(),
                // a wildcard covers one label (RFC 6125 §6.4.3): established, nothing to report
                Hs.conn(6).at(5).server("192.0.2.2").sni("x.img.example").certificate(cert("2030-01-01T00:00:00Z", false, "www.example", "*.img.example"))
                        .established(TLS12, 0xc02f).build());
        Finding expired = only(l, FindingKind.CERTIFICATE_EXPIRED);
        assertThat(expired.connections()).containsExactly(1L);
        assertThat(expired.summary()).contains("2015-01-01T00:00:00Z");
        assertThat(expired.lead()).contains("certificate_expired", "2015-01-01T00:00:00Z");
        Finding mismatch = only(l, FindingKind.CERTIFICATE_NAME_MISMATCH);
        assertThat(mismatch.connections()).containsExactly(2L);
        assertThat(mismatch.summary()).contains("other.example", "www.example", "*.img.example");
        Finding untrusted = only(l, FindingKind.CERTIFICATE_UNTRUSTED);
        assertThat(untrusted.connections()).containsExactly(3L, 4L);
        assertThat(untrusted.summary()).contains("CN=c.example,O=Org,C=ZZ", "self-signed", "TLS 1.2 connection to the same server address");
        Finding hidden = only(l, FindingKind.CLIENT_REJECTED_CERTIFICATE);
        assertThat(hidden.connections()).containsExactly(5L);
        assertThat(hidden.summary()).contains("hidden", "TLS 1.3");
    }

    @Test
    void serverProtocolTooOldAndConnectionRefused() {
        List<HandshakeRecord> l = List.of(
                Hs.conn(1).at(0).server("192.0.2.9").offer(TLS13).serverAlert("protocol_version").build(),
                Hs.conn(2).at(1).server("192.0.2.9").offer(TLS13).serverHello(TLS11, 0xc013, "").clientAlert("internal_error").build(),
                Hs.conn(3).at(2).server("192.0.2.9").offer(TLS11).established(TLS11, 0xc013).build(),
                Hs.conn(4).at(3).server("192.0.2.8").noHello().outcome(Outcome.REFUSED).build());
        Finding old = only(l, FindingKind.SERVER_PROTOCOL_TOO_OLD);
        assertThat(old.connections()).containsExactly(1L, 2L);
        assertThat(old.summary()).contains("TLSv1.1", "internal_error", "protocol_version");
        Finding refused = only(l, FindingKind.CONNECTION_REFUSED);
        assertThat(refused.connections()).containsExactly(4L);
        assertThat(refused.summary()).contains("192.0.2.8 port 443");
    }
}
