package io.tlsinspect.capture.live;

import java.util.Set;
import java.util.TreeSet;

/**
 * The default capture filter, built from the monitored ports. Filtering in the kernel is what lets a
 * busy server keep up: packets on other ports never cross into Java.
 */
public final class BpfFilters {
    private BpfFilters() {
    }

    /**
     * @param ports monitored server ports; empty means every TCP port ({@code --all-ports})
     * @return {@code tcp port 443}, {@code tcp and (port 443 or port 8443)}, or {@code tcp}
     */
    public static String forPorts(Set<Integer> ports) {
        if (ports.isEmpty()) {
            return "tcp";
        }
        Set<Integer> sorted = new TreeSet<>(ports); // stable text for logs and tests
        if (sorted.size() == 1) {
            return "tcp port " + sorted.iterator().next();
        }
        StringBuilder sb = new StringBuilder("tcp and (");
        String sep = "";
        for (int p : sorted) {
            sb.append(sep).append("port ").append(p);
            sep = " or ";
        }
        return sb.append(')').toString();
    }
}
