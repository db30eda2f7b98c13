package io.tlsinspect.capture.live;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns SIGINT/SIGTERM/SIGHUP into "stop capturing, write the final report, close the pcap, exit 0".
 *
 * <p>The JVM answers those signals by running shutdown hooks and then exiting with 128+signal. The hook
 * installed here asks the capture loop to stop, waits until the loop says the report is written and
 * the files are closed, and then ends the process with the command's own exit code: an operator's
 * Ctrl-C is the normal way to end a live capture, not a failure. Only public APIs, no signal internals.
 */
public final class GracefulStop implements AutoCloseable {
    public static final String SIGNAL_REASON = "signal";

    private final StopConditions stop;
    private final Duration maxWait;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger(1);
    private final Thread hook;

    private GracefulStop(StopConditions stop, Duration maxWait) {
        this.stop = stop;
        this.maxWait = maxWait;
        this.hook = new Thread(this::onShutdown, "tlsinspect-graceful-stop");
    }

    /**
     * @param maxWait how long a signal waits for the final report before the process ends anyway (a
     *                stuck disk must not leave an unkillable process)
     */
    public static GracefulStop install(StopConditions stop, Duration maxWait) {
        GracefulStop g = new GracefulStop(stop, maxWait);
        Runtime.getRuntime().addShutdownHook(g.hook);
        return g;
    }

    /** The capture thread's last word: report written, files closed; a waiting signal may end the process. */
    public void finished(int code) {
        exitCode.set(code);
        done.countDown();
    }

    private void onShutdown() {
        stop.request(SIGNAL_REASON);
        boolean finished;
        try {
            finished = done.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            finished = false;
        }
        System.out.flush();
        System.err.flush();
        // halt, not exit: exit would block (shutdown is already in progress) and keep 128+signal.
        Runtime.getRuntime().halt(finished ? exitCode.get() : 1);
    }

    /** The run ended without a signal: the hook is no longer needed. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutdown already running: the hook is waiting for finished(), which was called
        }
    }
}
