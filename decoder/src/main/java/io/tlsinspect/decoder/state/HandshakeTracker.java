package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.decoder.names.TlsNames;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;
import io.tlsinspect.decoder.tls.RecordFraming;
import io.tlsinspect.decoder.tls.TlsEvents;
import io.tlsinspect.decoder.tls.handshake.HandshakeMessage;
import io.tlsinspect.decoder.tls.handshake.MessageParser;
import io.tlsinspect.decoder.tls.handshake.ServerKeyExchangeParser.KeyExchange;
import io.tlsinspect.decoder.tls.handshake.Sslv2ClientHelloParser;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's handshake as seen from both directions: feeds the {@link TransitionTable},
 * keeps what the result needs (hellos, certificate, alerts, history) and decides the outcome at the
 * first decisive TLS or TCP event (DESIGN §4). Close-time rules for connections that never reached
 * a decisive event are in {@link CloseRules}.
 */
public final class HandshakeTracker implements TlsEvents {
    private static final int MAX_ALERTS = 8;
    private static final int MAX_INVALID_NOTES = 3;

    private final TransitionTable table = TransitionTable.standard();
    private final DecoderStats stats;
    private final boolean midStream;
    final Decision decision = new Decision();
    final History history = new History();
    final List<AlertEvent> alerts = new ArrayList<>(2);
    private HandshakeState state = HandshakeState.START;
    /**
     * TLS 1.3: the client's first protected record after the server's flight was shorter than a
     * Finished but not exactly alert-sized: a padded alert (JSSE pads its alerts to 35 bytes) or a
     * client Certificate. What comes next tells: another client record means a certificate; the
     * connection ending means it was an alert. -1 when nothing is pending.
     */
    private int pendingShortClientRecord = -1;
    /** TLS <= 1.2: the named curve of an ECDHE ServerKeyExchange (RFC 8422 §5.4), or null. */
    Integer serverKeyExchangeGroup;
    private long pendingShortClientTs;

    ClientHelloInfo clientHello;
    ServerHelloInfo serverHello;
    ServerHelloInfo helloRetry;
    CertificateInfo certificate;
    boolean pskAccepted;
    boolean abbreviated;
    private int clientHellos;

    long clientBytes;
    long serverBytes;
    /** The client's stream starts with a TLS handshake record or an SSLv2-format hello. */
    boolean handshakeStarted;
    private boolean clientJudged;
    private boolean clientRecordSeen;
    private final boolean[] directionDone = new boolean[2];
    private boolean clientCcs;
    private boolean serverCcs;
    private boolean clientFinished;
    private boolean serverFinished;
    private boolean clientDataAfterCcs;
    private boolean serverDataAfterCcs;
    private int invalidTransitions;

    private final Interner interner;

    public HandshakeTracker(boolean midStream, DecoderStats stats) {
        this(midStream, stats, new Interner());
    }

    public HandshakeTracker(boolean midStream, DecoderStats stats, Interner interner) {
        this.interner = interner;
        this.midStream = midStream;
        this.stats = stats;
    }

    public boolean decided() {
        return decision.decided();
    }

    /** True while bytes of this direction can still change the result. */
    public boolean wants(Direction dir) {
        return !decision.decided() && !directionDone[dir.ordinal()];
    }

    public HandshakeState state() {
        return state;
    }

    private boolean tls13() {
        return serverHello != null && serverHello.version() == TlsVersion.TLS13;
    }

    private int cipher() {
        return serverHello != null ? serverHello.cipher() : helloRetry != null ? helloRetry.cipher() : -1;
    }

    // ---- bytes, before the record layer sees them -------------------------------------------

    /**
     * Counts a delivery and judges the client's first bytes (DESIGN §4 rows mid_stream and not_tls).
     *
     * @return whether the bytes should be decoded
     */
    public boolean accept(Direction dir, long streamOffset, byte[] b, int off, int len, long ts) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        if (client) {
            clientBytes += len;
        } else {
            serverBytes += len;
        }
        if (decision.decided()) {
            return false;
        }
        if (!client) {
            if (midStream && !clientJudged) {
                // A fresh TLS handshake always starts with the client: server bytes first mean we
                // joined an existing conversation.
                decision.decide(Outcome.MID_STREAM, ts,
                        "connection began before the capture and the server spoke first");
                return false;
            }
            return !directionDone[dir.ordinal()];
        }
        if (!clientJudged) {
            clientJudged = true;
            if (midStream && !looksLikeHelloStart(b, off, len)) {
                decision.decide(Outcome.MID_STREAM, ts,
                        "connection began before the capture; the client's first bytes are not a ClientHello");
                return false;
            }
            if (!midStream && streamOffset > 0) {
                decision.note("client stream begins at offset " + streamOffset + " (bytes missing): "
                        + "the ClientHello was not captured");
                handshakeStarted = true;
                directionDone[dir.ordinal()] = true;
                return false;
            }
        }
        return !directionDone[dir.ordinal()];
    }

    private static boolean looksLikeHelloStart(byte[] b, int off, int len) {
        if (len > 0 && (b[off] & 0x80) != 0) {
            return RecordFraming.looksSslv2Hello(b, off, len);
        }
        // RFC 8446 §5.1 / §4: handshake record (22), version 3.x, first message client_hello (1).
        return len > 0 && b[off] == ContentType.handshake && (len < 2 || b[off + 1] == 3)
                && (len < 6 || b[off + 5] == HandshakeType.client_hello);
    }

    // ---- TCP events ---------------------------------------------------------------------------

    public void onGap(Direction dir, long offset, long length, long ts) {
        stats.streamGap();
        directionDone[dir.ordinal()] = true;
        if (!decision.decided()) {
            decision.note(dir.sender() + " stream has a gap of " + length + " bytes at offset " + offset
                    + "; its later records were not decoded");
        }
    }

    /** A FIN or RST from one side (DESIGN §4 rows server_reset, server_closed, no_server_response, client_abandoned). */
    public void onTcpEnd(Direction dir, boolean rst, long ts, long serverPayloadBytes) {
        if (pendingShortClientRecord >= 0 && !decision.decided()) {
            // Nothing followed the short record before the connection ended: it was the client's alert.
            int len = pendingShortClientRecord;
            pendingShortClientRecord = -1;
            inferredAlert(Direction.CLIENT_TO_SERVER, len, pendingShortClientTs);
        }
        if (decision.decided() || !handshakeStarted) {
            return;
        }
        String what = rst ? "RST" : "FIN";
        if (dir == Direction.SERVER_TO_CLIENT) {
            decision.decide(rst ? Outcome.SERVER_RESET : Outcome.SERVER_CLOSED, ts,
                    "server sent " + what + " before the handshake completed, with no alert");
        } else if (serverBytes == 0 && serverPayloadBytes == 0) {
            decision.decide(Outcome.NO_SERVER_RESPONSE, ts,
                    "client sent " + what + " after its ClientHello; the server sent nothing");
        } else {
            decision.decide(Outcome.CLIENT_ABANDONED, ts,
                    "client sent " + what + " after the server's flight, with no alert");
        }
    }

    /** An unexpected exception at the listener boundary: stop decoding, keep the TCP view. */
    public void internalError(RuntimeException e) {
        directionDone[0] = true;
        directionDone[1] = true;
        decision.note("decoder error, decoding stopped: " + e);
    }

    // ---- TLS events ---------------------------------------------------------------------------

    @Override
    public void onRecord(Direction dir, int contentType, int version, int length, long ts) {
        if (dir != Direction.CLIENT_TO_SERVER || clientRecordSeen) {
            return;
        }
        clientRecordSeen = true;
        if (decision.decided() || handshakeStarted) {
            return;
        }
        if (contentType != ContentType.handshake) {
            notTls(ts, "the client's first record is " + ContentType.getName((short) contentType) + ", not a handshake");
            return;
        }
        startHandshake();
    }

    private void startHandshake() {
        handshakeStarted = true;
        stats.tlsConnection();
    }

    private void notTls(long ts, String why) {
        directionDone[0] = true;
        directionDone[1] = true;
        decision.decide(midStream ? Outcome.MID_STREAM : Outcome.NOT_TLS, ts, why);
    }

    @Override
    public void onSslv2ClientHello(Direction dir, byte[] b, int off, int len, long ts) {
        if (decision.decided()) {
            return;
        }
        clientRecordSeen = true;
        startHandshake();
        stats.sslv2Hello();
        handle(dir, Sslv2ClientHelloParser.parse(b, off, len), ts);
    }

    @Override
    public void onHandshakeMessage(Direction dir, int type, byte[] b, int off, int len, int recordVersion, long ts) {
        if (decision.decided()) {
            return;
        }
        if (dir == Direction.CLIENT_TO_SERVER && clientHellos == 0 && type != HandshakeType.client_hello
                && state == HandshakeState.START) {
            notTls(ts, "the client's first handshake message is type " + type + ", not a ClientHello");
            return;
        }
        handle(dir, MessageParser.parse(type, b, off, len, recordVersion, keyExchange()), ts);
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

    private KeyExchange keyExchange() {
        if (serverHello == null) {
            return KeyExchange.OTHER;
        }
        return KeyExchange.of(serverHello.cipher());
    }

    private void handle(Direction dir, HandshakeMessage m, long ts) {
        step(dir, eventOf(dir, m), ts);
    }

    /**
     * Keeps what the result needs from one message and names its event. (Java 17 has no pattern
     * switch, hence the instanceof chain over the sealed set; the last branch is the only one left.)
     */
    private HandshakeEvent eventOf(Direction dir, HandshakeMessage m) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        if (m instanceof HandshakeMessage.ClientHello ch) {
            clientHellos++;
            if (clientHello == null) {
                clientHello = interner.intern(ch.info());
            }
            return HandshakeEvent.CLIENT_HELLO;
        }
        if (m instanceof HandshakeMessage.ServerHello sh) {
            return serverHello(sh);
        }
        if (m instanceof HandshakeMessage.Certificate c) {
            if (!client && certificate == null) {
                certificate = c.leaf();
            }
            if (c.problem() != null) {
                decision.note(dir.sender() + " Certificate: " + c.problem());
            }
            return HandshakeEvent.CERTIFICATE;
        }
        if (m instanceof HandshakeMessage.ServerKeyExchange k) {
            if (k.namedGroup() >= 0) {
                serverKeyExchangeGroup = k.namedGroup();
                decision.note("server_key_exchange group " + TlsNames.group(k.namedGroup()));
            } else if (k.dhBits() > 0) {
                decision.note("server_key_exchange DHE group of " + k.dhBits() + " bits");
            }
            return HandshakeEvent.SERVER_KEY_EXCHANGE;
        }
        if (m instanceof HandshakeMessage.Oversized o) {
            if (o.type() == HandshakeType.client_hello) {
                clientHellos++;
            }
            return simpleEvent(o.type());
        }
        if (m instanceof HandshakeMessage.Malformed mf) {
            stats.malformedMessage();
            if (mf.type() == HandshakeType.client_hello || mf.type() == HandshakeType.server_hello) {
                stats.malformedHello();
            }
            decision.note("malformed " + dir.sender() + " message: " + mf.reason());
            return HandshakeEvent.MALFORMED;
        }
        // CertificateRequest, ServerHelloDone, ClientKeyExchange, CertificateVerify, Finished,
        // NewSessionTicket, CertificateStatus, HelloRequest, Other: only their type matters here.
        return simpleEvent(m.type());
    }

    private static HandshakeEvent simpleEvent(int type) {
        return switch (type) {
            case HandshakeType.client_hello -> HandshakeEvent.CLIENT_HELLO;
            case HandshakeType.certificate -> HandshakeEvent.CERTIFICATE;
            case HandshakeType.certificate_request -> HandshakeEvent.CERTIFICATE_REQUEST;
            case HandshakeType.server_hello_done -> HandshakeEvent.SERVER_HELLO_DONE;
            case HandshakeType.client_key_exchange -> HandshakeEvent.CLIENT_KEY_EXCHANGE;
            case HandshakeType.certificate_verify -> HandshakeEvent.CERTIFICATE_VERIFY;
            case HandshakeType.finished -> HandshakeEvent.FINISHED;
            case HandshakeType.new_session_ticket -> HandshakeEvent.NEW_SESSION_TICKET;
            case HandshakeType.certificate_status -> HandshakeEvent.CERTIFICATE_STATUS;
            case HandshakeType.hello_request -> HandshakeEvent.HELLO_REQUEST;
            case HandshakeType.encrypted_extensions -> HandshakeEvent.ENCRYPTED_EXTENSIONS;
            case HandshakeType.server_key_exchange -> HandshakeEvent.SERVER_KEY_EXCHANGE;
            default -> HandshakeEvent.OTHER_HANDSHAKE;
        };
    }

    private HandshakeEvent serverHello(HandshakeMessage.ServerHello sh) {
        ServerHelloInfo info = interner.intern(sh.info());
        if (info.helloRetryRequest()) {
            helloRetry = info;
            return HandshakeEvent.HELLO_RETRY_REQUEST;
        }
        serverHello = info;
        pskAccepted = sh.pskAccepted();
        if (sh.downgradeSentinel() && info.version() != TlsVersion.TLS13) {
            decision.note("ServerHello random carries the RFC 8446 §4.1.3 downgrade sentinel");
        }
        return info.version() == TlsVersion.TLS13 ? HandshakeEvent.SERVER_HELLO_TLS13 : HandshakeEvent.SERVER_HELLO;
    }

    private void step(Direction dir, HandshakeEvent e, long ts) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        history.add(e, client);
        HandshakeState next = table.next(state, client, e);
        if (next == null) {
            stats.invalidTransition();
            if (++invalidTransitions <= MAX_INVALID_NOTES) {
                decision.note("unexpected " + dir.sender() + " " + e.name().toLowerCase()
                        + " in state " + state.name().toLowerCase());
            }
            return;
        }
        state = next;
        if (state == HandshakeState.ESTABLISHED && handshakeStarted) {
            decision.decide(Outcome.ESTABLISHED, ts, null);
        }
    }

    @Override
    public boolean onChangeCipherSpec(Direction dir, long ts) {
        if (decision.decided()) {
            return false;
        }
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        // RFC 8446 App. D.4: in TLS 1.3 a CCS is only for middleboxes and protects nothing. Before
        // the ServerHello, only a client that offered TLS 1.3 (or after a HelloRetryRequest) sends one.
        boolean tls13Flow = tls13() || helloRetry != null
                || (serverHello == null && clientHello != null && clientHello.maxVersion() >= TlsVersion.TLS13);
        if (!tls13Flow && !client && state == HandshakeState.SERVER_HELLO
                || state == HandshakeState.RESUMED_SESSION_TICKET && !client) {
            // RFC 5246 §7.3 Figure 2: the server's CCS straight after its ServerHello (or ticket)
            // is the abbreviated handshake of a resumed session.
            abbreviated = true;
        }
        step(dir, HandshakeEvent.CHANGE_CIPHER_SPEC, ts);
        if (tls13Flow) {
            return false;
        }
        if (client) {
            clientCcs = true;
        } else {
            serverCcs = true;
        }
        return true;
    }

    @Override
    public void onAlert(Direction dir, int level, int description, long ts) {
        if (decision.decided()) {
            return;
        }
        stats.plaintextAlert();
        addAlert(new AlertEvent(dir.sender(), level, TlsNames.alert(description), description, false, false, ts));
        history.add(HandshakeEvent.ALERT, dir == Direction.CLIENT_TO_SERVER);
        if (handshakeStarted && AlertRules.decisive(level, description)) {
            alertOutcome(dir, ts, (level == 2 ? "fatal" : "warning-level") + " alert "
                    + TlsNames.alert(description));
        }
    }

    private void alertOutcome(Direction dir, long ts, String why) {
        decision.decide(dir == Direction.CLIENT_TO_SERVER ? Outcome.CLIENT_ALERT : Outcome.SERVER_ALERT, ts,
                dir.sender() + " sent " + why + " before the handshake completed");
    }

    private void addAlert(AlertEvent a) {
        if (alerts.size() < MAX_ALERTS) {
            alerts.add(a);
        }
    }

    @Override
    public void onProtectedRecord(Direction dir, int contentType, int length, long ts) {
        if (decision.decided()) {
            return;
        }
        if (contentType == ContentType.heartbeat) {
            step(dir, HandshakeEvent.HEARTBEAT, ts);
            return;
        }
        if (tls13()) {
            tls13Record(dir, contentType, length, ts);
        } else {
            tls12Record(dir, contentType, length, ts);
        }
    }

    /** TLS <= 1.2: a protected record after this side's ChangeCipherSpec, or application data. */
    private void tls12Record(Direction dir, int contentType, int length, long ts) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        switch (contentType) {
            case ContentType.handshake -> {
                // RFC 5246 §7.4.9: the first message after ChangeCipherSpec is Finished, encrypted.
                boolean first = client ? !clientFinished : !serverFinished;
                if (client) {
                    clientFinished = true;
                } else {
                    serverFinished = true;
                }
                step(dir, first ? HandshakeEvent.FINISHED : HandshakeEvent.OTHER_HANDSHAKE, ts);
            }
            case ContentType.alert -> {
                stats.encryptedAlert();
                addAlert(new AlertEvent(dir.sender(), -1, null, -1, true, false, ts));
                history.add(HandshakeEvent.ALERT, client);
                if (handshakeStarted) {
                    decision.markInferred();
                    alertOutcome(dir, ts, "an encrypted alert (" + length + "-byte record, level unknown)");
                }
            }
            default -> {
                if (client && clientCcs) {
                    clientDataAfterCcs = true;
                } else if (!client && serverCcs) {
                    serverDataAfterCcs = true;
                }
                step(dir, HandshakeEvent.APPLICATION_DATA, ts);
                if (clientDataAfterCcs && serverDataAfterCcs && !decision.decided() && handshakeStarted) {
                    decision.markInferred();
                    decision.decide(Outcome.ESTABLISHED, ts,
                            "established: application data both ways after ChangeCipherSpec");
                }
            }
        }
    }

    /** TLS 1.3: protected records told apart by size and position (RFC 8446 §5.2, §4.4.4). */
    private void tls13Record(Direction dir, int contentType, int length, long ts) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        if (contentType != ContentType.application_data) {
            // RFC 8446 §5: after the ServerHello every record but CCS is application_data.
            decision.note("unexpected " + ContentType.getName((short) contentType) + " record from the " + dir.sender()
                    + " in TLS 1.3");
            step(dir, HandshakeEvent.MALFORMED, ts);
            return;
        }
        int alertSize = Tls13RecordSizes.alertRecord(cipher());
        int finishedSize = Tls13RecordSizes.finishedRecord(cipher());
        if (pendingShortClientRecord >= 0) {
            // Something followed the short client record: it was a client Certificate, not an alert.
            pendingShortClientRecord = -1;
            step(Direction.CLIENT_TO_SERVER, HandshakeEvent.CERTIFICATE, pendingShortClientTs);
        }
        boolean beforeCompletion = state == HandshakeState.TLS13_SERVER_HELLO
                || state == HandshakeState.TLS13_SERVER_FLIGHT || state == HandshakeState.TLS13_CLIENT_FLIGHT;
        if (!client && beforeCompletion && length == alertSize) {
            inferredAlert(dir, length, ts);
            return;
        }
        if (client && state == HandshakeState.TLS13_SERVER_FLIGHT) {
            // The client's first protected record after the server's flight.
            if (length == alertSize) {
                inferredAlert(dir, length, ts);
            } else if (length == finishedSize) {
                decision.markInferred();
                decision.note("established (inferred): the client's first protected record is Finished-sized ("
                        + length + " bytes)");
                step(dir, HandshakeEvent.FINISHED, ts);
            } else if (length > alertSize && length < finishedSize) {
                decision.note("the client's first protected record is " + length + " bytes, between alert-sized ("
                        + alertSize + ") and Finished-sized (" + finishedSize + "): a padded alert if the connection"
                        + " ends next, else a client certificate");
                pendingShortClientRecord = length;
                pendingShortClientTs = ts;
            } else {
                decision.note("the client's first protected record is " + length + " bytes, longer than a Finished ("
                        + finishedSize + "): a client certificate");
                step(dir, HandshakeEvent.CERTIFICATE, ts);
            }
            return;
        }
        if (!client && state == HandshakeState.TLS13_CLIENT_FLIGHT) {
            decision.markInferred();
            decision.note("established (inferred): the server sent a protected record after the client's flight");
        }
        step(dir, HandshakeEvent.APPLICATION_DATA, ts);
    }

    private void inferredAlert(Direction dir, int length, long ts) {
        stats.encryptedAlert();
        stats.inferredAlert();
        addAlert(new AlertEvent(dir.sender(), -1, null, -1, true, true, ts));
        history.add(HandshakeEvent.ALERT, dir == Direction.CLIENT_TO_SERVER);
        decision.markInferred();
        alertOutcome(dir, ts, "a protected " + length + "-byte record, alert-sized in TLS 1.3 (alert inferred)");
    }

    @Override
    public void onUnusableRecord(Direction dir, String reason, long ts) {
        decision.note(dir.sender() + ": " + reason);
    }

    @Override
    public void onFramingError(Direction dir, String reason, boolean atStreamStart, long ts) {
        directionDone[dir.ordinal()] = true;
        if (decision.decided()) {
            return;
        }
        history.add(HandshakeEvent.MALFORMED, dir == Direction.CLIENT_TO_SERVER);
        if (dir == Direction.CLIENT_TO_SERVER && atStreamStart && !handshakeStarted) {
            notTls(ts, "the client's first bytes are not TLS: " + reason);
        } else {
            decision.note(dir.sender() + " stream is no longer TLS-framed: " + reason);
        }
    }
}
