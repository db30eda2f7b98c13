package io.tlsinspect.decoder.preamble;

/**
 * One protocol's plaintext negotiation before TLS, read one complete message at a time from each
 * direction. One instance per connection. A subclass reads the messages of its protocol in place and
 * moves {@link #phase} on; {@link PreambleStage} owns the bytes and decides where TLS begins.
 */
abstract sealed class PreambleProtocol
        permits LineProtocol, Ldap, Postgres, Mysql, Rdp, Socks5, Socks4, HttpConnect, Xmpp {
    /** Longest single preamble message read (a line, an LDAP message, a proxy request). */
    static final int MAX_MESSAGE = 8192;

    private Phase phase = Phase.TALKING;
    private String proxyTarget;
    private String refusal;

    /** The manifest's and JSON's name: {@code smtp}, {@code socks5}, {@code xmpp-server} ... */
    abstract String name();

    /**
     * Reads one complete client message at {@code b[off, off+len)}.
     *
     * @return its length (consumed), 0 when it is not complete yet (or the server must answer
     *     first), -1 when the bytes are not this protocol
     */
    abstract int client(byte[] b, int off, int len);

    /** The same for the server's messages. */
    abstract int server(byte[] b, int off, int len);

    final Phase phase() {
        return phase;
    }

    final String proxyTarget() {
        return proxyTarget;
    }

    final void proxyTarget(String t) {
        proxyTarget = t;
    }

    final void ask() {
        phase = Phase.ASKED;
    }

    final void accept() {
        phase = Phase.ACCEPTED;
    }

    final void refuse(String reply) {
        phase = Phase.REFUSED;
        refusal = reply;
    }

    /** The server's refusal as sent (a reply line, a status byte named), or null. */
    final String refusal() {
        return refusal;
    }

    final void never() {
        phase = Phase.NEVER;
    }

    /** Unsigned reads in place. */
    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static int u16(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    static long u32le(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16) | ((long) u8(b, i + 3) << 24);
    }

    /** Wire text as printable ASCII (other bytes as {@code ?}): names from proxies are hostile input. */
    static String ascii(byte[] b, int off, int len) {
        char[] c = new char[len];
        for (int i = 0; i < len; i++) {
            int v = u8(b, off + i);
            c[i] = v >= 0x20 && v < 0x7f ? (char) v : '?';
        }
        return new String(c);
    }
}
