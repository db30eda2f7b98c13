package io.tlsinspect.decoder.quic;

import io.tlsinspect.capture.tcp.ConnectionInfo;
import io.tlsinspect.capture.tcp.ConnectionListener;
import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.fingerprint.Ja4;
import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.Transport;
import io.tlsinspect.decoder.state.Interner;
import io.tlsinspect.decoder.state.RecordBuilder;
import io.tlsinspect.decoder.tls.handshake.ClientHelloParser;
import io.tlsinspect.decoder.tls.handshake.HandshakeMessage;
import io.tlsinspect.decoder.tls.handshake.ServerHelloParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The listener for one QUIC connection, a UDP flow between one client address/port and one server
 * address/port (the 4-tuple, not the connection IDs: the server's first Initial changes the client's
 * Destination Connection ID, RFC 9000 §7.2, and the 4-tuple is what stays). Reads every datagram's
 * packets by their headers (RFC 9000 §12.2 coalescing, §17 long and short headers), decrypts Initial
 * packets (RFC 9001 §5.2 keys from the client's Destination Connection ID; RFC 9369 §3.3 for v2), each
 * at most once and only until both hellos are known, reassembles their CRYPTO frames into the
 * ClientHello and ServerHello, which the TLS parsers read as for TCP, and emits one
 * {@link HandshakeRecord} when the flow ends; {@link QuicFacts} decides its outcome. Nothing thrown
 * below escapes: hostile bytes are counted ({@code quic_unreadable_packets}).
 */
public final class QuicConnectionDecoder implements ConnectionListener {
    private final ConnectionInfo info;
    private final Consumer<HandshakeRecord> sink;
    private final DecoderStats stats;
    private final Interner interner;
    private final QuicFacts facts = new QuicFacts();
    /** The client's Destination Connection ID the Initial keys derive from (RFC 9001 §5.2). */
    private byte[] keyDcid;
    private long keyVersion;
    private InitialKeys clientKeys;
    private InitialKeys serverKeys;
    /** CRYPTO data of each direction's Initials; dropped once its hello is read (or given up). */
    private CryptoFrames clientCrypto = new CryptoFrames();
    private CryptoFrames serverCrypto = new CryptoFrames();
    private boolean clientDone;
    private boolean serverDone;
    private boolean closed;

    public QuicConnectionDecoder(ConnectionInfo info, Consumer<HandshakeRecord> sink, DecoderStats stats,
                                 Interner interner) {
        this.info = info;
        this.sink = sink;
        this.stats = stats;
        this.interner = interner;
        stats.count(Counter.CONNECTIONS);
        stats.count(Counter.QUIC_CONNECTIONS);
    }

    @Override
    public boolean onData(Direction dir, long tsNanos, long streamOffset, byte[] buf, int off, int len) {
        return false; // a UDP flow has no stream: datagrams come through onDatagram
    }

    @Override
    public void onDatagram(Direction dir, long tsNanos, byte[] b, int off, int len) {
        try {
            datagram(dir, tsNanos, b, off, len);
        } catch (RuntimeException e) {
            stats.count(Counter.LISTENER_ERRORS);
            facts.note("decoder error: " + e);
            clientDone = serverDone = true;
            clientCrypto = serverCrypto = null;
        }
    }

    @Override
    public void onUnreachable(long tsNanos) {
        facts.unreachable = true;
    }

    private void datagram(Direction dir, long ts, byte[] b, int off, int len) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        if (!client) {
            facts.serverAnswered = true;
        }
        int p = off;
        int end = off + len;
        while (p < end) {
            int first = b[p] & 0xff;
            if ((first & 0x80) == 0) {
                // RFC 9000 §17.3.1: a short header (1-RTT) packet has the fixed bit set and runs to the
                // end of the datagram; anything else here is padding or junk.
                if ((first & 0x40) != 0) {
                    facts.oneRtt(client, ts);
                } else if (p == off) {
                    stats.count(Counter.QUIC_UNREADABLE);
                    facts.unreadable(client);
                }
                return;
            }
            if (p + 5 <= end && b[p + 1] == 0 && b[p + 2] == 0 && b[p + 3] == 0 && b[p + 4] == 0) {
                versionNegotiation(client, b, p, end);
                return;
            }
            InitialPacket pk;
            try {
                pk = InitialPacket.read(b, p, end - p, decrypting() ? (v, dcid) -> keys(client, v, dcid) : null);
            } catch (InitialPacket.Unreadable e) {
                stats.count(Counter.QUIC_UNREADABLE);
                facts.unreadable(client);
                return;
            }
            facts.longHeader(client, pk.version(), pk.type(), ts);
            if (pk.payload() != null) {
                stats.count(Counter.QUIC_INITIALS_DECRYPTED);
                frames(client, pk.payload(), ts);
            }
            p += pk.length();
        }
    }

    /** Decrypt only until both hellos are known (or given up), or a CONNECTION_CLOSE ended the handshake. */
    private boolean decrypting() {
        return !(clientDone && serverDone) && facts.closeError == null;
    }

    /**
     * RFC 9001 §5.2: both directions' Initial keys come from the Destination Connection ID of the
     * client's first Initial. Until the server has answered, a client Initial with another DCID is a new
     * attempt on the same 4-tuple (a retry with fresh connection IDs): its keys replace the old ones.
     */
    private InitialKeys keys(boolean client, long version, byte[] dcid) {
        if (!InitialKeys.supported(version)) {
            facts.note("QUIC version " + String.format("0x%08x", version) + ": no Initial keys known, not decrypted");
            return null;
        }
        if (client && !facts.serverAnswered && (keyDcid == null || !Arrays.equals(keyDcid, dcid))) {
            if (keyDcid != null) {
                facts.attempts++;
                clientCrypto = new CryptoFrames(); // the new attempt's hello starts again at offset 0
                clientDone = false;
                facts.clientHello = null;
            }
            keyDcid = dcid;
            keyVersion = version;
            clientKeys = null;
            serverKeys = null;
        }
        if (keyDcid == null) {
            return null; // a server Initial before any client Initial: the capture started too late
        }
        if (version != keyVersion) {
            return InitialKeys.of(version, keyDcid, client); // compatible version negotiation: rare
        }
        if (client) {
            return clientKeys != null ? clientKeys : (clientKeys = InitialKeys.of(version, keyDcid, true));
        }
        return serverKeys != null ? serverKeys : (serverKeys = InitialKeys.of(version, keyDcid, false));
    }

    private void frames(boolean client, byte[] payload, long ts) {
        CryptoFrames c = client ? clientCrypto : serverCrypto;
        if (c == null) {
            return;
        }
        c.add(payload);
        if (c.closeError() != null && facts.closeError == null) {
            facts.close(client, c.closeError(), ts);
        }
        if (c.overflow()) {
            stats.count(Counter.BUFFER_CAP_HITS);
        }
        if (client && !clientDone) {
            clientHello(c);
        } else if (!client && !serverDone) {
            serverHello(c);
        }
    }

    /** RFC 9001 §4.1.3: the CRYPTO stream carries TLS handshake messages without records; the first is the hello. */
    private static int wholeMessage(CryptoFrames c, int type) {
        int n = c.contiguousLength();
        byte[] d = c.buffer();
        if (n < 4) {
            return -1;
        }
        if ((d[0] & 0xff) != type) {
            return -2;
        }
        int len = (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | (d[3] & 0xff);
        if (len > CryptoFrames.CAP - 4) {
            return -2;
        }
        return n >= 4 + len ? len : -1;
    }

    private void clientHello(CryptoFrames c) {
        int len = wholeMessage(c, 1);
        if (len == -1) {
            return;
        }
        clientDone = true;
        clientCrypto = null;
        // QUIC has no record layer: the hello is read as a TLS 1.2 record would carry it (RFC 9001 §4).
        HandshakeMessage m = len < 0 ? null : ClientHelloParser.parse(c.buffer(), 4, len, 0x0303);
        if (m instanceof HandshakeMessage.ClientHello h) {
            ClientHelloInfo ch = h.info();
            facts.clientHello = interner.intern(ch.withJa4(Ja4.quic(ch.ja4())));
            stats.count(Counter.TLS_CONNECTIONS);
            stats.count(Counter.HANDSHAKE_MESSAGES);
            facts.history('C');
        } else {
            stats.count(Counter.MALFORMED_HELLOS);
            facts.note("the client's CRYPTO data is not a readable ClientHello"
                    + (m instanceof HandshakeMessage.Malformed bad ? ": " + bad.reason() : ""));
        }
    }

    private void serverHello(CryptoFrames c) {
        int len = wholeMessage(c, 2);
        if (len == -1) {
            return;
        }
        serverDone = true;
        serverCrypto = null;
        HandshakeMessage m = len < 0 ? null : ServerHelloParser.parse(c.buffer(), 4, len);
        if (m instanceof HandshakeMessage.ServerHello h) {
            facts.serverHello = interner.intern(h.info());
            stats.count(Counter.HANDSHAKE_MESSAGES);
            facts.history(h.info().helloRetryRequest() ? 'j' : 's');
        } else {
            stats.count(Counter.MALFORMED_HELLOS);
            facts.note("the server's CRYPTO data is not a readable ServerHello"
                    + (m instanceof HandshakeMessage.Malformed bad ? ": " + bad.reason() : ""));
        }
    }

    /** RFC 9000 §17.2.1: version 0, then the connection IDs, then 32-bit versions to the datagram's end. */
    private void versionNegotiation(boolean client, byte[] b, int p, int end) {
        if (client) {
            stats.count(Counter.QUIC_UNREADABLE); // only a server sends Version Negotiation
            facts.unreadable(true);
            return;
        }
        int q = p + 5;
        if (q >= end || q + 1 + (b[q] & 0xff) >= end) {
            stats.count(Counter.QUIC_UNREADABLE);
            return;
        }
        q += 1 + (b[q] & 0xff);
        q += 1 + (b[q] & 0xff);
        List<Long> versions = new ArrayList<>();
        for (; q + 4 <= end && versions.size() < 16; q += 4) {
            long v = ((long) (b[q] & 0xff) << 24) | ((b[q + 1] & 0xff) << 16) | ((b[q + 2] & 0xff) << 8) | (b[q + 3] & 0xff);
            // RFC 9000 §15: versions 0x?a?a?a?a are reserved to exercise negotiation; left out.
            if ((v & 0x0f0f0f0fL) != 0x0a0a0a0aL) {
                versions.add(v);
            }
        }
        facts.versionNegotiation(versions);
    }

    @Override
    public void onClose(ConnectionInfo finalInfo, EndReason reason, long tsNanos) {
        if (closed) {
            return;
        }
        closed = true;
        HandshakeRecord r;
        try {
            clientCrypto = null;
            serverCrypto = null;
            QuicFacts.Decision d = facts.decide(reason);
            ServerHelloInfo sh = facts.serverHello;
            Transport t = new Transport("quic", null, null, facts.version, facts.closeError, facts.vnVersions);
            AlertEvent alert = d.alert();
            r = new HandshakeRecord(finalInfo.id(), finalInfo.firstTsNanos(), tsNanos, finalInfo.client(),
                    finalInfo.server(), RecordBuilder.tcpFacts(finalInfo, reason), d.outcome(), d.established(),
                    sh == null ? 0 : sh.version(), sh == null ? -1 : sh.cipher(), false,
                    sh != null && sh.helloRetryRequest(), alert == null ? List.of() : List.of(alert), alert,
                    facts.clientHello, sh, null, facts.history(), d.inferred(), d.notes(), sh == null ? null
                    : sh.keyShareGroup(), t);
        } catch (RuntimeException e) {
            stats.count(Counter.LISTENER_ERRORS);
            r = RecordBuilder.fallback(finalInfo, reason, tsNanos, "decoder error: " + e);
        }
        sink.accept(r);
    }
}
