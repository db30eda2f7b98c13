package io.tlsinspect.cli.run;

import io.tlsinspect.capture.CaptureRunner;
import io.tlsinspect.capture.InputTally;
import io.tlsinspect.capture.PacketDissector;
import io.tlsinspect.capture.packet.FrameSource;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.capture.tcp.MonitoredPorts;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.HandshakeDecoderFactory;
import io.tlsinspect.decoder.model.HandshakeRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One reader, N decoder workers, one merger: frames in, {@link HandshakeRecord}s out in id order.
 *
 * <pre>
 *  reader (the calling thread)         workers (N threads)                 merger (1 thread)
 *  frame -> dissector -> dispatcher ==> batch -> flow table -> decoder ==> records by id -> sink
 *           (link, IP, TCP, once)      (its shard of the connections)     (watermarks)
 * </pre>
 *
 * The calling thread reads and dissects each frame once and hands the segments, batched, to the
 * worker that owns the connection; each worker owns its flow table shard and decoders; the merger
 * passes records to the sink in id order (see {@link RecordMerger}), so the output does not depend
 * on the number of workers. Queues are bounded, batches are recycled.
 *
 * <p>Never hangs: if any thread fails (an exception, or an Error such as OutOfMemoryError), every
 * other thread stops at its next wait, and {@link #finish} or {@link #read} throw that first failure.
 * Threads are daemons and {@link #close} stops them, so a failed run leaves nothing behind.
 */
public final class Pipeline implements AutoCloseable {
    /** What the reader does when a worker is behind and all its batches are in use. */
    public enum Overflow {
        /** Wait for the worker (saved files: nothing may be lost). */
        BLOCK,
        /** Drop the segment and count it (live capture: the capture thread must never wait on decoding). */
        DROP
    }

    /** Batches per worker: how far the reader may run ahead of a worker. */
    static final int BATCHES = 4;
    /**
     * Live capture reads the kernel's ring as fast as it can and never waits on a worker, so the
     * workers' queues are the buffer that absorbs a burst or a worker's stall: 32 batches per worker
     * (~10 MB) at the start, growing while a worker is behind up to {@link #LIVE_TOTAL_BATCHES} shared
     * out between the workers (at least 32 each; ~75 MB in all for 2 workers). Measured: in the first
     * 2 s of a capture at 130k packets/s the JIT compiler took the CPU the workers needed and 32
     * batches overflowed (bench/results/live-capture.md).
     */
    static final int LIVE_BATCHES = 32;
    static final int LIVE_TOTAL_BATCHES = 256;
    /** A live capture's batch: segments, and bytes of addresses and payload. */
    static final int BATCH_SEGMENTS = 1024;
    static final int BATCH_BYTES = 256 * 1024;
    /**
     * A file's batch, twice as large: reading a file outruns the workers, so the reader waits for a
     * free batch and a worker wakes it, once per batch (a park and an unpark, each a system call).
     * Half as many batches cut that CPU by half (1 GiB profile: 150-165 -> 80-85 ms); 4096 segments cut
     * it a little more, but the worker's flow table then ran 5% slower (a batch no longer fits the
     * core's cache). Still bounded: {@link #BATCHES} per worker, ~0.6 MB each.
     */
    static final int FILE_BATCH_SEGMENTS = 2048;
    static final int FILE_BATCH_BYTES = 512 * 1024;
    private static final long WAIT_MS = 20;

    private final CaptureStats readerStats = new CaptureStats();
    private final PipelineFailure failure = new PipelineFailure();
    private final ShardWorker[] workers;
    private final RecordMerger merger;
    private final Dispatcher dispatcher;
    private final PacketDissector dissector;
    private final CountDownLatch done;
    private boolean finished;
    /** Made beforehand: recording a failure must not need memory (it may be an OutOfMemoryError). */
    private final IOException closedEarly = new IOException("pipeline closed before the end of its input");

    /**
     * Starts the workers and the merger.
     *
     * @param cfg flow table settings; {@code maxFlows} is shared out between the workers
     * @param inputNames names of the inputs, indexed by {@code Frame.source}
     * @param workers decoder threads (at least 1)
     * @param sink receives every record in id order, on the merger thread
     */
    public Pipeline(FlowTableConfig cfg, List<String> inputNames, int workers, Overflow overflow,
                    Consumer<HandshakeRecord> sink) {
        this(cfg, inputNames, workers, overflow, sink, HandshakeDecoderFactory::new, true);
    }

    /**
     * @param inIdOrder false: the sink gets the records in no particular order (it orders them itself),
     *     and the pipeline holds none of them waiting for an older connection to end
     */
    public Pipeline(FlowTableConfig cfg, List<String> inputNames, int workers, Overflow overflow,
                    Consumer<HandshakeRecord> sink, boolean inIdOrder) {
        this(cfg, inputNames, workers, overflow, sink, HandshakeDecoderFactory::new, inIdOrder);
    }

    Pipeline(FlowTableConfig cfg, List<String> inputNames, int workers, Overflow overflow,
             Consumer<HandshakeRecord> sink, ShardWorker.DecoderSetup decoders) {
        this(cfg, inputNames, workers, overflow, sink, decoders, true, LIVE_TOTAL_BATCHES);
    }

    Pipeline(FlowTableConfig cfg, List<String> inputNames, int workers, Overflow overflow,
             Consumer<HandshakeRecord> sink, ShardWorker.DecoderSetup decoders, boolean inIdOrder) {
        this(cfg, inputNames, workers, overflow, sink, decoders, inIdOrder, LIVE_TOTAL_BATCHES);
    }

    /** A test's bound of the live queues, records in id order. */
    Pipeline(FlowTableConfig cfg, List<String> inputNames, int workers, Overflow overflow,
             Consumer<HandshakeRecord> sink, ShardWorker.DecoderSetup decoders, int liveTotalBatches) {
        this(cfg, inputNames, workers, overflow, sink, decoders, true, liveTotalBatches);
    }

    /** @param liveTotalBatches the bound of all the workers' queues together with {@link Overflow#DROP} */
    Pipeline(FlowTableConfig cfg, List<String> inputNames, int workers, Overflow overflow,
             Consumer<HandshakeRecord> sink, ShardWorker.DecoderSetup decoders, boolean inIdOrder,
             int liveTotalBatches) {
        int n = Math.max(1, workers);
        FlowTableConfig shard = cfg.share(n);
        this.merger = new RecordMerger(n, sink, failure, inIdOrder);
        this.workers = new ShardWorker[n];
        for (int i = 0; i < n; i++) {
            int batches = overflow == Overflow.DROP ? LIVE_BATCHES : BATCHES;
            int maxBatches = overflow == Overflow.DROP ? Math.max(LIVE_BATCHES, liveTotalBatches / n) : BATCHES;
            boolean live = overflow == Overflow.DROP;
            this.workers[i] = new ShardWorker(i, shard, inputNames, decoders, batches, maxBatches,
                    live ? BATCH_SEGMENTS : FILE_BATCH_SEGMENTS, live ? BATCH_BYTES : FILE_BATCH_BYTES, merger, failure);
        }
        this.dispatcher = new Dispatcher(this.workers, new MonitoredPorts(cfg.serverPorts()), readerStats, overflow,
                failure);
        this.dissector = new PacketDissector(dispatcher, readerStats);
        this.done = new CountDownLatch(n + 1);
        for (ShardWorker w : this.workers) {
            start("tlsinspect-worker-" + w.index, w::run);
        }
        start("tlsinspect-merger", merger::run);
    }

    /** A pipeline thread's body; true if it ran to the end of the input. */
    @FunctionalInterface
    interface Body {
        boolean run();
    }

    private void start(String name, Body body) {
        IllegalStateException died = new IllegalStateException("thread " + name + " ended before the end of the input");
        Thread t = new Thread(() -> {
            boolean completed = false;
            try {
                completed = body.run();
            } catch (Throwable e) {
                failure.fail(e); // the body records its own failures; this is for one its handler could not
            } finally {
                if (!completed) {
                    failure.fail(died); // a no-op if a failure is recorded already
                }
                done.countDown();
            }
        }, name);
        t.setDaemon(true);
        failure.watch(t);
        t.start();
    }

    public int workers() {
        return workers.length;
    }

    /** Where the reader feeds frames (from the reader thread only). */
    public PacketDissector dissector() {
        return dissector;
    }

    /** Capture time moves on without a packet, e.g. on a quiet link (reader thread only). */
    public void advanceTime(long tsNanos) {
        try {
            dispatcher.advanceTime(tsNanos);
        } catch (PipelineFailure.Aborted e) {
            // the failure is thrown by finish()
        }
    }

    /**
     * Reads the whole source on the calling thread, then {@link #finish}es. A failure of the source
     * (an IOException, a bad file) ends the run just as a worker's failure does.
     */
    public void read(FrameSource src, List<InputTally> tallies, BooleanSupplier stop, CaptureRunner.Progress progress)
            throws IOException {
        try {
            CaptureRunner.run(src, dissector, tallies, stop, progress);
        } catch (Throwable t) {
            failure.fail(t); // ignored if it is Aborted: a worker or the merger failed, and that is the error
            finished = true;
            awaitThreads();
            failure.rethrow();
        }
        finish();
    }

    /**
     * The input ended: hands every worker the rest and waits until every record has reached the sink.
     * Throws the first failure of the run, if there was one, instead of waiting any longer.
     */
    public void finish() throws IOException {
        try {
            dispatcher.finish();
            while (!done.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
                if (failure.failed()) {
                    break;
                }
            }
        } catch (PipelineFailure.Aborted e) {
            // fall through: the failure is rethrown below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.interrupted();
        }
        finished = true;
        if (failure.failed()) {
            awaitThreads(); // their memory is free when the caller handles the failure (it may be OutOfMemoryError)
        }
        failure.rethrow();
    }

    /** After a failure: waits a little for the threads to end, never long. */
    private void awaitThreads() {
        try {
            done.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the threads of a run that did not finish (an error on the reader's side); harmless after finish. */
    @Override
    public void close() {
        if (!finished) {
            failure.fail(closedEarly);
        }
    }

    /** Waits up to {@code ms} for every worker and the merger to end; true if they have. */
    boolean threadsEnded(long ms) throws InterruptedException {
        return done.await(ms, TimeUnit.MILLISECONDS);
    }

    /** Segments dropped because a worker's queue was full (only with {@link Overflow#DROP}). */
    public long queueDrops() {
        return dispatcher.queueDrops();
    }

    /** Connections tracked now by all workers (for live summaries: approximate while the workers run). */
    public int openFlows() {
        int n = 0;
        for (ShardWorker w : workers) {
            n += w.openFlows();
        }
        return n;
    }

    /** Link types met that this tool cannot decode. */
    public Set<String> unsupportedLinkTypes() {
        return dissector.unsupportedLinkTypes();
    }

    /** Capture counters of the reader and every worker, added up; complete after {@link #finish}. */
    public CaptureStats captureStats() {
        CaptureStats total = new CaptureStats();
        total.add(readerStats);
        for (ShardWorker w : workers) {
            total.add(w.captureStats);
        }
        return total;
    }

    public DecoderStats decoderStats() {
        DecoderStats total = new DecoderStats();
        for (ShardWorker w : workers) {
            total.add(w.decoderStats);
        }
        return total;
    }

    /** Counters of capture and decoder, capture first, in report order. */
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>(captureStats().asMap());
        for (Map.Entry<String, Long> e : decoderStats().asMap().entrySet()) {
            m.putIfAbsent(e.getKey(), e.getValue());
        }
        return m;
    }

    /** Records passed to the sink so far. */
    public long records() {
        return merger.released();
    }
}
