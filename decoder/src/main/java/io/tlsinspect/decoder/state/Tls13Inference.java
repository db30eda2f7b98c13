package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.cache.NoteCache;
import java.util.stream.IntStream;
import org.bouncycastle.tls.ContentType;

/**
 * TLS 1.3 hides the handshake after the ServerHello (RFC 8446 §2): every record is
 * application_data, told apart only by size and position (RFC 8446 §5.2, §4.4.4; the sizes are in
 * {@link Tls13RecordSizes}). What is inferred here is marked inferred and explained in a note:
 * <ul>
 *   <li>an alert-sized record from the server before completion, or as the client's first record
 *       after the server's flight, is an alert ({@link AlertRules#inferred});</li>
 *   <li>a Finished-sized first client record completes the handshake (a FINISHED event for the
 *       table);</li>
 *   <li>a longer first client record is a client Certificate; one between alert and Finished size is
 *       a padded alert if the connection ends next (JSSE pads its alerts), else a Certificate;</li>
 *   <li>a server record after the client's flight shows the handshake completed.</li>
 * </ul>
 */
final class Tls13Inference {
    private final MessageEvents messages;
    private final HandshakeMachine machine;
    private final AlertRules alerts;
    private final Decision decision;
    /** Length of a pending client record between alert and Finished size, or -1. */
    private int pendingShortClientRecord = -1;
    private long pendingShortClientTs;

    Tls13Inference(MessageEvents messages, HandshakeMachine machine, AlertRules alerts, Decision decision) {
        this.messages = messages;
        this.machine = machine;
        this.alerts = alerts;
        this.decision = decision;
    }

    /** As made (a pooled tracker's, see {@link HandshakeTracker#restart}). */
    void reset() {
        pendingShortClientRecord = -1;
        pendingShortClientTs = 0;
    }

    void onProtectedRecord(Direction dir, int contentType, int length, long ts) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        if (contentType != ContentType.application_data) {
            // RFC 8446 §5: after the ServerHello every record but CCS is application_data.
            decision.note("unexpected " + ContentType.getName((short) contentType) + " record from the " + dir.sender()
                    + " in TLS 1.3");
            machine.step(dir, HandshakeEvent.MALFORMED, ts);
            return;
        }
        int cipher = messages.cipher();
        int alertSize = Tls13RecordSizes.alertRecord(cipher);
        int finishedSize = Tls13RecordSizes.finishedRecord(cipher);
        if (pendingShortClientRecord >= 0) {
            // Something followed the short client record: it was a client Certificate, not an alert.
            pendingShortClientRecord = -1;
            machine.step(Direction.CLIENT_TO_SERVER, HandshakeEvent.CERTIFICATE, pendingShortClientTs);
        }
        HandshakeState state = machine.state();
        boolean beforeCompletion = state == HandshakeState.TLS13_SERVER_HELLO
                || state == HandshakeState.TLS13_SERVER_FLIGHT || state == HandshakeState.TLS13_CLIENT_FLIGHT;
        if (!client && beforeCompletion && length == alertSize) {
            alerts.inferred(dir, length, ts);
            return;
        }
        if (client && state == HandshakeState.TLS13_SERVER_FLIGHT) {
            clientFirstRecord(dir, length, alertSize, finishedSize, ts);
            return;
        }
        if (!client && state == HandshakeState.TLS13_CLIENT_FLIGHT) {
            decision.markInferred();
            decision.note("established (inferred): the server sent a protected record after the client's flight");
        }
        machine.step(dir, HandshakeEvent.APPLICATION_DATA, ts);
    }

    /** The client's first protected record after the server's flight. */
    private void clientFirstRecord(Direction dir, int length, int alertSize, int finishedSize, long ts) {
        if (length == alertSize) {
            alerts.inferred(dir, length, ts);
        } else if (length == finishedSize) {
            decision.markInferred();
            decision.note(length < FINISHED_NOTES.length ? FINISHED_NOTES[length] : finishedNote(length));
            machine.step(dir, HandshakeEvent.FINISHED, ts);
        } else if (length > alertSize && length < finishedSize) {
            decision.note(BETWEEN_NOTES.of(sizesKey(length, alertSize, finishedSize)));
            pendingShortClientRecord = length;
            pendingShortClientTs = ts;
        } else {
            decision.note(LONGER_NOTES.of(sizesKey(length, 0, finishedSize)));
            machine.step(dir, HandshakeEvent.CERTIFICATE, ts);
        }
    }

    // The notes of other first client records, made once per sizes rather than per connection (issue 9):
    // a client program sends the same certificate, so the same record length, on every connection.
    // Keyed by the record's length and the two sizes (a few dozen bytes: Tls13RecordSizes), see sizesKey.
    private static final NoteCache BETWEEN_NOTES = new NoteCache(256, k -> "the client's first protected record is "
            + (k >>> 32) + " bytes, between alert-sized (" + (k >>> 16 & 0xffff) + ") and Finished-sized ("
            + (k & 0xffff) + "): a padded alert if the connection ends next, else a client certificate");
    private static final NoteCache LONGER_NOTES = new NoteCache(256, k -> "the client's first protected record is "
            + (k >>> 32) + " bytes, longer than a Finished (" + (k & 0xffff) + "): a client certificate");

    private static long sizesKey(int length, int alertSize, int finishedSize) {
        return (long) length << 32 | alertSize << 16 | finishedSize;
    }

    /**
     * The note of a Finished-sized first client record, made once per length at class load: a Finished
     * record is a few dozen bytes (RFC 8446 §4.4.4), and most TLS 1.3 connections are inferred so.
     */
    private static final String[] FINISHED_NOTES = IntStream.range(0, 256).mapToObj(Tls13Inference::finishedNote)
            .toArray(String[]::new);

    private static String finishedNote(int length) {
        return "established (inferred): the client's first protected record is Finished-sized (" + length + " bytes)";
    }

    /** The connection ends (FIN or RST): nothing followed a pending short client record, so it was the client's alert. */
    void onConnectionEnd() {
        if (pendingShortClientRecord >= 0 && !decision.decided()) {
            int len = pendingShortClientRecord;
            pendingShortClientRecord = -1;
            alerts.inferred(Direction.CLIENT_TO_SERVER, len, pendingShortClientTs);
        }
    }
}
