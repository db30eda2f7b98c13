package io.tlsinspect.cli.run;

import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.ConnectionListenerFactory;
import io.tlsinspect.capture.tcp.FlowTable;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.capture.tcp.SegmentBatch;
import io.tlsinspect.capture.tcp.TcpSegment;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.model.HandshakeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * One decoder worker: owns the flow table of its shard of the connections (those whose 4-tuple
 * hashes to it) and their decoders; takes batches of segments from the reader, and after each batch
 * hands its finished records to the merger with its watermark. Shares nothing with other workers.
 */
final class ShardWorker {
    /** Creates a worker's decoder: the records go to {@code sink}, the counts to {@code stats}. */
    @FunctionalInterface
    interface DecoderSetup {
        ConnectionListenerFactory create(Consumer<HandshakeRecord> sink, DecoderStats stats);
    }

    final int index;
    /** Batches from the reader, in order. */
    final BlockingQueue<SegmentBatch> work;
    /** Empty batches for the reader to fill: the pool is the bound of this worker's queue. */
    final BlockingQueue<SegmentBatch> free;
    private final int maxBatches;
    private final int batchSegments;
    private final int batchBytes;
    /** Batches made so far (reader thread only, after the constructor). */
    private int made;
    final CaptureStats captureStats = new CaptureStats();
    final DecoderStats decoderStats = new DecoderStats();
    private final FlowTable table;
    private final RecordMerger merger;
    private final PipelineFailure failure;
    private final TcpSegment seg = new TcpSegment();
    private List<HandshakeRecord> finished = new ArrayList<>();

    /**
     * @param batches batches made at the start
     * @param maxBatches the most the pool may grow to ({@link #spare}); the bound of this worker's queue
     */
    ShardWorker(int index, FlowTableConfig cfg, List<String> inputNames, DecoderSetup decoders, int batches,
                int maxBatches, int batchSegments, int batchBytes, RecordMerger merger, PipelineFailure failure) {
        this.index = index;
        this.merger = merger;
        this.failure = failure;
        this.maxBatches = Math.max(batches, maxBatches);
        this.batchSegments = batchSegments;
        this.batchBytes = batchBytes;
        this.work = new ArrayBlockingQueue<>(this.maxBatches);
        this.free = new ArrayBlockingQueue<>(this.maxBatches);
        for (int i = 0; i < batches; i++) {
            free.add(new SegmentBatch(batchSegments, batchBytes));
        }
        made = batches;
        this.table = new FlowTable(cfg, decoders.create(r -> finished.add(r), decoderStats), captureStats);
        table.setSources(inputNames);
    }

    /**
     * A free batch without waiting: from the pool, else a new one while the pool is below its bound,
     * else null (the worker is that far behind). Reader thread only. The pool grows only while this
     * worker is behind (at a live capture's start the JIT compiler takes the CPU the workers need), and
     * its batches are kept for reuse, so the memory stays bounded by {@code maxBatches}.
     */
    SegmentBatch spare() {
        SegmentBatch b = free.poll();
        if (b == null && made < maxBatches) {
            made++;
            b = new SegmentBatch(batchSegments, batchBytes);
        }
        return b;
    }

    /** Open connections of this shard (for live summaries; read from another thread it is approximate). */
    int openFlows() {
        return table.size();
    }

    /** Runs until the last batch; false if it stopped on a failure (recorded in the pipeline's failure). */
    boolean run() {
        try {
            while (true) {
                SegmentBatch b = work.take(); // interrupted when the run fails elsewhere
                for (int i = 0, n = b.size(); i < n; i++) {
                    b.load(i, seg);
                    table.dispatched(seg, b.flowHash(i)); // the reader matched the ports and hashed it
                }
                table.advanceTime(b.clockNanos); // capture time moves on even with no segment of ours
                boolean last = b.last;
                long frames = b.frames;
                b.clear();
                free.add(b); // never full: it holds only this worker's batches
                if (last) {
                    table.finish();
                }
                // No record with a smaller id can come from here: every connection still open is at
                // least as old as the table's oldest, and every later one starts after frame `frames`.
                long watermark = last ? Long.MAX_VALUE : Math.min(table.oldestId(), frames + 1);
                merger.publish(index, finished, watermark);
                finished = new ArrayList<>();
                if (last) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            failure.interrupted(); // only a failure elsewhere interrupts us; recorded unless it is the first
        } catch (Throwable t) {
            failure.fail(t);
        }
        return false;
    }
}
