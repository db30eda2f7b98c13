package io.tlsinspect.decoder.model;

import java.util.List;

/**
 * How the handshake travelled (issue 11): over TCP from the first byte, after a plaintext preamble
 * (STARTTLS, a database's SSL request, a proxy request), or in QUIC Initial packets.
 *
 * @param name {@code tcp} or {@code quic}
 * @param preamble the protocol that came before TLS ({@code smtp}, {@code socks5}, ...), or null when TLS
 *     (or whatever the client sent) started at the first byte
 * @param proxyTarget {@code host:port} as the client asked a proxy for it, else null
 * @param quicVersion the QUIC version of the client's Initial packets, else null
 * @param quicCloseError the error code of a CONNECTION_CLOSE frame, else null
 * @param quicVnVersions the versions a Version Negotiation packet offered (reserved ones left out)
 * @param refusal a preamble server's answer that refused to start TLS, as sent (printable ASCII, at most
 *     {@link #MAX_REFUSAL} characters: {@code 454 4.7.0 TLS not available due to local problem},
 *     {@code N}, {@code SOCKS5 reply 2}), else null
 */
public record Transport(String name, String preamble, String proxyTarget, Long quicVersion, Long quicCloseError,
                        List<Long> quicVnVersions, String refusal) {
    /** TLS from the first byte of a TCP connection. */
    public static final Transport TCP = new Transport("tcp", null, null, null, null, List.of());
    /** Longest refusal kept: a reply line is wire text of a hostile peer. */
    public static final int MAX_REFUSAL = 200;

    public Transport {
        quicVnVersions = List.copyOf(quicVnVersions);
        if (refusal != null && refusal.length() > MAX_REFUSAL) {
            refusal = refusal.substring(0, MAX_REFUSAL);
        }
    }

    /** Without a refusal (every transport but a refused preamble). */
    public Transport(String name, String preamble, String proxyTarget, Long quicVersion, Long quicCloseError,
                     List<Long> quicVnVersions) {
        this(name, preamble, proxyTarget, quicVersion, quicCloseError, quicVnVersions, null);
    }

    public static Transport afterPreamble(String preamble, String proxyTarget) {
        return afterPreamble(preamble, proxyTarget, null);
    }

    public static Transport afterPreamble(String preamble, String proxyTarget, String refusal) {
        return new Transport("tcp", preamble, proxyTarget, null, null, List.of(), refusal);
    }
}
