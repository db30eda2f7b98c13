package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.decoder.preamble.PreamblePorts;
import io.tlsinspect.testkit.RepoFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11: {@code --starttls} adds the preamble protocols' ports with one word. On every beyond443/
 * recording it finds exactly the manifest's connections on those ports (not FTP's data port 40000,
 * not ssh -D's SOCKS port 1081), with the manifest's outcome and preamble.
 */
class StarttlsPortsTest {

    static Stream<Path> manifests() {
        return RepoFiles.sampleManifests().stream().filter(p -> p.toString().contains("/beyond443/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void starttlsFindsTheConnectionsOnTheProtocolsPorts(Path manifest) {
        JsonNode m = Samples.read(manifest);
        List<JsonNode> expected = new ArrayList<>();
        for (JsonNode c : m.get("connections")) {
            if (PreamblePorts.all().contains(c.get("server_port").asInt())) {
                expected.add(c);
            }
        }
        JsonNode conns = Samples.analyzeJson(Samples.files(manifest, m), "--starttls").json().get("connections");
        assertThat(conns.size()).as(manifest.getFileName() + " connections").isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            assertThat(conns.get(i).get("outcome").asText()).as(manifest.getFileName() + " outcome " + i)
                    .isEqualTo(e.get("outcome").asText());
            assertThat(conns.get(i).path("preamble").asText(null)).as(manifest.getFileName() + " preamble " + i)
                    .isEqualTo(e.get("preamble").asText(null));
        }
    }
}
