package io.tlsinspect.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.Fixtures;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.ConnectionFilter;
import io.tlsinspect.reports.model.Report;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {
    static String text(Report r) throws Exception {
        StringWriter w = new StringWriter();
        new TextRenderer().render(r, w);
        return w.toString();
    }

    @Test
    void first25LinesNameTheRootCauseBehindTheFallbackAlerts() throws Exception {
        String[] lines = text(Fixtures.analyze(Fixtures.mixed())).split("\n");
        String head = String.join(" ", List.of(lines).subList(0, 25)).replaceAll("\\s+", " ");
        assertThat(lines[1]).isEqualTo("13 of 18 connections failed.");
        assertThat(head).contains("inappropriate_fallback", "symptoms", "server_reset x3", "resets first attempts");
        // the cause is in the diagnosis, which comes before the per-client table
        String all = String.join("\n", lines);
        assertThat(all.indexOf("DIAGNOSIS")).isBetween(0, all.indexOf("server_reset x3"));
        assertThat(all.indexOf("server_reset x3")).isLessThan(all.indexOf("CLIENTS"));
    }

    @Test
    void rootCauseFollowsTheData_noServerResponse() throws Exception {
        List<io.tlsinspect.decoder.model.HandshakeRecord> l = new ArrayList<>();
        l.add(Hs.conn(1).at(0).outcome(io.tlsinspect.decoder.model.Outcome.NO_SERVER_RESPONSE).build());
        l.add(Hs.conn(2).at(8).offer(TlsVersion.TLS11).scsv().serverAlert("inappropriate_fallback").build());
        String head = String.join(" ", List.of(text(Fixtures.analyze(l)).split("\n")).subList(0, 12)).replaceAll("\\s+", " ");
        assertThat(head).contains("first failed with no_server_response x1", "why first attempts get no answer")
                .doesNotContain("resets first attempts");
    }

    @Test
    void connectionLinesShowOfferScsvMarkNegotiatedAndOutcome() throws Exception {
        String t = text(Fixtures.analyze(Fixtures.mixed()));
        String line2 = t.lines().filter(l -> l.contains("203.0.113.21:50002")).findFirst().orElseThrow();
        assertThat(line2).contains("03:24:00.400", "shop.example", "TLSv1.1*", "1:2/3", "server_alert:inappropriate_fallback");
        String line6 = t.lines().filter(l -> l.contains("198.51.100.40:50006")).findFirst().orElseThrow();
        assertThat(line6).contains("TLSv1.2  TLSv1.2", "established ECDHE_RSA_AES_128_GCM");
        assertThat(t).contains("COUNTERS: packets=1000 tcp_packets=990 gaps=2");
    }

    @Test
    void filterNoneDropsTheListing_failedKeepsOnlyFailures() throws Exception {
        String none = text(Fixtures.analyze(Fixtures.mixed(), AnalysisOptions.defaults("t").withConnections(ConnectionFilter.NONE)));
        assertThat(none).doesNotContain("CONNECTIONS").contains("CLIENTS", "CHAINS");
        String failed = text(Fixtures.analyze(Fixtures.mixed(), AnalysisOptions.defaults("t").withConnections(ConnectionFilter.FAILED)));
        assertThat(failed).contains("CONNECTIONS (failed, 13 of 18").doesNotContain("198.51.100.40:50006");
    }

    @Test
    void everyLineFitsA120ColumnTerminal() throws Exception {
        List<io.tlsinspect.decoder.model.HandshakeRecord> l = new ArrayList<>(Fixtures.mixed());
        l.add(Hs.conn(40).at(50).client("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff").sni("x".repeat(3000) + ".example")
                .clientAlert("unknown_ca").serverHello(TlsVersion.TLS12, 0xc02f, "").build());
        for (String line : text(Fixtures.analyze(l)).split("\n")) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(120);
        }
    }
}
