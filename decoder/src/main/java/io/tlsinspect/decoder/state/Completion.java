package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.model.Outcome;

/**
 * DESIGN §4 row {@code established}, the only place that decides it: the {@link TransitionTable}
 * reached ESTABLISHED (both Finished seen; in TLS 1.3 the client's inferred by
 * {@link Tls13Inference}), or, in TLS <= 1.2, application data went both ways after each side's
 * ChangeCipherSpec, which shows a completed handshake even where the table lost the order (marked
 * inferred).
 *
 * <p>In TLS <= 1.2 both Finished do not decide at once: a client that rejects the certificate after
 * the handshake (Firefox does, over TLS 1.2) sends an alert right after the server's Finished. The
 * outcome waits for the first record or close after the handshake ({@link Tls12Records} judges an
 * alert there); application data, a close without an alert, or the end confirm {@code established}
 * at the time both Finished were seen.
 */
final class Completion {
    private final Decision decision;
    private final StreamStart start;
    private final MessageEvents messages;
    /** One bit per direction ordinal (a field, not an array). */
    private int dataAfterCcs;
    private long completedTs = -1;

    Completion(Decision decision, StreamStart start, MessageEvents messages) {
        this.decision = decision;
        this.start = start;
        this.messages = messages;
    }

    /** As made (a pooled tracker's, see {@link HandshakeTracker#restart}). */
    void reset() {
        dataAfterCcs = 0;
        completedTs = -1;
    }

    /** The table moved to {@code state}. */
    void onState(HandshakeState state, long ts) {
        if (state == HandshakeState.ESTABLISHED && start.handshakeStarted()) {
            if (messages.mayBeTls13()) {
                decision.decide(Outcome.ESTABLISHED, ts, null);
            } else if (completedTs < 0) {
                completedTs = ts;
            }
        }
    }

    /** TLS <= 1.2: both Finished were seen, and nothing after them decided yet. */
    boolean awaitingFirstRecord() {
        return completedTs >= 0 && !decision.decided();
    }

    /** TLS <= 1.2: what followed the handshake was no rejection: established, when both Finished were seen. */
    void confirm() {
        if (awaitingFirstRecord()) {
            decision.decide(Outcome.ESTABLISHED, completedTs, null);
        }
    }

    /** TLS <= 1.2 application data, after the table took it. */
    void onApplicationData(Direction dir, boolean afterOwnChangeCipherSpec, long ts) {
        confirm();
        if (afterOwnChangeCipherSpec) {
            dataAfterCcs |= 1 << dir.ordinal();
        }
        if (dataAfterCcs == 3 && !decision.decided() && start.handshakeStarted()) {
            decision.markInferred();
            decision.decide(Outcome.ESTABLISHED, ts, "established: application data both ways after ChangeCipherSpec");
        }
    }

    /**
     * SSL 2.0: encrypted records went both ways after the session keys were set (the client's
     * CLIENT-FINISHED, the server's SERVER-VERIFY, which a server sends only once it has the master
     * key: SSL 2.0 spec §2.2, §2.6). The messages are encrypted, so this is inferred.
     */
    void sslv2Established(long ts) {
        decision.markInferred();
        decision.decide(Outcome.ESTABLISHED, ts,
                "established (SSL 2.0): encrypted records both ways after the session keys were set (inferred)");
    }
}
