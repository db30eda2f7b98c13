package io.tlsinspect.decoder.preamble;

/**
 * SMTP and FTP: a command per line, answered in order by replies with a three-digit code, multi-line
 * as {@code 250-...} up to {@code 250 ...} (RFC 5321 §4.2.1, RFC 959 §4.2). The server's greeting is
 * reply 1, so command k is answered by reply k+1.
 */
abstract sealed class ReplyCodeProtocol extends LineProtocol permits Smtp, Ftp {
    private int commands;
    private int replies;
    private int askedAt = -1;
    private String multiLine;

    /** Whether this command asks to start TLS. */
    abstract boolean asksForTls(String line);

    /** Whether this command means the client goes on in plaintext. */
    abstract boolean plaintext(String command);

    /** FTP's 1xx preliminary replies are not the answer to a command. */
    abstract boolean preliminary(int code);

    @Override
    final void clientLine(String line) {
        if (phase() != Phase.TALKING) {
            return;
        }
        commands++;
        if (asksForTls(line)) {
            askedAt = commands;
            ask();
        } else if (plaintext(word(line, 0))) {
            never();
        }
    }

    @Override
    final void serverLine(String line) {
        if (multiLine != null) {
            if (line.startsWith(multiLine + " ") || line.equals(multiLine)) {
                multiLine = null;
                reply(Integer.parseInt(line.substring(0, 3)), line);
            }
            return;
        }
        int code = code(line);
        if (code < 0) {
            return;
        }
        if (line.length() > 3 && line.charAt(3) == '-') {
            multiLine = line.substring(0, 3);
            return;
        }
        reply(code, line);
    }

    private void reply(int code, String line) {
        if (preliminary(code)) {
            return;
        }
        replies++;
        if (phase() == Phase.ASKED && replies == askedAt + 1) {
            if (code >= 200 && code < 300) {
                accept();
            } else {
                refuse(line);
            }
        }
    }

    private static int code(String line) {
        if (line.length() < 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(line.charAt(i))) {
                return -1;
            }
        }
        if (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
            return -1;
        }
        return Integer.parseInt(line.substring(0, 3));
    }
}
