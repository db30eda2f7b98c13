package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsinspect.testkit.RepoFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --threads N splits connections between workers; the report must not depend on N. */
class ThreadsTest {
    @Test
    void theReportIsTheSameWithOneTwoOrThreeThreads() {
        List<String> files = FleetReportTest.fleet();
        List<String> withFailures = new ArrayList<>(List.of(RepoFiles.root().resolve("sample-pcaps/failures.pcap").toString()));
        for (List<String> in : List.of(files, withFailures)) {
            JsonNode one = withoutTool(Samples.analyzeJson(in, "--threads", "1").json());
            for (String n : List.of("2", "3")) {
                JsonNode many = withoutTool(Samples.analyzeJson(in, "--threads", n).json());
                assertThat(many).as(n + " threads on " + in).isEqualTo(one);
            }
            assertThat(one.get("connections").size()).isPositive();
        }
    }

    private static JsonNode withoutTool(JsonNode doc) {
        ((ObjectNode) doc).remove("tool");
        return doc;
    }
}
