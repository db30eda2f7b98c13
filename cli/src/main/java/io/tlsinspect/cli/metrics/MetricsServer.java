package io.tlsinspect.cli.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code capture --metrics [HOST:]PORT}: serves the latest snapshot at /metrics for Prometheus. The
 * capture thread publishes a finished text now and then; the HTTP thread only reads it, so the two
 * share one volatile reference and nothing else. Uses the JDK's own HTTP server (no dependency).
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private volatile String snapshot = "";

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** @param spec "PORT" (binds 127.0.0.1) or "HOST:PORT" */
    public static MetricsServer start(String spec) throws IOException {
        int colon = spec.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : spec.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(colon < 0 ? spec : spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--metrics: '" + spec + "' is not [HOST:]PORT");
        }
        if (port < 0 || port > 65535) { // 0: any free port (tests)
            throw new IllegalArgumentException("--metrics: port " + port + " is not 1-65535");
        }
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(host, port), 8);
        } catch (IOException e) {
            throw new IOException("--metrics: cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        MetricsServer m = new MetricsServer(s);
        s.createContext("/metrics", exchange -> {
            byte[] body = m.snapshot.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        s.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tlsinspect-metrics");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return m;
    }

    public void publish(String text) {
        snapshot = text;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
