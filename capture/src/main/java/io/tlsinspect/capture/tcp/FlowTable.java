package io.tlsinspect.capture.tcp;

import io.tlsinspect.capture.stats.CaptureStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Tracks every TCP connection on the monitored ports and feeds its listener. Bounded (DESIGN §3): at
 * most {@code maxFlows} connections; idle ones end after the idle timeout, closed ones after a short
 * linger; when full, the least recently active one is evicted and counted. Time is capture time (the
 * packets' timestamps), so reading a file gives the same answer however fast it is read.
 *
 * <p>Issue 11 (QUIC): UDP datagrams on the monitored ports make UDP flows in the same table, under the
 * same cap and idle timeout (one client address/port to one server address/port); each datagram goes
 * to the listener whole, and an ICMP port unreachable quoting one goes to its flow.
 */
public final class FlowTable implements SegmentSink {
    private final FlowTableConfig cfg;
    private final ConnectionListenerFactory factory;
    private final CaptureStats stats;
    private final FlowMap flows = new FlowMap();
    private final FlowKey probe = new FlowKey();
    private final EndpointCache endpoints = new EndpointCache();
    private final FlowList open = new FlowList();
    private final FlowList closing = new FlowList();
    /** Every flow in the table in order of creation, so of id: the head is the oldest. */
    private Flow oldest;
    private Flow newest;
    private final long idleNanos;
    private final long lingerNanos;
    private final List<String> sources = new ArrayList<>();
    private long nextId = 1;
    private long now;
    private final MonitoredPorts serverPorts;

    public FlowTable(FlowTableConfig cfg, ConnectionListenerFactory factory, CaptureStats stats) {
        this.cfg = cfg;
        this.factory = factory;
        this.stats = stats;
        this.idleNanos = cfg.idleTimeout().toNanos();
        this.lingerNanos = cfg.closeLinger().toNanos();
        this.serverPorts = new MonitoredPorts(cfg.serverPorts());
    }

    /** Names the inputs that {@link TcpSegment#source} indexes, for {@link ConnectionInfo#source()}. */
    public void setSources(List<String> names) {
        sources.clear();
        sources.addAll(names);
    }

    public FlowTableConfig config() {
        return cfg;
    }

    public int size() {
        return flows.size();
    }

    /**
     * Id of the oldest connection still in the table (ids are first-frame numbers), or
     * {@link Long#MAX_VALUE} when it is empty: every connection this table has yet to end has an id
     * at least this large, or is not seen yet.
     */
    public long oldestId() {
        return oldest == null ? Long.MAX_VALUE : oldest.id();
    }

    /** One TCP segment, in capture order. */
    @Override
    public void segment(TcpSegment s) {
        if (!serverPorts.matches(s)) {
            if (s.isTcp()) {
                stats.otherPortPackets++;
            } else {
                stats.nonTcpPackets++;
            }
            return;
        }
        track(s, s.flowHash());
    }

    /**
     * One segment, in capture order, that a dispatcher has already matched against the same monitored
     * ports ({@link MonitoredPorts#matches}) and hashed ({@link TcpSegment#flowHash}) to choose this
     * table's worker: neither is done again.
     */
    public void dispatched(TcpSegment s, int flowHash) {
        track(s, flowHash);
    }

    private void track(TcpSegment s, int flowHash) {
        if (s.tsNanos > now) {
            now = s.tsNanos;
            expire();
        }
        if (!s.isTcp()) {
            datagram(s, flowHash);
            return;
        }
        stats.tcpPackets++;
        boolean srcIsA = probe.load(s, flowHash);
        Flow f = flows.get(probe);
        boolean pureSyn = s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK);
        if (f != null && pureSyn && isNewConnection(f, s)) {
            end(f, f.closing ? EndReason.CLOSED : EndReason.PORT_REUSE);
            f = null;
        }
        if (f == null) {
            f = create(s, srcIsA);
        }
        touch(f);
        Direction d = (srcIsA == f.clientIsA) ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        handle(f, d, s);
    }

    /** Issue 11: a UDP datagram, or an ICMP port unreachable for one (to its flow, if there is one). */
    private void datagram(TcpSegment s, int flowHash) {
        boolean srcIsA = probe.load(s, flowHash);
        Flow f = flows.get(probe);
        if (s.kind == TcpSegment.KIND_UDP_UNREACHABLE) {
            stats.udpUnreachable++;
            if (f != null) {
                f.unreachable(s.tsNanos);
            }
            return;
        }
        stats.udpPackets++;
        if (f == null) {
            f = create(s, srcIsA);
        }
        touch(f);
        Direction d = (srcIsA == f.clientIsA) ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        f.count(d, s.payloadWireLen, s.tsNanos);
        f.datagram(d, s.tsNanos, s.buf, s.payloadOff, s.payloadLen);
    }

    /** A SYN on a known 4-tuple starts a new connection unless it retransmits the first SYN. */
    private static boolean isNewConnection(Flow f, TcpSegment s) {
        if (f.closing) {
            return true;
        }
        return !(f.synSeen && s.seq == f.clientIsn) && (f.synSeen || f.packets(Direction.SERVER_TO_CLIENT) > 0
                || f.packets(Direction.CLIENT_TO_SERVER) > 0);
    }

    private Flow create(TcpSegment s, boolean srcIsA) {
        if (flows.size() >= cfg.maxFlows()) {
            evictOne();
        }
        boolean syn = s.has(TcpSegment.SYN);
        boolean ack = s.has(TcpSegment.ACK);
        boolean srcIsClient;
        boolean udp = !s.isTcp();
        if (udp) {
            // The datagram to the monitored port comes from the client; with both ports monitored,
            // the first sender is (a QUIC client speaks first: RFC 9000 §7).
            srcIsClient = cfg.serverPorts().isEmpty()
                    ? s.dstPort == MonitoredPorts.QUIC_PORT || s.srcPort != MonitoredPorts.QUIC_PORT
                    : serverPorts.isServerPort(s.dstPort) || !serverPorts.isServerPort(s.srcPort);
        } else if (syn && !ack) {
            srcIsClient = true;
        } else if (syn) {
            srcIsClient = false;
        } else if (cfg.serverPorts().contains(s.dstPort) != cfg.serverPorts().contains(s.srcPort)) {
            srcIsClient = cfg.serverPorts().contains(s.dstPort);
        } else {
            srcIsClient = s.srcPort > s.dstPort; // no better clue: the ephemeral port is usually higher
        }
        String source = s.source < sources.size() ? sources.get(s.source) : "";
        // The id is the number of the connection's first frame when known: unique even when several
        // workers split the connections of one input, and what Wireshark calls that frame.
        long id = s.frameNo > 0 ? s.frameNo : nextId++;
        Flow f = new Flow(probe, id, srcIsClient == srcIsA, !udp && !syn, s.tsNanos, source, cfg.streamCap(), stats,
                udp, endpoints);
        flows.add(f);
        open.addLast(f);
        f.older = newest;
        if (newest == null) {
            oldest = f;
        } else {
            newest.newer = f;
        }
        newest = f;
        stats.connections++;
        f.attach(factory); // opened at the flow's first event: a SYN-only flow stays compact
        return f;
    }

    private void handle(Flow f, Direction d, TcpSegment s) {
        f.count(d, s.payloadWireLen, s.tsNanos);
        StreamReassembler mine = f.stream(d);
        StreamReassembler theirs = f.stream(d.reverse());
        if (s.has(TcpSegment.SYN)) {
            if (d == Direction.CLIENT_TO_SERVER && !s.has(TcpSegment.ACK)) {
                if (!f.synSeen) {
                    f.clientIsn = s.seq;
                }
                f.synSeen = true;
                f.synCount++;
                mine.startAfterSyn(s.seq);
            } else if (d == Direction.SERVER_TO_CLIENT && s.has(TcpSegment.ACK)) {
                f.synAckSeen = true;
                mine.startAfterSyn(s.seq);
            }
            if (s.payloadWireLen == 0) {
                if (s.has(TcpSegment.ACK)) {
                    theirs.peerAck(f, d.reverse(), s.ack, s.tsNanos);
                }
                return;
            }
        }
        if (s.has(TcpSegment.RST)) {
            f.markRst(d, s.tsNanos);
            close(f);
            return;
        }
        if (s.payloadWireLen > 0 || s.has(TcpSegment.FIN)) {
            mine.segment(f, d, s);
        } else if (!mine.started()) {
            mine.startAt(s.seq); // a pure ACK's sequence number is the next byte this side will send
        }
        if (s.has(TcpSegment.ACK)) {
            theirs.peerAck(f, d.reverse(), s.ack, s.tsNanos);
        }
        if (s.has(TcpSegment.FIN)) {
            f.markFin(d, s.tsNanos);
            if (f.bothFins()) {
                close(f);
            }
        }
    }

    private void close(Flow f) {
        if (!f.closing) {
            f.closing = true;
            open.remove(f);
            closing.addLast(f);
            f.inClosingList = true;
        }
    }

    private void touch(Flow f) {
        FlowList l = f.inClosingList ? closing : open;
        if (l.tail == f) {
            return; // already last (a burst of one connection's segments): moving it would change nothing
        }
        l.remove(f);
        l.addLast(f);
    }

    /** Ends flows whose time is up. Both lists are in last-activity order, so only heads are checked. */
    private void expire() {
        Flow f;
        while ((f = closing.head) != null && now - f.lastTs > lingerNanos) {
            end(f, EndReason.CLOSED);
        }
        while ((f = open.head) != null && now - f.lastTs > idleNanos) {
            stats.flowsIdleTimeout++;
            end(f, EndReason.IDLE_TIMEOUT);
        }
    }

    private void evictOne() {
        if (closing.head != null) {
            end(closing.head, EndReason.CLOSED);
        } else if (open.head != null) {
            stats.flowsEvicted++;
            end(open.head, EndReason.EVICTED);
        }
    }

    private void end(Flow f, EndReason reason) {
        (f.inClosingList ? closing : open).remove(f);
        flows.remove(f);
        if (f.older == null) {
            oldest = f.newer;
        } else {
            f.older.newer = f.newer;
        }
        if (f.newer == null) {
            newest = f.older;
        } else {
            f.newer.older = f.older;
        }
        f.older = null;
        f.newer = null;
        f.close(reason, Math.max(f.lastTs, reason == EndReason.IDLE_TIMEOUT ? f.lastTs + idleNanos : f.lastTs));
    }

    /** Lets capture time move on without a packet (live capture on a quiet interface). */
    public void advanceTime(long tsNanos) {
        if (tsNanos > now) {
            now = tsNanos;
            expire();
        }
    }

    /** The input ended: closed connections end as closed, the rest as END_OF_CAPTURE. */
    public void finish() {
        while (closing.head != null) {
            end(closing.head, EndReason.CLOSED);
        }
        while (open.head != null) {
            end(open.head, EndReason.END_OF_CAPTURE);
        }
    }

    /** A minimal intrusive doubly-linked list of flows in last-activity order. */
    private static final class FlowList {
        Flow head;
        Flow tail;

        void addLast(Flow f) {
            f.prev = tail;
            f.next = null;
            if (tail == null) {
                head = f;
            } else {
                tail.next = f;
            }
            tail = f;
        }

        void remove(Flow f) {
            if (f.prev == null) {
                if (head == f) {
                    head = f.next;
                }
            } else {
                f.prev.next = f.next;
            }
            if (f.next == null) {
                if (tail == f) {
                    tail = f.prev;
                }
            } else {
                f.next.prev = f.prev;
            }
            f.prev = null;
            f.next = null;
        }
    }
}
