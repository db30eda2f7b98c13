package io.tlsinspect.decoder;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.ConnectionListener;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.capture.tcp.Endpoint;
import java.util.Arrays;

/**
 * A fake flow table for one connection, for the fuzz target: keeps the TCP facts a real
 * {@code FlowTable} would ({@link ConnectionInfo}) and drives a listener as the real one does —
 * stream offsets that add up (gaps included), a buffer reused and scribbled over after each call,
 * no more bytes or gaps for a direction once the listener declined it, at most one FIN and one RST
 * per direction — but with events in any order, as hostile packets can arrange.
 */
final class PlayedConnection implements ConnectionInfo {
    private final ConnectionListener listener;
    private final boolean midStream;
    private final boolean synAckSeen;
    private long now = 1_700_000_000_000_000_000L;
    private final long first = now;
    private final long[] packets = new long[2];
    private final long[] bytes = new long[2];
    private final long[] offsets = new long[2];
    private final long[] fin = new long[2];
    private final long[] rst = new long[2];
    private final int[] gaps = new int[2];
    private final boolean[] wanted = {true, true};
    private byte[] scratch = new byte[64];
    /** Gaps handed to the listener (the decoder must count each one). */
    int gapsDelivered;
    /** Payload bytes handed to the listener. */
    long bytesDelivered;

    PlayedConnection(boolean midStream, boolean synAckSeen, java.util.function.Function<ConnectionInfo, ConnectionListener> open) {
        this.midStream = midStream;
        this.synAckSeen = synAckSeen && !midStream;
        this.listener = open.apply(this);
    }

    void data(Direction dir, byte[] b) {
        tick();
        int d = dir.ordinal();
        packets[d]++;
        bytes[d] += b.length;
        if (wanted[d] && b.length > 0) {
            // The flow table hands over a region of a larger buffer that it reuses afterwards.
            if (scratch.length < b.length + 7) {
                scratch = new byte[b.length + 7];
            }
            System.arraycopy(b, 0, scratch, 3, b.length);
            bytesDelivered += b.length;
            wanted[d] = listener.onData(dir, now, offsets[d], scratch, 3, b.length);
            Arrays.fill(scratch, (byte) 0xa5);
        }
        offsets[d] += b.length;
    }

    void gap(Direction dir, long length) {
        tick();
        int d = dir.ordinal();
        if (wanted[d]) {
            gaps[d]++;
            gapsDelivered++;
            listener.onGap(dir, now, offsets[d], length);
        }
        offsets[d] += length;
    }

    void fin(Direction dir) {
        tick();
        int d = dir.ordinal();
        packets[d]++;
        if (fin[d] == 0) {
            fin[d] = now;
            listener.onFin(dir, now);
        }
    }

    void rst(Direction dir) {
        tick();
        int d = dir.ordinal();
        packets[d]++;
        if (rst[d] == 0) {
            rst[d] = now;
            listener.onRst(dir, now);
        }
    }

    void close(EndReason reason) {
        tick();
        listener.onClose(this, reason, now);
    }

    private void tick() {
        now += 1_000_000L;
    }

    @Override
    public long id() {
        return 1;
    }

    @Override
    public Endpoint client() {
        return new Endpoint("192.0.2.10", 50000);
    }

    @Override
    public Endpoint server() {
        return new Endpoint("2001:db8::1", 443);
    }

    @Override
    public boolean midStream() {
        return midStream;
    }

    @Override
    public boolean synSeen() {
        return !midStream;
    }

    @Override
    public boolean synAckSeen() {
        return synAckSeen;
    }

    @Override
    public int synCount() {
        return midStream ? 0 : 1;
    }

    @Override
    public long firstTsNanos() {
        return first;
    }

    @Override
    public long lastTsNanos() {
        return now;
    }

    @Override
    public long packets(Direction dir) {
        return packets[dir.ordinal()];
    }

    @Override
    public long payloadBytes(Direction dir) {
        return bytes[dir.ordinal()];
    }

    @Override
    public long finTsNanos(Direction dir) {
        return fin[dir.ordinal()];
    }

    @Override
    public long rstTsNanos(Direction dir) {
        return rst[dir.ordinal()];
    }

    @Override
    public int gaps(Direction dir) {
        return gaps[dir.ordinal()];
    }

    @Override
    public String source() {
        return "fuzz";
    }
}
