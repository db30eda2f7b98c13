package io.tlsinspect.cli.live;

import io.tlsinspect.capture.InputTally;
import io.tlsinspect.capture.PacketDissector;
import io.tlsinspect.capture.live.PcapCounters;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.cli.run.Inspection;
import io.tlsinspect.cli.run.Pipeline;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.ReportInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A live capture's analysis: the same {@link Pipeline} as saved files (the capture thread reads and
 * dissects, N workers decode), in {@link Pipeline.Overflow#DROP} mode so that the capture thread never
 * waits on decoding; what a full queue costs is counted ({@code queue_drops}). Holds the finished
 * records until a report ({@code --rotate}: a slice) takes them, and libpcap's own counters for the
 * report's stats.
 *
 * <p>{@link #dissector}, {@link #advanceTime} and {@link #finish} belong to the capture thread; the
 * records arrive on the pipeline's merger thread. Counters read while the workers run are approximate
 * (summaries, slices); after {@link #finish} they are exact.
 */
public final class LiveRun implements AutoCloseable {
    private final Pipeline pipeline;
    private final List<InputTally> tallies = new ArrayList<>();
    private final List<HandshakeRecord> records = new ArrayList<>();
    /** libpcap's counters and what the stop left unread: set by the capture thread at the end. */
    private final CaptureStats libpcap = new CaptureStats();

    /**
     * @param workers decoder threads (the number of cores by default, as for files)
     */
    public LiveRun(FlowTableConfig cfg, String iface, int workers) {
        tallies.add(new InputTally(iface));
        pipeline = new Pipeline(cfg, List.of(iface), workers, Pipeline.Overflow.DROP, this::collect);
    }

    private void collect(HandshakeRecord r) {
        synchronized (records) {
            records.add(r);
        }
    }

    public PacketDissector dissector() {
        return pipeline.dissector();
    }

    public List<InputTally> tallies() {
        return tallies;
    }

    /** A quiet link: capture time moves on without packets, so idle connections end (capture thread). */
    public void advanceTime(long tsNanos) {
        pipeline.advanceTime(tsNanos);
    }

    /** The capture ended: every worker ends its connections; every record has arrived when this returns. */
    public void finish() throws IOException {
        pipeline.finish();
    }

    /** libpcap's final counters, and the packets it had received before the stop that were not read. */
    public void libpcapCounters(PcapCounters c, long unreadAtStop) {
        libpcap.kernelDrops = c.dropped();
        libpcap.interfaceDrops = c.interfaceDropped();
        libpcap.unreadAtStop = unreadAtStop;
    }

    /** Capture counters of the reader, the workers and libpcap, added up. */
    public CaptureStats captureStats() {
        CaptureStats total = pipeline.captureStats();
        total.add(libpcap);
        return total;
    }

    /** Segments dropped because a worker's queue was full. */
    public long queueDrops() {
        return pipeline.queueDrops();
    }

    public int openFlows() {
        return pipeline.openFlows();
    }

    /** Counters of capture and decoder, capture first, in report order. */
    public Map<String, Long> stats() {
        return Inspection.stats(captureStats().asMap(), pipeline.decoderStats().asMap());
    }

    /** Hands over the records finished so far and forgets them (--rotate). */
    public List<HandshakeRecord> drainRecords() {
        synchronized (records) {
            List<HandshakeRecord> out = new ArrayList<>(records);
            records.clear();
            return out;
        }
    }

    /** Records finished since the first {@code from} (for incremental counting without copying all). */
    public List<HandshakeRecord> recordsSince(int from) {
        synchronized (records) {
            return from >= records.size() ? List.of() : new ArrayList<>(records.subList(from, records.size()));
        }
    }

    /** This run's input and counters with the given records (one slice of a rotated capture), numbered 1..N. */
    public ReportInput sliceInput(List<HandshakeRecord> slice) {
        List<HandshakeRecord> sorted = new ArrayList<>(slice);
        sorted.sort(Comparator.comparingLong(HandshakeRecord::id));
        List<HandshakeRecord> numbered = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            numbered.add(sorted.get(i).withId(i + 1));
        }
        return new ReportInput(Inspection.summaries(tallies), stats(), numbered);
    }

    /** Everything not yet reported, numbered 1..N in order of each connection's first frame. */
    public ReportInput reportInput() {
        return sliceInput(drainRecords());
    }

    /** Stops the workers of a run that did not finish; harmless after {@link #finish}. */
    @Override
    public void close() {
        pipeline.close();
    }
}
