package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TcpFacts;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Joins a connection's {@link HandshakeFacts} and its final TCP facts into the immutable result. */
public final class RecordBuilder {
    private RecordBuilder() {
    }

    public static HandshakeRecord build(HandshakeFacts f, ConnectionInfo info, EndReason reason, long ts) {
        ServerHelloInfo sh = f.serverHello();
        int version = sh == null ? 0 : sh.version();
        int cipher = sh == null ? -1 : sh.cipher();
        return new HandshakeRecord(info.id(), info.firstTsNanos(), ts, info.client(), info.server(),
                tcpFacts(info, reason), f.outcome(), f.outcome() == Outcome.ESTABLISHED, version, cipher,
                f.resumed(), f.helloRetry(), f.alerts(), f.decisiveAlert(), f.clientHello(), sh, f.certificate(),
                f.history(), f.inferred(), f.notes(), f.keyExchangeGroup(), null, f.heartbeats());
    }

    /** A record for a connection whose decoding failed outright: TCP facts only, outcome incomplete. */
    public static HandshakeRecord fallback(ConnectionInfo info, EndReason reason, long ts, String note) {
        return new HandshakeRecord(info.id(), info.firstTsNanos(), ts, info.client(), info.server(),
                tcpFacts(info, reason), Outcome.INCOMPLETE, false, 0, -1, false, false, List.of(), null, null, null,
                null, "", false, List.of(note), null);
    }

    /** The connection as Zeek's conn.log sees it (for QUIC, the UDP flow's packets and bytes). */
    public static TcpFacts tcpFacts(ConnectionInfo info, EndReason reason) {
        Direction c = Direction.CLIENT_TO_SERVER;
        Direction s = Direction.SERVER_TO_CLIENT;
        return new TcpFacts(info.synSeen(), info.synAckSeen(), info.midStream(), info.packets(c), info.packets(s),
                info.payloadBytes(c), info.payloadBytes(s), info.gaps(c), info.gaps(s),
                first(info.finTsNanos(c), info.finTsNanos(s)), first(info.rstTsNanos(c), info.rstTsNanos(s)),
                REASONS[reason.ordinal()], Math.max(0, info.lastTsNanos() - info.firstTsNanos()),
                info.source());
    }

    /** Each end reason's name as the record spells it, made once, not per connection. */
    private static final String[] REASONS = Arrays.stream(EndReason.values())
            .map(r -> r.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    private static String first(long clientTs, long serverTs) {
        if (clientTs == 0 && serverTs == 0) {
            return null;
        }
        if (serverTs == 0 || (clientTs != 0 && clientTs <= serverTs)) {
            return "client";
        }
        return "server";
    }
}
