package io.tlsinspect.decoder.preamble;

import java.nio.charset.StandardCharsets;

/**
 * LDAP StartTLS (RFC 4511 §4.14): an ExtendedRequest ({@code [APPLICATION 23]}) named
 * {@code 1.3.6.1.4.1.1466.20037}, answered by an ExtendedResponse ({@code [APPLICATION 24]}) whose
 * resultCode 0 starts TLS. Messages are BER (X.690 §8.1): {@code SEQUENCE { messageID INTEGER,
 * protocolOp ... }}.
 */
final class Ldap extends PreambleProtocol {
    private static final byte[] START_TLS_OID = "1.3.6.1.4.1.1466.20037".getBytes(StandardCharsets.US_ASCII);
    private static final int EXTENDED_REQUEST = 0x77;
    private static final int EXTENDED_RESPONSE = 0x78;
    private long askedId = -1;

    @Override
    String name() {
        return "ldap";
    }

    /** Length of the BER SEQUENCE at off, 0 when incomplete, -1 when not one (X.690 §8.1.3). */
    static int messageLength(byte[] b, int off, int len) {
        if (len < 2) {
            return 0;
        }
        if (u8(b, off) != 0x30) {
            return -1;
        }
        int[] h = header(b, off + 1, len - 1);
        if (h == null) {
            return len - 1 >= 5 ? -1 : 0;
        }
        long total = 1L + h[0] + h[1];
        if (total > MAX_MESSAGE) {
            return -1;
        }
        return len >= total ? (int) total : 0;
    }

    /** {length-of-length-octets, content length} at b[off], or null when incomplete or too long. */
    private static int[] header(byte[] b, int off, int len) {
        if (len < 1) {
            return null;
        }
        int first = u8(b, off);
        if (first < 0x80) {
            return new int[] {1, first};
        }
        int n = first & 0x7f;
        if (n == 0 || n > 3 || len < 1 + n) {
            return null;
        }
        int l = 0;
        for (int i = 1; i <= n; i++) {
            l = (l << 8) | u8(b, off + i);
        }
        return new int[] {1 + n, l};
    }

    @Override
    int client(byte[] b, int off, int len) {
        int n = messageLength(b, off, len);
        if (n <= 0) {
            return n;
        }
        Op op = op(b, off, n);
        if (op == null) {
            return -1;
        }
        if (phase() == Phase.TALKING) {
            if (op.tag == EXTENDED_REQUEST && contains(b, off, n, START_TLS_OID)) {
                askedId = op.messageId;
                ask();
            } else if (op.tag == 0x63 || op.tag == 0x66 || op.tag == 0x68 || op.tag == 0x4a) {
                never(); // search, modify, add, delete in plaintext
            }
        }
        return n;
    }

    @Override
    int server(byte[] b, int off, int len) {
        int n = messageLength(b, off, len);
        if (n <= 0) {
            return n;
        }
        Op op = op(b, off, n);
        if (op == null) {
            return -1;
        }
        if (phase() == Phase.ASKED && op.tag == EXTENDED_RESPONSE && op.messageId == askedId) {
            // LDAPResult starts with resultCode ENUMERATED (RFC 4511 §4.1.9).
            int p = op.contentOff;
            if (p + 3 <= off + n && u8(b, p) == 0x0a && u8(b, p + 1) == 1 && u8(b, p + 2) == 0) {
                accept();
            } else {
                boolean coded = p + 3 <= off + n && u8(b, p) == 0x0a && u8(b, p + 1) == 1;
                refuse(coded ? "LDAP resultCode " + u8(b, p + 2) : "LDAP extended response without a resultCode");
            }
        }
        return n;
    }

    private record Op(long messageId, int tag, int contentOff) {
    }

    private static Op op(byte[] b, int off, int n) {
        int end = off + n;
        int[] seq = header(b, off + 1, n - 1);
        int p = off + 1 + seq[0];
        if (p + 2 > end || u8(b, p) != 0x02) {
            return null;
        }
        int idLen = u8(b, p + 1);
        if (idLen < 1 || idLen > 4 || p + 2 + idLen >= end) {
            return null;
        }
        long id = 0;
        for (int i = 0; i < idLen; i++) {
            id = (id << 8) | u8(b, p + 2 + i);
        }
        p += 2 + idLen;
        int tag = u8(b, p);
        int[] h = header(b, p + 1, end - p - 1);
        if (h == null) {
            return null;
        }
        return new Op(id, tag, p + 1 + h[0]);
    }

    private static boolean contains(byte[] b, int off, int len, byte[] needle) {
        outer:
        for (int i = off; i + needle.length <= off + len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
