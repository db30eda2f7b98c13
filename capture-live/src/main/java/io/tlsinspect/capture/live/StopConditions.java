package io.tlsinspect.capture.live;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * When a live capture ends: a packet count, a duration, or a request from outside (a signal). Polled
 * by the capture thread between packets and on every read timeout; {@link #request} may come from any
 * thread. The first reason wins and is kept for the final summary.
 */
public final class StopConditions {
    private final long maxPackets;
    private final long durationNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final AtomicReference<String> reason = new AtomicReference<>();

    /**
     * @param maxPackets stop once this many packets were read; 0 for no limit
     * @param duration stop once this much time passed since construction; null for no limit
     * @param nanoClock monotonic clock ({@code System::nanoTime}); a parameter so tests control time
     */
    public StopConditions(long maxPackets, Duration duration, LongSupplier nanoClock) {
        if (maxPackets < 0 || (duration != null && duration.isNegative())) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        this.maxPackets = maxPackets;
        this.durationNanos = duration == null || duration.isZero() ? 0 : duration.toNanos();
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Asks the capture to stop at the next check (signal handlers call this). */
    public void request(String why) {
        reason.compareAndSet(null, why);
    }

    /** @param packetsRead packets read so far; the capture stops before reading the next one */
    public boolean shouldStop(long packetsRead) {
        if (reason.get() != null) {
            return true;
        }
        if (maxPackets > 0 && packetsRead >= maxPackets) {
            reason.compareAndSet(null, "--count " + maxPackets + " reached");
            return true;
        }
        if (durationNanos > 0 && nanoClock.getAsLong() - startNanos >= durationNanos) {
            reason.compareAndSet(null, "--duration reached");
            return true;
        }
        return false;
    }

    /** The stop came from --count: the capture must end exactly there, without draining the kernel's queue. */
    public boolean countReached() {
        String r = reason.get();
        return r != null && r.startsWith("--count");
    }

    /** Why the capture stopped, or null while it runs (or when its source simply ended). */
    public String reason() {
        return reason.get();
    }

    public long elapsedNanos() {
        return nanoClock.getAsLong() - startNanos;
    }
}
