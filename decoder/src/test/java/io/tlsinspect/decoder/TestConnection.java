package io.tlsinspect.decoder;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.ConnectionListener;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.capture.tcp.Endpoint;
import io.tlsinspect.decoder.tls.DirectionDecoder;
import io.tlsinspect.decoder.model.HandshakeRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a flow table for one connection: keeps the TCP facts a real one would and drives the
 * decoder's listener with data, FIN, RST and close events, one millisecond apart.
 */
public final class TestConnection extends FakeConnectionInfo {
    public static final Direction C = Direction.CLIENT_TO_SERVER;
    public static final Direction S = Direction.SERVER_TO_CLIENT;

    public final List<HandshakeRecord> emitted = new ArrayList<>();
    private final ConnectionListener listener;
    private final long[] offsets = new long[2];
    private final boolean[] wanted = {true, true};
    private int maxBuffered;

    public final DecoderStats stats;

    private TestConnection(boolean synSeen, boolean synAckSeen, boolean midStream, int cap, DecoderStats stats) {
        super(synSeen, synAckSeen, midStream, new Endpoint("198.51.100.1", 443), "test");
        this.stats = stats;
        this.listener = new HandshakeDecoderFactory(emitted::add, stats, cap).open(this);
    }

    private TestConnection(boolean synSeen, boolean synAckSeen, boolean midStream, int cap) {
        this(synSeen, synAckSeen, midStream, cap, new DecoderStats());
    }

    /** A connection whose three-way handshake was seen. */
    public static TestConnection established() {
        return new TestConnection(true, true, false, DirectionDecoder.DEFAULT_CAP);
    }

    /** The same, decoded by a factory that counts into {@code stats}. */
    public static TestConnection established(DecoderStats stats) {
        return new TestConnection(true, true, false, 64 * 1024, stats);
    }

    public static TestConnection withCap(int cap) {
        return new TestConnection(true, true, false, cap);
    }

    public static TestConnection synOnly() {
        return new TestConnection(true, false, false, DirectionDecoder.DEFAULT_CAP);
    }

    public static TestConnection startedBeforeCapture() {
        return new TestConnection(false, false, true, DirectionDecoder.DEFAULT_CAP);
    }

    public TestConnection data(Direction dir, byte[] b) {
        return data(dir, b, 0, b.length);
    }

    public TestConnection data(Direction dir, byte[] b, int off, int len) {
        tick();
        packets[dir.ordinal()]++;
        bytes[dir.ordinal()] += len;
        if (wanted[dir.ordinal()]) {
            // The flow table hands over a reused buffer: copy into a scratch array with slack around it.
            byte[] scratch = new byte[len + 8];
            System.arraycopy(b, off, scratch, 4, len);
            wanted[dir.ordinal()] = listener.onData(dir, now, offsets[dir.ordinal()], scratch, 4, len);
            java.util.Arrays.fill(scratch, (byte) 0x5a);
        }
        offsets[dir.ordinal()] += len;
        if (listener instanceof ConnectionDecoder cd) {
            maxBuffered = Math.max(maxBuffered, cd.buffered());
        }
        return this;
    }

    /** Sends {@code b} as segments of {@code size} bytes. */
    public TestConnection segmented(Direction dir, byte[] b, int size) {
        for (int i = 0; i < b.length; i += size) {
            data(dir, b, i, Math.min(size, b.length - i));
        }
        return this;
    }

    public TestConnection gap(Direction dir, long length) {
        tick();
        gaps[dir.ordinal()]++;
        listener.onGap(dir, now, offsets[dir.ordinal()], length);
        offsets[dir.ordinal()] += length;
        return this;
    }

    public TestConnection fin(Direction dir) {
        tick();
        packets[dir.ordinal()]++;
        if (fin[dir.ordinal()] == 0) {
            fin[dir.ordinal()] = now;
        }
        listener.onFin(dir, now);
        return this;
    }

    public TestConnection rst(Direction dir) {
        tick();
        packets[dir.ordinal()]++;
        if (rst[dir.ordinal()] == 0) {
            rst[dir.ordinal()] = now;
        }
        listener.onRst(dir, now);
        return this;
    }

    public TestConnection extraSyn() {
        synCount++;
        return this;
    }

    public HandshakeRecord close(EndReason reason) {
        tick();
        listener.onClose(this, reason, now);
        if (emitted.size() != 1) {
            throw new AssertionError("expected exactly one record, got " + emitted.size());
        }
        return emitted.get(0);
    }

    public HandshakeRecord close() {
        return close(EndReason.CLOSED);
    }

    public ConnectionListener listener() {
        return listener;
    }

    /** Whether the listener still wants this direction's bytes. */
    public boolean wants(Direction dir) {
        return wanted[dir.ordinal()];
    }

    public int maxBuffered() {
        return maxBuffered;
    }

    private void tick() {
        now += 1_000_000L;
    }
}
