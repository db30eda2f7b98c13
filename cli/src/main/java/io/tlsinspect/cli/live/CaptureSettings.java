package io.tlsinspect.cli.live;

import io.tlsinspect.capture.live.BpfFilters;
import io.tlsinspect.capture.live.LiveOptions;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.cli.Main;
import io.tlsinspect.cli.options.CommonOptions;
import io.tlsinspect.cli.options.Durations;
import io.tlsinspect.cli.options.UsageException;
import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.ConnectionFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.commons.cli.CommandLine;

/** The command line, checked and turned into values before anything is opened. */
public record CaptureSettings(LiveOptions live, FlowTableConfig flows, AnalysisOptions analysis, String format, String output,
                long count, Duration duration, Duration reportEvery, Duration rotate, String metrics) {

    public static CaptureSettings from(CommandLine cl) {
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
        int maxFlows = CommonOptions.positiveInt(cl, "max-flows", FlowTableConfig.defaultMaxFlows());
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
        return new CaptureSettings(live, flows, analysis, CommonOptions.format(cl), output, count, duration, every, rotate,
                cl.getOptionValue("metrics"));
    }
}
