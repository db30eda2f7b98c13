package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.model.Outcome;

/**
 * DESIGN §4 row {@code established}, the only place that decides it: the {@link TransitionTable}
 * reached ESTABLISHED (both Finished seen; in TLS 1.3 the client's inferred by
 * {@link Tls13Inference}), or, in TLS <= 1.2, application data went both ways after each side's
 * ChangeCipherSpec, which shows a completed handshake even where the table lost the order (marked
 * inferred).
 */
final class Completion {
    private final Decision decision;
    private final StreamStart start;
    private final boolean[] dataAfterCcs = new boolean[2];

    Completion(Decision decision, StreamStart start) {
        this.decision = decision;
        this.start = start;
    }

    /** The table moved to {@code state}. */
    void onState(HandshakeState state, long ts) {
        if (state == HandshakeState.ESTABLISHED && start.handshakeStarted()) {
            decision.decide(Outcome.ESTABLISHED, ts, null);
        }
    }

    /** TLS <= 1.2 application data, after the table took it. */
    void onApplicationData(Direction dir, boolean afterOwnChangeCipherSpec, long ts) {
        if (afterOwnChangeCipherSpec) {
            dataAfterCcs[dir.ordinal()] = true;
        }
        if (dataAfterCcs[0] && dataAfterCcs[1] && !decision.decided() && start.handshakeStarted()) {
            decision.markInferred();
            decision.decide(Outcome.ESTABLISHED, ts, "established: application data both ways after ChangeCipherSpec");
        }
    }
}
