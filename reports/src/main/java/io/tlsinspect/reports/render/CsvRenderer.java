package io.tlsinspect.reports.render;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.model.WireNames;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * {@code --format csv}: one row per listed connection (RFC 4180 via commons-csv, every cell quoted
 * when needed; control characters escaped and formula-looking cells defused by {@link CsvCells}).
 */
public final class CsvRenderer implements ReportRenderer {
    static final List<String> HEADER = List.of("id", "ts", "client_ip", "client_port", "server_ip", "server_port",
            "server_name", "outcome", "alert", "established", "offered_max_version", "fallback_scsv", "version",
            "cipher", "resumed", "hello_retry", "alpn", "session_id", "ja3_hash", "ja4", "client_family",
            "chain_id", "chain_attempt", "chain_of", "findings", "transport", "quic_version");

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        // DESIGN §3: the counters appear in every report; in CSV as '#' comment lines before the header
        // (pandas: comment='#'; commons-csv: setCommentMarker('#')), so rows stay one per connection.
        List<String> comments = new ArrayList<>();
        comments.add("tlsinspect " + report.options().toolVersion() + ": "
                + TerminalEscaper.escape(report.diagnosis().headline()));
        report.stats().forEach((k, n) -> comments.add(k + "=" + n));
        CSVFormat format = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.MINIMAL).setCommentMarker('#')
                .setHeaderComments(comments.toArray()).setHeader(HEADER.toArray(String[]::new)).get();
        CSVPrinter printer = new CSVPrinter(out, format);
        for (ConnectionView v : report.listedConnections()) {
            List<String> row = row(v);
            List<String> cells = new ArrayList<>(row.size());
            row.forEach(c -> cells.add(CsvCells.cell(c)));
            printer.printRecord(cells);
        }
        printer.flush();
    }

    static List<String> row(ConnectionView v) {
        HandshakeRecord r = v.record();
        ClientHelloInfo ch = r.clientHello();
        List<String> row = new ArrayList<>(HEADER.size());
        row.add(Long.toString(r.id()));
        row.add(Timestamps.iso(r.tsNanos()));
        row.add(r.client().ip());
        row.add(Integer.toString(r.client().port()));
        row.add(r.server().ip());
        row.add(Integer.toString(r.server().port()));
        row.add(r.serverName());
        row.add(r.outcome().key());
        row.add(OutcomeKey.of(r).alert());
        row.add(Boolean.toString(r.established()));
        row.add(ch == null ? null : TlsVersion.name(ch.maxVersion()));
        row.add(ch == null ? null : Boolean.toString(ch.fallbackScsv()));
        row.add(WireNames.version(r.version()));
        row.add(WireNames.suite(r.cipher()));
        row.add(Boolean.toString(r.resumed()));
        row.add(Boolean.toString(r.helloRetry()));
        row.add(ch == null ? null : String.join(" ", ch.alpn()));
        row.add(ch == null || ch.sessionId().isEmpty() ? null : ch.sessionId());
        row.add(ch == null ? null : ch.ja3Hash());
        row.add(ch == null ? null : ch.ja4());
        row.add(v.family());
        row.add(v.chain() == null ? null : Integer.toString(v.chain().id()));
        row.add(v.chain() == null ? null : Integer.toString(v.chain().attempt()));
        row.add(v.chain() == null ? null : Integer.toString(v.chain().of()));
        row.add(String.join(" ", v.findings()));
        row.add(r.transport().name()); // issue 11: tcp or quic
        row.add(r.transport().quicVersion() == null ? null : String.format("0x%08x", r.transport().quicVersion()));
        return row;
    }
}
