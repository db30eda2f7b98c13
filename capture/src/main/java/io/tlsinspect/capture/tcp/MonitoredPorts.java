package io.tlsinspect.capture.tcp;

import java.util.Arrays;
import java.util.Set;

/**
 * The server ports a run inspects, as a bitmap: asked for every packet, where Set.contains(int)
 * would box ports above 127 (and BitSet checks its bounds and invariants on every call: a port is
 * 16 bits, so a plain array of 1024 words needs no check). An empty set means every port.
 */
public final class MonitoredPorts {
    /**
     * Issue 11: with every port monitored ({@code --all-ports}), UDP is read on this port only: every
     * other datagram (DNS, NTP, ...) would be an unreadable QUIC flow.
     */
    public static final int QUIC_PORT = 443;
    private final long[] ports = new long[65536 / 64];
    private final boolean all;

    public MonitoredPorts(Set<Integer> serverPorts) {
        all = serverPorts.isEmpty();
        if (serverPorts.isEmpty()) {
            Arrays.fill(ports, -1L);
        } else {
            for (int p : serverPorts) {
                if (p >>> 16 == 0) { // no other port is on the wire
                    ports[p >>> 6] |= 1L << p;
                }
            }
        }
    }

    public boolean isServerPort(int port) {
        return port >>> 16 == 0 && (ports[port >>> 6] & 1L << port) != 0;
    }

    /** True if either end of the segment is on a monitored port (for UDP with every port monitored: port 443). */
    public boolean matches(TcpSegment s) {
        if (all && !s.isTcp()) {
            return s.srcPort == QUIC_PORT || s.dstPort == QUIC_PORT;
        }
        return isServerPort(s.srcPort) || isServerPort(s.dstPort);
    }
}
