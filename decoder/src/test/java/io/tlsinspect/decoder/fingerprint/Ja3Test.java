package io.tlsinspect.decoder.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JA3 against salesforce/ja3's README examples. Real hellos are checked against tshark's
 * tls.handshake.ja3 / ja3s in RealTranscriptTest.
 */
class Ja3Test {

    @Test
    void readmeExampleWithExtensions() {
        String s = Ja3.ja3String(769, List.of(47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4),
                List.of(0, 10, 11), List.of(23, 24, 25), List.of(0));
        assertThat(s).isEqualTo("769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0");
        assertThat(Ja3.hash(s)).isEqualTo("ada70206e40642a3e4461f35503241d5");
    }

    @Test
    void readmeExampleWithoutExtensions() {
        String s = Ja3.ja3String(769, List.of(4, 5, 10, 9, 100, 98, 3, 6, 19, 18, 99), List.of(), List.of(), List.of());
        assertThat(s).isEqualTo("769,4-5-10-9-100-98-3-6-19-18-99,,,");
        assertThat(Ja3.hash(s)).isEqualTo("de350869b8c85de67a350c8d186f11e6");
    }

    @Test
    void greaseIsLeftOut() {
        assertThat(Ja3.ja3String(771, List.of(0x0a0a, 4865), List.of(0x1a1a, 0), List.of(0x2a2a, 29), List.of(0)))
                .isEqualTo("771,4865,0,29,0");
    }
}
