package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import org.bouncycastle.tls.ContentType;

/**
 * ChangeCipherSpec and what follows it in TLS <= 1.2 (RFC 5246 §7.1, §7.4.9): which CCS makes a
 * side's later records encrypted, the encrypted Finished (the first handshake record after a side's
 * CCS), encrypted alerts, and application data.
 *
 * <p>An alert right after the handshake (both Finished seen, no application data yet) is the one
 * place a TLS 1.2 outcome is judged after completion: a client that rejects the server's
 * certificate only after the handshake (Firefox over TLS 1.2: nginx logs "alert bad certificate")
 * sends an encrypted alert and closes. Its level and description are hidden, and a close_notify
 * looks the same, so the peer's next move decides: an alert back is a closure exchange (RFC 5246
 * §7.2.1, established); a close or reset without one means a fatal alert (RFC 5246 §7.2.2: no reply
 * is due after a fatal alert) and decides a client_alert or server_alert, marked inferred.
 */
final class Tls12Records {
    private final MessageEvents messages;
    private final HandshakeMachine machine;
    private final AlertRules alerts;
    private final Completion completion;
    /** One bit per direction ordinal each (fields, not arrays: two objects less per connection). */
    private int changeCipherSpec;
    private int finished;
    /** The side that sent an encrypted alert right after the handshake, or null. */
    private Direction alertAfterHandshake;
    private int alertLength;
    private long alertTs;

    /** As made (a pooled tracker's, see {@link HandshakeTracker#restart}). */
    void reset() {
        changeCipherSpec = 0;
        finished = 0;
        alertAfterHandshake = null;
        alertLength = 0;
        alertTs = 0;
    }

    Tls12Records(MessageEvents messages, HandshakeMachine machine, AlertRules alerts, Completion completion) {
        this.messages = messages;
        this.machine = machine;
        this.alerts = alerts;
        this.completion = completion;
    }

    /**
     * A ChangeCipherSpec from one side. RFC 8446 App. D.4: in TLS 1.3 it is only for middleboxes and
     * protects nothing.
     *
     * @return true if this side's later handshake and alert records are encrypted
     */
    boolean onChangeCipherSpec(Direction dir, long ts) {
        boolean tls13 = messages.mayBeTls13();
        machine.step(dir, HandshakeEvent.CHANGE_CIPHER_SPEC, ts);
        if (tls13) {
            return false;
        }
        changeCipherSpec |= 1 << dir.ordinal();
        return true;
    }

    /** A protected record: after this side's CCS, or application data. */
    void onProtectedRecord(Direction dir, int contentType, int length, long ts) {
        int d = dir.ordinal();
        switch (contentType) {
            case ContentType.handshake -> {
                // RFC 5246 §7.4.9: the first message after ChangeCipherSpec is Finished, encrypted.
                boolean first = (finished & 1 << d) == 0;
                finished |= 1 << d;
                machine.step(dir, first ? HandshakeEvent.FINISHED : HandshakeEvent.OTHER_HANDSHAKE, ts);
            }
            case ContentType.alert -> {
                if (!completion.awaitingFirstRecord()) {
                    alerts.encrypted(dir, length, ts);
                } else if (alertAfterHandshake == null) {
                    alertAfterHandshake = dir;
                    alertLength = length;
                    alertTs = ts;
                } else if (alertAfterHandshake != dir) {
                    completion.confirm(); // the peer answered with its own alert: close_notify both ways
                }
            }
            default -> {
                if (completion.awaitingFirstRecord()) {
                    completion.confirm(); // the handshake was followed by data: established, as of both Finished
                    return;
                }
                machine.step(dir, HandshakeEvent.APPLICATION_DATA, ts);
                completion.onApplicationData(dir, (changeCipherSpec & 1 << d) != 0, ts);
            }
        }
    }

    /**
     * A FIN or RST while the handshake awaits its first record.
     *
     * @return whether this took the end (decided, or waits for the peer's answer to an alert), so
     *     that {@link CloseRules} must not judge it
     */
    boolean onTcpEnd(Direction dir, boolean rst) {
        if (!completion.awaitingFirstRecord()) {
            return false;
        }
        if (alertAfterHandshake == null) {
            completion.confirm(); // closed after a completed handshake, without an alert
            return true;
        }
        if (dir != alertAfterHandshake || rst) {
            alerts.afterHandshake(alertAfterHandshake, alertLength, alertTs, rst ? "reset" : "closed");
            return true;
        }
        return true; // the alert's sender closing after its alert: the peer's answer decides
    }

    /** The connection ended while the handshake awaited its first record. */
    void atClose() {
        if (completion.awaitingFirstRecord() && alertAfterHandshake != null) {
            alerts.afterHandshake(alertAfterHandshake, alertLength, alertTs, "ended");
        }
        completion.confirm();
    }
}
