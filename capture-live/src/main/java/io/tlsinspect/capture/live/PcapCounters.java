package io.tlsinspect.capture.live;

/**
 * libpcap's own counters for a live handle ({@code pcap_stats}), since it was opened.
 *
 * @param received packets that passed the filter (Linux: seen by the kernel socket)
 * @param dropped dropped by the kernel because the ring was full: the capture did not keep up
 * @param interfaceDropped dropped by the interface or driver before the kernel saw them
 */
public record PcapCounters(long received, long dropped, long interfaceDropped) {
    public static final PcapCounters NONE = new PcapCounters(0, 0, 0);
}
