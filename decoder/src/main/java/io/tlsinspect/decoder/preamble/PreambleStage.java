package io.tlsinspect.decoder.preamble;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.Transport;
import java.util.ArrayList;
import java.util.List;

/**
 * The stage before the TLS decoder (DESIGN §2 "TLS wherever it appears"): holds one connection's first
 * bytes until {@link Sniffer} knows whether a preamble protocol comes first, follows that protocol
 * ({@link PreambleProtocol}) to the point where TLS starts, and hands the TLS decoder each direction's
 * bytes from its first TLS byte on, with stream offsets counted from there. Bytes it does not
 * recognise go to the TLS decoder unchanged (so plain HTTP stays {@code not_tls}).
 *
 * <p>Bounded (DESIGN §3): at most {@link #LIMIT} bytes per direction are held or read as preamble; a
 * plaintext conversation longer than that is given up ({@code preamble_limit_hits}).
 */
public final class PreambleStage {
    /** Where the stage sends TLS bytes: the connection's TLS decoder. */
    public interface Downstream {
        boolean decode(Direction dir, long tsNanos, long streamOffset, byte[] b, int off, int len);
    }

    /** Most bytes one direction may send before TLS starts (and most bytes held). */
    public static final int LIMIT = 32 * 1024;
    /** Bytes after which a stream that matches no preamble goes to the TLS decoder as it is. */
    private static final int SNIFF_LIMIT = 1024;

    private enum Mode { SNIFF, NEGOTIATE, TLS, DONE }

    private final int serverPort;
    private final Downstream down;
    private final DecoderStats stats;
    private final PreambleBuffer client = new PreambleBuffer();
    private final PreambleBuffer server = new PreambleBuffer();
    private Mode mode = Mode.SNIFF;
    private Direction first;
    private PreambleProtocol protocol;
    private int clientMessages;
    private int serverMessages;
    private long clientBase;
    private long serverBase;
    private long serverBytesAtAsk = -1;
    private long serverBytesSeen;
    private String gaveUp;
    private boolean limitHit;

    public PreambleStage(int serverPort, Downstream down, DecoderStats stats) {
        this.serverPort = serverPort;
        this.down = down;
        this.stats = stats;
    }

    private PreambleBuffer of(Direction d) {
        return d == Direction.CLIENT_TO_SERVER ? client : server;
    }

    private long base(Direction d) {
        return d == Direction.CLIENT_TO_SERVER ? clientBase : serverBase;
    }

    /** Bytes held now (for tests of the bound). */
    public int buffered() {
        return client.held() + server.held();
    }

    /** Bytes allocated to hold preamble bytes (for tests: none when TLS starts at the first byte). */
    int allocated() {
        return client.capacity() + server.capacity();
    }

    /** Whether TLS bytes flow to the decoder (no preamble, or the preamble handed over). */
    public boolean passing() {
        return mode == Mode.TLS;
    }

    /** Bytes of this direction that were preamble, not TLS (all of them while TLS has not started). */
    public long preambleBytes(Direction d) {
        return switch (mode) {
            case TLS -> base(d);
            case SNIFF -> 0;
            default -> Long.MAX_VALUE;
        };
    }

    /** The TLS decoder's stream offset for a stream offset of the connection. */
    public long tlsOffset(Direction d, long streamOffset) {
        return streamOffset - base(d);
    }

    /**
     * Whether a connection's first delivery shows TLS from byte 0 (a handshake record or an SSLv2-format
     * hello from the client): then no preamble can come first, and the stage passes everything on as it is.
     * The connection decoder asks this before it makes a stage at all.
     */
    public static boolean tlsAtFirstByte(Direction dir, long streamOffset, byte[] b, int off, int len) {
        return dir == Direction.CLIENT_TO_SERVER && streamOffset == 0 && len > 0
                && ((b[off] & 0xff) == 0x16 || (b[off] & 0x80) != 0);
    }

    public boolean onData(Direction dir, long ts, long streamOffset, byte[] b, int off, int len) {
        switch (mode) {
            case TLS -> {
                long base = base(dir);
                if (streamOffset < base) { // cannot happen: the stage switches at a held byte
                    int skip = (int) Math.min(len, base - streamOffset);
                    return down.decode(dir, ts, 0, b, off + skip, len - skip);
                }
                return down.decode(dir, ts, streamOffset - base, b, off, len);
            }
            case DONE -> {
                return false;
            }
            default -> {
            }
        }
        if (mode == Mode.SNIFF && first == null && tlsAtFirstByte(dir, streamOffset, b, off, len)) {
            mode = Mode.TLS; // the common case: TLS (or an SSLv2-format hello) from the first byte, nothing copied
            return down.decode(dir, ts, streamOffset, b, off, len);
        }
        if (dir == Direction.SERVER_TO_CLIENT) {
            serverBytesSeen += len;
        }
        PreambleBuffer buf = of(dir);
        if (streamOffset != buf.endOffset()) {
            giveUp(ts, "bytes missing in the " + (protocol == null ? "first bytes" : protocol.name() + " preamble"));
            return false;
        }
        if (first == null) {
            first = dir;
        }
        // The limit is on every byte before TLS, read or held: a plaintext session is not followed forever.
        if (buf.endOffset() + len > LIMIT || !buf.append(b, off, len, LIMIT)) {
            if (mode == Mode.SNIFF) {
                passThrough(ts); // nothing recognised in what came before: the TLS decoder judges it all
                return down.decode(dir, ts, streamOffset, b, off, len);
            }
            limitHit = true;
            stats.count(Counter.PREAMBLE_LIMIT_HITS);
            giveUp(ts, "more than " + LIMIT + " bytes before TLS");
            return false;
        }
        step(ts);
        return mode != Mode.DONE;
    }

    /** @return whether the gap belongs to the TLS decoder (then with {@link #tlsOffset}) */
    public boolean onGap(Direction dir, long ts) {
        if (mode == Mode.SNIFF || mode == Mode.NEGOTIATE) {
            giveUp(ts, "bytes missing in the " + (protocol == null ? "first bytes" : protocol.name() + " preamble"));
        }
        return mode == Mode.TLS;
    }

    /** At a FIN, RST or the close: bytes still waiting for the sniffer go to the TLS decoder as they are. */
    public void flush(long ts) {
        if (mode == Mode.SNIFF && (client.size() > 0 || server.size() > 0)) {
            passThrough(ts);
        }
    }

    private void step(long ts) {
        if (mode == Mode.SNIFF) {
            Sniffer.Guess g = client.size() == 0 && first == Direction.CLIENT_TO_SERVER ? Sniffer.Guess.MORE
                    : Sniffer.guess(first, client.array(), client.start(), client.size(), server.array(), server.start(),
                    server.size(), serverPort);
            if (g.protocol() != null) {
                protocol = g.protocol();
                mode = Mode.NEGOTIATE;
                stats.count(Counter.PREAMBLES);
            } else if (!g.needMore() || client.size() > SNIFF_LIMIT || server.size() > SNIFF_LIMIT) {
                passThrough(ts);
                return;
            } else {
                return;
            }
        }
        boolean progress = true;
        while (progress && mode == Mode.NEGOTIATE) {
            progress = false;
            if (protocol.phase() == Phase.TALKING && client.size() > 0) {
                int n = protocol.client(client.array(), client.start(), client.size());
                if (n < 0) {
                    malformed(ts, "client");
                    return;
                }
                if (n > 0) {
                    client.consume(n);
                    clientMessages++;
                    progress = true;
                    if (protocol.phase() == Phase.ASKED) {
                        serverBytesAtAsk = serverBytesSeen - server.size();
                    }
                }
            }
            Phase p = protocol.phase();
            if ((p == Phase.TALKING || p == Phase.ASKED) && server.size() > 0) {
                int n = protocol.server(server.array(), server.start(), server.size());
                if (n < 0) {
                    malformed(ts, "server");
                    return;
                }
                if (n > 0) {
                    server.consume(n);
                    serverMessages++;
                    progress = true;
                }
            }
            if (clientMessages > 0 && serverMessages > 0) {
                client.confirm(); // both sides speak the protocol: no need to keep what was read
                server.confirm();
            }
            switch (protocol.phase()) {
                case ACCEPTED -> startTls(ts);
                case REFUSED, NEVER -> done();
                default -> {
                }
            }
        }
    }

    /** The sniffer's guess was wrong at the first message: the TLS decoder judges the bytes instead. */
    private void malformed(long ts, String side) {
        if (clientMessages == 0 || serverMessages == 0) {
            stats.count(Counter.PREAMBLES_UNCONFIRMED);
            protocol = null;
            client.rewind();
            server.rewind();
            passThrough(ts);
        } else {
            giveUp(ts, "the " + side + "'s " + protocol.name() + " message could not be read");
        }
    }

    private void passThrough(long ts) {
        mode = Mode.TLS;
        clientBase = 0;
        serverBase = 0;
        flushBoth(ts, first == Direction.SERVER_TO_CLIENT);
    }

    private void startTls(long ts) {
        mode = Mode.TLS;
        clientBase = client.offset();
        serverBase = server.offset();
        flushBoth(ts, false);
    }

    private void flushBoth(long ts, boolean serverFirst) {
        if (serverFirst) {
            flush(Direction.SERVER_TO_CLIENT, server, ts);
            flush(Direction.CLIENT_TO_SERVER, client, ts);
        } else {
            flush(Direction.CLIENT_TO_SERVER, client, ts);
            flush(Direction.SERVER_TO_CLIENT, server, ts);
        }
    }

    private void flush(Direction d, PreambleBuffer buf, long ts) {
        if (buf.size() > 0) {
            down.decode(d, ts, buf.offset() - base(d), buf.array(), buf.start(), buf.size());
        }
        buf.release();
    }

    private void done() {
        mode = Mode.DONE;
        client.release();
        server.release();
    }

    private void giveUp(long ts, String why) {
        if (protocol == null && mode == Mode.SNIFF) {
            passThrough(ts); // nothing recognised: the TLS decoder sees what there is, gap included
            return;
        }
        gaveUp = why;
        done();
    }

    /** The record with the preamble's facts and, where the preamble decided it, its outcome. */
    public HandshakeRecord finish(HandshakeRecord r) {
        if (protocol == null) {
            return r;
        }
        Transport t = Transport.afterPreamble(protocol.name(), protocol.proxyTarget(),
                protocol.phase() == Phase.REFUSED ? protocol.refusal() : null);
        List<String> notes = new ArrayList<>(r.notes());
        Outcome o = r.outcome();
        String name = protocol.name();
        switch (protocol.phase()) {
            case ACCEPTED -> notes.add(0, name + " preamble: TLS started after the server agreed");
            case REFUSED -> {
                o = Outcome.STARTTLS_REFUSED;
                notes.add(0, name + " preamble: the server refused to start TLS"
                        + (protocol.refusal() == null ? "" : ": " + protocol.refusal()));
            }
            case NEVER -> {
                o = Outcome.TLS_NEVER_STARTED;
                notes.add(0, name + " preamble: the client went on in plaintext without asking for TLS");
            }
            case TALKING -> {
                if (clientMessages > 0 || limitHit) {
                    o = Outcome.TLS_NEVER_STARTED;
                    notes.add(0, name + " preamble: the client never asked to start TLS"
                            + (gaveUp != null ? " (" + gaveUp + ")" : ""));
                } else if (gaveUp != null) {
                    o = Outcome.INCOMPLETE;
                    notes.add(0, name + " preamble: " + gaveUp);
                }
            }
            case ASKED -> {
                if (gaveUp != null) {
                    o = Outcome.INCOMPLETE;
                    notes.add(0, name + " preamble: " + gaveUp);
                } else if (serverBytesSeen == serverBytesAtAsk) {
                    o = Outcome.NO_SERVER_RESPONSE;
                    notes.add(0, name + " preamble: the client asked to start TLS; the server never answered");
                } else {
                    o = Outcome.INCOMPLETE;
                    notes.add(0, name + " preamble: the client asked to start TLS; no answer could be read");
                }
            }
        }
        return r.withTransport(t, o, notes);
    }
}
