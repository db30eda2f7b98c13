package io.tlsinspect.capture.tcp;

/**
 * Receives one connection's reassembled byte streams and TCP events, in capture order. The flow
 * table calls one listener per connection from one thread.
 */
public interface ConnectionListener {

    /**
     * In-order payload bytes of one direction, starting at stream offset {@code streamOffset}
     * (bytes after the SYN). The array is reused after the call returns: copy what you keep.
     *
     * @return false when this direction's bytes are no longer needed (the handshake part is decided);
     *     the flow table then stops buffering that direction but keeps counting packets.
     */
    boolean onData(Direction dir, long tsNanos, long streamOffset, byte[] buf, int off, int len);

    /** Bytes {@code [streamOffset, streamOffset + length)} of one direction are missing from the capture. */
    default void onGap(Direction dir, long tsNanos, long streamOffset, long length) {
    }

    /** One side sent FIN (after all its bytes were delivered). */
    default void onFin(Direction dir, long tsNanos) {
    }

    /** One side sent RST. */
    default void onRst(Direction dir, long tsNanos) {
    }

    /**
     * Issue 11: one UDP datagram's payload of a UDP flow ({@link ConnectionInfo#udp()}), whole, in
     * capture order. The array is reused after the call returns.
     */
    default void onDatagram(Direction dir, long tsNanos, byte[] buf, int off, int len) {
    }

    /** Issue 11: an ICMP/ICMPv6 port unreachable answered a datagram of this UDP flow. */
    default void onUnreachable(long tsNanos) {
    }

    /** The connection is over for the flow table; called exactly once. {@code info} is final. */
    void onClose(ConnectionInfo info, EndReason reason, long tsNanos);
}
