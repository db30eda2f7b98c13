package io.tlsinspect.cli.run;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;

/**
 * The first failure of any thread of one pipeline run, and the signal that ends the run. Whatever
 * thread fails (an exception, or an Error such as OutOfMemoryError) records it here; the others stop
 * at their next wait instead of waiting for a thread that is gone, and the caller gets that one
 * failure, with its original type. Recording allocates nothing, so it works when memory has run out.
 */
final class PipelineFailure {
    /** Thrown inside the pipeline to unwind a thread once the run has failed elsewhere; never escapes. */
    static final class Aborted extends RuntimeException {
        private static final Aborted INSTANCE = new Aborted();

        private Aborted() {
            super("pipeline aborted", null, false, false);
        }
    }

    static {
        // Loaded and initialised now, not on the first failure: that may be an OutOfMemoryError, and
        // loading a class then would fail too and lose the failure.
        Aborted.INSTANCE.getClass();
    }

    /** Set once, under the lock: a monitor needs no heap, where a first AtomicReference CAS may link a VarHandle. */
    private volatile Throwable first;
    /** Replaced, never changed, so that {@link #fail} can walk it without allocating. */
    private volatile Thread[] threads = new Thread[0];

    /** A pipeline thread to interrupt when the run fails (it may be blocked on a queue). */
    synchronized void watch(Thread t) {
        Thread[] more = Arrays.copyOf(threads, threads.length + 1);
        more[threads.length] = t;
        threads = more;
    }

    /** Records {@code t} if it is the first failure, and wakes every pipeline thread but the caller. */
    void fail(Throwable t) {
        if (t instanceof Aborted) {
            return;
        }
        synchronized (this) {
            if (first != null) {
                return;
            }
            first = t;
        }
        for (Thread th : threads) {
            if (th != Thread.currentThread()) {
                th.interrupt();
            }
        }
    }

    boolean failed() {
        return first != null;
    }

    /** Unwinds the calling pipeline thread if the run has failed. */
    void check() {
        if (first != null) {
            throw Aborted.INSTANCE;
        }
    }

    /**
     * The calling thread was interrupted while it waited. Pipeline threads are interrupted only by
     * {@link #fail}, so the failure is usually recorded already; otherwise the run was cancelled.
     */
    Aborted interrupted() {
        if (first == null) {
            fail(new InterruptedIOException("interrupted"));
        }
        return Aborted.INSTANCE;
    }

    /** Throws the first failure as what it was: an IOException, a RuntimeException or an Error. */
    void rethrow() throws IOException {
        Throwable t = first;
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IOException(t);
    }
}
