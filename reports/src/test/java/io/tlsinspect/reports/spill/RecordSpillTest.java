package io.tlsinspect.reports.spill;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.Fixtures;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.RecordSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import io.tlsinspect.decoder.model.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spill file gives back every record exactly, in time order, as often as asked; then it is gone. */
class RecordSpillTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldRoundTripsAndEachPassIsInTimeOrder() throws Exception {
        List<HandshakeRecord> in = new ArrayList<>(Fixtures.seed());
        in.addAll(Fixtures.mixed());
        // issue 11's transports: a preamble with a proxy target, and QUIC with every optional field
        HandshakeRecord base = in.get(0);
        in.add(base.withTransport(Transport.afterPreamble("socks5", "www.example.test:443"), base.outcome(), base.notes()));
        in.add(in.get(1).withTransport(new Transport("quic", null, null, 0x6b3343cfL, 0x128L, List.of(1L, 0xff00001dL)),
                in.get(1).outcome(), in.get(1).notes()));
        // a refused preamble with its reply, and a record with heartbeats
        in.add(in.get(2).withTransport(Transport.afterPreamble("smtp", null, "454 4.7.0 TLS not available"),
                io.tlsinspect.decoder.model.Outcome.STARTTLS_REFUSED, in.get(2).notes()));
        HandshakeRecord h = in.get(3);
        in.add(new HandshakeRecord(h.id(), h.tsNanos(), h.endTsNanos(), h.client(), h.server(), h.tcp(), h.outcome(),
                h.established(), h.version(), h.cipher(), h.resumed(), h.helloRetry(), h.alerts(), h.decisiveAlert(),
                h.clientHello(), h.serverHello(), h.certificate(), h.history(), h.inferred(), h.notes(),
                h.keyExchangeGroup(), h.transport(), new io.tlsinspect.decoder.model.Heartbeats(3, 2, "client", 1,
                16384, 3, 1)));
        RecordSpill spill = new RecordSpill(dir);
        in.forEach(spill::add);
        List<HandshakeRecord> expected = new ArrayList<>(in);
        expected.sort(RecordSource.TIME_ORDER);
        assertThat(spill.size()).isEqualTo(in.size());
        for (int pass = 0; pass < 2; pass++) {
            List<HandshakeRecord> out = new ArrayList<>();
            spill.forEach(out::add);
            assertThat(out).isEqualTo(expected); // records: equal field by field
        }
        spill.close();
        try (var files = Files.list(dir)) {
            assertThat(files).as("the temporary file is deleted").isEmpty();
        }
    }

    @Test
    void recordsWhoseClockStepsBackAreMergedAcrossRuns() {
        // more than three runs, starts out of order: the merge, not the sequential read, must sort them
        int n = RecordSpill.RUN * 3 + 17;
        Random rnd = new Random(7);
        List<HandshakeRecord> in = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            in.add(Hs.conn(i).atNanos(rnd.nextInt(1_000_000) * 1000L).build());
        }
        try (RecordSpill spill = new RecordSpill(dir)) {
            in.forEach(spill::add);
            List<HandshakeRecord> expected = new ArrayList<>(in);
            expected.sort(RecordSource.TIME_ORDER);
            List<HandshakeRecord> out = new ArrayList<>();
            spill.forEach(out::add);
            assertThat(out).hasSize(n).isEqualTo(expected);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPassReadToTheEndLeavesItsBuffersToTheNextAndAnAbandonedOneKeepsThem() {
        int n = RecordSpill.RUN * 3 + 17; // four runs, out of order: a merge of four cursors
        Random rnd = new Random(11);
        List<HandshakeRecord> in = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            in.add(Hs.conn(i).atNanos(rnd.nextInt(1_000_000) * 1000L).build());
        }
        List<HandshakeRecord> expected = new ArrayList<>(in);
        expected.sort(RecordSource.TIME_ORDER);
        try (RecordSpill spill = new RecordSpill(dir)) {
            in.forEach(spill::add);
            assertThat(spill.spareBuffers()).isZero();
            List<HandshakeRecord> first = new ArrayList<>();
            spill.forEach(first::add);
            assertThat(first).isEqualTo(expected);
            assertThat(spill.spareBuffers()).as("one per run, given back").isEqualTo(4);

            java.util.Iterator<HandshakeRecord> abandoned = spill.iterator();
            assertThat(spill.spareBuffers()).as("taken by the second pass's cursors").isZero();
            abandoned.next();
            List<HandshakeRecord> third = new ArrayList<>();
            spill.forEach(third::add); // a pass while another is open: buffers of its own, the same records
            assertThat(third).isEqualTo(expected);
            assertThat(spill.spareBuffers()).isEqualTo(4);
            spill.close();
            assertThat(spill.spareBuffers()).isZero();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void runsThatMostlyFollowEachOtherMergeWithTheirOverlapsInOrder() {
        // as a capture's spill: each run later than the last, but its oldest records (long connections)
        // reach back into earlier runs, and equal start times are ordered by id. The merge reads one run
        // straight on while it stays first and must still switch at every overlap.
        int n = RecordSpill.RUN * 4 + 5;
        Random rnd = new Random(11);
        List<HandshakeRecord> in = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            long ts = i * 1000L;
            if (rnd.nextInt(50) == 0) {
                ts -= rnd.nextInt(3 * RecordSpill.RUN) * 1000L; // started up to three runs earlier
            } else if (rnd.nextInt(20) == 0) {
                ts = (i / 100) * 100_000L; // a tie on time with a record of another run
            }
            in.add(Hs.conn(i).atNanos(Math.max(0, ts)).build());
        }
        java.util.Collections.shuffle(in.subList(0, RecordSpill.RUN), rnd); // arrival order within a run is free
        try (RecordSpill spill = new RecordSpill(dir)) {
            in.forEach(spill::add);
            List<HandshakeRecord> expected = new ArrayList<>(in);
            expected.sort(RecordSource.TIME_ORDER);
            for (int pass = 0; pass < 2; pass++) {
                List<HandshakeRecord> out = new ArrayList<>();
                spill.forEach(out::add);
                assertThat(out).hasSize(n).isEqualTo(expected);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void valuesSharedBetweenRecordsAreReadBackExactly() throws Exception {
        // the reader keeps one object per distinct encoding: repeated and nearly equal values (one byte
        // or one suite apart, equal bytes in another field) must each come back as written, on every pass
        Random rnd = new Random(11);
        List<String> names = List.of("a.example", "b.example", "a.exampld", "", "xn--bcher-kva.example");
        List<List<Integer>> suites = List.of(List.of(0xc02f, 0xc030), List.of(0xc02f, 0xc031), List.of(0xc030, 0xc02f),
                List.of(0x1301), List.of());
        List<HandshakeRecord> in = new ArrayList<>();
        for (int i = 1; i <= 20_000; i++) {
            Hs h = Hs.conn(i).at(i * 0.001).client("10.0." + rnd.nextInt(3) + "." + rnd.nextInt(200))
                    .sni(names.get(rnd.nextInt(names.size()))).suites(suites.get(rnd.nextInt(suites.size())))
                    .session(Integer.toHexString(rnd.nextInt()))
                    .alpn(rnd.nextBoolean() ? new String[] {"h2", "http/1.1"} : new String[] {"http/1.1", "h2"})
                    .ja4("t13d" + rnd.nextInt(40) + "_x");
            in.add(rnd.nextInt(4) == 0 ? h.reset().build() : h.established(0x0303, 0xc02f).build());
        }
        try (RecordSpill spill = new RecordSpill(dir)) {
            in.forEach(spill::add);
            for (int pass = 0; pass < 3; pass++) {
                List<HandshakeRecord> out = new ArrayList<>();
                spill.forEach(out::add);
                assertThat(out).isEqualTo(in);
            }
        }
    }

    @Test
    void aNumberedSpillTakesRecordsInAnyOrderAndNumbersThemByTheirGivenIds() throws Exception {
        // frame numbers as ids, several runs, arriving shuffled (as workers finish them); in the
        // second case the capture's clock steps back, so time order is not id order
        for (boolean clockStepsBack : new boolean[] {false, true}) {
            int n = RecordSpill.RUN * 2 + 5;
            Random rnd = new Random(clockStepsBack ? 3 : 5);
            List<HandshakeRecord> byFrame = new ArrayList<>();
            long frame = 0;
            for (int i = 0; i < n; i++) {
                frame += 1 + rnd.nextInt(5);
                long ms = clockStepsBack && i % 100 == 7 ? i - 50 : i; // every 100th starts 50 ms "earlier"
                byFrame.add(Hs.conn(frame).atNanos(ms * 1_000_000L).build());
            }
            List<HandshakeRecord> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(byFrame.get(i).withId(i + 1)); // 1..N in order of first frames
            }
            expected.sort(RecordSource.TIME_ORDER);
            List<HandshakeRecord> arrival = new ArrayList<>(byFrame);
            java.util.Collections.shuffle(arrival, rnd);
            try (RecordSpill spill = new RecordSpill(dir, true)) {
                arrival.forEach(spill::add);
                for (int pass = 0; pass < 2; pass++) {
                    List<HandshakeRecord> out = new ArrayList<>();
                    spill.forEach(out::add);
                    assertThat(out).as("clock steps back: %s", clockStepsBack).isEqualTo(expected);
                }
            }
        }
    }
}
