package io.tlsinspect.decoder.model;

import io.tlsinspect.capture.tcp.Endpoint;
import java.util.List;

/**
 * Everything decided about one connection: DESIGN §6's {@code connections} entry, before the
 * reports module adds chain and findings. Immutable.
 *
 * @param id 1-based, in order of first packet (across all inputs of one run)
 * @param version negotiated version code, or 0 when none was negotiated
 * @param cipher negotiated suite code, or -1
 * @param resumed session-ID echo, abbreviated handshake, or accepted TLS 1.3 PSK
 * @param decisiveAlert the alert that decided a server_alert or client_alert outcome (the decoder's
 *     one answer to "which alert explains the outcome"); null for every other outcome
 * @param history one letter per event, Zeek-style: see {@code decoder.state.History}
 * @param serverName SNI if sent, else null
 * @param notes plain-language remarks, e.g. what was inferred and why
 * @param keyExchangeGroup the (EC)DHE group used: TLS 1.3 key_share, or TLS 1.2 ServerKeyExchange's
 *     named curve (RFC 8422 §5.4); null when none was seen
 * @param transport TCP from the first byte, TCP after a preamble, or QUIC (issue 11)
 * @param heartbeats the heartbeat messages seen (RFC 6520), or null when there were none
 */
public record HandshakeRecord(
        long id,
        long tsNanos,
        long endTsNanos,
        Endpoint client,
        Endpoint server,
        TcpFacts tcp,
        Outcome outcome,
        boolean established,
        int version,
        int cipher,
        boolean resumed,
        boolean helloRetry,
        List<AlertEvent> alerts,
        AlertEvent decisiveAlert,
        ClientHelloInfo clientHello,
        ServerHelloInfo serverHello,
        CertificateInfo certificate,
        String history,
        boolean inferred,
        List<String> notes,
        Integer keyExchangeGroup,
        Transport transport,
        Heartbeats heartbeats) {

    public HandshakeRecord {
        if (transport == null) {
            transport = Transport.TCP;
        }
    }

    /** A record without heartbeats. */
    public HandshakeRecord(long id, long tsNanos, long endTsNanos, Endpoint client, Endpoint server, TcpFacts tcp,
                           Outcome outcome, boolean established, int version, int cipher, boolean resumed,
                           boolean helloRetry, List<AlertEvent> alerts, AlertEvent decisiveAlert,
                           ClientHelloInfo clientHello, ServerHelloInfo serverHello, CertificateInfo certificate,
                           String history, boolean inferred, List<String> notes, Integer keyExchangeGroup,
                           Transport transport) {
        this(id, tsNanos, endTsNanos, client, server, tcp, outcome, established, version, cipher, resumed, helloRetry,
                alerts, decisiveAlert, clientHello, serverHello, certificate, history, inferred, notes,
                keyExchangeGroup, transport, null);
    }

    /** A record of a TLS connection that started at the first byte of TCP. */
    public HandshakeRecord(long id, long tsNanos, long endTsNanos, Endpoint client, Endpoint server, TcpFacts tcp,
                           Outcome outcome, boolean established, int version, int cipher, boolean resumed,
                           boolean helloRetry, List<AlertEvent> alerts, AlertEvent decisiveAlert,
                           ClientHelloInfo clientHello, ServerHelloInfo serverHello, CertificateInfo certificate,
                           String history, boolean inferred, List<String> notes, Integer keyExchangeGroup) {
        this(id, tsNanos, endTsNanos, client, server, tcp, outcome, established, version, cipher, resumed, helloRetry,
                alerts, decisiveAlert, clientHello, serverHello, certificate, history, inferred, notes,
                keyExchangeGroup, Transport.TCP, null);
    }

    /** The same record under another id (the cli numbers connections 1..N after parallel runs). */
    public HandshakeRecord withId(long newId) {
        return new HandshakeRecord(newId, tsNanos, endTsNanos, client, server, tcp, outcome, established, version,
                cipher, resumed, helloRetry, alerts, decisiveAlert, clientHello, serverHello, certificate, history,
                inferred, notes, keyExchangeGroup, transport, heartbeats);
    }

    /** The same record with another outcome, transport and notes (the preamble stage decides some outcomes). */
    public HandshakeRecord withTransport(Transport t, Outcome newOutcome, List<String> newNotes) {
        return new HandshakeRecord(id, tsNanos, endTsNanos, client, server, tcp, newOutcome,
                newOutcome == Outcome.ESTABLISHED, version, cipher, resumed, helloRetry, alerts,
                newOutcome == outcome ? decisiveAlert : null, clientHello, serverHello, certificate, history,
                inferred, List.copyOf(newNotes), keyExchangeGroup, t, heartbeats);
    }

    public String serverName() {
        return clientHello == null ? null : clientHello.sni();
    }
}
