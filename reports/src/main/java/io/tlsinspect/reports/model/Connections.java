package io.tlsinspect.reports.model;

import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every connection of a report, in time order then id, as a pass that builds each view when it is
 * reached (DESIGN §3: per-connection output streams; the views are never all in memory). The counts
 * are known beforehand.
 */
public final class Connections implements Iterable<ConnectionView> {
    private final long count;
    private final long failed;
    private final long lastTsNanos;
    private final Supplier<Iterator<ConnectionView>> pass;

    public Connections(long count, long failed, long lastTsNanos, Supplier<Iterator<ConnectionView>> pass) {
        this.count = count;
        this.failed = failed;
        this.lastTsNanos = lastTsNanos;
        this.pass = pass;
    }

    /** Views held in memory (tests), already in order. */
    public static Connections of(List<ConnectionView> views) {
        List<ConnectionView> fixed = List.copyOf(views);
        long failed = fixed.stream().filter(c -> c.record().outcome().isFailure()).count();
        long last = fixed.isEmpty() ? 0 : fixed.get(fixed.size() - 1).record().tsNanos();
        return new Connections(fixed.size(), failed, last, fixed::iterator);
    }

    public long count() {
        return count;
    }

    /** {@link #count} as an int (small reports, tests). */
    public int size() {
        return Math.toIntExact(count);
    }

    /** One pass as a stream. */
    public java.util.stream.Stream<ConnectionView> stream() {
        return java.util.stream.StreamSupport.stream(spliterator(), false);
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Connections whose outcome is a failure. */
    public long failed() {
        return failed;
    }

    /** Start of the last connection in time order; 0 when there is none. */
    public long lastTsNanos() {
        return lastTsNanos;
    }

    @Override
    public Iterator<ConnectionView> iterator() {
        return pass.get();
    }
}
