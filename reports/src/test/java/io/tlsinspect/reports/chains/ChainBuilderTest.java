package io.tlsinspect.reports.chains;

import static io.tlsinspect.decoder.model.TlsVersion.TLS10;
import static io.tlsinspect.decoder.model.TlsVersion.TLS11;
import static io.tlsinspect.decoder.model.TlsVersion.TLS12;
import static org.assertj.core.api.Assertions.assertThat;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.Fixtures;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ChainRef;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChainBuilderTest {
    private static final long SEC = 1_000_000_000L;

    private static ChainSet build(HandshakeRecord... records) {
        List<HandshakeRecord> l = new ArrayList<>(List.of(records));
        l.sort((a, b) -> Long.compare(a.tsNanos(), b.tsNanos()));
        return new ChainBuilder(Duration.ofSeconds(30)).build(l);
    }

    @Test
    void resetThenScsvRetriesFormOneChainWithRootAndFinal() {
        ChainSet set = build(
                Hs.conn(1).at(0).reset().build(),
                Hs.conn(2).at(1).offer(TLS11).scsv().serverAlert("inappropriate_fallback").build(),
                Hs.conn(3).at(2).offer(TLS10).scsv().serverAlert("inappropriate_fallback").build());
        assertThat(set.chains()).hasSize(1);
        Chain c = set.chains().get(0);
        assertThat(c.attempts()).containsExactly(1L, 2L, 3L);
        assertThat(c.versions()).containsExactly("TLSv1.2", "TLSv1.1", "TLSv1.0");
        assertThat(c.rootOutcome()).hasToString("server_reset");
        assertThat(c.finalOutcome()).isEqualTo(new OutcomeKey(Outcome.SERVER_ALERT, "inappropriate_fallback"));
        assertThat(c.recovered()).isFalse();
        assertThat(c.fallbackScsv()).containsExactly(false, true, true);
        assertThat(set.refOf(2)).isEqualTo(new ChainRef(1, 2, 3));
    }

    @Test
    void retryExactlyAtTheWindowJoins() {
        ChainSet set = build(
                Hs.conn(1).atNanos(0).reset().build(),
                Hs.conn(2).atNanos(30 * SEC).offer(TLS11).build());
        assertThat(set.chains()).hasSize(1);
        assertThat(set.chains().get(0).attempts()).containsExactly(1L, 2L);
    }

    @Test
    void retryOneNanosecondPastTheWindowStartsAfresh() {
        ChainSet set = build(
                Hs.conn(1).atNanos(0).reset().build(),
                Hs.conn(2).atNanos(30 * SEC + 1).offer(TLS11).build());
        assertThat(set.chains()).isEmpty();
        assertThat(set.refOf(1)).isNull();
        assertThat(set.refOf(2)).isNull();
    }

    @Test
    void configuredWindowIsHonoured() {
        List<HandshakeRecord> l = List.of(Hs.conn(1).at(0).reset().build(), Hs.conn(2).at(6).offer(TLS11).build());
        assertThat(new ChainBuilder(Duration.ofSeconds(5)).build(l).chains()).isEmpty();
        assertThat(new ChainBuilder(Duration.ofSeconds(6)).build(l).chains()).hasSize(1);
    }

    @Test
    void versionGoingBackUpStartsANewChain() {
        ChainSet set = build(
                Hs.conn(1).at(0).reset().build(),
                Hs.conn(2).at(1).offer(TLS11).reset().build(),
                Hs.conn(3).at(2).offer(TLS12).reset().build(),   // back up: a fresh start
                Hs.conn(4).at(3).offer(TLS11).scsv().build());
        assertThat(set.chains()).extracting(Chain::attempts)
                .containsExactly(List.of(1L, 2L), List.of(3L, 4L));
    }

    @Test
    void sameOfferAgainIsNotAFallback() {
        ChainSet set = build(Hs.conn(1).at(0).reset().build(), Hs.conn(2).at(1).build());
        assertThat(set.chains()).isEmpty();
    }

    @Test
    void clientsOwnDecisionBreaksTheChain() {
        ChainSet alert = build(Hs.conn(1).at(0).clientAlert("unknown_ca").build(), Hs.conn(2).at(1).offer(TLS11).build());
        ChainSet abandoned = build(Hs.conn(1).at(0).outcome(Outcome.CLIENT_ABANDONED).build(), Hs.conn(2).at(1).offer(TLS11).build());
        ChainSet ok = build(Hs.conn(1).at(0).build(), Hs.conn(2).at(1).offer(TLS11).build());
        assertThat(alert.chains()).isEmpty();
        assertThat(abandoned.chains()).isEmpty();
        assertThat(ok.chains()).isEmpty();
    }

    @Test
    void everyRetryableOutcomeKeepsAChainGoing() {
        for (Outcome o : List.of(Outcome.SERVER_RESET, Outcome.SERVER_CLOSED, Outcome.NO_SERVER_RESPONSE,
                Outcome.SERVER_ALERT, Outcome.INCOMPLETE)) {
            ChainSet set = build(Hs.conn(1).at(0).outcome(o).build(), Hs.conn(2).at(1).offer(TLS11).build());
            assertThat(set.chains()).as(o.key()).hasSize(1);
        }
    }

    @Test
    void aChainBrokenByAnEstablishedAttemptDoesNotReopen() {
        ChainSet set = build(
                Hs.conn(1).at(0).reset().build(),
                Hs.conn(2).at(1).offer(TLS11).build(),            // recovered
                Hs.conn(3).at(2).offer(TLS10).build());           // lower again, but 2 was not a failure
        assertThat(set.chains()).extracting(Chain::attempts).containsExactly(List.of(1L, 2L));
        assertThat(set.chains().get(0).recovered()).isTrue();
    }

    @Test
    void chainsCrossServersBehindOneName() {
        ChainSet set = build(
                Hs.conn(1).at(0).server("192.0.2.11").reset().build(),
                Hs.conn(2).at(1).server("192.0.2.12").offer(TLS11).scsv().serverAlert("inappropriate_fallback").build(),
                Hs.conn(3).at(2).server("192.0.2.13").offer(TLS10).scsv().serverAlert("inappropriate_fallback").build());
        assertThat(set.chains()).hasSize(1);
        assertThat(set.chains().get(0).serverIps()).containsExactly("192.0.2.11", "192.0.2.12", "192.0.2.13");
        assertThat(set.chains().get(0).server()).isEqualTo("shop.example");
    }

    @Test
    void sniIsComparedCaseInsensitively() {
        ChainSet set = build(Hs.conn(1).at(0).sni("Shop.Example").reset().build(),
                Hs.conn(2).at(1).sni("shop.example").offer(TLS11).build());
        assertThat(set.chains()).hasSize(1);
    }

    @Test
    void differentNamesAreDifferentChains() {
        ChainSet set = build(Hs.conn(1).at(0).sni("a.example").reset().build(),
                Hs.conn(2).at(1).sni("b.example").offer(TLS11).build());
        assertThat(set.chains()).isEmpty();
    }

    @Test
    void withoutSniTheServerAddressIsTheKey() {
        ChainSet crossing = build(Hs.conn(1).at(0).sni(null).server("192.0.2.11").reset().build(),
                Hs.conn(2).at(1).sni(null).server("192.0.2.12").offer(TLS11).build());
        ChainSet same = build(Hs.conn(1).at(0).sni(null).server("192.0.2.11").reset().build(),
                Hs.conn(2).at(1).sni(null).server("192.0.2.11").offer(TLS11).build());
        assertThat(crossing.chains()).isEmpty();
        assertThat(same.chains()).hasSize(1);
        assertThat(same.chains().get(0).server()).isEqualTo("192.0.2.11");
    }

    @Test
    void differentClientIpsAreDifferentChains() {
        ChainSet set = build(Hs.conn(1).at(0).client("203.0.113.1").reset().build(),
                Hs.conn(2).at(1).client("203.0.113.2").offer(TLS11).build());
        assertThat(set.chains()).isEmpty();
    }

    @Test
    void aFreshAttemptByAnotherClientBehindTheSameNatDoesNotCutAChain() {
        String nat = "203.0.113.99";
        ChainSet set = build(
                Hs.conn(1).at(0).client(nat).reset().build(),
                // another device at the NAT address, different suites, a fresh full offer
                Hs.conn(2).at(0.5).client(nat).suites(Hs.RSA_AES128_SHA, Hs.RSA_AES256_SHA, 0x000a).reset().build(),
                Hs.conn(3).at(1).client(nat).offer(TLS11).scsv().build());
        // 3 is a fallback of both 1 and 2 (lower version), but only 1 offered every suite 3 offers
        assertThat(set.chains()).hasSize(1);
        assertThat(set.chains().get(0).attempts()).containsExactly(1L, 3L);

        ChainSet separate = build(
                Hs.conn(1).at(0).client(nat).reset().build(),
                Hs.conn(2).at(0.5).client(nat).suites(Hs.RSA_AES128_SHA, Hs.RSA_AES256_SHA, 0x000a).build(), // established
                Hs.conn(3).at(1).client(nat).offer(TLS11).scsv().build());
        assertThat(separate.chains()).extracting(Chain::attempts).containsExactly(List.of(1L, 3L));
    }

    @Test
    void connectionsWithoutClientHelloNeitherJoinNorBreak() {
        ChainSet set = build(
                Hs.conn(1).at(0).reset().build(),
                Hs.conn(2).at(0.5).noHello().outcome(Outcome.REFUSED).build(),
                Hs.conn(3).at(1).offer(TLS11).build());
        assertThat(set.chains()).extracting(Chain::attempts).containsExactly(List.of(1L, 3L));
    }

    @Test
    void chainsAreNumberedByFirstAttemptTime() {
        ChainSet set = build(
                Hs.conn(10).at(0).client("203.0.113.5").reset().build(),
                Hs.conn(11).at(1).client("203.0.113.6").reset().build(),
                Hs.conn(12).at(2).client("203.0.113.6").offer(TLS11).build(),
                Hs.conn(13).at(3).client("203.0.113.5").offer(TLS11).build());
        assertThat(set.chains()).extracting(Chain::id, Chain::clientIp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "203.0.113.5"), org.assertj.core.groups.Tuple.tuple(2, "203.0.113.6"));
    }

    @Test
    void analyzerSortsInputOfAnyOrder() {
        List<HandshakeRecord> shuffled = new ArrayList<>(Fixtures.seed());
        Collections.shuffle(shuffled, new Random(42));
        Report r = Fixtures.analyze(shuffled);
        assertThat(r.chains()).extracting(Chain::attempts)
                .containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L), List.of(8L, 9L, 10L));
        assertThat(r.connections()).extracting(ConnectionView::id).isSorted();
        // single attempts are not chains
        assertThat(r.connections().stream().filter(c -> c.id() == 6).findFirst().orElseThrow().chain()).isNull();
    }
}
