package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.model.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The DESIGN §4 rows decided when the connection ends without a decisive event: TCP-only outcomes
 * (refused, unanswered_syn, no_client_hello), mid_stream, and what idle timeout, eviction or the end
 * of the capture leave behind (no_server_response or incomplete).
 */
final class CloseRules {
    private CloseRules() {
    }

    static void apply(HandshakeTracker t, ConnectionInfo info, EndReason reason, long ts) {
        replayTcpEnds(t, info);
        Decision d = t.decision;
        if (d.decided()) {
            return;
        }
        long clientBytes = Math.max(t.clientBytes, info.payloadBytes(Direction.CLIENT_TO_SERVER));
        long serverBytes = Math.max(t.serverBytes, info.payloadBytes(Direction.SERVER_TO_CLIENT));
        if (!info.midStream() && info.synSeen() && !info.synAckSeen() && clientBytes == 0 && serverBytes == 0) {
            if (info.rstTsNanos(Direction.SERVER_TO_CLIENT) != 0) {
                d.decide(Outcome.REFUSED, ts, "the SYN was answered by a reset");
            } else {
                d.decide(Outcome.UNANSWERED_SYN, ts, info.synCount() + " SYN(s) without an answer");
            }
        } else if (info.midStream() && !t.handshakeStarted) {
            d.decide(Outcome.MID_STREAM, ts, "connection began before the capture");
        } else if (clientBytes == 0) {
            d.decide(Outcome.NO_CLIENT_HELLO, ts, "TCP connection without any client bytes");
        } else if (!t.handshakeStarted) {
            d.decide(Outcome.INCOMPLETE, ts, "too few client bytes (" + clientBytes + ") to tell what they are");
        } else if (serverBytes == 0 && (reason == EndReason.IDLE_TIMEOUT || reason == EndReason.EVICTED
                || reason == EndReason.PORT_REUSE)) {
            d.decide(Outcome.NO_SERVER_RESPONSE, ts, "ClientHello sent, nothing came back before the "
                    + reasonText(reason));
        } else if (reason == EndReason.PORT_REUSE) {
            d.decide(Outcome.CLIENT_ABANDONED, ts, "the client reused the port after the server's flight");
        } else {
            d.decide(Outcome.INCOMPLETE, ts, "nothing decisive before the " + reasonText(reason));
        }
    }

    private static String reasonText(EndReason r) {
        return switch (r) {
            case CLOSED -> "connection closed";
            case IDLE_TIMEOUT -> "idle timeout";
            case EVICTED -> "flow was evicted from the flow table";
            case PORT_REUSE -> "client reused the port";
            case END_OF_CAPTURE -> "capture ended";
        };
    }

    /**
     * The flow table reports FIN and RST as they happen; this replays them from the final TCP facts in
     * time order too, so the rules hold even for a caller that only reports the close.
     */
    private static void replayTcpEnds(HandshakeTracker t, ConnectionInfo info) {
        record End(long ts, Direction dir, boolean rst) {
        }
        List<End> ends = new ArrayList<>(4);
        for (Direction dir : Direction.values()) {
            if (info.finTsNanos(dir) != 0) {
                ends.add(new End(info.finTsNanos(dir), dir, false));
            }
            if (info.rstTsNanos(dir) != 0) {
                ends.add(new End(info.rstTsNanos(dir), dir, true));
            }
        }
        ends.sort(Comparator.comparingLong(End::ts));
        long serverPayload = info.payloadBytes(Direction.SERVER_TO_CLIENT);
        for (End e : ends) {
            t.onTcpEnd(e.dir(), e.rst(), e.ts(), serverPayload);
        }
    }
}
