package io.tlsinspect.decoder.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Version names of the TLS 1.3 drafts and experiments, as tshark and Zeek name them. Expected values
 * from tshark 4.0's value_string for {@code tls.handshake.version} ({@code tshark -G values}: 0x7f0e
 * "TLS 1.3 (draft 14)" .. 0x7f1c "TLS 1.3 (draft 28)", 0xfb17 "TLS 1.3 (Facebook draft 23)", 0xfb1a
 * "TLS 1.3 (Facebook draft 26)"; no name for 0x7e01-0x7e04) and Zeek's ssl.log ("TLSv13-draft23"),
 * written in this tool's {@code TLSv1.x} style.
 */
class TlsVersionTest {
    @Test
    void ietfDraftsAreNamedByTheirNumber() {
        assertThat(TlsVersion.name(0x7f0e)).isEqualTo("TLSv1.3-draft14");
        assertThat(TlsVersion.name(0x7f12)).isEqualTo("TLSv1.3-draft18");
        assertThat(TlsVersion.name(0x7f17)).isEqualTo("TLSv1.3-draft23");
        assertThat(TlsVersion.name(0x7f1c)).isEqualTo("TLSv1.3-draft28");
    }

    @Test
    void facebookDraftsAreNamedAsTsharkNamesThem() {
        assertThat(TlsVersion.name(0xfb17)).isEqualTo("TLSv1.3-facebook-draft23");
        assertThat(TlsVersion.name(0xfb1a)).isEqualTo("TLSv1.3-facebook-draft26");
    }

    @Test
    void versionsNobodyNamesStayHex() {
        assertThat(TlsVersion.name(0x7e01)).isEqualTo("0x7e01"); // BoringSSL experiment: tshark 4.0 has no name
        assertThat(TlsVersion.name(0x7f00)).isEqualTo("0x7f00"); // draft 0 does not exist
        assertThat(TlsVersion.name(0x0a0a)).isEqualTo("0x0a0a"); // GREASE
        assertThat(TlsVersion.name(0x0304)).isEqualTo("TLSv1.3");
        assertThat(TlsVersion.name(0x0002)).isEqualTo("SSLv2");
    }
}
