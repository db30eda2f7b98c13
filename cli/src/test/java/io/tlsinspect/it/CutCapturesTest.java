package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsinspect.testkit.RepoFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real recordings cut the ways captures get cut in the field: started late (the first packets
 * missing) and with a small snapshot length (tcpdump -s 96). Built here from sample-pcaps/basic.pcap
 * by rewriting the pcap records, as editcap -r / -s would.
 */
class CutCapturesTest {
    @TempDir
    Path tmp;

    /** Writes the file header and records [from, to) of a little-endian pcap, each cut to at most snap bytes. */
    static byte[] cut(byte[] pcap, int from, int snap) {
        ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(pcap, 0, 24);
        int p = 24;
        int i = 0;
        while (p + 16 <= pcap.length) {
            int cap = in.getInt(p + 8);
            if (i++ >= from) {
                int keep = Math.min(cap, snap);
                ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                h.putInt(in.getInt(p)).putInt(in.getInt(p + 4)).putInt(keep).putInt(in.getInt(p + 12));
                out.write(h.array(), 0, 16);
                out.write(pcap, p + 16, keep);
            }
            p += 16 + cap;
        }
        return out.toByteArray();
    }

    JsonNode analyze(byte[] pcap) throws IOException {
        Path f = tmp.resolve("cut.pcap");
        Files.write(f, pcap);
        return Samples.analyzeJson(List.of(f.toString())).json();
    }

    @Test
    void aCaptureThatStartsAfterTheFirstHandshakeReportsItMidStreamAndKeepsItOutOfTheFailures() throws IOException {
        byte[] pcap = Files.readAllBytes(RepoFiles.root().resolve("sample-pcaps/basic.pcap"));
        JsonNode whole = analyze(pcap);
        // basic.pcap starts with curl's TLS 1.3 connection: SYN, SYN-ACK, ACK, ClientHello, ...
        JsonNode late = analyze(cut(pcap, 5, Integer.MAX_VALUE));
        JsonNode first = late.get("connections").get(0);
        assertThat(first.get("outcome").asText()).isEqualTo("mid_stream");
        assertThat(first.at("/tcp/mid_stream").asBoolean()).isTrue();
        // the later connections are whole and read as before
        for (int i = 1; i < whole.get("connections").size(); i++) {
            assertThat(late.get("connections").get(i).get("outcome")).isEqualTo(whole.get("connections").get(i).get("outcome"));
        }
        long failed = 0;
        for (JsonNode c : late.get("clients")) {
            failed += c.get("failed").asLong();
        }
        long wholeFailed = 0;
        for (JsonNode c : whole.get("clients")) {
            wholeFailed += c.get("failed").asLong();
        }
        assertThat(failed).as("mid_stream is not a failure").isEqualTo(wholeFailed);
    }

    @Test
    void aSmallSnapshotLengthIsCountedAsTruncationAndGapsNeverAsTls() throws IOException {
        byte[] pcap = Files.readAllBytes(RepoFiles.root().resolve("sample-pcaps/basic.pcap"));
        JsonNode doc = analyze(cut(pcap, 0, 96)); // 14 Ethernet + 20 IP + 32 TCP: 30 payload bytes at most
        assertThat(doc.at("/stats/truncated_packets").asLong()).isPositive();
        assertThat(doc.at("/stats/gaps").asLong()).isPositive();
        assertThat(doc.get("connections").size()).isEqualTo(4);
        for (JsonNode c : doc.get("connections")) {
            // 30 bytes of a ClientHello are not a handshake: nothing may be claimed from them
            assertThat(c.get("outcome").asText()).isNotEqualTo("established");
            assertThat(c.get("version").isNull()).isTrue();
        }
    }
}
