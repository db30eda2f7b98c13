package io.tlsinspect.decoder;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.Endpoint;
import io.tlsinspect.decoder.preamble.PreambleStage;

/**
 * A connection's TCP facts as the TLS close-time rules must see them: payload bytes counted from each
 * direction's first TLS byte, so a server's SMTP greeting is not taken for an answer to the ClientHello.
 */
final class TlsPartInfo implements ConnectionInfo {
    private final ConnectionInfo all;
    private final PreambleStage preamble;

    TlsPartInfo(ConnectionInfo all, PreambleStage preamble) {
        this.all = all;
        this.preamble = preamble;
    }

    @Override
    public long payloadBytes(Direction dir) {
        return Math.max(0, all.payloadBytes(dir) - preamble.preambleBytes(dir));
    }

    @Override
    public long id() {
        return all.id();
    }

    @Override
    public Endpoint client() {
        return all.client();
    }

    @Override
    public Endpoint server() {
        return all.server();
    }

    @Override
    public boolean midStream() {
        return all.midStream();
    }

    @Override
    public boolean synSeen() {
        return all.synSeen();
    }

    @Override
    public boolean synAckSeen() {
        return all.synAckSeen();
    }

    @Override
    public int synCount() {
        return all.synCount();
    }

    @Override
    public long firstTsNanos() {
        return all.firstTsNanos();
    }

    @Override
    public long lastTsNanos() {
        return all.lastTsNanos();
    }

    @Override
    public long packets(Direction dir) {
        return all.packets(dir);
    }

    @Override
    public long finTsNanos(Direction dir) {
        return all.finTsNanos(dir);
    }

    @Override
    public long rstTsNanos(Direction dir) {
        return all.rstTsNanos(dir);
    }

    @Override
    public int gaps(Direction dir) {
        return all.gaps(dir);
    }

    @Override
    public String source() {
        return all.source();
    }
}
