package io.tlsinspect.cli.run;

import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.MonitoredPorts;
import io.tlsinspect.capture.tcp.SegmentBatch;
import io.tlsinspect.capture.tcp.SegmentSink;
import io.tlsinspect.capture.tcp.TcpSegment;
import java.util.concurrent.TimeUnit;

/**
 * The reader's side of the pipeline: sends each TCP segment (or UDP datagram, or ICMP port unreachable
 * for one, by the quoted datagram's 4-tuple) on a monitored port to the worker that
 * owns its connection (by a hash of the 4-tuple that is the same in both directions), copied into
 * that worker's current batch. A full batch goes to the worker's queue; each second of capture time,
 * every worker gets its batch even if it is small or empty, so every worker's clock moves on (idle
 * timeouts) and its watermark with it.
 *
 * <p>Bounded: each worker has a fixed pool of batches. When a worker's pool is empty, the reader
 * waits ({@link Pipeline.Overflow#BLOCK}, for files) or drops the segment and counts it
 * ({@link Pipeline.Overflow#DROP}, for live capture, whose capture thread must never wait on decoding).
 * Used by the reader thread only.
 */
final class Dispatcher implements SegmentSink {
    static final long TICK_NANOS = 1_000_000_000L;
    private static final long WAIT_MS = 20;

    private final ShardWorker[] workers;
    private final SegmentBatch[] current;
    private final MonitoredPorts ports;
    private final CaptureStats stats;
    private final Pipeline.Overflow overflow;
    private final PipelineFailure failure;
    private long clock = Long.MIN_VALUE;
    private long lastTick = Long.MIN_VALUE;
    /** Number of the last frame whose segment is in a batch (or was dropped or skipped). */
    private long lastFrame;

    Dispatcher(ShardWorker[] workers, MonitoredPorts ports, CaptureStats stats, Pipeline.Overflow overflow,
               PipelineFailure failure) {
        this.workers = workers;
        this.current = new SegmentBatch[workers.length];
        this.ports = ports;
        this.stats = stats;
        this.overflow = overflow;
        this.failure = failure;
    }

    /** Segments dropped because their worker's queue was full ({@link Pipeline.Overflow#DROP} only). */
    long queueDrops() {
        return stats.queueDrops; // in the reader's counters: the report's stats.queue_drops
    }

    @Override
    public void segment(TcpSegment s) {
        if (!ports.matches(s)) {
            if (s.isTcp()) {
                stats.otherPortPackets++;
            } else {
                stats.nonTcpPackets++; // UDP or ICMP on other ports: as before QUIC was read
            }
            lastFrame = s.frameNo;
            return;
        }
        if (s.tsNanos > clock) {
            clock = s.tsNanos;
        }
        int h = s.flowHash(); // once per segment: the worker's flow table indexes by it too
        int w = workerOf(h, workers.length);
        SegmentBatch b = current[w];
        if (b != null && !b.fits(s)) {
            handOff(w);
            b = null;
        }
        if (b == null && (b = current[w] = acquire(w)) == null) {
            stats.queueDrops++;
        } else {
            b.add(s, h);
        }
        lastFrame = s.frameNo; // only now: a batch handed over above must not claim this frame
        if (lastTick == Long.MIN_VALUE) {
            lastTick = clock;
        } else if (clock - lastTick >= TICK_NANOS) {
            tick();
        }
    }

    /**
     * The worker of a connection whose {@link TcpSegment#flowHash} is {@code h}: its high bits scaled
     * to the number of workers (a multiply, not a division), which leaves the low bits, by which the
     * worker's flow table places the flow, spread evenly within every worker.
     */
    static int workerOf(int h, int workers) {
        return (int) (((h & 0xffffffffL) * workers) >>> 32);
    }

    /** Capture time moves on without a packet (live capture on a quiet link). */
    void advanceTime(long tsNanos) {
        if (tsNanos > clock) {
            clock = tsNanos;
            tick();
        }
    }

    /** The input ended: every worker gets what is left and then its last batch. */
    void finish() {
        for (int w = 0; w < workers.length; w++) {
            if (current[w] != null) {
                handOff(w);
            }
            SegmentBatch last = waitForFree(w); // even with DROP: the end must reach every worker
            last.last = true;
            current[w] = last;
            handOff(w);
        }
    }

    private void tick() {
        lastTick = clock;
        for (int w = 0; w < workers.length; w++) {
            if (current[w] == null) {
                current[w] = acquire(w);
            }
            if (current[w] != null) { // with DROP, a worker without a free batch is busy anyway
                handOff(w);
            }
        }
    }

    private void handOff(int w) {
        failure.check(); // a worker has died: stop reading now rather than at the next wait
        SegmentBatch b = current[w];
        current[w] = null;
        b.clockNanos = clock;
        b.frames = lastFrame;
        workers[w].work.add(b); // never full: the queue holds as many batches as the worker owns
    }

    private SegmentBatch acquire(int w) {
        return overflow == Pipeline.Overflow.DROP ? workers[w].spare() : waitForFree(w);
    }

    private SegmentBatch waitForFree(int w) {
        try {
            SegmentBatch b;
            while ((b = workers[w].free.poll(WAIT_MS, TimeUnit.MILLISECONDS)) == null) {
                failure.check(); // never wait for a worker that has died
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.interrupted();
        }
    }
}
