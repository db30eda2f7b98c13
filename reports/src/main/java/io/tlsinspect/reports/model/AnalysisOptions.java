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
 * @param clientRows most rows of the client table ({@code --max-clients}); the rest fold into one
 *     counted "other clients" row. The analysis counts at most {@code max(clientRows, }
 *     {@link #CLIENTS_TRACKED}{@code )} clients one by one; clients first seen after that go
 *     straight into the other row (DESIGN §3: tables do not grow with the number of clients)
 * @param serverRows most rows of the server table ({@code --max-servers}), the same way
 * @param proofCap most connection ids a finding lists as proof ({@code --max-proof}); its count is exact
 * @param chainRows most retry chains listed ({@code --max-chains}), those whose first attempts came
 *     first; the rest are counted ({@code chains_unlisted}) and their connections name no chain. The
 *     findings and the diagnosis read the listed chains; {@code by_root_cause} counts them all
 */
public record AnalysisOptions(Duration retryWindow, ConnectionFilter connections, String toolVersion,
                              int sessionCacheCap, int clientRows, int serverRows, int proofCap, int chainRows) {
    public static final int DEFAULT_CLIENT_ROWS = 1000;
    public static final int DEFAULT_SERVER_ROWS = 1000;
    public static final int DEFAULT_PROOF_CAP = 1000;
    /** A listed chain with its kept first attempt costs about 1 to 1.5 KB: 10,000 of them about 15 MB. */
    public static final int DEFAULT_CHAIN_ROWS = 10_000;
    /** Clients counted one by one before any new client goes straight to the other row (~0.6 KB each). */
    public static final int CLIENTS_TRACKED = 50_000;

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
        if (sessionCacheCap < 1 || clientRows < 1 || serverRows < 1 || proofCap < 1 || chainRows < 1) {
            throw new IllegalArgumentException("caps must be positive");
        }
    }

    public AnalysisOptions(Duration retryWindow, ConnectionFilter connections, String toolVersion,
                           int sessionCacheCap, int clientRows, int serverRows, int proofCap) {
        this(retryWindow, connections, toolVersion, sessionCacheCap, clientRows, serverRows, proofCap, DEFAULT_CHAIN_ROWS);
    }

    public AnalysisOptions(Duration retryWindow, ConnectionFilter connections, String toolVersion,
                           int sessionCacheCap) {
        this(retryWindow, connections, toolVersion, sessionCacheCap, DEFAULT_CLIENT_ROWS, DEFAULT_SERVER_ROWS,
                DEFAULT_PROOF_CAP);
    }

    public AnalysisOptions(Duration retryWindow, ConnectionFilter connections, String toolVersion) {
        this(retryWindow, connections, toolVersion, DEFAULT_SESSION_CACHE_CAP);
    }

    /** How many clients are counted one by one (the rest only in the other row). */
    public int clientsTracked() {
        return Math.max(clientRows, CLIENTS_TRACKED);
    }

    /** How many servers are counted one by one. */
    public int serversTracked() {
        return Math.max(serverRows, CLIENTS_TRACKED);
    }

    public AnalysisOptions withCaps(int clients, int servers, int proof) {
        return new AnalysisOptions(retryWindow, connections, toolVersion, sessionCacheCap, clients, servers, proof, chainRows);
    }

    public AnalysisOptions withChainRows(int chains) {
        return new AnalysisOptions(retryWindow, connections, toolVersion, sessionCacheCap, clientRows, serverRows, proofCap, chains);
    }

    public static AnalysisOptions defaults(String toolVersion) {
        return new AnalysisOptions(DEFAULT_RETRY_WINDOW, ConnectionFilter.ALL, toolVersion);
    }

    public AnalysisOptions withRetryWindow(Duration window) {
        return new AnalysisOptions(window, connections, toolVersion, sessionCacheCap, clientRows, serverRows, proofCap, chainRows);
    }

    public AnalysisOptions withConnections(ConnectionFilter filter) {
        return new AnalysisOptions(retryWindow, filter, toolVersion, sessionCacheCap, clientRows, serverRows, proofCap, chainRows);
    }
}
