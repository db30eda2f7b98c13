package io.tlsinspect.reports;

import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.RecordSource;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Records in memory that count how often they are read: tests of how many passes the analysis makes. */
public final class CountedSource {
    private CountedSource() {
    }

    /** {@code records} in their given order; each read adds one to {@code reads}. */
    public static RecordSource of(List<HandshakeRecord> records, AtomicInteger reads) {
        return new RecordSource() {
            @Override
            public long size() {
                return records.size();
            }

            @Override
            public Iterator<HandshakeRecord> iterator() {
                reads.incrementAndGet();
                return records.iterator();
            }
        };
    }
}
