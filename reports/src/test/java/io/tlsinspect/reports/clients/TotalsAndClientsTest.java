package io.tlsinspect.reports.clients;

import static io.tlsinspect.decoder.model.TlsVersion.TLS11;
import static org.assertj.core.api.Assertions.assertThat;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.Fixtures;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.ClientSummary;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.model.ServerSummary;
import io.tlsinspect.reports.model.Tally;
import io.tlsinspect.reports.model.TimeBucket;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TotalsAndClientsTest {
    private static final List<HandshakeRecord> MIXED = Fixtures.mixed();
    private static final Report R = Fixtures.analyze(MIXED);

    /** Counted directly from the input, independently of the tables. */
    private static final int TOTAL = MIXED.size();
    private static final long FAILED = MIXED.stream().filter(h -> h.outcome().isFailure()).count();

    /** An outcomes map as DESIGN §6 writes its keys. */
    private static Map<String, Integer> written(Map<OutcomeKey, Integer> outcomes) {
        Map<String, Integer> m = new LinkedHashMap<>();
        outcomes.forEach((k, n) -> m.put(k.toString(), n));
        return m;
    }
    private static final long ESTABLISHED = MIXED.stream().filter(h -> h.outcome() == Outcome.ESTABLISHED).count();

    private static void assertAddsUp(String table, Collection<Tally> rows) {
        assertThat(rows.stream().mapToInt(Tally::attempts).sum()).as(table + " attempts").isEqualTo(TOTAL);
        assertThat(rows.stream().mapToLong(Tally::failed).sum()).as(table + " failed").isEqualTo(FAILED);
        assertThat(rows.stream().mapToLong(Tally::established).sum()).as(table + " established").isEqualTo(ESTABLISHED);
        for (Tally t : rows) {
            assertThat(t.outcomes().values().stream().mapToInt(Integer::intValue).sum()).as(table + " row outcomes").isEqualTo(t.attempts());
        }
    }

    @Test
    void everyTableAddsUpToTheConnectionTotals() {
        assertThat(TOTAL).isEqualTo(18);
        assertThat(FAILED).isEqualTo(13); // 8 in the seed (1-5, 8-10) + not_tls, refused, no_server_response, unknown_ca, incomplete
        assertThat(R.connections()).hasSize(TOTAL);
        assertAddsUp("clients", R.clients().stream().map(ClientSummary::tally).toList());
        assertAddsUp("by_version", R.byVersion().values());
        assertAddsUp("by_family", R.byFamily().values());
        assertAddsUp("servers", R.servers().stream().map(ServerSummary::tally).toList());
        assertThat(R.clients().stream().mapToInt(c -> c.maxVersions().values().stream().mapToInt(Integer::intValue).sum()).sum())
                .isEqualTo(TOTAL);
        assertThat(R.failuresOverTime().stream().mapToInt(TimeBucket::attempts).sum()).isEqualTo(TOTAL);
        assertThat(R.failuresOverTime().stream().mapToInt(TimeBucket::failed).sum()).isEqualTo((int) FAILED);
        assertThat(R.failedCount()).isEqualTo((int) FAILED);
        assertThat(R.stats()).containsEntry("connections", 18L).containsEntry("tls_connections", 15L)
                .containsEntry("packets", 1000L).containsKey("sessions_evicted");
    }

    @Test
    void byVersionUsesOfferedMaxVersionAndNoneWithoutHello() {
        Map<String, Tally> v = R.byVersion();
        assertThat(v.keySet()).containsExactly("TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3", "none");
        assertThat(v.get("TLSv1.1").attempts()).isEqualTo(3);
        assertThat(written(v.get("TLSv1.1").outcomes())).containsExactlyEntriesOf(Map.of("server_alert:inappropriate_fallback", 3));
        assertThat(v.get("none").attempts()).isEqualTo(3);
        assertThat(v.get("none").failed()).isEqualTo(2); // mid_stream is not a failure
    }

    @Test
    void everyAttemptCountsUnderItsOwnHelloAndTheChainUnderItsFirstAttempt() {
        // issue 8: the client table identifies each connection by its own hello, never by its chain's
        // first attempt (Chromium's hello was shown as the first attempt's gnutls-cli). The seed chain's
        // root offers TLS 1.2 without SCSV; its two retries offer the same suites plus TLS_FALLBACK_SCSV.
        List<ClientSummary> rows = R.clients().stream().filter(c -> c.ip().equals("203.0.113.21")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(ClientSummary::fingerprint).doesNotHaveDuplicates().allMatch(f -> f.startsWith("h:"));
        assertThat(rows.stream().mapToInt(c -> c.tally().attempts()).sum()).isEqualTo(3);
        assertThat(rows.stream().mapToInt(c -> c.tally().failed()).sum()).isEqualTo(3);
        ClientSummary root = rows.stream().filter(c -> c.maxVersions().containsKey("TLSv1.2")).findFirst().orElseThrow();
        ClientSummary retries = rows.stream().filter(c -> c != root).findFirst().orElseThrow();
        assertThat(root.chains()).hasSize(1);
        assertThat(written(root.tally().outcomes())).containsExactlyEntriesOf(Map.of("server_reset", 1));
        assertThat(retries.chains()).isEmpty();
        assertThat(written(retries.tally().outcomes())).containsExactlyEntriesOf(Map.of("server_alert:inappropriate_fallback", 2));
        assertThat(retries.maxVersions()).containsExactlyInAnyOrderEntriesOf(Map.of("TLSv1.1", 1, "TLSv1.0", 1));
        assertThat(root.family()).isNull();
    }

    @Test
    void clientsWithMostFailuresLead() {
        // the seed fixture's busiest failing row: the TLS 1.1/1.0 retries of 203.0.113.21 (two failures)
        assertThat(R.clients().get(0).tally().failed()).isEqualTo(2);
        for (int i = 1; i < R.clients().size(); i++) {
            assertThat(R.clients().get(i).tally().failed()).isLessThanOrEqualTo(R.clients().get(i - 1).tally().failed());
        }
    }

    @Test
    void familyComesFromTheJa4Catalog() {
        ClientSummary ff = R.clients().stream().filter(c -> c.ip().equals("198.51.100.55")).findFirst().orElseThrow();
        assertThat(ff.family()).isEqualTo("Mozilla Firefox");
        assertThat(ff.ja4()).isEqualTo("t13d1715h2_5b57614c22b0_7121afd63204");
        assertThat(ff.fingerprint()).isEqualTo(ff.ja4());
        assertThat(R.byFamily()).containsKey("Mozilla Firefox").containsKey("unknown");
        assertThat(R.byFamily().get("Mozilla Firefox").attempts()).isEqualTo(2);
    }

    @Test
    void twoClientsBehindOneNatAddressWithDifferentFingerprintsAreTwoClients() {
        String nat = "203.0.113.99";
        Report r = Fixtures.analyze(List.of(
                Hs.conn(1).at(0).client(nat).ja4("t13d1715h2_5b57614c22b0_7121afd63204").build(),
                Hs.conn(2).at(1).client(nat).ja4("t13d1516h2_8daaf6152771_02713d6af862").reset().build(),
                Hs.conn(3).at(2).client(nat).ja4("t13d1516h2_8daaf6152771_02713d6af862").offer(TLS11).build()));
        List<ClientSummary> atNat = r.clients().stream().filter(c -> c.ip().equals(nat)).toList();
        assertThat(atNat).hasSize(2);
        assertThat(atNat).extracting(ClientSummary::family).containsExactly("Chromium Browser", "Mozilla Firefox");
        assertThat(atNat.get(0).tally().attempts()).isEqualTo(2);
        assertThat(atNat.get(0).chains()).hasSize(1);
        assertThat(atNat.get(1).tally().attempts()).isEqualTo(1);
    }

    @Test
    void withoutJa4TheFingerprintHashesSuitesAndExtensionsIgnoringGrease() {
        String a = ClientFingerprint.of(Hs.conn(1).suites(0x0a0a, 0xc02f).build().clientHello());
        String b = ClientFingerprint.of(Hs.conn(2).suites(0x5a5a, 0xc02f).build().clientHello());
        String c = ClientFingerprint.of(Hs.conn(3).suites(0xc02f, 0x0a0a).build().clientHello());
        String d = ClientFingerprint.of(Hs.conn(4).suites(0x0a0a, 0xc02f).extensions(0, 10).build().clientHello());
        assertThat(a).matches("h:[0-9a-f]{12}").isEqualTo(b).isNotEqualTo(c).isNotEqualTo(d);
        assertThat(ClientFingerprint.of(null)).isNull();
    }

    @Test
    void serversTableSplitsByAddressAndName() {
        assertThat(R.servers()).extracting(ServerSummary::ip).contains("192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.10");
        ServerSummary s12 = R.servers().stream().filter(s -> s.ip().equals("192.0.2.12")).findFirst().orElseThrow();
        // .12 saw: reset (4), inappropriate_fallback (2, 10), established (7)
        assertThat(s12.tally().attempts()).isEqualTo(4);
        assertThat(s12.name()).isEqualTo("shop.example");
    }

    @Test
    void timelineUsesTheSmallestRoundBucketThatFitsAndKeepsEmptyOnes() {
        // mixed spans 0 s .. 96 s after 03:24:00: 97 one-second bars fit under the 120-bar cap
        assertThat(R.failuresOverTime()).hasSize(97);
        assertThat(R.failuresOverTime().get(0).widthNanos()).isEqualTo(1_000_000_000L);
        assertThat(R.failuresOverTime().get(1).startNanos() - R.failuresOverTime().get(0).startNanos()).isEqualTo(1_000_000_000L);
        // 0 s and 200 s: 201 one-second bars would not fit; 5-second bars do (41), empty ones kept
        List<TimeBucket> gap = FailureTimeline.of(List.of(Hs.conn(1).at(0).build(), Hs.conn(2).at(200).reset().build()));
        assertThat(gap).hasSize(41);
        assertThat(gap.get(0).widthNanos()).isEqualTo(5_000_000_000L);
        assertThat(gap.get(0).attempts()).isEqualTo(1);
        assertThat(gap.get(40).attempts()).isEqualTo(1);
        assertThat(gap.get(40).failed()).isEqualTo(1);
        assertThat(gap.subList(1, 40)).allSatisfy(b -> assertThat(b.attempts()).isZero());
    }

    @Test
    void builtInCatalogIsLoadedAndUnknownIsNull() {
        FamilyCatalog c = FamilyCatalog.builtIn();
        assertThat(c.size()).isGreaterThan(20);
        assertThat(c.familyOf("t13d1516h2_8daaf6152771_02713d6af862")).isEqualTo("Chromium Browser");
        assertThat(c.familyOf("t13d0000h2_000000000000_000000000000")).isNull();
        assertThat(c.familyOf(null)).isNull();
    }
}
