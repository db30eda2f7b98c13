package io.tlsinspect.decoder.state;

import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.DecoderStats;

/**
 * A decided connection's handshake while the connection lives on (its FINs seen, it waits out the
 * flow table's linger time: most open connections of a busy capture). The first decisive event wins
 * (DESIGN §4) and every TLS event after it is ignored, and once decided neither direction is decoded
 * again, so the facts are fixed: only an internal error can still add a note. Keeping these instead of
 * the {@link HandshakeTracker} lets its dozen rule objects go, which the young collections otherwise
 * copied for every lingering connection.
 */
public final class SettledHandshake {
    private HandshakeFacts facts;
    private final DecoderStats stats;

    SettledHandshake(HandshakeFacts facts, DecoderStats stats) {
        this.facts = facts;
        this.stats = stats;
    }

    /** A gap in either stream: counted, as the tracker counts it; a decided connection takes no note. */
    public void onGap() {
        stats.count(Counter.STREAM_GAPS);
    }

    /** As {@link HandshakeTracker#internalError}: decoding has stopped already, the note is kept. */
    public void internalError(RuntimeException e) {
        HandshakeFacts f = facts;
        facts = new HandshakeFacts(f.outcome(), f.inferred(),
                Decision.withNote(f.notes(), HandshakeTracker.internalErrorNote(e)), f.alerts(), f.decisiveAlert(),
                f.clientHello(), f.serverHello(), f.helloRetry(), f.certificate(), f.resumed(), f.keyExchangeGroup(),
                f.history(), f.heartbeats());
    }

    /** The facts at close: those of settling, with any note added since. */
    public HandshakeFacts finish() {
        return facts;
    }
}
