package io.tlsinspect.decoder.tls.handshake;

import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import org.bouncycastle.tls.HandshakeType;

/** The handshake messages the decoder tells apart: a closed set, one record per kind. */
public sealed interface HandshakeMessage {

    /** The handshake type byte (RFC 8446 §4). */
    int type();

    /**
     * @param shared its lists and strings are already the run's shared instances (the fingerprint shape
     *     cache's and the parser's name cache's), so the decoder need not intern them again
     */
    record ClientHello(ClientHelloInfo info, boolean shared) implements HandshakeMessage {
        public ClientHello(ClientHelloInfo info) {
            this(info, false);
        }

        public int type() {
            return HandshakeType.client_hello;
        }
    }

    /**
     * @param pskAccepted pre_shared_key present (RFC 8446 §4.2.11: the server accepted a PSK)
     * @param downgradeSentinel the last 8 bytes of random are RFC 8446 §4.1.3's "DOWNGRD" marker
     */
    record ServerHello(ServerHelloInfo info, boolean pskAccepted, boolean downgradeSentinel)
            implements HandshakeMessage {
        public int type() {
            return HandshakeType.server_hello;
        }
    }

    /** TLS <= 1.2 Certificate; {@code leaf} is null for an empty list or a leaf BC could not parse. */
    record Certificate(CertificateInfo leaf, int chainLength, String problem) implements HandshakeMessage {
        public int type() {
            return HandshakeType.certificate;
        }
    }

    /** @param namedGroup ECDHE named_curve (RFC 8422 §5.4) or -1; @param dhBits DHE prime size or 0 */
    record ServerKeyExchange(int namedGroup, int dhBits) implements HandshakeMessage {
        public int type() {
            return HandshakeType.server_key_exchange;
        }
    }

    record CertificateRequest() implements HandshakeMessage {
        public int type() {
            return HandshakeType.certificate_request;
        }
    }

    record ServerHelloDone() implements HandshakeMessage {
        public int type() {
            return HandshakeType.server_hello_done;
        }
    }

    record ClientKeyExchange(int length) implements HandshakeMessage {
        public int type() {
            return HandshakeType.client_key_exchange;
        }
    }

    record CertificateVerify() implements HandshakeMessage {
        public int type() {
            return HandshakeType.certificate_verify;
        }
    }

    /** A Finished message read in the clear; usually it is encrypted and seen as a record only. */
    record Finished(int length) implements HandshakeMessage {
        public int type() {
            return HandshakeType.finished;
        }
    }

    /** RFC 5077 §3.3 (TLS <= 1.2; TLS 1.3 tickets are encrypted). */
    record NewSessionTicket(long lifetimeHintSeconds, int ticketLength) implements HandshakeMessage {
        public int type() {
            return HandshakeType.new_session_ticket;
        }
    }

    record CertificateStatus() implements HandshakeMessage {
        public int type() {
            return HandshakeType.certificate_status;
        }
    }

    record HelloRequest() implements HandshakeMessage {
        public int type() {
            return HandshakeType.hello_request;
        }
    }

    /** A known type that needs no parsing here, or an unassigned one. */
    record Other(int type) implements HandshakeMessage {
    }

    /** The message broke its syntax; {@code reason} cites the rule. */
    record Malformed(int type, String reason) implements HandshakeMessage {
    }

    /** Longer than the buffer cap: skipped, never stored. */
    record Oversized(int type, int claimedLength) implements HandshakeMessage {
    }
}
