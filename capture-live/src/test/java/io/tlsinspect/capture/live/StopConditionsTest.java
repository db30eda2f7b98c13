package io.tlsinspect.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a live capture ends: count, duration, or a request from a signal; the first reason is kept. */
class StopConditionsTest {
    final AtomicLong clock = new AtomicLong(1_000);

    @Test
    void noLimitsRunsUntilAsked() {
        StopConditions s = new StopConditions(0, null, clock::get);
        clock.addAndGet(Duration.ofDays(3).toNanos());
        assertThat(s.shouldStop(Long.MAX_VALUE - 1)).isFalse();
        s.request("signal");
        assertThat(s.shouldStop(0)).isTrue();
        assertThat(s.reason()).isEqualTo("signal");
    }

    @Test
    void countStopsBeforeTheNextPacketIsRead() {
        StopConditions s = new StopConditions(10, null, clock::get);
        assertThat(s.shouldStop(9)).isFalse();
        assertThat(s.shouldStop(10)).isTrue();
        assertThat(s.reason()).isEqualTo("--count 10 reached");
        assertThat(s.countReached()).isTrue();
    }

    @Test
    void onlyACountStopIsExact() {
        StopConditions s = new StopConditions(10, null, clock::get);
        s.request("signal");
        assertThat(s.shouldStop(3)).isTrue();
        assertThat(s.countReached()).isFalse(); // a signal lets the capture read what the kernel holds
    }

    @Test
    void durationIsMeasuredFromConstructionOnTheMonotonicClock() {
        StopConditions s = new StopConditions(0, Duration.ofSeconds(30), clock::get);
        clock.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        assertThat(s.shouldStop(0)).isFalse();
        clock.incrementAndGet();
        assertThat(s.shouldStop(0)).isTrue();
        assertThat(s.reason()).isEqualTo("--duration reached");
        assertThat(s.elapsedNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void theFirstReasonWins() {
        StopConditions s = new StopConditions(5, Duration.ofSeconds(1), clock::get);
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(s.shouldStop(5)).isTrue();
        s.request("signal");
        assertThat(s.shouldStop(0)).isTrue();
        assertThat(s.reason()).isEqualTo("--count 5 reached");
    }

    @Test
    void aZeroDurationMeansNoLimit() {
        StopConditions s = new StopConditions(0, Duration.ZERO, clock::get);
        clock.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(s.shouldStop(1)).isFalse();
        assertThat(s.reason()).isNull();
    }
}
