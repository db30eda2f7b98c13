package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.OutcomeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A server that speaks only TLS 1.1 or older, by address: a client offering TLS 1.2 or 1.3 either
 * got a ServerHello at TLS <= 1.1 and then failed, or was refused with protocol_version by a server
 * never seen to accept anything above TLS 1.1. Modern stacks refuse such a ServerHello: OpenSSL 3
 * aborts with internal_error (at its default security level 1 the TLS 1.1 handshake's MD5-SHA1
 * signature is a "legacy sigalg disallowed"), others with protocol_version (RFC 8996 deprecates
 * TLS 1.0 and 1.1).
 */
public final class ServerProtocolTooOld implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.SERVER_PROTOCOL_TOO_OLD;
    }

    /** A server seen to accept nothing newer than TLS 1.1, or nothing at all. */
    private static boolean isOld(Integer max) {
        return max == null || max <= TlsVersion.TLS11;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        ServerChoices servers = ctx.servers(); // from the first pass: one read of the records here
        Hits<HandshakeRecord> hits = ctx.hits(); // counted exactly, the proof list capped
        Hits<HandshakeRecord> refused = new Hits<>(0); // of the hits, those the server refused: counted, none kept
        ctx.forEachRecord(r -> {
            if (!r.outcome().isFailure() || r.clientHello() == null || r.clientHello().maxVersion() < TlsVersion.TLS12) {
                return;
            }
            boolean oldHello = r.serverHello() != null && r.serverHello().version() > 0
                    && r.serverHello().version() <= TlsVersion.TLS11;
            // the server's highest version looked up only for the refusals it decides
            boolean refusal = OutcomeKey.of(r).isServerAlert("protocol_version") && isOld(servers.highestVersion(r.server().ip()));
            if (oldHello || refusal) {
                hits.add(r);
                if (r.outcome() == Outcome.SERVER_ALERT) {
                    refused.add(r);
                }
            }
        });
        long refusedByServer = refused.total();
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        List<String> maxSeen = new ArrayList<>();
        for (HandshakeRecord r : hits) {
            Integer max = servers.highestVersion(r.server().ip());
            maxSeen.add(max == null ? "none (it accepted no version offered)" : TlsVersion.name(max));
        }
        long abortedByClient = hits.total() - refusedByServer;
        StringBuilder s = new StringBuilder();
        s.append(FindingContext.servers(hits)).append(" speaks only old TLS: the highest version it was seen to accept is ")
                .append(Phrases.names(maxSeen)).append(", and ").append(Phrases.count(hits.total(), "connection"))
                .append(" from ").append(Phrases.clients(hits.stream().map(r -> r.client().ip()).toList()))
                .append(" offering ").append(Phrases.names(hits.stream().map(r -> TlsVersion.name(r.clientHello().maxVersion())).toList()))
                .append(" failed (").append(families(ctx, hits)).append(")");
        if (refusedByServer > 0) {
            s.append("; ").append(refusedByServer).append(refusedByServer == 1 ? " was" : " were")
                    .append(" refused by the server with protocol_version");
        }
        if (abortedByClient > 0) {
            s.append("; ").append(abortedByClient).append(" got a TLS <= 1.1 ServerHello and aborted (")
                    .append(Phrases.tally(hits.stream().filter(r -> r.outcome() != Outcome.SERVER_ALERT).map(OutcomeKey::of).toList()))
                    .append("): OpenSSL 3 clients answer internal_error because TLS 1.1's MD5-SHA1 signature is a"
                            + " legacy sigalg they disallow, others protocol_version (RFC 8996 retired TLS 1.0 and 1.1)");
        }
        s.append(". Enable TLS 1.2 and 1.3 on the server (nginx: ssl_protocols TLSv1.2 TLSv1.3).");
        String lead = "server_protocol_too_old: " + FindingContext.servers(hits) + " accepts at most "
                + Phrases.names(maxSeen) + ", so " + Phrases.count(hits.total(), "TLS 1.2/1.3 connection")
                + " failed: enable TLS 1.2 and 1.3 (ssl_protocols).";
        List<String> accepted = new ArrayList<>();
        hits.forEach(r -> {
            Integer max = servers.highestVersion(r.server().ip());
            if (max != null) {
                accepted.add(TlsVersion.name(max));
            }
        });
        java.util.Map<String, Object> evidence = accepted.isEmpty() ? java.util.Map.of()
                : java.util.Map.of("max_server_version", Finding.oneOrList(accepted));
        return Optional.of(new Finding(kind(), s.toString(), hits.stream().map(HandshakeRecord::id).toList(), hits.total(), lead, evidence));
    }

    /** "Firefox ESR 153 x1, Chromium 156 x8, ..." from the family catalogue, unknown ones counted as such. */
    private static String families(FindingContext ctx, List<HandshakeRecord> hits) {
        return "client families: " + Phrases.tally(hits.stream().map(r -> ctx.familyOf(r)).toList());
    }
}
