package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.JsonContract;
import io.tlsinspect.testkit.RepoFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3 acceptance 3: the JSON document has the contract's keys with the contract's types, for
 * every sample capture. The keys and types are read from docs/json.md (DESIGN §6's contract, written
 * out once), not copied here.
 */
class JsonContractTest {
    static final JsonContract CONTRACT = JsonContract.documented();

    static Stream<Path> captures() {
        return RepoFiles.sampleCaptures().stream();
    }

    @Test
    void docsJsonStatesAContractForEveryPartOfTheDocument() {
        // Every contract object or array at the top documents the keys of what it holds.
        for (JsonContract.Field top : CONTRACT.fields()) {
            if (top.contract() && !top.path().contains(".") && (top.type().equals("object") || top.type().equals("array"))) {
                String prefix = top.path().replace("by_version", "by_version.*") + ".";
                assertThat(CONTRACT.fields()).as(top.path() + " has documented contract keys")
                        .anyMatch(f -> f.contract() && f.path().startsWith(prefix));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void documentHasTheContractKeysAndTypes(Path capture) {
        // Issue 11's beyond443/ captures hold no port-443 connection: read them on every port.
        JsonNode doc = (capture.toString().contains("/beyond443/")
                ? Samples.analyzeJson(List.of(capture.toString()), "--all-ports")
                : Samples.analyzeJson(List.of(capture.toString()))).json();
        assertThat(CONTRACT.violations(doc)).as("departures from docs/json.md").isEmpty();
        SoftAssertions soft = new SoftAssertions();
        assertThat(doc.get("connections").size()).as("connections listed").isPositive();
        for (JsonNode in : doc.get("inputs")) {
            if (in.get("packets").asLong() > 0) {
                soft.assertThat(in.get("first_ts").isTextual() && in.get("last_ts").isTextual())
                        .as("an input with packets has their times").isTrue();
            }
        }
        for (JsonNode c : doc.get("connections")) {
            soft.assertThat(c.get("ts").asText()).as("ts is ISO-8601 UTC").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
            JsonNode ch = c.get("client_hello");
            if (ch.isObject() && ch.hasNonNull("session_id")) {
                soft.assertThat(ch.get("session_id").asText()).as("session_id lower-case hex").matches("[0-9a-f]+");
            }
        }
        doc.get("by_version").fieldNames().forEachRemaining(k ->
                soft.assertThat(k).matches("SSLv2|SSLv3|TLSv1\\.[0-3]|0x[0-9a-f]{4}|unknown|none"));
        soft.assertAll();
    }
}
