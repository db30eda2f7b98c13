package io.tlsinspect.reports.clients;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.TimeBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attempts and failures per minute (by connection start), for the HTML chart. Minutes with no
 * connection between the first and last are included as zero buckets (a gap is information), up to
 * a cap so a capture spanning weeks cannot produce a million-bar chart: beyond it buckets widen.
 */
public final class FailureTimeline {
    static final long MINUTE = 60_000_000_000L;
    static final int MAX_BUCKETS = 1440;

    private FailureTimeline() {
    }

    public static List<TimeBucket> of(List<HandshakeRecord> sorted) {
        if (sorted.isEmpty()) {
            return List.of();
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (HandshakeRecord r : sorted) {
            first = Math.min(first, r.tsNanos());
            last = Math.max(last, r.tsNanos());
        }
        long start = Math.floorDiv(first, MINUTE) * MINUTE;
        long minutes = Math.floorDiv(last - start, MINUTE) + 1;
        long width = MINUTE * Math.max(1, (minutes + MAX_BUCKETS - 1) / MAX_BUCKETS);
        Map<Long, int[]> counts = new TreeMap<>();
        for (HandshakeRecord r : sorted) {
            int[] c = counts.computeIfAbsent(Math.floorDiv(r.tsNanos() - start, width), k -> new int[2]);
            c[0]++;
            if (r.outcome().isFailure() && r.outcome() != Outcome.MID_STREAM) {
                c[1]++;
            }
        }
        long n = Math.floorDiv(last - start, width) + 1;
        List<TimeBucket> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            int[] c = counts.getOrDefault(i, new int[2]);
            out.add(new TimeBucket(start + i * width, c[0], c[1]));
        }
        return out;
    }
}
