package io.tlsinspect.capture.tcp;

import io.tlsinspect.capture.stats.CaptureStats;

/**
 * One TCP connection in the flow table: its facts, its two reassemblers and its listener. Also a node
 * of the table's intrusive LRU lists, so that touching and expiring flows is O(1) without allocation.
 */
final class Flow implements ConnectionInfo {
    final FlowKey key;
    private final long id;
    private final Endpoint client;
    private final Endpoint server;
    /** True when the client is endpoint "a" of the normalised key. */
    final boolean clientIsA;
    private final boolean midStream;
    private final String source;
    /** Issue 11: a UDP flow; it has no streams (datagrams go to the listener whole). */
    private final boolean udp;
    private final CaptureStats stats;
    final StreamReassembler[] streams = new StreamReassembler[2];
    private ConnectionListener listener;

    boolean synSeen;
    boolean synAckSeen;
    int synCount;
    int clientIsn;
    private final long firstTs;
    long lastTs;
    private final long[] packets = new long[2];
    private final long[] bytes = new long[2];
    private final long[] finTs = new long[2];
    private final long[] rstTs = new long[2];
    /** RST seen, or FIN both ways: waiting out the linger time. */
    boolean closing;

    // Intrusive doubly-linked list membership (FlowTable's open or closing list).
    Flow prev;
    Flow next;
    boolean inClosingList;
    // And of FlowTable's list of every flow in order of creation (for its oldest id).
    Flow older;
    Flow newer;

    Flow(FlowKey key, long id, Endpoint client, Endpoint server, boolean clientIsA, boolean midStream,
         long ts, String source, int streamCap, CaptureStats stats, boolean udp) {
        this.key = key;
        this.id = id;
        this.client = client;
        this.server = server;
        this.clientIsA = clientIsA;
        this.midStream = midStream;
        this.firstTs = ts;
        this.lastTs = ts;
        this.source = source;
        this.stats = stats;
        this.udp = udp;
        if (!udp) {
            streams[0] = new StreamReassembler(this, Direction.CLIENT_TO_SERVER, streamCap, stats);
            streams[1] = new StreamReassembler(this, Direction.SERVER_TO_CLIENT, streamCap, stats);
        }
    }

    void attach(ConnectionListener l) {
        this.listener = l;
    }

    void count(Direction d, int payloadWireLen, long ts) {
        packets[d.ordinal()]++;
        bytes[d.ordinal()] += payloadWireLen;
        if (ts > lastTs) {
            lastTs = ts;
        }
    }

    void markFin(Direction d, long ts) {
        if (finTs[d.ordinal()] == 0) {
            finTs[d.ordinal()] = ts;
        }
    }

    void markRst(Direction d, long ts) {
        if (rstTs[d.ordinal()] == 0) {
            rstTs[d.ordinal()] = ts;
            safely(() -> listener.onRst(d, ts));
        }
    }

    boolean bothFins() {
        return finTs[0] != 0 && finTs[1] != 0;
    }

    // --- callbacks from the reassemblers, guarded so a listener bug cannot stop the capture ---

    boolean deliver(Direction d, long ts, long at, byte[] b, int off, int len) {
        try {
            return listener.onData(d, ts, at, b, off, len);
        } catch (RuntimeException e) {
            listenerFailed();
            return false;
        }
    }

    void gap(Direction d, long ts, long at, long len) {
        safely(() -> listener.onGap(d, ts, at, len));
    }

    void fin(Direction d, long ts) {
        safely(() -> listener.onFin(d, ts));
    }

    void datagram(Direction d, long ts, byte[] b, int off, int len) {
        safely(() -> listener.onDatagram(d, ts, b, off, len));
    }

    void unreachable(long ts) {
        safely(() -> listener.onUnreachable(ts));
    }

    void close(EndReason reason, long ts) {
        if (!udp) {
            streams[0].flush(ts);
            streams[1].flush(ts);
        }
        safely(() -> listener.onClose(this, reason, ts));
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            listenerFailed();
        }
    }

    private void listenerFailed() {
        stats.listenerErrors++;
        listener = NoopListener.INSTANCE;
    }

    /** Replaces a listener that threw: the connection is still counted, its analysis is given up. */
    private enum NoopListener implements ConnectionListener {
        INSTANCE;

        @Override
        public boolean onData(Direction dir, long tsNanos, long streamOffset, byte[] buf, int off, int len) {
            return false;
        }

        @Override
        public void onClose(ConnectionInfo info, EndReason reason, long tsNanos) {
        }
    }

    // --- ConnectionInfo ---

    @Override public long id() { return id; }
    @Override public Endpoint client() { return client; }
    @Override public Endpoint server() { return server; }
    @Override public boolean midStream() { return midStream; }
    @Override public boolean synSeen() { return synSeen; }
    @Override public boolean synAckSeen() { return synAckSeen; }
    @Override public int synCount() { return synCount; }
    @Override public long firstTsNanos() { return firstTs; }
    @Override public long lastTsNanos() { return lastTs; }
    @Override public long packets(Direction dir) { return packets[dir.ordinal()]; }
    @Override public long payloadBytes(Direction dir) { return bytes[dir.ordinal()]; }
    @Override public long finTsNanos(Direction dir) { return finTs[dir.ordinal()]; }
    @Override public long rstTsNanos(Direction dir) { return rstTs[dir.ordinal()]; }
    @Override public int gaps(Direction dir) { return udp ? 0 : streams[dir.ordinal()].gaps; }
    @Override public boolean udp() { return udp; }
    @Override public String source() { return source; }
}
