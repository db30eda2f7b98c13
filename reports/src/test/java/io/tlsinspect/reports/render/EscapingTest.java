package io.tlsinspect.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.Fixtures;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.Report;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Wire strings are hostile: every renderer must neutralise them for its medium. */
class EscapingTest {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String ATTR = "\"><img src=x onerror=alert(1)>";
    static final String ANSI = "\u001b[31mred\u001b[0m\u001b]0;title\u0007";
    static final String CSI_C1 = "a\u009b31mb";
    static final String FORMULA = "=cmd|' /C calc'!A0";
    static final String NEWLINES = "evil\r\nFAKE LINE\nmore";
    static final String BIDI = "abc\u202edcba";
    static final String LONG = "L".repeat(5000);

    private static Report hostileReport() {
        List<HandshakeRecord> l = new ArrayList<>(Fixtures.seed());
        String[] names = {SCRIPT, ATTR, ANSI, CSI_C1, FORMULA, "+1+1", "-2", "@SUM(A1)", NEWLINES, BIDI, LONG};
        for (int i = 0; i < names.length; i++) {
            l.add(Hs.conn(100 + i).at(40 + i).client("198.51.100." + (100 + i)).sni(names[i])
                    .clientAlert("unknown_ca").serverHello(TlsVersion.TLS12, 0xc02f, "").build());
        }
        return Fixtures.analyze(l);
    }

    private static String render(ReportRenderer renderer, Report r) throws Exception {
        StringWriter w = new StringWriter();
        renderer.render(r, w);
        return w.toString();
    }

    // --- terminal ---

    @Test
    void terminalEscaperMakesControlsVisible() {
        assertThat(TerminalEscaper.escape("\u001b[31m")).isEqualTo("\\x1b[31m");
        assertThat(TerminalEscaper.escape("a\nb\rc\td")).isEqualTo("a\\x0ab\\x0dc\\x09d");
        assertThat(TerminalEscaper.escape(CSI_C1)).isEqualTo("a\\x9b31mb");
        assertThat(TerminalEscaper.escape("\u007f")).isEqualTo("\\x7f");
        assertThat(TerminalEscaper.escape(BIDI)).isEqualTo("abc\\u{202e}dcba");
        assertThat(TerminalEscaper.escape("a\\x1b")).isEqualTo("a\\\\x1b"); // cannot forge an escape
        assertThat(TerminalEscaper.escape("shop.example")).isEqualTo("shop.example");
        assertThat(TerminalEscaper.escape(null)).isEqualTo("-");
    }

    @Test
    void textReportEmitsNoControlCharacters() throws Exception {
        String t = render(new TextRenderer(), hostileReport());
        for (char c : t.toCharArray()) {
            boolean control = (c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x202e;
            assertThat(control).as("control char U+%04X in text report", (int) c).isFalse();
        }
        assertThat(t).contains("\\x1b[31mred").doesNotContain("FAKE LINE\n");
        for (String line : t.split("\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(120);
        }
    }

    // --- HTML ---

    @Test
    void htmlEscaperCoversTextAndAttributes() {
        assertThat(HtmlEscaper.escape(SCRIPT)).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(HtmlEscaper.escape(ATTR)).isEqualTo("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        assertThat(HtmlEscaper.escape("a'b&c")).isEqualTo("a&#39;b&amp;c");
        assertThat(HtmlEscaper.escape("x\u001by")).isEqualTo("x\\x1by");
    }

    @Test
    void htmlReportIsInertAndSelfContained() throws Exception {
        String h = render(new HtmlRenderer(), hostileReport());
        assertThat(h).startsWith("<!DOCTYPE html>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("Content-Security-Policy")
                .doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("<img")
                .doesNotContain("src=\"").doesNotContain("href=")
                .doesNotContain("\u001b").doesNotContain("\u009b");
        // the only URL is the SVG namespace name, which is never fetched
        assertThat(h.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://").doesNotContain("https://");
        assertThat(h).contains("<svg").contains("Outcomes by offered max version").contains("Failures over time");
    }

    // --- CSV ---

    @Test
    void csvCellsDefuseFormulas() {
        assertThat(CsvCells.cell(FORMULA)).isEqualTo("'" + FORMULA);
        assertThat(CsvCells.cell("+1")).isEqualTo("'+1");
        assertThat(CsvCells.cell("-2")).isEqualTo("'-2");
        assertThat(CsvCells.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvCells.cell("\tx")).isEqualTo("\\x09x"); // escaped as in the text report: no longer a tab
        assertThat(CsvCells.cell("shop.example")).isEqualTo("shop.example");
        assertThat(CsvCells.cell(null)).isNull();
    }

    @Test
    void csvRoundTripsHostileNamesOneRowPerConnection() throws Exception {
        Report r = hostileReport();
        String csv = render(new CsvRenderer(), r);
        assertThat(csv).startsWith("# tlsinspect");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(rows).hasSize(r.connections().size());
        List<String> names = rows.stream().map(x -> x.get("server_name")).toList();
        assertThat(names).contains("'" + FORMULA, "'+1+1", "'-2", "'@SUM(A1)", "evil\\x0d\\x0aFAKE LINE\\x0amore",
                SCRIPT, LONG, "\\x1b[31mred\\x1b[0m\\x1b]0;title\\x07", "a\\x9b31mb", "abc\\u{202e}dcba");
        for (CSVRecord row : rows) {
            for (String cell : row) {
                assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@");
                if (cell.startsWith("-")) {
                    throw new AssertionError("cell starts with '-': " + cell);
                }
            }
        }
        assertThat(rows.get(0).get("id")).isEqualTo("1");
        assertThat(rows.get(1).get("chain_id")).isEqualTo("1");
        assertThat(rows.get(1).get("fallback_scsv")).isEqualTo("true");
        assertThat(rows.get(1).get("alert")).isEqualTo("inappropriate_fallback");
    }

    /** Issue 13 point 8: valid CSV may carry ESC, BEL and NUL raw, but `cat report.csv` sends them to the terminal. */
    @Test
    void csvCarriesNoControlCharactersOnlyTheirEscapes() throws Exception {
        List<HandshakeRecord> l = new ArrayList<>(Fixtures.seed());
        l.add(Hs.conn(200).at(60).client("198.51.100.200").sni("a\u0000b\u0007c\u001b[2Jd").clientAlert("unknown_ca")
                .serverHello(TlsVersion.TLS12, 0xc02f, "").build());
        Report r = Fixtures.analyze(l);
        String csv = render(new CsvRenderer(), r);
        for (String line : csv.split("\r\n")) {
            for (char c : line.toCharArray()) {
                boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x202e;
                assertThat(control).as("control char U+%04X in CSV line %s", (int) c, line).isFalse();
            }
        }
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(rows.stream().map(x -> x.get("server_name"))).contains("a\\x00b\\x07c\\x1b[2Jd");
    }

    // --- JSON Lines ---

    @Test
    void jsonLinesKeepOneEventPerLineAndEcsNames() throws Exception {
        Report r = hostileReport();
        String out = render(new JsonLinesRenderer(), r);
        String[] lines = out.split("\n");
        assertThat(lines).hasSize(r.connections().size() + 1);
        ObjectMapper m = new ObjectMapper();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.length - 1; i++) {
            JsonNode e = m.readTree(lines[i]);
            assertThat(e.get("@timestamp").asText()).endsWith("Z");
            assertThat(e.at("/source/ip").isTextual()).isTrue();
            assertThat(e.at("/source/port").isInt()).isTrue();
            assertThat(e.at("/destination/ip").isTextual()).isTrue();
            assertThat(e.at("/destination/port").asInt()).isEqualTo(443);
            assertThat(e.at("/tls/established").isBoolean()).isTrue();
            assertThat(e.at("/event/outcome").asText()).isIn("success", "failure", "unknown");
            assertThat(e.at("/tlsinspect/outcome").isTextual()).isTrue();
            names.add(e.at("/tls/client/server_name").asText());
        }
        assertThat(names).contains(NEWLINES, ANSI, SCRIPT);
        JsonNode c2 = m.readTree(lines[1]);
        assertThat(c2.at("/tlsinspect/chain/id").asInt()).isEqualTo(1);
        assertThat(c2.at("/tlsinspect/alert").asText()).isEqualTo("inappropriate_fallback");
        assertThat(c2.at("/tls/client/supported_ciphers").toString()).contains("TLS_FALLBACK_SCSV");
        JsonNode est = m.readTree(lines[5]);
        assertThat(est.at("/tls/version").asText()).isEqualTo("1.2");
        assertThat(est.at("/tls/version_protocol").asText()).isEqualTo("tls");
        assertThat(est.at("/tls/cipher").asText()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(est.at("/tls/client/ja3").asText()).isEqualTo("ja3hash6");
        assertThat(est.at("/tls/server/ja3s").asText()).isEqualTo("ja3shash");
        JsonNode summary = m.readTree(lines[lines.length - 1]);
        assertThat(summary.at("/event/dataset").asText()).isEqualTo("tlsinspect.summary");
        assertThat(summary.at("/tlsinspect/summary/stats/packets").asLong()).isEqualTo(1000);
        assertThat(summary.at("/tlsinspect/summary/findings").size()).isEqualTo(r.findings().size());
    }
}
