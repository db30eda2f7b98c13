package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.tls.RecordFraming;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;

/**
 * How the client's stream starts: the only place that decides DESIGN §4's rows {@code not_tls} (the
 * client's first bytes are not a TLS handshake) and {@code mid_stream} (the connection began before
 * the capture). It also counts the bytes each side delivered, which the close-time rules read.
 */
final class StreamStart {
    private boolean midStream;
    private final Decision decision;
    private final OpenDirections open;
    private final DecoderStats stats;
    private boolean clientJudged;
    private boolean clientRecordSeen;
    /** The client's stream starts with a TLS handshake record or an SSLv2-format hello. */
    private boolean handshakeStarted;
    private long clientBytes;
    private long serverBytes;

    StreamStart(boolean midStream, Decision decision, OpenDirections open, DecoderStats stats) {
        this.midStream = midStream;
        this.decision = decision;
        this.open = open;
        this.stats = stats;
    }

    /** As made with {@code midStream} (a pooled tracker's, see {@link HandshakeTracker#restart}). */
    void reset(boolean midStream) {
        this.midStream = midStream;
        clientJudged = false;
        clientRecordSeen = false;
        handshakeStarted = false;
        clientBytes = 0;
        serverBytes = 0;
    }

    boolean handshakeStarted() {
        return handshakeStarted;
    }

    long clientBytes() {
        return clientBytes;
    }

    long serverBytes() {
        return serverBytes;
    }

    /**
     * Counts a delivery and judges the first bytes of each side.
     *
     * @return whether the bytes should be decoded
     */
    boolean accept(Direction dir, long streamOffset, byte[] b, int off, int len, long ts) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        if (client) {
            clientBytes += len;
        } else {
            serverBytes += len;
        }
        if (decision.decided()) {
            return false;
        }
        if (!client) {
            if (midStream && !clientJudged) {
                // A fresh TLS handshake always starts with the client: server bytes first mean we
                // joined an existing conversation.
                decision.decide(Outcome.MID_STREAM, ts,
                        "connection began before the capture and the server spoke first");
                return false;
            }
            return true;
        }
        if (!clientJudged) {
            clientJudged = true;
            if (midStream && !looksLikeHelloStart(b, off, len)) {
                decision.decide(Outcome.MID_STREAM, ts,
                        "connection began before the capture; the client's first bytes are not a ClientHello");
                return false;
            }
            if (!midStream && streamOffset > 0) {
                decision.note("client stream begins at offset " + streamOffset + " (bytes missing): "
                        + "the ClientHello was not captured");
                handshakeStarted = true;
                open.stop(dir);
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeHelloStart(byte[] b, int off, int len) {
        if (len > 0 && (b[off] & 0x80) != 0) {
            return RecordFraming.looksSslv2Hello(b, off, len);
        }
        // RFC 8446 §5.1 / §4: handshake record (22), version 3.x, first message client_hello (1).
        return len > 0 && b[off] == ContentType.handshake && (len < 2 || b[off + 1] == 3)
                && (len < 6 || b[off + 5] == HandshakeType.client_hello);
    }

    /** The client's first record decides whether this is TLS at all. */
    void onRecord(Direction dir, int contentType, long ts) {
        if (dir != Direction.CLIENT_TO_SERVER || clientRecordSeen) {
            return;
        }
        clientRecordSeen = true;
        if (decision.decided() || handshakeStarted) {
            return;
        }
        if (contentType != ContentType.handshake) {
            notTls(ts, "the client's first record is " + ContentType.getName((short) contentType) + ", not a handshake");
            return;
        }
        startHandshake();
    }

    void onSslv2Hello() {
        clientRecordSeen = true;
        startHandshake();
        stats.count(Counter.SSLV2_HELLOS);
    }

    /**
     * A handshake message before any ClientHello: the client's first message must be one.
     *
     * @param atStart no ClientHello has been seen and the handshake is still in its START state
     * @return true when this decided the connection is not TLS
     */
    boolean notAClientHello(Direction dir, int type, boolean atStart, long ts) {
        if (dir == Direction.CLIENT_TO_SERVER && atStart && type != HandshakeType.client_hello) {
            notTls(ts, "the client's first handshake message is type " + type + ", not a ClientHello");
            return true;
        }
        return false;
    }

    /** @return true when the framing error was the client's very first bytes, so not TLS */
    boolean framingErrorAtStart(Direction dir, String reason, boolean atStreamStart, long ts) {
        if (dir == Direction.CLIENT_TO_SERVER && atStreamStart && !handshakeStarted) {
            notTls(ts, "the client's first bytes are not TLS: " + reason);
            return true;
        }
        return false;
    }

    /** At close: a connection that began before the capture and never showed a handshake stays mid_stream. */
    boolean closeUnstarted(long ts) {
        if (midStream && !handshakeStarted) {
            decision.decide(Outcome.MID_STREAM, ts, "connection began before the capture");
            return true;
        }
        return false;
    }

    private void startHandshake() {
        handshakeStarted = true;
        stats.count(Counter.TLS_CONNECTIONS);
    }

    private void notTls(long ts, String why) {
        open.stopBoth();
        decision.decide(midStream ? Outcome.MID_STREAM : Outcome.NOT_TLS, ts, why);
    }
}
