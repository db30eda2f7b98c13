package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.CaptureBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §3 on hostile input: a SYN flood from many addresses makes a small report whose client
 * table is capped with a counted overflow, whose diagnosis names the flood, and whose evictions are
 * counted. The expected numbers follow from how the capture is built: N SYNs, each from its own
 * address, never answered, through a flow table of F flows (so N - F are evicted).
 */
class FloodReportTest {
    private static final int SYNS = 3000;
    private static final int FLOWS = 100;
    private static final int ROWS = 10;

    @TempDir
    Path dir;

    @Test
    void aSynFloodIsNamedItsClientsFoldIntoOneRowAndEvictionsAreCounted() throws Exception {
        List<CaptureBytes.Packet> packets = new ArrayList<>();
        byte[] server = CaptureBytes.addr(203, 0, 113, 1);
        for (int i = 0; i < SYNS; i++) {
            byte[] client = CaptureBytes.addr(10, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
            packets.add(new CaptureBytes.Packet(1_700_000_000_000_000_000L + i * 1_000_000L,
                    CaptureBytes.ipv4(client, 40000, server, 443, 1000, 0, CaptureBytes.SYN, new byte[0])));
        }
        Path pcap = dir.resolve("flood.pcap");
        Files.write(pcap, CaptureBytes.pcap(packets, CaptureBytes.LINK_RAW, false, false, false, 65535));

        JsonNode doc = Samples.analyzeJson(List.of(pcap.toString()), "--connections", "none",
                "--max-flows", Integer.toString(FLOWS), "--max-clients", Integer.toString(ROWS)).json();

        assertThat(doc.get("stats").get("connections").asLong()).isEqualTo(SYNS);
        assertThat(doc.get("stats").get("flows_evicted").asLong()).isEqualTo(SYNS - FLOWS);
        assertThat(doc.get("clients")).hasSize(ROWS);
        JsonNode other = doc.get("other_clients");
        assertThat(other.get("clients").asLong()).isEqualTo(SYNS - ROWS);
        assertThat(other.get("attempts").asLong()).isEqualTo(SYNS - ROWS);
        assertThat(other.get("outcomes").get("unanswered_syn").asLong()).isEqualTo(SYNS - ROWS);
        String diagnosis = doc.get("diagnosis").get("sentences").toString();
        assertThat(diagnosis).contains("SYN flood").contains(SYNS + " of " + SYNS + " connections")
                .contains((SYNS - FLOWS) + " connections were evicted from the full flow table");
        assertThat(doc.get("diagnosis").get("sentences").get(0).asText()).as("the flood leads the diagnosis")
                .contains("SYN flood");
    }
}
