package io.tlsinspect.decoder.state;

/**
 * The connection's history string, Zeek {@code ssl_history} style: one letter per event, client
 * upper case, server lower case. Runs of protected records ('D'/'d') collapse to one letter, and the
 * string is capped so a long-lived connection cannot grow it without bound.
 */
public final class History {
    static final int MAX = 64;
    private final StringBuilder sb = new StringBuilder(16);

    public void add(HandshakeEvent e, boolean fromClient) {
        char c = e.letter(fromClient);
        int n = sb.length();
        if ((c == 'D' || c == 'd') && n > 0 && sb.charAt(n - 1) == c) {
            return;
        }
        if (n < MAX) {
            sb.append(c);
        } else if (n == MAX) {
            sb.append('+');
        }
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
