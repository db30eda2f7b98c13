package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 ("never hang") and issue 13 points 2 and 8: running out of memory ends the run at once with
 * one line naming JAVA_OPTS=-Xmx and exit 1; SIGTERM/SIGINT during analyze stops within a second with
 * 143/130 and "stopped by signal, no report written"; neither leaves a report or a temporary file.
 * Each test waits on a fact (bytes the child has taken from a pipe, a temporary file that has grown),
 * never on a sleep.
 */
class StopTest {
    @TempDir
    static Path shared;
    /** About 10,800 connections of real handshakes: far more than a 16 MB heap holds. */
    static Path big;

    @BeforeAll
    static void bigCapture() throws IOException {
        big = BigCapture.file(shared, 900);
    }

    @ParameterizedTest(name = "--threads {0}")
    @ValueSource(ints = {1, 2})
    void runningOutOfMemoryEndsTheRunWithOneLineAndNoFile(int threads) throws IOException {
        Path dir = Files.createTempDirectory(shared, "oom");
        Path report = dir.resolve("r.json");
        Child.Result r = Child.run(new ProcessBuilder(Child.command(List.of("-Xmx16m"), "analyze", "--no-progress",
                "--threads", Integer.toString(threads), "--format", "json", "-o", report.toString(), big.toString())), 120);
        Child.oneLine(r, 1, "JAVA_OPTS=-Xmx");
        assertThat(r.err()).contains("out of memory").contains("no report written");
        assertThat(report).doesNotExist();
        assertThat(Child.leftovers(dir)).isEmpty();
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalWhileReadingStopsWithinASecond(String signal) throws Exception {
        assumeSignalDeliverable(signal);
        Path dir = Files.createTempDirectory(shared, "sig");
        Path report = dir.resolve("r.json");
        Process p = new ProcessBuilder(Child.command(List.of(), "analyze", "--no-progress", "--format", "json", "-o",
                report.toString(), "-")).start();
        Child.Drain out = new Child.Drain(p.getInputStream());
        Child.Drain err = new Child.Drain(p.getErrorStream());
        ByteArrayOutputStream capture = new ByteArrayOutputStream();
        BigCapture.write(capture, 120);
        byte[] bytes = capture.toByteArray();
        assertThat(bytes.length).isGreaterThan(5 << 20);
        OutputStream stdin = p.getOutputStream();
        // The fact: a pipe holds 64 KiB, so once 4 MiB are written the child has read at least 4 MiB - 64 KiB.
        stdin.write(bytes, 0, 4 << 20);
        stdin.flush();
        assertThat(p.isAlive()).as("still reading: the rest of the capture has not been sent").isTrue();
        long t0 = System.nanoTime();
        signal(p.pid(), signal);
        Child.Result r = Child.finish(p, out, err, 30);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        closeQuietly(stdin);
        Child.oneLine(r, signal.equals("TERM") ? 143 : 130, "stopped by signal, no report written");
        assertThat(ms).as("milliseconds from the signal to the end").isLessThan(1000);
        assertThat(report).doesNotExist();
        assertThat(Child.leftovers(dir)).isEmpty();
    }

    @Test
    void aSignalWhileTheReportIsWrittenLeavesNoTemporaryFile() throws Exception {
        Path dir = Files.createTempDirectory(shared, "render");
        Path report = dir.resolve("r.json");
        Process p = new ProcessBuilder(Child.command(List.of(), "analyze", "--no-progress", "--format", "json", "-o",
                report.toString(), big.toString())).start();
        Child.Drain out = new Child.Drain(p.getInputStream());
        Child.Drain err = new Child.Drain(p.getErrorStream());
        // The fact: the report's temporary file exists beside the target and has grown (rendering is under way).
        Path tmp = null;
        while (tmp == null && p.isAlive()) {
            List<Path> l = Child.leftovers(dir);
            if (!l.isEmpty() && Files.exists(l.get(0)) && sizeOf(l.get(0)) > 0) {
                tmp = l.get(0);
            } else {
                Thread.sleep(5);
            }
        }
        assertThat(tmp).as("a temporary file seen while the report was rendered; stderr: " + (p.isAlive() ? "" : err.text()))
                .isNotNull();
        long t0 = System.nanoTime();
        signal(p.pid(), "TERM");
        Child.Result r = Child.finish(p, out, err, 30);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Child.oneLine(r, 143, "stopped by signal, no report written");
        assertThat(ms).as("milliseconds from the signal to the end").isLessThan(1000);
        assertThat(tmp).doesNotExist();
        assertThat(report).doesNotExist();
        assertThat(Child.leftovers(dir)).isEmpty();
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0; // renamed or removed meanwhile
        }
    }

    static void signal(long pid, String name) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(k.waitFor()).as("kill -" + name).isZero();
    }

    /**
     * A signal ignored by this JVM is ignored by its children too, and a JVM does not handle a signal it
     * started with ignored (a background job of a non-interactive shell ignores SIGINT).
     */
    static void assumeSignalDeliverable(String name) throws IOException {
        int number = name.equals("INT") ? 2 : 15;
        String ign = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("SigIgn:"))
                .findFirst().orElse("SigIgn:\t0").substring(7).trim();
        boolean ignored = (Long.parseUnsignedLong(ign, 16) & (1L << (number - 1))) != 0;
        if (ignored) {
            System.out.println("StopTest: SIG" + name + " not tested: this JVM started with it ignored, so its"
                    + " children would too (run the tests from a foreground shell)");
        }
        assumeThat(ignored).as("SIG" + name + " is ignored by this JVM").isFalse();
    }

    private static void closeQuietly(OutputStream o) {
        try {
            o.close();
        } catch (IOException e) {
            // the child is gone: a broken pipe is expected
        }
    }
}
