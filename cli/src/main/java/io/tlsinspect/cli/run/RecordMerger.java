package io.tlsinspect.cli.run;

import io.tlsinspect.decoder.model.HandshakeRecord;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Puts the records of all workers into one deterministic order, by id (the number of the
 * connection's first frame), whatever the number of workers and however their threads interleave.
 * Each worker publishes its finished records with a watermark, an id below which it will publish
 * nothing more; a record is passed on once every worker's watermark is above its id. So the sink
 * sees a stream in id order and this class holds only the records newer than the slowest watermark:
 * those finished while an older connection is still open.
 */
final class RecordMerger {
    private record Chunk(int worker, List<HandshakeRecord> records, long watermark) {
    }

    private static final long WAIT_MS = 20;

    private final BlockingQueue<Chunk> chunks;
    private final long[] watermarks;
    private final PriorityQueue<HandshakeRecord> pending =
            new PriorityQueue<>(Comparator.comparingLong(HandshakeRecord::id));
    private final Consumer<HandshakeRecord> sink;
    private final PipelineFailure failure;
    private final boolean ordered;
    private long released;

    RecordMerger(int workers, Consumer<HandshakeRecord> sink, PipelineFailure failure) {
        this(workers, sink, failure, true);
    }

    /**
     * @param ordered false: pass records on as they come, in no particular order, and hold none (a
     *     sink that orders them itself, such as the spill file: holding every record finished while
     *     an older connection is open was most of the heap, and of the collector's work, on a busy capture)
     */
    RecordMerger(int workers, Consumer<HandshakeRecord> sink, PipelineFailure failure, boolean ordered) {
        this.ordered = ordered;
        this.chunks = new ArrayBlockingQueue<>(4 * workers + 4);
        this.watermarks = new long[workers];
        this.sink = sink;
        this.failure = failure;
    }

    /**
     * Called by worker {@code worker} after each batch: its newly finished records, in any order, and
     * its watermark ({@link Long#MAX_VALUE} after its last). Waits while the merger is behind, but
     * never past a failure of the run.
     */
    void publish(int worker, List<HandshakeRecord> records, long watermark) throws InterruptedException {
        Chunk c = new Chunk(worker, records, watermark);
        while (!chunks.offer(c, WAIT_MS, TimeUnit.MILLISECONDS)) {
            failure.check();
        }
    }

    /** Records passed to the sink so far. */
    long released() {
        return released;
    }

    /** Runs until every worker has ended; false if it stopped on a failure. */
    boolean run() {
        try {
            int open = watermarks.length;
            while (open > 0) {
                Chunk c = chunks.take(); // interrupted when the run fails elsewhere
                if (!ordered) {
                    for (HandshakeRecord r : c.records()) {
                        sink.accept(r);
                        released++;
                    }
                    if (c.watermark() == Long.MAX_VALUE) {
                        open--;
                    }
                    continue;
                }
                pending.addAll(c.records());
                watermarks[c.worker()] = c.watermark();
                if (c.watermark() == Long.MAX_VALUE) {
                    open--;
                }
                long low = Long.MAX_VALUE;
                for (long w : watermarks) {
                    low = Math.min(low, w);
                }
                while (!pending.isEmpty() && pending.peek().id() < low) {
                    sink.accept(pending.poll());
                    released++;
                }
            }
            return true;
        } catch (InterruptedException e) {
            failure.interrupted();
        } catch (Throwable t) {
            failure.fail(t);
        }
        return false;
    }
}
