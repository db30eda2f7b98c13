package io.tlsinspect.reports;

import io.tlsinspect.capture.tcp.Endpoint;
import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TcpFacts;
import io.tlsinspect.decoder.model.TlsVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test builder for HandshakeRecords: one connection per call chain, sensible defaults (a TLS 1.2
 * browser-like offer of eight suites to 192.0.2.10 with SNI shop.example, established).
 */
public final class Hs {
    /** 2015-01-31T03:24:00Z, the seed incident's morning. */
    public static final long T0 = Instant.parse("2015-01-31T03:24:00Z").getEpochSecond() * 1_000_000_000L;
    public static final int ECDHE_RSA_AES128_GCM = 0xc02f;
    public static final int ECDHE_ECDSA_AES128_GCM = 0xc02b;
    public static final int ECDHE_RSA_AES256_GCM = 0xc030;
    public static final int ECDHE_RSA_AES128_SHA = 0xc013;
    public static final int ECDHE_RSA_AES256_SHA = 0xc014;
    public static final int RSA_AES128_GCM = 0x009c;
    public static final int RSA_AES128_SHA = 0x002f;
    public static final int RSA_AES256_SHA = 0x0035;
    public static final int RSA_RC4_SHA = 0x0005;
    public static final List<Integer> FULL = List.of(ECDHE_RSA_AES128_GCM, ECDHE_ECDSA_AES128_GCM, ECDHE_RSA_AES256_GCM,
            ECDHE_RSA_AES128_SHA, ECDHE_RSA_AES256_SHA, RSA_AES128_GCM, RSA_AES128_SHA, RSA_AES256_SHA);

    private long id;
    private long ts = T0;
    private String clientIp = "198.51.100.7";
    private int clientPort = 50000;
    private String serverIp = "192.0.2.10";
    private String sni = "shop.example";
    private boolean hasHello = true;
    private int maxVersion = TlsVersion.TLS12;
    private List<Integer> suites = FULL;
    private boolean scsv;
    private String sessionId = "";
    private String ja4;
    private List<Integer> extensions = List.of(0, 10, 11, 13, 16, 35);
    private List<String> alpn = List.of("h2", "http/1.1");
    private io.tlsinspect.decoder.model.CertificateInfo certificate;
    private Outcome outcome = Outcome.ESTABLISHED;
    private final List<AlertEvent> alerts = new ArrayList<>();
    private AlertEvent decisiveAlert;
    private ServerHelloInfo serverHello;
    private boolean shExplicit;
    private int version = -1;
    private int cipher = -2;

    private Hs(long id) {
        this.id = id;
        this.clientPort = 50000 + (int) id;
    }

    public static Hs conn(long id) {
        return new Hs(id);
    }

    public Hs at(double seconds) {
        this.ts = T0 + Math.round(seconds * 1e9);
        return this;
    }

    public Hs atNanos(long offsetNanos) {
        this.ts = T0 + offsetNanos;
        return this;
    }

    public Hs client(String ip) {
        this.clientIp = ip;
        return this;
    }

    public Hs server(String ip) {
        this.serverIp = ip;
        return this;
    }

    public Hs sni(String name) {
        this.sni = name;
        return this;
    }

    public Hs offer(int maxVersion) {
        this.maxVersion = maxVersion;
        return this;
    }

    public Hs suites(List<Integer> s) {
        this.suites = List.copyOf(s);
        return this;
    }

    public Hs suites(Integer... s) {
        return suites(List.of(s));
    }

    /** Offers TLS_FALLBACK_SCSV (appended to the suites, as browsers did). */
    public Hs scsv() {
        this.scsv = true;
        return this;
    }

    public Hs session(String hex) {
        this.sessionId = hex;
        return this;
    }

    public Hs ja4(String ja4) {
        this.ja4 = ja4;
        return this;
    }

    public Hs extensions(Integer... e) {
        this.extensions = List.of(e);
        return this;
    }

    public Hs alpn(String... protocols) {
        this.alpn = List.of(protocols);
        return this;
    }

    /** The leaf certificate the server sent (TLS <= 1.2). */
    public Hs certificate(io.tlsinspect.decoder.model.CertificateInfo c) {
        this.certificate = c;
        return this;
    }

    public Hs noHello() {
        this.hasHello = false;
        return this;
    }

    public Hs outcome(Outcome o) {
        this.outcome = o;
        return this;
    }

    public Hs reset() {
        return outcome(Outcome.SERVER_RESET);
    }

    public Hs serverAlert(String description) {
        this.outcome = Outcome.SERVER_ALERT;
        decisiveAlert = new AlertEvent("server", 2, description, 0, false, false, ts);
        alerts.add(decisiveAlert);
        return this;
    }

    public Hs clientAlert(String description) {
        this.outcome = Outcome.CLIENT_ALERT;
        decisiveAlert = new AlertEvent("client", 2, description, 0, false, false, ts);
        alerts.add(decisiveAlert);
        return this;
    }

    /** TLS 1.3: the client's encrypted alert after the server's flight (description unreadable). */
    public Hs encryptedClientAlert() {
        this.outcome = Outcome.CLIENT_ALERT;
        decisiveAlert = new AlertEvent("client", -1, null, -1, true, true, ts);
        alerts.add(decisiveAlert);
        return this;
    }

    /** A ServerHello with this version, cipher and session ID (not necessarily established). */
    public Hs serverHello(int version, int cipher, String sessionId) {
        this.serverHello = new ServerHelloInfo(version, Math.min(version, TlsVersion.TLS12), cipher, sessionId, 0,
                List.of(65281), false, null, null, "771,49199,65281", "ja3shash");
        this.shExplicit = true;
        return this;
    }

    /** Established at this version and cipher (adds a matching ServerHello unless one was given). */
    public Hs established(int version, int cipher) {
        this.outcome = Outcome.ESTABLISHED;
        this.version = version;
        this.cipher = cipher;
        if (!shExplicit) {
            serverHello(version, cipher, "");
        }
        return this;
    }

    public HandshakeRecord build() {
        ClientHelloInfo ch = null;
        if (hasHello) {
            List<Integer> offered = new ArrayList<>(suites);
            if (scsv) {
                offered.add(0x5600);
            }
            List<Integer> sv = maxVersion == TlsVersion.TLS13 ? List.of(TlsVersion.TLS13, TlsVersion.TLS12) : List.of();
            ch = new ClientHelloInfo(TlsVersion.TLS10, Math.min(maxVersion, TlsVersion.TLS12), sv, maxVersion, false,
                    offered, scsv, false, sessionId, false, false, sni, alpn, List.of(29, 23),
                    List.of(0x0403, 0x0804), extensions, List.of(0), List.of(), "771,49199-49195,0-10,29-23,0",
                    "ja3hash" + id, ja4);
        }
        boolean est = outcome == Outcome.ESTABLISHED;
        ServerHelloInfo sh = serverHello;
        if (est && sh == null) {
            sh = new ServerHelloInfo(maxVersion, Math.min(maxVersion, TlsVersion.TLS12), suites.get(0), "", 0,
                    List.of(), false, null, null, null, null);
        }
        int v = version >= 0 ? version : (sh != null ? sh.version() : 0);
        int c = cipher >= -1 ? cipher : (sh != null ? sh.cipher() : -1);
        TcpFacts tcp = new TcpFacts(true, true, outcome == Outcome.MID_STREAM, 5, 5, 500, 3000, 0, 0, null,
                outcome == Outcome.SERVER_RESET ? "server" : null, "closed", 1_000_000, "test");
        return new HandshakeRecord(id, ts, ts + 1_000_000, new io.tlsinspect.capture.tcp.Endpoint(clientIp, clientPort),
                new Endpoint(serverIp, 443), tcp, outcome, est, v, c, false, false, List.copyOf(alerts),
                outcome == Outcome.SERVER_ALERT || outcome == Outcome.CLIENT_ALERT ? decisiveAlert : null, ch, sh, certificate,
                "ShAD", false, List.of(), null);
    }
}
