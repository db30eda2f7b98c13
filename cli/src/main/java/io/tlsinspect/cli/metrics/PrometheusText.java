package io.tlsinspect.cli.metrics;

import java.util.Map;

/**
 * The Prometheus text exposition format (version 0.0.4): HELP and TYPE lines, then samples.
 * Label values are escaped as the format requires (backslash, double quote, newline).
 */
public final class PrometheusText {
    private final StringBuilder sb = new StringBuilder(1024);

    public PrometheusText metric(String name, String type, String help, long value) {
        header(name, type, help);
        sb.append(name).append(' ').append(value).append('\n');
        return this;
    }

    /** One metric with one sample per entry; keys are "label=value" pairs joined by ','. */
    public PrometheusText labelled(String name, String type, String help, Map<Map<String, String>, Long> samples) {
        header(name, type, help);
        for (Map.Entry<Map<String, String>, Long> e : samples.entrySet()) {
            sb.append(name).append('{');
            String sep = "";
            for (Map.Entry<String, String> l : e.getKey().entrySet()) {
                sb.append(sep).append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
                sep = ",";
            }
            sb.append("} ").append(e.getValue()).append('\n');
        }
        return this;
    }

    private void header(String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
