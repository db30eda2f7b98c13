package io.tlsinspect.capture.tcp;

import java.time.Duration;
import java.util.Set;

/**
 * Bounds and choices of the flow table (DESIGN §3).
 *
 * @param serverPorts ports that mark the server side; empty means every TCP connection is tracked
 *     (FlowTable turns them into a bitmap for its per-packet test)
 * @param maxFlows connections tracked at once; beyond it the least recently active is evicted
 * @param idleTimeout a connection silent this long (capture time) is ended
 * @param closeLinger a closed connection (FIN both ways, or RST) is kept this long for stray packets
 * @param streamCap bytes one direction may hold out of order (Netty's ClientHello limit: 64 KiB)
 */
public record FlowTableConfig(Set<Integer> serverPorts, int maxFlows, Duration idleTimeout,
                              Duration closeLinger, int streamCap) {
    public static final int DEFAULT_MAX_FLOWS = 250_000;
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(120);
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(5);
    public static final int DEFAULT_STREAM_CAP = 64 * 1024;

    public FlowTableConfig {
        serverPorts = Set.copyOf(serverPorts);
        if (maxFlows < 1 || streamCap < 1) {
            throw new IllegalArgumentException("maxFlows and streamCap must be positive");
        }
    }

    public static FlowTableConfig defaults(Set<Integer> serverPorts) {
        return new FlowTableConfig(serverPorts, DEFAULT_MAX_FLOWS, DEFAULT_IDLE, DEFAULT_LINGER, DEFAULT_STREAM_CAP);
    }
}
