package io.tlsinspect.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsinspect.cli.options.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;

/** The capture command line, checked before libpcap is touched (no root, no network needed). */
class CaptureCommandTest {
    static io.tlsinspect.cli.live.CaptureSettings settings(String... args) throws Exception {
        return io.tlsinspect.cli.live.CaptureSettings.from(new DefaultParser().parse(CaptureCommand.options(), args));
    }

    @Test
    void defaultsFilterOnPort443AndRunUntilStopped() throws Exception {
        io.tlsinspect.cli.live.CaptureSettings s = settings("-i", "eth0");
        assertThat(s.live().iface()).isEqualTo("eth0");
        assertThat(s.live().filter()).isEqualTo(
                "((tcp or udp) and port 443) or (icmp[icmptype] == icmp-unreach) or (icmp6 and ip6[40] == 1)");
        assertThat(s.live().promiscuous()).isTrue();
        assertThat(s.count()).isZero();
        assertThat(s.duration()).isNull();
        assertThat(s.reportEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.live().write()).isNull();
    }

    @Test
    void portsMakeTheFilterUnlessOneIsGiven() throws Exception {
        assertThat(settings("-i", "any", "-p", "443", "--port", "8443").live().filter())
                .isEqualTo("((tcp or udp) and (port 443 or port 8443)) or (icmp[icmptype] == icmp-unreach)"
                        + " or (icmp6 and ip6[40] == 1)");
        assertThat(settings("-i", "any", "--filter", "tcp port 443 and host 198.51.100.7").live().filter())
                .isEqualTo("tcp port 443 and host 198.51.100.7");
    }

    @Test
    void limitsAndSizesAreParsed() throws Exception {
        io.tlsinspect.cli.live.CaptureSettings s = settings("-i", "eth0", "--duration", "5m", "--count", "1000",
                "--buffer-size", "64", "--snaplen", "2000", "--report-every", "0");
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.live().bufferBytes()).isEqualTo(64 << 20);
        assertThat(s.live().snaplen()).isEqualTo(2000);
        assertThat(s.reportEvery()).isZero();
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThatThrownBy(() -> settings()).isInstanceOf(UsageException.class).hasMessageContaining("-i IFACE");
        assertThatThrownBy(() -> settings("-i", "eth0", "--duration", "0"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--duration");
        assertThatThrownBy(() -> settings("-i", "eth0", "--duration", "soon"))
                .isInstanceOf(UsageException.class).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> settings("-i", "eth0", "--count", "-3"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--count");
        assertThatThrownBy(() -> settings("-i", "eth0", "--snaplen", "20"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--snaplen");
        assertThatThrownBy(() -> settings("-i", "eth0", "--write", "/no/such/dir/x.pcap"))
                .isInstanceOf(UsageException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> settings("-i", "eth0", "tcp", "port", "443"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--filter");
        assertThatThrownBy(() -> settings("-i", "eth0", "--filter", " "))
                .isInstanceOf(UsageException.class).hasMessageContaining("--filter");
    }

    @Test
    void helpNeedsNoInterfaceAndNoLibpcap() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new CaptureCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .run(new String[] {"--help"});
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--report-every").contains("CAP_NET_RAW");
    }

    @Test
    void rotatedReportsAreNamedAfterTheirUtcTimeToTheMillisecondAndTheirNumber() {
        java.time.Instant at = java.time.Instant.parse("2026-11-26T13:05:00.250Z");
        org.assertj.core.api.Assertions.assertThat(io.tlsinspect.cli.live.ReportRotation.sliceName("/var/r/report.json", at, 3))
                .isEqualTo("/var/r/report-20261126T130500.250Z-3.json");
        org.assertj.core.api.Assertions.assertThat(io.tlsinspect.cli.live.ReportRotation.sliceName("/var/r.d/report", at, 1))
                .isEqualTo("/var/r.d/report-20261126T130500.250Z-1");
    }

    @Test
    void slicesWrittenInTheSameMillisecondStillGetTheirOwnNames() {
        // Issue 10: names to the second let the last slice overwrite the one before it.
        java.time.Instant at = java.time.Instant.parse("2026-11-26T13:05:00Z");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 1; i <= 50; i++) {
            names.add(io.tlsinspect.cli.live.ReportRotation.sliceName("r.json", at, i));
        }
        assertThat(names).hasSize(50);
    }
}
