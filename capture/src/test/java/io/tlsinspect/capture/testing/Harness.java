package io.tlsinspect.capture.testing;

import io.tlsinspect.capture.PacketDissector;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.LinkTypes;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.FlowTable;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A flow table on port 443 whose listeners record everything; feed it raw IP packets. */
public final class Harness {
    public final CaptureStats stats = new CaptureStats();
    /** In the order the table opened them: at each connection's first event, not at its first packet. */
    public final List<RecordingListener> listeners = new ArrayList<>();
    private final Map<Integer, RecordingListener> byClientPort = new HashMap<>();
    public final FlowTable table;
    private final PacketDissector dissector;
    private final Frame frame = new Frame();
    private long ts = 1_700_000_000_000_000_000L;

    public Harness() {
        this(FlowTableConfig.defaults(Set.of(443)));
    }

    public Harness(FlowTableConfig cfg) {
        table = new FlowTable(cfg, info -> {
            RecordingListener l = new RecordingListener();
            listeners.add(l);
            byClientPort.put(info.client().port(), l);
            return l;
        }, stats);
        dissector = new PacketDissector(table, stats);
    }

    public void packet(byte[] rawIp) {
        ts += 1_000_000;
        frame.set(LinkTypes.RAW, ts, rawIp, 0, rawIp.length, rawIp.length);
        dissector.accept(frame);
    }

    public void packetAt(long tsNanos, byte[] rawIp) {
        ts = tsNanos;
        frame.set(LinkTypes.RAW, ts, rawIp, 0, rawIp.length, rawIp.length);
        dissector.accept(frame);
    }

    /** The listener of the connection from this client port, or null while the table has not opened one. */
    public RecordingListener listenerOf(int clientPort) {
        return byClientPort.get(clientPort);
    }

    public void finish() {
        table.finish();
    }
}
