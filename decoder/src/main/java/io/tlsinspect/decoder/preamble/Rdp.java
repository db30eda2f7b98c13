package io.tlsinspect.decoder.preamble;

/**
 * RDP's security negotiation (MS-RDPBCGR §2.2.1.1, §2.2.1.2): TPKT (RFC 1006) carrying an X.224
 * Connection Request with RDP_NEG_REQ (type 1; requestedProtocols: 1 TLS, 2 CredSSP, 8 CredSSP EX,
 * all of which start with TLS), answered by a Connection Confirm with RDP_NEG_RSP (type 2,
 * selectedProtocol) or RDP_NEG_FAILURE (type 3). TLS starts after the Confirm.
 */
final class Rdp extends PreambleProtocol {
    private static final long TLS_BASED = 0x1 | 0x2 | 0x8;

    @Override
    String name() {
        return "rdp";
    }

    /** A whole TPKT (version 3, reserved 0, 16-bit length), 0 when incomplete, -1 when not one. */
    private static int tpkt(byte[] b, int off, int len) {
        if (len < 4) {
            return 0;
        }
        if (u8(b, off) != 3 || u8(b, off + 1) != 0) {
            return -1;
        }
        int l = u16(b, off + 2);
        if (l < 7) {
            return -1;
        }
        return len >= l ? l : 0;
    }

    /** The 8-byte negotiation structure that ends the TPDU, when there is one of this type. */
    private static long negValue(byte[] b, int off, int n, int type) {
        if (n < 4 + 7 + 8 || u8(b, off + n - 8) != type || u8(b, off + n - 6) != 8) {
            return -1;
        }
        return u32le(b, off + n - 4);
    }

    @Override
    int client(byte[] b, int off, int len) {
        int n = tpkt(b, off, len);
        if (n <= 0) {
            return n;
        }
        if (phase() == Phase.TALKING) {
            long requested = negValue(b, off, n, 1);
            if (requested > 0 && (requested & TLS_BASED) != 0) {
                ask();
            } else {
                never(); // standard RDP security: its own RC4 encryption, no TLS
            }
        }
        return n;
    }

    @Override
    int server(byte[] b, int off, int len) {
        int n = tpkt(b, off, len);
        if (n <= 0) {
            return n;
        }
        if (phase() == Phase.ASKED) {
            long selected = negValue(b, off, n, 2);
            if (selected > 0) {
                accept();
            } else {
                refuse(selected == 0 ? "standard RDP security selected" : "RDP_NEG_FAILURE"); // RDP_NEG_FAILURE, or standard security chosen
            }
        }
        return n;
    }
}
