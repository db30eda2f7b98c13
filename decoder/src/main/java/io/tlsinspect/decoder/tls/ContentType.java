package io.tlsinspect.decoder.tls;

/** TLS record content types (RFC 5246 §6.2.1, RFC 8446 §5.1, RFC 6520 for heartbeat). */
public final class ContentType {
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;
    public static final int HEARTBEAT = 24;

    private ContentType() {
    }

    /** RFC 8446 §5.1: only these types are defined; anything else is a framing error for us. */
    public static boolean isValid(int type) {
        return type >= CHANGE_CIPHER_SPEC && type <= HEARTBEAT;
    }

    public static String name(int type) {
        return switch (type) {
            case CHANGE_CIPHER_SPEC -> "change_cipher_spec";
            case ALERT -> "alert";
            case HANDSHAKE -> "handshake";
            case APPLICATION_DATA -> "application_data";
            case HEARTBEAT -> "heartbeat";
            default -> "content_type_" + type;
        };
    }
}
