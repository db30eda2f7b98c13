package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.testkit.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §7: bad input gets one clear line on stderr and a non-zero exit (1 input/runtime, 2 usage),
 * never a stack trace; a capture cut short is a warning and the rest is still reported.
 */
class CliErrorsTest {
    @TempDir
    Path tmp;

    static void oneLine(Samples.Run r, int exit, String contains) {
        assertThat(r.exit()).as("exit code; stderr: " + r.err()).isEqualTo(exit);
        assertThat(r.err().strip().split("\n")).as("stderr is one line: " + r.err()).hasSize(1);
        assertThat(r.err()).startsWith("tlsinspect: ").contains(contains).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void missingFile() {
        oneLine(Samples.cli("analyze", tmp.resolve("nope.pcap").toString()), 1, "nope.pcap: no such file");
    }

    @Test
    void notACapture() throws IOException {
        Path f = tmp.resolve("index.html");
        Files.writeString(f, "<html>hello</html>");
        oneLine(Samples.cli("analyze", f.toString()), 1, "not a pcap or pcapng file");
    }

    @Test
    void aDirectory() {
        oneLine(Samples.cli("analyze", tmp.toString()), 1, "is a directory");
    }

    @Test
    void usageErrorsExitTwo() {
        oneLine(Samples.cli("analyze"), 2, "name at least one capture file");
        oneLine(Samples.cli("analyze", "--format", "xml", "x.pcap"), 2, "--format");
        oneLine(Samples.cli("analyze", "--port", "70000", "x.pcap"), 2, "--port");
        oneLine(Samples.cli("analyze", "--retry-window", "soon", "x.pcap"), 2, "--retry-window");
        oneLine(Samples.cli("analyze", "--bogus", "x.pcap"), 2, "bogus");
        oneLine(Samples.cli("frobnicate"), 2, "unknown command");
    }

    @Test
    void helpOnEveryCommandExitsZero() {
        for (String cmd : new String[] {"analyze", "capture", "interfaces"}) {
            Samples.Run r = Samples.cli(cmd, "--help");
            assertThat(r.exit()).as(cmd + " --help").isZero();
            assertThat(r.out()).as(cmd + " --help").contains("usage: tlsinspect " + cmd);
        }
    }

    @Test
    void aCaptureCutShortIsReportedWithAWarning() throws IOException {
        byte[] whole = Files.readAllBytes(RepoFiles.root().resolve("sample-pcaps/fallback.pcap"));
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length * 2 / 3));
        Samples.Run r = Samples.cli("analyze", "--no-progress", "--format", "json", cut.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("warning").contains("cut short");
        assertThat(r.json().get("connections").size()).isPositive();
    }

    @Test
    void outputToAMissingDirectoryIsOneLine() {
        String capture = RepoFiles.root().resolve("sample-pcaps/basic.pcap").toString();
        oneLine(Samples.cli("analyze", "--no-progress", "-o", tmp.resolve("no/such/dir/r.json").toString(), capture), 1,
                "does not exist");
    }

    @Test
    void anUnsupportedLinkTypeIsCountedSkippedAndWarnedOnce() throws IOException {
        // A real capture whose link type field is rewritten to LINKTYPE_USER0 (147): nothing decodable.
        byte[] pcap = Files.readAllBytes(RepoFiles.root().resolve("sample-pcaps/fallback.pcap"));
        java.nio.ByteBuffer.wrap(pcap).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(20, 147);
        Path f = tmp.resolve("user0.pcap");
        Files.write(f, pcap);
        Samples.Run r = Samples.cli("analyze", "--no-progress", "--format", "json", f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err().strip().split("\n")).hasSize(1);
        assertThat(r.err()).contains("warning").contains("link type").contains("147");
        com.fasterxml.jackson.databind.JsonNode doc = r.json();
        assertThat(doc.at("/stats/unsupported_link_packets").asLong()).isEqualTo(doc.at("/stats/packets").asLong()).isPositive();
        assertThat(doc.get("connections")).isEmpty();
    }
}
