package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.model.Heartbeats;

/**
 * Counts one connection's heartbeat records (RFC 6520) and keeps the first one sent before the
 * handshake completed: its sender, type and payload_length (RFC 6520 §4: type(1) payload_length(2)
 * payload padding; readable before ChangeCipherSpec), and how many the other side sent back before
 * completion. Heartbleed (CVE-2014-0160) probes send such a request with a payload_length beyond the
 * record; a vulnerable server answers it.
 */
final class HeartbeatCounter {
    private int messages;
    private int beforeHandshake;
    private Direction firstDir;
    private int firstType = -1;
    private int claimedPayload = -1;
    private int firstLength;
    private int answered;

    void onHeartbeat(Direction dir, boolean encrypted, byte[] b, int off, int len, boolean handshakeComplete) {
        messages++;
        if (handshakeComplete) {
            return;
        }
        beforeHandshake++;
        if (firstDir == null) {
            firstDir = dir;
            firstLength = len;
            if (!encrypted && len >= 3) {
                firstType = b[off] & 0xff;
                claimedPayload = ((b[off + 1] & 0xff) << 8) | (b[off + 2] & 0xff);
            }
        } else if (dir != firstDir) {
            answered++;
        }
    }

    /** Null when the connection carried no heartbeat. */
    Heartbeats result() {
        if (messages == 0) {
            return null;
        }
        return new Heartbeats(messages, beforeHandshake, firstDir == null ? null : firstDir.sender(), firstType,
                claimedPayload, firstLength, answered);
    }
}
