package io.tlsinspect.reports.model;

import java.util.Locale;

/**
 * Which connections a report lists ({@code --connections}). Listing only: statistics, chains,
 * clients and findings always cover every connection (DESIGN §6).
 */
public enum ConnectionFilter {
    ALL, FAILED, NONE;

    /** Parses {@code all|failed|none} (case-insensitive). */
    public static ConnectionFilter parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "all" -> ALL;
            case "failed" -> FAILED;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("--connections must be all, failed or none, not: " + s);
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
