package io.tlsinspect.cli.output;

import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.Diagnosis;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.render.ReportRenderer;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes rendered reports to their {@link Destination}, checking every write and flush (a full disk,
 * {@code /dev/full}, a closed pipe are errors, standard output included), and keeps track of the
 * temporary files it has open so that whatever ends the process early (a signal, running out of
 * memory, a failed rename) leaves none behind: see {@link #abandon()}. One instance per run.
 */
public final class ReportOutput {
    private static final int BUFFER = 1 << 16;

    private final Set<Path> temps = new LinkedHashSet<>();
    private boolean abandoned;
    private boolean partial;
    private String partialWhere;
    private int written;

    /**
     * Renders an empty report of this format to nowhere on a daemon thread, so that the renderer's
     * classes (Jackson's are many) are loaded and initialised while the analysis runs on one core,
     * not after it. Changes nothing that is written; a failure here is left to the real write.
     */
    public static void warmUp(String format) {
        Thread t = new Thread(() -> {
            try {
                Report empty = new Report(AnalysisOptions.defaults("warm-up"), List.of(), Map.of(), List.of(), List.of(),
                        List.of(), Map.of(), Map.of(), List.of(), List.of(), List.of(), new Diagnosis("", List.of()));
                ReportRenderer.forFormat(format).render(empty, Writer.nullWriter());
            } catch (IOException | RuntimeException e) {
                // the real write reports whatever is wrong
            }
        }, "tlsinspect-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Renders to {@code stdout} (no {@code -o}): for callers that decide nothing else. */
    public void write(Report report, String format, String output, PrintStream stdout) throws IOException {
        write(report, format, Destination.of(output, false), stdout);
    }

    public void write(Report report, String format, Destination dest, PrintStream stdout) throws IOException {
        ReportRenderer r = ReportRenderer.forFormat(format);
        if (dest instanceof Destination.Stdout) {
            if (stdout == null) { // a rotated slice's name that leads to /dev/stdout
                throw new IOException("cannot write the report to " + dest.asked() + ": standard output is not available here");
            }
            // written from a thread of its own too (`> out.jsonl` is as common as -o); standard output stays open
            BackgroundWriter below = new BackgroundWriter(new CheckedPrintStream(stdout), "tlsinspect-report-writer", false);
            try {
                toStream(r, report, new FirstError(below), "standard output");
            } finally {
                below.end();
            }
        } else if (dest instanceof Destination.InPlace p) {
            // APPEND: a descriptor the shell opened for appending (3>>log) keeps what it holds; devices
            // and FIFOs do not care.
            FirstError o;
            try {
                o = new FirstError(Files.newOutputStream(p.path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND));
            } catch (IOException e) {
                throw failure(p.asked(), e, null);
            }
            try (o) {
                toStream(r, report, o, p.asked());
            } catch (IOException e) {
                throw failure(p.asked(), e, o);
            }
        } else {
            atomically(r, report, (Destination.Atomic) dest);
        }
    }

    private void toStream(ReportRenderer r, Report report, FirstError o, String where) throws IOException {
        synchronized (this) {
            if (abandoned) {
                throw new IOException("stopping: the report was not written");
            }
            partial = true;
            partialWhere = where;
        }
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8), BUFFER);
            r.render(report, w);
            w.flush();
        } catch (IOException e) {
            throw failure(where, e, o);
        }
        synchronized (this) {
            partial = false;
            written++;
        }
    }

    private void atomically(ReportRenderer r, Report report, Destination.Atomic a) throws IOException {
        Path tmp;
        synchronized (this) {
            if (abandoned) {
                throw new IOException("stopping: the report was not written");
            }
            try {
                tmp = Files.createTempFile(a.dir(), ".tlsinspect-", ".tmp");
            } catch (IOException e) {
                throw failure(a.asked(), e, null);
            }
            temps.add(tmp);
        }
        FirstError o = null;
        try {
            o = new FirstError(new BackgroundWriter(Files.newOutputStream(tmp), "tlsinspect-report-writer"));
            try (Writer w = new BufferedWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8), BUFFER)) {
                r.render(report, w);
            }
            try {
                // createTempFile makes the file private (0600); a report is an ordinary file (0644).
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep what it gave
            }
            synchronized (this) {
                if (abandoned) {
                    throw new IOException("stopping: the report was not written");
                }
                Files.move(tmp, a.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                temps.remove(tmp);
                written++;
            }
        } catch (IOException e) {
            discard(tmp);
            throw failure(a.asked(), e, o);
        } catch (RuntimeException | Error e) {
            discard(tmp);
            throw e;
        }
    }

    private synchronized void discard(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // nothing more can be done; the error being reported matters more
        }
        temps.remove(tmp);
    }

    /**
     * The process is ending before its report is complete (a signal, out of memory): removes every
     * temporary file and refuses further writes. Quick and allocation-light: it runs in a shutdown
     * hook or with the heap exhausted.
     *
     * @return what the user gets: "no report written", or where an incomplete report went
     */
    public synchronized String abandon() {
        abandoned = true;
        for (Path t : temps) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException | RuntimeException e) {
                // keep going: the others may still be removable
            }
        }
        temps.clear();
        if (partial) {
            return "the report on " + partialWhere + " is incomplete";
        }
        return written > 0 ? "after the report was written" : "no report written";
    }

    /**
     * One line naming the file the user asked for, never the temporary file, with the system's reason
     * (a renderer may only know that "writing failed"; the stream below it knows why).
     */
    private static IOException failure(String asked, IOException e, FirstError stream) {
        if (e.getMessage() != null && (e.getMessage().startsWith("cannot write") || e.getMessage().startsWith("stopping"))) {
            return e;
        }
        if (stream != null && stream.error != null) {
            e = stream.error;
        }
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof FileSystemException fse) {
            why = fse.getReason() != null ? fse.getReason() : fse.getClass().getSimpleName();
        } else {
            why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return new IOException("cannot write the report to " + asked + ": " + why, e);
    }

    /** Keeps the first write error of the stream below, whatever the writers above make of it. */
    private static final class FirstError extends FilterOutputStream {
        IOException error;

        FirstError(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw keep(e);
            }
        }

        private IOException keep(IOException e) {
            if (error == null) {
                error = e;
            }
            return e;
        }
    }

    /**
     * A {@link PrintStream} swallows write errors; this turns them back into exceptions at once, so a
     * report to a full disk or a closed pipe fails with one line instead of a silent exit 0.
     */
    private static final class CheckedPrintStream extends OutputStream {
        private final PrintStream ps;

        CheckedPrintStream(PrintStream ps) {
            this.ps = ps;
        }

        @Override
        public void write(int b) throws IOException {
            ps.write(b);
            check();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ps.write(b, off, len);
            check();
        }

        @Override
        public void flush() throws IOException {
            ps.flush();
            check();
        }

        private void check() throws IOException {
            if (ps.checkError()) { // flushes, so the error of this write is known now
                String why = ps instanceof StdoutStream s && s.lastError() != null ? s.lastError().getMessage() : null;
                throw new IOException(why != null ? why : "write error");
            }
        }
    }
}
