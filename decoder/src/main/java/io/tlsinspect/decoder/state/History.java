package io.tlsinspect.decoder.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The connection's history string, Zeek {@code ssl_history} style: one letter per event, client
 * upper case, server lower case. Runs of protected records ('D'/'d') collapse to one letter, and the
 * string is capped so a long-lived connection cannot grow it without bound.
 */
public final class History {
    static final int MAX = 64;
    private static final byte[] NONE = new byte[0];
    /** The letters (ASCII), in an array made at the first: no builder object per connection. */
    private byte[] letters = NONE;
    private int n;

    /** Empty again, keeping the array (a pooled tracker's, see {@link HandshakeTracker#restart}). */
    void reset() {
        n = 0;
    }

    public void add(HandshakeEvent e, boolean fromClient) {
        char c = e.letter(fromClient);
        if ((c == 'D' || c == 'd') && n > 0 && letters[n - 1] == c) {
            return;
        }
        if (n < MAX) {
            append(c);
        } else if (n == MAX) {
            append('+');
        }
    }

    private void append(char c) {
        if (n == letters.length) {
            letters = Arrays.copyOf(letters, Math.min(MAX + 1, Math.max(16, 2 * n)));
        }
        letters[n++] = (byte) c;
    }

    /** The string, one instance per distinct history from {@code interner} (see {@link Interner#latin1}). */
    String text(Interner interner) {
        return interner.latin1(letters, n);
    }

    @Override
    public String toString() {
        return new String(letters, 0, n, StandardCharsets.ISO_8859_1);
    }
}
