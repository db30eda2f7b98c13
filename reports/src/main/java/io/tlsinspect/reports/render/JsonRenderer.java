package io.tlsinspect.reports.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tlsinspect.reports.model.Report;
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

    @Override
    public void render(Report report, Writer out) throws IOException {
        mapper.writeValue(out, new JsonTree(mapper).report(report));
        out.write(System.lineSeparator());
        out.flush();
    }
}
