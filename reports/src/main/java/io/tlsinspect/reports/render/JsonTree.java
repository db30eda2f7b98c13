package io.tlsinspect.reports.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TcpFacts;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.RootCause;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ChainRef;
import io.tlsinspect.reports.model.ClientSummary;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.InputSummary;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.model.TimeBucket;
import io.tlsinspect.reports.model.ServerSummary;
import io.tlsinspect.reports.model.Tally;
import io.tlsinspect.reports.model.WireNames;
import java.util.List;
import java.util.Map;

/**
 * The DESIGN §6 document as a Jackson tree, key by key, so the contract is visible in one place.
 * Keys beyond the contract (allowed: "more may be added") are marked "extra" where they are written.
 */
final class JsonTree {
    private final ObjectMapper mapper;

    JsonTree(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode report(Report r) {
        return report(r, true);
    }

    /**
     * The document; without the {@code connections} array and with an empty {@code chains} array when
     * {@code withConnections} is false, so that a renderer can stream them one by one (they are most
     * of the document's size).
     */
    ObjectNode report(Report r, boolean withConnections) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "tlsinspect");
        tool.put("version", r.options().toolVersion());
        ArrayNode inputs = root.putArray("inputs");
        for (InputSummary in : r.inputs()) {
            ObjectNode o = inputs.addObject();
            o.put("file", in.file());
            o.put("link_type", in.linkType());
            o.put("packets", in.packets());
            putTs(o, "first_ts", in.packets() == 0 ? null : in.firstTsNanos());
            putTs(o, "last_ts", in.packets() == 0 ? null : in.lastTsNanos());
        }
        ObjectNode stats = root.putObject("stats");
        r.stats().forEach(stats::put);
        if (withConnections) {
            ArrayNode conns = root.putArray("connections");
            for (ConnectionView c : r.listedConnections()) {
                conns.add(connection(c));
            }
        }
        ArrayNode chains = root.putArray("chains");
        if (withConnections) { // else streamed by the renderer, like connections: one per retry chain
            for (Chain c : r.chains()) {
                chains.add(chain(c));
            }
        }
        ArrayNode clients = root.putArray("clients");
        for (ClientSummary c : r.clients()) {
            clients.add(client(c));
        }
        ObjectNode byVersion = root.putObject("by_version");
        r.byVersion().forEach((k, t) -> byVersion.set(k, versionRow(t)));
        ArrayNode findings = root.putArray("findings");
        for (Finding f : r.findings()) {
            findings.add(finding(f));
        }
        // extra: the rest of what the text and HTML reports show, for tools that want it
        ObjectNode byFamily = root.putObject("by_family");
        r.byFamily().forEach((k, t) -> byFamily.set(k, tally(t)));
        ArrayNode servers = root.putArray("servers");
        for (ServerSummary s : r.servers()) {
            ObjectNode o = servers.addObject();
            o.put("ip", s.ip());
            o.put("port", s.port());
            o.put("name", s.name());
            o.setAll(tally(s.tally()));
        }
        // extra: the caps of DESIGN §3 and what they cut (the rows beyond them, folded)
        ObjectNode limits = root.putObject("limits");
        limits.put("client_rows", r.options().clientRows());
        limits.put("server_rows", r.options().serverRows());
        limits.put("proof_connections", r.options().proofCap());
        limits.put("chain_rows", r.options().chainRows());
        root.put("chains_unlisted", r.chainsUnlisted());
        other(root, "other_clients", "clients", r.otherClients());
        other(root, "other_servers", "servers", r.otherServers());
        ObjectNode roots = root.putObject("by_root_cause"); // extra: DESIGN §5's answer, chains by first failure
        for (RootCause row : r.rootCauses()) {
            ObjectNode o = roots.putObject(row.rootOutcome().toString());
            o.put("chains", row.chains());
            o.put("recovered", row.recovered());
            ObjectNode finals = o.putObject("final_outcomes");
            row.finals().forEach((k, n) -> finals.put(k.toString(), n));
        }
        ArrayNode timeline = root.putArray("failures_over_time");
        for (TimeBucket b : r.failuresOverTime()) {
            ObjectNode t = timeline.addObject();
            putTs(t, "start", b.startNanos());
            t.put("seconds", b.widthNanos() / 1_000_000_000L);
            t.put("attempts", b.attempts());
            t.put("failed", b.failed());
        }
        ObjectNode diagnosis = root.putObject("diagnosis");
        diagnosis.put("headline", r.diagnosis().headline());
        ArrayNode sentences = diagnosis.putArray("sentences");
        r.diagnosis().sentences().forEach(sentences::add);
        return root;
    }

    /** Issue 11: how the handshake travelled (TCP, after a preamble, QUIC). */
    private static void transport(ObjectNode o, io.tlsinspect.decoder.model.Transport t) {
        o.put("transport", t.name());
        o.put("preamble", t.preamble());
        o.put("proxy_target", t.proxyTarget());
        o.put("starttls_refusal", t.refusal());
        if (t.name().equals("quic")) {
            o.put("quic_version", t.quicVersion() == null ? null : String.format("0x%08x", t.quicVersion()));
            o.put("quic_close_error", t.quicCloseError() == null ? null : "0x" + Long.toHexString(t.quicCloseError()));
            ArrayNode vn = o.putArray("quic_vn_versions");
            t.quicVnVersions().forEach(v -> vn.add(String.format("0x%08x", v)));
        }
    }

    /** Issue 11: the connection's heartbeat messages (RFC 6520), or null when it carried none. */
    private void heartbeats(ObjectNode o, io.tlsinspect.decoder.model.Heartbeats h) {
        if (h == null) {
            o.putNull("heartbeats");
            return;
        }
        ObjectNode n = o.putObject("heartbeats");
        n.put("messages", h.messages());
        n.put("before_handshake", h.beforeHandshake());
        n.put("first_from", h.firstFrom());
        n.put("payload_length", h.claimedPayload() < 0 ? null : h.claimedPayload());
        n.put("record_length", h.beforeHandshake() == 0 ? null : h.firstLength());
        n.put("answered", h.answered());
    }

    ObjectNode connection(ConnectionView v) {
        HandshakeRecord r = v.record();
        ObjectNode o = mapper.createObjectNode();
        o.put("id", r.id());
        o.put("ts", Timestamps.iso(r.tsNanos()));
        ObjectNode client = o.putObject("client");
        client.put("ip", r.client().ip());
        client.put("port", r.client().port());
        ObjectNode server = o.putObject("server");
        server.put("ip", r.server().ip());
        server.put("port", r.server().port());
        server.put("name", r.serverName());
        o.put("outcome", r.outcome().key());
        o.put("established", r.established());
        o.put("version", WireNames.version(r.version()));
        o.put("cipher", WireNames.suite(r.cipher()));
        o.put("resumed", r.resumed());
        o.put("hello_retry", r.helloRetry());
        ArrayNode alerts = o.putArray("alerts");
        for (AlertEvent a : r.alerts()) {
            ObjectNode ao = alerts.addObject();
            ao.put("from", a.from());
            ao.put("level", a.levelName());
            ao.put("description", a.description());
            ao.put("encrypted", a.encrypted());
            ao.put("inferred", a.inferred()); // extra
        }
        o.set("client_hello", clientHello(r.clientHello()));
        o.set("server_hello", serverHello(r.serverHello()));
        ChainRef ref = v.chain();
        if (ref == null) {
            o.putNull("chain");
        } else {
            ObjectNode c = o.putObject("chain");
            c.put("id", ref.id());
            c.put("attempt", ref.attempt());
            c.put("of", ref.of());
        }
        ArrayNode findings = o.putArray("findings");
        v.findings().forEach(findings::add);
        // extras
        o.put("outcome_key", v.outcomeKey().toString());
        o.put("client_fingerprint", v.clientFingerprint());
        o.put("client_family", v.family());
        o.set("certificate", certificate(r.certificate()));
        o.put("key_exchange_group", r.keyExchangeGroup() == null ? null : WireNames.group(r.keyExchangeGroup()));
        o.put("history", r.history());
        o.set("tcp", tcp(r));
        o.put("inferred", r.inferred());
        transport(o, r.transport());
        heartbeats(o, r.heartbeats()); // issue 11
        ArrayNode notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        return o;
    }

    private JsonNode clientHello(ClientHelloInfo ch) {
        if (ch == null) {
            return mapper.nullNode();
        }
        ObjectNode o = mapper.createObjectNode();
        o.put("record_version", TlsVersion.name(ch.recordVersion()));
        o.put("legacy_version", TlsVersion.name(ch.legacyVersion()));
        strings(o.putArray("versions"), WireNames.versions(ch.supportedVersions()));
        o.put("max_version", TlsVersion.name(ch.maxVersion()));
        o.put("sslv2_format", ch.sslv2Format());
        strings(o.putArray("cipher_suites"), WireNames.suites(ch.cipherSuites()));
        o.put("fallback_scsv", ch.fallbackScsv());
        o.put("renegotiation_scsv", ch.renegotiationScsv());
        o.put("session_id", emptyToNull(ch.sessionId()));
        o.put("session_ticket", ch.sessionTicket());
        o.put("psk", ch.psk());
        o.put("sni", ch.sni());
        strings(o.putArray("alpn"), ch.alpn());
        strings(o.putArray("groups"), WireNames.groups(ch.groups()));
        strings(o.putArray("signature_algorithms"), WireNames.signatureSchemes(ch.signatureAlgorithms()));
        strings(o.putArray("extensions"), WireNames.extensions(ch.extensions()));
        o.put("ja3", ch.ja3());
        o.put("ja3_hash", ch.ja3Hash());
        o.put("ja4", ch.ja4());
        return o;
    }

    private JsonNode serverHello(ServerHelloInfo sh) {
        if (sh == null) {
            return mapper.nullNode();
        }
        ObjectNode o = mapper.createObjectNode();
        o.put("version", TlsVersion.name(sh.version()));
        o.put("cipher", WireNames.suite(sh.cipher()));
        o.put("session_id", emptyToNull(sh.sessionId()));
        strings(o.putArray("extensions"), WireNames.extensions(sh.extensions()));
        o.put("ja3s", sh.ja3s());
        o.put("ja3s_hash", sh.ja3sHash()); // extra, like client_hello.ja3_hash
        o.put("hello_retry_request", sh.helloRetryRequest()); // extra
        o.put("alpn", sh.alpn()); // extra
        o.put("key_share_group", sh.keyShareGroup() == null ? null : WireNames.group(sh.keyShareGroup())); // extra
        return o;
    }

    private JsonNode certificate(CertificateInfo c) {
        if (c == null) {
            return mapper.nullNode();
        }
        ObjectNode o = mapper.createObjectNode();
        o.put("subject", c.subject());
        o.put("issuer", c.issuer());
        strings(o.putArray("subject_alt_names"), c.subjectAltNames());
        o.put("not_before", c.notBefore());
        o.put("not_after", c.notAfter());
        o.put("key_type", c.keyType());
        o.put("key_bits", c.keyBits());
        o.put("chain_length", c.chainLength());
        o.put("self_signed", c.selfSigned());
        o.put("sha256", c.sha256());
        return o;
    }

    ObjectNode chain(Chain c) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", c.id());
        o.put("client_ip", c.clientIp());
        o.put("server", c.server());
        ArrayNode attempts = o.putArray("attempts");
        c.attempts().forEach(attempts::add);
        strings(o.putArray("versions"), c.versions());
        o.put("root_outcome", c.rootOutcome().toString());
        o.put("final_outcome", c.finalOutcome().outcome().key());
        o.put("final_alert", c.finalOutcome().alert());
        o.put("recovered", c.recovered());
        strings(o.putArray("server_ips"), c.serverIps()); // extra: round-robin DNS spreads retries
        ArrayNode scsv = o.putArray("fallback_scsv"); // extra
        c.fallbackScsv().forEach(scsv::add);
        return o;
    }

    private ObjectNode client(ClientSummary c) {
        ObjectNode o = mapper.createObjectNode();
        o.put("ip", c.ip());
        o.put("ja4", c.ja4());
        o.put("family", c.family());
        o.put("attempts", c.tally().attempts());
        o.put("established", c.tally().established());
        o.put("failed", c.tally().failed());
        o.set("outcomes", counts(c.tally().outcomes()));
        o.set("max_versions", counts(c.maxVersions()));
        ArrayNode chainIds = o.putArray("chains");
        c.chains().forEach(chainIds::add);
        o.put("fingerprint", c.fingerprint()); // extra: the JA4, or h:... when the client sent none
        return o;
    }

    private ObjectNode versionRow(Tally t) {
        ObjectNode o = mapper.createObjectNode();
        o.put("attempts", t.attempts());
        o.put("failed", t.failed());
        o.set("outcomes", counts(t.outcomes()));
        o.put("established", t.established()); // extra
        return o;
    }

    private ObjectNode tally(Tally t) {
        ObjectNode o = mapper.createObjectNode();
        o.put("attempts", t.attempts());
        o.put("established", t.established());
        o.put("failed", t.failed());
        o.set("outcomes", counts(t.outcomes()));
        return o;
    }

    private ObjectNode finding(Finding f) {
        ObjectNode o = mapper.createObjectNode();
        o.put("kind", f.kind().key());
        o.put("count", f.count());
        o.put("summary", f.summary());
        ArrayNode ids = o.putArray("connections");
        f.connections().forEach(ids::add);
        o.put("connections_truncated", f.truncated()); // extra
        if (!f.evidence().isEmpty()) {
            o.set("evidence", mapper.valueToTree(f.evidence()));
        }
        return o;
    }

    private void other(ObjectNode root, String key, String rowsKey, io.tlsinspect.reports.model.OtherRows o) {
        if (o == null) {
            root.putNull(key);
            return;
        }
        ObjectNode n = root.putObject(key);
        n.put(rowsKey, o.rows());
        n.put("untracked_connections", o.untrackedConnections());
        n.setAll(tally(o.tally()));
    }

    private ObjectNode counts(Map<?, Integer> m) {
        ObjectNode o = mapper.createObjectNode();
        m.forEach((k, n) -> o.put(k.toString(), n));
        return o;
    }

    /** The connection's TCP facts, like a line of Zeek's conn.log (extra key). */
    private ObjectNode tcp(HandshakeRecord r) {
        TcpFacts t = r.tcp();
        ObjectNode o = mapper.createObjectNode();
        if (t == null) {
            return o;
        }
        o.put("syn", t.synSeen());
        o.put("syn_ack", t.synAckSeen());
        o.put("mid_stream", t.midStream());
        o.put("client_packets", t.clientPackets());
        o.put("server_packets", t.serverPackets());
        o.put("client_bytes", t.clientBytes());
        o.put("server_bytes", t.serverBytes());
        o.put("client_gaps", t.clientGaps());
        o.put("server_gaps", t.serverGaps());
        o.put("fin_from", t.finFrom());
        o.put("rst_from", t.rstFrom());
        o.put("end", t.endReason());
        o.put("duration", t.durationNanos() / 1e9);
        o.put("source", t.source());
        return o;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void putTs(ObjectNode o, String key, Long nanos) {
        if (nanos == null) {
            o.putNull(key);
        } else {
            o.put(key, Timestamps.iso(nanos));
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
