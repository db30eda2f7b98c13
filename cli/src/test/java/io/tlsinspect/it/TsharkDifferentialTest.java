package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.RepoFiles;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3 acceptance 2: a differential test against tshark (Wireshark's TLS dissector, an
 * independent implementation) on every sample capture. Per connection: negotiated version, cipher,
 * SNI, offered ALPN, the plaintext alert descriptions and the leaf certificate's validity dates
 * (RFC 5280 §4.1.2.5, which tlsinspect reads without Bouncy Castle's date parser) must agree; for
 * QUIC (issue 11, tshark decrypts the Initials itself) the same hello fields and the alert of a
 * CONNECTION_CLOSE.
 */
class TsharkDifferentialTest {
    /** RFC 8446 §6 / RFC 5246 §7.2 / RFC 7507 alert descriptions, written from the RFCs. */
    static final Map<Integer, String> ALERTS = Map.ofEntries(Map.entry(0, "close_notify"),
            Map.entry(10, "unexpected_message"), Map.entry(20, "bad_record_mac"), Map.entry(40, "handshake_failure"),
            Map.entry(42, "bad_certificate"), Map.entry(43, "unsupported_certificate"),
            Map.entry(44, "certificate_revoked"), Map.entry(45, "certificate_expired"),
            Map.entry(46, "certificate_unknown"), Map.entry(47, "illegal_parameter"), Map.entry(48, "unknown_ca"),
            Map.entry(49, "access_denied"), Map.entry(50, "decode_error"), Map.entry(51, "decrypt_error"),
            Map.entry(70, "protocol_version"), Map.entry(71, "insufficient_security"),
            Map.entry(80, "internal_error"), Map.entry(86, "inappropriate_fallback"), Map.entry(90, "user_canceled"),
            Map.entry(109, "missing_extension"), Map.entry(112, "unrecognized_name"),
            Map.entry(116, "certificate_required"), Map.entry(120, "no_application_protocol"));
    static final Map<Integer, String> VERSIONS = Map.of(0x0300, "SSLv3", 0x0301, "TLSv1.0", 0x0302, "TLSv1.1",
            0x0303, "TLSv1.2", 0x0304, "TLSv1.3");

    static Stream<Path> captures() {
        return RepoFiles.sampleCaptures().stream();
    }

    /** What tshark says about one TCP stream. */
    static final class Seen {
        String sni;
        String alpn;
        Integer cipher;
        Integer version;
        Integer group;
        String notBefore;
        String notAfter;
        final List<String> alerts = new ArrayList<>();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void versionCipherSniAlpnAndAlertsAgreeWithTshark(Path capture) throws Exception {
        Map<String, Seen> tshark = tshark(capture);
        // Issue 11's beyond443/ captures hold no port-443 connection: read them on every port.
        JsonNode report = (capture.toString().contains("/beyond443/")
                ? Samples.analyzeJson(List.of(capture.toString()), "--all-ports")
                : Samples.analyzeJson(List.of(capture.toString()))).json();
        SoftAssertions soft = new SoftAssertions();
        int compared = 0;
        for (JsonNode c : report.get("connections")) {
            String key = pair(c.at("/client/ip").asText(), c.at("/client/port").asInt(), c.at("/server/ip").asText(),
                    c.at("/server/port").asInt());
            Seen t = tshark.getOrDefault(key, new Seen());
            String where = capture.getFileName() + " connection " + c.get("id") + " (" + key + ")";
            JsonNode ch = c.get("client_hello");
            if (t.sni != null || (ch != null && !ch.isNull())) {
                soft.assertThat(ch == null || ch.isNull() ? null : ch.path("sni").asText(null)).as(where + " sni").isEqualTo(t.sni);
                List<String> alpn = new ArrayList<>();
                if (ch != null && !ch.isNull()) {
                    ch.path("alpn").forEach(a -> alpn.add(a.asText()));
                }
                soft.assertThat(String.join(",", alpn)).as(where + " alpn").isEqualTo(t.alpn == null ? "" : t.alpn);
            }
            soft.assertThat(c.path("version").asText(null)).as(where + " version")
                    .isEqualTo(t.version == null ? null : VERSIONS.get(t.version));
            soft.assertThat(code(c.path("cipher").asText(null))).as(where + " cipher").isEqualTo(t.cipher);
            soft.assertThat(c.path("key_exchange_group").asText(null)).as(where + " key exchange group")
                    .isEqualTo(t.group == null ? null : org.bouncycastle.tls.NamedGroup.getName(t.group));
            List<String> ours = new ArrayList<>();
            for (JsonNode a : c.get("alerts")) {
                if (!a.path("encrypted").asBoolean()) {
                    ours.add(a.path("from").asText() + ":" + a.path("description").asText());
                }
            }
            soft.assertThat(ours).as(where + " plaintext alerts").isEqualTo(t.alerts);
            if (t.notBefore != null) {
                soft.assertThat(c.at("/certificate/not_before").asText(null)).as(where + " not_before").isEqualTo(t.notBefore);
                soft.assertThat(c.at("/certificate/not_after").asText(null)).as(where + " not_after").isEqualTo(t.notAfter);
            }
            compared++;
        }
        assertThat(compared).isPositive();
        soft.assertAll();
    }

    private static final Map<String, Integer> SUITE_CODES = suiteCodes();

    /** Our IANA suite name back to its code through Bouncy Castle's constants (not our code). */
    private static Integer code(String suite) {
        if (suite == null) {
            return null;
        }
        if (suite.startsWith("0x")) {
            return Integer.parseInt(suite.substring(2), 16);
        }
        Integer c = SUITE_CODES.get(suite);
        assertThat(c).as("suite name " + suite + " is in Bouncy Castle's registry").isNotNull();
        return c;
    }

    private static Map<String, Integer> suiteCodes() {
        Map<String, Integer> m = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    m.put(f.getName(), f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return m;
    }

    static String pair(String ipA, int portA, String ipB, int portB) {
        String a = ipA + "#" + portA;
        String b = ipB + "#" + portB;
        return a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
    }

    static Map<String, Seen> tshark(Path capture) throws IOException, InterruptedException {
        Map<String, Seen> byPair = new TreeMap<>();
        // Client hellos: SNI and offered ALPN.
        for (String[] f : fields(capture, "tls.handshake.type == 1", "tls.handshake.extensions_server_name",
                "tls.handshake.extensions_alpn_str")) {
            Seen s = byPair.computeIfAbsent(f[0], k -> new Seen());
            s.sni = f[1].isEmpty() ? null : f[1];
            s.alpn = f[2].isEmpty() ? null : f[2];
        }
        // Server hellos (the last one counts: a HelloRetryRequest comes first): cipher and version.
        for (String[] f : fields(capture, "tls.handshake.type == 2", "tls.handshake.ciphersuite",
                "tls.handshake.version", "tls.handshake.extensions.supported_version",
                "tls.handshake.extensions_key_share_group")) {
            Seen s = byPair.computeIfAbsent(f[0], k -> new Seen());
            s.cipher = Integer.decode(first(f[1]));
            s.version = Integer.decode(f[3].isEmpty() ? first(f[2]) : first(f[3]));
            s.group = f[4].isEmpty() ? s.group : Integer.decode(first(f[4]));
        }
        // TLS <= 1.2 ECDHE: the ServerKeyExchange's named curve.
        for (String[] f : fields(capture, "tls.handshake.type == 12", "tls.handshake.server_named_curve")) {
            if (!f[1].isEmpty()) {
                byPair.computeIfAbsent(f[0], k -> new Seen()).group = Integer.decode(first(f[1]));
            }
        }
        // TLS <= 1.2 Certificate: the leaf's validity, its first two times ("2026-11-26 12:56:45 (UTC)").
        for (String[] f : fields(capture, "tls.handshake.type == 11", "x509af.utcTime", "x509af.generalizedTime")) {
            if (!f[1].isEmpty() && f[2].isEmpty()) { // all UTCTime: the first two are the leaf's
                String[] times = f[1].split(",");
                Seen s = byPair.computeIfAbsent(f[0], k -> new Seen());
                s.notBefore = iso(times[0]);
                s.notAfter = iso(times[1]);
            }
        }
        // Plaintext alerts, in order, with their sender.
        for (String[] f : fields(capture, "tls.alert_message.desc", "tls.alert_message.desc", "tcp.srcport")) {
            Seen s = byPair.computeIfAbsent(f[0], k -> new Seen());
            String from = f[3].equals(f[4]) ? "client" : "server"; // f[3]: sender port, f[4]: client port
            for (String d : f[1].split(",")) {
                s.alerts.add(from + ":" + ALERTS.getOrDefault(Integer.parseInt(d), d));
            }
        }
        // Issue 11: QUIC carries a handshake alert as CONNECTION_CLOSE with error 0x0100 + the alert
        // (RFC 9001 §4.8); tshark shows the frame's error code, the alert name comes from ALERTS.
        for (String[] f : fields(capture, "quic.frame_type == 0x1c", "quic.cc.error_code")) {
            Seen s = byPair.computeIfAbsent(f[0], k -> new Seen());
            String from = f[2].equals(f[3]) ? "client" : "server"; // f[2]: sender port, f[3]: client port
            for (String d : f[1].split(",")) {
                int code = Integer.decode(d);
                if (code >= 0x100 && code <= 0x1ff) {
                    s.alerts.add(from + ":" + ALERTS.getOrDefault(code - 0x100, d));
                }
            }
        }
        return byPair;
    }

    /** "2026-11-26 12:56:45 (UTC)" -> "2026-11-26T12:56:45Z" */
    private static String iso(String tsharkTime) {
        assertThat(tsharkTime).endsWith(" (UTC)");
        return tsharkTime.substring(0, 10) + "T" + tsharkTime.substring(11, 19) + "Z";
    }

    private static String first(String commaList) {
        return commaList.split(",")[0];
    }

    /**
     * Runs tshark with a display filter and returns, per packet, [pair, requested fields..., sender
     * port, client port]. The client is the stream's SYN sender: tshark's tcp.stream, resolved through a
     * first pass over SYN packets. Issue 11: the same for QUIC's UDP flows (tshark's udp.stream), whose
     * client is the sender of the flow's first datagram (a QUIC client speaks first, RFC 9000 §7).
     */
    private static List<String[]> fields(Path capture, String filter, String... names) throws IOException, InterruptedException {
        List<String[]> out = new ArrayList<>(fieldsOf(capture, "tcp", "tcp.flags.syn == 1 && tcp.flags.ack == 0", filter, names));
        if (HAS_UDP.computeIfAbsent(capture, TsharkDifferentialTest::hasUdp)) {
            out.addAll(fieldsOf(capture, "udp", "udp && !icmp && !icmpv6", "(" + filter + ") && udp && !icmp && !icmpv6", names));
        }
        return out;
    }

    /** Captures with UDP (QUIC) in them: the UDP passes run only there (one tshark run each to know). */
    private static final Map<Path, Boolean> HAS_UDP = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean hasUdp(Path capture) {
        try {
            return !run(capture, "udp && !icmp && !icmpv6", "udp.stream").isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String[]> fieldsOf(Path capture, String proto, String firstPackets, String filter, String... names)
            throws IOException, InterruptedException {
        Map<String, String[]> streams = new HashMap<>();
        for (String[] s : run(capture, firstPackets, proto + ".stream", "ip.src", "ipv6.src",
                proto + ".srcport", "ip.dst", "ipv6.dst", proto + ".dstport")) {
            streams.putIfAbsent(s[0], s);
        }
        List<String> cols = new ArrayList<>(List.of(proto + ".stream"));
        cols.addAll(List.of(names));
        cols.add(proto + ".srcport");
        List<String[]> out = new ArrayList<>();
        for (String[] row : run(capture, filter, cols.toArray(String[]::new))) {
            String[] s = streams.get(row[0]);
            if (s == null) {
                continue; // no SYN seen: not a connection the samples contain
            }
            String client = s[1].isEmpty() ? s[2] : s[1];
            String server = s[4].isEmpty() ? s[5] : s[4];
            String[] r = new String[names.length + 3];
            r[0] = pair(client, Integer.parseInt(s[3]), server, Integer.parseInt(s[6]));
            System.arraycopy(row, 1, r, 1, names.length);
            r[names.length + 1] = row[names.length + 1];
            r[names.length + 2] = s[3];
            out.add(r);
        }
        return out;
    }

    /**
     * Issue 11: the manifest's {@code decode_as} and {@code tls_decode_as} (tshark {@code -d}): ports where
     * tshark 4.0 must be told the protocol, or to read TLS from the first byte because its dissector
     * does not follow the preamble into TLS (sample-pcaps/README.md).
     */
    private static List<String> decodeAs(Path capture) {
        String name = capture.getFileName().toString();
        Path manifest = capture.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".manifest.json");
        List<String> args = new ArrayList<>();
        if (!capture.toString().contains("/beyond443/") || !java.nio.file.Files.exists(manifest)) {
            return args;
        }
        JsonNode m = Samples.read(manifest);
        for (String key : List.of("decode_as", "tls_decode_as")) {
            for (JsonNode d : m.path(key)) {
                args.add("-d");
                args.add(d.asText());
            }
        }
        return args;
    }

    private static List<String[]> run(Path capture, String filter, String... fields) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-Y", filter, "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        cmd.addAll(decodeAs(capture));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tshark " + String.join(" ", cmd)).isZero();
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }
}
