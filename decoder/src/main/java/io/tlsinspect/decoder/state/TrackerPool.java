package io.tlsinspect.decoder.state;

import io.tlsinspect.decoder.DecoderStats;

/**
 * Trackers of connections whose facts are taken (decided, or closed), made as new for the next
 * connection instead of allocated again: a tracker is a dozen objects, about a fifth of the decoder
 * threads' allocation (issue 9). One per decoder factory, so one thread, one stats and one interner.
 * Bounded: it keeps at most {@link #KEEP}; a kept tracker is reset when given back, so it holds no
 * finished connection's hello or notes.
 */
public final class TrackerPool {
    static final int KEEP = 64;
    private final HandshakeTracker[] free = new HandshakeTracker[KEEP];
    private int count;
    private final DecoderStats stats;
    private final Interner interner;

    public TrackerPool(DecoderStats stats, Interner interner) {
        this.stats = stats;
        this.interner = interner;
    }

    /** A tracker for a connection opening now: a kept one made as new, or a new one. */
    public HandshakeTracker take(boolean midStream) {
        if (count == 0) {
            return new HandshakeTracker(midStream, stats, interner);
        }
        HandshakeTracker t = free[--count];
        free[count] = null;
        t.restart(midStream);
        return t;
    }

    /**
     * A tracker whose facts are taken and that nothing refers to any more. Reset even when not kept: a
     * tracker old enough to be promoted would otherwise keep its connection's young hello and notes
     * alive through young collections.
     */
    public void give(HandshakeTracker t) {
        t.restart(false);
        if (count < KEEP) {
            free[count++] = t;
        }
    }

    /** Trackers kept now (for tests of the bound). */
    int kept() {
        return count;
    }
}
