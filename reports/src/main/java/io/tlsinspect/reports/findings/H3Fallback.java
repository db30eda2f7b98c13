package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.OutcomeKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * h3_fallback (issue 11): a browser whose HTTP/3 attempt fails falls back to TLS over TCP, the modern
 * form of the seed incident's fallback. The rule, in one place: a QUIC connection that failed,
 * followed by a TCP connection from the same client address that starts at most {@link #WINDOW_NANOS}
 * after the QUIC one started, to the same server: the same SNI when both hellos name one, else the
 * same server address (a QUIC attempt cut short, as Chromium's after an ICMP port unreachable, may
 * carry no complete hello). Both connections are the finding's proof. Bounded: only the window's worth
 * of failed QUIC attempts is remembered, at most {@link #MAX_PENDING}.
 */
public final class H3Fallback implements FindingDetector {
    /** How long after a failed QUIC attempt began a TCP attempt counts as its fallback: 30 s. */
    public static final long WINDOW_NANOS = 30_000_000_000L;
    static final int MAX_PENDING = 100_000;

    @Override
    public FindingKind kind() {
        return FindingKind.H3_FALLBACK;
    }

    private static boolean isQuic(HandshakeRecord r) {
        return "quic".equals(r.transport().name());
    }

    private static boolean sameServer(HandshakeRecord quic, HandshakeRecord tcp) {
        String a = quic.serverName();
        String b = tcp.serverName();
        if (a != null && !a.isEmpty() && b != null && !b.isEmpty()) {
            return a.equalsIgnoreCase(b);
        }
        return quic.server().ip().equals(tcp.server().ip());
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        ArrayDeque<HandshakeRecord> pending = new ArrayDeque<>(); // failed QUIC attempts, oldest first
        Map<String, ArrayDeque<HandshakeRecord>> byClient = new java.util.HashMap<>(); // the same, per client
        Hits<HandshakeRecord> hits = ctx.hits();
        Set<Long> hitQuic = new HashSet<>(); // of the pending ones only: bounded with them
        List<OutcomeKey> quicOutcomes = new ArrayList<>();
        Map<String, Long> tcpOutcomes = new LinkedHashMap<>();
        ctx.forEachRecord(r -> {
            while (!pending.isEmpty() && (r.tsNanos() - pending.peekFirst().tsNanos() > WINDOW_NANOS
                    || pending.size() >= MAX_PENDING)) {
                HandshakeRecord old = pending.removeFirst();
                hitQuic.remove(old.id());
                ArrayDeque<HandshakeRecord> mine = byClient.get(old.client().ip());
                mine.removeFirst(); // per client in the same order as the whole
                if (mine.isEmpty()) {
                    byClient.remove(old.client().ip());
                }
            }
            if (isQuic(r)) {
                if (r.outcome().isFailure()) {
                    pending.addLast(r);
                    byClient.computeIfAbsent(r.client().ip(), k -> new ArrayDeque<>()).addLast(r);
                }
                return;
            }
            // nearly always no failed QUIC attempt is pending: then no look-up, and no iterator
            ArrayDeque<HandshakeRecord> mine = byClient.isEmpty() ? null : byClient.get(r.client().ip());
            if (mine == null) {
                return; // no QUIC attempt of this client to fall back from
            }
            boolean fallback = false;
            for (HandshakeRecord q : mine) {
                if (sameServer(q, r)) {
                    fallback = true;
                    if (hitQuic.add(q.id())) {
                        hits.add(q);
                        if (quicOutcomes.size() < 1000) {
                            quicOutcomes.add(OutcomeKey.of(q));
                        }
                    }
                }
            }
            if (fallback) {
                hits.add(r);
                tcpOutcomes.merge(OutcomeKey.of(r).toString(), 1L, Long::sum);
            }
        });
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        List<HandshakeRecord> quic = hits.stream().filter(H3Fallback::isQuic).toList();
        List<HandshakeRecord> tcp = hits.stream().filter(r -> !isQuic(r)).toList();
        String clients = Phrases.names(hits.stream().map(r -> r.client().ip()).toList());
        String servers = FindingContext.servers(tcp);
        String why = why(quicOutcomes);
        String s = Phrases.count(quic.size(), "HTTP/3 (QUIC) attempt") + " by " + clients + " to " + servers
                + " failed (" + Phrases.tally(quicOutcomes) + ") and the client fell back to TLS over TCP within "
                + WINDOW_NANOS / 1_000_000_000L + " s (" + Phrases.count(tcp.size(), "TCP connection") + ": "
                + Phrases.tallyCounts(tcpOutcomes) + "). " + why;
        String lead = "h3_fallback: " + Phrases.count(quic.size(), "HTTP/3 (QUIC) attempt") + " to " + servers
                + " failed (" + Phrases.tally(quicOutcomes) + ") and fell back to TCP. " + why;
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total(), lead,
                Map.of("port", Finding.oneOrList(quic.stream().map(r -> r.server().port()).toList()))));
    }

    /** Where to look, from the most common way the QUIC attempts failed. */
    private static String why(List<OutcomeKey> outcomes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        outcomes.forEach(k -> counts.merge(k.toString().split(":")[0], 1, Integer::sum));
        String top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        return switch (top) {
            case "refused" -> "ICMP port unreachable answered the QUIC Initial: nothing listens on that UDP port, or a"
                    + " firewall rejects it; if the server advertises HTTP/3 (Alt-Svc, a DNS HTTPS record), open the"
                    + " UDP port or stop advertising h3.";
            case "no_server_response" -> "Nothing answered the QUIC Initial: UDP to that port is dropped on the way"
                    + " (a firewall or load balancer), or the server does not run QUIC there.";
            case "version_negotiation" -> "The server answered with Version Negotiation: it does not speak the"
                    + " client's QUIC version.";
            case "server_alert" -> "The server refused the QUIC handshake with a TLS alert: check its QUIC/TLS"
                    + " configuration (suites, certificate, ALPN).";
            default -> "Look at the QUIC side of the server.";
        };
    }
}
