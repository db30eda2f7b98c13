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
final class PlayedConnection extends FakeConnectionInfo {
    private final ConnectionListener listener;
    private final long[] offsets = new long[2];
    private final boolean[] wanted = {true, true};
    private byte[] scratch = new byte[64];
    /** Gaps handed to the listener (the decoder must count each one). */
    int gapsDelivered;
    /** Payload bytes handed to the listener. */
    long bytesDelivered;

    PlayedConnection(boolean midStream, boolean synAckSeen, java.util.function.Function<ConnectionInfo, ConnectionListener> open) {
        super(!midStream, synAckSeen && !midStream, midStream, new Endpoint("2001:db8::1", 443), "fuzz");
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
}
