package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import org.bouncycastle.tls.ContentType;

/**
 * ChangeCipherSpec and what follows it in TLS <= 1.2 (RFC 5246 §7.1, §7.4.9): which CCS makes a
 * side's later records encrypted, the encrypted Finished (the first handshake record after a side's
 * CCS), encrypted alerts, and application data.
 */
final class Tls12Records {
    private final MessageEvents messages;
    private final HandshakeMachine machine;
    private final AlertRules alerts;
    private final Completion completion;
    private final boolean[] changeCipherSpec = new boolean[2];
    private final boolean[] finished = new boolean[2];

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
        changeCipherSpec[dir.ordinal()] = true;
        return true;
    }

    /** A protected record: after this side's CCS, or application data. */
    void onProtectedRecord(Direction dir, int contentType, int length, long ts) {
        int d = dir.ordinal();
        switch (contentType) {
            case ContentType.handshake -> {
                // RFC 5246 §7.4.9: the first message after ChangeCipherSpec is Finished, encrypted.
                boolean first = !finished[d];
                finished[d] = true;
                machine.step(dir, first ? HandshakeEvent.FINISHED : HandshakeEvent.OTHER_HANDSHAKE, ts);
            }
            case ContentType.alert -> alerts.encrypted(dir, length, ts);
            default -> {
                machine.step(dir, HandshakeEvent.APPLICATION_DATA, ts);
                completion.onApplicationData(dir, changeCipherSpec[d], ts);
            }
        }
    }
}
