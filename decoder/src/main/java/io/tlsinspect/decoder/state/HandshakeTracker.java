package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.tls.TlsEvents;
import io.tlsinspect.decoder.tls.handshake.HandshakeMessage;
import io.tlsinspect.decoder.tls.handshake.MessageParser;
import io.tlsinspect.decoder.tls.handshake.Sslv2ClientHelloParser;
import java.util.List;
import org.bouncycastle.tls.ContentType;

/**
 * One connection's handshake as seen from both directions. It routes each event to the class that
 * owns it and decides nothing itself; the outcome (DESIGN §4) is decided once, by the first decisive
 * event, in exactly one class per outcome:
 * <ul>
 *   <li>{@link StreamStart}: {@code not_tls}, {@code mid_stream};</li>
 *   <li>{@link Completion}: {@code established} (from the {@link TransitionTable}, which
 *       {@link HandshakeMachine} walks, or from application data both ways);</li>
 *   <li>{@link AlertRules}: {@code server_alert}, {@code client_alert} (TLS 1.3 alerts recognised by
 *       {@link Tls13Inference}, TLS <= 1.2 encrypted ones by {@link Tls12Records});</li>
 *   <li>{@link CloseRules}: every outcome decided by FIN, RST or the close.</li>
 * </ul>
 * {@link MessageEvents} turns messages into the table's events and keeps the hellos. At close,
 * {@link #finish} gives the immutable {@link HandshakeFacts}.
 */
public final class HandshakeTracker implements TlsEvents {
    private final DecoderStats stats;
    private final Decision decision = new Decision();
    private final History history = new History();
    private final OpenDirections open = new OpenDirections();
    private final StreamStart start;
    private final MessageEvents messages;
    private final AlertRules alerts;
    private final HandshakeMachine machine;
    /**
     * Made at their first event (each starts from nothing, and only it changes its state): the rules of
     * one TLS version at its first protected record or ChangeCipherSpec, the close rules at the first FIN
     * or RST or at the close. A connection decided before it ends (most) never makes the close rules, and
     * one of TLS 1.2 never makes TLS 1.3's: three objects fewer to allocate per connection.
     */
    private Tls12Records tls12;
    private Tls13Inference tls13;
    private CloseRules close;
    /** Made at the first SSL 2.0 record, the counter at the first heartbeat: most connections have neither. */
    private Sslv2Session sslv2;
    private HeartbeatCounter heartbeats;
    private final Completion completion;
    private final Interner interner;

    public HandshakeTracker(boolean midStream, DecoderStats stats) {
        this(midStream, stats, new Interner());
    }

    public HandshakeTracker(boolean midStream, DecoderStats stats, Interner interner) {
        this.stats = stats;
        this.interner = interner;
        this.start = new StreamStart(midStream, decision, open, stats);
        this.messages = new MessageEvents(decision, stats, interner);
        this.alerts = new AlertRules(decision, history, stats, start);
        Completion completion = new Completion(decision, start, messages);
        this.completion = completion;
        this.machine = new HandshakeMachine(history, decision, stats, completion);
    }

    /**
     * As made with {@code midStream}, for another connection ({@link TrackerPool}): every part reset to
     * what its constructor leaves. The version and close rules, once made, are kept and reset too (a
     * reset one acts as a new one, and most connections make them); the rare SSL 2.0 session and
     * heartbeat counter are dropped. Safe once the facts are taken: they copy or share only immutable
     * values.
     */
    void restart(boolean midStream) {
        decision.reset();
        history.reset();
        open.reset();
        start.reset(midStream);
        messages.reset();
        alerts.reset();
        machine.reset();
        completion.reset();
        if (tls12 != null) {
            tls12.reset();
        }
        if (tls13 != null) {
            tls13.reset();
        }
        if (close != null) {
            close.reset();
        }
        sslv2 = null;
        heartbeats = null;
    }

    private Tls12Records tls12() {
        if (tls12 == null) {
            tls12 = new Tls12Records(messages, machine, alerts, completion);
        }
        return tls12;
    }

    private Tls13Inference tls13() {
        if (tls13 == null) {
            tls13 = new Tls13Inference(messages, machine, alerts, decision);
        }
        return tls13;
    }

    private CloseRules close() {
        if (close == null) {
            close = new CloseRules(decision, start, tls13(), tls12());
        }
        return close;
    }

    /** The client's first frame was an SSLv2-format hello: the server may answer in SSL 2.0. */
    public boolean sslv2Hello() {
        return messages.clientHello() != null && messages.clientHello().sslv2Format();
    }

    /** The server answered with an SSL 2.0 SERVER-HELLO: the client's later frames are SSL 2.0 records. */
    public boolean sslv2Session() {
        return sslv2 != null && sslv2.started();
    }

    public boolean decided() {
        return decision.decided();
    }

    /** True while bytes of this direction can still change the result. */
    public boolean wants(Direction dir) {
        return !decision.decided() && !open.stopped(dir);
    }

    public HandshakeState state() {
        return machine.state();
    }

    /** The notes so far (what was inferred, skipped or unexpected). */
    List<String> notes() {
        return decision.notes();
    }

    // ---- bytes, before the record layer sees them -------------------------------------------

    /**
     * Counts a delivery and judges the first bytes of each side ({@link StreamStart}).
     *
     * @return whether the bytes should be decoded
     */
    public boolean accept(Direction dir, long streamOffset, byte[] b, int off, int len, long ts) {
        return start.accept(dir, streamOffset, b, off, len, ts) && !open.stopped(dir);
    }

    // ---- TCP events ---------------------------------------------------------------------------

    /** A gap in one stream (counted in stream_gaps by the connection's decoder, which is told of every gap). */
    public void onGap(Direction dir, long offset, long length, long ts) {
        open.stop(dir);
        if (!decision.decided()) {
            decision.note(dir.sender() + " stream has a gap of " + length + " bytes at offset " + offset
                    + "; its later records were not decoded");
        }
    }

    /** A FIN or RST from one side, as the flow table delivers it. */
    public void onTcpEnd(Direction dir, boolean rst, long ts, long serverPayloadBytes) {
        close().onTcpEnd(dir, rst, ts, serverPayloadBytes);
    }

    /** An unexpected exception at the listener boundary: stop decoding, keep the TCP view. */
    public void internalError(RuntimeException e) {
        open.stopBoth();
        decision.note(internalErrorNote(e));
    }

    static String internalErrorNote(RuntimeException e) {
        return "decoder error, decoding stopped: " + e;
    }

    /** The connection is over: decides what is still open ({@link CloseRules}) and fixes the facts. */
    public HandshakeFacts finish(ConnectionInfo info, EndReason reason, long ts) {
        close().atClose(info, reason, ts);
        return facts();
    }

    /**
     * Once decided, and with neither direction decoded any more (the caller stops both): the facts as
     * {@link #finish} will give them (kept by the caller under the rules of {@link SettledHandshake}), since no rule decides or records anything after the decision, and
     * the close rules judge only what is undecided.
     */
    public HandshakeFacts settle() {
        if (!decision.decided()) {
            throw new IllegalStateException("not decided");
        }
        open.stopBoth();
        return facts();
    }

    private HandshakeFacts facts() {
        return new HandshakeFacts(decision.outcome(), decision.inferred(), decision.notes(interner), alerts.alerts(),
                alerts.decisiveAlert(), messages.clientHello(), messages.serverHelloOrRetry(), messages.helloRetry(),
                messages.certificate(), messages.resumed(machine.abbreviated()), messages.keyExchangeGroup(),
                history.text(interner), heartbeats == null ? null : heartbeats.result());
    }

    // ---- TLS events ---------------------------------------------------------------------------

    @Override
    public void onRecord(Direction dir, int contentType, int version, int length, long ts) {
        start.onRecord(dir, contentType, ts);
    }

    @Override
    public void onSslv2ClientHello(Direction dir, byte[] b, int off, int len, long ts) {
        if (decision.decided()) {
            return;
        }
        start.onSslv2Hello();
        handle(dir, Sslv2ClientHelloParser.parse(b, off, len), ts);
    }

    @Override
    public void onHeartbeat(Direction dir, boolean encrypted, byte[] b, int off, int len, long ts) {
        boolean complete = machine.state() == HandshakeState.ESTABLISHED || completion.awaitingFirstRecord()
                || decision.outcome() == io.tlsinspect.decoder.model.Outcome.ESTABLISHED;
        if (heartbeats == null) {
            heartbeats = new HeartbeatCounter();
        }
        heartbeats.onHeartbeat(dir, encrypted, b, off, len, complete);
        if (!complete) {
            decision.note(dir.sender() + " sent a heartbeat (RFC 6520) before the handshake completed"
                    + (encrypted || len < 3 ? "" : ": type " + (b[off] & 0xff) + ", payload_length "
                    + (((b[off + 1] & 0xff) << 8) | (b[off + 2] & 0xff)) + " in a " + len + "-byte record"));
        }
        onProtectedRecord(dir, org.bouncycastle.tls.ContentType.heartbeat, len, ts);
    }

    @Override
    public void onSslv2Record(Direction dir, byte[] b, int off, int len, long ts) {
        if (decision.decided()) {
            return;
        }
        if (sslv2 == null) {
            sslv2 = new Sslv2Session(messages, alerts, completion, history, decision, stats);
        }
        sslv2.onRecord(dir, b, off, len, ts);
    }

    @Override
    public void onHandshakeMessage(Direction dir, int type, byte[] b, int off, int len, int recordVersion, long ts) {
        if (decision.decided()) {
            return;
        }
        boolean atStart = messages.clientHellos() == 0 && machine.state() == HandshakeState.START;
        if (start.notAClientHello(dir, type, atStart, ts)) {
            return;
        }
        ClientHelloInfo hello = messages.clientHello();
        handle(dir, MessageParser.parse(type, b, off, len, recordVersion, messages.keyExchange(),
                hello == null ? null : hello.sessionId()), ts);
    }

    @Override
    public void onOversizedMessage(Direction dir, int type, int claimedLength, long ts) {
        if (decision.decided()) {
            return;
        }
        decision.note(dir.sender() + " handshake message type " + type + " claims " + claimedLength
                + " bytes, more than the buffer cap: skipped");
        handle(dir, new HandshakeMessage.Oversized(type, claimedLength), ts);
    }

    private void handle(Direction dir, HandshakeMessage m, long ts) {
        machine.step(dir, messages.eventOf(dir, m), ts);
    }

    @Override
    public boolean onChangeCipherSpec(Direction dir, long ts) {
        if (decision.decided()) {
            return false;
        }
        return tls12().onChangeCipherSpec(dir, ts);
    }

    @Override
    public void onAlert(Direction dir, int level, int description, long ts) {
        if (decision.decided()) {
            return;
        }
        alerts.plaintext(dir, level, description, ts);
    }

    @Override
    public void onProtectedRecord(Direction dir, int contentType, int length, long ts) {
        if (decision.decided()) {
            return;
        }
        if (contentType == ContentType.heartbeat) {
            machine.step(dir, HandshakeEvent.HEARTBEAT, ts);
        } else if (messages.tls13()) {
            tls13().onProtectedRecord(dir, contentType, length, ts);
        } else {
            tls12().onProtectedRecord(dir, contentType, length, ts);
        }
    }

    @Override
    public void onUnusableRecord(Direction dir, String reason, long ts) {
        decision.note(dir.sender() + ": " + reason);
    }

    @Override
    public void onFramingError(Direction dir, String reason, boolean atStreamStart, long ts) {
        open.stop(dir);
        if (decision.decided()) {
            return;
        }
        history.add(HandshakeEvent.MALFORMED, dir == Direction.CLIENT_TO_SERVER);
        if (!start.framingErrorAtStart(dir, reason, atStreamStart, ts)) {
            decision.note(dir.sender() + " stream is no longer TLS-framed: " + reason);
        }
    }
}
