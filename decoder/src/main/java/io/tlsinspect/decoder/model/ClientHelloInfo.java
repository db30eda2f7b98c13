package io.tlsinspect.decoder.model;

import java.util.List;

/**
 * What the client offered (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2, SSLv2-format: RFC 6101 App. E.2).
 * All code lists keep wire order and include GREASE values; {@code maxVersion} ignores GREASE.
 *
 * @param recordVersion version of the record that carried the hello (0x0002 for SSLv2 format)
 * @param legacyVersion ClientHello.legacy_version / client_version
 * @param supportedVersions the supported_versions extension, empty if absent
 * @param maxVersion the highest non-GREASE version offered (supported_versions if present)
 * @param sessionId lower-case hex, "" when empty
 * @param sessionTicket a non-empty session_ticket extension was sent (RFC 5077)
 * @param psk a pre_shared_key extension was sent (TLS 1.3 resumption)
 * @param sni server_name host name, or null
 * @param extensions extension types in wire order
 * @param ecPointFormats the ec_point_formats extension, for JA3
 * @param keyShareGroups groups of the key_share entries (TLS 1.3)
 */
public record ClientHelloInfo(
        int recordVersion,
        int legacyVersion,
        List<Integer> supportedVersions,
        int maxVersion,
        boolean sslv2Format,
        List<Integer> cipherSuites,
        boolean fallbackScsv,
        boolean renegotiationScsv,
        String sessionId,
        boolean sessionTicket,
        boolean psk,
        String sni,
        List<String> alpn,
        List<Integer> groups,
        List<Integer> signatureAlgorithms,
        List<Integer> extensions,
        List<Integer> ecPointFormats,
        List<Integer> keyShareGroups,
        String ja3,
        String ja3Hash,
        String ja4) {
    /** The same hello with another JA4 (a QUIC hello's has the {@code q} prefix). */
    public ClientHelloInfo withJa4(String newJa4) {
        return new ClientHelloInfo(recordVersion, legacyVersion, supportedVersions, maxVersion, sslv2Format,
                cipherSuites, fallbackScsv, renegotiationScsv, sessionId, sessionTicket, psk, sni, alpn, groups,
                signatureAlgorithms, extensions, ecPointFormats, keyShareGroups, ja3, ja3Hash, newJa4);
    }
}
