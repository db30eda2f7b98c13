package io.tlsinspect.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The default filter keeps exactly the monitored ports, in a form libpcap accepts. */
class BpfFiltersTest {
    @Test
    void onePortIsTcpPort() {
        assertThat(BpfFilters.forPorts(Set.of(443))).isEqualTo("tcp port 443");
    }

    @Test
    void severalPortsAreOredInsideTcpInAStableOrder() {
        Set<Integer> ports = new LinkedHashSet<>(List.of(8443, 443));
        assertThat(BpfFilters.forPorts(ports)).isEqualTo("tcp and (port 443 or port 8443)");
    }

    @Test
    void allPortsIsEveryTcpPacket() {
        assertThat(BpfFilters.forPorts(Set.of())).isEqualTo("tcp");
    }
}
