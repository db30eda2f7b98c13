package io.tlsinspect.cli.output;

import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.render.ReportRenderer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a rendered report to stdout or to {@code --output} (atomically: a temp file, then a rename). */
public final class ReportOutput {
    private ReportOutput() {
    }

    public static void write(Report report, String format, String output, PrintStream stdout) throws IOException {
        ReportRenderer r = ReportRenderer.forFormat(format);
        if (output == null || output.equals("-")) {
            Writer w = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
            r.render(report, w);
            w.flush();
            return;
        }
        Path target = Path.of(output).toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException(output + ": directory " + dir + " does not exist");
        }
        Path tmp = Files.createTempFile(dir, ".tlsinspect-", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            r.render(report, w);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            // createTempFile makes the file private (0600); a report is an ordinary file (0644).
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep what it gave
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
