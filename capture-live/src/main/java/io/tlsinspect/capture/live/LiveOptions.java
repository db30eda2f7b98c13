package io.tlsinspect.capture.live;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open an interface.
 *
 * @param iface device name as libpcap knows it ({@code eth0}, {@code any})
 * @param filter BPF expression, compiled by libpcap
 * @param snaplen bytes kept per packet; the default keeps whole packets, even GRO-merged ones, because
 *                a cut ClientHello is a gap the decoder cannot fill
 * @param promiscuous also see frames not addressed to this host (mirror ports, bridges)
 * @param bufferBytes kernel ring size: the slack that absorbs bursts while Java is busy
 * @param timeoutMillis longest wait for a packet, so stop requests and summaries are seen on quiet links
 * @param write where to keep the packets as pcap, or null
 */
public record LiveOptions(String iface, String filter, int snaplen, boolean promiscuous, int bufferBytes,
                          int timeoutMillis, Path write) {
    public static final int DEFAULT_SNAPLEN = 262_144;
    public static final int DEFAULT_BUFFER_MB = 32;
    public static final int DEFAULT_TIMEOUT_MILLIS = 100;

    public LiveOptions {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(filter, "filter");
        if (snaplen < 64 || bufferBytes < 1 || timeoutMillis < 1) {
            throw new IllegalArgumentException("snaplen >= 64, bufferBytes and timeoutMillis > 0");
        }
    }
}
