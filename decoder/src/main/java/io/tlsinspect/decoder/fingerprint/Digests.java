package io.tlsinspect.decoder.fingerprint;

import io.tlsinspect.decoder.tls.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5 (JA3) and truncated SHA-256 (JA4) as lower-case hex. */
final class Digests {
    private Digests() {
    }

    static String md5(String s) {
        return hex("MD5", s);
    }

    /** First 12 hex characters of SHA-256 (FoxIO JA4 "hash12"). */
    static String sha256Prefix12(String s) {
        return hex("SHA-256", s).substring(0, 12);
    }

    private static String hex(String alg, String s) {
        try {
            return Bytes.hex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is required of every JDK", e);
        }
    }
}
