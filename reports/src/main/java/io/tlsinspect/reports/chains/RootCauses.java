package io.tlsinspect.reports.chains;

import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.RootCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DESIGN §5: "why are browsers falling back?" is answered by the distribution of the chains' root
 * outcomes. One row per root outcome: how many chains began with it, how many recovered, and how
 * they ended. Most frequent first; ties, and the endings within a row, in the order of each one's
 * first chain. Counted chain by chain as they close ({@link Counter}), so every chain counts even when
 * {@code --max-chains} lists only some; the table has one row per outcome, not per chain.
 */
public final class RootCauses {
    private RootCauses() {
    }

    /** The rows of these chains (numbered in order of their first attempts). */
    public static List<RootCause> of(List<Chain> chains) {
        Counter c = new Counter();
        for (Chain ch : chains) {
            c.add(ch.id(), ch);
        }
        return c.rows();
    }

    /** Adds chains in any order; {@code order} places each (its first attempt's place in the capture). */
    public static final class Counter {
        private static final class Tally {
            long first = Long.MAX_VALUE;
            int chains;
            int recovered;
            final Map<OutcomeKey, long[]> finals = new HashMap<>(); // {count, first order}
        }

        private final Map<OutcomeKey, Tally> byRoot = new HashMap<>();

        public void add(long order, Chain c) {
            add(order, c.rootOutcome(), c.finalOutcome(), c.recovered());
        }

        /** A chain by what this table reads of it: how its first and last attempts ended, and whether it recovered. */
        public void add(long order, OutcomeKey rootOutcome, OutcomeKey finalOutcome, boolean recovered) {
            Tally t = byRoot.computeIfAbsent(rootOutcome, k -> new Tally());
            t.first = Math.min(t.first, order);
            t.chains++;
            t.recovered += recovered ? 1 : 0;
            long[] f = t.finals.computeIfAbsent(finalOutcome, k -> new long[] {0, Long.MAX_VALUE});
            f[0]++;
            f[1] = Math.min(f[1], order);
        }

        public List<RootCause> rows() {
            List<Map.Entry<OutcomeKey, Tally>> entries = new ArrayList<>(byRoot.entrySet());
            entries.sort(Comparator.comparingInt((Map.Entry<OutcomeKey, Tally> e) -> e.getValue().chains).reversed()
                    .thenComparingLong(e -> e.getValue().first));
            List<RootCause> rows = new ArrayList<>();
            for (Map.Entry<OutcomeKey, Tally> e : entries) {
                List<Map.Entry<OutcomeKey, long[]>> fs = new ArrayList<>(e.getValue().finals.entrySet());
                fs.sort(Comparator.comparingLong(f -> f.getValue()[1]));
                Map<OutcomeKey, Integer> finals = new LinkedHashMap<>();
                fs.forEach(f -> finals.put(f.getKey(), (int) f.getValue()[0]));
                rows.add(new RootCause(e.getKey(), e.getValue().chains, e.getValue().recovered, finals));
            }
            return rows;
        }
    }
}
