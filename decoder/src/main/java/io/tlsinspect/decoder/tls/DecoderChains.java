package io.tlsinspect.decoder.tls;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats;

/**
 * Decoder chains ({@link DirectionDecoder} with its record layer and message assembler) of directions
 * that stopped, made as new for the next direction that starts instead of allocated again: the three
 * objects per direction were about a tenth of the decoder threads' allocation (issue 9). One per
 * decoder factory, so one thread, one cap and one stats. Bounded: it keeps at most {@link #KEEP}.
 */
public final class DecoderChains {
    static final int KEEP = 64;
    private final DirectionDecoder[] free = new DirectionDecoder[KEEP];
    private int count;
    private final int cap;
    private final DecoderStats stats;
    private final RecordBuffers buffers;

    /** @param buffers this thread's pool of record buffers, or null */
    public DecoderChains(int cap, DecoderStats stats, RecordBuffers buffers) {
        this.cap = cap;
        this.stats = stats;
        this.buffers = buffers;
    }

    /** A chain for a direction starting now: a kept one made as new, or a new one. */
    public DirectionDecoder take(Direction dir, TlsEvents events) {
        if (count == 0) {
            return new DirectionDecoder(dir, events, cap, stats, buffers);
        }
        DirectionDecoder d = free[--count];
        free[count] = null;
        d.restart(dir, events);
        return d;
    }

    /**
     * A chain its connection has stopped and no longer refers to. Detached even when not kept: a chain
     * old enough to be promoted would otherwise keep its dead tracker alive through young collections.
     */
    public void give(DirectionDecoder d) {
        d.detach();
        if (count < KEEP) {
            free[count++] = d;
        }
    }

    /** Chains kept now (for tests of the bound). */
    int kept() {
        return count;
    }
}
