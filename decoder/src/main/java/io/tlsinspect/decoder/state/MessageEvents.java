package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.cache.NoteCache;
import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.decoder.names.TlsNames;
import io.tlsinspect.decoder.tls.handshake.HandshakeMessage;
import io.tlsinspect.decoder.tls.handshake.ServerKeyExchangeParser.KeyExchange;
import org.bouncycastle.tls.HandshakeType;

/**
 * Handshake messages to the events the {@link TransitionTable} reads, keeping on the way what the
 * result needs: the first ClientHello, the ServerHello or HelloRetryRequest, the server's
 * certificate, the (EC)DHE group. It decides no outcome.
 */
final class MessageEvents {
    private final Decision decision;
    private final DecoderStats stats;
    private final Interner interner;
    private ClientHelloInfo clientHello;
    private ServerHelloInfo serverHello;
    private ServerHelloInfo helloRetry;
    private CertificateInfo certificate;
    private boolean pskAccepted;
    /** TLS <= 1.2: the named curve of an ECDHE ServerKeyExchange (RFC 8422 §5.4), or null. */
    private Integer serverKeyExchangeGroup;
    private int clientHellos;
    /** An SSL 2.0 SERVER-HELLO with SESSION-ID-HIT. */
    private boolean sslv2Resumed;

    MessageEvents(Decision decision, DecoderStats stats, Interner interner) {
        this.decision = decision;
        this.stats = stats;
        this.interner = interner;
    }

    /** As made (a pooled tracker's, see {@link HandshakeTracker#restart}). */
    void reset() {
        clientHello = null;
        serverHello = null;
        helloRetry = null;
        certificate = null;
        pskAccepted = false;
        serverKeyExchangeGroup = null;
        clientHellos = 0;
        sslv2Resumed = false;
    }

    // A server's key exchange note, made once per group or size rather than per connection (issue 9).
    private static final NoteCache GROUP_NOTES = new NoteCache(64,
            k -> "server_key_exchange group " + TlsNames.group((int) k));
    private static final NoteCache DHE_NOTES = new NoteCache(64, k -> "server_key_exchange DHE group of " + k + " bits");

    /**
     * Keeps what the result needs from one message and names its event. (Java 17 has no pattern
     * switch, hence the instanceof chain over the sealed set; the last branch is the only one left.)
     */
    HandshakeEvent eventOf(Direction dir, HandshakeMessage m) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        if (m instanceof HandshakeMessage.ClientHello ch) {
            clientHellos++;
            if (clientHello == null) {
                // A parsed hello's lists and strings are the shape cache's already: twelve lookups saved.
                clientHello = ch.shared() ? ch.info() : interner.intern(ch.info());
            }
            return HandshakeEvent.CLIENT_HELLO;
        }
        if (m instanceof HandshakeMessage.ServerHello sh) {
            return serverHello(sh);
        }
        if (m instanceof HandshakeMessage.Certificate c) {
            if (!client && certificate == null) {
                certificate = c.leaf();
            }
            if (c.problem() != null) {
                decision.note(dir.sender() + " Certificate: " + c.problem());
            }
            return HandshakeEvent.CERTIFICATE;
        }
        if (m instanceof HandshakeMessage.ServerKeyExchange k) {
            if (k.namedGroup() >= 0) {
                serverKeyExchangeGroup = k.namedGroup();
                decision.note(GROUP_NOTES.of(k.namedGroup()));
            } else if (k.dhBits() > 0) {
                decision.note(DHE_NOTES.of(k.dhBits()));
            }
            return HandshakeEvent.SERVER_KEY_EXCHANGE;
        }
        if (m instanceof HandshakeMessage.Oversized o) {
            if (o.type() == HandshakeType.client_hello) {
                clientHellos++;
            }
            return HandshakeEvent.of(o.type());
        }
        if (m instanceof HandshakeMessage.Malformed mf) {
            stats.count(Counter.MALFORMED_MESSAGES);
            if (mf.type() == HandshakeType.client_hello || mf.type() == HandshakeType.server_hello) {
                stats.count(Counter.MALFORMED_HELLOS);
            }
            decision.note("malformed " + dir.sender() + " message: " + mf.reason());
            return HandshakeEvent.MALFORMED;
        }
        // CertificateRequest, ServerHelloDone, ClientKeyExchange, CertificateVerify, Finished,
        // NewSessionTicket, CertificateStatus, HelloRequest, Other: only their type matters here.
        return HandshakeEvent.of(m.type());
    }

    private HandshakeEvent serverHello(HandshakeMessage.ServerHello sh) {
        ServerHelloInfo info = interner.intern(sh.info());
        if (info.helloRetryRequest()) {
            helloRetry = info;
            return HandshakeEvent.HELLO_RETRY_REQUEST;
        }
        serverHello = info;
        pskAccepted = sh.pskAccepted();
        if (sh.downgradeSentinel() && !TlsVersion.isTls13(info.version())) {
            decision.note("ServerHello random carries the RFC 8446 §4.1.3 downgrade sentinel");
        }
        return TlsVersion.isTls13(info.version()) ? HandshakeEvent.SERVER_HELLO_TLS13 : HandshakeEvent.SERVER_HELLO;
    }

    /**
     * An SSL 2.0 SERVER-HELLO (SSL 2.0 spec §2.6): the server's answer and certificate. With
     * SESSION-ID-HIT the session is resumed (§2.2.2).
     */
    void sslv2ServerHello(ServerHelloInfo info, CertificateInfo cert, boolean sessionIdHit) {
        serverHello = interner.intern(info);
        if (cert != null && certificate == null) {
            certificate = cert;
        }
        sslv2Resumed = sessionIdHit;
    }

    /** The CIPHER-KIND the client chose in its SSL 2.0 CLIENT-MASTER-KEY (§2.5): the session's cipher. */
    void sslv2Cipher(int kind) {
        ServerHelloInfo s = serverHello;
        if (s != null) {
            serverHello = interner.intern(new ServerHelloInfo(s.version(), s.legacyVersion(), kind, s.sessionId(),
                    s.compression(), s.extensions(), false, null, null, null, null));
        }
    }

    int clientHellos() {
        return clientHellos;
    }

    /** The ServerHello selected TLS 1.3. */
    boolean tls13() {
        return serverHello != null && TlsVersion.isTls13(serverHello.version());
    }

    /**
     * RFC 8446 App. D.4: the handshake may be TLS 1.3, whose ChangeCipherSpec is only for
     * middleboxes: a TLS 1.3 ServerHello, a HelloRetryRequest, or (before any ServerHello) a client
     * that offered TLS 1.3.
     */
    boolean mayBeTls13() {
        return tls13() || helloRetry != null
                || (serverHello == null && clientHello != null && clientHello.maxVersion() >= TlsVersion.TLS13);
    }

    /** The negotiated suite (from the ServerHello, else the HelloRetryRequest), or -1. */
    int cipher() {
        return serverHello != null ? serverHello.cipher() : helloRetry != null ? helloRetry.cipher() : -1;
    }

    /** The negotiated suite's key exchange, which the ServerKeyExchange layout depends on. */
    KeyExchange keyExchange() {
        return serverHello == null ? KeyExchange.OTHER : KeyExchange.of(serverHello.cipher());
    }

    ClientHelloInfo clientHello() {
        return clientHello;
    }

    /** The ServerHello, or the HelloRetryRequest when that is all the server sent. */
    ServerHelloInfo serverHelloOrRetry() {
        return serverHello != null ? serverHello : helloRetry;
    }

    boolean helloRetry() {
        return helloRetry != null;
    }

    CertificateInfo certificate() {
        return certificate;
    }

    /** The (EC)DHE group used: the TLS 1.3 key_share, else the TLS 1.2 ServerKeyExchange curve. */
    Integer keyExchangeGroup() {
        ServerHelloInfo sh = serverHelloOrRetry();
        return sh != null && sh.keyShareGroup() != null ? sh.keyShareGroup() : serverKeyExchangeGroup;
    }

    /**
     * Resumed (Zeek's {@code resumed}): TLS <= 1.2 server echoed the client's non-empty session ID
     * (RFC 5246 §7.4.1.3) or ran the abbreviated handshake; TLS 1.3 server accepted a PSK
     * (RFC 8446 §4.2.11). A TLS 1.3 server echoes the legacy session ID always, so that is no sign.
     *
     * @param abbreviated the transition table went through the abbreviated handshake
     */
    boolean resumed(boolean abbreviated) {
        ServerHelloInfo sh = serverHello;
        if (sh == null) {
            return false;
        }
        if (sslv2Resumed) {
            return true;
        }
        if (TlsVersion.isTls13(sh.version())) {
            return pskAccepted; // drafts and experiments too: their compatibility-mode echo is no resumption

        }
        boolean echo = clientHello != null && !sh.sessionId().isEmpty() && sh.sessionId().equals(clientHello.sessionId());
        return echo || abbreviated;
    }
}
