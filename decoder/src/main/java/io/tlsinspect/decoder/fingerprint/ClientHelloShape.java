package io.tlsinspect.decoder.fingerprint;

import java.util.List;

/**
 * What one client program's ClientHellos have in common (see {@link HelloLists}), as immutable
 * lists shared by every connection with the same hello, and the fingerprints computed from them once.
 */
public record ClientHelloShape(
        List<Integer> supportedVersions,
        List<Integer> cipherSuites,
        List<Integer> extensions,
        List<Integer> groups,
        List<Integer> signatureAlgorithms,
        List<Integer> ecPointFormats,
        List<Integer> keyShareGroups,
        List<String> alpn,
        String ja3,
        String ja3Hash,
        String ja4) {
}
