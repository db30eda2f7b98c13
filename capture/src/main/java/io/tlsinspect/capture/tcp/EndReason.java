package io.tlsinspect.capture.tcp;

/** Why the flow table stopped tracking a connection. */
public enum EndReason {
    /** Both sides sent FIN, or one side sent RST. */
    CLOSED,
    /** No packet for longer than the idle timeout. */
    IDLE_TIMEOUT,
    /** The flow table was full and this was its least recently active flow. */
    EVICTED,
    /** A new SYN reused the 4-tuple of a finished connection. */
    PORT_REUSE,
    /** The input ended (end of file, capture stopped). */
    END_OF_CAPTURE
}
