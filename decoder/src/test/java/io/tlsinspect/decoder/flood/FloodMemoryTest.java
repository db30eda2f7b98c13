package io.tlsinspect.decoder.flood;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.tcp.FlowTableConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 acceptance 4 in small: floods run through the flow table and the decoder at the default
 * {@code --max-flows}, in a JVM with a small heap (forked, so an OutOfMemoryError cannot take the
 * test runner with it). With the old fixed default of 250,000 flows at about 1.5 KiB each, the first
 * two ran out of a 24 MB heap; with SYN-only flows opening a decoder, a SYN-only flow measured 2.6 KiB (now 445 bytes).
 */
class FloodMemoryTest {
    private static final Pattern DONE = Pattern.compile("records (\\d+) evicted (\\d+) idle (\\d+) maxFlows (\\d+)");

    @Test
    void aSynFloodFitsASmallHeapAtTheDefaultsAndEveryEvictionIsCounted() throws Exception {
        int n = 150_000;
        Matcher m = run("-Xmx24m", "syn", n);
        int maxFlows = Integer.parseInt(m.group(4));
        assertThat(maxFlows).isEqualTo(FlowTableConfig.defaultMaxFlows(maxHeap24m()));
        assertThat(Long.parseLong(m.group(1))).isEqualTo(n); // one record per connection
        assertThat(Long.parseLong(m.group(2))).isEqualTo(n - maxFlows); // each eviction counted
    }

    @Test
    void stalledHellosFitASmallHeapAtTheDefaults() throws Exception {
        int n = 40_000;
        Matcher m = run("-Xmx24m", "stalled", n);
        int maxFlows = Integer.parseInt(m.group(4));
        assertThat(Long.parseLong(m.group(1))).isEqualTo(n);
        assertThat(Long.parseLong(m.group(2)) + Long.parseLong(m.group(3))).isEqualTo(n - maxFlows);
    }

    @Test
    void aFlowThatHasSeenOnlyASynIsCompact() throws Exception {
        String out = fork("-Xmx96m", "syn", 50_000, "measure");
        Matcher m = Pattern.compile("bytes per flow (\\d+) \\((\\d+) flows open\\)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(50_000);
        assertThat(Integer.parseInt(m.group(1))).isPositive().isLessThanOrEqualTo(FlowTableConfig.COMPACT_FLOW_BYTES);
    }

    @Test
    void theDefaultFollowsTheHeapBetweenItsBounds() {
        long mib = 1024 * 1024;
        // a quarter of the heap at 3 KiB a flow: 256 MiB / 4 / 3 KiB
        assertThat(FlowTableConfig.defaultMaxFlows(256 * mib)).isEqualTo(21_845);
        assertThat(FlowTableConfig.defaultMaxFlows(16 * mib)).isEqualTo(1_365);
        assertThat(FlowTableConfig.defaultMaxFlows(4 * mib)).isEqualTo(1_000);
        assertThat(FlowTableConfig.defaultMaxFlows(8192 * mib)).isEqualTo(250_000);
    }

    /** What a -Xmx24m JVM reports as its heap: asked of one, since collectors round it differently. */
    private static long maxHeap24m() throws Exception {
        String out = fork("-Xmx24m", "heap", 0);
        Matcher m = Pattern.compile("maxMemory (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static Matcher run(String heap, String kind, int n) throws Exception {
        String out = fork(heap, kind, n);
        Matcher m = DONE.matcher(out);
        assertThat(m.find()).as("the flood ends normally in %s; it printed:%n%s", heap, out).isTrue();
        return m;
    }

    private static String fork(String heap, String kind, int n, String... more) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Flood.class.getName(), kind, Integer.toString(n)));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String s = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(s).isZero();
        return s;
    }
}
