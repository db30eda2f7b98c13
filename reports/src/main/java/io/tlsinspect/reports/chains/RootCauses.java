package io.tlsinspect.reports.chains;

import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.OutcomeKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DESIGN §5: "why are browsers falling back?" is answered by the distribution of the chains' root
 * outcomes. One row per root outcome: how many chains began with it, how many recovered, and how
 * they ended. Most frequent first.
 */
public final class RootCauses {
    public record Row(OutcomeKey rootOutcome, int chains, int recovered, Map<OutcomeKey, Integer> finals) {
    }

    private RootCauses() {
    }

    public static List<Row> of(List<Chain> chains) {
        Map<OutcomeKey, List<Chain>> byRoot = new LinkedHashMap<>();
        for (Chain c : chains) {
            byRoot.computeIfAbsent(c.rootOutcome(), k -> new ArrayList<>()).add(c);
        }
        List<Row> rows = new ArrayList<>();
        byRoot.forEach((root, cs) -> {
            Map<OutcomeKey, Integer> finals = new LinkedHashMap<>();
            int recovered = 0;
            for (Chain c : cs) {
                finals.merge(c.finalOutcome(), 1, Integer::sum);
                recovered += c.recovered() ? 1 : 0;
            }
            rows.add(new Row(root, cs.size(), recovered, finals));
        });
        rows.sort(Comparator.comparingInt(Row::chains).reversed());
        return rows;
    }
}
