package io.tlsinspect.decoder.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.TestConnection;
import io.tlsinspect.decoder.model.ClientHelloInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InternerTest {
    static ClientHelloInfo hello(String sni, String sessionId) {
        // new list instances each time, as the parser makes them
        return new ClientHelloInfo(0x0301, 0x0303, new ArrayList<>(List.of(0x0304, 0x0303)), 0x0304, false,
                new ArrayList<>(List.of(0x1301, 0x1302, 0xc02f)), false, true, sessionId, false, false, sni,
                new ArrayList<>(List.of("h2")), new ArrayList<>(List.of(29, 23)), new ArrayList<>(List.of(0x0403)),
                new ArrayList<>(List.of(0, 10, 13, 43, 51)), new ArrayList<>(List.of(0)), new ArrayList<>(List.of(29)),
                new String("771,4865-4866-49199,0-10-13-43-51,29-23,0"), new String("abc"), new String("t13d0305h2_x_y"));
    }

    @Test
    void equalHellosShareTheirListsAndStringsButKeepTheirOwnValues() {
        Interner in = new Interner();
        ClientHelloInfo a = in.intern(hello("a.example", "00"));
        ClientHelloInfo b = in.intern(hello("b.example", "ff"));
        assertThat(b.cipherSuites()).isSameAs(a.cipherSuites());
        assertThat(b.extensions()).isSameAs(a.extensions());
        assertThat(b.ja4()).isSameAs(a.ja4());
        assertThat(b.sni()).isEqualTo("b.example");
        assertThat(b.sessionId()).isEqualTo("ff");
        assertThat(b).isEqualTo(hello("b.example", "ff")); // interning never changes a value
    }

    @Test
    void equalStringsAreOneInstance() {
        Interner in = new Interner();
        String a = in.intern(new String("CH SH C CCS F"));
        assertThat(in.intern(new String("CH SH C CCS F"))).isSameAs(a);
        assertThat(in.intern(new String("CH A"))).isNotSameAs(a).isEqualTo("CH A");
        assertThat(in.intern((String) null)).isNull();
    }

    @Test
    void equalLettersAreOneStringMadeOnce() {
        Interner in = new Interner();
        byte[] a = "CSsCd".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        String first = in.latin1(a, 5);
        assertThat(first).isEqualTo("CSsCd");
        assertThat(in.latin1(a.clone(), 5)).isSameAs(first);
        assertThat(in.latin1(a, 4)).isEqualTo("CSsC");
        assertThat(in.latin1("CSsCD".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 5)).isEqualTo("CSsCD");
        assertThat(in.latin1(new byte[0], 0)).isEmpty();
    }

    @Test
    void equalNotesAreOneListAndUnequalOnesStayApart() {
        Interner in = new Interner();
        List<String> one = in.note(new String("server closed"));
        assertThat(one).containsExactly("server closed");
        assertThat(in.note(new String("server closed"))).isSameAs(one);
        assertThat(in.notes(new ArrayList<>(List.of(new String("server closed"))))).isSameAs(one);
        assertThat(in.note("client closed")).isNotSameAs(one).containsExactly("client closed");

        List<String> two = in.notes(new ArrayList<>(List.of("a", new String("b"))));
        assertThat(in.notes(new ArrayList<>(List.of(new String("a"), "b")))).isSameAs(two);
        assertThat(in.notes(new ArrayList<>(List.of("b", "a")))).containsExactly("b", "a");
        assertThat(in.notes(new ArrayList<>(List.of("a", "b", "c")))).containsExactly("a", "b", "c");
        assertThat(in.notes(new ArrayList<>())).isEmpty();
    }

    @Test
    void notesListsAreImmutableCopiesNotTheCallersList() {
        Interner in = new Interner();
        List<String> mine = new ArrayList<>(List.of("x", "y"));
        List<String> shared = in.notes(mine);
        mine.add("z"); // the decision's own list may grow; the shared list must not
        assertThat(shared).containsExactly("x", "y");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> shared.add("w"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void manyDistinctNotesEachKeepTheirOwnContentThroughSlotReuse() {
        Interner in = new Interner();
        for (int i = 0; i < 100_000; i++) { // more notes than slots: a reused slot never hands back another content
            assertThat(in.note("gap at offset " + i)).containsExactly("gap at offset " + i);
        }
    }

    @Test
    void theTrackersOfOneDecoderThreadShareTheirHistory() {
        Interner in = new Interner();
        DecoderStats stats = new DecoderStats();
        HandshakeFacts a = malformed(in, stats);
        HandshakeFacts b = malformed(in, stats);
        assertThat(a.history()).isNotEmpty();
        assertThat(b.history()).isEqualTo(a.history()).isSameAs(a.history());
        assertThat(a.notes()).isNotEmpty();
        assertThat(b.notes()).isEqualTo(a.notes()).isSameAs(a.notes());
    }

    private static HandshakeFacts malformed(Interner in, DecoderStats stats) {
        HandshakeTracker t = new HandshakeTracker(false, stats, in);
        t.onFramingError(TestConnection.C, "not TLS", true, 1);
        return t.finish(TestConnection.established(), EndReason.CLOSED, 2);
    }
}
