package io.tlsinspect.decoder.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.TestConnection;
import io.tlsinspect.decoder.model.Outcome;
import org.junit.jupiter.api.Test;

/** Issue 9: a tracker given back after its connection serves the next one exactly as a new tracker would. */
class TrackerPoolTest {
    /** A second connection: the client's first bytes are not TLS framing (DESIGN §4: not_tls). */
    private static HandshakeFacts notTls(HandshakeTracker t) {
        t.onFramingError(TestConnection.C, "not TLS", true, 5);
        return t.finish(TestConnection.established(), EndReason.CLOSED, 6);
    }

    @Test
    void aReusedTrackerGivesTheFactsOfANewOne() {
        DecoderStats stats = new DecoderStats();
        Interner interner = new Interner();
        TrackerPool pool = new TrackerPool(stats, interner);
        HandshakeTracker first = pool.take(true);
        // Leave something in most parts: a heartbeat (notes, the lazy counter), a ChangeCipherSpec, a gap
        // (open directions), a framing error (history), the close rules (the decision).
        first.onHeartbeat(TestConnection.C, false, new byte[] {1, 0, 16}, 0, 3, 1);
        first.onChangeCipherSpec(TestConnection.C, 2); // the TLS <= 1.2 rules, made at their first event
        first.onGap(TestConnection.S, 0, 10, 2);
        first.onFramingError(TestConnection.C, "junk", false, 3);
        assertThat(first.finish(TestConnection.established(), EndReason.CLOSED, 4).notes()).hasSizeGreaterThan(1);
        pool.give(first);
        assertThat(pool.kept()).isEqualTo(1);

        HandshakeTracker reused = pool.take(false);
        assertThat(reused).isSameAs(first);
        assertThat(reused.decided()).isFalse();
        HandshakeFacts again = notTls(reused);
        HandshakeFacts fresh = notTls(new HandshakeTracker(false, new DecoderStats(), interner));
        assertThat(fresh.outcome()).isEqualTo(Outcome.NOT_TLS);
        assertThat(again).isEqualTo(fresh);
    }

    @Test
    void keepsAtMostItsBound() {
        TrackerPool pool = new TrackerPool(new DecoderStats(), new Interner());
        HandshakeTracker[] taken = new HandshakeTracker[TrackerPool.KEEP + 5];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = pool.take(false);
        }
        for (HandshakeTracker t : taken) {
            pool.give(t);
        }
        assertThat(pool.kept()).isEqualTo(TrackerPool.KEEP);
    }
}
