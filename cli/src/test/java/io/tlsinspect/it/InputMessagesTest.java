package io.tlsinspect.it;

import io.tlsinspect.testkit.RepoFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 points 5 and 8, end to end: what the operator sees for a lying block length, a file of a
 * few bytes, a gzip-compressed capture, and one packet dated a year ahead.
 */
class InputMessagesTest {
    @TempDir
    Path tmp;

    static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(RepoFiles.root().resolve("sample-pcaps/" + name));
    }

    /** The connections of a report without the input's name, which differs between the copies compared. */
    static JsonNode connections(JsonNode doc) {
        JsonNode c = doc.get("connections").deepCopy();
        c.forEach(x -> ((com.fasterxml.jackson.databind.node.ObjectNode) x.get("tcp")).remove("source"));
        return c;
    }

    @Test
    void aBlockClaimingFourGigabytesIsWarnedAtItsOffsetAndNothingIsLost() throws IOException {
        byte[] ng = sample("basic.pcapng");
        ByteBuffer b = ByteBuffer.wrap(ng).order(ByteOrder.LITTLE_ENDIAN);
        int p = 0;
        int packets = 0;
        while (packets < 28) { // after the 28th of 57 packets
            packets += b.getInt(p) == 6 ? 1 : 0;
            p += b.getInt(p + 4);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ng, 0, p);
        out.write(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0x0000BEEF).putInt(0xfffffff0).putInt(12).array());
        out.write(ng, p, ng.length - p);
        Path f = tmp.resolve("liar.pcapng");
        Files.write(f, out.toByteArray());
        Samples.Run r = Samples.analyzeJson(List.of(f.toString()));
        assertThat(r.err()).contains("warning").contains("at byte " + p).contains("4294967280");
        JsonNode doc = r.json();
        assertThat(doc.at("/stats/packets").asLong()).isEqualTo(57);
        JsonNode whole = Samples.analyzeJson(List.of(RepoFiles.root().resolve("sample-pcaps/basic.pcapng").toString())).json();
        assertThat(connections(doc)).isEqualTo(connections(whole));
    }

    @Test
    void aFileOfAFewBytesIsACaptureCutShortNotSomethingElse() throws IOException {
        for (int n : new int[] {4, 10, 23}) {
            Path f = tmp.resolve("short" + n + ".pcap");
            Files.write(f, Arrays.copyOf(sample("basic.pcap"), n));
            Samples.Run r = Samples.cli("analyze", "--no-progress", f.toString());
            CliErrorsTest.oneLine(r, 1, "cut short inside its 24-byte header");
            assertThat(r.err()).doesNotContain("not a pcap");
        }
    }

    @Test
    void aGzipCompressedCaptureIsReadLikeThePlainOne() throws IOException {
        Path gz = tmp.resolve("fallback.pcap.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(sample("fallback.pcap"));
        }
        Samples.Run r = Samples.analyzeJson(List.of(gz.toString()));
        assertThat(r.err()).isEmpty();
        JsonNode plain = Samples.analyzeJson(List.of(RepoFiles.root().resolve("sample-pcaps/fallback.pcap").toString())).json();
        assertThat(connections(r.json())).isEqualTo(connections(plain));
        assertThat(r.json().get("chains")).isEqualTo(plain.get("chains"));
    }

    @Test
    void onePacketDatedAYearAheadIsWarnedCountedAndSplitsNoConnection() throws IOException {
        byte[] glitched = sample("basic.pcap").clone();
        ByteBuffer b = ByteBuffer.wrap(glitched).order(ByteOrder.LITTLE_ENDIAN);
        int p = 24;
        for (int i = 0; i < 9; i++) { // the 10th packet, in the middle of the first TLS connection
            p += 16 + b.getInt(p + 8);
        }
        b.putInt(p, (int) (Integer.toUnsignedLong(b.getInt(p)) + 365L * 86400));
        Path f = tmp.resolve("glitch.pcap");
        Files.write(f, glitched);
        Samples.Run r = Samples.analyzeJson(List.of(f.toString()));
        JsonNode doc = r.json();
        JsonNode whole = Samples.analyzeJson(List.of(RepoFiles.root().resolve("sample-pcaps/basic.pcap").toString())).json();
        assertThat(doc.get("connections").size()).isEqualTo(whole.get("connections").size());
        for (JsonNode c : doc.get("connections")) {
            assertThat(c.get("outcome").asText()).isNotEqualTo("mid_stream");
        }
        assertThat(doc.at("/connections/0/outcome")).isEqualTo(whole.at("/connections/0/outcome"));
        assertThat(doc.at("/stats/time_outliers").asLong()).isEqualTo(1);
        assertThat(r.err()).contains("warning").contains("packet 10").contains("365 days ahead");
    }
}
