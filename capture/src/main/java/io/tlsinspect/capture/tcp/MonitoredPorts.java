package io.tlsinspect.capture.tcp;

import java.util.BitSet;
import java.util.Set;

/**
 * The server ports a run inspects, as a bitmap: asked for every packet, where Set.contains(int)
 * would box ports above 127. An empty set means every port.
 */
public final class MonitoredPorts {
    private final BitSet ports = new BitSet(65536);

    public MonitoredPorts(Set<Integer> serverPorts) {
        if (serverPorts.isEmpty()) {
            ports.set(0, 65536);
        } else {
            serverPorts.forEach(ports::set);
        }
    }

    public boolean isServerPort(int port) {
        return ports.get(port);
    }

    /** True if either end of the segment is on a monitored port. */
    public boolean matches(TcpSegment s) {
        return ports.get(s.srcPort) || ports.get(s.dstPort);
    }
}
