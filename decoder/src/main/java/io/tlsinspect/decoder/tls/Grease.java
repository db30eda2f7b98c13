package io.tlsinspect.decoder.tls;

/** GREASE values (RFC 8701 §2): 0x?A?A with both bytes equal, for suites, extensions, groups,
 * signature algorithms and versions. */
public final class Grease {
    private Grease() {
    }

    public static boolean is(int v) {
        return (v & 0x0f0f) == 0x0a0a && ((v >>> 8) & 0xff) == (v & 0xff);
    }
}
