package io.tlsinspect.reports.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ConnectionView;
import io.tlsinspect.reports.model.Report;
import java.util.Iterator;
import java.util.Map;
import java.io.IOException;
import java.io.Writer;

/** {@code --format json}: the DESIGN §6 document, pretty-printed, followed by a newline. */
public final class JsonRenderer implements ReportRenderer {
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Override
    public String format() {
        return "json";
    }

    /**
     * Streams the document: connections are built and written one at a time (a tree of all of them
     * took about 7 KiB per connection), everything else is small and built whole. Key order is
     * DESIGN §6's: connections come right after stats.
     */
    @Override
    public void render(Report report, Writer out) throws IOException {
        JsonTree tree = new JsonTree(mapper);
        ObjectNode root = tree.report(report, false);
        try (JsonGenerator gen = mapper.getFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            gen.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                gen.writeFieldName(e.getKey());
                if (e.getKey().equals("chains")) {
                    gen.writeStartArray();
                    for (Chain c : report.chains()) {
                        mapper.writeTree(gen, tree.chain(c));
                    }
                    gen.writeEndArray();
                    continue;
                }
                mapper.writeTree(gen, e.getValue());
                if (e.getKey().equals("stats")) {
                    gen.writeArrayFieldStart("connections");
                    for (ConnectionView c : report.listedConnections()) {
                        mapper.writeTree(gen, tree.connection(c));
                    }
                    gen.writeEndArray();
                }
            }
            gen.writeEndObject();
        }
        out.write(System.lineSeparator());
        out.flush();
    }
}
