package io.tlsinspect.decoder.preamble;

/**
 * SOCKS5 (RFC 1928): greeting (version 5, methods), the server's method choice, optionally the
 * username/password exchange (RFC 1929), the CONNECT request naming the target, the reply (0 =
 * succeeded). The client waits for each answer, so its next message is read only after it.
 */
final class Socks5 extends PreambleProtocol {
    private enum Step { GREETING, AWAIT_METHOD, AUTH, AWAIT_AUTH, REQUEST, AWAIT_REPLY }

    private Step step = Step.GREETING;

    @Override
    String name() {
        return "socks5";
    }

    @Override
    int client(byte[] b, int off, int len) {
        switch (step) {
            case GREETING -> {
                if (len < 2) {
                    return 0;
                }
                int n = 2 + u8(b, off + 1);
                if (u8(b, off) != 5) {
                    return -1;
                }
                if (len < n) {
                    return 0;
                }
                step = Step.AWAIT_METHOD;
                return n;
            }
            case AUTH -> {
                // RFC 1929 §2: VER(1) ULEN UNAME PLEN PASSWD
                if (len < 2) {
                    return 0;
                }
                int ulen = u8(b, off + 1);
                if (len < 3 + ulen) {
                    return 0;
                }
                int n = 3 + ulen + u8(b, off + 2 + ulen);
                if (len < n) {
                    return 0;
                }
                step = Step.AWAIT_AUTH;
                return n;
            }
            case REQUEST -> {
                int n = addressEnd(b, off, len);
                if (n <= 0) {
                    return n;
                }
                proxyTarget(target(b, off, n));
                if (u8(b, off + 1) == 1) {
                    ask(); // CONNECT
                } else {
                    never(); // BIND or UDP ASSOCIATE
                }
                step = Step.AWAIT_REPLY;
                return n;
            }
            default -> {
                return 0; // the server answers first
            }
        }
    }

    @Override
    int server(byte[] b, int off, int len) {
        switch (step) {
            case AWAIT_METHOD -> {
                if (len < 2) {
                    return 0;
                }
                int method = u8(b, off + 1);
                if (u8(b, off) != 5) {
                    return -1;
                }
                if (method == 0) {
                    step = Step.REQUEST;
                } else if (method == 2) {
                    step = Step.AUTH;
                } else if (method == 0xff) {
                    refuse("SOCKS5 method 0xff (no acceptable methods)"); // no acceptable methods
                } else {
                    never(); // GSSAPI or private: nothing we can follow
                }
                return 2;
            }
            case AWAIT_AUTH -> {
                if (len < 2) {
                    return 0;
                }
                if (u8(b, off + 1) == 0) {
                    step = Step.REQUEST;
                } else {
                    refuse("SOCKS5 authentication status " + u8(b, off + 1));
                }
                return 2;
            }
            case AWAIT_REPLY -> {
                int n = addressEnd(b, off, len);
                if (n <= 0) {
                    return n;
                }
                if (u8(b, off + 1) == 0) {
                    accept();
                } else {
                    refuse("SOCKS5 reply " + u8(b, off + 1));
                }
                return n;
            }
            default -> {
                return -1;
            }
        }
    }

    /** Length of a request or reply: VER CMD/REP RSV ATYP ADDR PORT (RFC 1928 §4, §6). */
    private static int addressEnd(byte[] b, int off, int len) {
        if (len < 5) {
            return 0;
        }
        if (u8(b, off) != 5) {
            return -1;
        }
        int n = switch (u8(b, off + 3)) {
            case 1 -> 4 + 4 + 2;
            case 3 -> 4 + 1 + u8(b, off + 4) + 2;
            case 4 -> 4 + 16 + 2;
            default -> -1;
        };
        if (n < 0) {
            return -1;
        }
        return len >= n ? n : 0;
    }

    private static String target(byte[] b, int off, int n) {
        int port = u16(b, off + n - 2);
        return switch (u8(b, off + 3)) {
            case 1 -> Socks4.ipv4(b, off + 4) + ":" + port;
            case 3 -> ascii(b, off + 5, u8(b, off + 4)) + ":" + port;
            default -> "[" + ipv6(b, off + 4) + "]:" + port;
        };
    }

    private static String ipv6(byte[] b, int off) {
        try {
            byte[] a = java.util.Arrays.copyOfRange(b, off, off + 16);
            return java.net.InetAddress.getByAddress(a).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an address
        }
    }
}
