package io.tlsinspect.reports.clients;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.Tally;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Accumulates one table row; every table counts a connection the same way through this class. */
final class TallyBuilder {
    private int attempts;
    private int established;
    private int failed;
    private final Map<OutcomeKey, Integer> outcomes = new TreeMap<>();

    void add(HandshakeRecord r) {
        attempts++;
        if (r.outcome() == Outcome.ESTABLISHED) {
            established++;
        } else if (r.outcome().isFailure()) {
            failed++;
        }
        outcomes.merge(OutcomeKey.of(r), 1, Integer::sum);
    }

    Tally build() {
        return new Tally(attempts, established, failed, outcomes);
    }

    /** Rows folded into one (a capped table's other row). */
    static Tally sum(Tally first, List<Tally> rest) {
        TallyBuilder b = new TallyBuilder();
        for (Tally t : concat(first, rest)) {
            b.attempts += t.attempts();
            b.established += t.established();
            b.failed += t.failed();
            t.outcomes().forEach((k, n) -> b.outcomes.merge(k, n, Integer::sum));
        }
        return b.build();
    }

    private static List<Tally> concat(Tally first, List<Tally> rest) {
        List<Tally> all = new java.util.ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
