package io.tlsinspect.cli.run;

import io.tlsinspect.capture.InputTally;
import io.tlsinspect.capture.PacketDissector;
import io.tlsinspect.capture.packet.LinkTypes;
import io.tlsinspect.capture.stats.CaptureStats;
import io.tlsinspect.capture.tcp.FlowTable;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.decoder.DecoderStats;
import io.tlsinspect.decoder.HandshakeDecoderFactory;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.InputSummary;
import io.tlsinspect.reports.model.ReportInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline in one thread, wired once: dissector -> flow table -> TLS decoder -> records. Saved
 * files go through {@link Pipeline}, which runs
 * the same dissector, flow table and decoder with the flow tables split over worker threads. Live
 * capture goes through the {@link Pipeline} too ({@code cli.live.LiveRun}); this one-thread form is
 * the reference the pipeline's tests compare against.
 */
public final class Inspection {
    private final CaptureStats captureStats = new CaptureStats();
    private final DecoderStats decoderStats = new DecoderStats();
    private final List<HandshakeRecord> records = new ArrayList<>();
    private final List<InputTally> tallies = new ArrayList<>();
    private final FlowTable table;
    private final PacketDissector dissector;

    public Inspection(FlowTableConfig cfg, List<String> inputNames) {
        table = new FlowTable(cfg, new HandshakeDecoderFactory(this::collect, decoderStats), captureStats);
        table.setSources(inputNames);
        for (String n : inputNames) {
            tallies.add(new InputTally(n));
        }
        dissector = new PacketDissector(table, captureStats);
    }

    private void collect(HandshakeRecord r) {
        synchronized (records) {
            records.add(r);
        }
    }

    public PacketDissector dissector() {
        return dissector;
    }

    public FlowTable table() {
        return table;
    }

    public List<InputTally> tallies() {
        return tallies;
    }

    public CaptureStats captureStats() {
        return captureStats;
    }

    /** Ends every open connection (end of input) so each yields its record. */
    public void finish() {
        table.finish();
    }

    /** Counters of capture and decoder, capture first, in report order. */
    public Map<String, Long> stats() {
        return stats(captureStats.asMap(), decoderStats.asMap());
    }

    /** The report's counters: the capture's first, then the decoder's it does not already have. */
    public static Map<String, Long> stats(Map<String, Long> capture, Map<String, Long> decoder) {
        Map<String, Long> m = new LinkedHashMap<>(capture);
        decoder.forEach(m::putIfAbsent);
        return m;
    }

    /** Hands over the records finished so far and forgets them (live capture's --rotate). */
    public List<HandshakeRecord> drainRecords() {
        synchronized (records) {
            List<HandshakeRecord> out = new ArrayList<>(records);
            records.clear();
            return out;
        }
    }

    /** This run's inputs and counters with the given records (one slice of a rotated capture). */
    public ReportInput sliceInput(List<HandshakeRecord> slice) {
        List<HandshakeRecord> sorted = new ArrayList<>(slice);
        sorted.sort(java.util.Comparator.comparingLong(HandshakeRecord::id));
        List<HandshakeRecord> numbered = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            numbered.add(sorted.get(i).withId(i + 1)); // each slice's report numbers its connections 1..N
        }
        return new ReportInput(summaries(tallies), stats(), numbered);
    }

    /** Records finished since the first {@code from} (for incremental counting without copying all). */
    public List<HandshakeRecord> recordsSince(int from) {
        synchronized (records) {
            return from >= records.size() ? List.of() : new ArrayList<>(records.subList(from, records.size()));
        }
    }

    /** Everything this run decided, numbered 1..N in order of each connection's first frame. */
    public ReportInput reportInput() {
        return sliceInput(drainRecords()); // drained: the renumbered copies replace them, not join them
    }

    /** The report's {@code inputs}: one per input, from what the reader counted. */
    public static List<InputSummary> summaries(List<InputTally> tallies) {
        List<InputSummary> inputs = new ArrayList<>();
        for (InputTally t : tallies) {
            inputs.add(new InputSummary(t.name(), t.linkType() < 0 ? null : LinkTypes.name(t.linkType()),
                    t.packets(), t.firstTsNanos(), t.lastTsNanos()));
        }
        return inputs;
    }
}
