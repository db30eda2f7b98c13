package io.tlsinspect.reports.clients;

/** Which client row a connection is counted under, and that client's family (may be null). */
public record ClientIdentity(String ip, String fingerprint, String ja4, String family) {
}
