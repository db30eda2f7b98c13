package io.tlsinspect.capture.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link FlowTableConfig#share}: the workers' flow tables together hold at least {@code maxFlows}. */
class FlowTableConfigShareTest {
    private static FlowTableConfig max(int maxFlows) {
        return new FlowTableConfig(Set.of(443), maxFlows, Duration.ofSeconds(120), Duration.ofSeconds(5), 65_536);
    }

    @Test
    void dividesRoundingUp() {
        assertThat(max(10).share(3).maxFlows()).isEqualTo(4);
        assertThat(max(9).share(3).maxFlows()).isEqualTo(3);
        assertThat(max(1).share(4).maxFlows()).isEqualTo(1);
        assertThat(max(10).share(0).maxFlows()).isEqualTo(10);
    }

    @Test
    void aHugeLimitStaysHugeForEveryWorkerCount() {
        // (MAX_VALUE + 2) / 3 in int arithmetic is negative: each table got one flow
        for (int n = 1; n <= 8; n++) {
            assertThat((long) max(Integer.MAX_VALUE).share(n).maxFlows() * n).as("%d workers", n)
                    .isGreaterThanOrEqualTo(Integer.MAX_VALUE);
        }
    }

    @Test
    void keepsTheOtherSettings() {
        FlowTableConfig s = max(100).share(2);
        assertThat(s.serverPorts()).containsExactly(443);
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.closeLinger()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.streamCap()).isEqualTo(65_536);
    }
}
