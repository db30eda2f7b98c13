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
 * The whole pipeline of one run, wired once: dissector -> flow table -> TLS decoder -> records.
 * Files and live capture both feed frames into {@link #dissector()}; nothing else decodes packets.
 */
public final class Inspection {
    private final CaptureStats captureStats = new CaptureStats();
    private final DecoderStats decoderStats = new DecoderStats();
    private final List<HandshakeRecord> records = new ArrayList<>();
    private final List<InputTally> tallies = new ArrayList<>();
    private final FlowTable table;
    private final PacketDissector dissector;

    public Inspection(FlowTableConfig cfg, List<String> inputNames) {
        this(cfg, inputNames, 0, 1);
    }

    /** One shard of a parallel run: it decodes only its share of the connections (see PacketDissector). */
    public Inspection(FlowTableConfig cfg, List<String> inputNames, int shard, int shards) {
        table = new FlowTable(cfg, new HandshakeDecoderFactory(this::collect, decoderStats), captureStats);
        table.setSources(inputNames);
        for (String n : inputNames) {
            tallies.add(new InputTally(n));
        }
        dissector = new PacketDissector(table, captureStats, shard, shards);
    }

    private void collect(HandshakeRecord r) {
        synchronized (records) {
            records.add(r);
        }
    }

    public PacketDissector dissector() {
        return dissector;
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
        Map<String, Long> m = new LinkedHashMap<>(captureStats.asMap());
        for (Map.Entry<String, Long> e : decoderStats.asMap().entrySet()) {
            m.putIfAbsent(e.getKey(), e.getValue());
        }
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
        ReportInput counters = reportInput(List.of(this)); // holds no records: they were drained
        List<HandshakeRecord> sorted = new ArrayList<>(slice);
        sorted.sort(java.util.Comparator.comparingLong(HandshakeRecord::id));
        List<HandshakeRecord> numbered = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            numbered.add(sorted.get(i).withId(i + 1)); // each slice's report numbers its connections 1..N
        }
        return new ReportInput(counters.inputs(), counters.stats(), numbered);
    }

    /** Records finished since the first {@code from} (for incremental counting without copying all). */
    public List<HandshakeRecord> recordsSince(int from) {
        synchronized (records) {
            return from >= records.size() ? List.of() : new ArrayList<>(records.subList(from, records.size()));
        }
    }

    public ReportInput reportInput() {
        return reportInput(List.of(this));
    }

    /**
     * The report input of one run made of several shards over the same inputs: counters added,
     * records numbered 1..N in order of their first frame (the flow table's ids are frame numbers).
     */
    public static ReportInput reportInput(List<Inspection> shards) {
        List<InputSummary> inputs = new ArrayList<>();
        for (InputTally t : shards.get(0).tallies) { // every shard reads every frame: any one's tallies do
            inputs.add(new InputSummary(t.name(), t.linkType() < 0 ? null : LinkTypes.name(t.linkType()),
                    t.packets(), t.firstTsNanos(), t.lastTsNanos()));
        }
        Map<String, Long> stats = new LinkedHashMap<>();
        List<HandshakeRecord> all = new ArrayList<>();
        for (Inspection s : shards) {
            s.stats().forEach((k, v) -> stats.merge(k, v, Long::sum));
            all.addAll(s.drainRecords()); // drained: the renumbered copies replace them, not join them
        }
        all.sort(java.util.Comparator.comparingLong(HandshakeRecord::id));
        List<HandshakeRecord> numbered = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            numbered.add(all.get(i).withId(i + 1));
        }
        return new ReportInput(inputs, stats, numbered);
    }
}
