package io.tlsinspect.decoder;

import io.tlsinspect.decoder.state.Interner;
import io.tlsinspect.decoder.state.TrackerPool;
import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.ConnectionListener;
import io.tlsinspect.capture.tcp.ConnectionListenerFactory;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.quic.QuicConnectionDecoder;
import io.tlsinspect.decoder.tls.DirectionDecoder;
import io.tlsinspect.decoder.tls.DecoderChains;
import io.tlsinspect.decoder.tls.RecordBuffers;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The decoder's entry point: one listener per connection, each emitting exactly one
 * {@link HandshakeRecord} to {@code sink} when the flow table closes the connection. Holds no
 * static mutable state; its counters are in the {@link DecoderStats} it was given.
 */
public final class HandshakeDecoderFactory implements ConnectionListenerFactory {
    private final Consumer<HandshakeRecord> sink;
    private final DecoderStats stats;

    public HandshakeDecoderFactory(Consumer<HandshakeRecord> sink, DecoderStats stats) {
        this(sink, stats, DirectionDecoder.DEFAULT_CAP);
    }

    /** @param directionCap most bytes one direction of one connection may buffer (DESIGN §3) */
    public HandshakeDecoderFactory(Consumer<HandshakeRecord> sink, DecoderStats stats, int directionCap) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.stats = Objects.requireNonNull(stats, "stats");
        if (directionCap < 64) {
            throw new IllegalArgumentException("direction cap too small: " + directionCap);
        }
        this.chains = new DecoderChains(directionCap, stats, new RecordBuffers());
        this.trackers = new TrackerPool(stats, interner);
    }

    /** Shared by this factory's connections, which all run on one thread. */
    private final Interner interner = new Interner();
    /**
     * Decoder chains of stopped directions for the next direction that starts, and their record buffers
     * for the next record that spans segments (same thread). Made with the cap, so in the constructor.
     */
    private final DecoderChains chains;
    /** Trackers of connections whose facts are taken, for the next connection (same thread). */
    private final TrackerPool trackers;

    public DecoderStats stats() {
        return stats;
    }

    @Override
    public ConnectionListener open(ConnectionInfo info) {
        if (info.udp()) {
            return new QuicConnectionDecoder(info, sink, stats, interner); // issue 11: UDP flows are QUIC
        }
        return new ConnectionDecoder(info, sink, stats, chains, trackers);
    }
}
