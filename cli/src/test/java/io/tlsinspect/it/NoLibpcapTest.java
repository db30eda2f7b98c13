package io.tlsinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.testkit.RepoFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 acceptance 5: analyze works without libpcap. Here the JVM is pointed at a libpcap that does
 * not exist (pcap4j's own property), so any use of pcap4j by analyze would fail; run-tests also runs
 * analyze with libpcap hidden from the whole machine (.ci/no-libpcap-test.sh, as root).
 */
class NoLibpcapTest {
    @Test
    void analyzeNeverLoadsLibpcap() throws Exception {
        Path capture = RepoFiles.root().resolve("sample-pcaps/basic.pcap");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap.so", "-Djna.library.path=/nonexistent",
                "io.tlsinspect.cli.Main", "analyze", "--no-progress", "--format", "json", capture.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Samples.JSON.readTree(out).get("connections").size()).isPositive();
    }
}
