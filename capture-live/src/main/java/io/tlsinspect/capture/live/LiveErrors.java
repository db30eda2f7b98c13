package io.tlsinspect.capture.live;

import java.util.List;
import java.util.Locale;

/**
 * Turns libpcap's error texts into one line that says what to do. Pure functions of the text, so the
 * wording is tested without root or a network.
 */
public final class LiveErrors {
    static final String SETCAP = "sudo setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))";

    private LiveErrors() {
    }

    /** An error from opening or activating the interface. */
    public static LiveCaptureException open(String iface, String pcapMessage, List<String> available) {
        String m = pcapMessage == null ? "" : pcapMessage;
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("permission") || lower.contains("operation not permitted")) {
            return permission(iface);
        }
        if (lower.contains("no such device") || lower.contains("doesn't exist") || lower.contains("not found")) {
            return noSuchInterface(iface, available);
        }
        return new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED,
                "cannot capture on " + iface + ": " + clean(m));
    }

    public static LiveCaptureException permission(String iface) {
        return new LiveCaptureException(LiveCaptureException.Kind.PERMISSION,
                "no permission to capture on " + iface + ": needs CAP_NET_RAW and CAP_NET_ADMIN;"
                        + " run with sudo, or grant them once: " + SETCAP);
    }

    public static LiveCaptureException noSuchInterface(String iface, List<String> available) {
        String list = available.isEmpty() ? "none visible; see 'tlsinspect interfaces'" : String.join(", ", available);
        return new LiveCaptureException(LiveCaptureException.Kind.NO_SUCH_INTERFACE,
                "no interface '" + iface + "' (available: " + list + ")");
    }

    /** libpcap could not compile the filter; its own message says where the syntax broke. */
    public static LiveCaptureException badFilter(String filter, String pcapMessage) {
        return new LiveCaptureException(LiveCaptureException.Kind.BAD_FILTER,
                "bad filter '" + filter + "': " + clean(pcapMessage));
    }

    /**
     * pcap4j appends " Error code: N" and sometimes the expression itself; the operator needs only
     * libpcap's sentence, on one line.
     */
    static String clean(String pcapMessage) {
        if (pcapMessage == null || pcapMessage.isBlank()) {
            return "libpcap gave no reason";
        }
        String m = pcapMessage.replace('\n', ' ').replace('\r', ' ').trim();
        int code = m.indexOf(" Error code:");
        if (code > 0) {
            m = m.substring(0, code).trim();
        }
        if (m.startsWith("Error occurred in pcap_compile: ")) {
            m = m.substring("Error occurred in pcap_compile: ".length());
        }
        return m;
    }
}
