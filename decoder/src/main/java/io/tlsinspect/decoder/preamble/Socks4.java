package io.tlsinspect.decoder.preamble;

/**
 * SOCKS4 and SOCKS4a (the SOCKS 4 protocol note and its 4A extension): VN=4, CD (1 CONNECT), port,
 * IPv4 address, user id, NUL; an address 0.0.0.x (x != 0) is followed by a host name and NUL (4a).
 * The reply is 8 bytes, CD 90 granted, 91-93 rejected.
 */
final class Socks4 extends PreambleProtocol {

    @Override
    String name() {
        return "socks4";
    }

    static String ipv4(byte[] b, int off) {
        return u8(b, off) + "." + u8(b, off + 1) + "." + u8(b, off + 2) + "." + u8(b, off + 3);
    }

    private static int nul(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    int client(byte[] b, int off, int len) {
        if (phase() != Phase.TALKING) {
            return 0;
        }
        if (len < 9) {
            return 0;
        }
        if (u8(b, off) != 4) {
            return -1;
        }
        int end = off + Math.min(len, 512);
        int user = nul(b, off + 8, end);
        if (user < 0) {
            return len >= 512 ? -1 : 0;
        }
        int port = u16(b, off + 2);
        boolean v4a = u8(b, off + 4) == 0 && u8(b, off + 5) == 0 && u8(b, off + 6) == 0 && u8(b, off + 7) != 0;
        int n = user + 1 - off;
        if (v4a) {
            int host = nul(b, user + 1, end);
            if (host < 0) {
                return len >= 512 ? -1 : 0;
            }
            proxyTarget(ascii(b, user + 1, host - user - 1) + ":" + port);
            n = host + 1 - off;
        } else {
            proxyTarget(ipv4(b, off + 4) + ":" + port);
        }
        if (u8(b, off + 1) == 1) {
            ask();
        } else {
            never(); // BIND
        }
        return n;
    }

    @Override
    int server(byte[] b, int off, int len) {
        if (phase() != Phase.ASKED) {
            return -1;
        }
        if (len < 8) {
            return 0;
        }
        if (u8(b, off + 1) == 90) {
            accept();
        } else {
            refuse("SOCKS4 reply " + u8(b, off + 1));
        }
        return 8;
    }
}
