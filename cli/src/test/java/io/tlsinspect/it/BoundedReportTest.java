package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsinspect.testkit.RepoFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3's caps (client rows, server rows, proof connections per finding) keep a report small on
 * hostile input; on every real sample capture they cut nothing, so a run with the default caps must
 * equal a run with caps too large to matter. And where a cap does cut, the folded row and the
 * finding counts must still add up to the uncut run's.
 */
class BoundedReportTest {
    private static final String[] HUGE = {"--max-clients", "2000000000", "--max-servers", "2000000000",
        "--max-proof", "2000000000", "--max-chains", "2000000000"};

    @Test
    void defaultCapsGiveTheSameReportAsNoCapsOnEverySampleCapture() {
        List<List<String>> inputs = new ArrayList<>();
        for (Path p : RepoFiles.sampleCaptures()) {
            inputs.add(List.of(p.toString()));
        }
        inputs.add(FleetReportTest.fleet());
        assertThat(inputs).hasSizeGreaterThan(10);
        for (List<String> in : inputs) {
            JsonNode bounded = comparable(Samples.analyzeJson(in).json());
            JsonNode unbounded = comparable(Samples.analyzeJson(in, HUGE).json());
            assertThat(bounded).as("default caps vs none on " + in).isEqualTo(unbounded);
            assertThat(bounded.get("other_clients").isNull()).as("no client folded on " + in).isTrue();
            assertThat(bounded.get("chains_unlisted").asLong()).as("no chain cut on " + in).isZero();
        }
    }

    @Test
    void tinyCapsFoldTheRestIntoCountedRowsAndKeepFindingCountsExact() {
        List<String> fleet = FleetReportTest.fleet();
        JsonNode full = Samples.analyzeJson(fleet, HUGE).json();
        JsonNode cut = Samples.analyzeJson(fleet, "--max-clients", "1", "--max-servers", "1", "--max-proof", "1").json();
        long connections = full.get("stats").get("connections").asLong();

        assertThat(full.get("clients").size()).as("the fleet has several clients").isGreaterThan(1);
        assertThat(cut.get("clients")).hasSize(1);
        assertThat(cut.get("clients").get(0)).isEqualTo(full.get("clients").get(0));
        JsonNode other = cut.get("other_clients");
        assertThat(other.get("clients").asLong()).isEqualTo(full.get("clients").size() - 1);
        assertThat(other.get("untracked_connections").asLong()).isZero();
        assertThat(other.get("attempts").asLong() + cut.get("clients").get(0).get("attempts").asLong())
                .isEqualTo(connections);

        assertThat(cut.get("servers")).hasSize(1);
        assertThat(cut.get("other_servers").get("servers").asLong()).isEqualTo(full.get("servers").size() - 1);
        assertThat(cut.get("other_servers").get("attempts").asLong() + cut.get("servers").get(0).get("attempts").asLong())
                .isEqualTo(connections);

        assertThat(cut.get("findings").size()).isEqualTo(full.get("findings").size()).isPositive();
        boolean anyCut = false;
        for (int i = 0; i < full.get("findings").size(); i++) {
            JsonNode f = full.get("findings").get(i);
            JsonNode c = cut.get("findings").get(i);
            assertThat(c.get("kind")).isEqualTo(f.get("kind"));
            assertThat(c.get("count")).as("count of " + f.get("kind")).isEqualTo(f.get("count"));
            assertThat(c.get("connections")).hasSize(1);
            assertThat(c.get("connections").get(0)).isEqualTo(f.get("connections").get(0));
            assertThat(c.get("connections_truncated").asBoolean()).isEqualTo(f.get("count").asLong() > 1);
            assertThat(f.get("connections_truncated").asBoolean()).isFalse();
            anyCut |= f.get("count").asLong() > 1;
        }
        assertThat(anyCut).as("some finding of the fleet has more than one connection").isTrue();
        assertThat(cut.get("connections")).isEqualTo(full.get("connections").size() == 0 ? cut.get("connections")
                : cut.get("connections")).hasSize(full.get("connections").size());
    }

    @Test
    void aChainCapListsTheFirstChainsAndCountsEveryOne() {
        List<String> fleet = FleetReportTest.fleet();
        JsonNode full = Samples.analyzeJson(fleet, HUGE).json();
        JsonNode cut = Samples.analyzeJson(fleet, "--max-chains", "1").json();
        int chains = full.get("chains").size();
        assertThat(chains).as("the fleet has several retry chains").isGreaterThan(1);
        assertThat(full.get("chains_unlisted").asLong()).isZero();

        assertThat(cut.get("chains")).hasSize(1);
        assertThat(cut.get("chains").get(0)).isEqualTo(full.get("chains").get(0)); // the one that began first
        assertThat(cut.get("chains_unlisted").asLong()).isEqualTo(chains - 1);
        assertThat(cut.get("limits").get("chain_rows").asLong()).isEqualTo(1);
        assertThat(cut.get("by_root_cause")).as("root causes count every chain").isEqualTo(full.get("by_root_cause"));
        // a connection names its chain only when that chain is listed; every other field is the uncut run's
        assertThat(cut.get("connections")).hasSize(full.get("connections").size());
        JsonNode listed = full.get("chains").get(0).get("attempts");
        int named = 0;
        for (int i = 0; i < full.get("connections").size(); i++) {
            JsonNode f = full.get("connections").get(i);
            JsonNode c = cut.get("connections").get(i);
            assertThat(c.get("id")).isEqualTo(f.get("id"));
            assertThat(c.get("outcome")).isEqualTo(f.get("outcome"));
            boolean inListed = false;
            for (JsonNode id : listed) {
                inListed |= id.asLong() == f.get("id").asLong();
            }
            if (inListed) {
                assertThat(c.get("chain")).isEqualTo(f.get("chain"));
                named++;
            } else {
                assertThat(c.get("chain").isNull()).as("connection " + f.get("id")).isTrue();
            }
        }
        assertThat(named).isEqualTo(listed.size());
        // the findings built on chains see the listed ones, and say that the rest were not listed
        boolean said = false;
        for (JsonNode f : cut.get("findings")) {
            if (f.get("kind").asText().equals("fallback_after_failure")) {
                assertThat(f.get("summary").asText()).contains((chains - 1) + " more chain").contains("--max-chains");
                said = true;
            }
        }
        assertThat(said).as("the cut fleet still has fallback_after_failure").isTrue();
    }

    /** Without what says which caps were asked for (and the tool's version). */
    private static JsonNode comparable(JsonNode doc) {
        ((ObjectNode) doc).remove("tool");
        ((ObjectNode) doc).remove("limits");
        return doc;
    }
}
