package io.tlsinspect.decoder.state;

import io.tlsinspect.capture.tcp.Direction;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.TlsVersion;
import io.tlsinspect.decoder.names.TlsNames;
import io.tlsinspect.decoder.tls.handshake.Sslv2Messages;

/**
 * An SSL 2.0 session after an SSLv2-format ClientHello (SSL 2.0 protocol specification,
 * draft-hickman, Feb. 1995). The flow (§2.2.1): SERVER-HELLO in the clear, the client's
 * CLIENT-MASTER-KEY in the clear, then everything encrypted: CLIENT-FINISHED, SERVER-VERIFY,
 * SERVER-FINISHED and the data. With SESSION-ID-HIT (§2.2.2) the client sends no
 * CLIENT-MASTER-KEY and encrypts at once. ERROR (§2.7) is sent in the clear during key negotiation.
 * It keeps the hello, the certificate and the chosen cipher through {@link MessageEvents}, sends
 * ERRORs to {@link AlertRules} and a completed exchange to {@link Completion}; closes stay with
 * {@link CloseRules}.
 */
final class Sslv2Session {
    private final MessageEvents messages;
    private final AlertRules alerts;
    private final Completion completion;
    private final History history;
    private final Decision decision;
    private final DecoderStats stats;
    private boolean serverHello;
    private boolean keysSet;
    private boolean clientEncrypted;
    private boolean serverEncrypted;

    Sslv2Session(MessageEvents messages, AlertRules alerts, Completion completion, History history,
                 Decision decision, DecoderStats stats) {
        this.messages = messages;
        this.alerts = alerts;
        this.completion = completion;
        this.history = history;
        this.decision = decision;
        this.stats = stats;
    }

    /** The server answered in SSL 2.0: both directions are read as SSL 2.0 records from now on. */
    boolean started() {
        return serverHello;
    }

    void onRecord(Direction dir, byte[] b, int off, int len, long ts) {
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        int error = Sslv2Messages.error(b, off, len);
        if (error >= 0) {
            alerts.sslv2Error(dir, error, ts);
            return;
        }
        if (!client && !serverHello) {
            serverHello(b, off, len);
        } else if (client && serverHello && !keysSet) {
            clientMasterKey(b, off, len);
        } else if (keysSet) {
            encrypted(client, ts);
        } else {
            history.add(HandshakeEvent.MALFORMED, client);
            decision.note("SSL 2.0 " + dir.sender() + " record before the SERVER-HELLO");
        }
    }

    private void serverHello(byte[] b, int off, int len) {
        String[] why = new String[1];
        Sslv2Messages.ServerHello sh = Sslv2Messages.serverHello(b, off, len, why);
        if (sh == null) {
            stats.count(Counter.MALFORMED_HELLOS);
            stats.count(Counter.MALFORMED_MESSAGES);
            history.add(HandshakeEvent.MALFORMED, false);
            decision.note("malformed server message: " + why[0]);
            return;
        }
        serverHello = true;
        history.add(HandshakeEvent.SERVER_HELLO, false);
        messages.sslv2ServerHello(sh.info(), sh.certificate(), sh.sessionIdHit());
        if (sh.problem() != null) {
            decision.note("server SERVER-HELLO certificate: " + sh.problem());
        }
        decision.note("the server answered in SSL 2.0 (SERVER-HELLO, version " + TlsVersion.name(sh.info().version())
                + (sh.sessionIdHit() ? ", SESSION-ID-HIT: resumed" : ", " + sh.cipherSpecs().size() + " cipher specs")
                + ")");
        // §2.2.2: with a session-identifier hit the client encrypts at once (no CLIENT-MASTER-KEY).
        keysSet = sh.sessionIdHit();
    }

    private void clientMasterKey(byte[] b, int off, int len) {
        String[] why = new String[1];
        int kind = Sslv2Messages.clientMasterKey(b, off, len, why);
        // §2.5: CLIENT-MASTER-KEY follows the SERVER-HELLO; anything after it is encrypted either way.
        keysSet = true;
        if (kind < 0) {
            stats.count(Counter.MALFORMED_MESSAGES);
            history.add(HandshakeEvent.MALFORMED, true);
            decision.note("malformed client message: " + why[0]);
            return;
        }
        history.add(HandshakeEvent.CLIENT_KEY_EXCHANGE, true);
        messages.sslv2Cipher(kind);
        decision.note("SSL 2.0 CLIENT-MASTER-KEY chose " + TlsNames.cipherSuite(kind));
    }

    private void encrypted(boolean client, long ts) {
        history.add(HandshakeEvent.APPLICATION_DATA, client);
        // The client's CLIENT-FINISHED and the server's SERVER-VERIFY (§2.6), in either order: with a
        // session-identifier hit the server may send SERVER-VERIFY first (§2.2.2).
        if (client) {
            clientEncrypted = true;
        } else {
            serverEncrypted = true;
        }
        if (clientEncrypted && serverEncrypted) {
            completion.sslv2Established(ts);
        }
    }
}
