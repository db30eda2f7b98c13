package io.tlsinspect.decoder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 9: a hello's names are made once per distinct name, and a wrong name is never handed back. */
class NameCacheTest {
    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theSameNameIsTheSameInstanceAndEachNameReadsBackAsSent() {
        NameCache c = new NameCache();
        byte[] hello = latin1("xxwww.example.testyy");
        String first = c.of(hello, 2, 16);
        assertThat(first).isEqualTo("www.example.test");
        assertThat(c.of(latin1("www.example.test"), 0, 16)).isSameAs(first);
        assertThat(c.of(latin1("h2"), 0, 2)).isEqualTo("h2");
        // Bytes above 0x7f stay one char each (JA4 looks at bytes), and are not confused with others.
        byte[] high = {(byte) 0xe9, 'a'};
        assertThat(c.of(high, 0, 2)).isEqualTo("\u00e9a");
        assertThat(c.of(latin1("www.example.tesu"), 0, 16)).isEqualTo("www.example.tesu");
    }

    @Test
    void everyNameDifferentStillReadsBackRightAndLongNamesAreNotKept() {
        NameCache c = new NameCache();
        // Far more names than slots: each slot is taken over, and every answer is still the name sent.
        for (int i = 0; i < NameCache.SLOTS * 8; i++) {
            String name = "host" + i + ".example.test";
            assertThat(c.of(latin1(name), 0, name.length())).isEqualTo(name);
        }
        String longName = "a".repeat(NameCache.MAX_LENGTH + 1);
        String one = c.of(latin1(longName), 0, longName.length());
        assertThat(one).isEqualTo(longName);
        assertThat(c.of(latin1(longName), 0, longName.length())).isEqualTo(longName).isNotSameAs(one);
    }
}
