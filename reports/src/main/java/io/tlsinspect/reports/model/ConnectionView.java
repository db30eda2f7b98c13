package io.tlsinspect.reports.model;

import io.tlsinspect.decoder.model.HandshakeRecord;
import java.util.List;

/**
 * A connection as reports show it: the decoder's record plus what the analysis added.
 *
 * @param chain null unless the connection belongs to a listed chain (two or more attempts)
 * @param findings finding keys that name this connection
 * @param clientFingerprint the fingerprint of the client row this connection is counted under
 */
public record ConnectionView(HandshakeRecord record, ChainRef chain, List<String> findings,
                             String clientFingerprint, String family) {
    public ConnectionView {
        findings = List.copyOf(findings);
    }

    public long id() {
        return record.id();
    }

    public OutcomeKey outcomeKey() {
        return OutcomeKey.of(record);
    }
}
