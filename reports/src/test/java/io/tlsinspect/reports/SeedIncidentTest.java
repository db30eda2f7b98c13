package io.tlsinspect.reports;

import static io.tlsinspect.decoder.model.TlsVersion.TLS10;
import static io.tlsinspect.decoder.model.TlsVersion.TLS11;
import static io.tlsinspect.decoder.model.TlsVersion.TLS12;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's scenario end to end, hand-built: resets by a middlebox, SCSV retries rejected on other
 * servers, a retry that resumes a session without its cipher, a fallback without SCSV that succeeds
 * lower, and a client with no shared cipher.
 */
class SeedIncidentTest {
    private static final String SID = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";

    private static List<HandshakeRecord> records() {
        List<HandshakeRecord> l = new ArrayList<>(Fixtures.seed()); // chains 1-3, conns 1-11
        // a browser with a session from .11 is reset, then retries TLS 1.0 with CBC-only suites and the same session
        l.add(Hs.conn(40).at(50).client("203.0.113.30").server("192.0.2.11")
                .serverHello(TLS12, Hs.ECDHE_RSA_AES128_GCM, SID).established(TLS12, Hs.ECDHE_RSA_AES128_GCM).build());
        l.add(Hs.conn(41).at(70).client("203.0.113.30").server("192.0.2.12").session(SID).reset().build());
        l.add(Hs.conn(42).at(70.5).client("203.0.113.30").server("192.0.2.11").offer(TLS10).session(SID)
                .suites(Hs.ECDHE_RSA_AES128_SHA, Hs.RSA_AES128_SHA).serverAlert("illegal_parameter").build());
        // fallback without SCSV that succeeds at TLS 1.0
        l.add(Hs.conn(50).at(80).client("203.0.113.31").server("192.0.2.13").reset().build());
        l.add(Hs.conn(51).at(80.4).client("203.0.113.31").server("192.0.2.12").offer(TLS11).reset().build());
        l.add(Hs.conn(52).at(80.8).client("203.0.113.31").server("192.0.2.11").offer(TLS10)
                .established(TLS10, Hs.ECDHE_RSA_AES128_SHA).build());
        // an old client with RC4 only
        l.add(Hs.conn(60).at(90).client("203.0.113.32").server("192.0.2.12").offer(TLS10).suites(Hs.RSA_RC4_SHA)
                .serverAlert("handshake_failure").build());
        return l;
    }

    @Test
    void everyChainWithItsRootAndFinal() {
        Report r = Fixtures.analyze(records());
        assertThat(r.chains()).extracting(Chain::attempts).containsExactly(
                List.of(1L, 2L, 3L), List.of(4L, 5L), List.of(8L, 9L, 10L), List.of(41L, 42L), List.of(50L, 51L, 52L));
        assertThat(r.chains()).extracting(c -> c.rootOutcome().toString()).containsOnly("server_reset");
        assertThat(r.chains()).extracting(c -> c.finalOutcome().outcome().key())
                .containsExactly("server_alert", "server_alert", "server_alert", "server_alert", "established");
        assertThat(r.chains()).extracting(c -> c.finalOutcome().alert())
                .containsExactly("inappropriate_fallback", "inappropriate_fallback", "inappropriate_fallback", "illegal_parameter", null);
        assertThat(r.chains()).extracting(Chain::recovered).containsExactly(false, false, false, false, true);
    }

    @Test
    void everyExpectedFindingWithItsConnections() {
        Map<FindingKind, List<Long>> f = Fixtures.analyze(records()).findings().stream()
                .collect(Collectors.toMap(Finding::kind, Finding::connections));
        assertThat(f.get(FindingKind.FALLBACK_SCSV_REJECTED)).containsExactly(2L, 3L, 5L, 9L, 10L);
        assertThat(f.get(FindingKind.RESUMPTION_CIPHER_MISSING)).containsExactly(42L);
        assertThat(f.get(FindingKind.DOWNGRADE_WITHOUT_SCSV)).containsExactly(52L);
        assertThat(f.get(FindingKind.NO_SHARED_CIPHER)).containsExactly(60L);
        assertThat(f.get(FindingKind.SERVER_RESET_AFTER_HELLO)).containsExactly(1L, 4L, 8L, 41L, 50L, 51L);
        assertThat(f.get(FindingKind.FALLBACK_AFTER_FAILURE)).containsExactly(2L, 3L, 5L, 9L, 10L, 42L, 51L, 52L);
    }

    @Test
    void diagnosisLeadsFromSymptomsToTheResets() {
        Report r = Fixtures.analyze(records());
        String d = String.join(" ", r.diagnosis().sentences());
        assertThat(r.diagnosis().sentences().get(0))
                .startsWith("5 server alerts inappropriate_fallback are symptoms")
                .contains("server_reset x3", "resets first attempts");
        assertThat(d).contains("required cipher missing", "follows from the first failure",
                "Besides those, 2 fallback chains", "without TLS_FALLBACK_SCSV", "handshake_failure");
    }
}
