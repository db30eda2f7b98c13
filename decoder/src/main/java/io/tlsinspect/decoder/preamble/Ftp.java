package io.tlsinspect.decoder.preamble;

import java.util.Set;

/**
 * FTP {@code AUTH TLS} (RFC 4217 §4): {@code 234} starts TLS on the control connection. {@code AUTH SSL}
 * (curl's choice) and the draft's {@code TLS-C}/{@code TLS-P} ask the same. A data connection that
 * starts with TLS has no preamble and needs no help.
 */
final class Ftp extends ReplyCodeProtocol {
    private static final Set<String> AUTH_ARGS = Set.of("TLS", "SSL", "TLS-C", "TLS-P");
    private static final Set<String> PLAINTEXT = Set.of("USER", "PASS", "ACCT", "LIST", "RETR", "STOR", "PASV");

    @Override
    String name() {
        return "ftp";
    }

    @Override
    boolean asksForTls(String line) {
        return word(line, 0).equals("AUTH") && AUTH_ARGS.contains(word(line, 1));
    }

    @Override
    boolean plaintext(String command) {
        return PLAINTEXT.contains(command);
    }

    @Override
    boolean preliminary(int code) {
        return code < 200;
    }
}
