package io.tlsinspect.decoder.preamble;

import java.util.Set;

/**
 * POP3 STLS (RFC 2595 §4): {@code +OK} starts TLS, {@code -ERR} refuses it. Every command gets one
 * status line ({@code +OK}/{@code -ERR}) after the greeting's, in order; multi-line bodies (CAPA) are
 * other lines.
 */
final class Pop3 extends LineProtocol {
    private static final Set<String> PLAINTEXT = Set.of("USER", "PASS", "APOP", "AUTH");
    private int commands;
    private int statuses;
    private int askedAt = -1;

    @Override
    String name() {
        return "pop3";
    }

    @Override
    void clientLine(String line) {
        if (phase() != Phase.TALKING) {
            return;
        }
        commands++;
        String command = word(line, 0);
        if (command.equals("STLS")) {
            askedAt = commands;
            ask();
        } else if (PLAINTEXT.contains(command)) {
            never();
        }
    }

    @Override
    void serverLine(String line) {
        boolean ok = line.startsWith("+OK");
        if (!ok && !line.startsWith("-ERR")) {
            return;
        }
        statuses++;
        if (phase() == Phase.ASKED && statuses == askedAt + 1) {
            if (ok) {
                accept();
            } else {
                refuse(line);
            }
        }
    }
}
