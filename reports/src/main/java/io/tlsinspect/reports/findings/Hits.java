package io.tlsinspect.reports.findings;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * A detector's hits with the count kept exact and the list capped (DESIGN §3: a finding keeps its
 * count and a capped list of proof connections). {@link #add} always counts; it keeps the first
 * {@code cap} values. As a List it holds the kept ones; {@link #total} is how many were added.
 */
public final class Hits<T> extends AbstractList<T> {
    private final int cap;
    private final List<T> kept = new ArrayList<>();
    private long total;

    private final java.util.function.Consumer<? super T> onKept;

    public Hits(int cap) {
        this(cap, v -> { });
    }

    /** {@code onKept} sees each value the list keeps (at most {@code cap}). */
    public Hits(int cap, java.util.function.Consumer<? super T> onKept) {
        this.cap = cap;
        this.onKept = onKept;
    }

    @Override
    public boolean add(T value) {
        total++;
        if (kept.size() < cap) {
            kept.add(value);
            onKept.accept(value);
        }
        return true;
    }

    @Override
    public T get(int index) {
        return kept.get(index);
    }

    @Override
    public int size() {
        return kept.size();
    }

    /** How many were added, kept or not. */
    public long total() {
        return total;
    }
}
