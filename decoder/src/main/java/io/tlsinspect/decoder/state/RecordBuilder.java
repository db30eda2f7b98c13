package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TcpFacts;
import io.tlsinspect.decoder.model.TlsVersion;
import java.util.List;
import java.util.Locale;

/** Turns a finished {@link HandshakeTracker} and the final TCP facts into the immutable result. */
public final class RecordBuilder {
    private RecordBuilder() {
    }

    /** Applies the close-time rules, then builds the record. */
    public static HandshakeRecord finish(HandshakeTracker t, ConnectionInfo info, EndReason reason, long ts) {
        CloseRules.apply(t, info, reason, ts);
        Decision d = t.decision;
        ServerHelloInfo sh = t.serverHello != null ? t.serverHello : t.helloRetry;
        ClientHelloInfo ch = t.clientHello;
        int version = sh == null ? 0 : sh.version();
        int cipher = sh == null ? -1 : sh.cipher();
        return new HandshakeRecord(info.id(), info.firstTsNanos(), ts, info.client(), info.server(),
                tcpFacts(info, reason), d.outcome(), d.outcome() == Outcome.ESTABLISHED, version, cipher,
                resumed(t, ch), t.helloRetry != null, List.copyOf(t.alerts), ch, sh, t.certificate,
                t.history.toString(), d.inferred(), d.notes(),
                sh != null && sh.keyShareGroup() != null ? sh.keyShareGroup() : t.serverKeyExchangeGroup);
    }

    /** A record for a connection whose decoding failed outright: TCP facts only. */
    public static HandshakeRecord fallback(ConnectionInfo info, EndReason reason, long ts, String note) {
        return new HandshakeRecord(info.id(), info.firstTsNanos(), ts, info.client(), info.server(),
                tcpFacts(info, reason), Outcome.INCOMPLETE, false, 0, -1, false, false, List.of(), null, null,
                null, "", false, List.of(note), null);
    }

    /**
     * Resumed (Zeek's {@code resumed}): TLS <= 1.2 server echoed the client's non-empty session ID
     * (RFC 5246 §7.4.1.3) or ran the abbreviated handshake; TLS 1.3 server accepted a PSK
     * (RFC 8446 §4.2.11). A TLS 1.3 server echoes the legacy session ID always, so that is no sign.
     */
    private static boolean resumed(HandshakeTracker t, ClientHelloInfo ch) {
        ServerHelloInfo sh = t.serverHello;
        if (sh == null) {
            return false;
        }
        if (sh.version() == TlsVersion.TLS13) {
            return t.pskAccepted;
        }
        boolean echo = ch != null && !sh.sessionId().isEmpty() && sh.sessionId().equals(ch.sessionId());
        return echo || t.abbreviated;
    }

    static TcpFacts tcpFacts(ConnectionInfo info, EndReason reason) {
        Direction c = Direction.CLIENT_TO_SERVER;
        Direction s = Direction.SERVER_TO_CLIENT;
        return new TcpFacts(info.synSeen(), info.synAckSeen(), info.midStream(), info.packets(c), info.packets(s),
                info.payloadBytes(c), info.payloadBytes(s), info.gaps(c), info.gaps(s),
                first(info.finTsNanos(c), info.finTsNanos(s)), first(info.rstTsNanos(c), info.rstTsNanos(s)),
                reason.name().toLowerCase(Locale.ROOT), Math.max(0, info.lastTsNanos() - info.firstTsNanos()),
                info.source());
    }

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
