package io.tlsinspect.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.reports.model.WireNames;
import io.tlsinspect.reports.render.ReportRenderer;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class WireNamesTest {
    @Test
    void suitesByIanaNameUnknownAsHex() {
        assertThat(WireNames.suite(0xc02f)).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(WireNames.suite(0x1301)).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(WireNames.suite(0x5600)).isEqualTo("TLS_FALLBACK_SCSV");
        assertThat(WireNames.suite(0x00ff)).isEqualTo("TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
        assertThat(WireNames.suite(0x1234)).isEqualTo("0x1234");
        assertThat(WireNames.suite(0x0a0a)).isEqualTo("0x0a0a");
        assertThat(WireNames.suite(-1)).isNull();
    }

    @Test
    void otherRegistries() {
        assertThat(WireNames.extension(43)).isEqualTo("supported_versions");
        assertThat(WireNames.extension(0xfafa)).isEqualTo("0xfafa");
        assertThat(WireNames.group(23)).isEqualTo("secp256r1");
        assertThat(WireNames.signatureScheme(0x0804)).isEqualTo("rsa_pss_rsae_sha256");
        assertThat(WireNames.version(0)).isNull();
        assertThat(WireNames.versions(List.of(0x0304, 0x0303))).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void everyFormatHasARenderer() {
        for (String f : ReportRenderer.FORMATS) {
            assertThat(ReportRenderer.forFormat(f).format()).isEqualTo(f);
        }
        Assertions.assertThatIllegalArgumentException().isThrownBy(() -> ReportRenderer.forFormat("xml"));
    }
}
