package io.tlsinspect.capture.live;

import java.util.Set;
import java.util.TreeSet;

/**
 * The default capture filter, built from the monitored ports. Filtering in the kernel is what lets a
 * busy server keep up: packets on other ports never cross into Java.
 *
 * <p>UDP on the same ports is QUIC (issue 11), and an ICMP or ICMPv6 destination unreachable can say a
 * QUIC attempt was refused, so the filter keeps those too. pcap-filter(7) gives {@code and} and
 * {@code or} the same precedence, left to right: every alternative is parenthesised.
 */
public final class BpfFilters {
    /** ICMP destination unreachable (type 3) and ICMPv6 destination unreachable (type 1, no extension header). */
    static final String UNREACHABLE = "(icmp[icmptype] == icmp-unreach) or (icmp6 and ip6[40] == 1)";

    private BpfFilters() {
    }

    /**
     * @param ports monitored server ports; empty means every TCP port ({@code --all-ports}), UDP on 443
     * @return {@code ((tcp or udp) and port 443) or <unreachable>}, {@code ((tcp or udp) and (port 443 or
     *     port 8443)) or <unreachable>}, or {@code tcp or (udp and port 443) or <unreachable>}
     */
    public static String forPorts(Set<Integer> ports) {
        if (ports.isEmpty()) {
            return "tcp or (udp and port 443) or " + UNREACHABLE;
        }
        Set<Integer> sorted = new TreeSet<>(ports); // stable text for logs and tests
        StringBuilder sb = new StringBuilder("((tcp or udp) and ");
        if (sorted.size() == 1) {
            sb.append("port ").append(sorted.iterator().next());
        } else {
            sb.append('(');
            String sep = "";
            for (int p : sorted) {
                sb.append(sep).append("port ").append(p);
                sep = " or ";
            }
            sb.append(')');
        }
        return sb.append(") or ").append(UNREACHABLE).toString();
    }
}
