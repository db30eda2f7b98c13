package io.tlsinspect.reports.findings;

import static io.tlsinspect.decoder.model.TlsVersion.TLS12;
import static io.tlsinspect.decoder.model.TlsVersion.TLS13;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.CountedSource;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.chains.ChainSet;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.RecordSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The four certificate findings share one evaluation of the records, and the map of (server address,
 * SNI) to certificate that TLS 1.3 connections borrow from is capped with the cut counted: a capped
 * run still lists every failed connection under a certificate finding.
 */
class CertificateEvaluationTest {
    private static final List<FindingKind> CERTIFICATE_KINDS = List.of(FindingKind.CLIENT_REJECTED_CERTIFICATE,
            FindingKind.CERTIFICATE_EXPIRED, FindingKind.CERTIFICATE_NAME_MISMATCH, FindingKind.CERTIFICATE_UNTRUSTED);

    /** Hs.T0 is 2015-01-31: a not_after of 2015-01-01 is before every connection here. */
    private static CertificateInfo expired(String name) {
        return new CertificateInfo("C=ZZ,O=Org,CN=" + name, "C=ZZ,O=Org,CN=Org CA", List.of(name),
                "2014-01-01T00:00:00Z", "2015-01-01T00:00:00Z", "RSA", 2048, 1, false, "00");
    }

    /**
     * Three servers each show an expired certificate to a TLS 1.2 client that goes on anyway, then a
     * TLS 1.3 client rejects it (encrypted alert: the certificate is borrowed from the TLS 1.2 one);
     * one more TLS 1.3 rejection goes to a server never seen over TLS 1.2.
     */
    private static List<HandshakeRecord> records() {
        List<HandshakeRecord> l = new ArrayList<>();
        long id = 1;
        for (int i = 1; i <= 3; i++) {
            String ip = "192.0.2." + i;
            String sni = "s" + i + ".example";
            l.add(Hs.conn(id).at(id).server(ip).sni(sni).certificate(expired(sni)).established(TLS12, 0xc02f).build());
            id++;
            l.add(Hs.conn(id).at(id).server(ip).sni(sni).offer(TLS13).encryptedClientAlert()
                    .serverHello(TLS13, 0x1301, "").build());
            id++;
        }
        l.add(Hs.conn(id).at(id).server("192.0.2.9").sni("never.example").offer(TLS13).encryptedClientAlert()
                .serverHello(TLS13, 0x1301, "").build());
        return l;
    }

    private static FindingContext context(RecordSource source, int pairCap) {
        return new FindingContext(source, new ChainSet(List.of(), Map.of()), List.of(), 0, Map.of(), 1000, r -> null,
                new CertificateEvidence.Shared(pairCap), new ServerChoices()); // no server-choice finding here
    }

    private static Map<FindingKind, Finding> run(int pairCap) {
        List<Finding> found = new FindingEngine().run(context(RecordSource.of(records()), pairCap));
        Map<FindingKind, Finding> out = new java.util.EnumMap<>(FindingKind.class);
        for (Finding f : found) {
            if (CERTIFICATE_KINDS.contains(f.kind())) {
                out.put(f.kind(), f);
            }
        }
        return out;
    }

    private static Set<Long> failedIds() {
        Set<Long> out = new HashSet<>();
        for (HandshakeRecord r : records()) {
            if (r.outcome().isFailure()) {
                out.add(r.id());
            }
        }
        return out;
    }

    @Test
    void uncappedEveryBorrowedCertificateIsJudged() {
        Map<FindingKind, Finding> f = run(CertificateEvidence.PAIR_CAP);
        assertThat(f.get(FindingKind.CERTIFICATE_EXPIRED).connections()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(f.get(FindingKind.CLIENT_REJECTED_CERTIFICATE).connections()).containsExactly(7L);
        assertThat(f.get(FindingKind.CLIENT_REJECTED_CERTIFICATE).summary()).doesNotContain("not remembered");
    }

    @Test
    void aCappedRunStillCountsEveryFailureAndSaysWhatTheCapHid() {
        Map<FindingKind, Finding> f = run(1);
        // only the first pair's certificate is remembered: the later TLS 1.3 rejections cannot borrow theirs
        Finding expired = f.get(FindingKind.CERTIFICATE_EXPIRED);
        assertThat(expired.connections()).containsExactly(1L, 2L, 3L, 5L);
        Finding hidden = f.get(FindingKind.CLIENT_REJECTED_CERTIFICATE);
        assertThat(hidden.connections()).containsExactly(4L, 6L, 7L);
        assertThat(hidden.count()).isEqualTo(3);
        assertThat(hidden.summary()).contains("For 3 of them the certificate is hidden",
                "3 of the hidden went to server addresses and names beyond the first 1 that showed a certificate");
        // every failed connection is still under a certificate finding, and counted once
        Set<Long> listed = new HashSet<>();
        long failedCounted = 0;
        for (Finding x : f.values()) {
            for (Long id : x.connections()) {
                if (failedIds().contains(id)) {
                    assertThat(listed.add(id)).as("connection %d under one certificate finding", id).isTrue();
                    failedCounted++;
                }
            }
        }
        assertThat(listed).isEqualTo(failedIds());
        assertThat(failedCounted).isEqualTo(4);
        assertThat(expired.count() + hidden.count()).isEqualTo(run(CertificateEvidence.PAIR_CAP).values().stream()
                .mapToLong(Finding::count).sum());
    }

    @Test
    void theFourCertificateFindingsReadTheRecordsForOneEvaluation() {
        List<HandshakeRecord> l = records();
        AtomicInteger reads = new AtomicInteger();
        RecordSource counted = CountedSource.of(l, reads);
        FindingContext ctx = context(counted, CertificateEvidence.PAIR_CAP);
        List<Optional<Finding>> found = List.of(new ClientRejectedCertificate().detect(ctx), new CertificateExpired().detect(ctx),
                new CertificateNameMismatch().detect(ctx), new CertificateUntrusted().detect(ctx));
        assertThat(found.get(0)).isPresent();
        assertThat(found.get(1)).isPresent();
        // pass 1 remembers the certificates, pass 2 judges: twice in all, not twice per finding
        assertThat(reads.get()).isEqualTo(2);
    }
}
