package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.model.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How the connection ended, when no TLS event decided it first: the only place that decides DESIGN
 * §4's rows {@code server_reset}, {@code server_closed}, {@code no_server_response},
 * {@code client_abandoned}, {@code refused}, {@code unanswered_syn}, {@code no_client_hello} and
 * {@code incomplete}. FIN and RST are judged as the flow table delivers them; one that came before the
 * client's handshake started is kept and judged again at close, in time order, once the whole stream
 * is known. The rest is decided at close from the final TCP facts (idle timeout, eviction, port
 * reuse, end of capture).
 */
final class CloseRules {
    /** A direction's FIN and RST each reach the tracker once: at most four ends. */
    private static final int MAX_EARLY_ENDS = 4;

    private record End(Direction dir, boolean rst, long ts) {
    }

    private final Decision decision;
    private final StreamStart start;
    private final Tls13Inference tls13;
    private final Tls12Records tls12;
    private static final Comparator<End> BY_TIME = Comparator.comparingLong(End::ts);
    /** FINs and RSTs before the handshake started; made at the first (most connections end once, at the close). */
    private List<End> early;
    private boolean ended;

    CloseRules(Decision decision, StreamStart start, Tls13Inference tls13, Tls12Records tls12) {
        this.decision = decision;
        this.start = start;
        this.tls13 = tls13;
        this.tls12 = tls12;
    }

    /** As made (a pooled tracker's, see {@link HandshakeTracker#restart}). */
    void reset() {
        early = null;
        ended = false;
    }

    /** A FIN or RST from one side, in capture order. */
    void onTcpEnd(Direction dir, boolean rst, long ts, long serverPayloadBytes) {
        ended = true;
        tls13.onConnectionEnd();
        if (decision.decided() || tls12.onTcpEnd(dir, rst)) {
            return;
        }
        if (!start.handshakeStarted()) {
            if (early == null) {
                early = new ArrayList<>(2);
            }
            if (early.size() < MAX_EARLY_ENDS) {
                early.add(new End(dir, rst, ts));
            }
            return;
        }
        judge(dir, rst, ts, serverPayloadBytes);
    }

    private void judge(Direction dir, boolean rst, long ts, long serverPayloadBytes) {
        // Whole literals, not "FIN"/"RST" joined in: one of these notes ends many connections.
        if (dir == Direction.SERVER_TO_CLIENT) {
            decision.decide(rst ? Outcome.SERVER_RESET : Outcome.SERVER_CLOSED, ts,
                    rst ? "server sent RST before the handshake completed, with no alert"
                            : "server sent FIN before the handshake completed, with no alert");
        } else if (start.serverBytes() == 0 && serverPayloadBytes == 0) {
            decision.decide(Outcome.NO_SERVER_RESPONSE, ts,
                    rst ? "client sent RST after its ClientHello; the server sent nothing"
                            : "client sent FIN after its ClientHello; the server sent nothing");
        } else {
            decision.decide(Outcome.CLIENT_ABANDONED, ts,
                    rst ? "client sent RST after the server's flight, with no alert"
                            : "client sent FIN after the server's flight, with no alert");
        }
    }

    /** The flow table is done with the connection: decide what is still undecided. */
    void atClose(ConnectionInfo info, EndReason reason, long ts) {
        long serverPayload = info.payloadBytes(Direction.SERVER_TO_CLIENT);
        if (ended) {
            tls13.onConnectionEnd();
        }
        tls12.atClose();
        if (early != null && early.size() > 1) {
            early.sort(BY_TIME);
        }
        for (int i = 0; early != null && i < early.size(); i++) { // by index: no iterator per connection
            End e = early.get(i);
            if (decision.decided() || !start.handshakeStarted()) {
                break;
            }
            judge(e.dir(), e.rst(), e.ts(), serverPayload);
        }
        if (decision.decided()) {
            return;
        }
        long clientBytes = Math.max(start.clientBytes(), info.payloadBytes(Direction.CLIENT_TO_SERVER));
        long serverBytes = Math.max(start.serverBytes(), serverPayload);
        if (!info.midStream() && info.synSeen() && !info.synAckSeen() && clientBytes == 0 && serverBytes == 0) {
            if (info.rstTsNanos(Direction.SERVER_TO_CLIENT) != 0) {
                decision.decide(Outcome.REFUSED, ts, "the SYN was answered by a reset");
            } else {
                decision.decide(Outcome.UNANSWERED_SYN, ts, info.synCount() + " SYN(s) without an answer");
            }
        } else if (start.closeUnstarted(ts)) {
            return;
        } else if (clientBytes == 0) {
            decision.decide(Outcome.NO_CLIENT_HELLO, ts, "TCP connection without any client bytes");
        } else if (!start.handshakeStarted()) {
            decision.decide(Outcome.INCOMPLETE, ts, "too few client bytes (" + clientBytes + ") to tell what they are");
        } else if (serverBytes == 0 && (reason == EndReason.IDLE_TIMEOUT || reason == EndReason.EVICTED
                || reason == EndReason.PORT_REUSE)) {
            decision.decide(Outcome.NO_SERVER_RESPONSE, ts, "ClientHello sent, nothing came back before the "
                    + reasonText(reason));
        } else if (reason == EndReason.PORT_REUSE) {
            decision.decide(Outcome.CLIENT_ABANDONED, ts, "the client reused the port after the server's flight");
        } else {
            decision.decide(Outcome.INCOMPLETE, ts, "nothing decisive before the " + reasonText(reason));
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
}
