package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;

/**
 * Which directions are still worth decoding. DESIGN §3: once a direction can no longer change the
 * result (a gap, a framing error, the ClientHello not captured), stop buffering it.
 */
final class OpenDirections {
    private final boolean[] stopped = new boolean[2];

    void stop(Direction dir) {
        stopped[dir.ordinal()] = true;
    }

    void stopBoth() {
        stopped[0] = true;
        stopped[1] = true;
    }

    boolean stopped(Direction dir) {
        return stopped[dir.ordinal()];
    }
}
