package io.tlsinspect.reports.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of DESIGN §5's answer to "why are browsers falling back?": the retry chains that began with
 * one outcome, how many recovered, and how they ended. Counted over every chain, listed or not.
 */
public record RootCause(OutcomeKey rootOutcome, int chains, int recovered, Map<OutcomeKey, Integer> finals) {
    public RootCause {
        finals = Collections.unmodifiableMap(new LinkedHashMap<>(finals));
    }
}
