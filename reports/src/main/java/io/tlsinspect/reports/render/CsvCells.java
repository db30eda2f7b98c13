package io.tlsinspect.reports.render;

/**
 * Defuses spreadsheet formula injection (OWASP "CSV Injection"): a cell that begins with
 * {@code = + - @}, a tab or a carriage return is prefixed with a single quote so spreadsheet programs
 * show it as text. Quoting of commas, quotes and newlines is left to commons-csv.
 */
public final class CsvCells {
    private CsvCells() {
    }

    public static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
            return "'" + s;
        }
        return s;
    }
}
