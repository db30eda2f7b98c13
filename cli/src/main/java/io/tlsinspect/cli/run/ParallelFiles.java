package io.tlsinspect.cli.run;

import io.tlsinspect.capture.CaptureRunner;
import io.tlsinspect.capture.file.CaptureFileReader;
import io.tlsinspect.capture.file.MergedSource;
import io.tlsinspect.capture.packet.FrameSource;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Reads saved captures with several threads: each thread reads the whole input (reading is cheap;
 * tcpdump -r speed) but decodes only its shard of the connections, so the threads share nothing and
 * need no queues or copies. Standard input can be read once only, so it gets one thread.
 */
public final class ParallelFiles {
    private ParallelFiles() {
    }

    public record Result(List<Inspection> shards, List<String> warnings, java.util.Set<String> unsupportedLinkTypes,
                         long unsupportedLinkPackets) {
    }

    /**
     * @param progress receives bytes read by shard 0 (every shard reads the same bytes)
     */
    public static Result run(List<String> files, FlowTableConfig cfg, int threads, LongConsumer progress)
            throws IOException {
        int n = files.contains("-") ? 1 : Math.max(1, threads);
        // Open every input of shard 0 first so a bad file fails before any work starts.
        List<List<CaptureFileReader>> readers = new ArrayList<>();
        try {
            for (int s = 0; s < n; s++) {
                List<CaptureFileReader> rs = new ArrayList<>();
                readers.add(rs);
                for (String f : files) {
                    rs.add(CaptureFileReader.open(f));
                }
            }
            List<Inspection> shards = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                shards.add(new Inspection(cfg, files, s, n));
            }
            // Plain threads, waited for with join(): a thread killed by an error thrown where no catch
            // could run (an OutOfMemoryError inside FutureTask's own bookkeeping) is still seen to be gone,
            // where FutureTask.get() waited for it forever (issue 9).
            AtomicReference<Throwable> failure = new AtomicReference<>();
            boolean[] finished = new boolean[n];
            Thread[] workers = new Thread[n];
            for (int s = 0; s < n; s++) {
                int shard = s;
                List<CaptureFileReader> rs = readers.get(s);
                workers[s] = new Thread(() -> {
                    try {
                        FrameSource src = rs.size() == 1 ? rs.get(0) : new MergedSource(rs);
                        Inspection insp = shards.get(shard);
                        CaptureRunner.run(src, insp.dissector(), insp.tallies(), () -> failure.get() != null,
                                shard == 0 && progress != null
                                        ? f -> progress.accept(rs.stream().mapToLong(CaptureFileReader::bytesRead).sum())
                                        : null);
                        insp.finish();
                        finished[shard] = true;
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }, "tlsinspect-shard-" + s);
                workers[s].setDaemon(true);
                workers[s].start();
            }
            try {
                boolean alive = true;
                while (alive && failure.get() == null) {
                    alive = false;
                    for (Thread t : workers) {
                        t.join(50);
                        alive |= t.isAlive();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            Throwable c = failure.get();
            for (int s = 0; c == null && s < n; s++) {
                if (!finished[s]) {
                    c = new IllegalStateException("worker thread " + workers[s].getName() + " ended without finishing");
                }
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            if (c != null) {
                throw new IOException(c);
            }
            List<String> warnings = new ArrayList<>();
            for (CaptureFileReader r : readers.get(0)) {
                for (String w : r.warnings()) {
                    warnings.add(r.name() + ": " + w);
                }
            }
            Inspection first = shards.get(0);
            return new Result(shards, warnings, first.dissector().unsupportedLinkTypes(),
                    first.captureStats().unsupportedLinkPackets);
        } finally {
            for (List<CaptureFileReader> rs : readers) {
                for (CaptureFileReader r : rs) {
                    try {
                        r.close();
                    } catch (IOException ignored) {
                        // a finished input: closing it cannot change the result
                    }
                }
            }
        }
    }
}
