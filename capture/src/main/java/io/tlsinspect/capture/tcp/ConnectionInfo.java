package io.tlsinspect.capture.tcp;

/**
 * Read-only TCP facts about one connection, as the flow table knows them now; final once the
 * listener's {@link ConnectionListener#onClose} is called. Timestamps are nanoseconds since the epoch;
 * 0 means "not seen".
 */
public interface ConnectionInfo {
    /** 1-based, in order of each connection's first packet within one run. */
    long id();

    Endpoint client();

    Endpoint server();

    /** The server's port ({@code server().port()}, which an implementation may know without the address's text). */
    default int serverPort() {
        return server().port();
    }

    /** The connection's first packet was not a SYN: it began before the capture. */
    boolean midStream();

    boolean synSeen();

    boolean synAckSeen();

    /** Number of SYNs the client sent (retransmissions included). */
    int synCount();

    long firstTsNanos();

    long lastTsNanos();

    /** Packets sent by one side. */
    long packets(Direction dir);

    /** TCP payload bytes sent by one side (retransmissions included, as on the wire). */
    long payloadBytes(Direction dir);

    /** Time of the first FIN sent by one side, or 0. */
    long finTsNanos(Direction dir);

    /** Time of the first RST sent by one side, or 0. */
    long rstTsNanos(Direction dir);

    /** Number of gaps (missing bytes) found in one direction's stream. */
    int gaps(Direction dir);

    /**
     * Issue 11: a UDP flow (datagrams between one client address/port and one server address/port),
     * not a TCP connection: no SYN, FIN, RST or streams; it ends by idle timeout, eviction or the end
     * of the input.
     */
    default boolean udp() {
        return false;
    }

    /** Name of the capture file (or interface) the connection's first packet came from. */
    String source();
}
