package io.tlsinspect.decoder.preamble;

import java.util.Locale;

/**
 * HTTP CONNECT (RFC 9110 §9.3.6): the request target is {@code host:port}; any 2xx response turns the
 * connection into a tunnel right after its header block, anything else refuses it.
 */
final class HttpConnect extends PreambleProtocol {

    @Override
    String name() {
        return "http-connect";
    }

    /** Length of a header block up to and including its empty line; 0 incomplete; -1 too long. */
    static int headerBlock(byte[] b, int off, int len) {
        int n = Math.min(len, MAX_MESSAGE);
        for (int i = 0; i + 1 < n; i++) {
            if (b[off + i] == '\n' && (b[off + i + 1] == '\n'
                    || (b[off + i + 1] == '\r' && i + 2 < n && b[off + i + 2] == '\n'))) {
                return b[off + i + 1] == '\n' ? i + 2 : i + 3;
            }
        }
        return len >= MAX_MESSAGE ? -1 : 0;
    }

    private static String[] startLine(byte[] b, int off, int n) {
        int end = 0;
        while (end < n && b[off + end] != '\r' && b[off + end] != '\n') {
            end++;
        }
        return ascii(b, off, end).split(" +");
    }

    @Override
    int client(byte[] b, int off, int len) {
        if (phase() != Phase.TALKING) {
            return 0;
        }
        int n = headerBlock(b, off, len);
        if (n <= 0) {
            return n;
        }
        String[] w = startLine(b, off, n);
        if (w[0].toUpperCase(Locale.ROOT).equals("CONNECT") && w.length > 1) {
            proxyTarget(w[1]);
            ask();
        } else {
            never(); // a plain proxied request
        }
        return n;
    }

    @Override
    int server(byte[] b, int off, int len) {
        int n = headerBlock(b, off, len);
        if (n <= 0) {
            return n;
        }
        if (phase() == Phase.ASKED) {
            String[] w = startLine(b, off, n);
            if (w.length > 1 && w[1].length() == 3 && w[1].charAt(0) == '2') {
                accept();
            } else {
                refuse(String.join(" ", w));
            }
        }
        return n;
    }
}
