package io.tlsinspect.decoder.state;

import org.bouncycastle.tls.HandshakeType;

/**
 * What the state machine is fed: one value per handshake message kind or record kind, with the
 * letter Zeek's {@code ssl_history} uses for it (upper case when the client sent it, lower case for
 * the server).
 */
public enum HandshakeEvent {
    CLIENT_HELLO('C'),
    /** A TLS <= 1.2 ServerHello. */
    SERVER_HELLO('S'),
    /** A ServerHello that selects TLS 1.3 (RFC 8446 §4.2.1 supported_versions). */
    SERVER_HELLO_TLS13('S'),
    HELLO_RETRY_REQUEST('J'),
    CERTIFICATE('X'),
    CERTIFICATE_STATUS('M'),
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
    /** An assigned type this decoder does not track, or an unassigned one (Zeek's 'Z'). */
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
            default -> OTHER_HANDSHAKE;
        };
    }

    /** Upper case for the client, lower case for the server. */
    public char letter(boolean fromClient) {
        return fromClient ? letter : Character.toLowerCase(letter);
    }
}
