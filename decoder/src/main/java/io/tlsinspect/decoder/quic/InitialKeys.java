package io.tlsinspect.decoder.quic;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one direction's QUIC Initial packets, which anyone can derive from the client's first
 * Destination Connection ID (RFC 9001 §5.2; QUIC v2: RFC 9369 §3.3): HKDF-Extract with the version's
 * salt, then HKDF-Expand-Label (RFC 8446 §7.1) for "client in"/"server in" and the packet key, IV and
 * header-protection key ("quic key"/"quic iv"/"quic hp"; v2: "quicv2 ...").
 */
public record InitialKeys(byte[] key, byte[] iv, byte[] hp) {
    public static final long V1 = 0x00000001L;
    public static final long V2 = 0x6b3343cfL;
    private static final byte[] SALT_V1 = hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    private static final byte[] SALT_V2 = hex("0dede3def700a6db819381be6e269dcbf9bd2ed9");

    /** Whether these keys can be derived for this version. */
    public static boolean supported(long version) {
        return version == V1 || version == V2;
    }

    public static InitialKeys of(long version, byte[] dcid, boolean client) {
        boolean v2 = version == V2;
        byte[] initial = hmac(v2 ? SALT_V2 : SALT_V1, dcid);
        byte[] secret = expandLabel(initial, client ? "client in" : "server in", 32);
        String p = v2 ? "quicv2 " : "quic ";
        return new InitialKeys(expandLabel(secret, p + "key", 16), expandLabel(secret, p + "iv", 12),
                expandLabel(secret, p + "hp", 16));
    }

    /** RFC 8446 §7.1 HKDF-Expand-Label with an empty context; RFC 5869 §2.3 for one or two blocks. */
    static byte[] expandLabel(byte[] secret, String label, int length) {
        byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + l.length + 1];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) l.length;
        System.arraycopy(l, 0, info, 3, l.length);
        byte[] in = new byte[info.length + 1];
        System.arraycopy(info, 0, in, 0, info.length);
        in[info.length] = 1;
        byte[] t = hmac(secret, in);
        byte[] out = new byte[length];
        System.arraycopy(t, 0, out, 0, length); // every length used here is <= 32, one SHA-256 block
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
