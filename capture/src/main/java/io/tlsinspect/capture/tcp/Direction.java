package io.tlsinspect.capture.tcp;

/** Which side of a TCP connection sent a segment. The client is the side that sent the SYN, or,
 * when the handshake was not seen, the side away from the monitored port. */
public enum Direction {
    CLIENT_TO_SERVER, SERVER_TO_CLIENT;

    public Direction reverse() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }

    /** Short name used in histories and JSON: "client" or "server" (the sender). */
    public String sender() {
        return this == CLIENT_TO_SERVER ? "client" : "server";
    }
}
