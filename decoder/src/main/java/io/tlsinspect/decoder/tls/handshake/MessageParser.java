package io.tlsinspect.decoder.tls.handshake;

import org.bouncycastle.tls.HandshakeType;

/** Picks the parser for one plaintext handshake message by its type (RFC 8446 §4, RFC 5246 §7.4). */
public final class MessageParser {
    private MessageParser() {
    }

    /**
     * @param recordVersion version field of the record that carried the message's first byte
     * @param kx the negotiated suite's key exchange, for ServerKeyExchange
     */
    public static HandshakeMessage parse(int type, byte[] b, int off, int len, int recordVersion,
                                         ServerKeyExchangeParser.KeyExchange kx) {
        return parse(type, b, off, len, recordVersion, kx, null);
    }

    /** @param clientSessionId the ClientHello's hex session ID, or null (see {@link ServerHelloParser#parse}) */
    public static HandshakeMessage parse(int type, byte[] b, int off, int len, int recordVersion,
                                         ServerKeyExchangeParser.KeyExchange kx, String clientSessionId) {
        return switch (type) {
            case HandshakeType.client_hello -> ClientHelloParser.parse(b, off, len, recordVersion);
            case HandshakeType.server_hello -> ServerHelloParser.parse(b, off, len, clientSessionId);
            case HandshakeType.certificate -> CertificateParser.parse(b, off, len);
            case HandshakeType.server_key_exchange -> ServerKeyExchangeParser.parse(b, off, len, kx);
            case HandshakeType.certificate_request -> new HandshakeMessage.CertificateRequest();
            // RFC 5246 §7.4.5: struct { } ServerHelloDone; anything inside is a decode error.
            case HandshakeType.server_hello_done -> len == 0 ? new HandshakeMessage.ServerHelloDone()
                    : new HandshakeMessage.Malformed(type, "ServerHelloDone with a " + len + "-byte body");
            case HandshakeType.client_key_exchange -> new HandshakeMessage.ClientKeyExchange(len);
            case HandshakeType.certificate_verify -> new HandshakeMessage.CertificateVerify();
            case HandshakeType.finished -> new HandshakeMessage.Finished(len);
            case HandshakeType.new_session_ticket -> newSessionTicket(b, off, len);
            case HandshakeType.certificate_status -> new HandshakeMessage.CertificateStatus();
            // RFC 5246 §7.4.1.1: struct { } HelloRequest.
            case HandshakeType.hello_request -> len == 0 ? new HandshakeMessage.HelloRequest()
                    : new HandshakeMessage.Malformed(type, "HelloRequest with a " + len + "-byte body");
            default -> new HandshakeMessage.Other(type);
        };
    }

    /** RFC 5077 §3.3: uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>. */
    private static HandshakeMessage newSessionTicket(byte[] b, int off, int len) {
        Reader r = new Reader(b, off, len);
        try {
            long hint = r.u32("ticket_lifetime_hint");
            int end = r.vector(2, 0, 0xffff, "ticket");
            r.pos = end;
            r.expectAt(r.limit, "NewSessionTicket");
            return new HandshakeMessage.NewSessionTicket(hint, end - off - 6);
        } catch (Reader.Malformed e) {
            return new HandshakeMessage.Malformed(HandshakeType.new_session_ticket, "NewSessionTicket: " + e.getMessage());
        }
    }
}
