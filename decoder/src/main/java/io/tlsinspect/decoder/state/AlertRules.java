package io.tlsinspect.decoder.state;

import java.util.Set;

/** Which alerts end a handshake. */
final class AlertRules {
    /**
     * Descriptions a peer may send at warning level without ending the connection: close_notify and
     * user_canceled (RFC 8446 §6.1 closure alerts), no_certificate (SSLv3, RFC 6101 §5.4.2),
     * no_renegotiation (RFC 5246 §7.2.2) and unrecognized_name (RFC 6066 §3).
     */
    private static final Set<Integer> WARNING_OK = Set.of(0, 41, 90, 100, 112);

    private AlertRules() {
    }

    /**
     * RFC 5246 §7.2: a fatal-level alert ends the connection. RFC 8446 §6: error alerts are fatal
     * whatever their level, so a warning-level alert that is not a closure or a known warning also ends it.
     */
    static boolean decisive(int level, int description) {
        if (level == 2) {
            return true;
        }
        return level == 1 && !WARNING_OK.contains(description);
    }
}
