package io.tlsinspect.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.reports.Fixtures;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.AnalysisOptions;
import io.tlsinspect.reports.model.ConnectionFilter;
import io.tlsinspect.reports.model.Report;
import io.tlsinspect.testkit.JsonContract;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §6 on a built report: every key and type docs/json.md states (read by {@link JsonContract},
 * the one list), and the naming rules with values worked out by hand.
 */
class JsonShapeTest {
    private static final JsonContract CONTRACT = JsonContract.documented();

    private static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";
    private static final String SID = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

    private static List<HandshakeRecord> records() {
        List<HandshakeRecord> l = new ArrayList<>(Fixtures.mixed());
        // GREASE, an unknown suite, a session ID, a ServerHello with a session: the naming rules
        l.add(Hs.conn(30).at(40).client("198.51.100.60").suites(0x2a2a, 0xc02f, 0x1234).session(SID)
                .serverHello(TlsVersion.TLS12, 0xc02f, SID).established(TlsVersion.TLS12, 0xc02f).build());
        return l;
    }

    private static JsonNode json(AnalysisOptions opts) throws Exception {
        Report r = Fixtures.analyze(records(), opts);
        StringWriter w = new StringWriter();
        new JsonRenderer().render(r, w);
        return new ObjectMapper().readTree(w.toString());
    }

    private static JsonNode json() throws Exception {
        return json(AnalysisOptions.defaults("9.9.9"));
    }

    private static JsonNode conn(JsonNode root, long id) {
        for (JsonNode c : root.get("connections")) {
            if (c.get("id").asLong() == id) {
                return c;
            }
        }
        throw new AssertionError("no connection " + id);
    }

    @Test
    void everyDocumentedKeyWithItsType() throws Exception {
        for (AnalysisOptions opts : List.of(AnalysisOptions.defaults("9.9.9"),
                AnalysisOptions.defaults("t").withConnections(ConnectionFilter.FAILED))) {
            // The fixtures' hellos carry no JA4 unless a test gives one (so fingerprints fall back to h:);
            // the decoder always computes it, which JsonContractTest checks on every sample capture.
            assertThat(CONTRACT.violations(json(opts))).as("departures from docs/json.md")
                    .allMatch(v -> v.equals("connections[].client_hello.ja4: null where the docs say string"));
        }
    }

    @Test
    void topLevel() throws Exception {
        JsonNode root = json();
        assertThat(root.get("tool").get("name").asText()).isEqualTo("tlsinspect");
        assertThat(root.get("tool").get("version").asText()).isEqualTo("9.9.9");
        JsonNode in = root.get("inputs").get(0);
        assertThat(in.get("packets").isIntegralNumber()).isTrue();
        assertThat(in.get("first_ts").asText()).matches(ISO_UTC).isEqualTo("2015-01-31T03:24:00Z");
        root.get("stats").forEach(v -> assertThat(v.isIntegralNumber()).isTrue());
    }

    @Test
    void connectionKeysAndTypes() throws Exception {
        JsonNode root = json();
        assertThat(root.get("connections")).hasSize(19);
        for (JsonNode c : root.get("connections")) {
            assertThat(c.get("id").isIntegralNumber()).isTrue();
            assertThat(c.get("ts").asText()).matches(ISO_UTC);
            assertThat(c.get("client").get("port").isInt()).isTrue();
            c.get("findings").forEach(f -> assertThat(f.isTextual()).isTrue());
        }
    }

    @Test
    void helloFieldsAndNaming() throws Exception {
        JsonNode root = json();
        JsonNode c = conn(root, 30);
        assertThat(c.get("version").asText()).isEqualTo("TLSv1.2");
        assertThat(c.get("cipher").asText()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        JsonNode ch = c.get("client_hello");
        assertThat(ch.get("max_version").asText()).isEqualTo("TLSv1.2");
        assertThat(ch.get("record_version").asText()).isEqualTo("TLSv1.0");
        List<String> suites = new ArrayList<>();
        ch.get("cipher_suites").forEach(s -> suites.add(s.asText()));
        assertThat(suites).containsExactly("0x2a2a", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "0x1234");
        assertThat(ch.get("session_id").asText()).isEqualTo(SID);
        assertThat(ch.get("fallback_scsv").isBoolean()).isTrue();
        assertThat(ch.get("sslv2_format").isBoolean()).isTrue();
        assertThat(ch.get("groups").get(0).asText()).isEqualTo("x25519");
        assertThat(ch.get("extensions").get(0).asText()).isEqualTo("server_name");
        assertThat(ch.get("signature_algorithms").get(0).asText()).isEqualTo("ecdsa_secp256r1_sha256");
        JsonNode sh = c.get("server_hello");
        assertThat(sh.get("session_id").asText()).isEqualTo(SID);
        assertThat(conn(root, 21).get("client_hello").isNull()).isTrue();
        assertThat(conn(root, 21).get("server_hello").isNull()).isTrue();
        assertThat(conn(root, 1).get("client_hello").get("session_id").isNull()).isTrue();
        assertThat(conn(root, 1).get("version").isNull()).isTrue();
        assertThat(conn(root, 1).get("cipher").isNull()).isTrue();
    }

    @Test
    void alertsAndChainsPerConnection() throws Exception {
        JsonNode root = json();
        JsonNode c2 = conn(root, 2);
        JsonNode alert = c2.get("alerts").get(0);
        assertThat(alert.get("from").asText()).isEqualTo("server");
        assertThat(alert.get("level").asText()).isEqualTo("fatal");
        assertThat(alert.get("description").asText()).isEqualTo("inappropriate_fallback");
        assertThat(alert.get("encrypted").isBoolean()).isTrue();
        assertThat(c2.get("chain").get("id").asInt()).isEqualTo(1);
        assertThat(c2.get("chain").get("attempt").asInt()).isEqualTo(2);
        assertThat(c2.get("chain").get("of").asInt()).isEqualTo(3);
        assertThat(conn(root, 6).get("chain").isNull()).isTrue();
    }

    @Test
    void chainsClientsVersionsFindings() throws Exception {
        JsonNode root = json();
        JsonNode chain = root.get("chains").get(0);
        assertThat(chain.get("attempts").toString()).isEqualTo("[1,2,3]");
        assertThat(chain.get("versions").toString()).isEqualTo("[\"TLSv1.2\",\"TLSv1.1\",\"TLSv1.0\"]");
        assertThat(chain.get("root_outcome").asText()).isEqualTo("server_reset");
        assertThat(chain.get("final_outcome").asText()).isEqualTo("server_alert");
        assertThat(chain.get("final_alert").asText()).isEqualTo("inappropriate_fallback");
        assertThat(chain.get("recovered").isBoolean()).isTrue();

        for (JsonNode c : root.get("clients")) {
            c.get("outcomes").forEach(n -> assertThat(n.isInt()).isTrue());
        }
        JsonNode v12 = root.get("by_version").get("TLSv1.2");
        assertThat(v12.get("outcomes").get("server_reset").asInt()).isEqualTo(3);
        assertThat(root.get("by_version").get("TLSv1.1").get("outcomes").get("server_alert:inappropriate_fallback").asInt()).isEqualTo(3);

        for (JsonNode f : root.get("findings")) {
            assertThat(f.get("count").asInt()).isEqualTo(f.get("connections").size());
        }
    }

    @Test
    void filterChangesTheListingOnly() throws Exception {
        JsonNode failed = json(AnalysisOptions.defaults("t").withConnections(ConnectionFilter.FAILED));
        assertThat(failed.get("connections")).hasSize(13);
        failed.get("connections").forEach(c -> assertThat(c.get("outcome").asText()).isNotIn("established", "mid_stream"));
        JsonNode none = json(AnalysisOptions.defaults("t").withConnections(ConnectionFilter.NONE));
        assertThat(none.get("connections")).isEmpty();
        assertThat(none.get("chains")).hasSize(3);
        assertThat(none.get("stats").get("connections").asInt()).isEqualTo(19);
        assertThat(none.get("findings").size()).isEqualTo(json().get("findings").size());
    }
}
