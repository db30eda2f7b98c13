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
}
