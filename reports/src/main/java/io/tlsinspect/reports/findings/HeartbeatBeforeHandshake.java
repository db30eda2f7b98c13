package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Heartbeats;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.Map;
import java.util.Optional;

/**
 * heartbeat_before_handshake: a heartbeat (RFC 6520) sent before the handshake completed. RFC 6520 §4
 * says a HeartbeatRequest "SHOULD NOT be sent during handshakes"; Heartbleed (CVE-2014-0160) probes do
 * exactly that, with a payload_length larger than their record, and a vulnerable OpenSSL (1.0.1 to
 * 1.0.1f) answers with that much of its memory.
 */
public final class HeartbeatBeforeHandshake implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.HEARTBEAT_BEFORE_HANDSHAKE;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Hits<HandshakeRecord> hits = ctx.hits(r -> r.heartbeats() != null && r.heartbeats().beforeHandshake() > 0);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        long overlong = hits.stream().filter(r -> r.heartbeats().overlong()).count();
        long answered = hits.stream().filter(r -> r.heartbeats().answered() > 0).count();
        Heartbeats first = hits.get(0).heartbeats();
        StringBuilder s = new StringBuilder();
        s.append(Phrases.count(hits.total(), "connection")).append(" from ")
                .append(Phrases.clients(hits.stream().map(r -> r.client().ip()).toList())).append(" to ")
                .append(FindingContext.servers(hits))
                .append(" sent a heartbeat (RFC 6520) before the handshake completed, which RFC 6520 §4 says not to do"
                        + " and Heartbleed (CVE-2014-0160) probes do");
        if (first.claimedPayload() >= 0) {
            s.append("; the first (from the ").append(first.firstFrom()).append(") claims a payload_length of ")
                    .append(first.claimedPayload()).append(" bytes in a ").append(first.firstLength())
                    .append("-byte record");
        }
        if (overlong > 0) {
            s.append("; ").append(overlong).append(" of them claim more payload than their record holds (the"
                    + " Heartbleed overread)");
        }
        if (answered > 0) {
            s.append("; in ").append(answered).append(" the other side answered with heartbeats of its own: a"
                    + " server that answers such a request may be leaking memory (patch OpenSSL, disable heartbeats)");
        } else {
            s.append("; no answer came back");
        }
        s.append('.');
        String lead = "heartbeat_before_handshake: " + Phrases.count(hits.total(), "connection")
                + " sent a heartbeat before the handshake completed (a Heartbleed probe)"
                + (answered > 0 ? ", and " + answered + " got an answer: check the server for CVE-2014-0160." : ".");
        return Optional.of(new Finding(kind(), s.toString(), hits.stream().map(HandshakeRecord::id).toList(),
                hits.total(), lead, Map.of()));
    }
}
