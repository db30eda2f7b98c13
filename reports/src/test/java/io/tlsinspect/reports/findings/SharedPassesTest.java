package io.tlsinspect.reports.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.CountedSource;
import io.tlsinspect.reports.Hs;
import io.tlsinspect.reports.model.RecordSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parties reading different numbers of passes each see every record, in order, on every pass; the source is read once a round. */
class SharedPassesTest {
    private static final int N = 2_000; // several batches of BATCH
    private static final int BATCH = 256; // more batches than a pass's queue holds

    @Test
    @Timeout(20)
    void everyPartySeesEveryRecordOnEachOfItsPassesAndTheSourceIsReadOncePerRound() throws Exception {
        List<HandshakeRecord> records = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            records.add(Hs.conn(i).at(i).build());
        }
        AtomicInteger reads = new AtomicInteger();
        RecordSource counted = CountedSource.of(records, reads);
        int[] passes = {0, 1, 2, 3, 1, 2}; // a party that never reads, and parties that read 1 to 3 times
        SharedPasses shared = new SharedPasses(counted, passes.length, BATCH);
        List<List<Long>> seen = new ArrayList<>();
        Thread[] threads = new Thread[passes.length];
        for (int p = 0; p < passes.length; p++) {
            List<Long> ids = new ArrayList<>();
            seen.add(ids);
            int count = passes[p];
            threads[p] = new Thread(() -> {
                try {
                    for (int k = 0; k < count; k++) {
                        for (HandshakeRecord r : shared) {
                            ids.add(r.id());
                        }
                    }
                } finally {
                    shared.done();
                }
            });
            threads[p].start();
        }
        shared.serve();
        for (Thread t : threads) {
            t.join();
        }
        for (int p = 0; p < passes.length; p++) {
            List<Long> expected = new ArrayList<>();
            for (int k = 0; k < passes[p]; k++) {
                for (long i = 1; i <= N; i++) {
                    expected.add(i);
                }
            }
            assertThat(seen.get(p)).as("party %d", p).isEqualTo(expected);
        }
        assertThat(reads.get()).as("one read per round, the most passes any party asked for").isEqualTo(3);
    }

    @Test
    @Timeout(20)
    void aPartyThatReadsTwoPassesAtOnceFailsInsteadOfHanging() throws Exception {
        List<HandshakeRecord> records = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            records.add(Hs.conn(i).at(i).build());
        }
        SharedPasses shared = new SharedPasses(RecordSource.of(records), 1, BATCH);
        Throwable[] error = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                for (HandshakeRecord outer : shared) {
                    for (HandshakeRecord inner : shared) {
                        assertThat(inner).isNotNull();
                    }
                }
            } catch (Throwable e) {
                error[0] = e;
            } finally {
                shared.done();
            }
        });
        t.start();
        shared.serve();
        t.join();
        assertThat(error[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("two passes at once");
    }
}
