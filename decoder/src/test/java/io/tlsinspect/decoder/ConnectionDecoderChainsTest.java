package io.tlsinspect.decoder;

import static io.tlsinspect.decoder.TestConnection.C;
import static io.tlsinspect.decoder.TestConnection.S;
import static io.tlsinspect.decoder.TlsBytes.alert;
import static io.tlsinspect.decoder.TlsBytes.opaque;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import org.junit.jupiter.api.Test;

/**
 * A direction's decoder chain is made at its first TLS bytes and let go once it stops; a decided
 * connection keeps none while it lingers, and what it reports is unchanged by what comes after.
 */
class ConnectionDecoderChainsTest {
    private static ConnectionDecoder decoder(TestConnection c) {
        return (ConnectionDecoder) c.listener();
    }

    @Test
    void theServerChainIsMadeAtTheServersFirstBytes() {
        TestConnection c = TestConnection.established();
        assertThat(decoder(c).chainsHeld()).isZero();
        c.data(C, OutcomeTaxonomyTest.clientHello());
        assertThat(decoder(c).chainsHeld()).isEqualTo(1);
        c.data(S, OutcomeTaxonomyTest.serverFlight12());
        assertThat(decoder(c).chainsHeld()).isEqualTo(2);
    }

    @Test
    void aConnectionDecidedByAnAlertKeepsNoChainAndIgnoresWhatFollows() {
        TestConnection c = TestConnection.established();
        c.data(C, OutcomeTaxonomyTest.clientHello()).data(S, alert(2, 40)); // RFC 5246 §7.2: handshake_failure
        assertThat(decoder(c).chainsHeld()).isZero();
        assertThat(c.wants(S)).isFalse();
        // After the decision: more bytes each way, a gap, the FINs. None is decoded; the gap is counted.
        c.data(C, opaque(23, 40)).data(S, alert(2, 80)).gap(C, 100).fin(C).fin(S);
        assertThat(decoder(c).chainsHeld()).isZero();
        HandshakeRecord r = c.close();
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(r.decisiveAlert().description()).isEqualTo("handshake_failure");
        assertThat(r.alerts()).hasSize(1); // the second alert came after the decision
        assertThat(r.notes()).noneMatch(n -> n.contains("gap"));
        assertThat(c.stats.get(Counter.STREAM_GAPS)).isEqualTo(1);
    }

    @Test
    void aConnectionDecidedByAResetKeepsNoChain() {
        TestConnection c = TestConnection.established();
        c.data(C, OutcomeTaxonomyTest.clientHello()).rst(S);
        assertThat(decoder(c).chainsHeld()).isZero();
        c.data(C, opaque(23, 40));
        assertThat(c.close().outcome()).isEqualTo(Outcome.SERVER_RESET);
    }
}
