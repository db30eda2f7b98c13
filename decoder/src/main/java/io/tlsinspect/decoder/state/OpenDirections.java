package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;

/**
 * Which directions are still worth decoding. DESIGN §3: once a direction can no longer change the
 * result (a gap, a framing error, the ClientHello not captured), stop buffering it.
 */
final class OpenDirections {
    /** One bit per direction ordinal (a field, not an array: one object less per connection). */
    private int stopped;

    void reset() {
        stopped = 0;
    }

    void stop(Direction dir) {
        stopped |= 1 << dir.ordinal();
    }

    void stopBoth() {
        stopped = 3;
    }

    boolean stopped(Direction dir) {
        return (stopped & 1 << dir.ordinal()) != 0;
    }
}
