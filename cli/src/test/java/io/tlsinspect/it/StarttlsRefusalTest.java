package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.RepoFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11: the starttls_refused finding quotes what the real servers of beyond443/ answered. Expected
 * replies as tshark 4.0 dissects them in the recordings: smtp.pcap {@code smtp.response.code} +
 * {@code smtp.rsp.parameter} (502 on stream 4, 454 on stream 5), ldap.pcap {@code ldap.resultCode} 2,
 * postgres.pcap the one-byte answer 'N' (the manifest's note; tshark leaves it untyped), proxies.pcap
 * {@code socks.results} 2 and {@code http.response.version}/{@code code}/{@code phrase} "HTTP/1.1 403
 * Forbidden".
 */
class StarttlsRefusalTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "smtp|502 5.5.1 Error: command not implemented;454 4.7.0 TLS not available due to local problem",
        "ldap|LDAP resultCode 2",
        "postgres|N",
        "proxies|SOCKS5 reply 2;HTTP/1.1 403 Forbidden"})
    void refusalIsQuotedFromTheServersReply(String sample, String replies) {
        Path manifest = RepoFiles.sampleManifests().stream()
                .filter(p -> p.toString().endsWith("/beyond443/" + sample + ".manifest.json")).findFirst().orElseThrow();
        JsonNode m = Samples.read(manifest);
        JsonNode report = Samples.analyzeJson(Samples.files(manifest, m), "--starttls").json();
        JsonNode finding = null;
        for (JsonNode f : report.get("findings")) {
            if (f.get("kind").asText().equals("starttls_refused")) {
                finding = f;
            }
        }
        assertThat(finding).as(sample + ": starttls_refused finding").isNotNull();
        List<String> got = new ArrayList<>();
        JsonNode reply = finding.get("evidence").get("reply");
        if (reply.isArray()) {
            reply.forEach(x -> got.add(x.asText()));
        } else {
            got.add(reply.asText());
        }
        assertThat(got).containsExactlyInAnyOrder(replies.split(";"));
        for (String r : replies.split(";")) {
            assertThat(finding.get("summary").asText()).contains("\"" + r + "\"");
        }
    }
}
