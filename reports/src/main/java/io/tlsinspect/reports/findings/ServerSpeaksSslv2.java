package io.tlsinspect.reports.findings;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import java.util.Map;
import java.util.Optional;

/**
 * server_speaks_sslv2: a server answered with an SSL 2.0 SERVER-HELLO. RFC 6176 forbids SSL 2.0
 * ("TLS servers MUST NOT reply with an SSL 2.0 SERVER-HELLO"), and a server that still speaks it
 * lends its RSA key to DROWN (CVE-2016-0800) against its TLS connections too.
 */
public final class ServerSpeaksSslv2 implements FindingDetector {
    @Override
    public FindingKind kind() {
        return FindingKind.SERVER_SPEAKS_SSLV2;
    }

    @Override
    public Optional<Finding> detect(FindingContext ctx) {
        Hits<HandshakeRecord> hits = ctx.hits(r -> r.serverHello() != null
                && r.serverHello().version() == TlsVersion.SSL2);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        String servers = FindingContext.servers(hits);
        String s = servers + " answered " + Phrases.count(hits.total(), "connection") + " from "
                + Phrases.clients(hits.stream().map(r -> r.client().ip()).toList())
                + " in SSL 2.0 (an SSL 2.0 SERVER-HELLO to an SSLv2-format hello): RFC 6176 forbids SSL 2.0, and a"
                + " server that speaks it exposes its RSA key to DROWN (CVE-2016-0800) for its TLS connections"
                + " too. Disable SSLv2 on the server (OpenSSL: SSLv2 off or -ssl2 not offered; upgrade a library"
                + " that still has it).";
        String lead = "server_speaks_sslv2: " + servers + " still speaks SSL 2.0 ("
                + Phrases.count(hits.total(), "connection") + "); disable it.";
        return Optional.of(new Finding(kind(), s, hits.stream().map(HandshakeRecord::id).toList(), hits.total(), lead,
                Map.of("servers", Finding.oneOrList(hits.stream().map(r -> r.server().ip() + ":" + r.server().port())
                        .distinct().toList()))));
    }
}
