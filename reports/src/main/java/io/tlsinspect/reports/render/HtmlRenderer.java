package io.tlsinspect.reports.render;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.RootCause;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ClientSummary;
import io.tlsinspect.reports.model.ConnectionFilter;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.InputSummary;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.model.ServerSummary;
import io.tlsinspect.reports.model.Tally;
import io.tlsinspect.reports.model.WireNames;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --format html}: one self-contained page. Inline CSS and inline SVG only; a Content Security
 * Policy forbids scripts and any network fetch, so even a missed escape could not phone home. Every
 * text node and attribute value goes through {@link HtmlEscaper} (via {@link #e}).
 */
public final class HtmlRenderer implements ReportRenderer {
    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1400px}
            h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #ddd}
            .headline{font-size:18px;font-weight:600;margin:8px 0}.muted{color:#777}
            table{border-collapse:collapse;font-size:13px}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
            th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .fail{color:#b71c1c}.ok{color:#1b5e20}code{font-size:12px}
            .legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
            .axis{font-size:10px;fill:#555}.label{font-size:12px;fill:#222}.tick{font-size:13px;fill:#333}
            .timeline{width:100%}
            .charts{display:flex;flex-wrap:wrap;gap:32px}ul.diag li{margin:4px 0}
            .wide{overflow-x:auto}td.fail,td.ok{white-space:nowrap}
            """;

    @Override
    public String format() {
        return "html";
    }

    @Override
    public void render(Report r, Writer out) throws IOException {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>tlsinspect report</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>tlsinspect ").append(e(r.options().toolVersion())).append("</h1>");
        h.append("<p class=\"muted\">").append(e(inputsLine(r))).append("</p>");
        h.append("<p class=\"headline\">").append(e(r.diagnosis().headline())).append("</p>\n");
        if (!r.diagnosis().sentences().isEmpty()) {
            h.append("<h2>Diagnosis</h2><ul class=\"diag\">");
            r.diagnosis().sentences().forEach(s -> h.append("<li>").append(e(s)).append("</li>"));
            h.append("</ul>\n");
        }
        findings(r, h);
        java.util.Set<io.tlsinspect.reports.model.OutcomeKey> keys = new java.util.HashSet<>();
        r.byVersion().values().forEach(t -> keys.addAll(t.outcomes().keySet()));
        r.byFamily().values().forEach(t -> keys.addAll(t.outcomes().keySet()));
        Map<io.tlsinspect.reports.model.OutcomeKey, String> palette = SvgCharts.palette(keys);
        h.append("<h2>Charts</h2><div class=\"timeline\"><h3>Failures over time (UTC")
                .append(r.failuresOverTime().isEmpty() ? "" : ", bars of " + Timestamps.span(r.failuresOverTime().get(0).widthNanos()))
                .append(")</h3>")
                .append(SvgCharts.timeline(r.failuresOverTime())).append("</div><div class=\"charts\">")
                .append("<div><h3>Outcomes by offered max version</h3>").append(SvgCharts.stackedBars(r.byVersion(), palette)).append("</div>")
                .append("<div><h3>Outcomes by client family</h3>").append(SvgCharts.stackedBars(r.byFamily(), palette)).append("</div></div>\n");
        clients(r, h);
        tallyTable(h, "Offered max version", "Version", r.byVersion());
        servers(r, h);
        certificates(r, h);
        chains(r, h);
        if (r.options().connections() != ConnectionFilter.NONE) {
            connections(r, h);
        }
        counters(r, h);
        h.append("</body></html>\n");
        out.write(h.toString());
        out.flush();
    }

    private static void findings(Report r, StringBuilder h) {
        h.append("<h2>Findings</h2>");
        if (r.findings().isEmpty()) {
            h.append("<p class=\"muted\">None.</p>");
            return;
        }
        h.append("<table><tr><th>Finding</th><th>Count</th><th>What and why</th><th>Connections</th></tr>");
        for (Finding f : r.findings()) {
            h.append("<tr><td><code>").append(e(f.kind().key())).append("</code></td><td class=\"n\">").append(f.count())
                    .append("</td><td>").append(e(f.summary())).append("</td><td>").append(e(ids(f.connections())
                    + (f.truncated() ? " and " + (f.count() - f.connections().size()) + " more" : ""))).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void clients(Report r, StringBuilder h) {
        h.append("<h2>Clients</h2><table><tr><th>IP</th><th>Family</th><th>Fingerprint</th><th>Attempts</th>"
                + "<th>Established</th><th>Failed</th><th>Chains</th><th>Max versions</th><th>Outcomes</th></tr>");
        for (ClientSummary c : r.clients()) {
            h.append("<tr><td>").append(e(c.ip())).append("</td><td>").append(e(c.family() == null ? "unknown" : c.family()))
                    .append("</td><td><code>").append(e(c.fingerprint())).append("</code></td>")
                    .append(counts(c.tally())).append("<td class=\"n\">").append(c.chains().size()).append("</td><td>")
                    .append(e(map(c.maxVersions()))).append("</td><td>").append(e(map(c.tally().outcomes()))).append("</td></tr>");
        }
        if (r.otherClients() != null) {
            h.append("<tr><td colspan=\"3\">").append(e(TextRenderer.otherRows(r.otherClients(), "client"))).append("</td>")
                    .append(counts(r.otherClients().tally())).append("<td></td><td></td><td>")
                    .append(e(map(r.otherClients().tally().outcomes()))).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void tallyTable(StringBuilder h, String title, String keyName, Map<String, Tally> rows) {
        h.append("<h2>").append(e(title)).append("</h2><table><tr><th>").append(e(keyName))
                .append("</th><th>Attempts</th><th>Established</th><th>Failed</th><th>Outcomes</th></tr>");
        rows.forEach((k, t) -> h.append("<tr><td>").append(e(k)).append("</td>").append(counts(t))
                .append("<td>").append(e(map(t.outcomes()))).append("</td></tr>"));
        h.append("</table>\n");
    }

    private static void servers(Report r, StringBuilder h) {
        h.append("<h2>Servers</h2><table><tr><th>Address</th><th>Port</th><th>Name (SNI)</th><th>Attempts</th>"
                + "<th>Established</th><th>Failed</th><th>Outcomes</th></tr>");
        for (ServerSummary s : r.servers()) {
            h.append("<tr><td>").append(e(s.ip())).append("</td><td class=\"n\">").append(s.port()).append("</td><td>")
                    .append(e(s.name())).append("</td>").append(counts(s.tally())).append("<td>")
                    .append(e(map(s.tally().outcomes()))).append("</td></tr>");
        }
        if (r.otherServers() != null) {
            h.append("<tr><td colspan=\"3\">").append(e(TextRenderer.otherRows(r.otherServers(), "server"))).append("</td>")
                    .append(counts(r.otherServers().tally())).append("<td>")
                    .append(e(map(r.otherServers().tally().outcomes()))).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    /** Per server and name: the certificate seen, and the certificate findings it caused (marked). */
    private static void certificates(Report r, StringBuilder h) {
        List<CertificateRows.Row> rows = CertificateRows.of(r);
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h2>Certificates</h2><p class=\"muted\">The leaf certificate as servers sent it on TLS 1.2 and older"
                + " connections (TLS 1.3 encrypts it).</p><table><tr><th>Server</th><th>Name (SNI)</th><th>Subject</th>"
                + "<th>Names</th><th>Issuer</th><th>Valid</th><th>Key</th><th>Caused failures</th></tr>");
        for (CertificateRows.Row c : rows) {
            h.append("<tr><td>").append(e(c.address())).append("</td><td>").append(e(c.name())).append("</td>");
            if (c.certificate() == null) {
                h.append("<td colspan=\"5\" class=\"muted\">not seen (TLS 1.3 only)</td>");
            } else {
                h.append("<td>").append(e(c.subject())).append("</td><td>").append(e(c.names())).append("</td><td>")
                        .append(e(c.issuer())).append("</td><td>").append(e(c.validity())).append("</td><td>")
                        .append(e(c.key())).append("</td>");
            }
            h.append(c.marks().isEmpty() ? "<td></td>" : "<td><span class=\"fail\">" + e(c.failuresText()) + "</span></td>").append("</tr>");
        }
        h.append("</table>\n");
    }

    private static void chains(Report r, StringBuilder h) {
        h.append("<h2>Retry chains</h2>");
        if (r.chains().isEmpty()) {
            h.append("<p class=\"muted\">None: no failed attempt was followed by a fallback retry.</p>");
            return;
        }
        h.append("<table><tr><th>Root cause (first attempt)</th><th>Chains</th><th>Recovered</th><th>How they ended</th></tr>");
        for (RootCause row : r.rootCauses()) {
            StringBuilder finals = new StringBuilder();
            row.finals().forEach((k, n) -> finals.append(finals.length() == 0 ? "" : ", ").append(k).append(" x").append(n));
            h.append("<tr><td class=\"fail\">").append(e(row.rootOutcome().toString())).append("</td><td class=\"n\">")
                    .append(row.chains()).append("</td><td class=\"n\">").append(row.recovered()).append("</td><td>")
                    .append(e(finals.toString())).append("</td></tr>");
        }
        h.append("</table><p></p>");
        h.append("<table><tr><th>#</th><th>Client</th><th>Server name</th><th>Attempts (offered version, * = SCSV, server)</th>"
                + "<th>Root outcome</th><th>Final</th><th>Recovered</th><th>Connections</th></tr>");
        for (Chain c : r.chains()) {
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < c.versions().size(); i++) {
                steps.add(c.versions().get(i) + (c.fallbackScsv().get(i) ? "*" : "") + " @ " + c.serverIps().get(i));
            }
            h.append("<tr><td class=\"n\">").append(c.id()).append("</td><td>").append(e(c.clientIp())).append("</td><td>")
                    .append(e(c.server())).append("</td><td>").append(e(String.join(" → ", steps))).append("</td><td class=\"fail\">")
                    .append(e(c.rootOutcome().toString())).append("</td><td>")
                    .append(e(c.finalOutcome().toString()))
                    .append("</td><td class=\"").append(c.recovered() ? "ok\">yes" : "fail\">no").append("</td><td>")
                    .append(e(ids(c.attempts()))).append("</td></tr>");
        }
        h.append("</table>\n");
        if (r.chainsUnlisted() > 0) {
            h.append("<p class=\"muted\">And ").append(r.chainsUnlisted())
                    .append(" more chains, counted above but not listed (--max-chains ").append(r.options().chainRows()).append(").</p>\n");
        }
    }

    private static void connections(Report r, StringBuilder h) {
        Iterable<ConnectionView> listed = r.listedConnections();
        h.append("<h2>Connections (").append(e(r.options().connections().key())).append(", ").append(r.listedCount())
                .append(" of ").append(r.connections().count()).append(")</h2>");
        // Compact columns so the table fits a screen: time of day (full timestamp on hover), offered
        // version with * for TLS_FALLBACK_SCSV, short cipher names (IANA name on hover).
        h.append("<div class=\"wide\"><table><tr><th>ID</th><th>Time (UTC)</th><th>Client</th><th>Server</th><th>Server name</th>"
                + "<th>Offered (* SCSV)</th><th>Version</th><th>Cipher</th><th>Outcome</th><th>Chain</th><th>Findings</th>"
                + "<th>Client family</th></tr>");
        for (ConnectionView v : listed) {
            HandshakeRecord c = v.record();
            ClientHelloInfo ch = c.clientHello();
            String suite = WireNames.suite(c.cipher());
            h.append("<tr><td class=\"n\">").append(c.id()).append("</td><td title=\"").append(e(Timestamps.iso(c.tsNanos())))
                    .append("\">").append(e(Timestamps.clock(c.tsNanos())))
                    .append("</td><td>").append(e(c.client().toString())).append("</td><td>").append(e(c.server().toString()))
                    .append("</td><td>").append(e(c.serverName())).append("</td><td>")
                    .append(e(ch == null ? "" : TlsVersion.name(ch.maxVersion()) + (ch.fallbackScsv() ? "*" : "")))
                    .append("</td><td>").append(e(WireNames.version(c.version()))).append("</td><td title=\"")
                    .append(e(suite)).append("\">").append(e(suite == null ? null : WireNames.shortSuite(suite)))
                    .append("</td><td class=\"").append(c.outcome().isFailure() ? "fail" : "ok").append("\">")
                    .append(e(quic(c) + v.outcomeKey())).append("</td><td>")
                    .append(v.chain() == null ? "" : e(v.chain().id() + " (" + v.chain().attempt() + "/" + v.chain().of() + ")"))
                    .append("</td><td>").append(e(String.join(" ", v.findings()))).append("</td><td>").append(e(v.family()))
                    .append("</td></tr>");
        }
        h.append("</table></div>\n");
    }

    /** Issue 11: "QUIC " before a QUIC connection's outcome (with the versions a Version Negotiation offered in brackets). */
    private static String quic(HandshakeRecord c) {
        if (!"quic".equals(c.transport().name())) {
            return "";
        }
        java.util.List<String> vn = new java.util.ArrayList<>();
        c.transport().quicVnVersions().forEach(x -> vn.add(String.format("0x%08x", x)));
        return vn.isEmpty() ? "QUIC " : "QUIC [" + String.join(" ", vn) + "] ";
    }

    private static void counters(Report r, StringBuilder h) {
        h.append("<h2>Counters</h2><table>");
        r.stats().forEach((k, n) -> h.append("<tr><td>").append(e(k)).append("</td><td class=\"n\">").append(n).append("</td></tr>"));
        h.append("</table>\n");
    }

    private static String inputsLine(Report r) {
        List<String> parts = new ArrayList<>();
        for (InputSummary in : r.inputs()) {
            parts.add(in.file() + " (" + in.linkType() + ", " + in.packets() + " packets)");
        }
        return "Inputs: " + (parts.isEmpty() ? "none" : String.join("; ", parts)) + ". Retry window "
                + r.options().retryWindow().toSeconds() + " s.";
    }

    private static String counts(Tally t) {
        return "<td class=\"n\">" + t.attempts() + "</td><td class=\"n\">" + t.established() + "</td><td class=\"n\">"
                + t.failed() + "</td>";
    }

    private static String map(Map<?, Integer> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, n) -> parts.add(k + " " + n));
        return String.join(", ", parts);
    }

    private static String ids(List<Long> ids) {
        List<String> s = new ArrayList<>();
        ids.forEach(i -> s.add(Long.toString(i)));
        return String.join(", ", s);
    }

    private static String e(String s) {
        return HtmlEscaper.escape(s);
    }
}
