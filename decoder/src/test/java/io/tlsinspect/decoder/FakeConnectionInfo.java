package io.tlsinspect.decoder;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.Endpoint;

/**
 * The TCP facts a test connection reports to the decoder, kept in plain fields that the test
 * drivers ({@link TestConnection}, {@link PlayedConnection}) update as they play events.
 */
abstract class FakeConnectionInfo implements ConnectionInfo {
    protected final boolean midStream;
    protected boolean synSeen;
    protected boolean synAckSeen;
    protected int synCount;
    protected long now = 1_700_000_000_000_000_000L;
    protected final long first = now;
    protected final long[] packets = new long[2];
    protected final long[] bytes = new long[2];
    protected final long[] fin = new long[2];
    protected final long[] rst = new long[2];
    protected final int[] gaps = new int[2];
    private final Endpoint server;
    private final String source;

    protected FakeConnectionInfo(boolean synSeen, boolean synAckSeen, boolean midStream, Endpoint server, String source) {
        this.synSeen = synSeen;
        this.synAckSeen = synAckSeen;
        this.midStream = midStream;
        this.synCount = synSeen ? 1 : 0;
        this.server = server;
        this.source = source;
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
        return server;
    }

    @Override
    public boolean midStream() {
        return midStream;
    }

    @Override
    public boolean synSeen() {
        return synSeen;
    }

    @Override
    public boolean synAckSeen() {
        return synAckSeen;
    }

    @Override
    public int synCount() {
        return synCount;
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
        return source;
    }
}
