package io.tlsinspect.decoder.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Issue 9: a note's text is made once per key while it keeps coming, and never a wrong one from a shared slot. */
class NoteCacheTest {
    @Test
    void theSameKeyGivesTheSameInstance() {
        NoteCache c = new NoteCache(16, k -> "record of " + k + " bytes");
        String first = c.of(42);
        assertThat(first).isEqualTo("record of 42 bytes");
        assertThat(c.of(42)).isSameAs(first);
        assertThat(c.of(43)).isEqualTo("record of 43 bytes");
    }

    @Test
    void manyMoreKeysThanSlotsAreEachRight() {
        NoteCache c = new NoteCache(4, k -> "k" + k);
        for (int round = 0; round < 3; round++) {
            for (long k = -50; k < 5000; k += 7) {
                assertThat(c.of(k)).isEqualTo("k" + k);
                assertThat(c.of(k << 32 | 1)).isEqualTo("k" + (k << 32 | 1));
            }
        }
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new NoteCache(12, k -> "")).isInstanceOf(IllegalArgumentException.class);
    }
}
