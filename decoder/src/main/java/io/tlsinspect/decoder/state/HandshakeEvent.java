package io.tlsinspect.decoder.state;

import org.bouncycastle.tls.HandshakeType;

/**
 * What the state machine is fed: one value per handshake message kind or record kind, with the
 * letter Zeek's {@code ssl_history} uses for it (upper case when the client sent it, lower case for
 * the server), as defined in Zeek's {@code scripts/base/protocols/ssl/main.zeek}. The message kinds
 * the table has no transition for (V, E, W, A, P, M, Z) still get their own letter.
 */
public enum HandshakeEvent {
    CLIENT_HELLO('C'),
    /** A TLS <= 1.2 ServerHello. */
    SERVER_HELLO('S'),
    /** A ServerHello that selects TLS 1.3 (RFC 8446 §4.2.1 supported_versions). */
    SERVER_HELLO_TLS13('S'),
    HELLO_RETRY_REQUEST('J'),
    CERTIFICATE('X'),
    /** RFC 6066 §8 (Zeek's 'U'). */
    CERTIFICATE_STATUS('U'),
    SERVER_KEY_EXCHANGE('K'),
    CERTIFICATE_REQUEST('R'),
    SERVER_HELLO_DONE('N'),
    CLIENT_KEY_EXCHANGE('G'),
    CERTIFICATE_VERIFY('Y'),
    FINISHED('F'),
    NEW_SESSION_TICKET('T'),
    HELLO_REQUEST('H'),
    CHANGE_CIPHER_SPEC('I'),
    APPLICATION_DATA('D'),
    ALERT('L'),
    ENCRYPTED_EXTENSIONS('O'),
    HEARTBEAT('B'),
    /** DTLS only (RFC 6347 §4.2.1): out of place in TLS. */
    HELLO_VERIFY_REQUEST('V'),
    /** RFC 8446 §4.5: sent encrypted, so seen in the clear only out of place. */
    END_OF_EARLY_DATA('E'),
    /** RFC 6066 §5. */
    CERTIFICATE_URL('W'),
    /** RFC 4680 §2. */
    SUPPLEMENTAL_DATA('A'),
    /** RFC 8446 §4.6.3: sent encrypted, so seen in the clear only out of place. */
    KEY_UPDATE('P'),
    /** RFC 8446 §4.4.1: never sent, only hashed; seen on the wire only out of place. */
    MESSAGE_HASH('M'),
    /** An unassigned handshake type, or an encrypted handshake message after Finished (Zeek's 'Z'). */
    OTHER_HANDSHAKE('Z'),
    /** Unknown content or a message that broke its syntax (Zeek's 'Q'). */
    MALFORMED('Q');

    private final char letter;

    HandshakeEvent(char letter) {
        this.letter = letter;
    }

    /** The event of a handshake message that needs no parsing to be placed: only its type counts. */
    static HandshakeEvent of(int handshakeType) {
        return switch (handshakeType) {
            case HandshakeType.client_hello -> CLIENT_HELLO;
            case HandshakeType.certificate -> CERTIFICATE;
            case HandshakeType.certificate_request -> CERTIFICATE_REQUEST;
            case HandshakeType.server_hello_done -> SERVER_HELLO_DONE;
            case HandshakeType.client_key_exchange -> CLIENT_KEY_EXCHANGE;
            case HandshakeType.certificate_verify -> CERTIFICATE_VERIFY;
            case HandshakeType.finished -> FINISHED;
            case HandshakeType.new_session_ticket -> NEW_SESSION_TICKET;
            case HandshakeType.certificate_status -> CERTIFICATE_STATUS;
            case HandshakeType.hello_request -> HELLO_REQUEST;
            case HandshakeType.encrypted_extensions -> ENCRYPTED_EXTENSIONS;
            case HandshakeType.server_key_exchange -> SERVER_KEY_EXCHANGE;
            case HandshakeType.hello_verify_request -> HELLO_VERIFY_REQUEST;
            case HandshakeType.end_of_early_data -> END_OF_EARLY_DATA;
            case HandshakeType.certificate_url -> CERTIFICATE_URL;
            case HandshakeType.supplemental_data -> SUPPLEMENTAL_DATA;
            case HandshakeType.key_update -> KEY_UPDATE;
            case HandshakeType.message_hash -> MESSAGE_HASH;
            default -> OTHER_HANDSHAKE;
        };
    }

    /** Upper case for the client, lower case for the server. */
    public char letter(boolean fromClient) {
        return fromClient ? letter : Character.toLowerCase(letter);
    }
}
