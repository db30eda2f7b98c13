package io.tlsinspect.reports.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One client: an IP and a fingerprint (JA4 when present, else {@code h:} + a hash of offered suites
 * and extensions; null when the connection carried no ClientHello). Two clients behind one NAT
 * address with different fingerprints are two rows.
 *
 * @param family e.g. "Mozilla Firefox", from the shipped JA4 catalog; null when unknown
 * @param maxVersions attempts per offered maximum version ({@code TLSv1.2})
 * @param chains ids of the listed retry chains rooted at this client
 */
public record ClientSummary(String ip, String fingerprint, String ja4, String family, Tally tally,
                            Map<String, Integer> maxVersions, List<Integer> chains) {
    public ClientSummary {
        maxVersions = Collections.unmodifiableMap(new TreeMap<>(maxVersions)); // SSLv3 < TLSv1.0 < ...
    }
}
