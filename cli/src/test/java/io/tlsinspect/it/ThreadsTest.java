package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsinspect.testkit.RepoFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * --threads N splits connections between decoder workers; the report must not depend on N, nor on
 * the default (the number of cores), nor on the order in which the workers finish connections.
 */
class ThreadsTest {
    @Test
    void theReportIsTheSameWithOneTwoThreeOrFiveThreadsAndWithTheDefault() {
        List<String> files = FleetReportTest.fleet();
        List<String> withFailures = new ArrayList<>(List.of(RepoFiles.root().resolve("sample-pcaps/failures.pcap").toString()));
        List<String> all = new ArrayList<>();
        for (String f : List.of("basic.pcap", "handshakes.pcap", "failures.pcap", "fallback.pcap", "browser.pcap")) {
            all.add(RepoFiles.root().resolve("sample-pcaps").resolve(f).toString());
        }
        all.addAll(files);
        for (List<String> in : List.of(files, withFailures, all)) {
            JsonNode one = withoutTool(Samples.analyzeJson(in, "--threads", "1").json());
            for (String n : List.of("2", "3", "5")) {
                JsonNode many = withoutTool(Samples.analyzeJson(in, "--threads", n).json());
                assertThat(many).as(n + " threads on " + in).isEqualTo(one);
            }
            JsonNode byDefault = withoutTool(Samples.analyzeJson(in).json());
            assertThat(byDefault).as("default threads (" + Runtime.getRuntime().availableProcessors() + " cores) on " + in)
                    .isEqualTo(one);
            assertThat(one.get("connections").size()).isPositive();
        }
    }

    private static JsonNode withoutTool(JsonNode doc) {
        ((ObjectNode) doc).remove("tool");
        return doc;
    }
}
