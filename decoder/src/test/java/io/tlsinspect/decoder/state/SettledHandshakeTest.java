package io.tlsinspect.decoder.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.TestConnection;
import io.tlsinspect.decoder.model.Outcome;
import org.junit.jupiter.api.Test;

class SettledHandshakeTest {
    /** The client's first bytes are not TLS framing: decided not_tls at once (DESIGN §4). */
    private static HandshakeTracker notTls(DecoderStats stats) {
        HandshakeTracker t = new HandshakeTracker(false, stats, new Interner());
        t.onFramingError(TestConnection.C, "not TLS", true, 1);
        return t;
    }

    @Test
    void settledFactsAreTheFactsTheTrackerGivesAtClose() {
        DecoderStats stats = new DecoderStats();
        HandshakeFacts atClose = notTls(stats).finish(TestConnection.established(), EndReason.CLOSED, 2);
        HandshakeFacts settled = notTls(stats).settle();
        assertThat(atClose.outcome()).isEqualTo(Outcome.NOT_TLS);
        assertThat(settled).isEqualTo(atClose);
    }

    @Test
    void anInternalErrorAfterSettlingAddsItsNoteLast() {
        DecoderStats stats = new DecoderStats();
        HandshakeTracker expected = notTls(stats);
        expected.internalError(new IllegalStateException("boom"));
        HandshakeFacts f = SettledHandshake.afterInternalError(notTls(stats).settle(), new IllegalStateException("boom"));
        assertThat(f.notes()).hasSize(2).last().asString().contains("boom");
        assertThat(f).isEqualTo(expected.finish(TestConnection.established(), EndReason.CLOSED, 2));
    }

    @Test
    void aNoteAddedToFixedNotesIsCappedAsTheDecisionCapsIt() {
        for (int n = 0; n <= Decision.MAX_NOTES + 3; n++) {
            Decision d = new Decision();
            for (int i = 0; i < n; i++) {
                d.note("note " + i);
            }
            java.util.List<String> before = d.notes();
            d.note("late");
            assertThat(Decision.withNote(before, "late")).as("%d notes before", n).isEqualTo(d.notes());
        }
    }

    @Test
    void onlyADecidedHandshakeSettles() {
        HandshakeTracker t = new HandshakeTracker(false, new DecoderStats(), new Interner());
        org.assertj.core.api.Assertions.assertThatThrownBy(t::settle).isInstanceOf(IllegalStateException.class);
    }
}
