package io.tlsinspect.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory really running out, in a child JVM with a 16 MB heap (the serial collector gives up sooner than G1): wherever the OutOfMemoryError strikes
 * (a worker, the reader, the merger), the run ends and the caller gets it. Before the pipeline this
 * hung (issue 9: the main thread waited forever on a dead worker).
 */
class SmallHeapTest {
    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 3})
    void runningOutOfMemoryEndsTheRunWithOutOfMemoryError(int workers) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-Xmx16m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                SmallHeapChild.class.getName(), Integer.toString(workers)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("the child ended instead of hanging").isTrue();
        assertThat(p.exitValue()).as("exit 0: the OutOfMemoryError reached the caller").isZero();
    }
}
