package io.tlsinspect.decoder.model;

import java.util.List;
import java.util.Objects;

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

    // Written out, as the record's own would compute them (same hash): the generated ones go through
    // ObjectMethods' invokedynamic, a method-handle chain per call and costly to compile (JFR: ~110 ms
    // of C2 time for the two in one run), on a key the reports look up for every record. The digest
    // first: it tells most apart.
    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateInfo c && keyBits == c.keyBits && chainLength == c.chainLength
                && selfSigned == c.selfSigned && Objects.equals(sha256, c.sha256) && Objects.equals(subject, c.subject)
                && Objects.equals(issuer, c.issuer) && Objects.equals(subjectAltNames, c.subjectAltNames)
                && Objects.equals(notBefore, c.notBefore) && Objects.equals(notAfter, c.notAfter)
                && Objects.equals(keyType, c.keyType);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(subject);
        h = h * 31 + Objects.hashCode(issuer);
        h = h * 31 + Objects.hashCode(subjectAltNames);
        h = h * 31 + Objects.hashCode(notBefore);
        h = h * 31 + Objects.hashCode(notAfter);
        h = h * 31 + Objects.hashCode(keyType);
        h = h * 31 + keyBits;
        h = h * 31 + chainLength;
        h = h * 31 + Boolean.hashCode(selfSigned);
        return h * 31 + Objects.hashCode(sha256);
    }

    /** The same leaf in a chain of another length (a summary is made once per distinct leaf). */
    public CertificateInfo withChainLength(int n) {
        return n == chainLength ? this : new CertificateInfo(subject, issuer, subjectAltNames, notBefore, notAfter,
                keyType, keyBits, n, selfSigned, sha256);
    }
}
