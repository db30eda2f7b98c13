package io.tlsinspect.cli.command;

import io.tlsinspect.capture.CaptureRunner;
import io.tlsinspect.capture.live.GracefulStop;
import io.tlsinspect.capture.live.LiveCaptureException;
import io.tlsinspect.capture.live.LiveOptions;
import io.tlsinspect.capture.live.LiveSource;
import io.tlsinspect.capture.live.PcapCounters;
import io.tlsinspect.capture.live.PcapLibrary;
import io.tlsinspect.capture.live.StopConditions;
import io.tlsinspect.capture.packet.LinkTypes;
import io.tlsinspect.cli.options.CommonOptions;
import io.tlsinspect.cli.options.UsageException;
import io.tlsinspect.cli.metrics.MetricsServer;
import io.tlsinspect.cli.output.ReportOutput;
import io.tlsinspect.cli.live.CaptureSettings;
import io.tlsinspect.cli.live.LiveSummary;
import io.tlsinspect.cli.live.ReportRotation;
import io.tlsinspect.cli.live.LiveRun;
import io.tlsinspect.reports.Analyzer;
import io.tlsinspect.reports.model.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code tlsinspect capture -i IFACE}: live packets through libpcap into the same pipeline as
 * {@code analyze} (one decoding path: this thread reads and dissects, {@code --threads} workers
 * decode), a summary line on stderr every {@code --report-every}, and the full report when the
 * capture ends: Ctrl-C/SIGTERM, {@code --duration} or {@code --count}.
 */
public final class CaptureCommand {
    /** A signal waits this long for the final report; beyond it the process ends anyway (exit 1). */
    static final Duration SIGNAL_GRACE = Duration.ofMinutes(5);
    static final long QUEUE_SLACK_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final PrintStream err;
    private final ReportOutput output;

    public CaptureCommand(PrintStream out, PrintStream err) {
        this(out, err, new ReportOutput());
    }

    public CaptureCommand(PrintStream out, PrintStream err, ReportOutput output) {
        this.out = out;
        this.err = err;
        this.output = output;
    }

    static Options options() {
        Options o = new Options();
        CommonOptions.addTo(o);
        o.addOption(Option.builder("i").longOpt("interface").hasArg().argName("IFACE")
                .desc("interface to capture on (see 'tlsinspect interfaces'); 'any' for all").build());
        o.addOption(Option.builder().longOpt("filter").hasArg().argName("BPF")
                .desc("libpcap filter (default from --port: TCP and UDP (QUIC) on the ports, and ICMP unreachables: '((tcp or udp) and port 443) or (icmp[icmptype] == icmp-unreach) or (icmp6 and ip6[40] == 1)')").build());
        o.addOption(Option.builder().longOpt("duration").hasArg().argName("DURATION")
                .desc("stop after this long (30s, 5m, 1h); default: until Ctrl-C or SIGTERM").build());
        o.addOption(Option.builder("c").longOpt("count").hasArg().argName("N")
                .desc("stop after N packets (that passed the filter)").build());
        o.addOption(Option.builder("w").longOpt("write").hasArg().argName("FILE.pcap")
                .desc("also keep the captured packets in a pcap file (complete and valid after any stop)").build());
        o.addOption(Option.builder().longOpt("metrics").hasArg().argName("[HOST:]PORT")
                .desc("serve Prometheus metrics at http://HOST:PORT/metrics while capturing (HOST defaults to 127.0.0.1)")
                .build());
        o.addOption(Option.builder().longOpt("rotate").hasArg().argName("DURATION")
                .desc("write a report every DURATION (FILE-<utc time to the ms>-<slice number>.EXT, needs --output) and forget its connections:"
                        + " memory stays bounded on long runs; counters stay cumulative").build());
        o.addOption(Option.builder().longOpt("report-every").hasArg().argName("DURATION")
                .desc("one summary line on stderr this often (default 10s; 0 = never)").build());
        o.addOption(Option.builder().longOpt("snaplen").hasArg().argName("N")
                .desc("bytes kept per packet (default " + LiveOptions.DEFAULT_SNAPLEN + ": whole packets)").build());
        o.addOption(Option.builder().longOpt("buffer-size").hasArg().argName("MB")
                .desc("kernel capture buffer in MiB (default " + LiveOptions.DEFAULT_BUFFER_MB
                        + "); raise it if kernel drops are reported").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("decoder threads, each decoding a share of the connections (default: the number of cores)").build());
        o.addOption(Option.builder().longOpt("no-promiscuous")
                .desc("see only traffic to and from this host (default: promiscuous, for mirror ports)").build());
        return o;
    }

    public int run(String[] args) throws IOException {
        Options opts = options();
        CommandLine cl = CommonOptions.parse("capture", opts, args);
        if (cl.hasOption("help")) {
            help(opts);
            return 0;
        }
        CaptureSettings s = CaptureSettings.from(cl);
        PcapLibrary.ensureLoadable(); // before any pcap4j class loads (it reads the name only once)
        int threads = CommonOptions.positiveInt(cl, "threads", Runtime.getRuntime().availableProcessors());
        StopConditions stop = new StopConditions(s.count(), s.duration(), System::nanoTime);
        int code = 1;
        try (GracefulStop graceful = GracefulStop.install(stop, SIGNAL_GRACE);
             LiveRun insp = new LiveRun(s.flows(), s.live().iface(), threads)) {
            try {
                code = capture(s, insp, stop);
            } finally {
                graceful.finished(code); // a waiting Ctrl-C may end the process now, with this code
            }
        }
        return code;
    }

    private int capture(CaptureSettings s, LiveRun insp, StopConditions stop) throws IOException {
        LiveSummary summary = new LiveSummary(insp, s.reportEvery(), err);
        ReportRotation rotation = s.rotate() == null ? null : new ReportRotation(s, insp, summary, err, output);
        MetricsServer metrics;
        try {
            metrics = s.metrics() == null ? null : MetricsServer.start(s.metrics());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        long[] nextMetrics = {0};
        boolean[] announced = {false};
        LiveSource src;
        try {
            src = LiveSource.open(s.live(), stop, (source, wallNanos, idle) -> {
                if (!announced[0]) {
                    announced[0] = true;
                    announce(source, s);
                }
                if (idle) {
                    // A quiet link: capture time moves on without packets, so idle flows can end. Held
                    // back by a second because the kernel may still hold up to a read timeout of packets.
                    insp.advanceTime(wallNanos - QUEUE_SLACK_NANOS);
                }
                summary.maybePrint(source);
                if (metrics != null && System.nanoTime() - nextMetrics[0] >= 0) {
                    nextMetrics[0] = System.nanoTime() + 1_000_000_000L; // once a second is plenty for a scrape
                    metrics.publish(summary.prometheus(source.counters()));
                }
                if (rotation != null) {
                    rotation.maybeWrite();
                }
            });
        } catch (LiveCaptureException e) {
            if (metrics != null) {
                metrics.close();
            }
            if (e.kind() == LiveCaptureException.Kind.BAD_FILTER) {
                throw new UsageException(e.getMessage());
            }
            throw e;
        }
        IOException failure = null;
        RuntimeException broken = null;
        try {
            CaptureRunner.run(src, insp.dissector(), insp.tallies(), src::shouldStop, null);
        } catch (IOException e) {
            failure = e; // report what was captured before the interface failed; then exit 1
        } catch (RuntimeException e) {
            broken = e; // a decoder worker failed (its failure is thrown by finish below) or a bug
        } finally {
            if (!announced[0]) {
                announce(src, s); // it ended before its first tick
            }
            PcapCounters c = src.counters();
            src.close(); // flushes and closes the --write file: valid from here on
            insp.libpcapCounters(c, src.unreadAtStop());
        }
        insp.finish(); // every worker ends its open connections; throws a worker's failure
        if (broken != null) {
            throw broken;
        }
        String finalOutput = s.output();
        if (rotation != null) {
            finalOutput = rotation.writeLast(); // the last slice, so slices never overlap
        } else {
            summary.countNow(); // count the last records before the report takes them
            Report report = new Analyzer().analyze(insp.reportInput(), s.analysis());
            summary.forgotten();
            output.write(report, s.format(), s.output(), out);
        }
        err.println("tlsinspect: stopped (" + (failure != null ? "capture failed" : stop.reason() == null ? "end of input" : stop.reason())
                + ") after " + seconds(stop.elapsedNanos()) + ": " + summary.line(src.counters())
                + "; libpcap accepted " + src.accepted() + (src.drainTarget() >= 0 ? " (" + src.drainTarget() + " at the stop)" : "")
                + (s.live().write() != null ? "; packets in " + s.live().write() : "")
                + (finalOutput != null && !finalOutput.equals("-") ? "; report in " + finalOutput : ""));
        if (metrics != null) {
            metrics.close();
        }
        if (src.unreadAtStop() > 0) {
            err.println("tlsinspect: warning: libpcap had received " + src.unreadAtStop() + " packets more before the stop"
                    + " than were read (stats.unread_at_stop): " + (src.drainEndedQuiet()
                    ? "the kernel handed no more over (on lo libpcap also counts the outgoing copies it discards)"
                    : "the analysis was behind and the drain time ran out; see --buffer-size and a narrower --filter"));
        }
        if (insp.queueDrops() > 0) {
            err.println("tlsinspect: warning: " + insp.queueDrops() + " TCP segments dropped because the decoders were behind"
                    + " (stats.queue_drops); their connections may show gaps: narrow --filter, or give more cores");
        }
        if (failure != null) {
            throw failure;
        }
        return 0;
    }

    /**
     * "capturing on": said from the capture thread at its first tick, after it has polled the ring for
     * a read timeout, with the handle active, the filter installed and libpcap's counters read; so the
     * kernel is keeping every matching packet for this capture and the reading loop runs.
     */
    private void announce(LiveSource src, CaptureSettings s) {
        err.println("tlsinspect: capturing on " + src.name() + " (" + LinkTypes.name(src.linkType())
                + ", filter '" + s.live().filter() + "'" + (s.live().write() != null ? ", writing " + s.live().write() : "")
                + "); Ctrl-C stops and writes the report");
    }

    private static String seconds(long nanos) {
        return String.format("%.1fs", nanos / 1e9);
    }

    private void help(Options opts) {
        HelpFormatter hf = new HelpFormatter();
        PrintWriter pw = new PrintWriter(out);
        hf.printHelp(pw, 100, "tlsinspect capture -i IFACE [OPTIONS]",
                "\nCapture TLS handshakes live (libpcap) and report them like 'analyze' does: a summary line on"
                        + " stderr every --report-every, the full report when the capture stops (Ctrl-C, SIGTERM,"
                        + " --duration or --count). Needs root, or CAP_NET_RAW and CAP_NET_ADMIN.\n\n",
                opts, 2, 2,
                "\nExamples:\n"
                        + "  sudo tlsinspect capture -i eth0\n"
                        + "  sudo tlsinspect capture -i eth0 --duration 10m --format html -o handshakes.html\n"
                        + "  sudo tlsinspect capture -i any -p 443 -p 8443 --write raw.pcap --format json -o report.json\n"
                        + "  sudo tlsinspect capture -i eth0 --filter 'tcp port 443 and net 198.51.100.0/24'");
        pw.flush();
    }
}
