package io.tlsinspect.reports.model;

import io.tlsinspect.decoder.model.HandshakeRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cli hands the analyzer: the inputs of one run (several files are one fleet), the
 * capture and decoder counters in the order they should be shown, and every HandshakeRecord in any
 * order.
 */
public record ReportInput(List<InputSummary> inputs, Map<String, Long> stats, List<HandshakeRecord> records) {
    public ReportInput {
        inputs = List.copyOf(inputs);
        // copy keeps the caller's order (DESIGN §3: counters appear in every report, in that order)
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
        records = List.copyOf(records);
    }
}
