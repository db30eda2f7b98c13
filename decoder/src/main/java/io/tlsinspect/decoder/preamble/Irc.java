package io.tlsinspect.decoder.preamble;

/**
 * IRC STARTTLS (IRCv3 tls extension): numeric {@code 670} (RPL_STARTTLS) starts TLS, {@code 691}
 * (ERR_STARTTLS) or {@code 421} (unknown command) refuse it. A line may begin with a {@code :prefix}.
 */
final class Irc extends LineProtocol {

    @Override
    String name() {
        return "irc";
    }

    @Override
    void clientLine(String line) {
        if (phase() == Phase.TALKING && command(line).equals("STARTTLS")) {
            ask();
        }
    }

    @Override
    void serverLine(String line) {
        if (phase() != Phase.ASKED) {
            return;
        }
        switch (command(line)) {
            case "670" -> accept();
            case "691", "421" -> refuse(line);
            default -> {
            }
        }
    }

    private static String command(String line) {
        return line.startsWith(":") ? word(line, 1) : word(line, 0);
    }
}
