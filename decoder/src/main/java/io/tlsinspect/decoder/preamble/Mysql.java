package io.tlsinspect.decoder.preamble;

/**
 * MySQL/MariaDB: the server's greeting (Protocol::HandshakeV10, packet 0), then the client's
 * SSLRequest, a short HandshakeResponse with {@code CLIENT_SSL} (0x800) in its capability flags; TLS
 * follows at once in both directions, with no answer. A first client packet without the flag is a
 * plaintext login. Packets: 3-byte little-endian length, 1-byte sequence number, payload.
 */
final class Mysql extends PreambleProtocol {
    private static final long CLIENT_SSL = 0x800;
    private boolean greeted;

    @Override
    String name() {
        return "mysql";
    }

    private static int packet(byte[] b, int off, int len) {
        if (len < 4) {
            return 0;
        }
        int l = u8(b, off) | (u8(b, off + 1) << 8) | (u8(b, off + 2) << 16);
        if (l + 4 > MAX_MESSAGE) {
            return -1;
        }
        return len >= l + 4 ? l + 4 : 0;
    }

    @Override
    int client(byte[] b, int off, int len) {
        if (!greeted) {
            return 0;
        }
        int n = packet(b, off, len);
        if (n <= 0) {
            return n;
        }
        if (n >= 8 && (u32le(b, off + 4) & CLIENT_SSL) != 0) {
            accept();
        } else {
            never();
        }
        return n;
    }

    @Override
    int server(byte[] b, int off, int len) {
        int n = packet(b, off, len);
        if (n > 0) {
            greeted = true;
        }
        return n;
    }
}
