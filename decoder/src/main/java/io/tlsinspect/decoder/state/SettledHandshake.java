package io.tlsinspect.decoder.state;


/**
 * A decided connection's handshake while the connection lives on (its FINs seen, it waits out the
 * flow table's linger time: most open connections of a busy capture). The first decisive event wins
 * (DESIGN §4) and every TLS event after it is ignored, and once decided neither direction is decoded
 * again, so the facts are fixed ({@link HandshakeTracker#settle}): only an internal error can still add
 * a note. Keeping the facts instead of the {@link HandshakeTracker} lets its dozen rule objects go,
 * which the young collections otherwise copied for every lingering connection; the rules here are
 * static so that a settled connection holds its facts alone, not one more object around them (issue 9).
 */
public final class SettledHandshake {
    private SettledHandshake() {
    }

    /** As {@link HandshakeTracker#internalError}: decoding has stopped already, the note is kept. */
    public static HandshakeFacts afterInternalError(HandshakeFacts f, RuntimeException e) {
        return new HandshakeFacts(f.outcome(), f.inferred(),
                Decision.withNote(f.notes(), HandshakeTracker.internalErrorNote(e)), f.alerts(), f.decisiveAlert(),
                f.clientHello(), f.serverHello(), f.helloRetry(), f.certificate(), f.resumed(), f.keyExchangeGroup(),
                f.history(), f.heartbeats());
    }
}
