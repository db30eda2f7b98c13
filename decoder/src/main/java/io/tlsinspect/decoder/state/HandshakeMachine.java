package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.DecoderStats;

/**
 * One connection's walk through the {@link TransitionTable}. Every event goes into the history, then
 * the table says where it leads; an event the table has no transition for is counted and noted
 * (never thrown) and leaves the state as it was. Each new state is reported to {@link Completion}.
 */
final class HandshakeMachine {
    private static final int MAX_INVALID_NOTES = 3;

    private final TransitionTable table = TransitionTable.standard();
    private final History history;
    private final Decision decision;
    private final DecoderStats stats;
    private final Completion completion;
    private HandshakeState state = HandshakeState.START;
    private boolean abbreviated;
    private int invalidTransitions;

    HandshakeMachine(History history, Decision decision, DecoderStats stats, Completion completion) {
        this.history = history;
        this.decision = decision;
        this.stats = stats;
        this.completion = completion;
    }

    /** As made (a pooled tracker's, see {@link HandshakeTracker#restart}). */
    void reset() {
        state = HandshakeState.START;
        abbreviated = false;
        invalidTransitions = 0;
    }

    HandshakeState state() {
        return state;
    }

    /**
     * The table went through the abbreviated handshake of a resumed session (RFC 5246 §7.3 Figure 2):
     * the server's ChangeCipherSpec straight after its ServerHello or NewSessionTicket.
     */
    boolean abbreviated() {
        return abbreviated;
    }

    void step(Direction dir, HandshakeEvent e, long ts) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        history.add(e, client);
        HandshakeState next = table.next(state, client, e);
        if (next == null) {
            stats.count(Counter.INVALID_TRANSITIONS);
            if (++invalidTransitions <= MAX_INVALID_NOTES) {
                decision.note("unexpected " + dir.sender() + " " + e.name().toLowerCase()
                        + " in state " + state.name().toLowerCase());
            }
            return;
        }
        state = next;
        abbreviated |= next == HandshakeState.RESUMED_SERVER_CHANGE_CIPHER_SPEC;
        completion.onState(state, ts);
    }
}
