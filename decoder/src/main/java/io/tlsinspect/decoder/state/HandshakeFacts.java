package io.tlsinspect.decoder.state;

import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import java.util.List;

/**
 * What one connection's handshake showed, fixed when the connection closes: the outcome and the
 * alert that decided it, the hellos, the certificate, the history. {@link RecordBuilder} adds the TCP
 * facts to make the {@link io.tlsinspect.decoder.model.HandshakeRecord}. Immutable.
 *
 * @param decisiveAlert the alert that decided a server_alert or client_alert outcome, else null
 * @param serverHello the ServerHello, or the HelloRetryRequest when that is all the server sent
 * @param helloRetry the server sent a HelloRetryRequest
 * @param resumed see {@link MessageEvents#resumed}
 * @param heartbeats the heartbeat messages seen (RFC 6520), or null
 */
public record HandshakeFacts(
        Outcome outcome,
        boolean inferred,
        List<String> notes,
        List<AlertEvent> alerts,
        AlertEvent decisiveAlert,
        ClientHelloInfo clientHello,
        ServerHelloInfo serverHello,
        boolean helloRetry,
        CertificateInfo certificate,
        boolean resumed,
        Integer keyExchangeGroup,
        String history,
        io.tlsinspect.decoder.model.Heartbeats heartbeats) {

    public HandshakeFacts {
        notes = List.copyOf(notes);
        alerts = List.copyOf(alerts);
    }
}
