package io.tlsinspect.cli.run;

import io.tlsinspect.cli.output.ReportOutput;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a run ends when it does not end by itself: running out of memory anywhere, a thread dying, or
 * SIGINT/SIGTERM during {@code analyze}. Each ends the process at once with one line on stderr, the
 * contract's exit code (1; 130/143 for signals, the JVM's 128+signal) and no temporary file left
 * (DESIGN §3: never a hang, never a stack trace).
 *
 * <p>Only the real process ({@link #forProcess}) installs handlers and halts; a run inside a test JVM
 * ({@link #inProcess}) reports the same lines and returns the exit code instead.
 */
public final class ProcessGuard {
    /** Kept free until memory runs out, so the last line can still be written then. */
    private static final int RESERVE = 1 << 20;

    private final ReportOutput output = new ReportOutput();
    private final PrintStream err;
    private final boolean ownsProcess;
    private final AtomicBoolean ending = new AtomicBoolean();
    /** Counted down once the ending line is out: a second fatal error in another thread waits for it. */
    private final CountDownLatch said = new CountDownLatch(1);
    private final String outOfMemoryLine;
    private volatile byte[] reserve;
    private volatile boolean commandDone;

    private ProcessGuard(PrintStream err, boolean ownsProcess) {
        this.err = err;
        this.ownsProcess = ownsProcess;
        this.outOfMemoryLine = outOfMemoryLine(Runtime.getRuntime().maxMemory());
    }

    /** For {@code main}: a memory reserve, and every thread's uncaught error ends the process. */
    public static ProcessGuard forProcess(PrintStream err) {
        ProcessGuard g = new ProcessGuard(err, true);
        g.reserve = new byte[(int) Math.min(RESERVE, Runtime.getRuntime().maxMemory() / 16)];
        Thread.setDefaultUncaughtExceptionHandler(g::threadDied);
        return g;
    }

    /** For a run inside another program (tests): nothing global is touched. */
    public static ProcessGuard inProcess(PrintStream err) {
        return new ProcessGuard(err, false);
    }

    /** The run's report writer: its temporary files are what a signal or a fatal error removes. */
    public ReportOutput output() {
        return output;
    }

    /** "tlsinspect: out of memory ... JAVA_OPTS=-Xmx..." with a heap twice the current one, rounded up. */
    static String outOfMemoryLine(long maxHeap) {
        long mb = Math.max(64, Long.highestOneBit(Math.max(1, maxHeap >> 20)) << 1);
        String bigger = mb >= 1024 && mb % 1024 == 0 ? (mb / 1024) + "g" : mb + "m";
        return "tlsinspect: out of memory: the Java heap (at most " + (maxHeap >> 20) + " MB) is too small for this"
                + " input; give it more, e.g. JAVA_OPTS=-Xmx" + bigger;
    }

    /**
     * Memory ran out (in any thread): no temporary file stays, one line, exit 1. In the real process
     * this never returns: whatever still holds memory cannot be trusted to finish.
     */
    public int outOfMemory() {
        reserve = null;
        if (!ending.compareAndSet(false, true) && ownsProcess) {
            awaitOtherThenHalt(); // another thread met it first and is saying so
        }
        String state = output.abandon();
        err.println(outOfMemoryLine + " (" + state + ")");
        err.flush();
        said.countDown();
        if (ownsProcess) {
            Runtime.getRuntime().halt(1);
        }
        return 1;
    }

    private void threadDied(Thread t, Throwable e) {
        if (e instanceof OutOfMemoryError) {
            outOfMemory();
            return;
        }
        reserve = null;
        if (!ending.compareAndSet(false, true)) {
            awaitOtherThenHalt();
        }
        String state = output.abandon();
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
        err.println("tlsinspect: internal error in thread " + t.getName() + ": " + m + " (" + state
                + "; set TLSINSPECT_DEBUG=1 for details)");
        if ("1".equals(System.getenv("TLSINSPECT_DEBUG"))) {
            e.printStackTrace(err);
        }
        err.flush();
        Runtime.getRuntime().halt(1);
    }

    /** Lets the thread already ending the process finish its line, then ends it in any case. */
    private void awaitOtherThenHalt() {
        try {
            said.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            // halt anyway
        }
        Runtime.getRuntime().halt(1);
    }

    /**
     * For {@code analyze}: SIGINT, SIGTERM or SIGHUP before the command is done removes the report's
     * temporary file and says so; the JVM then exits with 128+signal (130, 143, 129). Shutdown hooks run
     * while the other threads still run, so this takes no lock the analysis could hold for long.
     */
    public void stopOnSignal() {
        if (!ownsProcess) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (commandDone || !ending.compareAndSet(false, true)) {
                return;
            }
            String state = output.abandon();
            err.println("tlsinspect: stopped by signal, " + state);
            err.flush();
            said.countDown();
        }, "tlsinspect-signal"));
    }

    /** {@code err} as the command sees it: silent once the process is ending (its one line is said). */
    public PrintStream quietWhenEnding(PrintStream err) {
        return new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                if (!ending.get()) {
                    err.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (!ending.get()) {
                    err.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                err.flush();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The command returned (report written or error said): from here the process ends by its own exit. */
    public void commandDone() {
        commandDone = true;
    }
}
