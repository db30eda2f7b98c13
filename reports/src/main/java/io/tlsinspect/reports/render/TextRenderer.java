package io.tlsinspect.reports.render;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.RootCause;
import io.tlsinspect.reports.findings.Phrases;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ClientSummary;
import io.tlsinspect.reports.model.ConnectionFilter;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.InputSummary;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.model.ServerSummary;
import io.tlsinspect.reports.model.Tally;
import io.tlsinspect.reports.model.WireNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --format text}: starts with the answer (headline, diagnosis, findings), then clients,
 * versions, servers, chains, one line per connection, counters. Lines stay within 120 columns;
 * every wire string is escaped for the terminal.
 */
public final class TextRenderer implements ReportRenderer {
    /** Prose wraps here; table lines stay within LINE_MAX. */
    static final int WIDTH = 110;
    static final int LINE_MAX = 120;
    private static final int MAX_IDS = 12;

    @Override
    public String format() {
        return "text";
    }

    @Override
    public void render(Report report, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        header(report, out);
        diagnosis(report, out);
        findings(report, out);
        clients(report, out);
        versions(report, out);
        servers(report, out);
        certificates(report, out);
        chains(report, out);
        if (report.options().connections() != ConnectionFilter.NONE) {
            connections(report, out);
        }
        counters(report, out);
        out.flush();
        if (out.checkError()) {
            throw new IOException("writing the text report failed");
        }
    }

    private void header(Report r, PrintWriter out) {
        long packets = r.inputs().stream().mapToLong(InputSummary::packets).sum();
        out.println(TextLayout.cell("tlsinspect " + r.options().toolVersion() + " | "
                + Phrases.count(r.inputs().size(), "input") + " | " + Phrases.count(packets, "packet")
                + " | retry window " + r.options().retryWindow().toSeconds() + " s", WIDTH).stripTrailing());
        out.println(TextLayout.cell(r.diagnosis().headline(), WIDTH).stripTrailing());
        out.println();
    }

    private void diagnosis(Report r, PrintWriter out) {
        if (r.diagnosis().sentences().isEmpty()) {
            return;
        }
        out.println("DIAGNOSIS");
        for (String s : r.diagnosis().sentences()) {
            TextLayout.wrap(s, WIDTH, "  * ", "    ").forEach(out::println);
        }
        out.println();
    }

    private void findings(Report r, PrintWriter out) {
        if (r.findings().isEmpty()) {
            return;
        }
        out.println("FINDINGS");
        for (Finding f : r.findings()) {
            TextLayout.wrap(f.kind().key() + " (" + f.count() + "): " + f.summary(), WIDTH, "  ", "      ").forEach(out::println);
            out.println("      connections: " + ids(f.connections(), f.count()));
        }
        out.println();
    }

    private void clients(Report r, PrintWriter out) {
        out.println("CLIENTS");
        out.println("  " + TextLayout.pad("CLIENT", 22) + TextLayout.pad("FAMILY / FINGERPRINT", 34)
                + "  ATT   OK FAIL CHN  OUTCOMES");
        for (ClientSummary c : r.clients()) {
            String who = c.family() != null ? c.family() : c.fingerprint() != null ? c.fingerprint() : "(no ClientHello)";
            out.println(("  " + TextLayout.cell(c.ip(), 22) + TextLayout.cell(who, 34) + counts(c.tally())
                    + TextLayout.num(c.chains().size(), 4) + "  " + TextLayout.cell(outcomes(c.tally().outcomes()), LINE_MAX - 79)).stripTrailing());
        }
        if (r.otherClients() != null) {
            out.println(("  " + TextLayout.cell(otherRows(r.otherClients(), "client"), 56) + counts(r.otherClients().tally())
                    + "      " + TextLayout.cell(outcomes(r.otherClients().tally().outcomes()), LINE_MAX - 79)).stripTrailing());
        }
        out.println();
    }

    private void versions(Report r, PrintWriter out) {
        out.println("OFFERED MAX VERSION");
        out.println("  " + TextLayout.pad("VERSION", 10) + "  ATT   OK FAIL  OUTCOMES");
        for (Map.Entry<String, Tally> e : r.byVersion().entrySet()) {
            out.println(("  " + TextLayout.cell(e.getKey(), 10) + counts(e.getValue()) + "  "
                    + TextLayout.cell(outcomes(e.getValue().outcomes()), LINE_MAX - 29)).stripTrailing());
        }
        out.println();
    }

    private void servers(Report r, PrintWriter out) {
        out.println("SERVERS");
        out.println("  " + TextLayout.pad("ADDRESS", 28) + TextLayout.pad("NAME (SNI)", 28) + "  ATT   OK FAIL  OUTCOMES");
        for (ServerSummary s : r.servers()) {
            String addr = s.ip().indexOf(':') >= 0 ? "[" + s.ip() + "]:" + s.port() : s.ip() + ":" + s.port();
            out.println(("  " + TextLayout.cell(addr, 28) + TextLayout.cell(s.name(), 28) + counts(s.tally()) + "  "
                    + TextLayout.cell(outcomes(s.tally().outcomes()), LINE_MAX - 75)).stripTrailing());
        }
        if (r.otherServers() != null) {
            out.println(("  " + TextLayout.cell(otherRows(r.otherServers(), "server"), 56) + counts(r.otherServers().tally())
                    + "  " + TextLayout.cell(outcomes(r.otherServers().tally().outcomes()), LINE_MAX - 75)).stripTrailing());
        }
        out.println();
    }

    /** Per server and name: the certificate seen, and the certificate findings it caused. */
    private void certificates(Report r, PrintWriter out) {
        List<CertificateRows.Row> rows = CertificateRows.of(r);
        if (rows.isEmpty()) {
            return;
        }
        out.println("CERTIFICATES (leaf, as sent on TLS <= 1.2; TLS 1.3 encrypts it)");
        for (CertificateRows.Row c : rows) {
            out.println(("  " + TextLayout.cell(c.address(), 28) + TextLayout.cell(c.name(), 40)).stripTrailing());
            if (c.certificate() == null) {
                TextLayout.wrap("not seen (TLS 1.3 only); " + c.marks(), WIDTH, "      ", "      ").forEach(out::println);
                continue;
            }
            TextLayout.wrap("subject " + c.subject() + "; names " + c.names(), WIDTH, "      ", "        ").forEach(out::println);
            TextLayout.wrap("issuer " + c.issuer(), WIDTH, "      ", "        ").forEach(out::println);
            TextLayout.wrap("valid " + c.validity() + "; key " + c.key(), WIDTH, "      ", "        ").forEach(out::println);
            if (!c.marks().isEmpty()) {
                TextLayout.wrap("!! " + c.marks(), WIDTH, "      ", "        ").forEach(out::println);
            }
        }
        out.println();
    }

    private void chains(Report r, PrintWriter out) {
        if (r.chains().isEmpty()) {
            out.println("CHAINS: none (no failed attempt was followed by a fallback retry)");
            out.println();
            return;
        }
        out.println("CHAINS (retries that fell back after a failure; * = TLS_FALLBACK_SCSV)");
        for (RootCause row : r.rootCauses()) {
            StringBuilder finals = new StringBuilder();
            row.finals().forEach((k, n) -> finals.append(finals.length() == 0 ? "" : ", ").append(k).append(" x").append(n));
            TextLayout.wrap("root cause " + row.rootOutcome() + ": " + row.chains() + " chain" + (row.chains() == 1 ? "" : "s")
                    + ", " + row.recovered() + " recovered; ended " + finals, WIDTH, "  ", "      ").forEach(out::println);
        }
        for (Chain c : r.chains()) {
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < c.versions().size(); i++) {
                steps.add(c.versions().get(i) + (c.fallbackScsv().get(i) ? "*" : "") + "@" + c.serverIps().get(i));
            }
            String line = "#" + c.id() + " " + c.clientIp() + " -> " + c.server() + ": " + String.join(" > ", steps)
                    + " | root " + c.rootOutcome() + " | final " + c.finalOutcome()
                    + (c.recovered() ? " | recovered" : " | not recovered") + " | connections " + ids(c.attempts(), c.attempts().size());
            TextLayout.wrap(line, WIDTH, "  ", "      ").forEach(out::println);
        }
        if (r.chainsUnlisted() > 0) {
            out.println("  ... and " + r.chainsUnlisted() + " more chains, counted above but not listed (--max-chains "
                    + r.options().chainRows() + ")");
        }
        out.println();
    }

    private void connections(Report r, PrintWriter out) {
        Iterable<ConnectionView> listed = r.listedConnections(); // one pass: views are built as they are printed
        out.println("CONNECTIONS (" + r.options().connections().key() + ", " + r.listedCount() + " of "
                + r.connections().count() + "; OFFER * = TLS_FALLBACK_SCSV; CHAIN id:attempt/of)");
        out.println("  " + TextLayout.pad("TIME", 13) + TextLayout.pad("ID", 6) + TextLayout.pad("CLIENT", 22)
                + TextLayout.pad("SERVER NAME", 17) + TextLayout.pad("OFFER", 9) + TextLayout.pad("GOT", 8)
                + TextLayout.pad("CHAIN", 7) + "OUTCOME / CIPHER");
        for (ConnectionView v : listed) {
            HandshakeRecord h = v.record();
            ClientHelloInfo ch = h.clientHello();
            String offer = ch == null ? "-" : TlsVersion.name(ch.maxVersion()) + (ch.fallbackScsv() ? "*" : "");
            String server = h.serverName() != null ? h.serverName() : h.server().ip();
            String chain = v.chain() == null ? "" : v.chain().id() + ":" + v.chain().attempt() + "/" + v.chain().of();
            // established connections have no alert and failed ones rarely a cipher: one column serves both
            String result = quic(h) + v.outcomeKey() + (h.cipher() < 0 ? "" : " " + WireNames.shortSuite(WireNames.suite(h.cipher())));
            out.println(("  " + TextLayout.cell(Timestamps.clock(h.tsNanos()), 13) + TextLayout.cell(Long.toString(h.id()), 6)
                    + TextLayout.cell(h.client().toString(), 22) + TextLayout.cell(server, 17) + TextLayout.cell(offer, 9)
                    + TextLayout.cell(h.version() == 0 ? "-" : TlsVersion.name(h.version()), 8) + TextLayout.cell(chain, 7)
                    + TextLayout.cell(result, LINE_MAX - 84)).stripTrailing());
        }
        out.println();
    }

    /** Issue 11: a QUIC connection says so (the JSON report has its version and Version Negotiation's list). */
    private static String quic(HandshakeRecord h) {
        return "quic".equals(h.transport().name()) ? "QUIC " : "";
    }

    private void counters(Report r, PrintWriter out) {
        List<String> parts = new ArrayList<>();
        r.stats().forEach((k, n) -> parts.add(k + "=" + n));
        TextLayout.wrap("COUNTERS: " + String.join(" ", parts), WIDTH, "", "  ").forEach(out::println);
    }

    private static String counts(Tally t) {
        return TextLayout.num(t.attempts(), 5) + TextLayout.num(t.established(), 5) + TextLayout.num(t.failed(), 5);
    }

    private static String outcomes(Map<OutcomeKey, Integer> m) {
        List<String> parts = new ArrayList<>();
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> parts.add(e.getKey() + " x" + e.getValue()));
        return String.join(", ", parts);
    }


    /** "(1200 other clients, and those first seen after 50000)" : the folded row of a capped table. */
    static String otherRows(io.tlsinspect.reports.model.OtherRows o, String noun) {
        return "(" + Phrases.count(o.rows(), "other " + noun)
                + (o.untrackedConnections() > 0 ? " + untracked: " + o.untrackedConnections() + " conn." : "") + ")";
    }

    /** The first ids of a finding's proof list; {@code count} is how many connections show it. */
    private static String ids(List<Long> ids, long count) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < ids.size() && i < MAX_IDS; i++) {
            s.add(Long.toString(ids.get(i)));
        }
        return String.join(", ", s) + (count > s.size() ? " and " + (count - s.size()) + " more" : "");
    }
}
