package io.tlsinspect.decoder.tls;

import java.util.HexFormat;

/** Big-endian reads in place (RFC 8446 §3.3: network byte order) and lower-case hex. */
public final class Bytes {
    private static final HexFormat LOWER_HEX = HexFormat.of();
    private static final String DIGITS = "0123456789abcdef";

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

    /** Lower-case hex, e.g. of session IDs (every hello's goes through here). */
    public static String hex(byte[] b, int off, int len) {
        // HexFormat hands its Latin-1 array to the String without a copy: one array per call, not two.
        return LOWER_HEX.formatHex(b, off, off + len);
    }

    /** Whether {@code hex} is {@link #hex} of these bytes, found without making that string. */
    public static boolean isHexOf(String hex, byte[] b, int off, int len) {
        if (hex == null || hex.length() != 2 * len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            if (hex.charAt(2 * i) != DIGITS.charAt(v >>> 4) || hex.charAt(2 * i + 1) != DIGITS.charAt(v & 0xf)) {
                return false;
            }
        }
        return true;
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
