package io.tlsinspect.decoder;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.ConnectionListener;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.preamble.PreambleStage;
import io.tlsinspect.decoder.state.HandshakeFacts;
import io.tlsinspect.decoder.state.HandshakeTracker;
import io.tlsinspect.decoder.state.RecordBuilder;
import io.tlsinspect.decoder.state.SettledHandshake;
import io.tlsinspect.decoder.state.TrackerPool;
import io.tlsinspect.decoder.tls.DirectionDecoder;
import io.tlsinspect.decoder.tls.DecoderChains;
import java.util.function.Consumer;

/**
 * The listener for one connection: wires two {@link DirectionDecoder}s to one
 * {@link HandshakeTracker} and emits exactly one {@link HandshakeRecord} from {@link #onClose}. Once the
 * connection is decided, the tracker gives way to its fixed facts (rules: {@link SettledHandshake}).
 * It is also the fail-closed boundary: nothing thrown below escapes to the flow table.
 */
final class ConnectionDecoder implements ConnectionListener {
    private final ConnectionInfo info;
    private final Consumer<HandshakeRecord> sink;
    private final DecoderStats stats;
    /** Until the connection is decided; then {@link #settled} keeps its facts and this is let go. */
    private HandshakeTracker tracker;
    /** The facts once decided ({@link HandshakeTracker#settle}); null before. */
    private HandshakeFacts settled;
    /** The factory's pool of stopped chains (one thread). */
    private final DecoderChains chains;
    /** The factory's pool of trackers (one thread). */
    private final TrackerPool trackers;
    /**
     * Each direction's decoder chain (record layer, message assembler), made at the direction's first
     * TLS bytes and dropped once it stops: a server that never answers costs none, and a decided
     * connection (most open flows of a busy capture: FINs seen, waiting out the linger time) keeps none
     * for the young collections to copy. Null before and after.
     */
    private DirectionDecoder client;
    private DirectionDecoder server;
    /** One bit per direction ordinal: its chain has stopped, so it is never made again. */
    private int stopped;
    /**
     * Issue 11: STARTTLS, proxy and database preambles before TLS. Made at the first delivery unless that
     * is the client's TLS from byte 0 (most connections) or the connection started mid-stream; until then
     * null. A stage that has seen no bytes changes nothing (no preamble bytes, nothing to flush), so a
     * FIN, RST or close before any data needs none, and a gap before any data means TLS goes direct.
     */
    private PreambleStage preamble;
    /** No stage will be made: mid-stream, TLS from the client's first byte, or a gap before any data. */
    private boolean direct;
    private boolean closed;
    private boolean sslv2Told;

    /**
     * @param chains the factory's pool of decoder chains (one thread, its cap and these stats)
     * @param trackers the factory's pool of trackers (one thread, these stats and its interner)
     */
    ConnectionDecoder(ConnectionInfo info, Consumer<HandshakeRecord> sink, DecoderStats stats,
                      DecoderChains chains, TrackerPool trackers) {
        this.info = info;
        this.sink = sink;
        this.stats = stats;
        this.trackers = trackers;
        this.tracker = trackers.take(info.midStream());
        this.chains = chains;
        this.direct = info.midStream();
        stats.count(Counter.CONNECTIONS);
    }

    /** The direction's chain, made now if this is its first TLS delivery; null once it has stopped. */
    private DirectionDecoder chain(Direction dir) {
        boolean c = dir == Direction.CLIENT_TO_SERVER;
        DirectionDecoder d = c ? client : server;
        if (d == null && (stopped & 1 << dir.ordinal()) == 0) {
            d = chains.take(dir, tracker);
            if (c) {
                client = d;
            } else {
                server = d;
                if (sslv2Told) {
                    d.allowSslv2ServerHello(); // the client's SSLv2-format hello came before the server's bytes
                }
            }
        }
        return d;
    }

    /**
     * DESIGN §3: once decided, stop buffering. Neither direction's bytes are decoded again (the tracker
     * accepts none), so both chains go now, not at each side's next delivery, and the tracker gives way
     * to its fixed facts while the connection lingers.
     */
    private void settle() {
        stopBoth();
        settled = tracker.settle();
        releaseTracker();
    }

    /** Stops a direction for good and lets its chain go (its record buffer back to the pool). */
    private void stop(Direction dir) {
        stopped |= 1 << dir.ordinal();
        if (dir == Direction.CLIENT_TO_SERVER) {
            if (client != null) {
                release(client);
                client = null;
            }
        } else if (server != null) {
            release(server);
            server = null;
        }
    }

    /** Lets the tracker go (back to the pool: the chains that fed it are stopped and detached already). */
    private void releaseTracker() {
        trackers.give(tracker);
        tracker = null;
    }

    private void release(DirectionDecoder d) {
        d.stop();
        chains.give(d); // nothing else refers to it: the connection drops it now
    }

    private void stopBoth() {
        stop(Direction.CLIENT_TO_SERVER);
        stop(Direction.SERVER_TO_CLIENT);
    }

    /** Bytes this connection holds right now in both directions (for tests of the cap). */
    int buffered() {
        return tlsBuffered() + preambleBuffered();
    }

    /** Bytes the TLS decoders hold: at most their cap each (for tests of the bound). */
    int tlsBuffered() {
        return (client == null ? 0 : client.buffered()) + (server == null ? 0 : server.buffered());
    }

    /** Bytes the preamble stage holds: at most {@link PreambleStage#LIMIT} a direction, whatever the cap. */
    int preambleBuffered() {
        return preamble == null ? 0 : preamble.buffered();
    }

    /** How many directions hold a decoder chain right now (for tests of making and dropping them). */
    int chainsHeld() {
        return (client == null ? 0 : 1) + (server == null ? 0 : 1);
    }

    @Override
    public boolean onData(Direction dir, long tsNanos, long streamOffset, byte[] buf, int off, int len) {
        if (preamble == null && !direct) {
            if (PreambleStage.tlsAtFirstByte(dir, streamOffset, buf, off, len)) {
                direct = true;
            } else {
                preamble = new PreambleStage(info.serverPort(), this::decode, stats);
            }
        }
        if (preamble == null) {
            return decode(dir, tsNanos, streamOffset, buf, off, len);
        }
        try {
            return preamble.onData(dir, tsNanos, streamOffset, buf, off, len);
        } catch (RuntimeException e) {
            fail(e);
            return false;
        }
    }

    /** The TLS part of a direction, from its first TLS byte (stream offsets counted from there). */
    private boolean decode(Direction dir, long tsNanos, long streamOffset, byte[] buf, int off, int len) {
        try {
            if (settled != null) {
                return false; // decided: no byte is decoded again
            }
            if (!tracker.accept(dir, streamOffset, buf, off, len, tsNanos)) {
                stop(dir);
                if (tracker.decided()) {
                    settle(); // the first bytes decided (mid_stream)
                    return false;
                }
                return tracker.wants(dir);
            }
            DirectionDecoder d = chain(dir);
            boolean more = d != null && d.feed(buf, off, len, tsNanos);
            sslv2Framing();
            if (tracker.decided()) {
                settle();
                return false;
            }
            if (!tracker.wants(dir)) {
                stop(dir);
                return false;
            }
            return more;
        } catch (RuntimeException e) {
            fail(e);
            return false;
        }
    }

    /**
     * SSL 2.0 (draft-hickman §1.1): after an SSLv2-format hello the server may answer with an SSL 2.0
     * SERVER-HELLO, and once it has, both directions are SSL 2.0 records.
     */
    private void sslv2Framing() {
        if (!sslv2Told && tracker.sslv2Hello()) {
            if (server != null) {
                server.allowSslv2ServerHello();
            }
            sslv2Told = true; // a server chain made later is told when it is made
        }
        if (tracker.sslv2Session() && client != null && !client.sslv2Records()) {
            client.useSslv2Records();
        }
    }

    @Override
    public void onGap(Direction dir, long tsNanos, long streamOffset, long length) {
        // stream_gaps counts every gap the decoder is told of, here, whoever takes it (a preamble that
        // gives up, a decided connection, the tracker), as the flow table counts every gap it finds
        stats.count(Counter.STREAM_GAPS);
        try {
            if (preamble == null) {
                direct = true; // what a stage that saw no bytes does at a gap: hand everything on as it is
            } else if (!preamble.onGap(dir, tsNanos)) {
                return; // no TLS decoder takes it: the stage gave up or is done
            }
            long tlsOffset = preamble == null ? streamOffset : preamble.tlsOffset(dir, streamOffset);
            if (settled == null) { // a decided connection takes no note of it
                tracker.onGap(dir, tlsOffset, length, tsNanos);
            }
            stop(dir);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onFin(Direction dir, long tsNanos) {
        tcpEnd(dir, false, tsNanos);
    }

    @Override
    public void onRst(Direction dir, long tsNanos) {
        tcpEnd(dir, true, tsNanos);
    }

    private void tcpEnd(Direction dir, boolean rst, long tsNanos) {
        try {
            if (preamble != null) {
                preamble.flush(tsNanos);
            }
            if (settled == null) {
                tracker.onTcpEnd(dir, rst, tsNanos, tlsBytes(info, Direction.SERVER_TO_CLIENT));
                if (tracker.decided()) {
                    settle(); // the FIN or RST decided (most failures): the connection now lingers
                }
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onClose(ConnectionInfo finalInfo, EndReason reason, long tsNanos) {
        if (closed) {
            return;
        }
        closed = true;
        HandshakeRecord r;
        try {
            if (preamble != null) {
                preamble.flush(tsNanos);
            }
            stopBoth();
            ConnectionInfo tlsInfo = preamble == null ? finalInfo : new TlsPartInfo(finalInfo, preamble);
            HandshakeFacts facts = settled != null ? settled : tracker.finish(tlsInfo, reason, tsNanos);
            if (tracker != null) {
                // The facts are final: anything after the close (nothing, from a flow table) is treated
                // as after settling, and the tracker goes back to the pool.
                settled = facts;
                releaseTracker();
            }
            r = RecordBuilder.build(facts, finalInfo, reason, tsNanos);
            if (preamble != null) {
                r = preamble.finish(r);
            }
        } catch (RuntimeException e) {
            stats.count(Counter.LISTENER_ERRORS);
            r = RecordBuilder.fallback(finalInfo, reason, tsNanos, "decoder error: " + e);
        }
        sink.accept(r);
    }

    /** A direction's payload bytes without its preamble: what the close-time rules judge. */
    private long tlsBytes(ConnectionInfo i, Direction d) {
        long all = i.payloadBytes(d);
        return preamble == null ? all : Math.max(0, all - preamble.preambleBytes(d));
    }

    private void fail(RuntimeException e) {
        stats.count(Counter.LISTENER_ERRORS);
        stopBoth();
        if (settled != null) {
            settled = SettledHandshake.afterInternalError(settled, e);
        } else {
            tracker.internalError(e);
        }
    }
}
