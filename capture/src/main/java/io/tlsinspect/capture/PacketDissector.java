package io.tlsinspect.capture;

import io.tlsinspect.capture.ip.IpLayer;
import io.tlsinspect.capture.link.LinkLayer;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.LinkTypes;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.FlowTable;
import io.tlsinspect.capture.tcp.TcpSegment;
import java.util.Set;
import java.util.TreeSet;

/**
 * Link layer -> IP -> TCP -> flow table, in place, for one frame at a time. Every frame ends up in
 * exactly one counter of {@link CaptureStats}.
 */
public final class PacketDissector {
    private final FlowTable table;
    private final CaptureStats stats;
    private final TcpSegment seg = new TcpSegment();
    private final Set<Integer> unsupportedLinkTypes = new TreeSet<>();

    public PacketDissector(FlowTable table, CaptureStats stats) {
        this.table = table;
        this.stats = stats;
    }

    public void accept(Frame f) {
        stats.packets++;
        stats.bytes += f.origLen;
        if (f.capLen < f.origLen) {
            stats.truncatedPackets++;
        }
        long loc = LinkLayer.locateIp(f.linkType, f.buf, f.off, f.capLen);
        if (loc < 0) {
            if (loc == LinkLayer.UNSUPPORTED_LINK) {
                stats.unsupportedLinkPackets++;
                unsupportedLinkTypes.add(f.linkType);
            } else if (loc == LinkLayer.NOT_IP) {
                stats.nonIpPackets++;
            } else {
                stats.malformedPackets++;
            }
            return;
        }
        int ipOff = (int) loc;
        int version = (int) (loc >>> 32);
        int r = IpLayer.decode(version, f.buf, f.off + ipOff, f.capLen - ipOff, seg);
        switch (r) {
            case IpLayer.TCP -> {
                seg.tsNanos = f.tsNanos;
                seg.source = f.source;
                table.segment(seg);
            }
            case IpLayer.NOT_TCP -> stats.nonTcpPackets++;
            case IpLayer.FRAGMENT -> stats.ipFragments++;
            default -> stats.malformedPackets++;
        }
    }

    /** Link types met that this tool cannot decode (their packets were counted and skipped). */
    public Set<String> unsupportedLinkTypes() {
        Set<String> s = new TreeSet<>();
        for (int lt : unsupportedLinkTypes) {
            s.add(LinkTypes.name(lt) + " (" + lt + ")");
        }
        return s;
    }

    public FlowTable table() {
        return table;
    }
}
