package io.tlsinspect.cli.command;

import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.cli.Main;
import io.tlsinspect.cli.options.CommonOptions;
import io.tlsinspect.cli.options.Durations;
import io.tlsinspect.cli.options.UsageException;
import io.tlsinspect.cli.output.Progress;
import io.tlsinspect.cli.output.ReportOutput;
import io.tlsinspect.cli.output.Destination;
import io.tlsinspect.cli.run.ParallelFiles;
import io.tlsinspect.cli.run.ProcessGuard;
import io.tlsinspect.cli.run.StandardStreams;
import io.tlsinspect.reports.Analyzer;
import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.ConnectionFilter;
import io.tlsinspect.reports.model.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;

/** {@code tlsinspect analyze [OPTIONS] FILE...}: saved captures, several read as one fleet in time order. */
public final class AnalyzeCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final ProcessGuard guard;

    public AnalyzeCommand(PrintStream out, PrintStream err, ProcessGuard guard) {
        this.out = out;
        this.err = err;
        this.guard = guard;
    }

    static Options options() {
        Options o = new Options();
        CommonOptions.addTo(o);
        o.addOption(null, "threads", true, "decoder threads, each decoding a share of the connections (default: the number of cores)");
        o.addOption(null, "max-clients", true, "rows of the client table; the rest fold into one counted row (default "
                + AnalysisOptions.DEFAULT_CLIENT_ROWS + ")");
        o.addOption(null, "max-servers", true, "rows of the server table, the same way (default "
                + AnalysisOptions.DEFAULT_SERVER_ROWS + ")");
        o.addOption(null, "max-proof", true, "connection ids a finding lists as proof; its count stays exact (default "
                + AnalysisOptions.DEFAULT_PROOF_CAP + ")");
        o.addOption(null, "max-chains", true, "retry chains listed, those that began first; the rest are counted in "
                + "chains_unlisted and by_root_cause (default " + AnalysisOptions.DEFAULT_CHAIN_ROWS + ")");
        o.addOption(null, "no-progress", false, "never draw the progress bar (it is drawn only when stderr is a terminal)");
        return o;
    }

    public int run(String[] args) throws IOException {
        Options opts = options();
        CommandLine cl = CommonOptions.parse("analyze", opts, args);
        if (cl.hasOption("help")) {
            help(opts);
            return 0;
        }
        List<String> files = cl.getArgList();
        if (files.isEmpty()) {
            throw new UsageException("analyze: name at least one capture file (pcap or pcapng; '-' for stdin)");
        }
        String format = CommonOptions.format(cl);
        ConnectionFilter filter = ConnectionFilter.parse(CommonOptions.connections(cl));
        Duration window = Durations.parse("retry-window", cl.getOptionValue("retry-window", "30s"));
        Duration idle = Durations.parse("idle-timeout", cl.getOptionValue("idle-timeout", "120s"));
        int maxFlows = CommonOptions.positiveInt(cl, "max-flows", FlowTableConfig.defaultMaxFlows());
        FlowTableConfig cfg = new FlowTableConfig(CommonOptions.ports(cl), maxFlows, idle,
                FlowTableConfig.DEFAULT_LINGER, FlowTableConfig.DEFAULT_STREAM_CAP);
        // Where the report goes, and whether '-' can be read, are known now: fail before reading anything.
        Destination dest = Destination.of(cl.getOptionValue("output"), StandardStreams.closedAtStart(1));
        if (files.contains("-")) {
            StandardStreams.checkStdinReadable();
        }
        guard.stopOnSignal();

        int threads = CommonOptions.positiveInt(cl, "threads", Runtime.getRuntime().availableProcessors());
        AnalysisOptions ao = new AnalysisOptions(window, filter, Main.VERSION).withCaps(
                CommonOptions.positiveInt(cl, "max-clients", AnalysisOptions.DEFAULT_CLIENT_ROWS),
                CommonOptions.positiveInt(cl, "max-servers", AnalysisOptions.DEFAULT_SERVER_ROWS),
                CommonOptions.positiveInt(cl, "max-proof", AnalysisOptions.DEFAULT_PROOF_CAP))
                .withChainRows(CommonOptions.positiveInt(cl, "max-chains", AnalysisOptions.DEFAULT_CHAIN_ROWS));
        long total = totalSize(files);
        boolean timing = "1".equals(System.getenv("TLSINSPECT_TIMING"));
        long t0 = System.nanoTime();
        ParallelFiles.Result result;
        try (Progress bar = Progress.forFiles(total, !cl.hasOption("no-progress"))) {
            result = ParallelFiles.run(files, cfg, threads, bytes -> bar.update(bytes, 0));
        }
        for (String w : result.warnings()) {
            err.println("tlsinspect: warning: " + w);
        }
        for (String lt : result.unsupportedLinkTypes()) {
            err.println("tlsinspect: warning: link type " + lt + " is not supported; "
                    + result.unsupportedLinkPackets() + " packets were counted and skipped");
        }
        long t1 = System.nanoTime();
        long t2;
        try (var records = result.input().records()) { // the spill file: deleted once the report is written
            ReportOutput.warmUp(format);
            Report report = new Analyzer().analyze(result.input(), ao);
            t2 = System.nanoTime();
            guard.output().write(report, format, dest, out);
        }
        if (timing) { // TLSINSPECT_TIMING=1: where the time went, for bench/
            err.printf("tlsinspect: timing: read+decode %.2fs (%d threads), analyze %.2fs, render %.2fs%n",
                    (t1 - t0) / 1e9, result.workers(), (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
        }
        return 0;
    }

    private static long totalSize(List<String> files) {
        long t = 0;
        for (String f : files) {
            try {
                t += f.equals("-") ? 0 : Files.size(Path.of(f));
            } catch (IOException e) {
                return 0;
            }
        }
        return t;
    }

    private void help(Options opts) {
        HelpFormatter hf = new HelpFormatter();
        hf.setWidth(100);
        java.io.PrintWriter pw = new java.io.PrintWriter(out);
        hf.printHelp(pw, 100, "tlsinspect analyze [OPTIONS] FILE...",
                "\nRead pcap/pcapng captures ('-' = stdin) and report every TLS handshake: who, what was offered,"
                        + " how it ended, and why (retry chains, findings). Several files are read as one fleet,"
                        + " merged by time.\n\n", opts, 2, 2,
                "\nExamples:\n  tlsinspect analyze sample-pcaps/fallback.pcap\n"
                        + "  tlsinspect analyze --format html -o report.html s1.pcap s2.pcap s3.pcap\n"
                        + "  tcpdump -r big.pcap -w - 'tcp port 443' | tlsinspect analyze --format jsonl -");
        pw.flush();
    }
}
