package io.tlsinspect.capture.tcp;

import io.tlsinspect.capture.stats.CaptureStats;

/**
 * One TCP connection or UDP flow in the flow table: its facts, its two reassemblers and its listener. Also a node
 * of the table's intrusive LRU lists, so that touching and expiring flows is O(1) without allocation.
 *
 * <p>Compact until it carries data (DESIGN §3: a SYN flood must not cost a decoder per source): the
 * listener is opened at the first event it must hear (data, gap, FIN, RST or the close), and the
 * endpoints' text forms are made from the tuple when asked for (once, at the close). A SYN-only flow
 * is this object and its two reassemblers' counters: about {@link FlowTableConfig#COMPACT_FLOW_BYTES} bytes.
 */
final class Flow implements ConnectionInfo {
    // The normalised 4-tuple (see FlowKey), held here rather than in a key object of its own: the
    // table compares it on every segment's lookup, and a separate key was one more object per flow
    // for the collector to copy and one more cache miss per lookup.
    private final long aHi;
    private final long aLo;
    private final long bHi;
    private final long bLo;
    private final int ports;
    private final int addrLen;
    /** The tuple's {@link FlowKey#hashCode}: where {@link FlowMap} finds this flow. */
    final int hash;
    private final long id;
    /** True when the client is endpoint "a" of the normalised key. */
    final boolean clientIsA;
    private final boolean midStream;
    private final String source;
    /** Issue 11: a UDP flow; it has no streams (datagrams go to the listener whole). */
    private final boolean udp;
    final CaptureStats stats;
    /** Out-of-order bytes a stream may buffer (see {@link StreamReassembler}, which gets it from here). */
    final int streamCap;
    private final EndpointCache endpoints;
    // The two streams as fields, not an array: one object less per flow (null for UDP).
    private final StreamReassembler clientStream;
    private final StreamReassembler serverStream;
    /** Opens {@link #listener} when the first event comes; null once opened. */
    private ConnectionListenerFactory factory;
    private ConnectionListener listener;

    boolean synSeen;
    boolean synAckSeen;
    int synCount;
    int clientIsn;
    private final long firstTs;
    long lastTs;
    // per direction (index: Direction.ordinal()), as fields rather than four arrays: 128 bytes less a flow
    private long packets0;
    private long packets1;
    private long bytes0;
    private long bytes1;
    private long finTs0;
    private long finTs1;
    private long rstTs0;
    private long rstTs1;
    /** RST seen, or FIN both ways: waiting out the linger time. */
    boolean closing;

    // Intrusive doubly-linked list membership (FlowTable's open or closing list).
    Flow prev;
    Flow next;
    boolean inClosingList;
    // And of FlowTable's list of every flow in order of creation (for its oldest id).
    Flow older;
    Flow newer;

    Flow(FlowKey key, long id, boolean clientIsA, boolean midStream, long ts, String source, int streamCap,
         CaptureStats stats, boolean udp, EndpointCache endpoints) {
        this.aHi = key.aHi;
        this.aLo = key.aLo;
        this.bHi = key.bHi;
        this.bLo = key.bLo;
        this.ports = key.ports;
        this.addrLen = key.addrLen;
        this.hash = key.hashCode();
        this.endpoints = endpoints;
        this.id = id;
        this.clientIsA = clientIsA;
        this.midStream = midStream;
        this.firstTs = ts;
        this.lastTs = ts;
        this.source = source;
        this.stats = stats;
        this.udp = udp;
        this.streamCap = streamCap;
        this.clientStream = udp ? null : new StreamReassembler();
        this.serverStream = udp ? null : new StreamReassembler();
    }

    /** Whether {@code k} holds this flow's tuple (the hashes are compared first, by the caller). */
    boolean hasKey(FlowKey k) {
        return k.aLo == aLo && k.bLo == bLo && k.ports == ports && k.aHi == aHi && k.bHi == bHi
                && k.addrLen == addrLen && k.udp == udp;
    }

    /** The stream of bytes sent in direction {@code d} (a TCP flow only). */
    StreamReassembler stream(Direction d) {
        return d == Direction.CLIENT_TO_SERVER ? clientStream : serverStream;
    }

    /** The listener is opened by {@code f} when the flow's first event comes (see the class comment). */
    void attach(ConnectionListenerFactory f) {
        this.factory = f;
    }

    /** Whether the listener is open yet (a flow that has had no event has none: compact). */
    boolean opened() {
        return factory == null;
    }

    /**
     * Opens the listener if need be. Outside the guards below, as opening was when every flow opened its
     * listener at once: a factory that throws fails the worker, it is not one connection's bug.
     */
    private ConnectionListener listener() {
        if (factory != null) {
            ConnectionListenerFactory f = factory;
            factory = null;
            listener = f.open(this);
        }
        return listener;
    }

    void count(Direction d, int payloadWireLen, long ts) {
        if (d == Direction.CLIENT_TO_SERVER) {
            packets0++;
            bytes0 += payloadWireLen;
        } else {
            packets1++;
            bytes1 += payloadWireLen;
        }
        if (ts > lastTs) {
            lastTs = ts;
        }
    }

    void markFin(Direction d, long ts) {
        if (d == Direction.CLIENT_TO_SERVER && finTs0 == 0) {
            finTs0 = ts;
        } else if (d == Direction.SERVER_TO_CLIENT && finTs1 == 0) {
            finTs1 = ts;
        }
    }

    void markRst(Direction d, long ts) {
        if (rstTsNanos(d) == 0) {
            if (d == Direction.CLIENT_TO_SERVER) {
                rstTs0 = ts;
            } else {
                rstTs1 = ts;
            }
            ConnectionListener l = listener();
            try {
                l.onRst(d, ts);
            } catch (RuntimeException e) {
                listenerFailed();
            }
        }
    }

    boolean bothFins() {
        return finTs0 != 0 && finTs1 != 0;
    }

    // --- callbacks from the reassemblers, guarded so a listener bug cannot stop the capture ---
    // (each guard written out: a lambda per call was an allocation per event)

    boolean deliver(Direction d, long ts, long at, byte[] b, int off, int len) {
        ConnectionListener l = listener();
        try {
            return l.onData(d, ts, at, b, off, len);
        } catch (RuntimeException e) {
            listenerFailed();
            return false;
        }
    }

    void gap(Direction d, long ts, long at, long len) {
        ConnectionListener l = listener();
        try {
            l.onGap(d, ts, at, len);
        } catch (RuntimeException e) {
            listenerFailed();
        }
    }

    void fin(Direction d, long ts) {
        ConnectionListener l = listener();
        try {
            l.onFin(d, ts);
        } catch (RuntimeException e) {
            listenerFailed();
        }
    }

    void datagram(Direction d, long ts, byte[] b, int off, int len) {
        ConnectionListener l = listener();
        try {
            l.onDatagram(d, ts, b, off, len);
        } catch (RuntimeException e) {
            listenerFailed();
        }
    }

    void unreachable(long ts) {
        ConnectionListener l = listener();
        try {
            l.onUnreachable(ts);
        } catch (RuntimeException e) {
            listenerFailed();
        }
    }

    void close(EndReason reason, long ts) {
        if (!udp) {
            clientStream.flush(this, Direction.CLIENT_TO_SERVER, ts);
            serverStream.flush(this, Direction.SERVER_TO_CLIENT, ts);
        }
        ConnectionListener l = listener();
        try {
            l.onClose(this, reason, ts);
        } catch (RuntimeException e) {
            listenerFailed();
        }
        // Let the listener go: a flow that lived long enough to be promoted stays in the old generation
        // until a full collection, and while it pointed at its listener every young collection copied
        // the listener's young objects (its facts, the hello) as live.
        listener = NoopListener.INSTANCE;
    }

    private void listenerFailed() {
        stats.listenerErrors++;
        factory = null;
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
    // Not kept: each is asked for once, when the record is made at the close (the endpoint cache makes
    // a second call cheap), and two fields were 8 bytes more on every open flow.
    @Override
    public Endpoint client() {
        return endpoint(clientIsA);
    }

    @Override
    public Endpoint server() {
        return endpoint(!clientIsA);
    }

    private Endpoint endpoint(boolean a) {
        return a ? endpoints.of(aHi, aLo, ports >>> 16, addrLen) : endpoints.of(bHi, bLo, ports & 0xffff, addrLen);
    }

    /** From the key: the decoder needs the port when it opens, long before the text of the address. */
    @Override
    public int serverPort() {
        return clientIsA ? ports & 0xffff : ports >>> 16;
    }

    @Override public boolean midStream() { return midStream; }
    @Override public boolean synSeen() { return synSeen; }
    @Override public boolean synAckSeen() { return synAckSeen; }
    @Override public int synCount() { return synCount; }
    @Override public long firstTsNanos() { return firstTs; }
    @Override public long lastTsNanos() { return lastTs; }
    @Override public long packets(Direction dir) { return dir == Direction.CLIENT_TO_SERVER ? packets0 : packets1; }
    @Override public long payloadBytes(Direction dir) { return dir == Direction.CLIENT_TO_SERVER ? bytes0 : bytes1; }
    @Override public long finTsNanos(Direction dir) { return dir == Direction.CLIENT_TO_SERVER ? finTs0 : finTs1; }
    @Override public long rstTsNanos(Direction dir) { return dir == Direction.CLIENT_TO_SERVER ? rstTs0 : rstTs1; }
    @Override public int gaps(Direction dir) { return udp ? 0 : stream(dir).gaps; }
    @Override public boolean udp() { return udp; }
    @Override public String source() { return source; }
}
