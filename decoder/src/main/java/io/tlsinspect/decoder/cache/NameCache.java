package io.tlsinspect.decoder.cache;

import java.nio.charset.StandardCharsets;

/**
 * One String per distinct short name (a server name, an ALPN protocol) on one parsing thread: a
 * client program sends the same few names on every connection, so a hello's names are looked up
 * here instead of made again. Direct-mapped and fixed in size (a new name takes its slot), and only
 * names of at most {@link #MAX_LENGTH} bytes are kept, so hostile hellos, every name different, cost
 * a String each as before but never memory. Not thread-safe: one per parsing thread. Also a
 * handshake's history letters (the decoder's Interner), which have few distinct values in a run.
 */
public final class NameCache {
    public static final int SLOTS = 256;
    public static final int MAX_LENGTH = 255;
    private final String[] names;

    /** With {@link #SLOTS} slots. */
    public NameCache() {
        this(SLOTS);
    }

    /** @param slots a power of two */
    public NameCache(int slots) {
        names = new String[slots];
    }

    /** The bytes as a Latin-1 String (each byte one char), the same instance as last time where kept. */
    public String of(byte[] b, int off, int len) {
        if (len > MAX_LENGTH) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        int h = len;
        for (int i = 0; i < len; i++) {
            h = 31 * h + b[off + i];
        }
        int slot = (h ^ (h >>> 16)) & (names.length - 1);
        String s = names[slot];
        if (s == null || !same(s, b, off, len)) {
            s = new String(b, off, len, StandardCharsets.ISO_8859_1);
            names[slot] = s;
        }
        return s;
    }

    private static boolean same(String s, byte[] b, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != (b[off + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
