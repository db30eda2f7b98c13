package io.tlsinspect.reports.render;

/**
 * Escapes text for HTML element content and quoted attribute values alike (OWASP rule #1 and #2 for
 * quoted attributes): {@code & < > " '} become character references, and control characters become
 * visible {@code \xNN} text (they are not allowed in HTML and could confuse a reader).
 */
public final class HtmlEscaper {
    private HtmlEscaper() {
    }

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
