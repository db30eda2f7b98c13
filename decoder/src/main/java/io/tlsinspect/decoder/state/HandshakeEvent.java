package io.tlsinspect.decoder.state;

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

    /** Upper case for the client, lower case for the server. */
    public char letter(boolean fromClient) {
        return fromClient ? letter : Character.toLowerCase(letter);
    }
}
