package io.tlsinspect.reports.spill;

import java.nio.charset.StandardCharsets;

/**
 * The address strings one pass over the spill has decoded lately, found again by their bytes: a
 * client's address is written inline in most records (a client comes back in another run more often
 * than twice in one, so the run's dictionary rarely holds it), and decoding it afresh was a String and
 * its byte array per record, a tenth of a pass's garbage. A hit is checked char for char against the
 * bytes, never by hash alone. Bounded: a direct-mapped table, a newcomer replaces its slot's string.
 */
final class Addresses {
    static final int SLOTS = 1 << 15; // a power of two; a 1 GiB capture's ~26,000 clients mostly fit
    /** Longer than any textual IPv6 address: decoded each time, never kept. */
    static final int MAX_CHARS = 64;
    private final String[] slots = new String[SLOTS];

    /** The UTF-8 string of {@code n} bytes at {@code at}: the one kept for these bytes, or a new one (then kept). */
    String decode(byte[] a, int at, int n) {
        if (n == 0 || n > MAX_CHARS) {
            return new String(a, at, n, StandardCharsets.UTF_8);
        }
        int h = n;
        for (int i = at, end = at + n; i < end; i++) {
            h = h * 31 + a[i];
        }
        int slot = (h * 0x9E3779B9) >>> (32 - 15);
        String s = slots[slot];
        if (s != null && sameChars(s, a, at, n)) {
            return s;
        }
        s = new String(a, at, n, StandardCharsets.UTF_8);
        slots[slot] = s;
        return s;
    }

    /** ASCII bytes equal to the string's chars; a byte above 0x7f (negative) never equals a char: not ASCII, no hit. */
    private static boolean sameChars(String s, byte[] a, int at, int n) {
        if (s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != a[at + i]) {
                return false;
            }
        }
        return true;
    }
}
