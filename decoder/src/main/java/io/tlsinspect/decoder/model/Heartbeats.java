package io.tlsinspect.decoder.model;

/**
 * The heartbeat messages (RFC 6520) one connection carried while it was decoded; null in a record
 * when there were none. RFC 6520 §4: "A HeartbeatRequest message SHOULD NOT be sent during
 * handshakes", and a receiver must discard one whose payload_length is too large for its record;
 * Heartbleed (CVE-2014-0160) probes send one before the handshake completes, with a payload_length far
 * beyond the record, and a vulnerable server answers with its memory.
 *
 * @param messages heartbeat records seen (one HeartbeatMessage per record)
 * @param beforeHandshake of them, sent before the handshake completed
 * @param firstFrom {@code client} or {@code server}: who sent the first one before completion, else null
 * @param firstType the first early one's HeartbeatMessageType (1 request, 2 response), -1 when encrypted
 * @param claimedPayload its payload_length, -1 when encrypted
 * @param firstLength its record length
 * @param answered heartbeat records the other side sent back before completion
 */
public record Heartbeats(int messages, int beforeHandshake, String firstFrom, int firstType, int claimedPayload,
                         int firstLength, int answered) {

    /**
     * RFC 6520 §4: a HeartbeatMessage is type(1), payload_length(2), payload, padding of at least 16
     * bytes; a payload_length that does not fit the record is what Heartbleed sends.
     */
    public boolean overlong() {
        return claimedPayload >= 0 && claimedPayload + 3 + 16 > firstLength;
    }
}
