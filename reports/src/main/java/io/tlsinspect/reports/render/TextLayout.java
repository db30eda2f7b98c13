package io.tlsinspect.reports.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Fitting text to a terminal: every piece passes through {@link TerminalEscaper} first, then is cut
 * to its column (so widths count what the terminal will show) or wrapped at spaces.
 */
final class TextLayout {
    private TextLayout() {
    }

    /** Escaped, then cut to {@code width} with a trailing ellipsis, then padded to width. */
    static String cell(String s, int width) {
        String e = TerminalEscaper.escape(s);
        if (e.length() > width) {
            e = width <= 1 ? e.substring(0, width) : e.substring(0, width - 1) + "…";
        }
        return pad(e, width);
    }

    /** Right-aligned number column. */
    static String num(long n, int width) {
        String s = Long.toString(n);
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /**
     * Escapes, then wraps at spaces to lines of at most {@code width}, the first prefixed by
     * {@code first} and the rest by {@code rest}. Words longer than a line are split.
     */
    static List<String> wrap(String text, int width, String first, String rest) {
        String e = TerminalEscaper.escape(text);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int indent = first.length();
        for (String word : e.split(" ")) {
            while (word.length() > width - rest.length()) { // a monster token (hostile SNI): hard split
                if (line.length() > indent) {
                    lines.add(line.toString());
                    line = new StringBuilder(rest);
                    indent = rest.length();
                }
                int take = width - line.length();
                line.append(word, 0, take);
                lines.add(line.toString());
                word = word.substring(take);
                line = new StringBuilder(rest);
                indent = rest.length();
            }
            if (line.length() > indent && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(rest);
                indent = rest.length();
            }
            if (line.length() > indent) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > indent || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
