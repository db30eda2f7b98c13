package io.tlsinspect.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.file.CaptureFileReader;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.testkit.RepoFiles;
import java.io.EOFException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * The default filter keeps exactly the monitored ports (TCP, and UDP for QUIC) and ICMP unreachables, in a
 * form libpcap accepts: checked by libpcap itself on real recordings whose every packet is on port 443 or
 * an ICMP port unreachable for it (as `tcpdump -r F -n` and the manifests show).
 */
class BpfFiltersTest {
    private static final String UNREACH = "(icmp[icmptype] == icmp-unreach) or (icmp6 and ip6[40] == 1)";

    @Test
    void onePortIsTcpOrUdpOnThatPortOrAnUnreachable() {
        assertThat(BpfFilters.forPorts(Set.of(443))).isEqualTo("((tcp or udp) and port 443) or " + UNREACH);
    }

    @Test
    void severalPortsAreOredInAStableOrder() {
        Set<Integer> ports = new LinkedHashSet<>(List.of(8443, 443));
        assertThat(BpfFilters.forPorts(ports))
                .isEqualTo("((tcp or udp) and (port 443 or port 8443)) or " + UNREACH);
    }

    @Test
    void allPortsIsEveryTcpPacketAndQuicOn443() {
        assertThat(BpfFilters.forPorts(Set.of())).isEqualTo("tcp or (udp and port 443) or " + UNREACH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quic/h3-fallback.pcap", "quic/ngtcp2.pcap", "quic/chromium.pcap", "basic.pcap"})
    void libpcapKeepsEveryPacketOfARecordingOnPort443(String sample) throws Exception {
        Path file = RepoFiles.samplesDir().resolve(sample);
        assertThat(kept(file, BpfFilters.forPorts(Set.of(443)))).isEqualTo(frames(file)).isPositive();
        assertThat(kept(file, BpfFilters.forPorts(Set.of()))).isEqualTo(frames(file));
    }

    @Test
    void libpcapDropsTheSamePacketsForAnotherPortButTheUnreachables() throws Exception {
        // basic.pcap is TCP on 443 only; h3-fallback.pcap has ICMP port unreachables for its QUIC attempt
        assertThat(kept(RepoFiles.samplesDir().resolve("basic.pcap"), BpfFilters.forPorts(Set.of(8443)))).isZero();
        long unreachables = kept(RepoFiles.samplesDir().resolve("quic/h3-fallback.pcap"), "icmp or icmp6");
        assertThat(unreachables).isPositive();
        assertThat(kept(RepoFiles.samplesDir().resolve("quic/h3-fallback.pcap"), BpfFilters.forPorts(Set.of(8443))))
                .isEqualTo(unreachables);
    }

    private static long frames(Path file) throws Exception {
        long n = 0;
        try (CaptureFileReader r = CaptureFileReader.open(file.toString())) {
            Frame f = new Frame();
            while (r.next(f)) {
                n++;
            }
        }
        return n;
    }

    /** Packets libpcap keeps from {@code file} through {@code filter}. */
    private static long kept(Path file, String filter) throws Exception {
        PcapLibrary.ensureLoadable();
        PcapHandle h = Pcaps.openOffline(file.toString());
        try {
            h.setFilter(filter, BpfCompileMode.OPTIMIZE);
            long n = 0;
            while (true) {
                try {
                    h.getNextRawPacketEx();
                    n++;
                } catch (EOFException e) {
                    return n;
                }
            }
        } finally {
            h.close();
        }
    }
}
