package io.tlsinspect.it;

import io.tlsinspect.testkit.RepoFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 point 7: the cap on a hello is 64 KiB of handshake message, whatever the record split
 * (it was about 47 KB). sample-pcaps/edges/big-hello.pcap holds two real ClientHellos of about 60 KB
 * from openssl s_client to nginx, each in four TLS records over dozens of TCP segments; their exact
 * lengths are tshark's, in the manifest.
 */
class BigClientHelloTest {
    @Test
    void sixtyKilobyteClientHellosFromOpensslAreDecodedWhole() {
        Path manifest = RepoFiles.root().resolve("sample-pcaps/edges/big-hello.manifest.json");
        JsonNode m = Samples.read(manifest);
        JsonNode report = Samples.analyzeJson(Samples.files(manifest, m)).json();
        JsonNode conns = report.get("connections");
        assertThat(conns).hasSize(m.get("connections").size());
        for (int i = 0; i < conns.size(); i++) {
            JsonNode e = m.get("connections").get(i);
            JsonNode ch = conns.get(i).get("client_hello");
            assertThat(e.get("client_hello_length").asInt()).as("tshark's length of hello " + i)
                    .isGreaterThan(47_099).isLessThanOrEqualTo(64 * 1024);
            assertThat(ch).as("hello " + i + " decoded; notes: " + conns.get(i).get("notes")).isNotNull();
            assertThat(ch.get("sni").asText()).isEqualTo(e.get("sni").asText());
            assertThat(ch.get("max_version").asText()).isEqualTo(e.get("max_version").asText());
            assertThat(conns.get(i).get("outcome").asText()).isEqualTo(e.get("outcome").asText());
        }
        // The first offered a PSK (its 60,000-byte identity), the second 5,500 ALPN protocols and http/1.1.
        assertThat(conns.get(0).at("/client_hello/psk").asBoolean()).isTrue();
        JsonNode alpn = conns.get(1).at("/client_hello/alpn");
        assertThat(alpn).hasSize(5501);
        assertThat(alpn.get(5500).asText()).isEqualTo("http/1.1");
        assertThat(report.at("/stats/buffer_cap_hits").asLong()).isZero();
    }

    @Test
    void theEdgesCaptureIsListedWithTheOthers() {
        assertThat(RepoFiles.sampleCaptures()).anySatisfy(p -> assertThat(p.toString()).endsWith("edges/big-hello.pcap"));
        assertThat(RepoFiles.sampleManifests()).anySatisfy(p -> assertThat(p.toString()).endsWith("edges/big-hello.manifest.json"));
    }
}
