package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.RepoFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, QUIC, end to end through the CLI (ManifestTest checks every quic/ connection against its
 * manifest; this adds what a manifest row cannot say): a JA4 with the {@code q} prefix worked out by
 * hand from FoxIO's JA4 spec and the hello's bytes as tshark dissects them, the h3_fallback diagnosis,
 * the same report for any number of decoder threads, and JSON Lines' network fields.
 */
class QuicCapturesTest {
    private static String sample(String name) {
        return RepoFiles.samplesDir().resolve("quic").resolve(name).toString();
    }

    private static JsonNode connectionOf(JsonNode report, String clientIp) {
        for (JsonNode c : report.get("connections")) {
            if (c.at("/client/ip").asText().equals(clientIp)) {
                return c;
            }
        }
        throw new AssertionError("no connection from " + clientIp);
    }

    /**
     * ngtcp2's gtlsclient to the server that accepts only ChaCha20 (198.51.100.11:51218). tshark
     * ({@code -Y "tls.handshake.type == 1 && udp.srcport == 51218"}) shows: supported_versions 0x0304;
     * one suite, 0x1301; extensions 57,5,10,11,13,16,22,23,35,51,43,65281,0,45,28 (15, no GREASE); ALPN
     * "h3"; SNI refuse.example.test; signature algorithms 0401,0809,0804,0403,0807,0501,080a,0805,0503,
     * 0808,0601,080b,0806,0603,0201,0203. FoxIO JA4.md:
     * <ul>
     *   <li>a = "q" (QUIC) + "13" + "d" (SNI) + "01" suites + "15" extensions + "h3" (ALPN's first and
     *       last character) = {@code q13d0115h3};</li>
     *   <li>b = first 12 hex of SHA-256("1301") = {@code 0f2cb44170f4};</li>
     *   <li>c = first 12 hex of SHA-256("0005,000a,000b,000d,0016,0017,001c,0023,002b,002d,0033,0039,ff01_"
     *       + the signature algorithms above, comma-separated, in wire order) = {@code 84684a673e38}
     *       (extensions sorted, SNI 0000 and ALPN 0010 left out).</li>
     * </ul>
     * (The hashes by {@code printf ... | sha256sum}.)
     */
    @Test
    void theJa4OfAQuicHelloHasTheQPrefixAndFoxIosHashes() {
        JsonNode report = Samples.analyzeJson(List.of(sample("ngtcp2.pcap"))).json();
        JsonNode c = connectionOf(report, "198.51.100.11");
        assertThat(c.at("/client_hello/ja4").asText()).isEqualTo("q13d0115h3_0f2cb44170f4_84684a673e38");
        assertThat(c.get("transport").asText()).isEqualTo("quic");
        // the CONNECTION_CLOSE tshark shows: quic.cc.error_code 296 = 0x100 + 40 (handshake_failure)
        assertThat(c.get("quic_close_error").asText()).isEqualTo("0x128");
        assertThat(c.get("outcome").asText()).isEqualTo("server_alert");
    }

    @Test
    void theDiagnosisLeadsWithTheH3Fallback() {
        Samples.Run r = Samples.cli("analyze", "--no-progress", sample("h3-fallback.pcap"));
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        int d = lines.indexOf("DIAGNOSIS");
        assertThat(d).isPositive();
        assertThat(lines.get(d + 1)).startsWith("  * h3_fallback: 1 HTTP/3 (QUIC) attempt to fallback.example.test at 203.0.113.5");
        assertThat(String.join(" ", lines.subList(d + 1, d + 4))).contains("ICMP port unreachable");
    }

    @Test
    void theReportIsTheSameForAnyNumberOfThreads() throws Exception {
        List<String> files = new ArrayList<>();
        for (String f : List.of("ngtcp2.pcap", "chromium.pcap", "chromium-v2.pcap", "h3-fallback.pcap")) {
            files.add(sample(f));
        }
        List<String> one = new ArrayList<>(List.of("--threads", "1"));
        String a = Samples.analyzeJson(files, one.toArray(String[]::new)).out();
        String b = Samples.analyzeJson(files, "--threads", "4").out();
        assertThat(b).isEqualTo(a);
        assertThat(Samples.JSON.readTree(a.getBytes(java.nio.charset.StandardCharsets.UTF_8)).get("connections").size())
                .isEqualTo(4 + 1 + 2 + 4);
    }

    @Test
    void jsonLinesSayUdpAndQuic() throws Exception {
        Samples.Run r = Samples.cli("analyze", "--no-progress", "--format", "jsonl", sample("chromium.pcap"));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode e = Samples.JSON.readTree(r.out().lines().filter(l -> l.contains("\"source\"")).findFirst().orElseThrow());
        assertThat(e.at("/network/transport").asText()).isEqualTo("udp");
        assertThat(e.at("/network/protocol").asText()).isEqualTo("quic");
    }
}
