package io.tlsinspect.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The exposition format as https://prometheus.io/docs/instrumenting/exposition_formats/ defines it. */
class PrometheusTextTest {
    @Test
    void countersGaugesAndEscapedLabels() {
        Map<Map<String, String>, Long> samples = new LinkedHashMap<>();
        samples.put(Map.of("outcome", "established"), 7L);
        samples.put(new TreeMap<>(Map.of("outcome", "server_alert", "alert", "a\"b\\c\nd")), 2L);
        String text = new PrometheusText()
                .metric("x_total", "counter", "Things.", 3)
                .labelled("y_total", "counter", "By outcome.", samples)
                .toString();
        assertThat(text).isEqualTo("""
                # HELP x_total Things.
                # TYPE x_total counter
                x_total 3
                # HELP y_total By outcome.
                # TYPE y_total counter
                y_total{outcome="established"} 7
                y_total{alert="a\\"b\\\\c\\nd",outcome="server_alert"} 2
                """);
    }

    @Test
    void theServerServesTheLatestSnapshot() throws Exception {
        try (MetricsServer m = MetricsServer.start("127.0.0.1:0")) {
            m.publish("a_total 1\n");
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            assertThat(r.body()).isEqualTo("a_total 1\n");
        }
    }
}
