package io.tlsinspect.decoder.preamble;

/**
 * XMPP STARTTLS (RFC 6120 §5.4): after the stream headers and features the client sends
 * {@code <starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>}; {@code <proceed/>} starts TLS right
 * after its closing {@code >}, {@code <failure/>} refuses it. Read one tag at a time (up to {@code >}).
 * The stream's default namespace tells client-to-server ({@code jabber:client}) from
 * server-to-server ({@code jabber:server}).
 */
final class Xmpp extends PreambleProtocol {
    private String name = "xmpp-client";

    @Override
    String name() {
        return name;
    }

    /** Text up to and including the next {@code >}. */
    private static int tag(byte[] b, int off, int len) {
        int n = Math.min(len, MAX_MESSAGE);
        for (int i = 0; i < n; i++) {
            if (b[off + i] == '>') {
                return i + 1;
            }
        }
        return len >= MAX_MESSAGE ? -1 : 0;
    }

    @Override
    int client(byte[] b, int off, int len) {
        if (phase() != Phase.TALKING) {
            return 0;
        }
        int n = tag(b, off, len);
        if (n <= 0) {
            return n;
        }
        String t = ascii(b, off, n).strip();
        if (t.startsWith("<stream:stream") && t.contains("jabber:server")) {
            name = "xmpp-server";
        } else if ((t.startsWith("<starttls") && t.endsWith("/>")) || t.startsWith("</starttls")) {
            ask();
        } else if (t.startsWith("<auth") || t.startsWith("<iq")) {
            never(); // SASL or stanzas in plaintext
        }
        return n;
    }

    @Override
    int server(byte[] b, int off, int len) {
        int n = tag(b, off, len);
        if (n <= 0) {
            return n;
        }
        if (phase() == Phase.ASKED) {
            String t = ascii(b, off, n).strip();
            if ((t.startsWith("<proceed") && t.endsWith("/>")) || t.startsWith("</proceed")) {
                accept();
            } else if (t.startsWith("<failure")) {
                refuse(t);
            }
        }
        return n;
    }
}
