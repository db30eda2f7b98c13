package io.tlsinspect.decoder.model;

import java.util.List;

/** Summary of the server's leaf certificate (TLS <= 1.2 only: TLS 1.3 encrypts it). */
public record CertificateInfo(
        String subject,
        String issuer,
        List<String> subjectAltNames,
        String notBefore,
        String notAfter,
        String keyType,
        int keyBits,
        int chainLength,
        boolean selfSigned,
        String sha256) {

    /** The same leaf in a chain of another length (a summary is made once per distinct leaf). */
    public CertificateInfo withChainLength(int n) {
        return n == chainLength ? this : new CertificateInfo(subject, issuer, subjectAltNames, notBefore, notAfter,
                keyType, keyBits, n, selfSigned, sha256);
    }
}
