package io.tlsinspect.reports.clients;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.TimeBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attempts and failures over time (by connection start), for the HTML chart. The bucket width is
 * the smallest "round" width (1 s, 5 s, 10 s, 30 s, 1 min, ... 1 day) that keeps the chart within
 * {@link #MAX_BUCKETS} bars, so a two-minute capture and a week-long one both read well. Empty
 * buckets between the first and last are kept (a gap is information).
 */
public final class FailureTimeline {
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final int MAX_BUCKETS = 120;
    private static final long[] WIDTHS = {SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE,
        10 * MINUTE, 30 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE, 24 * 60 * MINUTE};

    private FailureTimeline() {
    }

    /** Two passes over the records (the span first, then the counts); holds only the buckets. */
    public static List<TimeBucket> of(Iterable<HandshakeRecord> sorted) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean any = false;
        for (HandshakeRecord r : sorted) {
            any = true;
            first = Math.min(first, r.tsNanos());
            last = Math.max(last, r.tsNanos());
        }
        if (!any) {
            return List.of();
        }
        Counter c = new Counter(first, last);
        sorted.forEach(c::add);
        return c.buckets();
    }

    /** The counting pass alone, for a caller that knows the span already (the analyzer's first pass). */
    public static final class Counter {
        private final long start;
        private final long width;
        private final long last;
        private final Map<Long, int[]> counts = new TreeMap<>();

        /** @param first earliest start, @param last latest start, of every record to come */
        public Counter(long first, long last) {
            long w0 = WIDTHS[WIDTHS.length - 1];
            for (long w : WIDTHS) {
                if (Math.floorDiv(last, w) - Math.floorDiv(first, w) + 1 <= MAX_BUCKETS) {
                    w0 = w;
                    break;
                }
            }
            this.width = w0;
            this.start = Math.floorDiv(first, width) * width;
            this.last = last;
        }

        public void add(HandshakeRecord r) {
            int[] c = counts.computeIfAbsent(Math.floorDiv(r.tsNanos() - start, width), k -> new int[2]);
            c[0]++;
            if (r.outcome().isFailure() && r.outcome() != Outcome.MID_STREAM) {
                c[1]++;
            }
        }

        public List<TimeBucket> buckets() {
            long n = Math.floorDiv(last - start, width) + 1;
            List<TimeBucket> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                int[] c = counts.getOrDefault(i, new int[2]);
                out.add(new TimeBucket(start + i * width, width, c[0], c[1]));
            }
            return out;
        }
    }
}
