package io.tlsinspect.capture.tcp;

import java.util.BitSet;
import java.util.Set;

/**
 * The server ports a run inspects, as a bitmap: asked for every packet, where Set.contains(int)
 * would box ports above 127. An empty set means every port.
 */
public final class MonitoredPorts {
    /**
     * Issue 11: with every port monitored ({@code --all-ports}), UDP is read on this port only: every
     * other datagram (DNS, NTP, ...) would be an unreadable QUIC flow.
     */
    public static final int QUIC_PORT = 443;
    private final BitSet ports = new BitSet(65536);
    private final boolean all;

    public MonitoredPorts(Set<Integer> serverPorts) {
        all = serverPorts.isEmpty();
        if (serverPorts.isEmpty()) {
            ports.set(0, 65536);
        } else {
            serverPorts.forEach(ports::set);
        }
    }

    public boolean isServerPort(int port) {
        return ports.get(port);
    }

    /** True if either end of the segment is on a monitored port (for UDP with every port monitored: port 443). */
    public boolean matches(TcpSegment s) {
        if (all && !s.isTcp()) {
            return s.srcPort == QUIC_PORT || s.dstPort == QUIC_PORT;
        }
        return ports.get(s.srcPort) || ports.get(s.dstPort);
    }
}
