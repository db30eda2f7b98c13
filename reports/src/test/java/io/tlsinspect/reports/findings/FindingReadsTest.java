package io.tlsinspect.reports.findings;

import static io.tlsinspect.decoder.model.TlsVersion.TLS11;
import static io.tlsinspect.decoder.model.TlsVersion.TLS12;
import static io.tlsinspect.decoder.model.TlsVersion.TLS13;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.CountedSource;
import io.tlsinspect.reports.Analyzer;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.InputSummary;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.model.ReportInput;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9: the findings read the records once. no_shared_cipher and server_protocol_too_old judge a
 * failure against what its server chose for everyone, which the analysis's first pass gathers
 * ({@link ServerChoices}), and the certificate findings borrow a TLS 1.3 connection's certificate
 * from what that pass remembered ({@link CertificateEvidence.Shared#remember}); so every detector
 * reads the records once, in one shared round.
 */
class FindingReadsTest {
    /** Cipher and version failures against what their servers chose, and a TLS 1.3 rejection of an expired certificate it borrows. */
    private static List<HandshakeRecord> records() {
        CertificateInfo expired = new CertificateInfo("C=ZZ,O=Org,CN=s.example", "C=ZZ,O=Org,CN=Org CA", List.of("s.example"),
                "2014-01-01T00:00:00Z", "2015-01-01T00:00:00Z", "RSA", 2048, 1, false, "00"); // Hs.T0 is 2015-01-31
        return List.of(
                Hs.conn(1).at(0).client("198.51.100.1").established(TLS12, Hs.ECDHE_RSA_AES128_GCM).build(),
                Hs.conn(2).at(1).client("198.51.100.2").suites(Hs.RSA_RC4_SHA, 0x000a).serverAlert("handshake_failure").build(),
                Hs.conn(3).at(2).server("192.0.2.9").offer(TLS13).serverAlert("protocol_version").build(),
                Hs.conn(4).at(3).server("192.0.2.9").offer(TLS13).serverHello(TLS11, 0xc013, "").clientAlert("internal_error").build(),
                Hs.conn(5).at(4).server("192.0.2.20").sni("s.example").certificate(expired).established(TLS12, 0xc02f).build(),
                Hs.conn(6).at(5).server("192.0.2.20").sni("s.example").offer(TLS13).encryptedClientAlert()
                        .serverHello(TLS13, 0x1301, "").build());
    }

    private static List<Finding> findings(List<HandshakeRecord> records, AtomicInteger reads, boolean firstPassDone) {
        CertificateEvidence.Shared certificates = new CertificateEvidence.Shared();
        ServerChoices servers = ServerChoices.of(records); // the first pass's, here from the list
        if (firstPassDone) { // what else the analysis's first pass does
            records.forEach(certificates::remember);
        }
        FindingContext ctx = new FindingContext(CountedSource.of(records, reads), new ChainSet(List.of(), Map.of()), List.of(), 0,
                Map.of(), 1000, r -> null, certificates, servers);
        return new FindingEngine().run(ctx);
    }

    @Test
    void forEachRecordGivesEveryRecordOnceInTimeOrderFromOneRead() {
        // the loop the detectors share (FindingContext#forEachRecord): one read per call, nothing skipped or repeated
        List<HandshakeRecord> records = records();
        AtomicInteger reads = new AtomicInteger();
        FindingContext ctx = new FindingContext(CountedSource.of(records, reads), new ChainSet(List.of(), Map.of()), List.of(), 0,
                Map.of(), 1000, r -> null, ServerChoices.of(records));
        List<Long> seen = new java.util.ArrayList<>();
        ctx.forEachRecord(r -> seen.add(r.id()));
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(reads).hasValue(1);
        assertThat(ctx.hits(r -> r.id() % 2 == 0).total()).isEqualTo(3);
        assertThat(reads).hasValue(2);
    }

    @Test
    @Timeout(30)
    void withTheFirstPassDoneTheDetectorsReadTheRecordsOnceAndFindTheSame() {
        List<HandshakeRecord> records = records();
        AtomicInteger alone = new AtomicInteger();
        List<Finding> byThemselves = findings(records, alone, false);
        AtomicInteger fed = new AtomicInteger();
        List<Finding> afterFirstPass = findings(records, fed, true);

        assertThat(afterFirstPass).extracting(Finding::kind).contains(FindingKind.NO_SHARED_CIPHER,
                FindingKind.SERVER_PROTOCOL_TOO_OLD, FindingKind.CERTIFICATE_EXPIRED);
        // connection 6 sent no certificate of its own (TLS 1.3): only the first pass's memory of its pair names it
        assertThat(afterFirstPass.stream().filter(f -> f.kind() == FindingKind.CERTIFICATE_EXPIRED).findFirst().orElseThrow()
                .connections()).contains(6L);
        assertThat(afterFirstPass).isEqualTo(byThemselves);
        assertThat(alone.get()).as("the certificate evaluation's own first pass, then the shared read").isEqualTo(2);
        assertThat(fed.get()).as("reads of the records by all the detectors together").isEqualTo(1);
    }

    @Test
    @Timeout(30)
    void theAnalysisReadsTheRecordsTwiceBeforeRendering() {
        List<HandshakeRecord> records = records();
        AtomicInteger reads = new AtomicInteger();
        Report report = new Analyzer().analyze(new ReportInput(List.of(new InputSummary("f.pcap", "EN10MB", 60, Hs.T0,
                Hs.T0 + 60_000_000_000L)), Map.of(), CountedSource.of(records, reads)), AnalysisOptions.defaults("test"));
        assertThat(report.findings()).extracting(Finding::kind).contains(FindingKind.NO_SHARED_CIPHER,
                FindingKind.SERVER_PROTOCOL_TOO_OLD, FindingKind.CERTIFICATE_EXPIRED);
        assertThat(reads.get()).as("the first pass and the detectors' one shared read; the diagnosis finds what it names kept")
                .isEqualTo(2);
    }

    @Test
    @Timeout(30)
    void fallbackScsvRejectedCountsEveryHitsChainInOneReadWhenItsProofListIsCut() {
        List<HandshakeRecord> records = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            records.add(Hs.conn(i).at(i).client("198.51.100." + i).offer(TLS11).scsv().serverAlert("inappropriate_fallback").build());
        }
        AtomicInteger reads = new AtomicInteger();
        CertificateEvidence.Shared certificates = new CertificateEvidence.Shared();
        records.forEach(certificates::remember); // the analysis's first pass
        FindingContext ctx = new FindingContext(CountedSource.of(records, reads), new ChainSet(List.of(), Map.of()), List.of(), 0,
                Map.of(), 2, r -> null, certificates, ServerChoices.of(records)); // proof lists of 2: the list is cut
        Finding f = new FindingEngine().run(ctx).stream().filter(x -> x.kind() == FindingKind.FALLBACK_SCSV_REJECTED)
                .findFirst().orElseThrow();
        assertThat(f.count()).isEqualTo(5);
        assertThat(f.connections()).containsExactly(1L, 2L);
        // no chain was built, so all five had no failed attempt before them: the sentence counts every hit
        assertThat(f.summary()).contains("5 had no failed attempt in the capture");
        assertThat(reads.get()).as("reads of the records by all the detectors together").isEqualTo(1);
    }
}
