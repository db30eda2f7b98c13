package io.tlsinspect.decoder.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 8701 §2: the sixteen GREASE values are 0x0A0A, 0x1A1A, ... 0xFAFA; nothing else is GREASE. */
class GreaseTest {
    @Test
    void theSixteenValuesOfRfc8701() {
        int found = 0;
        for (int v = 0; v <= 0xffff; v++) {
            if (Grease.is(v)) {
                found++;
                assertThat(v >> 8).isEqualTo(v & 0xff);
                assertThat(v & 0x0f).isEqualTo(0x0a);
            }
        }
        assertThat(found).isEqualTo(16);
        for (int b = 0x0a; b <= 0xfa; b += 0x10) {
            assertThat(Grease.is(b << 8 | b)).isTrue();
        }
        assertThat(Grease.is(0x0a1a)).isFalse();
        assertThat(Grease.is(0xc02f)).isFalse();
    }
}
