package io.tlsinspect.reports.chains;

import static io.tlsinspect.decoder.model.TlsVersion.TLS11;
import static io.tlsinspect.decoder.model.TlsVersion.TLS12;
import static io.tlsinspect.decoder.model.TlsVersion.TLS13;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.reports.Hs;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackRuleTest {
    private static ClientHelloInfo hello(Hs b) {
        return b.build().clientHello();
    }

    private static final ClientHelloInfo FULL12 = hello(Hs.conn(1).suites(0x0a0a, 0xc02f, 0xc030, 0x009c, 0x00ff));

    @Test
    void lowerVersionIsAFallback() {
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).offer(TLS11).suites(0xc02f, 0xc030, 0x009c)))).isTrue();
    }

    @Test
    void scsvAtTheSameVersionIsAFallback() {
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).suites(0xc02f, 0xc030, 0x009c).scsv()))).isTrue();
    }

    @Test
    void higherVersionIsNeverAFallbackEvenWithScsv() {
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).offer(TLS13).suites(0xc02f).scsv()))).isFalse();
    }

    @Test
    void properSubsetIgnoringGreaseAndScsvIsAFallback() {
        // different GREASE value and no renegotiation SCSV: still the same real suites minus one
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).suites(0x2a2a, 0xc02f, 0xc030)))).isTrue();
    }

    @Test
    void sameSuitesWithDifferentGreaseIsNotAFallback() {
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).suites(0x3a3a, 0x009c, 0xc030, 0xc02f)))).isFalse();
    }

    @Test
    void swappedOrLargerListIsNotAFallback() {
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).suites(0xc02f, 0xc030, 0x0035)))).isFalse();
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).suites(0xc02f, 0xc030, 0x009c, 0x0035)))).isFalse();
    }

    @Test
    void theSameOfferAgainIsTheSameProgramAndAFallbackOnlyWhenItSaysSoOrOffersLess() {
        // equal lists, another object or the very same one: the rule's answer does not depend on which
        ClientHelloInfo again = hello(Hs.conn(2).suites(0x0a0a, 0xc02f, 0xc030, 0x009c, 0x00ff));
        assertThat(FallbackRule.sameProgram(FULL12, again)).isTrue();
        assertThat(FallbackRule.sameProgram(FULL12, FULL12)).isTrue();
        assertThat(FallbackRule.isFallback(FULL12, again)).isFalse();
        assertThat(FallbackRule.isFallback(FULL12, FULL12)).isFalse();
        assertThat(FallbackRule.offersNoNewSuite(FULL12, again)).isTrue();
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).suites(0x0a0a, 0xc02f, 0xc030, 0x009c, 0x00ff).scsv())))
                .isTrue();
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).offer(TLS11).suites(0x0a0a, 0xc02f, 0xc030, 0x009c, 0x00ff))))
                .isTrue();
    }

    @Test
    void anOfferKeepsItsSetsAndAnswersAsAFreshOneInEveryComparison() {
        // ChainBuilder compares one offer with many (its sets sorted once): reuse must not change an answer
        List<ClientHelloInfo> hellos = List.of(FULL12,
                hello(Hs.conn(2).offer(TLS11).suites(0xc02f, 0xc030, 0x009c)),
                hello(Hs.conn(3).suites(0x2a2a, 0xc02f, 0xc030)),
                hello(Hs.conn(4).suites(0x3a3a, 0x009c, 0xc030, 0xc02f)),
                hello(Hs.conn(5).suites(0xc02f, 0xc030, 0x009c).scsv()),
                hello(Hs.conn(6).offer(TLS13).suites(0xc02f).scsv()),
                hello(Hs.conn(7).offer(TLS11).suites(0xc02f, 0xc030).alpn("http/1.1")),
                hello(Hs.conn(8).suites(0xc02f, 0xc030).extensions(0, 10, 11, 16, 23)));
        List<FallbackRule.Offer> kept = hellos.stream().map(FallbackRule.Offer::new).toList();
        int fallbacks = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < hellos.size(); i++) {
                for (int j = 0; j < hellos.size(); j++) {
                    boolean fresh = FallbackRule.isFallback(hellos.get(i), hellos.get(j));
                    assertThat(FallbackRule.isFallback(kept.get(i), kept.get(j))).as("%d -> %d", i, j).isEqualTo(fresh);
                    assertThat(FallbackRule.offersNoNewSuite(kept.get(i), kept.get(j)))
                            .isEqualTo(FallbackRule.offersNoNewSuite(hellos.get(i), hellos.get(j)));
                    fallbacks += fresh ? 1 : 0;
                }
            }
        }
        assertThat(fallbacks).as("the matrix holds fallbacks and others").isBetween(2, 2 * 64 - 2);
        FallbackRule.Offer o = kept.get(0);
        assertThat(o.realSuites()).isSameAs(o.realSuites()).containsExactly(0x009c, 0xc02f, 0xc030);
    }

    /** The same hello under another session ID, carrying the very same list objects (as the spill's records do). */
    private static ClientHelloInfo again(ClientHelloInfo h, String sessionId) {
        return new ClientHelloInfo(h.recordVersion(), h.legacyVersion(), h.supportedVersions(), h.maxVersion(),
                h.sslv2Format(), h.cipherSuites(), h.fallbackScsv(), h.renegotiationScsv(), sessionId, h.sessionTicket(),
                h.psk(), h.sni(), h.alpn(), h.groups(), h.signatureAlgorithms(), h.extensions(), h.ecPointFormats(),
                h.keyShareGroups(), h.ja3(), h.ja3Hash(), h.ja4());
    }

    @Test
    void offersOfOneProgramShareTheSetsOfTheirListsAndAnswerAsFreshOnes() {
        FallbackRule.Sets sets = new FallbackRule.Sets();
        ClientHelloInfo retry = hello(Hs.conn(2).offer(TLS11).suites(0xc02f, 0xc030, 0x009c));
        FallbackRule.Offer first = new FallbackRule.Offer(FULL12, sets);
        FallbackRule.Offer second = new FallbackRule.Offer(again(FULL12, "ab"), sets);
        assertThat(second.realSuites()).isSameAs(first.realSuites()).containsExactly(0x009c, 0xc02f, 0xc030);
        assertThat(second.suites()).isSameAs(first.suites());
        assertThat(second.extensionSet()).isSameAs(first.extensionSet());
        // another list of equal content is its own entry, with the same values
        FallbackRule.Offer copy = new FallbackRule.Offer(hello(Hs.conn(3).suites(0x0a0a, 0xc02f, 0xc030, 0x009c, 0x00ff)), sets);
        assertThat(copy.realSuites()).isNotSameAs(first.realSuites()).isEqualTo(first.realSuites());
        for (ClientHelloInfo[] pair : new ClientHelloInfo[][] {{FULL12, retry}, {retry, FULL12}, {retry, again(retry, "cd")}}) {
            FallbackRule.Offer a = new FallbackRule.Offer(pair[0], sets);
            FallbackRule.Offer b = new FallbackRule.Offer(pair[1], sets);
            assertThat(FallbackRule.isFallback(a, b)).isEqualTo(FallbackRule.isFallback(pair[0], pair[1]));
            assertThat(FallbackRule.offersNoNewSuite(a, b)).isEqualTo(FallbackRule.offersNoNewSuite(pair[0], pair[1]));
        }
        assertThat(FallbackRule.isFallback(new FallbackRule.Offer(FULL12, sets), new FallbackRule.Offer(retry, sets))).isTrue();
    }

    @Test
    void realSuitesDropGreaseAndSignallingSuites() {
        assertThat(FallbackRule.realSuites(hello(Hs.conn(3).suites(List.of(0xdada, 0xc02f, 0x00ff)).scsv())))
                .containsExactly(0xc02f);
        assertThat(TLS12).isGreaterThan(TLS11); // the rule relies on version codes ordering
    }

    // Same program (DESIGN §5): a retry may drop suites, versions and version-specific extensions only.

    @Test
    void anotherAlpnListIsAnotherProgram() {
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).offer(TLS11).suites(0xc02f, 0xc030).alpn("http/1.1"))))
                .isFalse();
    }

    @Test
    void anotherOrderOfCommonSuitesIsAnotherProgram() {
        // Chromium's 15 suites are a proper subset of Firefox's 16, in another order
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).suites(0xc030, 0xc02f)))).isFalse();
    }

    @Test
    void anotherExtensionBeyondVersionSpecificOnesIsAnotherProgram() {
        assertThat(FallbackRule.isFallback(FULL12,
                hello(Hs.conn(2).offer(TLS11).suites(0xc02f, 0xc030).extensions(0, 10, 11, 16, 35, 17513)))).isFalse();
        assertThat(FallbackRule.isFallback(FULL12,
                hello(Hs.conn(2).offer(TLS11).suites(0xc02f, 0xc030).extensions(0, 10, 16)))).isFalse();
    }

    @Test
    void droppingVersionSpecificExtensionsPaddingAndTicketIsTheSameProgram() {
        ClientHelloInfo tls13 = hello(Hs.conn(1).offer(TLS13).suites(0x1301, 0xc02f, 0xc030, 0x009c)
                .extensions(0, 10, 11, 13, 16, 21, 27, 35, 43, 45, 51));
        // the seed incident's OpenSSL fallback: TLS 1.2 without supported_versions, psk modes, key_share
        assertThat(FallbackRule.isFallback(tls13, hello(Hs.conn(2).suites(0xc02f, 0xc030, 0x009c).scsv()
                .extensions(0, 10, 11, 13, 16)))).isTrue();
        // and TLS 1.1 without signature_algorithms
        assertThat(FallbackRule.isFallback(FULL12, hello(Hs.conn(2).offer(TLS11).suites(0xc02f, 0xc030)
                .extensions(0, 10, 11, 16)))).isTrue();
    }

    @Test
    void addingAVersionSpecificExtensionIsAnotherProgram() {
        assertThat(FallbackRule.sameProgram(FULL12, hello(Hs.conn(2).suites(0xc02f, 0xc030)
                .extensions(0, 10, 11, 13, 16, 35, 27)))).isFalse();
    }
}
