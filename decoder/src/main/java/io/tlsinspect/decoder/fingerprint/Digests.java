package io.tlsinspect.decoder.fingerprint;

import io.tlsinspect.decoder.tls.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5 (JA3) and truncated SHA-256 (JA4) as lower-case hex. */
final class Digests {
    /**
     * Never used directly, only cloned: a clone skips the provider lookup of getInstance, which was a
     * measurable share of decoding time (bench/), and the prototypes themselves are never updated.
     */
    private static final MessageDigest MD5 = instance("MD5");
    private static final MessageDigest SHA256 = instance("SHA-256");

    private Digests() {
    }

    static String md5(String s) {
        return hex(MD5, s);
    }

    /** First 12 hex characters of SHA-256 (FoxIO JA4 "hash12"). */
    static String sha256Prefix12(String s) {
        return hex(SHA256, s).substring(0, 12);
    }

    private static String hex(MessageDigest prototype, String s) {
        try {
            MessageDigest md = (MessageDigest) prototype.clone();
            return Bytes.hex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's digests are cloneable", e);
        }
    }

    private static MessageDigest instance(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is required of every JDK", e);
        }
    }
}
