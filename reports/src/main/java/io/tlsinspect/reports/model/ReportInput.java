package io.tlsinspect.reports.model;

import io.tlsinspect.decoder.model.HandshakeRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cli hands the analyzer: the inputs of one run (several files are one fleet), the
 * capture and decoder counters in the order they should be shown, and every HandshakeRecord as a
 * source the analysis may read several times (DESIGN §3: a saved file's records are spilled to a
 * temporary file, not held in the heap).
 */
public record ReportInput(List<InputSummary> inputs, Map<String, Long> stats, RecordSource records) {
    public ReportInput {
        inputs = List.copyOf(inputs);
        // copy keeps the caller's order (DESIGN §3: counters appear in every report, in that order)
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    }

    /** Records held in memory (tests, a live slice), in any order. */
    public ReportInput(List<InputSummary> inputs, Map<String, Long> stats, List<HandshakeRecord> records) {
        this(inputs, stats, RecordSource.of(records));
    }
}
