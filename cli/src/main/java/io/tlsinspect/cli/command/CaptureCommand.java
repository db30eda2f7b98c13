package io.tlsinspect.cli.command;

import io.tlsinspect.capture.CaptureRunner;
import io.tlsinspect.capture.live.BpfFilters;
import io.tlsinspect.capture.live.GracefulStop;
import io.tlsinspect.capture.live.LiveCaptureException;
import io.tlsinspect.capture.live.LiveOptions;
import io.tlsinspect.capture.live.LiveSource;
import io.tlsinspect.capture.live.PcapCounters;
import io.tlsinspect.capture.live.PcapLibrary;
import io.tlsinspect.capture.live.StopConditions;
import io.tlsinspect.capture.packet.LinkTypes;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.cli.Main;
import io.tlsinspect.cli.options.CommonOptions;
import io.tlsinspect.cli.options.Durations;
import io.tlsinspect.cli.options.UsageException;
import io.tlsinspect.cli.metrics.MetricsServer;
import io.tlsinspect.cli.metrics.PrometheusText;
import io.tlsinspect.cli.output.ReportOutput;
import io.tlsinspect.cli.run.Inspection;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.Analyzer;
import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.ConnectionFilter;
import io.tlsinspect.reports.model.OutcomeKeys;
import io.tlsinspect.reports.model.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code tlsinspect capture -i IFACE}: live packets through libpcap into the same pipeline as
 * {@code analyze} (one decoding path), a summary line on stderr every {@code --report-every}, and the
 * full report when the capture ends: Ctrl-C/SIGTERM, {@code --duration} or {@code --count}.
 */
public final class CaptureCommand {
    /** A signal waits this long for the final report; beyond it the process ends anyway (exit 1). */
    static final Duration SIGNAL_GRACE = Duration.ofMinutes(5);
    static final long QUEUE_SLACK_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final PrintStream err;

    public CaptureCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static Options options() {
        Options o = new Options();
        CommonOptions.addTo(o);
        o.addOption(Option.builder("i").longOpt("interface").hasArg().argName("IFACE")
                .desc("interface to capture on (see 'tlsinspect interfaces'); 'any' for all").build());
        o.addOption(Option.builder().longOpt("filter").hasArg().argName("BPF")
                .desc("libpcap filter (default from --port: 'tcp port 443', 'tcp and (port 443 or port 8443)')").build());
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
                .desc("write a report every DURATION (FILE-<utc time>.EXT, needs --output) and forget its connections:"
                        + " memory stays bounded on long runs; counters stay cumulative").build());
        o.addOption(Option.builder().longOpt("report-every").hasArg().argName("DURATION")
                .desc("one summary line on stderr this often (default 10s; 0 = never)").build());
        o.addOption(Option.builder().longOpt("snaplen").hasArg().argName("N")
                .desc("bytes kept per packet (default " + LiveOptions.DEFAULT_SNAPLEN + ": whole packets)").build());
        o.addOption(Option.builder().longOpt("buffer-size").hasArg().argName("MB")
                .desc("kernel capture buffer in MiB (default " + LiveOptions.DEFAULT_BUFFER_MB
                        + "); raise it if kernel drops are reported").build());
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
        Settings s = Settings.from(cl);
        PcapLibrary.ensureLoadable(); // before any pcap4j class loads (it reads the name only once)
        Inspection insp = new Inspection(s.flows(), List.of(s.live().iface()));
        StopConditions stop = new StopConditions(s.count(), s.duration(), System::nanoTime);
        int code = 1;
        try (GracefulStop graceful = GracefulStop.install(stop, SIGNAL_GRACE)) {
            try {
                code = capture(s, insp, stop);
            } finally {
                graceful.finished(code); // a waiting Ctrl-C may end the process now, with this code
            }
        }
        return code;
    }

    private int capture(Settings s, Inspection insp, StopConditions stop) throws IOException {
        CaptureStats stats = insp.captureStats();
        Summary summary = new Summary(insp, s.reportEvery(), err);
        Rotation rotation = s.rotate() == null ? null : new Rotation(s, insp, summary, err);
        MetricsServer metrics;
        try {
            metrics = s.metrics() == null ? null : MetricsServer.start(s.metrics());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        long[] nextMetrics = {0};
        LiveSource src;
        try {
            src = LiveSource.open(s.live(), stop, (source, wallNanos, idle) -> {
                if (idle) {
                    // A quiet link: capture time moves on without packets, so idle flows can end. Held
                    // back by a second because the kernel may still hold up to a read timeout of packets.
                    insp.dissector().table().advanceTime(wallNanos - QUEUE_SLACK_NANOS);
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
        err.println("tlsinspect: capturing on " + src.name() + " (" + LinkTypes.name(src.linkType())
                + ", filter '" + s.live().filter() + "'" + (s.live().write() != null ? ", writing " + s.live().write() : "")
                + "); Ctrl-C stops and writes the report");
        IOException failure = null;
        try {
            CaptureRunner.run(src, insp.dissector(), insp.tallies(), src::shouldStop, null);
        } catch (IOException e) {
            failure = e; // report what was captured before the interface failed; then exit 1
        } finally {
            PcapCounters c = src.counters();
            src.close(); // flushes and closes the --write file: valid from here on
            stats.kernelDrops = c.dropped();
            stats.interfaceDrops = c.interfaceDropped();
        }
        insp.finish();
        String finalOutput = s.output();
        if (rotation != null) {
            finalOutput = rotation.writeLast(); // the last slice, so slices never overlap
        } else {
            summary.countNow(); // count the last records before the report takes them
            Report report = new Analyzer().analyze(insp.reportInput(), s.analysis());
            summary.forgotten();
            ReportOutput.write(report, s.format(), s.output(), out);
        }
        err.println("tlsinspect: stopped (" + (failure != null ? "capture failed" : stop.reason() == null ? "end of input" : stop.reason())
                + ") after " + seconds(stop.elapsedNanos()) + ": " + summary.line(src.counters())
                + (s.live().write() != null ? "; packets in " + s.live().write() : "")
                + (finalOutput != null && !finalOutput.equals("-") ? "; report in " + finalOutput : ""));
        if (metrics != null) {
            metrics.close();
        }
        if (src.unreadAtStop() > 0) {
            err.println("tlsinspect: warning: " + src.unreadAtStop() + " packets still queued in the kernel at the stop"
                    + " were not read (the analysis was behind; see kernel drops, --buffer-size and a narrower --filter)");
        }
        if (failure != null) {
            throw failure;
        }
        return 0;
    }

    private static String seconds(long nanos) {
        return String.format("%.1fs", nanos / 1e9);
    }

    /** The command line, checked and turned into values before anything is opened. */
    record Settings(LiveOptions live, FlowTableConfig flows, AnalysisOptions analysis, String format, String output,
                    long count, Duration duration, Duration reportEvery, Duration rotate, String metrics) {

        static Settings from(CommandLine cl) {
            String iface = cl.getOptionValue("interface");
            if (iface == null || iface.isBlank()) {
                throw new UsageException("capture: name the interface with -i IFACE (see 'tlsinspect interfaces')");
            }
            if (!cl.getArgList().isEmpty()) {
                throw new UsageException("capture: unexpected argument '" + cl.getArgList().get(0)
                        + "' (a filter goes in --filter 'EXPR')");
            }
            Set<Integer> ports = CommonOptions.ports(cl);
            String filter = cl.getOptionValue("filter", BpfFilters.forPorts(ports));
            if (filter.isBlank()) {
                throw new UsageException("--filter: empty; leave it out for the default '" + BpfFilters.forPorts(ports) + "'");
            }
            int snaplen = CommonOptions.positiveInt(cl, "snaplen", LiveOptions.DEFAULT_SNAPLEN);
            if (snaplen < 64) {
                throw new UsageException("--snaplen: at least 64 bytes, or no TCP header survives");
            }
            int bufferMb = CommonOptions.positiveInt(cl, "buffer-size", LiveOptions.DEFAULT_BUFFER_MB);
            if (bufferMb > 2047) {
                throw new UsageException("--buffer-size: at most 2047 MiB");
            }
            Path write = cl.hasOption("write") ? Path.of(cl.getOptionValue("write")) : null;
            if (write != null && write.toAbsolutePath().getParent() != null
                    && !Files.isDirectory(write.toAbsolutePath().getParent())) {
                throw new UsageException("--write: directory " + write.toAbsolutePath().getParent() + " does not exist");
            }
            LiveOptions live = new LiveOptions(iface, filter, snaplen, !cl.hasOption("no-promiscuous"),
                    bufferMb * 1024 * 1024, LiveOptions.DEFAULT_TIMEOUT_MILLIS, write);

            Duration idle = Durations.parse("idle-timeout", cl.getOptionValue("idle-timeout", "120s"));
            int maxFlows = CommonOptions.positiveInt(cl, "max-flows", FlowTableConfig.DEFAULT_MAX_FLOWS);
            FlowTableConfig flows = new FlowTableConfig(ports, maxFlows, idle, FlowTableConfig.DEFAULT_LINGER,
                    FlowTableConfig.DEFAULT_STREAM_CAP);
            Duration window = Durations.parse("retry-window", cl.getOptionValue("retry-window", "30s"));
            AnalysisOptions analysis = new AnalysisOptions(window,
                    ConnectionFilter.parse(CommonOptions.connections(cl)), Main.VERSION);

            long count = 0;
            if (cl.hasOption("count")) {
                count = CommonOptions.positiveInt(cl, "count", 1);
            }
            Duration duration = cl.hasOption("duration")
                    ? Durations.parse("duration", cl.getOptionValue("duration")) : null;
            if (duration != null && duration.isZero()) {
                throw new UsageException("--duration: must be more than 0 (leave it out to run until Ctrl-C)");
            }
            Duration every = Durations.parse("report-every", cl.getOptionValue("report-every", "10s"));
            Duration rotate = cl.hasOption("rotate") ? Durations.parse("rotate", cl.getOptionValue("rotate")) : null;
            String output = cl.getOptionValue("output");
            if (rotate != null && (rotate.isZero() || output == null || output.equals("-"))) {
                throw new UsageException("--rotate: needs a duration above 0 and --output FILE (slices are written as FILE-<time>)");
            }
            return new Settings(live, flows, analysis, CommonOptions.format(cl), output, count, duration, every, rotate,
                    cl.getOptionValue("metrics"));
        }
    }

    /**
     * {@code --rotate}: every period, the connections finished so far are reported to their own file and
     * forgotten, so a capture can run for days in bounded memory. A retry chain that spans two slices is
     * split between them (each slice's analysis sees only its own connections).
     */
    static final class Rotation {
        private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        private final Settings s;
        private final Inspection insp;
        private final Summary summary;
        private final PrintStream err;
        private final long everyNanos;
        private long next;

        Rotation(Settings s, Inspection insp, Summary summary, PrintStream err) {
            this.s = s;
            this.insp = insp;
            this.summary = summary;
            this.err = err;
            this.everyNanos = s.rotate().toNanos();
            this.next = System.nanoTime() + everyNanos;
        }

        void maybeWrite() {
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

        String writeLast() throws IOException {
            return write();
        }

        private String write() throws IOException {
            summary.countNow(); // the summary counts from the records about to be forgotten
            List<HandshakeRecord> slice = insp.drainRecords();
            String file = sliceName(s.output(), java.time.Instant.now());
            Report report = new Analyzer().analyze(insp.sliceInput(slice), s.analysis());
            ReportOutput.write(report, s.format(), file, null);
            summary.forgotten();
            return file;
        }

        /** report.json -> report-20261126T130500Z.json */
        static String sliceName(String output, java.time.Instant at) {
            String stamp = STAMP.format(at);
            int slash = output.lastIndexOf('/');
            int dot = output.lastIndexOf('.');
            return dot > slash + 1 ? output.substring(0, dot) + "-" + stamp + output.substring(dot) : output + "-" + stamp;
        }
    }

    /**
     * The periodic stderr line. Cheap on purpose: it counts only the records finished since the last
     * line, so a long run does not rescan everything every ten seconds.
     */
    static final class Summary {
        private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
        private final Inspection insp;
        private final long everyNanos;
        private final PrintStream err;
        private final Map<String, Long> failures = new TreeMap<>();
        private long established;
        private int seen;
        private long next;

        Summary(Inspection insp, Duration every, PrintStream err) {
            this.insp = insp;
            this.everyNanos = every.toNanos();
            this.err = err;
            this.next = System.nanoTime() + everyNanos;
        }

        void maybePrint(LiveSource src) {
            if (everyNanos <= 0 || System.nanoTime() < next) {
                return;
            }
            next = System.nanoTime() + everyNanos;
            err.println("tlsinspect: " + CLOCK.format(LocalTime.now()) + " " + line(src.counters()));
        }

        String line(PcapCounters c) {
            count();
            CaptureStats st = insp.captureStats();
            long failed = failures.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder sb = new StringBuilder();
            sb.append("packets ").append(st.packets)
                    .append(", connections ").append(st.connections)
                    .append(" (open ").append(insp.dissector().table().size()).append(')')
                    .append(", established ").append(established)
                    .append(", failed ").append(failed);
            if (failed > 0) {
                sb.append(" [");
                String sep = "";
                for (Map.Entry<String, Long> e : failures.entrySet()) {
                    sb.append(sep).append(e.getKey()).append(' ').append(e.getValue());
                    sep = ", ";
                }
                sb.append(']');
            }
            sb.append(", kernel drops ").append(c.dropped());
            if (c.interfaceDropped() > 0) {
                sb.append(", interface drops ").append(c.interfaceDropped());
            }
            return sb.toString();
        }

        void countNow() {
            count();
        }

        /** The records counted so far were handed to a rotated report and dropped from the list. */
        void forgotten() {
            seen = 0;
        }

        private void count() {
            List<HandshakeRecord> fresh = insp.recordsSince(seen);
            for (HandshakeRecord r : fresh) {
                if (r.outcome() == Outcome.ESTABLISHED) {
                    established++;
                } else if (r.outcome().isFailure()) {
                    failures.merge(OutcomeKeys.key(r), 1L, Long::sum);
                }
            }
            seen += fresh.size();
        }

        /** The same counts for Prometheus (--metrics). */
        String prometheus(PcapCounters c) {
            count();
            CaptureStats st = insp.captureStats();
            Map<Map<String, String>, Long> outcomes = new java.util.LinkedHashMap<>();
            outcomes.put(Map.of("outcome", "established"), established);
            for (Map.Entry<String, Long> e : failures.entrySet()) {
                String[] k = e.getKey().split(":", 2);
                outcomes.put(k.length == 2 ? new java.util.TreeMap<>(Map.of("outcome", k[0], "alert", k[1]))
                        : Map.of("outcome", k[0]), e.getValue());
            }
            return new PrometheusText()
                    .metric("tlsinspect_packets_total", "counter", "Packets read from the interface.", st.packets)
                    .metric("tlsinspect_connections_total", "counter", "TCP connections seen on the monitored ports.",
                            st.connections)
                    .metric("tlsinspect_open_connections", "gauge", "Connections tracked now.",
                            insp.dissector().table().size())
                    .labelled("tlsinspect_handshakes_total", "counter",
                            "Finished connections by outcome (and alert, for alert outcomes).", outcomes)
                    .metric("tlsinspect_gaps_total", "counter", "Holes in reassembled streams.", st.gaps)
                    .metric("tlsinspect_flows_evicted_total", "counter", "Connections evicted from a full flow table.",
                            st.flowsEvicted)
                    .metric("tlsinspect_kernel_drops_total", "counter", "Packets the kernel dropped (libpcap ps_drop).",
                            c.dropped())
                    .metric("tlsinspect_interface_drops_total", "counter",
                            "Packets the interface dropped (libpcap ps_ifdrop).", c.interfaceDropped())
                    .toString();
        }
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
