package io.tlsinspect.reports.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How to analyze.
 *
 * @param retryWindow how long after an attempt a fallback retry may start and still join its chain
 *     (DESIGN §5, {@code --retry-window}); inclusive
 * @param connections which connections are listed (not what is counted)
 * @param toolVersion written to {@code tool.version}
 * @param sessionCacheCap most session IDs remembered for {@code resumption_cipher_missing} (LRU)
 */
public record AnalysisOptions(Duration retryWindow, ConnectionFilter connections, String toolVersion,
                              int sessionCacheCap) {
    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofSeconds(30);
    /** 32-byte IDs plus a small value: about 10 MB at the cap, enough for hours of a busy server. */
    public static final int DEFAULT_SESSION_CACHE_CAP = 100_000;

    public AnalysisOptions {
        Objects.requireNonNull(retryWindow, "retryWindow");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(toolVersion, "toolVersion");
        if (retryWindow.isNegative()) {
            throw new IllegalArgumentException("retry window must not be negative: " + retryWindow);
        }
        if (sessionCacheCap < 1) {
            throw new IllegalArgumentException("session cache cap must be positive: " + sessionCacheCap);
        }
    }

    public AnalysisOptions(Duration retryWindow, ConnectionFilter connections, String toolVersion) {
        this(retryWindow, connections, toolVersion, DEFAULT_SESSION_CACHE_CAP);
    }

    public static AnalysisOptions defaults(String toolVersion) {
        return new AnalysisOptions(DEFAULT_RETRY_WINDOW, ConnectionFilter.ALL, toolVersion);
    }

    public AnalysisOptions withRetryWindow(Duration window) {
        return new AnalysisOptions(window, connections, toolVersion, sessionCacheCap);
    }

    public AnalysisOptions withConnections(ConnectionFilter filter) {
        return new AnalysisOptions(retryWindow, filter, toolVersion, sessionCacheCap);
    }
}
