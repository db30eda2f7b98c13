package io.tlsinspect.decoder.preamble;

import java.util.Locale;

/** The text protocols whose messages are lines (SMTP, FTP, IMAP, POP3, IRC). */
abstract sealed class LineProtocol extends PreambleProtocol permits ReplyCodeProtocol, Imap, Pop3, Irc {

    /** A line's length including its LF; 0 when incomplete; -1 when longer than {@link #MAX_MESSAGE}. */
    static int lineLength(byte[] b, int off, int len) {
        int n = Math.min(len, MAX_MESSAGE);
        for (int i = 0; i < n; i++) {
            if (b[off + i] == '\n') {
                return i + 1;
            }
        }
        return len >= MAX_MESSAGE ? -1 : 0;
    }

    /** The line without its CR LF. */
    static String text(byte[] b, int off, int n) {
        int end = n;
        while (end > 0 && (b[off + end - 1] == '\n' || b[off + end - 1] == '\r')) {
            end--;
        }
        return ascii(b, off, end);
    }

    /**
     * The {@code i}th space-separated word, upper-cased, or "": the words of {@code line.trim().split(" +")},
     * found by a scan (a regular expression compiled per call was a tenth of the decoder's time on
     * captures with plain-text connections).
     */
    static String word(String line, int i) {
        int start = 0;
        int end = line.length();
        while (start < end && line.charAt(start) <= ' ') { // String.trim's definition of blank
            start++;
        }
        while (end > start && line.charAt(end - 1) <= ' ') {
            end--;
        }
        for (int k = 0, p = start; p < end; k++) {
            int q = line.indexOf(' ', p);
            if (q < 0 || q > end) {
                q = end;
            }
            if (k == i) {
                return line.substring(p, q).toUpperCase(Locale.ROOT);
            }
            p = q;
            while (p < end && line.charAt(p) == ' ') {
                p++;
            }
        }
        return "";
    }

    @Override
    final int client(byte[] b, int off, int len) {
        int n = lineLength(b, off, len);
        if (n > 0) {
            clientLine(text(b, off, n));
        }
        return n;
    }

    @Override
    final int server(byte[] b, int off, int len) {
        int n = lineLength(b, off, len);
        if (n > 0) {
            serverLine(text(b, off, n));
        }
        return n;
    }

    abstract void clientLine(String line);

    abstract void serverLine(String line);
}
