package io.tlsinspect.decoder.preamble;

/**
 * PostgreSQL's SSLRequest (protocol docs §55.2.10 "SSL Session Encryption"): the client sends length 8
 * and code 80877103; the server answers one byte, {@code S} (TLS follows) or {@code N} (no). A
 * GSSENCRequest (80877104) is answered the same way; a StartupMessage (protocol 3.0) means plaintext.
 */
final class Postgres extends PreambleProtocol {
    static final long SSL_REQUEST = 80877103L;
    static final long GSSENC_REQUEST = 80877104L;
    static final long CANCEL_REQUEST = 80877102L;
    static final long PROTOCOL_3 = 196608L;
    private boolean gssAsked;

    @Override
    String name() {
        return "postgres";
    }

    @Override
    int client(byte[] b, int off, int len) {
        if (phase() != Phase.TALKING) {
            return 0;
        }
        if (len < 8) {
            return 0;
        }
        long l = u32(b, off);
        if (l < 8 || l > MAX_MESSAGE) {
            return -1;
        }
        if (len < l) {
            return 0;
        }
        long code = u32(b, off + 4);
        if (code == SSL_REQUEST) {
            ask();
        } else if (code == GSSENC_REQUEST) {
            gssAsked = true;
        } else {
            never();
        }
        return (int) l;
    }

    @Override
    int server(byte[] b, int off, int len) {
        if (len < 1) {
            return 0;
        }
        int answer = u8(b, off);
        if (gssAsked) {
            gssAsked = false;
            if (answer == 'N') {
                return 1;
            }
            never(); // GSSAPI encryption, not TLS
            return 1;
        }
        if (phase() == Phase.ASKED) {
            if (answer == 'S') {
                accept();
            } else {
                refuse(answer == 'N' ? "N" : "ErrorResponse"); // 'N', or an ErrorResponse from a server that predates SSL
            }
            return 1;
        }
        return -1;
    }
}
