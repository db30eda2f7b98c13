package io.tlsinspect.capture;

import io.tlsinspect.capture.ip.IpLayer;
import io.tlsinspect.capture.link.LinkLayer;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.LinkTypes;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.SegmentSink;
import io.tlsinspect.capture.tcp.TcpSegment;
import java.util.Set;
import java.util.TreeSet;

/**
 * Link layer -> IP -> TCP (and UDP, and ICMP port unreachable for UDP: issue 11, QUIC), in place, for one frame at a time; each TCP segment goes to a
 * {@link SegmentSink} (a flow table, or the dispatcher that feeds flow tables in worker threads).
 * Every frame ends up in exactly one counter of {@link CaptureStats}: the packet-level ones here, the
 * rest where the sink counts its segments.
 */
public final class PacketDissector {
    private final SegmentSink sink;
    private final CaptureStats stats;
    private final TcpSegment seg = new TcpSegment();
    private final Set<Integer> unsupportedLinkTypes = new TreeSet<>();
    private long frameNo;

    public PacketDissector(SegmentSink sink, CaptureStats stats) {
        this.sink = sink;
        this.stats = stats;
    }

    public void accept(Frame f) {
        frameNo++;
        CaptureStats ps = stats;
        ps.packets++;
        ps.bytes += f.origLen;
        if (f.capLen < f.origLen) {
            ps.truncatedPackets++;
        }
        if (f.timeOutlier) {
            ps.timeOutliers++;
        }
        long loc = LinkLayer.locateIp(f.linkType, f.buf, f.off, f.capLen);
        if (loc < 0) {
            if (loc == LinkLayer.UNSUPPORTED_LINK) {
                ps.unsupportedLinkPackets++;
                unsupportedLinkTypes.add(f.linkType);
            } else if (loc == LinkLayer.NOT_IP) {
                ps.nonIpPackets++;
            } else {
                ps.malformedPackets++;
            }
            return;
        }
        int ipOff = (int) loc;
        int version = (int) (loc >>> 32);
        int r = IpLayer.decode(version, f.buf, f.off + ipOff, f.capLen - ipOff, seg);
        switch (r) {
            case IpLayer.TCP, IpLayer.UDP, IpLayer.UDP_UNREACHABLE -> {
                seg.tsNanos = f.tsNanos;
                seg.source = f.source;
                seg.frameNo = frameNo;
                sink.segment(seg);
            }
            case IpLayer.NOT_TCP -> ps.nonTcpPackets++;
            case IpLayer.FRAGMENT -> ps.ipFragments++;
            default -> ps.malformedPackets++;
        }
    }

    /** Frames seen so far; the last one's number (frames are numbered from 1, as Wireshark does). */
    public long frames() {
        return frameNo;
    }

    /** Link types met that this tool cannot decode (their packets were counted and skipped). */
    public Set<String> unsupportedLinkTypes() {
        Set<String> s = new TreeSet<>();
        for (int lt : unsupportedLinkTypes) {
            s.add(LinkTypes.name(lt) + " (" + lt + ")");
        }
        return s;
    }
}
