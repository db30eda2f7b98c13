package io.tlsinspect.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The report's bytes reach the stream below whole and in order, and its errors reach the caller. */
class BackgroundWriterTest {
    /** Records what it gets, and on which thread, and how often it was flushed and closed. */
    static final class Below extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile int flushes;
        volatile int closes;
        volatile String thread;
        final long failAfter;
        final IOException failure = new IOException("No space left on device");

        Below(long failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            thread = Thread.currentThread().getName();
            if (bytes.size() + len > failAfter) {
                throw failure;
            }
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    /** Random writes (single bytes, small and larger than a chunk) and flushes: the same bytes below. */
    @RepeatedTest(20)
    void everyByteArrivesInOrder() throws IOException {
        Random rnd = new Random();
        long seed = rnd.nextLong();
        rnd.setSeed(seed);
        Below below = new Below(Long.MAX_VALUE);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        BackgroundWriter w = new BackgroundWriter(below, "test-writer");
        int writes = rnd.nextInt(200);
        for (int i = 0; i < writes; i++) {
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    int b = rnd.nextInt(256);
                    w.write(b);
                    expected.write(b);
                }
                case 1 -> {
                    byte[] b = new byte[rnd.nextInt(2 * BackgroundWriter.CHUNK + 10)];
                    rnd.nextBytes(b);
                    int off = b.length == 0 ? 0 : rnd.nextInt(b.length);
                    w.write(b, off, b.length - off);
                    expected.write(b, off, b.length - off);
                }
                case 2 -> {
                    byte[] b = new byte[rnd.nextInt(9000)];
                    rnd.nextBytes(b);
                    w.write(b);
                    expected.write(b);
                }
                default -> {
                    w.flush();
                    // flush returns once everything before it is below
                    assertThat(below.bytes.size()).as("seed %d", seed).isEqualTo(expected.size());
                }
            }
        }
        w.close();
        assertThat(below.bytes.toByteArray()).as("seed %d", seed).isEqualTo(expected.toByteArray());
        assertThat(below.closes).isEqualTo(1);
        if (expected.size() > 0) {
            assertThat(below.thread).isEqualTo("test-writer");
        }
    }

    @Test
    void flushFlushesTheStreamBelowAndCloseClosesItOnce() throws IOException {
        Below below = new Below(Long.MAX_VALUE);
        BackgroundWriter w = new BackgroundWriter(below, "test-writer");
        w.write(new byte[] {1, 2, 3});
        assertThat(below.bytes.size()).isZero(); // still in the chunk being filled
        w.flush();
        assertThat(below.bytes.toByteArray()).containsExactly(1, 2, 3);
        assertThat(below.flushes).isEqualTo(1);
        w.close();
        w.close();
        w.flush();
        assertThat(below.closes).isEqualTo(1);
        assertThatThrownBy(() -> w.write(4)).isInstanceOf(IOException.class).hasMessage("stream closed");
    }

    /** The error of the stream below, the very exception, at a later call; never a hang. */
    @Test
    void aFailureBelowIsThrownByALaterCall() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Below below = new Below(BackgroundWriter.CHUNK + 5);
            BackgroundWriter w = new BackgroundWriter(below, "test-writer");
            byte[] b = new byte[1000];
            IOException thrown = null;
            try {
                for (int i = 0; i < 100_000; i++) { // 100 MB: far more than the chunks in flight
                    w.write(b);
                }
                w.close();
            } catch (IOException e) {
                thrown = e;
            }
            assertThat(thrown).isSameAs(below.failure);
            // later calls: a new exception with the same reason (one cannot suppress itself)
            assertThatThrownBy(w::close).isNotSameAs(below.failure).hasCause(below.failure)
                    .hasMessage("No space left on device");
            assertThat(below.closes).as("the stream below is closed after its failure").isEqualTo(1);
        });
    }

    /** As the report's writer uses it: the body's write fails, then the resource's close. */
    @Test
    void tryWithResourcesGetsTheFailureWithoutSelfSuppression() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Below below = new Below(100);
            Throwable thrown = null;
            try (BackgroundWriter w = new BackgroundWriter(below, "test-writer")) {
                for (int i = 0; i < 10_000; i++) {
                    w.write(new byte[1000]);
                }
            } catch (Throwable t) {
                thrown = t;
            }
            assertThat(thrown).isSameAs(below.failure);
            assertThat(thrown.getSuppressed()).hasSize(1);
            assertThat(thrown.getSuppressed()[0]).hasCause(below.failure);
        });
    }

    /** Standard output's mode: close writes and flushes everything, leaves the stream below open, ends the thread. */
    @Test
    void withoutClosingBelowCloseFlushesAndTheThreadEnds() throws Exception {
        Below below = new Below(Long.MAX_VALUE);
        BackgroundWriter w = new BackgroundWriter(below, "test-writer-open", false);
        w.write(new byte[] {7, 8});
        w.close();
        assertThat(below.bytes.toByteArray()).containsExactly(7, 8);
        assertThat(below.flushes).isEqualTo(1);
        assertThat(below.closes).isZero();
        assertThat(joined("test-writer-open")).as("the writer thread ended").isTrue();
    }

    /** end(): after a flush, the thread ends without a close below; nothing is lost that was flushed. */
    @Test
    void endStopsTheThreadWithoutClosingBelow() throws Exception {
        Below below = new Below(Long.MAX_VALUE);
        BackgroundWriter w = new BackgroundWriter(below, "test-writer-end", false);
        w.write(new byte[] {1, 2, 3});
        w.flush();
        w.end();
        w.end();
        assertThat(joined("test-writer-end")).as("the writer thread ended").isTrue();
        assertThat(below.bytes.toByteArray()).containsExactly(1, 2, 3);
        assertThat(below.closes).isZero();
        assertThatThrownBy(() -> w.write(4)).isInstanceOf(IOException.class).hasMessage("stream closed");
    }

    /** Waits (at most 30 s) for the threads of that name to end: true once none is alive. */
    private static boolean joined(String name) throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                t.join(30_000);
                if (t.isAlive()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void aFailureAtCloseIsThrownByClose() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Below below = new Below(10);
            BackgroundWriter w = new BackgroundWriter(below, "test-writer");
            w.write(new byte[20]); // fits the chunk: the write itself cannot fail yet
            assertThatThrownBy(w::close).isSameAs(below.failure);
        });
    }
}
