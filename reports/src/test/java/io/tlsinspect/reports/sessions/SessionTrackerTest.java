package io.tlsinspect.reports.sessions;

import static io.tlsinspect.decoder.model.TlsVersion.TLS10;
import static io.tlsinspect.decoder.model.TlsVersion.TLS12;
import static io.tlsinspect.decoder.model.TlsVersion.TLS13;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.reports.Hs;
import org.junit.jupiter.api.Test;

class SessionTrackerTest {
    private static final String SID = "5f1e0c2a9b7d4e3f8a6b1c0d2e4f6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f";

    @Test
    void offeringAKnownSessionWithoutItsCipherIsAHit() {
        SessionTracker t = new SessionTracker(100);
        t.observe(Hs.conn(1).at(0).serverHello(TLS12, Hs.ECDHE_RSA_AES128_GCM, SID).established(TLS12, Hs.ECDHE_RSA_AES128_GCM).build());
        t.observe(Hs.conn(2).at(1).offer(TLS10).session(SID).suites(Hs.ECDHE_RSA_AES128_SHA, Hs.RSA_AES128_SHA)
                .serverAlert("illegal_parameter").build());
        assertThat(t.hits()).hasSize(1);
        MissingCipherHit hit = t.hits().get(0);
        assertThat(hit.connectionId()).isEqualTo(2);
        assertThat(hit.session()).isEqualTo(new SessionInfo(0xc02f, TLS12, "192.0.2.10", 1));
    }

    @Test
    void offeringTheCipherToo_isFine() {
        SessionTracker t = new SessionTracker(100);
        t.observe(Hs.conn(1).at(0).serverHello(TLS12, Hs.ECDHE_RSA_AES128_GCM, SID).established(TLS12, Hs.ECDHE_RSA_AES128_GCM).build());
        t.observe(Hs.conn(2).at(1).session(SID).build());
        assertThat(t.hits()).isEmpty();
    }

    @Test
    void unknownSessionIsNotAHit() {
        SessionTracker t = new SessionTracker(100);
        t.observe(Hs.conn(2).at(1).session(SID).suites(Hs.RSA_AES128_SHA).build());
        assertThat(t.hits()).isEmpty();
    }

    @Test
    void aResumptionRefreshesTheSessionFromTheResumingServerHello() {
        SessionTracker t = new SessionTracker(100);
        t.observe(Hs.conn(1).at(0).serverHello(TLS12, Hs.ECDHE_RSA_AES128_GCM, SID).established(TLS12, Hs.ECDHE_RSA_AES128_GCM).build());
        t.observe(Hs.conn(2).at(1).server("192.0.2.99").session(SID)
                .serverHello(TLS12, Hs.ECDHE_RSA_AES128_GCM, SID).established(TLS12, Hs.ECDHE_RSA_AES128_GCM).build());
        t.observe(Hs.conn(3).at(2).session(SID).suites(Hs.RSA_AES128_SHA).build());
        assertThat(t.hits()).singleElement().satisfies(h -> {
            assertThat(h.connectionId()).isEqualTo(3);
            assertThat(h.session().serverIp()).isEqualTo("192.0.2.99");
            assertThat(h.session().connectionId()).isEqualTo(2);
        });
    }

    @Test
    void tls13SessionIdEchoIsNotASession() {
        SessionTracker t = new SessionTracker(100);
        t.observe(Hs.conn(1).at(0).offer(TLS13).session(SID).serverHello(TLS13, 0x1301, SID).established(TLS13, 0x1301).build());
        t.observe(Hs.conn(2).at(1).session(SID).suites(Hs.RSA_AES128_SHA).build());
        assertThat(t.hits()).isEmpty();
        assertThat(t.size()).isZero();
    }

    @Test
    void capEvictsTheLeastRecentlyUsedAndCountsIt() {
        SessionTracker t = new SessionTracker(2);
        t.observe(Hs.conn(1).at(0).serverHello(TLS12, 0xc02f, "aa").established(TLS12, 0xc02f).build());
        t.observe(Hs.conn(2).at(1).serverHello(TLS12, 0xc02f, "bb").established(TLS12, 0xc02f).build());
        t.observe(Hs.conn(3).at(2).serverHello(TLS12, 0xc02f, "cc").established(TLS12, 0xc02f).build());
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.evicted()).isEqualTo(1);
        t.observe(Hs.conn(4).at(3).session("aa").suites(Hs.RSA_AES128_SHA).build()); // evicted: not known any more
        t.observe(Hs.conn(5).at(4).session("cc").suites(Hs.RSA_AES128_SHA).build());
        assertThat(t.hits()).extracting(MissingCipherHit::connectionId).containsExactly(5L);
    }
}
