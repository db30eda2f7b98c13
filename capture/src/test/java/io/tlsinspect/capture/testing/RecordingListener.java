package io.tlsinspect.capture.testing;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.ConnectionListener;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Records everything the flow table tells one connection's listener. */
public final class RecordingListener implements ConnectionListener {
    public record Gap(Direction dir, long offset, long length) {
    }

    public final ByteArrayOutputStream[] data = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    public final List<Gap> gaps = new ArrayList<>();
    public final List<String> events = new ArrayList<>();
    public ConnectionInfo info;
    public EndReason endReason;
    public int closes;
    /** Checks that offsets handed to onData are contiguous with what came before (and gaps). */
    public final long[] expectedOffset = new long[2];
    public boolean offsetsConsistent = true;

    @Override
    public boolean onData(Direction dir, long ts, long streamOffset, byte[] buf, int off, int len) {
        if (streamOffset != expectedOffset[dir.ordinal()]) {
            offsetsConsistent = false;
        }
        expectedOffset[dir.ordinal()] = streamOffset + len;
        data[dir.ordinal()].write(buf, off, len);
        return true;
    }

    @Override
    public void onGap(Direction dir, long ts, long streamOffset, long length) {
        if (streamOffset != expectedOffset[dir.ordinal()]) {
            offsetsConsistent = false;
        }
        expectedOffset[dir.ordinal()] = streamOffset + length;
        gaps.add(new Gap(dir, streamOffset, length));
    }

    @Override
    public void onDatagram(Direction dir, long ts, byte[] buf, int off, int len) {
        data[dir.ordinal()].write(buf, off, len);
        events.add("datagram:" + dir.sender() + ":" + len);
    }

    @Override
    public void onUnreachable(long ts) {
        events.add("unreachable");
    }

    @Override
    public void onFin(Direction dir, long ts) {
        events.add("fin:" + dir.sender());
    }

    @Override
    public void onRst(Direction dir, long ts) {
        events.add("rst:" + dir.sender());
    }

    @Override
    public void onClose(ConnectionInfo info, EndReason reason, long ts) {
        this.info = info;
        this.endReason = reason;
        closes++;
    }

    public byte[] bytes(Direction d) {
        return data[d.ordinal()].toByteArray();
    }
}
