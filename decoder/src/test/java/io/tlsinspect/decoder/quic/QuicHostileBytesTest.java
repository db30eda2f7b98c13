package io.tlsinspect.decoder.quic;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile datagrams: reading a packet fails only with {@link InitialPacket.Unreadable}, frames never throw. */
class QuicHostileBytesTest {

    @Test
    void randomAndMutatedBytesNeverThrowAnythingElse() {
        Random rnd = new Random(11);
        InitialKeys k = InitialKeys.of(InitialKeys.V1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, true);
        assertThatCode(() -> {
            for (int i = 0; i < 20_000; i++) {
                byte[] b = new byte[rnd.nextInt(1300)];
                rnd.nextBytes(b);
                if (b.length > 0) {
                    b[0] |= (byte) 0x80; // a long header, so the parser goes past its first check
                }
                if (b.length > 5 && rnd.nextBoolean()) {
                    b[1] = 0;
                    b[2] = 0;
                    b[3] = 0;
                    b[4] = 1; // version 1
                }
                try {
                    InitialPacket.read(b, 0, b.length, (v, dcid) -> k);
                } catch (InitialPacket.Unreadable expected) {
                    // counted by callers
                }
                new CryptoFrames().add(b);
            }
        }).doesNotThrowAnyException();
    }
}
