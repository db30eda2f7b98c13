package io.tlsinspect.reports.model;

/** A connection's place in a listed retry chain (DESIGN §6 {@code chain}); attempt is 1-based. */
public record ChainRef(int id, int attempt, int of) {
}
