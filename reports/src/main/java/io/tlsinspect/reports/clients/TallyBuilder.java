package io.tlsinspect.reports.clients;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.Tally;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accumulates one table row; every table counts a connection the same way through this class.
 * Small on purpose (a table may count 50,000 rows until the report, each copied by the young
 * collections it lives through): primitive counters, the first outcome key a row sees in two fields
 * (most rows see one), further ones in two short arrays searched in place; sorted only by
 * {@link #build}. Not final: a client row is one of these with the client's own counts beside.
 */
class TallyBuilder {
    private int attempts;
    private int established;
    private int failed;
    private OutcomeKey firstKey;
    private int firstCount;
    /** The keys after the first, and their counts. */
    private OutcomeKey[] keys;
    private int[] counts;
    private int distinct;

    void add(HandshakeRecord r) {
        add(r, OutcomeKey.of(r));
    }

    /** @param key {@code OutcomeKey.of(r)}, when the caller has it already */
    void add(HandshakeRecord r, OutcomeKey key) {
        attempts++;
        if (r.outcome() == Outcome.ESTABLISHED) {
            established++;
        } else if (r.outcome().isFailure()) {
            failed++;
        }
        count(key, 1);
    }

    int attempts() {
        return attempts;
    }

    int failed() {
        return failed;
    }

    private void count(OutcomeKey key, int n) {
        if (distinct > 0 && (firstKey == key || firstKey.equals(key))) {
            firstCount += n;
            return;
        }
        for (int i = 0; i < distinct - 1; i++) {
            if (keys[i] == key || keys[i].equals(key)) {
                counts[i] += n;
                return;
            }
        }
        if (distinct == 0) {
            firstKey = key;
            firstCount = n;
            distinct = 1;
            return;
        }
        int at = distinct - 1;
        if (keys == null) {
            keys = new OutcomeKey[2];
            counts = new int[2];
        } else if (at == keys.length) {
            keys = Arrays.copyOf(keys, at * 2);
            counts = Arrays.copyOf(counts, at * 2);
        }
        keys[at] = key;
        counts[at] = n;
        distinct++;
    }

    private OutcomeKey key(int i) {
        return i == 0 ? firstKey : keys[i - 1];
    }

    private int count(int i) {
        return i == 0 ? firstCount : counts[i - 1];
    }

    /** Adds another row's counts to this one (a capped table's other row). */
    void addAll(TallyBuilder other) {
        attempts += other.attempts;
        established += other.established;
        failed += other.failed;
        for (int i = 0; i < other.distinct; i++) {
            count(other.key(i), other.count(i));
        }
    }

    Tally build() {
        Map<OutcomeKey, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < distinct; i++) {
            outcomes.put(key(i), count(i));
        }
        return new Tally(attempts, established, failed, outcomes);
    }

    /** Rows folded into one (a capped table's other row). */
    static Tally sum(Tally first, List<Tally> rest) {
        TallyBuilder b = new TallyBuilder();
        for (Tally t : concat(first, rest)) {
            b.attempts += t.attempts();
            b.established += t.established();
            b.failed += t.failed();
            t.outcomes().forEach((k, n) -> b.count(k, n));
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
