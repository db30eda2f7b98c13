package io.tlsinspect.cli.output;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An output stream that hands its bytes, {@link #CHUNK} at a time, to a thread of its own which
 * writes them to the stream below: rendering a report and the system calls that store it overlap.
 * Every connection as JSON Lines is gigabytes for a busy server's capture (4 GB for 10 GiB of
 * packets), and copying them into the page cache took the rendering thread 11 s of the 10 GiB run's
 * kernel time (async-profiler: {@code write} -> {@code copy_folio_from_iter_atomic}) while the second
 * core had nothing left to do.
 *
 * <p>Bounded: {@link #CHUNKS} buffers in all. Errors of the stream below are thrown, as they were,
 * by the next {@link #write}, {@link #flush} or {@link #close}, so the caller sees the system's
 * reason ("No space left on device"). {@link #flush} and {@link #close} return once everything
 * before them is written (and flushed, or closed) below.
 */
final class BackgroundWriter extends OutputStream {
    static final int CHUNK = 1 << 20;
    static final int CHUNKS = 3;
    private static final long WAIT_MS = 20;

    /** A filled buffer, or (with a latch) a flush or the close of the stream below. */
    private record Job(byte[] bytes, int length, CountDownLatch done, boolean close) {
    }

    private final OutputStream out;
    /** False for standard output: {@link #close} then flushes the stream below and leaves it open. */
    private final boolean closeBelow;
    private final ArrayBlockingQueue<Job> jobs = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private volatile Throwable failure;
    private boolean reported;
    private byte[] buf;
    private int n;
    private boolean closed;

    BackgroundWriter(OutputStream out, String name) {
        this(out, name, true);
    }

    BackgroundWriter(OutputStream out, String name, boolean closeBelow) {
        this.out = out;
        this.closeBelow = closeBelow;
        for (int i = 1; i < CHUNKS; i++) {
            free.add(new byte[CHUNK]);
        }
        buf = new byte[CHUNK];
        Thread writer = new Thread(this::run, name);
        writer.setDaemon(true); // a run ended by a signal or an error does not wait for it
        writer.start();
    }

    private void run() {
        try {
            while (true) {
                Job j = jobs.take();
                if (j.bytes() != null) {
                    out.write(j.bytes(), 0, j.length());
                    free.add(j.bytes());
                }
                if (j.close()) {
                    if (closeBelow) {
                        out.close();
                    } else {
                        out.flush();
                    }
                    if (j.done() != null) {
                        j.done().countDown();
                    }
                    return;
                }
                if (j.done() != null) {
                    out.flush();
                    j.done().countDown();
                }
            }
        } catch (Throwable t) { // IOException above all; the caller throws it at its next call
            failure = t;
            if (closeBelow) {
                try {
                    out.close(); // the caller's close will throw the failure and never reach the stream below
                } catch (Throwable ignored) {
                    // the first failure is the one to report
                }
            }
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (n == buf.length) {
            hand(null, false);
        }
        buf[n++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (len > 0) {
            if (n == buf.length) {
                hand(null, false);
            }
            int k = Math.min(len, buf.length - n);
            System.arraycopy(b, off, buf, n, k);
            n += k;
            off += k;
            len -= k;
        }
    }

    @Override
    public void flush() throws IOException {
        if (closed) {
            return; // everything was written when it closed
        }
        CountDownLatch done = new CountDownLatch(1);
        hand(done, false);
        await(done);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        CountDownLatch done = new CountDownLatch(1);
        hand(done, true);
        await(done);
    }

    /**
     * Ends the writer thread without waiting and without throwing, dropping what was not handed on:
     * for a caller that has flushed, or failed, and must not close the stream below (standard output).
     */
    void end() {
        if (closed) {
            return;
        }
        closed = true;
        if (failure == null) {
            jobs.offer(new Job(null, 0, null, true)); // the writer takes it after what is queued, then returns
        }
    }

    /** Queues what the buffer holds (and {@code done}'s job), then takes a free buffer. */
    private void hand(CountDownLatch done, boolean close) throws IOException {
        check();
        put(new Job(n > 0 ? buf : null, n, done, close));
        if (n > 0) {
            buf = null;
            n = 0;
            if (!close) {
                buf = take();
            }
        }
    }

    private void put(Job j) throws IOException {
        try {
            while (!jobs.offer(j, WAIT_MS, TimeUnit.MILLISECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the report");
        }
    }

    private byte[] take() throws IOException {
        try {
            byte[] b;
            while ((b = free.poll(WAIT_MS, TimeUnit.MILLISECONDS)) == null) {
                check();
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the report");
        }
    }

    private void await(CountDownLatch done) throws IOException {
        try {
            while (!done.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the report");
        }
        check();
    }

    /**
     * Throws the writer thread's failure: the first time as it was (an IOException or unchecked), so
     * the caller's handling and messages apply; afterwards a new exception caused by it, as a
     * try-with-resources adds the close's exception to the body's, and one cannot suppress itself.
     */
    private void check() throws IOException {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (reported) {
            throw new IOException(t.getMessage(), t);
        }
        reported = true;
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IOException(t);
    }
}
