package io.tlsinspect.reports.model;

import io.tlsinspect.decoder.model.HandshakeRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every HandshakeRecord of a run, readable as often as the analysis needs, each time in time order
 * (start, then id). The analysis makes several passes over it and keeps none of it (DESIGN §3): a
 * saved file's records live in a spill file ({@code reports.spill.RecordSpill}); a small list (a
 * test, a live slice) may live in memory ({@link #of}).
 */
public interface RecordSource extends Iterable<HandshakeRecord>, AutoCloseable {
    Comparator<HandshakeRecord> TIME_ORDER =
            Comparator.comparingLong(HandshakeRecord::tsNanos).thenComparingLong(HandshakeRecord::id);

    /** How many records. */
    long size();

    /** A new pass over every record in time order. */
    @Override
    Iterator<HandshakeRecord> iterator();

    default Stream<HandshakeRecord> stream() {
        return StreamSupport.stream(spliterator(), false);
    }

    /** Frees what backs the source (a temporary file); idempotent. */
    @Override
    default void close() {
    }

    /** Records held in memory, sorted once. */
    static RecordSource of(List<HandshakeRecord> records) {
        List<HandshakeRecord> sorted = new ArrayList<>(records);
        sorted.sort(TIME_ORDER);
        List<HandshakeRecord> fixed = List.copyOf(sorted);
        return new RecordSource() {
            @Override
            public long size() {
                return fixed.size();
            }

            @Override
            public Iterator<HandshakeRecord> iterator() {
                return fixed.iterator();
            }
        };
    }
}
