package io.tlsinspect.cli.live;

import io.tlsinspect.cli.output.ReportOutput;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.Analyzer;
import io.tlsinspect.reports.model.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code --rotate}: every period, the connections finished so far are reported to their own file and
 * forgotten, so a capture can run for days in bounded memory. A retry chain that spans two slices is
 * split between them (each slice's analysis sees only its own connections).
 */
public final class ReportRotation {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    private final CaptureSettings s;
    private final LiveRun insp;
    private final LiveSummary summary;
    private final PrintStream err;
    private final ReportOutput output;
    private final long everyNanos;
    private long next;
    /** Slices written so far: part of every name, so two slices never share one, however short. */
    private int sequence;

    public ReportRotation(CaptureSettings s, LiveRun insp, LiveSummary summary, PrintStream err,
                          ReportOutput output) {
        this.s = s;
        this.output = output;
        this.insp = insp;
        this.summary = summary;
        this.err = err;
        this.everyNanos = s.rotate().toNanos();
        this.next = System.nanoTime() + everyNanos;
    }

    public void maybeWrite() {
        if (System.nanoTime() < next) {
            return;
        }
        next = System.nanoTime() + everyNanos;
        try {
            String file = write();
            err.println("tlsinspect: wrote " + file);
        } catch (IOException e) {
            err.println("tlsinspect: warning: could not write a rotated report: " + e.getMessage());
        }
    }

    public String writeLast() throws IOException {
        return write();
    }

    private String write() throws IOException {
        summary.countNow(); // the summary counts from the records about to be forgotten
        List<HandshakeRecord> slice = insp.drainRecords();
        String file = freeName(s.output(), java.time.Instant.now());
        Report report = new Analyzer().analyze(insp.sliceInput(slice), s.analysis());
        output.write(report, s.format(), file, null);
        summary.forgotten();
        return file;
    }

    /**
     * The next slice's name: the time to the millisecond and the slice's number in this run, so names
     * sort in time order and never repeat within a run; a file already there (an earlier run in the
     * same millisecond) is never overwritten: the number goes up instead.
     */
    private String freeName(String output, java.time.Instant at) {
        String name;
        do {
            name = sliceName(output, at, ++sequence);
        } while (java.nio.file.Files.exists(java.nio.file.Path.of(name)));
        return name;
    }

    /** report.json, slice 3 -> report-20261126T130500.250Z-3.json */
    public static String sliceName(String output, java.time.Instant at, int sequence) {
        String stamp = STAMP.format(at) + "-" + sequence;
        int slash = output.lastIndexOf('/');
        int dot = output.lastIndexOf('.');
        return dot > slash + 1 ? output.substring(0, dot) + "-" + stamp + output.substring(dot) : output + "-" + stamp;
    }
}
