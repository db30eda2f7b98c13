package io.tlsinspect.decoder.tls.handshake;

import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.ServerHelloInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSL 2.0 handshake messages an observer can read (SSL 2.0 protocol specification, K. Hickman,
 * Netscape, draft of Feb. 9th 1995, "draft-hickman"): those sent in the clear. Message codes from
 * App. C.2. Everything after CLIENT-MASTER-KEY (or after a SERVER-HELLO with SESSION-ID-HIT) is
 * encrypted and seen as records only.
 */
public final class Sslv2Messages {
    /** App. C.2: SSL_MT_ERROR, SSL_MT_CLIENT_MASTER_KEY, SSL_MT_SERVER_HELLO. */
    public static final int MT_ERROR = 0;
    public static final int MT_CLIENT_MASTER_KEY = 2;
    public static final int MT_SERVER_HELLO = 4;
    /** App. C.5: SSL_CT_X509_CERTIFICATE. */
    static final int CT_X509_CERTIFICATE = 1;

    private Sslv2Messages() {
    }

    /** What an SSL 2.0 SERVER-HELLO says; {@code info.cipher()} is -1 (the client chooses, in CLIENT-MASTER-KEY). */
    public record ServerHello(ServerHelloInfo info, boolean sessionIdHit, List<Integer> cipherSpecs,
                              CertificateInfo certificate, String problem) {
    }

    /**
     * §2.6 SERVER-HELLO: MSG-SERVER-HELLO, SESSION-ID-HIT, CERTIFICATE-TYPE, SERVER-VERSION (2),
     * CERTIFICATE-LENGTH (2), CIPHER-SPECS-LENGTH (2), CONNECTION-ID-LENGTH (2), then the certificate,
     * the cipher specs (3 bytes each) and the connection-id (16..32 bytes). With SESSION-ID-HIT set the
     * certificate type and both lengths are zero.
     *
     * @return the hello, or null with {@code why[0]} set when the bytes break that layout
     */
    public static ServerHello serverHello(byte[] b, int off, int len, String[] why) {
        Reader r = new Reader(b, off, len);
        try {
            if (r.u8("msg_type") != MT_SERVER_HELLO) {
                throw new Reader.Malformed("msg_type is not SERVER-HELLO");
            }
            boolean hit = r.u8("SESSION-ID-HIT") != 0;
            int certType = r.u8("CERTIFICATE-TYPE");
            int version = r.u16("SERVER-VERSION");
            int certLen = r.u16("CERTIFICATE-LENGTH");
            int specsLen = r.u16("CIPHER-SPECS-LENGTH");
            int connIdLen = r.u16("CONNECTION-ID-LENGTH");
            if (specsLen % 3 != 0) {
                throw new Reader.Malformed("CIPHER-SPECS-LENGTH " + specsLen + " is not a multiple of 3");
            }
            if (hit && (certType != 0 || certLen != 0 || specsLen != 0)) {
                throw new Reader.Malformed("SESSION-ID-HIT with a certificate or cipher specs");
            }
            // §2.6: "The length of the CONNECTION-ID must be between 16 and than 32 bytes, inclusive."
            if (connIdLen < 16 || connIdLen > 32) {
                throw new Reader.Malformed("CONNECTION-ID-LENGTH " + connIdLen + " outside 16..32");
            }
            r.need(certLen + specsLen + connIdLen, "certificate, cipher specs and connection-id");
            int certOff = r.pos;
            r.skip(certLen, "CERTIFICATE-DATA");
            List<Integer> specs = new ArrayList<>(specsLen / 3);
            for (int i = 0; i < specsLen / 3; i++) {
                specs.add(r.u24("CIPHER-SPEC"));
            }
            r.skip(connIdLen, "CONNECTION-ID-DATA");
            r.expectAt(r.limit, "SERVER-HELLO");
            CertificateInfo cert = null;
            String problem = null;
            if (certLen > 0 && certType == CT_X509_CERTIFICATE) {
                HandshakeMessage.Certificate c = CertificateParser.parseDer(b, certOff, certLen);
                cert = c.leaf();
                problem = c.problem();
            } else if (certLen > 0) {
                problem = "certificate of unknown CERTIFICATE-TYPE " + certType;
            }
            ServerHelloInfo info = new ServerHelloInfo(version, version, -1, "", 0, List.of(), false, null, null,
                    null, null);
            return new ServerHello(info, hit, List.copyOf(specs), cert, problem);
        } catch (Reader.Malformed e) {
            why[0] = "SSL 2.0 SERVER-HELLO: " + e.getMessage();
            return null;
        }
    }

    /**
     * §2.5 CLIENT-MASTER-KEY: MSG-CLIENT-MASTER-KEY, CIPHER-KIND (3 bytes: the cipher the client chose
     * from the server's CIPHER-SPECS), CLEAR-KEY-LENGTH, ENCRYPTED-KEY-LENGTH, KEY-ARG-LENGTH (2 each),
     * then those three data fields.
     *
     * @return the CIPHER-KIND, or -1 with {@code why[0]} set when the bytes break that layout
     */
    public static int clientMasterKey(byte[] b, int off, int len, String[] why) {
        Reader r = new Reader(b, off, len);
        try {
            if (r.u8("msg_type") != MT_CLIENT_MASTER_KEY) {
                throw new Reader.Malformed("msg_type is not CLIENT-MASTER-KEY");
            }
            int kind = r.u24("CIPHER-KIND");
            int clear = r.u16("CLEAR-KEY-LENGTH");
            int encrypted = r.u16("ENCRYPTED-KEY-LENGTH");
            int keyArg = r.u16("KEY-ARG-LENGTH");
            r.skip(clear + encrypted + keyArg, "key data");
            r.expectAt(r.limit, "CLIENT-MASTER-KEY");
            return kind;
        } catch (Reader.Malformed e) {
            why[0] = "SSL 2.0 CLIENT-MASTER-KEY: " + e.getMessage();
            return -1;
        }
    }

    /**
     * §2.7 ERROR: MSG-ERROR, ERROR-CODE (2 bytes), in the clear during key negotiation. An encrypted
     * record is never 3 bytes (§1.2: it carries a MAC of 16 bytes for MD5), so a 3-byte record that
     * starts with 0 is a plaintext ERROR.
     *
     * @return the ERROR-CODE, or -1 when the record is not a plaintext ERROR
     */
    public static int error(byte[] b, int off, int len) {
        return len == 3 && b[off] == MT_ERROR ? ((b[off + 1] & 0xff) << 8) | (b[off + 2] & 0xff) : -1;
    }

    /** App. C.3 error codes as names: {@code ssl2_no_cipher}, ...; others as {@code ssl2_error_0x0009}. */
    public static String errorName(int code) {
        return switch (code) {
            case 0x0001 -> "ssl2_no_cipher";
            case 0x0002 -> "ssl2_no_certificate";
            case 0x0004 -> "ssl2_bad_certificate";
            case 0x0006 -> "ssl2_unsupported_certificate_type";
            default -> String.format("ssl2_error_0x%04x", code);
        };
    }
}
