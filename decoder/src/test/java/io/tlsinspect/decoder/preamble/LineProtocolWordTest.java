package io.tlsinspect.decoder.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LineProtocol#word} gives the words the JDK's {@code trim().split(" +")} gives. */
class LineProtocolWordTest {
    private static String bySplit(String line, int i) {
        String[] w = line.trim().split(" +");
        return i < w.length ? w[i].toUpperCase(Locale.ROOT) : "";
    }

    @Test
    void examples() {
        assertThat(LineProtocol.word("a1 starttls", 1)).isEqualTo("STARTTLS");
        assertThat(LineProtocol.word("  ehlo   mail.example  ", 0)).isEqualTo("EHLO");
        assertThat(LineProtocol.word("  ehlo   mail.example  ", 1)).isEqualTo("MAIL.EXAMPLE");
        assertThat(LineProtocol.word("  ehlo   mail.example  ", 2)).isEmpty();
        assertThat(LineProtocol.word("", 0)).isEmpty();
        assertThat(LineProtocol.word("   ", 0)).isEmpty();
        assertThat(LineProtocol.word("\tNICK\tx ", 0)).isEqualTo("NICK\tX"); // only spaces separate words
    }

    @Test
    void agreesWithSplitOnRandomLines() {
        Random r = new Random(7);
        char[] alphabet = {' ', ' ', ' ', 'a', 'B', '?', '\t', '\u0001', ':', 'x'};
        for (int n = 0; n < 20_000; n++) {
            char[] c = new char[r.nextInt(12)];
            for (int j = 0; j < c.length; j++) {
                c[j] = alphabet[r.nextInt(alphabet.length)];
            }
            String line = new String(c);
            for (int i = 0; i < 4; i++) {
                assertThat(LineProtocol.word(line, i)).as("word %d of [%s]", i, line).isEqualTo(bySplit(line, i));
            }
        }
    }
}
