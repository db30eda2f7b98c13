package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.RepoFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3 acceptance 1 and issue 4 acceptance 1: every connection of every sample capture shows what
 * its manifest says (the manifests are written by the recording scripts from what the real clients
 * were told to do and what the real servers logged, never from this tool's output); every expected
 * chain and finding is found, and no chain that the manifest does not list.
 */
class ManifestTest {

    /** One run per manifest, or (manifest "merge": false) one per file: each file holds all the connections. */
    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (Path manifest : RepoFiles.sampleManifests()) {
            JsonNode m = Samples.read(manifest);
            List<String> files = Samples.files(manifest, m);
            if (m.path("merge").asBoolean(true)) {
                runs.add(Arguments.of(manifest, files));
            } else {
                files.forEach(f -> runs.add(Arguments.of(manifest, List.of(f))));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void everyConnectionMatchesItsManifest(Path manifest, List<String> files) {
        JsonNode m = Samples.read(manifest);
        Set<String> ports = new LinkedHashSet<>();
        for (JsonNode c : m.get("connections")) {
            ports.add(c.path("server_port").asText("443"));
        }
        JsonNode report = Samples.analyzeJson(files, "--port", String.join(",", ports)).json();
        JsonNode conns = report.get("connections");
        JsonNode expected = m.get("connections");
        assertThat(conns.size()).as("connections in " + manifest.getFileName()).isEqualTo(expected.size());

        SoftAssertions soft = new SoftAssertions();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            JsonNode c = conns.get(i);
            ids.add(c.get("id").asLong());
            String where = manifest.getFileName() + " #" + i + " (" + e.path("note").asText(e.path("tool").asText()) + ")";
            soft.assertThat(c.at("/client/ip").asText()).as(where + " client").isEqualTo(e.get("client").asText());
            soft.assertThat(c.at("/server/ip").asText()).as(where + " server").isEqualTo(e.get("server").asText());
            if (e.has("server_port")) {
                soft.assertThat(c.at("/server/port").asInt()).as(where + " server_port").isEqualTo(e.get("server_port").asInt());
            }
            soft.assertThat(c.get("outcome").asText()).as(where + " outcome").isEqualTo(e.get("outcome").asText());
            JsonNode ch = c.get("client_hello");
            if (e.has("sni")) {
                soft.assertThat(ch.path("sni").asText(null)).as(where + " sni").isEqualTo(e.get("sni").asText(null));
            }
            if (e.has("max_version")) {
                soft.assertThat(ch.path("max_version").asText(null)).as(where + " max_version").isEqualTo(e.get("max_version").asText(null));
            }
            if (e.has("ja4")) { // from FoxIO's published test data, cited in the recording script
                soft.assertThat(ch.path("ja4").asText(null)).as(where + " ja4").isEqualTo(e.get("ja4").asText());
            }
            for (String flag : List.of("fallback_scsv", "sslv2_format")) {
                if (e.has(flag)) {
                    soft.assertThat(ch.path(flag).asBoolean(false)).as(where + " " + flag).isEqualTo(e.get(flag).asBoolean());
                }
            }
            for (String key : List.of("version", "cipher")) {
                if (e.has(key)) {
                    soft.assertThat(c.path(key).asText(null)).as(where + " " + key).isEqualTo(e.get(key).asText(null));
                }
            }
            // Issue 11: how the handshake travelled (recorded from the preamble tshark dissected).
            for (String key : List.of("transport", "preamble", "proxy_target")) {
                if (e.has(key)) {
                    soft.assertThat(c.path(key).asText(null)).as(where + " " + key).isEqualTo(e.get(key).asText(null));
                }
            }
            // Issue 11, QUIC: the version of the client's Initials, Version Negotiation's list (reserved
            // versions left out) and the CONNECTION_CLOSE error, as tshark dissected them.
            for (String key : List.of("quic_version", "quic_close_error")) {
                if (e.has(key)) {
                    soft.assertThat(c.path(key).asText(null)).as(where + " " + key).isEqualTo(e.get(key).asText(null));
                }
            }
            if (e.has("quic_vn_versions")) {
                soft.assertThat(c.path("quic_vn_versions").toString()).as(where + " quic_vn_versions")
                        .isEqualTo(e.get("quic_vn_versions").toString());
            }
            for (String flag : List.of("resumed", "hello_retry")) {
                if (e.has(flag)) {
                    soft.assertThat(c.path(flag).asBoolean()).as(where + " " + flag).isEqualTo(e.get(flag).asBoolean());
                }
            }
            JsonNode decisive = decisiveAlert(c.get("alerts"));
            if (e.has("alert")) {
                soft.assertThat(decisive == null ? null : decisive.path("description").asText(null))
                        .as(where + " alert").isEqualTo(e.get("alert").asText(null));
            }
            if (e.has("alert_from") && !e.get("alert_from").isNull()) {
                soft.assertThat(decisive == null ? null : decisive.path("from").asText())
                        .as(where + " alert_from").isEqualTo(e.get("alert_from").asText());
            }
            if (e.path("alert_encrypted").asBoolean(false)) {
                soft.assertThat(decisive != null && decisive.path("encrypted").asBoolean())
                        .as(where + " alert_encrypted").isTrue();
            }
        }
        if (m.has("chains")) {
            checkChains(soft, manifest, m.get("chains"), report.get("chains"), ids);
        }
        if (m.has("findings")) {
            checkFindings(soft, manifest, m.get("findings"), report.get("findings"), ids);
        }
        soft.assertAll();
    }

    private static JsonNode decisiveAlert(JsonNode alerts) {
        if (alerts == null || alerts.isEmpty()) {
            return null;
        }
        for (JsonNode a : alerts) {
            if ("fatal".equals(a.path("level").asText())) {
                return a;
            }
        }
        return alerts.get(0);
    }

    private static void checkChains(SoftAssertions soft, Path manifest, JsonNode expected, JsonNode chains, List<Long> ids) {
        soft.assertThat(chains.size()).as(manifest.getFileName() + ": number of chains (no spurious chain)")
                .isEqualTo(expected.size());
        for (JsonNode e : expected) {
            List<Long> attempts = new ArrayList<>();
            e.get("attempts").forEach(i -> attempts.add(ids.get(i.asInt())));
            JsonNode found = null;
            for (JsonNode c : chains) {
                List<Long> a = new ArrayList<>();
                c.get("attempts").forEach(x -> a.add(x.asLong()));
                if (a.equals(attempts)) {
                    found = c;
                }
            }
            String where = manifest.getFileName() + " chain " + e.get("attempts");
            soft.assertThat(found).as(where + " found (attempt ids " + attempts + ")").isNotNull();
            if (found == null) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("attempts") || f.getKey().equals("note")) {
                    continue;
                }
                String want = f.getValue().asText(null);
                // The manifest says "client" where DESIGN §6's chain says "client_ip".
                String key = f.getKey().equals("client") ? "client_ip" : f.getKey();
                String got = found.path(key).isMissingNode() ? "<missing>" : found.get(key).asText(null);
                if (f.getKey().endsWith("_outcome") && want != null && !want.contains(":") && got != null) {
                    got = got.split(":")[0];
                }
                soft.assertThat(got).as(where + " " + f.getKey()).isEqualTo(want);
            }
        }
    }

    private static void checkFindings(SoftAssertions soft, Path manifest, JsonNode expected, JsonNode findings, List<Long> ids) {
        for (JsonNode e : expected) {
            String kind = e.get("kind").asText();
            Set<Long> want = new LinkedHashSet<>();
            e.get("connections").forEach(i -> want.add(ids.get(i.asInt())));
            Set<Long> got = new LinkedHashSet<>();
            for (JsonNode f : findings) {
                if (f.get("kind").asText().equals(kind)) {
                    f.get("connections").forEach(x -> got.add(x.asLong()));
                }
            }
            soft.assertThat(got).as(manifest.getFileName() + " finding " + kind).containsAll(want);
        }
    }
}
