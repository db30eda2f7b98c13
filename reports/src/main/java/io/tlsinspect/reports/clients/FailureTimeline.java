package io.tlsinspect.reports.clients;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.TimeBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

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

    /** One pass over the records; holds only the buckets. */
    public static List<TimeBucket> of(Iterable<HandshakeRecord> sorted) {
        Counter c = new Counter();
        sorted.forEach(c::add);
        return c.buckets();
    }

    /**
     * The counting pass, in one read of the records (the analyzer's first pass): the span is not known
     * until the end, so the counts are kept per bucket of the narrowest width that holds the span so
     * far, and folded into the next width when the span outgrows it. Each width divides the next, so
     * a folded bucket holds exactly the starts it would have held had the final width been known.
     */
    public static final class Counter {
        private int level;
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;
        /** Absolute bucket number (start / width, floored) -> {attempts, failures}: at most MAX_BUCKETS + 1 held. */
        private Map<Long, int[]> counts = new HashMap<>();
        /** The bucket the last record went to (records come in time order: most go to the same one). */
        private long currentBucket;
        private int[] current;

        public void add(HandshakeRecord r) {
            long ts = r.tsNanos();
            first = Math.min(first, ts);
            last = Math.max(last, ts);
            while (level < WIDTHS.length - 1
                    && Math.floorDiv(last, WIDTHS[level]) - Math.floorDiv(first, WIDTHS[level]) + 1 > MAX_BUCKETS) {
                fold();
            }
            long bucket = Math.floorDiv(ts, WIDTHS[level]);
            if (current == null || bucket != currentBucket) {
                current = counts.computeIfAbsent(bucket, k -> new int[2]);
                currentBucket = bucket;
            }
            int[] c = current;
            c[0]++;
            if (r.outcome().isFailure() && r.outcome() != Outcome.MID_STREAM) {
                c[1]++;
            }
        }

        private void fold() {
            long k = WIDTHS[level + 1] / WIDTHS[level];
            Map<Long, int[]> wider = new HashMap<>();
            counts.forEach((b, c) -> {
                int[] w = wider.computeIfAbsent(Math.floorDiv(b, k), x -> new int[2]);
                w[0] += c[0];
                w[1] += c[1];
            });
            counts = wider;
            current = null;
            level++;
        }

        /** Every bucket from the first start's to the last start's, empty ones included. */
        public List<TimeBucket> buckets() {
            if (first > last) {
                return List.of();
            }
            long width = WIDTHS[level];
            long firstBucket = Math.floorDiv(first, width);
            long n = Math.floorDiv(last, width) - firstBucket + 1;
            List<TimeBucket> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                int[] c = counts.getOrDefault(firstBucket + i, new int[2]);
                out.add(new TimeBucket((firstBucket + i) * width, width, c[0], c[1]));
            }
            return out;
        }
    }
}
