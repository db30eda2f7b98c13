package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.RepoFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the SSLv2-format hello of failures.pcap (manifest #13). tshark 4.0 shows no JA3 and no
 * {@code tls.handshake.ciphersuite} for it, only {@code tls.handshake.version} 0x0303 and
 * {@code tls.handshake.cipherspec} 0x00c02f,0x00c030,0x00c013,0x00c014,0x00009c,0x00002f,0x000035,
 * 0x00000a,0x0000ff,0x010080,0x0700c0. JA4 by FoxIO's JA4.md from those: "t" "12" "i" "11" "00" "00",
 * then SHA-256 of the specs as hex text, sorted ("000a,002f,0035,009c,00ff,010080,0700c0,c013,c014,
 * c02f,c030": 752add687549 by sha256sum), and no extensions: 000000000000. No JA3, as salesforce/ja3.
 */
class Sslv2HelloFingerprintTest {
    @Test
    void recordedSslv2FormatHelloHasNoJa3AndTheSpecsJa4() {
        Path pcap = RepoFiles.sampleCaptures().stream().filter(p -> p.getFileName().toString().equals("failures.pcap"))
                .findFirst().orElseThrow();
        JsonNode report = Samples.analyzeJson(List.of(pcap.toString())).json();
        JsonNode hello = null;
        for (JsonNode c : report.get("connections")) {
            if (c.path("client_hello").path("sslv2_format").asBoolean()) {
                hello = c.get("client_hello");
            }
        }
        assertThat(hello).as("the SSLv2-format hello of failures.pcap").isNotNull();
        assertThat(hello.get("ja3").isNull()).isTrue();
        assertThat(hello.get("ja3_hash").isNull()).isTrue();
        assertThat(hello.get("ja4").asText()).isEqualTo("t12i110000_752add687549_000000000000");
    }
}
