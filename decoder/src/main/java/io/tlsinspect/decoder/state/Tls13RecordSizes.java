package io.tlsinspect.decoder.state;

/**
 * Sizes of protected TLS 1.3 records that can be told apart without keys (RFC 8446 §5.2:
 * TLSInnerPlaintext = content + content type(1) + zero padding, sealed with an AEAD tag). With no
 * padding, an alert is 2 + 1 + tag bytes, and a Finished is 4 (handshake header) + Hash.length + 1
 * + tag (RFC 8446 §4.4.4).
 */
public final class Tls13RecordSizes {
    private Tls13RecordSizes() {
    }

    /** RFC 8446 App. B.4: the AEAD tag is 16 bytes except TLS_AES_128_CCM_8_SHA256 (0x1305), 8. */
    static int tagLength(int cipher) {
        return cipher == 0x1305 ? 8 : 16;
    }

    /** RFC 8446 App. B.4: TLS_AES_256_GCM_SHA384 (0x1302) uses SHA-384, the others SHA-256. */
    static int hashLength(int cipher) {
        return cipher == 0x1302 ? 48 : 32;
    }

    public static int alertRecord(int cipher) {
        return 2 + 1 + tagLength(cipher);
    }

    public static int finishedRecord(int cipher) {
        return 4 + hashLength(cipher) + 1 + tagLength(cipher);
    }
}
