package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.RepoFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8 acceptance 1 and 2 on the real-browser recordings ({@code sample-pcaps/browsers/}: Firefox
 * ESR, Chromium and CLI clients against nginx misconfigurations). Every expected value comes from
 * the manifests, written by the recording script from what the clients reported and nginx logged:
 * no chain where nobody fell back, every failed connection named by a cause finding of the
 * manifest's kind, that finding naming the manifest's evidence (date, SNI, names, issuer, version,
 * port, suite families), every connection's family, and the misconfiguration in the text report's
 * first 10 lines.
 */
class BrowserSamplesTest {
    /** The findings that name a cause (DESIGN §5); the others are symptoms that name theirs. */
    static final Set<String> CAUSES = Set.of("no_shared_cipher", "server_protocol_too_old", "certificate_expired",
            "certificate_name_mismatch", "certificate_untrusted", "client_rejected_certificate", "connection_refused",
            "server_unresponsive", "server_reset_after_hello", "not_tls_on_tls_port");

    static Stream<Path> manifests() {
        List<Path> browsers = RepoFiles.sampleManifests().stream()
                .filter(p -> p.getParent().getFileName().toString().equals("browsers")).toList();
        assertThat(browsers).as("sample-pcaps/browsers manifests").hasSizeGreaterThanOrEqualTo(11);
        return browsers.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void chainsFindingsEvidenceAndFamiliesAreWhatTheManifestSays(Path manifest) {
        JsonNode m = Samples.read(manifest);
        JsonNode report = Samples.analyzeJson(Samples.files(manifest, m)).json();
        JsonNode conns = report.get("connections");
        JsonNode expected = m.get("connections");
        assertThat(conns.size()).as("connections").isEqualTo(expected.size());
        String name = manifest.getFileName().toString();
        SoftAssertions soft = new SoftAssertions();

        soft.assertThat(report.get("chains").size()).as(name + ": chains (the manifest lists " + m.get("chains").size() + ")")
                .isEqualTo(m.get("chains").size());

        List<Long> ids = new ArrayList<>();
        conns.forEach(c -> ids.add(c.get("id").asLong()));
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i).path("ja4").isNull() || expected.get(i).path("ja4").isMissingNode()) {
                // a refused SYN carries no ClientHello: no program can be told from the wire
                System.out.println(name + " #" + i + ": no ClientHello in the manifest, family not checked");
                continue;
            }
            soft.assertThat(conns.get(i).path("client_family").asText(null)).as(name + " #" + i + " family ("
                    + expected.get(i).path("tool").asText() + ")").isEqualTo(expected.get(i).get("family").asText());
        }

        for (JsonNode e : m.get("findings")) {
            String kind = e.get("kind").asText();
            JsonNode f = finding(report, kind);
            soft.assertThat(f).as(name + ": finding " + kind).isNotNull();
            if (f == null) {
                continue;
            }
            Set<Long> got = new LinkedHashSet<>();
            f.get("connections").forEach(x -> got.add(x.asLong()));
            for (JsonNode i : e.get("connections")) {
                JsonNode c = conns.get(i.asInt());
                if (!c.get("outcome").asText().equals("established")) {
                    soft.assertThat(got).as(name + " #" + i + " (" + c.get("outcome").asText() + ") named by " + kind)
                            .contains(ids.get(i.asInt()));
                }
            }
            String text = f.get("summary").asText();
            for (String want : evidence(e.path("evidence"))) {
                soft.assertThat(text).as(name + ": " + kind + " names its evidence").contains(want);
            }
            // and the same values in JSON (docs/json.md findings[].evidence), as the manifest writes them
            for (Iterator<Map.Entry<String, JsonNode>> it = e.path("evidence").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> ev = it.next();
                soft.assertThat(f.path("evidence").path(ev.getKey())).as(name + ": " + kind + " evidence." + ev.getKey())
                        .isEqualTo(ev.getValue());
            }
        }

        // every failed connection is named by a cause finding (none left for "see the findings below")
        Set<Long> named = new LinkedHashSet<>();
        for (JsonNode f : report.get("findings")) {
            if (CAUSES.contains(f.get("kind").asText())) {
                f.get("connections").forEach(x -> named.add(x.asLong()));
            }
        }
        for (int i = 0; i < conns.size(); i++) {
            String outcome = conns.get(i).get("outcome").asText();
            if (!outcome.equals("established")) {
                soft.assertThat(named).as(name + " #" + i + " (" + outcome + ") named by a cause finding").contains(ids.get(i));
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void theFirst10LinesNameTheMisconfiguration(Path manifest) {
        JsonNode m = Samples.read(manifest);
        List<String> args = new ArrayList<>(List.of("analyze", "--no-progress"));
        args.addAll(Samples.files(manifest, m));
        Samples.Run r = Samples.cli(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        String head = Arrays.stream(r.out().split("\n")).limit(10).collect(Collectors.joining("\n"));
        for (JsonNode want : m.get("diagnosis_mentions")) {
            assertThat(head).as("first 10 lines of the report on " + manifest.getFileName()).contains(want.asText());
        }
        if (r.out().contains("Findings: None") || !r.out().contains("FINDINGS")) {
            assertThat(r.out()).as("no pointer at findings that are not there").doesNotContain("see the finding");
        }
    }

    private static JsonNode finding(JsonNode report, String kind) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("kind").asText().equals(kind)) {
                return f;
            }
        }
        return null;
    }

    /** The strings a finding must contain for the manifest's evidence object. */
    private static List<String> evidence(JsonNode ev) {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ev.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "port" -> out.add("port " + v.asText());
                case "self_signed" -> {
                    if (v.asBoolean()) {
                        out.add("self-signed");
                    }
                }
                default -> {
                    if (v.isArray()) {
                        v.forEach(x -> out.add(x.asText()));
                    } else {
                        out.add(v.asText());
                    }
                }
            }
        }
        return out;
    }
}
