package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.RecordSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One read of the records for every detector that asks for a pass at the same time (DESIGN §9: a
 * pass over the spill file decodes every record, and fourteen detectors each reading it once or
 * twice made the analysis most of a run). Each detector runs on its own thread (a party) and
 * iterates {@code ctx.sorted()} as it would alone; a round starts when every party still running is
 * waiting for a pass, and {@link #serve} reads the source once for all of them, handing each the
 * same batches in order. A detector that reads twice gets its second pass in the next round, with
 * the others' second passes.
 *
 * <p>Bounded: a party may be at most {@link #QUEUED} batches behind the reader, so the records
 * in flight are a few batches whatever the number of parties. A party holds one pass at a time:
 * asking for another abandons the first, and reading an abandoned pass fails loudly (never hangs).
 */
final class SharedPasses implements RecordSource {
    /**
     * Records per hand-over. Every batch wakes each of the sixteen parties once; at 256 a 1 GiB
     * capture's three passes made some 80,000 wake-ups on two cores and the reader waited in offer
     * for most of the findings' second (async-profiler, wall clock). 2048: a few MB in flight.
     */
    private static final int BATCH = 2048;
    private static final int QUEUED = 4;
    private static final long WAIT_MS = 20;
    private static final HandshakeRecord[] END = new HandshakeRecord[0];

    private final RecordSource source;
    private final int batchSize;
    private final Object lock = new Object();
    private final Map<Thread, Pass> open = new HashMap<>(); // each party's pass
    private List<Pass> waiting = new ArrayList<>();
    private int active;
    private volatile Throwable failure;

    SharedPasses(RecordSource source, int parties) {
        this(source, parties, BATCH);
    }

    /** With {@code batch} records per hand-over (tests: many batches from few records). */
    SharedPasses(RecordSource source, int parties, int batch) {
        this.source = source;
        this.active = parties;
        this.batchSize = batch;
    }

    @Override
    public long size() {
        return source.size();
    }

    /** A pass for the calling party, served in the next round. */
    @Override
    public Iterator<HandshakeRecord> iterator() {
        Pass p = new Pass();
        synchronized (lock) {
            Pass old = open.put(Thread.currentThread(), p);
            if (old != null) {
                old.abandoned = true;
                waiting.remove(old);
            }
            waiting.add(p);
            lock.notifyAll();
        }
        return p;
    }

    /** The calling party reads no more (it finished, or failed). */
    void done() {
        synchronized (lock) {
            Pass old = open.remove(Thread.currentThread());
            if (old != null) {
                old.abandoned = true;
                waiting.remove(old);
            }
            active--;
            lock.notifyAll();
        }
    }

    /** Reads the source once per round until every party is done (on the calling thread, not a party). */
    void serve() throws InterruptedException {
        try {
            while (true) {
                List<Pass> round;
                synchronized (lock) {
                    while (active > 0 && waiting.size() < active) {
                        lock.wait();
                    }
                    if (active == 0) {
                        return;
                    }
                    round = waiting;
                    waiting = new ArrayList<>();
                }
                HandshakeRecord[] batch = new HandshakeRecord[batchSize];
                int n = 0;
                for (HandshakeRecord r : source) {
                    batch[n++] = r;
                    if (n == batchSize) {
                        publish(round, batch);
                        batch = new HandshakeRecord[batchSize];
                        n = 0;
                    }
                }
                if (n > 0) {
                    publish(round, java.util.Arrays.copyOf(batch, n));
                }
                publish(round, END);
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            failure = e; // every party waiting on a pass stops at its next poll
            throw e;
        }
    }

    private void publish(List<Pass> round, HandshakeRecord[] batch) throws InterruptedException {
        for (Pass p : round) {
            while (!p.abandoned && !p.queue.offer(batch, WAIT_MS, TimeUnit.MILLISECONDS)) {
                // a slow party: wait for it, unless it has moved on or stopped
            }
        }
    }

    /** One party's pass: the batches of its round, in order. */
    private final class Pass implements Iterator<HandshakeRecord> {
        final ArrayBlockingQueue<HandshakeRecord[]> queue = new ArrayBlockingQueue<>(QUEUED);
        volatile boolean abandoned;
        private HandshakeRecord[] batch = END;
        private int i;
        private boolean ended;

        /**
         * Every detector calls this and {@link #next} once per record: the common case, a record left
         * in the batch, is one comparison; taking the next batch is apart ({@link #refill}).
         */
        @Override
        public boolean hasNext() {
            return i < batch.length || refill();
        }

        @Override
        public HandshakeRecord next() {
            if (i >= batch.length && !refill()) {
                throw new NoSuchElementException();
            }
            return batch[i++];
        }

        /** Takes batches until one holds a record (true) or the pass ends (false). */
        private boolean refill() {
            while (!ended && i >= batch.length) {
                batch = take();
                i = 0;
                ended = batch == END;
            }
            return !ended;
        }

        private HandshakeRecord[] take() {
            try {
                HandshakeRecord[] b;
                while ((b = queue.poll(WAIT_MS, TimeUnit.MILLISECONDS)) == null) {
                    if (failure != null) {
                        throw new IllegalStateException("reading the records failed", failure);
                    }
                    if (abandoned) {
                        throw new IllegalStateException("a detector read two passes at once: not supported");
                    }
                }
                return b;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the records", e);
            }
        }
    }
}
