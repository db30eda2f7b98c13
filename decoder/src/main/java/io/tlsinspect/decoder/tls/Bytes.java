package io.tlsinspect.decoder.tls;

import java.nio.charset.StandardCharsets;

/** Big-endian reads in place (RFC 8446 §3.3: network byte order) and lower-case hex. */
public final class Bytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Bytes() {
    }

    public static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    public static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    public static int u24(byte[] b, int i) {
        return ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
    }

    public static String hex(byte[] b, int off, int len) {
        // Latin-1 bytes, not chars: half the scratch array, and the String takes them without compressing
        // (every session ID of every hello goes through here).
        byte[] out = new byte[len * 2];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            out[2 * i] = HEX[v >>> 4];
            out[2 * i + 1] = HEX[v & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    public static String hex(byte[] b) {
        return hex(b, 0, b.length);
    }

    /** Parses hex (whitespace ignored); for tests and resources. */
    public static byte[] fromHex(String s) {
        String h = s.replaceAll("[^0-9a-fA-F]", "");
        if ((h.length() & 1) != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }
}
