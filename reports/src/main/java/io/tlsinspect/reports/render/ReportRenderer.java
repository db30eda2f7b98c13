package io.tlsinspect.reports.render;

import io.tlsinspect.reports.model.Report;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * One output format. Renderers only format what the {@link Report} already decided, and treat every
 * string that came off the wire (SNI, ALPN, certificate names) as hostile: each escapes for its
 * medium.
 */
public sealed interface ReportRenderer
        permits TextRenderer, JsonRenderer, JsonLinesRenderer, CsvRenderer, HtmlRenderer {

    /** The {@code --format} value: text, json, jsonl, csv or html. */
    String format();

    /** Writes the whole report; does not close the writer. */
    void render(Report report, Writer out) throws IOException;

    /** Every {@code --format} value, the default first: the one list the command line checks and documents. */
    List<String> FORMATS = List.of("text", "json", "jsonl", "csv", "html");

    /** The renderer for a {@code --format} value. */
    static ReportRenderer forFormat(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> new TextRenderer();
            case "json" -> new JsonRenderer();
            case "jsonl" -> new JsonLinesRenderer();
            case "csv" -> new CsvRenderer();
            case "html" -> new HtmlRenderer();
            default -> throw new IllegalArgumentException("--format must be one of " + String.join(", ", FORMATS) + ", not: " + format);
        };
    }
}
