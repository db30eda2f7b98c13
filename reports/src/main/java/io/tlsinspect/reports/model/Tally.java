package io.tlsinspect.reports.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of one table row: attempts = established + failed + connections that are neither
 * (mid_stream, kept out of failure statistics by DESIGN §4). {@code outcomes} is keyed per
 * DESIGN §6 and sums to attempts.
 */
public record Tally(int attempts, int established, int failed, Map<OutcomeKey, Integer> outcomes) {
    public Tally {
        outcomes = Collections.unmodifiableMap(new TreeMap<>(outcomes)); // sorted: stable output
    }
}
