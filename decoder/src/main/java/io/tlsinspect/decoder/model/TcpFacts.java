package io.tlsinspect.decoder.model;

/** The TCP part of a connection, like a line of Zeek's conn.log. */
public record TcpFacts(
        boolean synSeen,
        boolean synAckSeen,
        boolean midStream,
        long clientPackets,
        long serverPackets,
        long clientBytes,
        long serverBytes,
        int clientGaps,
        int serverGaps,
        /** "client", "server" or null: who sent the first FIN */
        String finFrom,
        /** "client", "server" or null: who sent the first RST */
        String rstFrom,
        /** lower-case EndReason name */
        String endReason,
        long durationNanos,
        String source) {
}
