package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.RepoFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 on the seed-incident fleet (three nginx servers behind round-robin DNS, recorded as three
 * captures): the text report names the root cause of the fallback alerts within its first 25 lines,
 * and the per-client, per-version and per-server tables add up to the connection totals.
 */
class FleetReportTest {
    static List<String> fleet() {
        Path dir = RepoFiles.root().resolve("sample-pcaps/fleet");
        return List.of(dir.resolve("s1.pcap").toString(), dir.resolve("s2.pcap").toString(),
                dir.resolve("s3.pcap").toString());
    }

    @Test
    void theFirst25LinesNameTheRootCauseBehindTheFallbackAlerts() {
        String[] args = new String[] {"analyze", "--no-progress", fleet().get(0), fleet().get(1), fleet().get(2)};
        Samples.Run r = Samples.cli(args);
        assertThat(r.exit()).isZero();
        String head = Arrays.stream(r.out().split("\n")).limit(25).collect(Collectors.joining("\n"));
        // The symptom, named as a symptom...
        assertThat(head).contains("inappropriate_fallback").contains("symptom");
        // ...and the cause: the resets of the first attempts (the faulty middlebox in the recording).
        int symptom = head.indexOf("inappropriate_fallback");
        assertThat(head.indexOf("server_reset", symptom)).as("root outcome named after the symptom").isPositive();
        assertThat(head).containsPattern("(?i)reset[s]? first attempts|first attempts? .*reset");
    }

    @Test
    void perClientPerVersionAndPerServerTablesAddUpToTheConnections() {
        JsonNode doc = Samples.analyzeJson(fleet()).json();
        int total = doc.get("connections").size();
        assertThat(doc.at("/stats/connections").asInt()).isEqualTo(total);
        long failed = 0;
        for (JsonNode c : doc.get("connections")) {
            String o = c.get("outcome").asText();
            failed += o.equals("established") || o.equals("mid_stream") ? 0 : 1;
        }
        int clientAttempts = 0;
        int clientFailed = 0;
        for (JsonNode c : doc.get("clients")) {
            clientAttempts += c.get("attempts").asInt();
            clientFailed += c.get("failed").asInt();
            int outcomes = 0;
            for (JsonNode n : c.get("outcomes")) {
                outcomes += n.asInt();
            }
            assertThat(outcomes).as("client " + c.get("ip") + " outcomes add up").isEqualTo(c.get("attempts").asInt());
        }
        assertThat(clientAttempts).isEqualTo(total);
        assertThat(clientFailed).isEqualTo(failed);
        int versionAttempts = 0;
        for (JsonNode v : doc.get("by_version")) {
            versionAttempts += v.get("attempts").asInt();
        }
        assertThat(versionAttempts).isEqualTo(total);
        int serverAttempts = 0;
        for (JsonNode s : doc.get("servers")) {
            serverAttempts += s.get("attempts").asInt();
        }
        assertThat(serverAttempts).isEqualTo(total);
        assertThat(doc.get("servers").size()).as("three servers").isEqualTo(3);
    }
}
