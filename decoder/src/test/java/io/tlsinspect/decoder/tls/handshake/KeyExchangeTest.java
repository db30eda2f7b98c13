package io.tlsinspect.decoder.tls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.tls.handshake.ServerKeyExchangeParser.KeyExchange;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.Test;

/**
 * The ServerKeyExchange layout follows the suite's key exchange, which IANA's suite names spell out
 * between {@code TLS_} and {@code _WITH_} (RFC 5246 App. A.5, RFC 8422 §6, RFC 4279, RFC 5489,
 * RFC 6655): ephemeral ECDH (ECDHE, ECDHE_PSK), ephemeral DH (DHE_RSA, DHE_DSS, DHE_PSK, PSK_DHE),
 * or neither (RSA, static DH/ECDH, anonymous, plain PSK, and TLS 1.3 suites, which have no key
 * exchange in their name). Checked for every suite in Bouncy Castle's registry, including the RC4,
 * DES and export suites Bouncy Castle itself no longer classifies.
 */
class KeyExchangeTest {
    @Test
    void everyRegisteredSuiteByItsIanaName() throws Exception {
        int checked = 0;
        for (Field f : CipherSuite.class.getFields()) {
            if (f.getType() != int.class || !Modifier.isStatic(f.getModifiers()) || f.getName().startsWith("DRAFT_")) {
                continue;
            }
            String name = f.getName();
            int with = name.indexOf("_WITH_");
            List<String> kx = with < 0 ? List.of() : List.of(name.substring("TLS_".length(), with).split("_"));
            KeyExchange expected = kx.contains("ECDHE") ? KeyExchange.ECDHE
                    : kx.contains("DHE") ? KeyExchange.DHE : KeyExchange.OTHER;
            assertThat(KeyExchange.of(f.getInt(null))).as(name).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void examples() {
        assertThat(KeyExchange.of(0xc02f)).isEqualTo(KeyExchange.ECDHE); // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        assertThat(KeyExchange.of(0xc011)).isEqualTo(KeyExchange.ECDHE); // TLS_ECDHE_RSA_WITH_RC4_128_SHA
        assertThat(KeyExchange.of(0x009e)).isEqualTo(KeyExchange.DHE);   // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
        assertThat(KeyExchange.of(0x009c)).isEqualTo(KeyExchange.OTHER); // TLS_RSA_WITH_AES_128_GCM_SHA256
        assertThat(KeyExchange.of(0x1301)).isEqualTo(KeyExchange.OTHER); // TLS_AES_128_GCM_SHA256 (TLS 1.3)
        assertThat(KeyExchange.of(0x1234)).isEqualTo(KeyExchange.OTHER); // unassigned
    }
}
