package io.tlsinspect.reports.clients;

import java.util.Objects;

/** Which client row a connection is counted under, and that client's family (may be null). */
public record ClientIdentity(String ip, String fingerprint, String ja4, String family) {
    // Written out, as the record's own would compute them (same hash): the generated ones go through
    // ObjectMethods' invokedynamic, a method-handle chain per call and costly to compile, on a key
    // looked up for every record.
    @Override
    public boolean equals(Object o) {
        return o instanceof ClientIdentity c && Objects.equals(fingerprint, c.fingerprint) && Objects.equals(ip, c.ip)
                && Objects.equals(ja4, c.ja4) && Objects.equals(family, c.family);
    }

    @Override
    public int hashCode() {
        return ((Objects.hashCode(ip) * 31 + Objects.hashCode(fingerprint)) * 31 + Objects.hashCode(ja4)) * 31
                + Objects.hashCode(family);
    }
}
