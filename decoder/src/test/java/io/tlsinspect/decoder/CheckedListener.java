package io.tlsinspect.decoder;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.ConnectionListener;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.preamble.PreambleStage;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * Sits between a flow table (real or played) and the decoder's listener for one connection, and
 * checks DESIGN §3 at every call: nothing thrown out of the listener (the real flow table would
 * swallow it, so the first one is kept here with its stack trace), {@code onClose} once, and never
 * more buffered than two directions' caps. It also sums the bytes the listener allocates, unless a
 * class was loaded meanwhile: loading (and, when fuzzing, instrumenting) classes allocates megabytes
 * on the calling thread that say nothing about the input.
 */
final class CheckedListener implements ConnectionListener {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    /** A TCP connection's decoder, or (issue 11) a QUIC flow's listener. */
    private final ConnectionListener decoder;
    private final int cap;
    private RuntimeException thrown;
    private int closes;
    private int maxBuffered;
    private int maxPreamble;
    private long allocated;
    private final long classesAtStart = loadedClasses();

    CheckedListener(ConnectionListener decoder, int cap) {
        this.decoder = decoder;
        this.cap = cap;
    }

    /** Bytes allocated so far by this thread (HotSpot's per-thread counter). */
    static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Classes loaded so far in this JVM: when it moved, an allocation count is not the input's doing. */
    static long loadedClasses() {
        return CLASSES.getTotalLoadedClassCount();
    }

    /** Whether no class was loaded since this listener was made, so {@link #allocated} means something. */
    boolean allocationMeasurable() {
        return loadedClasses() == classesAtStart;
    }

    @Override
    public boolean onData(Direction dir, long tsNanos, long streamOffset, byte[] buf, int off, int len) {
        long a = allocatedBytes();
        try {
            return decoder.onData(dir, tsNanos, streamOffset, buf, off, len);
        } catch (RuntimeException e) {
            throw keep(e);
        } finally {
            after(a);
        }
    }

    @Override
    public void onGap(Direction dir, long tsNanos, long streamOffset, long length) {
        long a = allocatedBytes();
        try {
            decoder.onGap(dir, tsNanos, streamOffset, length);
        } catch (RuntimeException e) {
            throw keep(e);
        } finally {
            after(a);
        }
    }

    @Override
    public void onDatagram(Direction dir, long tsNanos, byte[] buf, int off, int len) { // issue 11: QUIC
        long a = allocatedBytes();
        try {
            decoder.onDatagram(dir, tsNanos, buf, off, len);
        } catch (RuntimeException e) {
            throw keep(e);
        } finally {
            after(a);
        }
    }

    @Override
    public void onUnreachable(long tsNanos) {
        long a = allocatedBytes();
        try {
            decoder.onUnreachable(tsNanos);
        } catch (RuntimeException e) {
            throw keep(e);
        } finally {
            after(a);
        }
    }

    @Override
    public void onFin(Direction dir, long tsNanos) {
        long a = allocatedBytes();
        try {
            decoder.onFin(dir, tsNanos);
        } catch (RuntimeException e) {
            throw keep(e);
        } finally {
            after(a);
        }
    }

    @Override
    public void onRst(Direction dir, long tsNanos) {
        long a = allocatedBytes();
        try {
            decoder.onRst(dir, tsNanos);
        } catch (RuntimeException e) {
            throw keep(e);
        } finally {
            after(a);
        }
    }

    @Override
    public void onClose(ConnectionInfo info, EndReason reason, long tsNanos) {
        closes++;
        long a = allocatedBytes();
        try {
            decoder.onClose(info, reason, tsNanos);
        } catch (RuntimeException e) {
            throw keep(e);
        } finally {
            after(a);
        }
    }

    private RuntimeException keep(RuntimeException e) {
        if (thrown == null) {
            thrown = e;
        }
        return e;
    }

    private void after(long allocatedBefore) {
        allocated += allocatedBytes() - allocatedBefore;
        if (decoder instanceof ConnectionDecoder d) { // a QUIC listener's CRYPTO buffers are capped by CryptoFrames.CAP
            maxBuffered = Math.max(maxBuffered, d.tlsBuffered());
            maxPreamble = Math.max(maxPreamble, d.preambleBuffered());
        }
    }

    /** Throws an AssertionError if any call broke the listener contract or the buffer bound. */
    void verify() {
        if (thrown != null) {
            throw new AssertionError("exception escaped the decoder's listener", thrown);
        }
        if (closes != 1) {
            throw new AssertionError("onClose called " + closes + " times");
        }
        if (maxBuffered > 2 * cap) {
            throw new AssertionError("connection's TLS decoders buffered " + maxBuffered + " bytes, cap is 2 x " + cap);
        }
        // The preamble stage has its own bound (the longest plaintext conversation before TLS it reads),
        // not the TLS decoder's cap: a fuzz input with the harness's small cap found it holding 2,903 bytes.
        if (maxPreamble > 2 * PreambleStage.LIMIT) {
            throw new AssertionError("preamble stage buffered " + maxPreamble + " bytes, limit is 2 x "
                    + PreambleStage.LIMIT);
        }
    }

    long allocated() {
        return allocated;
    }
}
