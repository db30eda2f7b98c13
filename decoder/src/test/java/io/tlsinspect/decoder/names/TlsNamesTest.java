package io.tlsinspect.decoder.names;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names come from Bouncy Castle's registry; unknown codes and GREASE fall back to hex (DESIGN §6). */
class TlsNamesTest {
    @Test
    void suites() {
        assertThat(TlsNames.cipherSuite(0xc02f)).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(TlsNames.cipherSuite(0x1301)).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(TlsNames.cipherSuite(0x5600)).isEqualTo("TLS_FALLBACK_SCSV");
        assertThat(TlsNames.cipherSuite(0x00ff)).isEqualTo("TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
        assertThat(TlsNames.cipherSuite(0x1234)).isEqualTo("0x1234");
        assertThat(TlsNames.cipherSuite(0x0a0a)).isEqualTo("0x0a0a");
    }

    @Test
    void alerts() {
        assertThat(TlsNames.alert(86)).isEqualTo("inappropriate_fallback");
        assertThat(TlsNames.alert(40)).isEqualTo("handshake_failure");
        assertThat(TlsNames.alert(47)).isEqualTo("illegal_parameter");
        assertThat(TlsNames.alert(48)).isEqualTo("unknown_ca");
        assertThat(TlsNames.alert(200)).isEqualTo("0xc8");
        assertThat(TlsNames.alertLevel(2)).isEqualTo("fatal");
    }

    @Test
    void extensionsGroupsSignatureSchemes() {
        assertThat(TlsNames.extension(0)).isEqualTo("server_name");
        assertThat(TlsNames.extension(43)).isEqualTo("supported_versions");
        assertThat(TlsNames.extension(0x4469)).isEqualTo("0x4469");
        assertThat(TlsNames.extension(0xfafa)).isEqualTo("0xfafa");
        assertThat(TlsNames.group(0x2a2a)).isEqualTo("0x2a2a");
        assertThat(TlsNames.group(29)).isEqualTo("x25519");
        assertThat(TlsNames.group(23)).isEqualTo("secp256r1");
        assertThat(TlsNames.signatureScheme(0x0804)).isEqualTo("rsa_pss_rsae_sha256");
        assertThat(TlsNames.signatureScheme(0x0303)).isEqualTo("0x0303");
    }
}
