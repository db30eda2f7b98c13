package io.tlsinspect.decoder.preamble;

/** IMAP STARTTLS (RFC 3501 §6.2.1): the tagged {@code OK} starts TLS; {@code NO}/{@code BAD} refuse it. */
final class Imap extends LineProtocol {
    private String tag;

    @Override
    String name() {
        return "imap";
    }

    @Override
    void clientLine(String line) {
        if (phase() != Phase.TALKING) {
            return;
        }
        String command = word(line, 1);
        if (command.equals("STARTTLS")) {
            tag = word(line, 0);
            ask();
        } else if (command.equals("LOGIN") || command.equals("AUTHENTICATE")) {
            never();
        }
    }

    @Override
    void serverLine(String line) {
        if (phase() == Phase.ASKED && word(line, 0).equals(tag)) {
            if (word(line, 1).equals("OK")) {
                accept();
            } else {
                refuse(line);
            }
        }
    }
}
