package io.tlsinspect.cli.options;

import io.tlsinspect.reports.render.ReportRenderer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Options shared by analyze and capture: ports, output format and file, report scope. */
public final class CommonOptions {
    private CommonOptions() {
    }

    public static void addTo(Options o) {
        o.addOption(Option.builder("p").longOpt("port").hasArg().argName("N[,N...]")
                .desc("server port(s) to inspect; repeatable (default 443)").build());
        o.addOption(Option.builder().longOpt("starttls")
                .desc("also inspect the ports of STARTTLS, database and proxy preambles: "
                        + io.tlsinspect.decoder.preamble.PreamblePorts.all().toString().replaceAll("[\\[\\] ]", "")).build());
        o.addOption(Option.builder().longOpt("all-ports")
                .desc("inspect TCP connections on every port (the server is the SYN's receiver)").build());
        o.addOption(Option.builder("f").longOpt("format").hasArg().argName("FMT")
                .desc(formats(" (default), ", " or ")).build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("FILE")
                .desc("write the report to FILE instead of stdout").build());
        o.addOption(Option.builder().longOpt("connections").hasArg().argName("WHICH")
                .desc("which connections to list: all (default), failed, none; statistics always cover all").build());
        o.addOption(Option.builder().longOpt("retry-window").hasArg().argName("DURATION")
                .desc("how soon a retry must follow a failure to join its chain (default 30s)").build());
        o.addOption(Option.builder().longOpt("idle-timeout").hasArg().argName("DURATION")
                .desc("end a silent connection after this long, in capture time (default 120s)").build());
        o.addOption(Option.builder().longOpt("max-flows").hasArg().argName("N")
                .desc("connections tracked at once; the least recently active is evicted beyond it (default: what fits in a quarter of the heap at 3 KiB a flow, 1000 to 250000: about 21000 with -Xmx256m)").build());
        o.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
    }

    /** Parses a command's arguments; a parse error is a usage error (exit 2) naming the command. */
    public static CommandLine parse(String command, Options opts, String[] args) {
        try {
            return new org.apache.commons.cli.DefaultParser().parse(opts, args);
        } catch (org.apache.commons.cli.ParseException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }

    public static Set<Integer> ports(CommandLine cl) {
        if (cl.hasOption("all-ports")) {
            return Set.of();
        }
        String[] vals = cl.getOptionValues("port");
        if (vals == null && !cl.hasOption("starttls")) {
            return Set.of(443);
        }
        Set<Integer> ports = new LinkedHashSet<>();
        if (vals == null) {
            ports.add(443); // --starttls adds to the default
            vals = new String[0];
        }
        if (cl.hasOption("starttls")) { // issue 11: TLS after a preamble, on the protocols' own ports
            ports.addAll(io.tlsinspect.decoder.preamble.PreamblePorts.all());
        }
        for (String v : vals) {
            for (String p : v.split(",")) {
                try {
                    int n = Integer.parseInt(p.trim());
                    if (n < 1 || n > 65535) {
                        throw new NumberFormatException();
                    }
                    ports.add(n);
                } catch (NumberFormatException e) {
                    throw new UsageException("--port: '" + p + "' is not a port number (1-65535)");
                }
            }
        }
        return ports;
    }

    /** The renderers' formats, the first being the default: "text, json, ..." with the separators given. */
    private static String formats(String afterFirst, String beforeLast) {
        List<String> f = ReportRenderer.FORMATS;
        return f.get(0) + afterFirst + String.join(", ", f.subList(1, f.size() - 1)) + beforeLast + f.get(f.size() - 1);
    }

    public static String format(CommandLine cl) {
        String f = cl.getOptionValue("format", "text").toLowerCase();
        if (!ReportRenderer.FORMATS.contains(f)) {
            throw new UsageException("--format: '" + f + "' is not one of " + formats(", ", ", "));
        }
        return f;
    }

    public static String connections(CommandLine cl) {
        String c = cl.getOptionValue("connections", "all").toLowerCase();
        if (!c.equals("all") && !c.equals("failed") && !c.equals("none")) {
            throw new UsageException("--connections: '" + c + "' is not one of all, failed, none");
        }
        return c;
    }

    public static int positiveInt(CommandLine cl, String opt, int def) {
        String v = cl.getOptionValue(opt);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + opt + ": '" + v + "' is not a positive whole number");
        }
    }
}
