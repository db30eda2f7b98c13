package io.tlsinspect.cli.command;

import io.tlsinspect.capture.live.CaptureDevices;
import io.tlsinspect.capture.live.CaptureDevices.Device;
import io.tlsinspect.cli.options.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code tlsinspect interfaces}: what {@code capture -i} accepts, with addresses to recognise them by. */
public final class InterfacesCommand {
    private final PrintStream out;

    public InterfacesCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    public int run(String[] args) throws IOException {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                out.println("""
                        usage: tlsinspect interfaces

                        Lists the devices libpcap can capture on: name, flags (up, running, loopback),
                        addresses and description. Use a name with 'tlsinspect capture -i NAME'.
                        Some systems list more devices to root than to other users.""");
                return 0;
            }
            throw new UsageException("interfaces: takes no arguments (got '" + a + "')");
        }
        List<Device> devs = CaptureDevices.list();
        if (devs.isEmpty()) {
            out.println("no capture devices visible (root, or CAP_NET_RAW and CAP_NET_ADMIN, may see more)");
            return 0;
        }
        int w = devs.stream().mapToInt(d -> d.name().length()).max().orElse(4);
        for (Device d : devs) {
            out.println(String.format("%-" + w + "s  %-20s  %s%s", d.name(), flags(d),
                    d.addresses().isEmpty() ? "-" : String.join(" ", d.addresses()),
                    d.description() == null || d.description().isBlank() ? "" : "  (" + d.description() + ")"));
        }
        return 0;
    }

    private static String flags(Device d) {
        List<String> f = new ArrayList<>();
        f.add(d.up() ? "up" : "down");
        if (d.running()) {
            f.add("running");
        }
        if (d.loopback()) {
            f.add("loopback");
        }
        return String.join(",", f);
    }
}
