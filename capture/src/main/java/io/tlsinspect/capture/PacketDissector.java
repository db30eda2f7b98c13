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
    private final int shard;
    private final int shards;
    private final CaptureStats packetStats;
    private long frameNo;

    public PacketDissector(FlowTable table, CaptureStats stats) {
        this(table, stats, 0, 1);
    }

    /**
     * A dissector that handles only the connections of shard {@code shard} of {@code shards}: several
     * of them, each in its own thread over the same input, split the work without sharing state.
     * Packet-level counters are kept by shard 0 only, so the shards' stats add up.
     */
    public PacketDissector(FlowTable table, CaptureStats stats, int shard, int shards) {
        this.table = table;
        this.stats = stats;
        this.shard = shard;
        this.shards = shards;
        this.packetStats = shard == 0 ? stats : new CaptureStats();
    }

    public void accept(Frame f) {
        frameNo++;
        CaptureStats ps = packetStats;
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
            case IpLayer.TCP -> {
                seg.tsNanos = f.tsNanos;
                seg.source = f.source;
                seg.frameNo = frameNo;
                if (shards == 1 || Math.floorMod(seg.symmetricHash(), shards) == shard) {
                    table.segment(seg);
                } else {
                    table.advanceTime(f.tsNanos); // every shard's clock follows every packet
                }
            }
            case IpLayer.NOT_TCP -> ps.nonTcpPackets++;
            case IpLayer.FRAGMENT -> ps.ipFragments++;
            default -> ps.malformedPackets++;
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
