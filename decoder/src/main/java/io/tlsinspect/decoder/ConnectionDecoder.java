package io.tlsinspect.decoder;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.ConnectionListener;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.preamble.PreambleStage;
import io.tlsinspect.decoder.state.HandshakeTracker;
import io.tlsinspect.decoder.state.Interner;
import io.tlsinspect.decoder.state.RecordBuilder;
import io.tlsinspect.decoder.tls.DirectionDecoder;
import io.tlsinspect.decoder.tls.RecordBuffers;
import java.util.function.Consumer;

/**
 * The listener for one connection: wires two {@link DirectionDecoder}s to one
 * {@link HandshakeTracker} and emits exactly one {@link HandshakeRecord} from {@link #onClose}.
 * It is also the fail-closed boundary: nothing thrown below escapes to the flow table.
 */
final class ConnectionDecoder implements ConnectionListener {
    private final ConnectionInfo info;
    private final Consumer<HandshakeRecord> sink;
    private final DecoderStats stats;
    private final HandshakeTracker tracker;
    private final DirectionDecoder client;
    private final DirectionDecoder server;
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

    ConnectionDecoder(ConnectionInfo info, Consumer<HandshakeRecord> sink, DecoderStats stats, int cap) {
        this(info, sink, stats, cap, new Interner(), null);
    }

    /** @param buffers the factory's pool of record buffers (one thread), or null */
    ConnectionDecoder(ConnectionInfo info, Consumer<HandshakeRecord> sink, DecoderStats stats, int cap,
                      Interner interner, RecordBuffers buffers) {
        this.info = info;
        this.sink = sink;
        this.stats = stats;
        this.tracker = new HandshakeTracker(info.midStream(), stats, interner);
        this.client = new DirectionDecoder(Direction.CLIENT_TO_SERVER, tracker, cap, stats, buffers);
        this.server = new DirectionDecoder(Direction.SERVER_TO_CLIENT, tracker, cap, stats, buffers);
        this.direct = info.midStream();
        stats.count(Counter.CONNECTIONS);
    }

    private DirectionDecoder of(Direction dir) {
        return dir == Direction.CLIENT_TO_SERVER ? client : server;
    }

    /** Bytes this connection holds right now in both directions (for tests of the cap). */
    int buffered() {
        return client.buffered() + server.buffered() + (preamble == null ? 0 : preamble.buffered());
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
            DirectionDecoder d = of(dir);
            if (!tracker.accept(dir, streamOffset, buf, off, len, tsNanos)) {
                d.stop();
                return tracker.wants(dir);
            }
            boolean more = d.feed(buf, off, len, tsNanos);
            sslv2Framing();
            if (!tracker.wants(dir)) {
                // DESIGN §3: once decided, stop buffering this direction.
                d.stop();
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
            server.allowSslv2ServerHello();
            sslv2Told = true;
        }
        if (tracker.sslv2Session() && !client.sslv2Records()) {
            client.useSslv2Records();
        }
    }

    @Override
    public void onGap(Direction dir, long tsNanos, long streamOffset, long length) {
        try {
            if (preamble == null) {
                direct = true; // what a stage that saw no bytes does at a gap: hand everything on as it is
            } else if (!preamble.onGap(dir, tsNanos)) {
                return;
            }
            long tlsOffset = preamble == null ? streamOffset : preamble.tlsOffset(dir, streamOffset);
            tracker.onGap(dir, tlsOffset, length, tsNanos);
            of(dir).stop();
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
            tracker.onTcpEnd(dir, rst, tsNanos, tlsBytes(info, Direction.SERVER_TO_CLIENT));
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
            client.stop();
            server.stop();
            ConnectionInfo tlsInfo = preamble == null ? finalInfo : new TlsPartInfo(finalInfo, preamble);
            r = RecordBuilder.build(tracker.finish(tlsInfo, reason, tsNanos), finalInfo, reason, tsNanos);
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
        client.stop();
        server.stop();
        tracker.internalError(e);
    }
}
