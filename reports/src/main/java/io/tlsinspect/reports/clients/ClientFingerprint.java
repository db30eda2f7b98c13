package io.tlsinspect.reports.clients;

import io.tlsinspect.decoder.model.ClientHelloInfo;
import io.tlsinspect.decoder.tls.Grease;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a client is told apart from others at the same address: its JA4 when the decoder computed
 * one, else {@code h:} + the first 12 hex digits of SHA-256 over the offered suites and extensions in
 * wire order (GREASE values folded to 0x0a0a, since browsers pick a new one per connection).
 * Null when the connection carried no ClientHello.
 */
public final class ClientFingerprint {
    private ClientFingerprint() {
    }

    public static String of(ClientHelloInfo hello) {
        if (hello == null) {
            return null;
        }
        if (hello.ja4() != null && !hello.ja4().isEmpty()) {
            return hello.ja4();
        }
        StringBuilder sb = new StringBuilder();
        for (int c : hello.cipherSuites()) {
            sb.append(norm(c)).append(',');
        }
        sb.append('|');
        for (int e : hello.extensions()) {
            sb.append(norm(e)).append(',');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.US_ASCII));
            return "h:" + HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static int norm(int code) {
        return Grease.is(code) ? 0x0a0a : code;
    }
}
