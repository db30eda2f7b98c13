package io.tlsinspect.reports.model;

/** One minute of the failures-over-time chart: attempts and failures that started in it. */
public record TimeBucket(long startNanos, int attempts, int failed) {
}
