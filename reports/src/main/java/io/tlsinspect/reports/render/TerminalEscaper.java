package io.tlsinspect.reports.render;

/**
 * Makes a string safe to print on a terminal: every control character (C0, DEL, C1 — ESC included,
 * so no escape sequence can reach the terminal), and the Unicode line/paragraph separators and
 * bidirectional overrides that can reorder or hide text, become visible {@code \xNN} /
 * {@code \\u{NNNN}} escapes. A backslash is doubled so an escape cannot be forged.
 */
public final class TerminalEscaper {
    private TerminalEscaper() {
    }

    public static String escape(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = replacement(c);
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String replacement(char c) {
        if (c == '\\') {
            return "\\\\";
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            return String.format("\\x%02x", (int) c);
        }
        // line/paragraph separators, bidi embeddings/overrides/isolates (CVE-2021-42574 "Trojan Source")
        if (c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c) {
            return String.format("\\u{%04x}", (int) c);
        }
        return null;
    }
}
