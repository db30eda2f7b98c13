package io.tlsinspect.reports.render;

/**
 * Makes a wire string safe as a CSV cell. Control characters (ESC, BEL, NUL, CR, LF ...) and bidi
 * overrides are escaped exactly as in the text report ({@link TerminalEscaper}): valid CSV could carry
 * them raw, but {@code cat report.csv} would hand them to the terminal. Then spreadsheet formula
 * injection (OWASP "CSV Injection") is defused: a cell that begins with {@code = + - @} is prefixed
 * with a single quote so spreadsheet programs show it as text. Quoting of commas and quotes is left
 * to commons-csv.
 */
public final class CsvCells {
    private CsvCells() {
    }

    public static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        String e = TerminalEscaper.escape(s);
        char c = e.charAt(0);
        if (c == '=' || c == '+' || c == '-' || c == '@') {
            return "'" + e;
        }
        return e;
    }
}
