package io.tlsinspect.reports.chains;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ChainRef;
import io.tlsinspect.reports.model.OutcomeKey;
import io.tlsinspect.reports.model.RootCause;
import java.util.List;
import java.util.Map;

/**
 * The listed chains (at most {@code --max-chains}; {@code unlisted} more were counted, and
 * {@code rootCauses} counts them all) and, per connection id, its place in one (absent: in no listed chain), and the
 * record of each chain's first attempt (the only records the analysis keeps past the retry window:
 * the client table and the findings read the root of a chain); {@code failedAttempts}, when built from
 * the records, holds the outcome key of every listed attempt that failed (null: not known, tests).
 */
public record ChainSet(List<Chain> chains, Map<Long, ChainRef> byConnection, Map<Long, HandshakeRecord> roots,
                       long unlisted, List<RootCause> rootCauses, Map<Long, OutcomeKey> failedAttempts) {
    public ChainSet {
        failedAttempts = failedAttempts == null ? null : Map.copyOf(failedAttempts);
        chains = List.copyOf(chains);
        byConnection = Map.copyOf(byConnection);
        roots = Map.copyOf(roots);
        rootCauses = List.copyOf(rootCauses);
    }

    /** Every chain listed. */
    public ChainSet(List<Chain> chains, Map<Long, ChainRef> byConnection, Map<Long, HandshakeRecord> roots) {
        this(chains, byConnection, roots, 0, RootCauses.of(chains), null);
    }

    public ChainSet(List<Chain> chains, Map<Long, ChainRef> byConnection) {
        this(chains, byConnection, Map.of());
    }

    /** Whether this set knows how a connection ended: an attempt of a listed chain, the set built from the records. */
    public boolean outcomeKnown(long connectionId) {
        return failedAttempts != null && byConnection.containsKey(connectionId);
    }

    /** A listed attempt's outcome key when it failed, null when it did not ({@link #outcomeKnown}). */
    public OutcomeKey failureOf(long connectionId) {
        return failedAttempts == null ? null : failedAttempts.get(connectionId);
    }

    /** The first attempt of the listed chain a connection belongs to, or null. */
    public HandshakeRecord rootOf(long connectionId) {
        Chain c = chainOf(connectionId);
        return c == null ? null : roots.get(c.rootConnection());
    }

    public ChainRef refOf(long connectionId) {
        return byConnection.get(connectionId);
    }

    public Chain chain(int id) {
        return chains.get(id - 1);
    }

    /** Whether the connection is the second or later attempt of a listed chain: a fallback retry. */
    public boolean isRetry(long connectionId) {
        ChainRef ref = byConnection.get(connectionId);
        return ref != null && ref.attempt() > 1;
    }

    /** Whether the connection is the first attempt of a listed chain: the failure the retries followed. */
    public boolean isFirstAttempt(long connectionId) {
        ChainRef ref = byConnection.get(connectionId);
        return ref != null && ref.attempt() == 1;
    }

    /** The chain a connection belongs to, or null. */
    public Chain chainOf(long connectionId) {
        ChainRef ref = byConnection.get(connectionId);
        return ref == null ? null : chain(ref.id());
    }
}
