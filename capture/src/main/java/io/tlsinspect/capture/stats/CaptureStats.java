package io.tlsinspect.capture.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every packet the capture layer saw, and every one it could not use, by reason (DESIGN §3: never drop
 * silently). One instance per pipeline; not thread-safe; {@link #add} merges another pipeline's counts.
 */
public final class CaptureStats {
    public long packets;
    public long bytes;
    public long tcpPackets;
    /** Issue 11: UDP datagrams on the monitored ports (QUIC). */
    public long udpPackets;
    /** Issue 11: ICMP/ICMPv6 port unreachable quoting a UDP datagram to a monitored port. */
    public long udpUnreachable;
    /** TCP packets on ports that are not monitored (UDP and ICMP on other ports count as non-TCP). */
    public long otherPortPackets;
    public long nonIpPackets;
    public long nonTcpPackets;
    public long unsupportedLinkPackets;
    public long ipFragments;
    /** Packets cut by the snapshot length (captured length below wire length). */
    public long truncatedPackets;
    /** Packets whose headers are inconsistent or cut inside the IP/TCP header. */
    public long malformedPackets;
    /** Packets the file dated far from the packets around them, read with the time of the one before. */
    public long timeOutliers;
    public long connections;
    public long gaps;
    public long gapBytes;
    public long outOfOrderSegments;
    public long retransmittedSegments;
    /** Segments whose bytes were dropped because a direction's buffer was full. */
    public long bufferCapDrops;
    public long flowsEvicted;
    public long flowsIdleTimeout;
    /** Connections whose analysis was given up because the listener failed (a bug, counted). */
    public long listenerErrors;
    /** Packets from the kernel/interface that libpcap reports as dropped (live capture only). */
    public long kernelDrops;
    public long interfaceDrops;
    /**
     * Segments the live capture thread dropped because a decoder worker's bounded queue was full (it
     * never waits on decoding); 0 for files, whose reader waits instead.
     */
    public long queueDrops;
    /** Packets libpcap had received before a live capture was stopped but that were not read in the drain time. */
    public long unreadAtStop;

    public void add(CaptureStats o) {
        packets += o.packets;
        bytes += o.bytes;
        tcpPackets += o.tcpPackets;
        udpPackets += o.udpPackets;
        udpUnreachable += o.udpUnreachable;
        otherPortPackets += o.otherPortPackets;
        nonIpPackets += o.nonIpPackets;
        nonTcpPackets += o.nonTcpPackets;
        unsupportedLinkPackets += o.unsupportedLinkPackets;
        ipFragments += o.ipFragments;
        truncatedPackets += o.truncatedPackets;
        malformedPackets += o.malformedPackets;
        timeOutliers += o.timeOutliers;
        connections += o.connections;
        gaps += o.gaps;
        gapBytes += o.gapBytes;
        outOfOrderSegments += o.outOfOrderSegments;
        retransmittedSegments += o.retransmittedSegments;
        bufferCapDrops += o.bufferCapDrops;
        flowsEvicted += o.flowsEvicted;
        flowsIdleTimeout += o.flowsIdleTimeout;
        listenerErrors += o.listenerErrors;
        kernelDrops += o.kernelDrops;
        interfaceDrops += o.interfaceDrops;
        queueDrops += o.queueDrops;
        unreadAtStop += o.unreadAtStop;
    }

    /** snake_case keys, in the order they appear in reports. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("packets", packets);
        m.put("bytes", bytes);
        m.put("tcp_packets", tcpPackets);
        m.put("udp_packets", udpPackets);
        m.put("udp_unreachable", udpUnreachable);
        m.put("other_port_packets", otherPortPackets);
        m.put("non_ip_packets", nonIpPackets);
        m.put("non_tcp_packets", nonTcpPackets);
        m.put("unsupported_link_packets", unsupportedLinkPackets);
        m.put("ip_fragments", ipFragments);
        m.put("truncated_packets", truncatedPackets);
        m.put("malformed_packets", malformedPackets);
        m.put("time_outliers", timeOutliers);
        m.put("connections", connections);
        m.put("gaps", gaps);
        m.put("gap_bytes", gapBytes);
        m.put("out_of_order_segments", outOfOrderSegments);
        m.put("retransmitted_segments", retransmittedSegments);
        m.put("buffer_cap_drops", bufferCapDrops);
        m.put("flows_evicted", flowsEvicted);
        m.put("flows_idle_timeout", flowsIdleTimeout);
        m.put("listener_errors", listenerErrors);
        m.put("kernel_drops", kernelDrops);
        m.put("interface_drops", interfaceDrops);
        m.put("queue_drops", queueDrops);
        m.put("unread_at_stop", unreadAtStop);
        return m;
    }
}
