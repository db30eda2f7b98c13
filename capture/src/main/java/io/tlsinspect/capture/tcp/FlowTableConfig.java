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
    /** The most {@link #defaultMaxFlows} gives, whatever the heap. */
    public static final int DEFAULT_MAX_FLOWS = 250_000;
    /** The least {@link #defaultMaxFlows} gives, however small the heap. */
    public static final int MIN_DEFAULT_MAX_FLOWS = 1_000;
    /**
     * Heap one open flow may cost once its decoder holds a partial handshake (a stalled ClientHello:
     * the flow, its decoder and the buffered bytes), measured (decoder's FloodMemoryTest: 2.6 KiB
     * with 200 bytes of a hello held) and rounded up. A flow that has seen only a SYN opens no decoder
     * and costs a sixth of this ({@link #COMPACT_FLOW_BYTES}).
     */
    public static final int OPEN_FLOW_BYTES = 3 * 1024;
    /**
     * Heap of one flow that has seen only SYNs, measured (decoder's FloodMemoryTest: heap used after GC
     * with 50,000 such flows open, divided by 50,000: 445 bytes, when the key was still an object of its
     * own; the flow now holds the key's fields), rounded up: the flow, its key, the reassemblers and the
     * table's hash entry. Before it opened its listener lazily: 2.6 KiB.
     */
    public static final int COMPACT_FLOW_BYTES = 512;
    /** Share of the heap the flow table may fill with open flows: the rest is the report's. */
    public static final int HEAP_SHARE_DIVISOR = 4;
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(120);
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(5);
    public static final int DEFAULT_STREAM_CAP = 64 * 1024;

    public FlowTableConfig {
        serverPorts = Set.copyOf(serverPorts);
        if (maxFlows < 1 || streamCap < 1) {
            throw new IllegalArgumentException("maxFlows and streamCap must be positive");
        }
    }

    /**
     * The default {@code --max-flows}: as many open flows as fit in a quarter of the heap at
     * {@link #OPEN_FLOW_BYTES} each, between {@link #MIN_DEFAULT_MAX_FLOWS} and
     * {@link #DEFAULT_MAX_FLOWS} (-Xmx256m: about 21,000 flows; 3 GB or more: 250,000). A fixed
     * 250,000 did not fit a 256 MB heap when a flood opened that many flows at once.
     */
    public static int defaultMaxFlows(long maxHeapBytes) {
        long fit = maxHeapBytes / HEAP_SHARE_DIVISOR / OPEN_FLOW_BYTES;
        return (int) Math.max(MIN_DEFAULT_MAX_FLOWS, Math.min(DEFAULT_MAX_FLOWS, fit));
    }

    /** {@link #defaultMaxFlows(long)} for this JVM's heap ({@code -Xmx}). */
    public static int defaultMaxFlows() {
        return defaultMaxFlows(Runtime.getRuntime().maxMemory());
    }

    /**
     * One of {@code workers} flow tables' share of this configuration: {@code maxFlows} divided among
     * them, rounded up (in long arithmetic: {@code --max-flows} near {@code Integer.MAX_VALUE} made the
     * int sum overflow to a share of one flow per table).
     */
    public FlowTableConfig share(int workers) {
        int n = Math.max(1, workers);
        int each = (int) Math.max(1, ((long) maxFlows + n - 1) / n);
        return new FlowTableConfig(serverPorts, each, idleTimeout, closeLinger, streamCap);
    }

    public static FlowTableConfig defaults(Set<Integer> serverPorts) {
        return new FlowTableConfig(serverPorts, defaultMaxFlows(), DEFAULT_IDLE, DEFAULT_LINGER, DEFAULT_STREAM_CAP);
    }
}
