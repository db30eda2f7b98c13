package io.tlsinspect.decoder.preamble;

import java.util.Set;

/** SMTP STARTTLS (RFC 3207 §4): {@code 220} starts TLS, {@code 454}/{@code 501}/{@code 502} refuse it. */
final class Smtp extends ReplyCodeProtocol {
    private static final Set<String> PLAINTEXT = Set.of("MAIL", "RCPT", "DATA", "AUTH");

    @Override
    String name() {
        return "smtp";
    }

    @Override
    boolean asksForTls(String line) {
        return word(line, 0).equals("STARTTLS");
    }

    @Override
    boolean plaintext(String command) {
        return PLAINTEXT.contains(command);
    }

    @Override
    boolean preliminary(int code) {
        return false;
    }
}
