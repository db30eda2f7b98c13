package io.tlsinspect.reports.model;

/** One bar of the failures-over-time chart: attempts and failures that started in it. */
public record TimeBucket(long startNanos, long widthNanos, int attempts, int failed) {
}
