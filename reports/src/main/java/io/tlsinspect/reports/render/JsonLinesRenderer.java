package io.tlsinspect.reports.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.model.WireNames;
import java.io.IOException;
import java.io.Writer;

/**
 * {@code --format jsonl}: one event per listed connection with Elastic Common Schema field names
 * (nested objects, as Beats write them: {@code {"tls":{"version":"1.2"}}} is field
 * {@code tls.version}), then one summary event. Fields ECS lacks live under {@code tlsinspect.*}.
 */
public final class JsonLinesRenderer implements ReportRenderer {
    private final ObjectMapper mapper = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Override
    public String format() {
        return "jsonl";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        for (ConnectionView c : report.listedConnections()) {
            line(out, connectionEvent(c));
        }
        line(out, summaryEvent(report));
        out.flush();
    }

    private void line(Writer out, ObjectNode event) throws IOException {
        // Jackson escapes control characters inside strings, so one event stays one line
        out.write(mapper.writeValueAsString(event));
        out.write('\n');
    }

    ObjectNode connectionEvent(ConnectionView v) {
        HandshakeRecord r = v.record();
        ObjectNode e = mapper.createObjectNode();
        e.put("@timestamp", Timestamps.iso(r.tsNanos()));
        ObjectNode event = e.putObject("event");
        event.put("kind", "event");
        event.putArray("category").add("network");
        event.putArray("type").add("connection");
        event.put("dataset", "tlsinspect.handshake");
        event.put("outcome", ecsOutcome(r.outcome()));
        event.put("duration", Math.max(0, r.endTsNanos() - r.tsNanos()));
        ObjectNode source = e.putObject("source");
        source.put("ip", r.client().ip());
        source.put("port", r.client().port());
        ObjectNode dest = e.putObject("destination");
        dest.put("ip", r.server().ip());
        dest.put("port", r.server().port());
        if (r.serverName() != null) {
            dest.put("domain", r.serverName());
        }
        ObjectNode network = e.putObject("network");
        boolean quic = "quic".equals(r.transport().name());
        network.put("transport", quic ? "udp" : "tcp"); // ECS: the layer-4 protocol
        if (quic) {
            network.put("protocol", "quic"); // issue 11
        }

        ObjectNode tls = e.putObject("tls");
        if (r.version() != 0) {
            tls.put("version", ecsVersion(r.version()));
            tls.put("version_protocol", r.version() <= TlsVersion.SSL3 ? "ssl" : "tls");
        }
        if (r.cipher() >= 0) {
            tls.put("cipher", WireNames.suite(r.cipher()));
        }
        tls.put("established", r.established());
        tls.put("resumed", r.resumed());
        ClientHelloInfo ch = r.clientHello();
        if (ch != null) {
            ObjectNode client = tls.putObject("client");
            putIfPresent(client, "ja3", ch.ja3Hash());
            putIfPresent(client, "ja4", ch.ja4());
            if (ch.sni() != null) {
                client.put("server_name", ch.sni());
            }
            ArrayNode suites = client.putArray("supported_ciphers");
            WireNames.suites(ch.cipherSuites()).forEach(suites::add);
        }
        ServerHelloInfo sh = r.serverHello();
        if (sh != null) {
            putIfPresent(tls.putObject("server"), "ja3s", sh.ja3sHash());
            if (sh.alpn() != null) {
                tls.put("next_protocol", sh.alpn());
            }
        }

        ObjectNode ti = e.putObject("tlsinspect");
        ti.put("connection_id", r.id());
        ti.put("outcome", r.outcome().key());
        ti.put("outcome_key", v.outcomeKey().toString());
        ti.put("alert", v.outcomeKey().alert());
        if (ch != null) {
            ti.put("offered_max_version", TlsVersion.name(ch.maxVersion()));
            ti.put("fallback_scsv", ch.fallbackScsv());
        }
        ti.put("hello_retry", r.helloRetry());
        if (v.chain() != null) {
            ObjectNode chain = ti.putObject("chain");
            chain.put("id", v.chain().id());
            chain.put("attempt", v.chain().attempt());
            chain.put("of", v.chain().of());
        }
        ArrayNode findings = ti.putArray("findings");
        v.findings().forEach(findings::add);
        ti.put("client_fingerprint", v.clientFingerprint());
        ti.put("client_family", v.family());
        return e;
    }

    ObjectNode summaryEvent(Report r) {
        ObjectNode e = mapper.createObjectNode();
        long last = r.connections().lastTsNanos();
        e.put("@timestamp", Timestamps.iso(last));
        ObjectNode event = e.putObject("event");
        event.put("kind", "metric");
        event.put("dataset", "tlsinspect.summary");
        ObjectNode ti = e.putObject("tlsinspect");
        ObjectNode summary = ti.putObject("summary");
        summary.put("tool_version", r.options().toolVersion());
        summary.put("connections", r.connections().count());
        summary.put("failed", r.failedCount());
        summary.put("chains", r.chains().size());
        summary.put("chains_unlisted", r.chainsUnlisted());
        summary.put("headline", r.diagnosis().headline());
        ObjectNode stats = summary.putObject("stats");
        r.stats().forEach(stats::put);
        ArrayNode findings = summary.putArray("findings");
        for (Finding f : r.findings()) {
            ObjectNode o = findings.addObject();
            o.put("kind", f.kind().key());
            o.put("count", f.count());
            o.put("summary", f.summary());
        }
        return e;
    }

    /** ECS documents leave absent fields out rather than null. */
    private static void putIfPresent(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    /** ECS tls.version: "1.2", "3.0" for SSLv3, "2.0" for SSLv2. */
    static String ecsVersion(int code) {
        return switch (code) {
            case TlsVersion.SSL2 -> "2.0";
            case TlsVersion.SSL3 -> "3.0";
            case TlsVersion.TLS10 -> "1.0";
            case TlsVersion.TLS11 -> "1.1";
            case TlsVersion.TLS12 -> "1.2";
            case TlsVersion.TLS13 -> "1.3";
            default -> TlsVersion.name(code);
        };
    }

    /** ECS event.outcome: success, failure or unknown (mid_stream: the start was not seen). */
    static String ecsOutcome(Outcome o) {
        if (o == Outcome.ESTABLISHED) {
            return "success";
        }
        return o.isFailure() ? "failure" : "unknown";
    }
}
