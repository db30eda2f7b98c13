package io.tlsinspect.decoder.model;

/**
 * One alert seen on the wire (RFC 8446 §6, RFC 5246 §7.2).
 *
 * @param from "client" or "server"
 * @param level 1 warning, 2 fatal, -1 unknown (encrypted)
 * @param description the RFC/Bouncy Castle name in snake_case ({@code inappropriate_fallback});
 *     null when encrypted and not inferable
 * @param code the description byte, or -1 when unknown
 * @param encrypted the alert record was protected (TLS 1.3, or after ChangeCipherSpec)
 * @param inferred recognised by its size and position rather than read
 */
public record AlertEvent(String from, int level, String description, int code, boolean encrypted,
                         boolean inferred, long tsNanos) {

    public boolean fatal() {
        return level == 2 || (level == -1 && encrypted);
    }

    /** Level name for output: "warning", "fatal" or "unknown". */
    public String levelName() {
        return switch (level) {
            case 1 -> "warning";
            case 2 -> "fatal";
            default -> "unknown";
        };
    }
}
