package io.tlsinspect.reports.chains;

import io.tlsinspect.reports.model.Chain;
import io.tlsinspect.reports.model.ChainRef;
import java.util.List;
import java.util.Map;

/** The listed chains and, per connection id, its place in one (absent: in no listed chain). */
public record ChainSet(List<Chain> chains, Map<Long, ChainRef> byConnection) {
    public ChainSet {
        chains = List.copyOf(chains);
        byConnection = Map.copyOf(byConnection);
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
