package io.tlsinspect.reports.render;

import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.Tally;
import io.tlsinspect.reports.model.TimeBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Inline SVG charts for the HTML report, drawn in Java (no script, no network). Every label passes
 * through {@link HtmlEscaper}: row names can come from the wire.
 */
final class SvgCharts {
    private static final int BAR_AREA = 560;
    private static final int LABEL = 230;
    private static final int TIMELINE_WIDTH = 1280;
    private static final int TICKS = 8;

    private SvgCharts() {
    }

    /** Shades for alert outcomes, one per alert description: reds for the server's, oranges for the client's. */
    private static final String[] SERVER_ALERT_SHADES = {"#ff1744", "#c51162", "#880e4f", "#ff8a80", "#8e0000", "#f48fb1"};
    private static final String[] CLIENT_ALERT_SHADES = {"#ffd600", "#8d6e63", "#ffcc80", "#3e2723", "#c0ca33", "#ff9e80"};

    /**
     * Colours for every outcome key of a report, fixed once so that a key looks the same in every
     * chart: an outcome's colour, and for server_alert and client_alert one shade per alert
     * description (in the keys' written order), so handshake_failure and protocol_version differ.
     */
    static Map<OutcomeKey, String> palette(java.util.Collection<OutcomeKey> keys) {
        Map<OutcomeKey, String> p = new java.util.HashMap<>();
        int server = 0;
        int client = 0;
        for (OutcomeKey k : new TreeSet<>(keys)) {
            if (k.alert() != null && k.outcome() == io.tlsinspect.decoder.model.Outcome.SERVER_ALERT) {
                p.put(k, SERVER_ALERT_SHADES[server++ % SERVER_ALERT_SHADES.length]);
            } else if (k.alert() != null && k.outcome() == io.tlsinspect.decoder.model.Outcome.CLIENT_ALERT) {
                p.put(k, CLIENT_ALERT_SHADES[client++ % CLIENT_ALERT_SHADES.length]);
            } else {
                p.put(k, color(k));
            }
        }
        return p;
    }

    /** Colour per outcome (whatever the alert), so one outcome looks the same in every chart. */
    static String color(OutcomeKey key) {
        return switch (key.outcome()) {
            case ESTABLISHED -> "#2e7d32";
            case SERVER_ALERT -> "#c62828";
            case CLIENT_ALERT -> "#ef6c00";
            case SERVER_RESET -> "#6a1b9a";
            case SERVER_CLOSED -> "#ab47bc";
            case NO_SERVER_RESPONSE -> "#455a64";
            case CLIENT_ABANDONED -> "#f9a825";
            case NOT_TLS -> "#6d4c41";
            case NO_CLIENT_HELLO -> "#90a4ae";
            case REFUSED -> "#37474f";
            case UNANSWERED_SYN -> "#78909c";
            case INCOMPLETE -> "#bdbdbd";
            case MID_STREAM -> "#e0e0e0";
            case STARTTLS_REFUSED -> "#d84315"; // issue 11
            case TLS_NEVER_STARTED -> "#8d6e63";
            case VERSION_NEGOTIATION -> "#5d4037";
        };
    }

    /** Attempts (grey) and failures (red) per bucket, as vertical bars. */
    static String timeline(List<TimeBucket> buckets) {
        if (buckets.isEmpty()) {
            return "<p class=\"muted\">No connections.</p>";
        }
        int max = 1;
        for (TimeBucket b : buckets) {
            max = Math.max(max, b.attempts());
        }
        int height = 160;
        int width = TIMELINE_WIDTH; // drawn in a viewBox scaled to the page's full width
        double step = (double) width / buckets.size();
        double bar = Math.max(1, step - 1);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 %d %d\" "
                + "width=\"100%%\" aria-label=\"attempts and failures over time\">", width + 60, height + 44));
        s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"12\" class=\"axis\">%d</text>", max));
        s.append(String.format(Locale.ROOT, "<line x1=\"40\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", height + 5, width + 40, height + 5));
        for (int i = 0; i < buckets.size(); i++) {
            TimeBucket b = buckets.get(i);
            double x = 40 + i * step;
            double ha = (double) b.attempts() / max * height;
            double hf = (double) b.failed() / max * height;
            String title = HtmlEscaper.escape(Timestamps.barStart(b.startNanos(), b.widthNanos()) + " UTC: " + b.attempts()
                    + " attempts, " + b.failed() + " failed");
            s.append(String.format(Locale.ROOT, "<g><title>%s</title>", title));
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#b0bec5\"/>",
                    x, height + 5 - ha, bar, ha));
            if (b.failed() > 0) {
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#c62828\"/>",
                        x, height + 5 - hf, bar, hf));
            }
            s.append("</g>");
        }
        // up to TICKS labels, evenly spaced, each under a tick: the clock, and on a second line the date
        // where it changes (one line of equal width per tick, so neighbouring labels never overlap)
        int ticks = Math.min(TICKS, buckets.size());
        String lastDay = "";
        for (int t = 0; t < ticks; t++) {
            int i = ticks == 1 ? 0 : (int) Math.round((double) t * (buckets.size() - 1) / (ticks - 1));
            TimeBucket b = buckets.get(i);
            double x = 40 + i * step + bar / 2;
            String full = Timestamps.barStart(b.startNanos(), b.widthNanos());
            String day = full.substring(0, 10);
            String label = full.substring(11);
            boolean newDay = !day.equals(lastDay);
            lastDay = day;
            String anchor = t == 0 ? "start" : t == ticks - 1 ? "end" : "middle";
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>", x,
                    height + 5, x, height + 10));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"%s\">%s</text>", x,
                    height + 26, anchor, HtmlEscaper.escape(label)));
            if (newDay) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"%s\">%s</text>", x,
                        height + 40, anchor, HtmlEscaper.escape(day)));
            }
        }
        s.append("</svg>");
        s.append("<p class=\"legend\"><span style=\"background:#b0bec5\"></span>attempts "
                + "<span style=\"background:#c62828\"></span>failed</p>");
        return s.toString();
    }

    /** One horizontal bar per row, split by outcome key; bars share one scale. */
    static String stackedBars(Map<String, Tally> rows, Map<OutcomeKey, String> palette) {
        if (rows.isEmpty()) {
            return "<p class=\"muted\">No connections.</p>";
        }
        int max = 1;
        for (Tally t : rows.values()) {
            max = Math.max(max, t.attempts());
        }
        int rowH = 22;
        int height = rows.size() * rowH + 4;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\">",
                LABEL + BAR_AREA + 60, height));
        TreeSet<OutcomeKey> keys = new TreeSet<>();
        int y = 2;
        for (Map.Entry<String, Tally> row : rows.entrySet()) {
            String label = row.getKey();
            String shown = label.length() > 26 ? label.substring(0, 25) + "…" : label;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\"><title>%s</title>%s</text>",
                    LABEL - 6, y + 15, HtmlEscaper.escape(label), HtmlEscaper.escape(shown)));
            double x = LABEL;
            for (Map.Entry<OutcomeKey, Integer> seg : row.getValue().outcomes().entrySet()) {
                keys.add(seg.getKey());
                double w = (double) seg.getValue() / max * BAR_AREA;
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" stroke=\"#fff\">"
                                + "<title>%s: %d</title></rect>", x, y, w, rowH - 6, palette.getOrDefault(seg.getKey(), color(seg.getKey())),
                        HtmlEscaper.escape(label + " " + seg.getKey()), seg.getValue()));
                x += w;
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\">%d</text>", x + 4, y + 13,
                    row.getValue().attempts()));
            y += rowH;
        }
        s.append("</svg>");
        s.append(legend(new ArrayList<>(keys), palette));
        return s.toString();
    }

    private static String legend(List<OutcomeKey> keys, Map<OutcomeKey, String> palette) {
        StringBuilder s = new StringBuilder("<p class=\"legend\">");
        for (OutcomeKey k : keys) {
            s.append("<span style=\"background:").append(palette.getOrDefault(k, color(k))).append("\"></span>").append(HtmlEscaper.escape(k.toString())).append(' ');
        }
        return s.append("</p>").toString();
    }
}
