package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3 acceptance 3: the JSON document has DESIGN §6's keys with DESIGN §6's types, for every
 * sample capture. The key lists below are copied from DESIGN §6, the contract.
 */
class JsonContractTest {
    static final JsonNodeType S = JsonNodeType.STRING;
    static final JsonNodeType N = JsonNodeType.NUMBER;
    static final JsonNodeType B = JsonNodeType.BOOLEAN;
    static final JsonNodeType A = JsonNodeType.ARRAY;
    static final JsonNodeType O = JsonNodeType.OBJECT;

    static Stream<Path> captures() {
        return Samples.captures().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void documentHasTheContractKeysAndTypes(Path capture) {
        JsonNode doc = Samples.analyzeJson(List.of(capture.toString())).json();
        SoftAssertions soft = new SoftAssertions();
        keys(soft, "document", doc, Map.of("tool", O, "inputs", A, "stats", O, "connections", A, "chains", A,
                "clients", A, "by_version", O, "findings", A));
        keys(soft, "tool", doc.get("tool"), Map.of("name", S, "version", S));
        for (JsonNode in : doc.get("inputs")) {
            keys(soft, "inputs[]", in, Map.of("file", S, "link_type", S, "packets", N, "first_ts", S, "last_ts", S));
        }
        for (String k : List.of("packets", "tcp_packets", "connections", "tls_connections", "gaps",
                "truncated_packets", "flows_evicted", "unparsed_records")) {
            soft.assertThat(doc.at("/stats/" + k).getNodeType()).as("stats." + k).isEqualTo(N);
        }
        assertThat(doc.get("connections").size()).as("connections listed").isPositive();
        for (JsonNode c : doc.get("connections")) {
            keys(soft, "connection", c, Map.ofEntries(Map.entry("id", N), Map.entry("ts", S), Map.entry("client", O),
                    Map.entry("server", O), Map.entry("outcome", S), Map.entry("established", B),
                    Map.entry("resumed", B), Map.entry("hello_retry", B), Map.entry("alerts", A),
                    Map.entry("findings", A)));
            nullable(soft, c, "version", S);
            nullable(soft, c, "cipher", S);
            nullable(soft, c, "chain", O);
            nullable(soft, c, "client_hello", O);
            nullable(soft, c, "server_hello", O);
            soft.assertThat(c.get("ts").asText()).as("ts is ISO-8601 UTC").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
            keys(soft, "client", c.get("client"), Map.of("ip", S, "port", N));
            keys(soft, "server", c.get("server"), Map.of("ip", S, "port", N));
            soft.assertThat(c.get("server").has("name")).as("server.name present").isTrue();
            for (JsonNode a : c.get("alerts")) {
                keys(soft, "alert", a, Map.of("from", S, "level", S, "encrypted", B));
                soft.assertThat(a.has("description")).as("alert.description present").isTrue();
            }
            JsonNode ch = c.get("client_hello");
            if (ch != null && ch.isObject()) {
                keys(soft, "client_hello", ch, Map.ofEntries(Map.entry("record_version", S), Map.entry("legacy_version", S),
                        Map.entry("versions", A), Map.entry("max_version", S), Map.entry("sslv2_format", B),
                        Map.entry("cipher_suites", A), Map.entry("fallback_scsv", B), Map.entry("renegotiation_scsv", B),
                        Map.entry("session_ticket", B), Map.entry("psk", B),
                        Map.entry("alpn", A), Map.entry("groups", A), Map.entry("signature_algorithms", A),
                        Map.entry("extensions", A), Map.entry("ja3", S), Map.entry("ja3_hash", S), Map.entry("ja4", S)));
                nullable(soft, ch, "sni", S);
                nullable(soft, ch, "session_id", S); // null when the client sent an empty one
                if (ch.hasNonNull("session_id")) {
                    soft.assertThat(ch.get("session_id").asText()).as("session_id lower-case hex").matches("[0-9a-f]+");
                }
            }
            JsonNode sh = c.get("server_hello");
            if (sh != null && sh.isObject()) {
                keys(soft, "server_hello", sh, Map.of("version", S, "cipher", S, "extensions", A, "ja3s", S));
                nullable(soft, sh, "session_id", S);
            }
        }
        for (JsonNode ch : doc.get("chains")) {
            keys(soft, "chain", ch, Map.of("id", N, "client_ip", S, "server", S, "attempts", A, "versions", A,
                    "root_outcome", S, "final_outcome", S, "recovered", B));
            soft.assertThat(ch.has("final_alert")).isTrue();
        }
        for (JsonNode cl : doc.get("clients")) {
            keys(soft, "client", cl, Map.of("ip", S, "attempts", N, "established", N, "failed", N,
                    "outcomes", O, "max_versions", O, "chains", A));
            soft.assertThat(cl.has("ja4")).isTrue();
            soft.assertThat(cl.has("family")).isTrue();
        }
        doc.get("by_version").fields().forEachRemaining(e -> {
            soft.assertThat(e.getKey()).matches("SSLv2|SSLv3|TLSv1\\.[0-3]|0x[0-9a-f]{4}|unknown|none");
            keys(soft, "by_version." + e.getKey(), e.getValue(), Map.of("attempts", N, "failed", N, "outcomes", O));
        });
        for (JsonNode f : doc.get("findings")) {
            keys(soft, "finding", f, Map.of("kind", S, "count", N, "summary", S, "connections", A));
        }
        soft.assertAll();
    }

    private static void keys(SoftAssertions soft, String what, JsonNode node, Map<String, JsonNodeType> types) {
        for (Map.Entry<String, JsonNodeType> e : types.entrySet()) {
            JsonNode v = node.get(e.getKey());
            soft.assertThat(v).as(what + "." + e.getKey() + " present").isNotNull();
            if (v != null) {
                soft.assertThat(v.getNodeType()).as(what + "." + e.getKey() + " type").isEqualTo(e.getValue());
            }
        }
    }

    private static void nullable(SoftAssertions soft, JsonNode node, String key, JsonNodeType type) {
        JsonNode v = node.get(key);
        soft.assertThat(v).as(key + " present (may be null)").isNotNull();
        if (v != null && !v.isNull()) {
            soft.assertThat(v.getNodeType()).as(key + " type").isEqualTo(type);
        }
    }
}
