package io.tlsinspect.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** libpcap's error texts (as pcap4j passes them on) become one line that says what to do. */
class LiveErrorsTest {
    static final List<String> DEVS = List.of("eth0", "any", "lo");

    @Test
    void permissionNamesTheCapabilitiesAndBothFixes() {
        LiveCaptureException e = LiveErrors.open("eth0",
                "eth0: You don't have permission to perform this capture on that device"
                        + " (socket: Operation not permitted)", DEVS);
        assertThat(e.kind()).isEqualTo(LiveCaptureException.Kind.PERMISSION);
        assertThat(e.getMessage())
                .contains("CAP_NET_RAW").contains("CAP_NET_ADMIN").contains("sudo")
                .contains("setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))")
                .doesNotContain("\n");
    }

    @Test
    void unknownInterfaceListsTheAvailableOnes() {
        LiveCaptureException e = LiveErrors.open("eth9", "SIOCGIFHWADDR: No such device", DEVS);
        assertThat(e.kind()).isEqualTo(LiveCaptureException.Kind.NO_SUCH_INTERFACE);
        assertThat(e.getMessage()).isEqualTo("no interface 'eth9' (available: eth0, any, lo)");
    }

    @Test
    void badFilterKeepsLibpcapsSentenceWithoutPcap4jsDecorations() {
        LiveCaptureException e = LiveErrors.badFilter("tcp prot 443",
                "Error occurred in pcap_compile: can't parse filter expression: syntax error Error code: -1");
        assertThat(e.kind()).isEqualTo(LiveCaptureException.Kind.BAD_FILTER);
        assertThat(e.getMessage()).isEqualTo("bad filter 'tcp prot 443': can't parse filter expression: syntax error");
    }

    @Test
    void anythingElseSaysWhichInterfaceAndWhatLibpcapSaid() {
        LiveCaptureException e = LiveErrors.open("eth0", "eth0: That device is not up\n", DEVS);
        assertThat(e.kind()).isEqualTo(LiveCaptureException.Kind.CAPTURE_FAILED);
        assertThat(e.getMessage()).isEqualTo("cannot capture on eth0: eth0: That device is not up");
    }

    @Test
    void anEmptyReasonIsSaidSo() {
        assertThat(LiveErrors.clean(null)).isEqualTo("libpcap gave no reason");
    }
}
