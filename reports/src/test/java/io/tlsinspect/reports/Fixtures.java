package io.tlsinspect.reports;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.InputSummary;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.reports.model.ReportInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared scenarios. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Report analyze(List<HandshakeRecord> records) {
        return analyze(records, AnalysisOptions.defaults("test"));
    }

    public static Report analyze(List<HandshakeRecord> records, AnalysisOptions opts) {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("packets", 1000L);
        stats.put("tcp_packets", 990L);
        stats.put("gaps", 2L);
        stats.put("truncated_packets", 0L);
        stats.put("flows_evicted", 0L);
        stats.put("unparsed_records", 0L);
        return new Analyzer().analyze(new ReportInput(List.of(
                new InputSummary("s1.pcap", "EN10MB", 400, Hs.T0, Hs.T0 + 60_000_000_000L),
                new InputSummary("s2.pcap", "EN10MB", 300, Hs.T0, Hs.T0 + 60_000_000_000L),
                new InputSummary("s3.pcap", "EN10MB", 300, Hs.T0, Hs.T0 + 60_000_000_000L)), stats, records), opts);
    }

    /**
     * The seed incident in miniature: three servers behind round-robin DNS (192.0.2.11-13), a
     * middlebox resets first attempts; Firefox-2015-style retries (TLS 1.1 + SCSV, TLS 1.0 + SCSV) land
     * on other servers and get inappropriate_fallback. Plus ordinary clients that succeed.
     *
     * <p>Connections: 1-3 chain A (client .21), 4-5 chain B (client .22), 6-7 ok, 8-10 chain C
     * (client .23, retries land on .11 and .12), 11 ok.
     */
    public static List<HandshakeRecord> seed() {
        List<HandshakeRecord> r = new ArrayList<>();
        r.add(Hs.conn(1).at(0).client("203.0.113.21").server("192.0.2.11").reset().build());
        r.add(Hs.conn(2).at(0.4).client("203.0.113.21").server("192.0.2.12").offer(TlsVersion.TLS11).scsv()
                .serverAlert("inappropriate_fallback").build());
        r.add(Hs.conn(3).at(0.9).client("203.0.113.21").server("192.0.2.13").offer(TlsVersion.TLS10).scsv()
                .serverAlert("inappropriate_fallback").build());
        r.add(Hs.conn(4).at(5).client("203.0.113.22").server("192.0.2.12").reset().build());
        r.add(Hs.conn(5).at(5.3).client("203.0.113.22").server("192.0.2.13").offer(TlsVersion.TLS11).scsv()
                .serverAlert("inappropriate_fallback").build());
        r.add(Hs.conn(6).at(6).client("198.51.100.40").server("192.0.2.11").established(TlsVersion.TLS12, Hs.ECDHE_RSA_AES128_GCM).build());
        r.add(Hs.conn(7).at(7).client("198.51.100.41").server("192.0.2.12").established(TlsVersion.TLS12, Hs.ECDHE_RSA_AES128_GCM).build());
        r.add(Hs.conn(8).at(10).client("203.0.113.23").server("192.0.2.13").reset().build());
        r.add(Hs.conn(9).at(10.2).client("203.0.113.23").server("192.0.2.11").offer(TlsVersion.TLS11).scsv()
                .serverAlert("inappropriate_fallback").build());
        r.add(Hs.conn(10).at(10.5).client("203.0.113.23").server("192.0.2.12").offer(TlsVersion.TLS10).scsv()
                .serverAlert("inappropriate_fallback").build());
        r.add(Hs.conn(11).at(20).client("198.51.100.42").server("192.0.2.13").established(TlsVersion.TLS12, Hs.RSA_AES128_GCM).build());
        return r;
    }

    /** A mix of every kind of connection, for totals. */
    public static List<HandshakeRecord> mixed() {
        List<HandshakeRecord> r = new ArrayList<>(seed());
        r.add(Hs.conn(20).at(30).client("198.51.100.50").outcome(Outcome.MID_STREAM).noHello().build());
        r.add(Hs.conn(21).at(31).client("198.51.100.51").outcome(Outcome.NOT_TLS).noHello().build());
        r.add(Hs.conn(22).at(32).client("198.51.100.52").outcome(Outcome.REFUSED).noHello().build());
        r.add(Hs.conn(23).at(33).client("198.51.100.53").outcome(Outcome.NO_SERVER_RESPONSE).build());
        r.add(Hs.conn(24).at(34).client("198.51.100.54").clientAlert("unknown_ca").serverHello(TlsVersion.TLS12, Hs.ECDHE_RSA_AES128_GCM, "").build());
        r.add(Hs.conn(25).at(95).client("198.51.100.55").offer(TlsVersion.TLS13).ja4("t13d1715h2_5b57614c22b0_7121afd63204")
                .established(TlsVersion.TLS13, 0x1301).build());
        r.add(Hs.conn(26).at(96).client("198.51.100.55").offer(TlsVersion.TLS13).ja4("t13d1715h2_5b57614c22b0_7121afd63204")
                .outcome(Outcome.INCOMPLETE).build());
        return r;
    }
}
