package io.tlsinspect.decoder.preamble;

import io.tlsinspect.capture.tcp.Direction;
import java.util.Locale;
import java.util.Set;

/**
 * Which preamble protocol a connection speaks, from the first bytes of the side that spoke first (and
 * for {@code 220} greetings, SMTP or FTP, the port or the client's first command). The only place
 * that recognises protocols; anything it does not recognise goes to the TLS decoder unchanged, which
 * keeps {@code not_tls} for it. Rules are narrow on purpose: a TLS handshake never matches one.
 */
final class Sniffer {
    /** Result: a protocol, or wait for more bytes, or none. */
    record Guess(PreambleProtocol protocol, boolean needMore) {
        static final Guess NONE = new Guess(null, false);
        static final Guess MORE = new Guess(null, true);
    }

    private static final Set<Integer> FTP_PORTS = Set.of(21, 990);
    private static final Set<Integer> SMTP_PORTS = Set.of(25, 465, 587, 2525);
    private static final Set<String> IRC_FIRST = Set.of("STARTTLS", "CAP", "NICK", "USER", "PASS");

    private Sniffer() {
    }

    static Guess guess(Direction first, byte[] c, int cOff, int cLen, byte[] s, int sOff, int sLen, int serverPort) {
        return first == Direction.CLIENT_TO_SERVER ? clientFirst(c, cOff, cLen) : serverFirst(s, sOff, sLen, c, cOff, cLen,
                serverPort);
    }

    private static Guess clientFirst(byte[] b, int off, int len) {
        int b0 = b[off] & 0xff;
        if (b0 == 0x16 || (b0 & 0x80) != 0) {
            return Guess.NONE; // a TLS record or an SSLv2-format hello
        }
        if (len < 2) {
            return Guess.MORE;
        }
        int b1 = b[off + 1] & 0xff;
        switch (b0) {
            case 0x05 -> { // RFC 1928 §3: VER 5, NMETHODS >= 1
                return b1 >= 1 ? new Guess(new Socks5(), false) : Guess.NONE;
            }
            case 0x04 -> { // SOCKS4 CONNECT or BIND
                return b1 == 1 || b1 == 2 ? new Guess(new Socks4(), false) : Guess.NONE;
            }
            case 0x03 -> { // TPKT version 3, then an X.224 Connection Request (code 0xE0)
                if (b1 != 0) {
                    return Guess.NONE;
                }
                if (len < 6) {
                    return Guess.MORE;
                }
                return (b[off + 5] & 0xf0) == 0xe0 ? new Guess(new Rdp(), false) : Guess.NONE;
            }
            case 0x30 -> { // BER SEQUENCE, then messageID INTEGER (RFC 4511 §4.1.1)
                int lenOctets = b1 < 0x80 ? 1 : 1 + (b1 & 0x7f);
                if (b1 == 0x80 || lenOctets > 4) {
                    return Guess.NONE;
                }
                if (len < 1 + lenOctets + 1) {
                    return Guess.MORE;
                }
                return b[off + 1 + lenOctets] == 0x02 ? new Guess(new Ldap(), false) : Guess.NONE;
            }
            case 0x00 -> { // PostgreSQL: Int32 length, Int32 request code
                if (len < 8) {
                    return Guess.MORE;
                }
                long code = PreambleProtocol.u32(b, off + 4);
                long l = PreambleProtocol.u32(b, off);
                boolean known = code == Postgres.SSL_REQUEST || code == Postgres.GSSENC_REQUEST
                        || code == Postgres.CANCEL_REQUEST || code == Postgres.PROTOCOL_3;
                return known && l >= 8 && l <= PreambleProtocol.MAX_MESSAGE ? new Guess(new Postgres(), false) : Guess.NONE;
            }
            default -> {
                return text(b, off, len);
            }
        }
    }

    private static Guess text(byte[] b, int off, int len) {
        String head = PreambleProtocol.ascii(b, off, Math.min(len, 64));
        String trimmed = head.stripLeading();
        if (trimmed.startsWith("<")) {
            if (trimmed.length() < 6) {
                return Guess.MORE;
            }
            return trimmed.startsWith("<?xml") || trimmed.startsWith("<stream") ? new Guess(new Xmpp(), false) : Guess.NONE;
        }
        if (head.length() < 8 && "CONNECT ".startsWith(head.toUpperCase(Locale.ROOT))) {
            return Guess.MORE;
        }
        if (head.toUpperCase(Locale.ROOT).startsWith("CONNECT ")) {
            return new Guess(new HttpConnect(), false);
        }
        int line = LineProtocol.lineLength(b, off, len);
        if (line == 0) {
            return len < 16 ? Guess.MORE : Guess.NONE;
        }
        if (line > 0 && IRC_FIRST.contains(LineProtocol.word(LineProtocol.text(b, off, line), 0))) {
            return new Guess(new Irc(), false);
        }
        return Guess.NONE;
    }

    private static Guess serverFirst(byte[] s, int off, int len, byte[] c, int cOff, int cLen, int port) {
        if (len >= 5 && s[off + 3] == 0 && s[off + 4] == 0x0a) {
            return new Guess(new Mysql(), false); // packet 0, protocol version 10
        }
        int line = LineProtocol.lineLength(s, off, len);
        if (line == 0) {
            return len < 64 ? Guess.MORE : Guess.NONE;
        }
        if (line < 0) {
            return Guess.NONE;
        }
        String greeting = LineProtocol.text(s, off, line);
        if (greeting.startsWith("* OK") || greeting.startsWith("* PREAUTH")) {
            return new Guess(new Imap(), false);
        }
        if (greeting.startsWith("+OK")) {
            return new Guess(new Pop3(), false);
        }
        if (greeting.startsWith(":") || greeting.startsWith("NOTICE ")) {
            return new Guess(new Irc(), false);
        }
        if (!greeting.startsWith("220")) {
            return Guess.NONE;
        }
        if (FTP_PORTS.contains(port)) {
            return new Guess(new Ftp(), false);
        }
        if (SMTP_PORTS.contains(port)) {
            return new Guess(new Smtp(), false);
        }
        String upper = greeting.toUpperCase(Locale.ROOT);
        if (upper.contains("SMTP")) {
            return new Guess(new Smtp(), false);
        }
        if (upper.contains("FTP")) {
            return new Guess(new Ftp(), false);
        }
        if (cLen == 0) {
            return Guess.MORE;
        }
        int cl = LineProtocol.lineLength(c, cOff, cLen);
        if (cl == 0) {
            return Guess.MORE;
        }
        String command = cl > 0 ? LineProtocol.word(LineProtocol.text(c, cOff, cl), 0) : "";
        return command.equals("EHLO") || command.equals("HELO") || command.equals("LHLO")
                ? new Guess(new Smtp(), false) : new Guess(new Ftp(), false);
    }
}
