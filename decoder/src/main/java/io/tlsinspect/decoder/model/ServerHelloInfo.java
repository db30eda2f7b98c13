package io.tlsinspect.decoder.model;

import java.util.List;

/**
 * What the server answered (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3).
 *
 * @param version negotiated version (supported_versions if present, else legacy_version)
 * @param legacyVersion ServerHello.legacy_version
 * @param sessionId lower-case hex, "" when empty
 * @param helloRetryRequest the random was the HelloRetryRequest constant (RFC 8446 §4.1.3)
 * @param alpn the selected protocol, or null
 */
public record ServerHelloInfo(
        int version,
        int legacyVersion,
        int cipher,
        String sessionId,
        int compression,
        List<Integer> extensions,
        boolean helloRetryRequest,
        String alpn,
        Integer keyShareGroup,
        String ja3s,
        String ja3sHash) {
}
