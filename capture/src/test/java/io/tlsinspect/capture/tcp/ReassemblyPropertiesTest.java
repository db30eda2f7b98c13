package io.tlsinspect.capture.tcp;

import static io.tlsinspect.testkit.CaptureBytes.ACK;
import static io.tlsinspect.testkit.CaptureBytes.FIN;
import static io.tlsinspect.testkit.CaptureBytes.PSH;
import static io.tlsinspect.testkit.CaptureBytes.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.capture.testing.Harness;
import io.tlsinspect.capture.testing.RecordingListener;
import io.tlsinspect.testkit.CaptureBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Reassembly as properties (issue 2, acceptance 4): however a byte stream is cut, reordered,
 * duplicated or overlapped on the wire, the listener gets the original bytes once, in order; drop one
 * segment and it gets exactly one gap, at that segment's offset and of its length.
 */
class ReassemblyPropertiesTest {
    static final byte[] CLIENT = CaptureBytes.addr(198, 51, 100, 7);
    static final byte[] SERVER = CaptureBytes.addr(203, 0, 113, 1);

    /** A segment of the stream: [start, end) of the original bytes. */
    record Piece(int start, int end) {
    }

    record Scenario(byte[] stream, int isn, long seed) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<byte[]> stream = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6000);
        // ISNs near the top of the sequence space make sure wrap-around is exercised often.
        Arbitrary<Integer> isn = Arbitraries.oneOf(Arbitraries.integers(),
                Arbitraries.integers().between(-7000, -1));
        return Combinators.combine(stream, isn, Arbitraries.longs()).as(Scenario::new);
    }

    @Property(tries = 2000)
    void anyCutReorderDuplicateOrOverlapReassemblesToTheOriginal(@ForAll("scenarios") Scenario sc) {
        Random rnd = new Random(sc.seed());
        List<Piece> pieces = cut(sc.stream().length, rnd);
        List<Piece> wire = new ArrayList<>(pieces);
        // Duplicates and overlapping retransmissions: segments covering random ranges of the stream.
        int extra = rnd.nextInt(4);
        for (int i = 0; i < extra; i++) {
            int a = rnd.nextInt(sc.stream().length);
            int b = Math.min(sc.stream().length, a + 1 + rnd.nextInt(1500));
            wire.add(new Piece(a, b));
        }
        shuffleLocally(wire, rnd);

        Harness h = new Harness();
        send(h, sc, wire, true);
        h.finish();

        RecordingListener l = h.listeners.get(0);
        assertThat(h.listeners).hasSize(1);
        assertThat(l.gaps).isEmpty();
        assertThat(l.bytes(Direction.CLIENT_TO_SERVER)).isEqualTo(sc.stream());
        assertThat(l.offsetsConsistent).isTrue();
        assertThat(l.events).containsExactly("fin:client");
        assertThat(l.endReason).isEqualTo(EndReason.END_OF_CAPTURE);
    }

    @Property(tries = 2000)
    void aDroppedSegmentYieldsExactlyOneGapAtItsOffset(@ForAll("scenarios") Scenario sc,
                                                       @ForAll @IntRange(min = 0, max = 1000) int which) {
        Random rnd = new Random(sc.seed());
        List<Piece> pieces = cut(sc.stream().length, rnd);
        Piece dropped = pieces.get(which % pieces.size());
        List<Piece> wire = new ArrayList<>(pieces);
        wire.remove(dropped);
        // Retransmit some surviving segments whole (duplicates never cover the dropped range).
        for (int i = 0, n = rnd.nextInt(3); i < n && !wire.isEmpty(); i++) {
            wire.add(wire.get(rnd.nextInt(wire.size())));
        }
        shuffleLocally(wire, rnd);

        Harness h = new Harness();
        send(h, sc, wire, true);
        h.finish();

        RecordingListener l = h.listeners.get(0);
        assertThat(l.gaps).containsExactly(new RecordingListener.Gap(Direction.CLIENT_TO_SERVER,
                dropped.start(), dropped.end() - dropped.start()));
        byte[] expected = sc.stream().clone();
        byte[] got = l.bytes(Direction.CLIENT_TO_SERVER);
        byte[] before = Arrays.copyOfRange(expected, 0, dropped.start());
        byte[] after = Arrays.copyOfRange(expected, dropped.end(), expected.length);
        assertThat(Arrays.copyOfRange(got, 0, before.length)).isEqualTo(before);
        assertThat(Arrays.copyOfRange(got, before.length, got.length)).isEqualTo(after);
        assertThat(l.offsetsConsistent).isTrue();
        assertThat(h.stats.gaps).isEqualTo(1);
    }

    private static void send(Harness h, Scenario sc, List<Piece> wire, boolean fin) {
        int isn = sc.isn();
        int sisn = 1000;
        h.packet(CaptureBytes.ipv4(CLIENT, 40000, SERVER, 443, isn, 0, SYN, new byte[0]));
        h.packet(CaptureBytes.ipv4(SERVER, 443, CLIENT, 40000, sisn, isn + 1, SYN | ACK, new byte[0]));
        for (Piece p : wire) {
            byte[] payload = Arrays.copyOfRange(sc.stream(), p.start(), p.end());
            h.packet(CaptureBytes.ipv4(CLIENT, 40000, SERVER, 443, isn + 1 + p.start(), sisn + 1, ACK | PSH, payload));
        }
        if (fin) {
            h.packet(CaptureBytes.ipv4(CLIENT, 40000, SERVER, 443, isn + 1 + sc.stream().length, sisn + 1, FIN | ACK,
                    new byte[0]));
        }
    }

    /** Cuts [0, n) into consecutive pieces of 1 to 1460 bytes (often tiny ones). */
    static List<Piece> cut(int n, Random rnd) {
        List<Piece> out = new ArrayList<>();
        int p = 0;
        while (p < n) {
            int len = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(8) : 1 + rnd.nextInt(1460);
            int e = Math.min(n, p + len);
            out.add(new Piece(p, e));
            p = e;
        }
        return out;
    }

    /** Reorders within small windows, as networks do, and sometimes moves a segment far. */
    static void shuffleLocally(List<Piece> l, Random rnd) {
        for (int i = 0; i < l.size(); i++) {
            int j = Math.min(l.size() - 1, i + rnd.nextInt(4));
            Collections.swap(l, i, j);
        }
        if (l.size() > 2 && rnd.nextBoolean()) {
            Piece p = l.remove(rnd.nextInt(l.size()));
            l.add(rnd.nextInt(l.size()), p);
        }
    }
}
