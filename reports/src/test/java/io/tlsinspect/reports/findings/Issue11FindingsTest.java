package io.tlsinspect.reports.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Heartbeats;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.decoder.model.Transport;
import io.tlsinspect.reports.Fixtures;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.Finding;
import io.tlsinspect.reports.model.FindingKind;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.render.HtmlRenderer;
import io.tlsinspect.reports.render.JsonRenderer;
import io.tlsinspect.reports.render.ReportRenderer;
import io.tlsinspect.reports.render.TextRenderer;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11's findings: server_speaks_sslv2, heartbeat_before_handshake, starttls_refused, tls_never_started. */
class Issue11FindingsTest {
    /** The same record with a transport and heartbeats (Hs builds plain TCP records without them). */
    private static HandshakeRecord with(HandshakeRecord r, Outcome o, Transport t, Heartbeats h) {
        return new HandshakeRecord(r.id(), r.tsNanos(), r.endTsNanos(), r.client(), r.server(), r.tcp(), o,
                o == Outcome.ESTABLISHED, r.version(), r.cipher(), r.resumed(), r.helloRetry(), r.alerts(),
                r.decisiveAlert(), r.clientHello(), r.serverHello(), r.certificate(), r.history(), r.inferred(),
                r.notes(), r.keyExchangeGroup(), t, h);
    }

    private static Finding finding(Report r, FindingKind kind) {
        return r.findings().stream().filter(f -> f.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.key()));
    }

    private static String render(ReportRenderer renderer, Report r) throws Exception {
        StringWriter w = new StringWriter();
        renderer.render(r, w);
        return w.toString();
    }

    @Test
    void sslv2ServerIsNamedWithItsConnectionsWhateverTheOutcome() {
        Report r = Fixtures.analyze(List.of(
                Hs.conn(1).server("192.0.2.20").sni(null).serverHello(TlsVersion.SSL2, 0x0700c0, "")
                        .established(TlsVersion.SSL2, 0x0700c0).build(),
                Hs.conn(2).at(1).server("192.0.2.20").sni(null).serverHello(TlsVersion.SSL2, -1, "")
                        .outcome(Outcome.CLIENT_ABANDONED).build(),
                Hs.conn(3).at(2).established(TlsVersion.TLS12, 0xc02f).build()));
        Finding f = finding(r, FindingKind.SERVER_SPEAKS_SSLV2);
        assertThat(f.connections()).containsExactly(1L, 2L);
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.summary()).contains("192.0.2.20", "SSL 2.0", "RFC 6176");
        assertThat(f.evidence()).containsEntry("servers", "192.0.2.20:443");
    }

    @Test
    void heartbeatBeforeTheHandshakeNamesTheClaimAndTheAnswer() {
        HandshakeRecord probe = with(Hs.conn(1).outcome(Outcome.CLIENT_ABANDONED).build(), Outcome.CLIENT_ABANDONED,
                Transport.TCP, new Heartbeats(3, 3, "client", 1, 0x4000, 3, 2));
        HandshakeRecord late = with(Hs.conn(2).at(1).established(TlsVersion.TLS12, 0xc02f).build(),
                Outcome.ESTABLISHED, Transport.TCP, new Heartbeats(1, 0, null, -1, -1, 0, 0));
        Report r = Fixtures.analyze(List.of(probe, late));
        Finding f = finding(r, FindingKind.HEARTBEAT_BEFORE_HANDSHAKE);
        assertThat(f.connections()).containsExactly(1L);
        assertThat(f.summary()).contains("payload_length of 16384 bytes in a 3-byte record", "CVE-2014-0160",
                "answered");
    }

    @Test
    void starttlsRefusalQuotesTheReplyAndNeverStartedNamesTheProtocol() {
        HandshakeRecord refused = with(Hs.conn(1).noHello().build(), Outcome.STARTTLS_REFUSED,
                Transport.afterPreamble("smtp", null, "454 4.7.0 TLS not available due to local problem"), null);
        HandshakeRecord pg = with(Hs.conn(2).at(1).noHello().build(), Outcome.STARTTLS_REFUSED,
                Transport.afterPreamble("postgres", null, "N"), null);
        HandshakeRecord plain = with(Hs.conn(3).at(2).noHello().build(), Outcome.TLS_NEVER_STARTED,
                Transport.afterPreamble("smtp", null), null);
        Report r = Fixtures.analyze(List.of(refused, pg, plain));
        Finding f = finding(r, FindingKind.STARTTLS_REFUSED);
        assertThat(f.connections()).containsExactly(1L, 2L);
        assertThat(f.summary()).contains("smtp \"454 4.7.0 TLS not available due to local problem\"", "postgres \"N\"");
        assertThat(f.evidence()).containsEntry("reply", List.of("454 4.7.0 TLS not available due to local problem", "N"));
        Finding n = finding(r, FindingKind.TLS_NEVER_STARTED);
        assertThat(n.connections()).containsExactly(3L);
        assertThat(n.summary()).contains("smtp x1", "plaintext");
        // Both explain their failures: the diagnosis names them instead of "no finding names their cause".
        assertThat(String.join("\n", r.diagnosis().sentences())).contains("starttls_refused", "tls_never_started")
                .doesNotContain("no finding names their cause");
    }

    @Test
    void aHostileRefusalIsEscapedInEveryFormat() throws Exception {
        String hostile = "554 <script>alert(1)</script>\u001b[31m";
        HandshakeRecord refused = with(Hs.conn(1).noHello().build(), Outcome.STARTTLS_REFUSED,
                Transport.afterPreamble("smtp", null, hostile), null);
        Report r = Fixtures.analyze(List.of(refused));
        assertThat(render(new TextRenderer(), r)).doesNotContain("\u001b").contains("\\x1b[31m");
        assertThat(render(new HtmlRenderer(), r)).doesNotContain("<script>alert(1)");
        assertThat(render(new JsonRenderer(), r)).doesNotContain("\u001b").contains("\\u001B[31m");
    }
}
