package io.tlsinspect.capture.ip;

/** IP addresses as text: dotted quad, and IPv6 in RFC 5952's canonical form (as Wireshark prints it). */
public final class AddressFormat {
    private AddressFormat() {
    }

    /** An IPv4 address held in an int (network order: the first octet in the top byte) as a dotted quad. */
    public static String ipv4(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    public static String format(byte[] b, int off, int len) {
        if (len == 4) {
            return ipv4((b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff));
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = (b[off + 2 * i] & 0xff) << 8 | (b[off + 2 * i + 1] & 0xff);
        }
        // RFC 5952 §4.2: compress the longest run (leftmost on ties) of two or more zero words.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad.
        if (bestStart == 0 && bestLen == 5 && w[5] == 0xffff) {
            return "::ffff:" + format(b, off + 12, 4);
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }
}
