package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in a process of its own, for what only a process shows: signals, a small heap, standard
 * streams closed or full, the launcher script. Built from this JVM and its class path, so it runs the
 * code under test without packaging the jar.
 */
final class Child {
    private Child() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java [jvmArgs] -cp CLASSPATH io.tlsinspect.cli.Main args}. */
    static List<String> command(List<String> jvmArgs, String... args) {
        List<String> c = new ArrayList<>();
        c.add(java());
        c.addAll(jvmArgs);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add("io.tlsinspect.cli.Main");
        c.addAll(List.of(args));
        return c;
    }

    /** Collects a stream on a thread of its own, so a chatty child never blocks on a full pipe. */
    static final class Drain {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Thread t;

        Drain(InputStream in) {
            t = new Thread(() -> {
                try (in) {
                    in.transferTo(buf);
                } catch (IOException e) {
                    // the child is gone
                }
            }, "drain");
            t.setDaemon(true);
            t.start();
        }

        String text() {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }

    record Result(int exit, String out, String err) {
    }

    /** Waits for the child, killing it and failing the test if it outlives {@code seconds}. */
    static Result finish(Process p, Drain out, Drain err, int seconds) {
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the child was still running after " + seconds + " s (a hang); stderr: "
                        + err.text());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Result(p.exitValue(), out.text(), err.text());
    }

    static Result run(ProcessBuilder pb, int seconds) {
        try {
            Process p = pb.start();
            Drain out = pb.redirectOutput().type() == ProcessBuilder.Redirect.Type.PIPE ? new Drain(p.getInputStream()) : null;
            Drain err = new Drain(p.getErrorStream());
            Result r = finish(p, out != null ? out : new Drain(InputStream.nullInputStream()), err, seconds);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Temporary files a report writer left in {@code dir}. */
    static List<Path> leftovers(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".tlsinspect-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    static void oneLine(Result r, int exit, String contains) {
        assertThat(r.exit()).as("exit code; stderr: " + r.err()).isEqualTo(exit);
        assertThat(r.err().strip().split("\n")).as("stderr is one line: " + r.err()).hasSize(1);
        assertThat(r.err()).startsWith("tlsinspect: ").contains(contains).doesNotContain("\tat ")
                .doesNotContain("Exception");
    }
}
