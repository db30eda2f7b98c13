package io.tlsinspect.cli.run;

import io.tlsinspect.capture.InputTally;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Run by {@link SmallHeapTest} in a JVM with a small heap: an endless SYN flood whose connections are
 * all kept (no eviction, an hour of idle timeout) until memory runs out somewhere in the pipeline.
 * Exit 0: the OutOfMemoryError reached this caller; 2: another failure; 3: the run "finished".
 */
public final class SmallHeapChild {
    private SmallHeapChild() {
    }

    public static void main(String[] args) {
        FlowTableConfig cfg = new FlowTableConfig(Set.of(443), Integer.MAX_VALUE, Duration.ofHours(1),
                FlowTableConfig.DEFAULT_LINGER, FlowTableConfig.DEFAULT_STREAM_CAP);
        int code;
        try (Pipeline p = new Pipeline(cfg, List.of("syns"), Integer.parseInt(args[0]), Pipeline.Overflow.BLOCK,
                r -> { })) {
            p.read(new SynSource(-1, -1, 1_000), List.of(new InputTally("syns")), () -> false, null);
            code = 3;
        } catch (OutOfMemoryError e) {
            code = 0;
        } catch (Throwable t) {
            code = 2;
        }
        System.exit(code);
    }
}
