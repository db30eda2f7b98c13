package io.tlsinspect.cli.run;

import io.tlsinspect.capture.InputTally;
import io.tlsinspect.capture.file.CaptureFileReader;
import io.tlsinspect.capture.file.MergedSource;
import io.tlsinspect.capture.packet.FrameSource;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.reports.model.ReportInput;
import io.tlsinspect.reports.spill.RecordSpill;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Saved captures through the {@link Pipeline}: this thread reads the files (several merged by time)
 * and dissects every frame once; {@code threads} workers decode the connections. Standard input
 * works the same way: it is read once, by this thread.
 */
public final class ParallelFiles {
    private ParallelFiles() {
    }

    /**
     * @param input every record, numbered 1..N in order of each connection's first frame, with the
     *     inputs and counters of the run; the records are in a spill file (DESIGN §3), which the
     *     caller closes (deletes) when the report is written
     */
    public record Result(ReportInput input, List<String> warnings, Set<String> unsupportedLinkTypes,
                         long unsupportedLinkPackets, int workers) {
    }

    /**
     * @param progress receives the bytes read so far, now and then
     */
    public static Result run(List<String> files, FlowTableConfig cfg, int threads, LongConsumer progress)
            throws IOException {
        return run(files, cfg, threads, progress, null);
    }

    static Result run(List<String> files, FlowTableConfig cfg, int threads, LongConsumer progress,
                      ShardWorker.DecoderSetup decoders) throws IOException {
        List<CaptureFileReader> readers = new ArrayList<>();
        try {
            for (String f : files) {
                readers.add(CaptureFileReader.open(f)); // a bad file fails here, before any thread starts
            }
            List<InputTally> tallies = new ArrayList<>();
            for (String f : files) {
                tallies.add(new InputTally(f));
            }
            // Records arrive in any order, with their first frames' numbers as ids; they go to a spill
            // file as they come, so the heap holds none of them (DESIGN §3), and the spill numbers
            // them 1..N in that order when it is read.
            RecordSpill records = RecordSpill.inTempDirNumbered();
            boolean handedOver = false;
            Consumer<HandshakeRecord> sink = records::add;
            FrameSource src = readers.size() == 1 ? readers.get(0) : new MergedSource(readers);
            try (Pipeline p = decoders == null
                    ? new Pipeline(cfg, files, threads, Pipeline.Overflow.BLOCK, sink, false)
                    : new Pipeline(cfg, files, threads, Pipeline.Overflow.BLOCK, sink, decoders, false)) {
                p.read(src, tallies, () -> false, progress == null ? null
                        : frames -> progress.accept(readers.stream().mapToLong(CaptureFileReader::bytesRead).sum()));
                List<String> warnings = new ArrayList<>();
                for (CaptureFileReader r : readers) {
                    for (String w : r.warnings()) {
                        warnings.add(r.name() + ": " + w);
                    }
                }
                records.finish();
                ReportInput input = new ReportInput(Inspection.summaries(tallies), p.stats(), records);
                handedOver = true;
                return new Result(input, warnings, p.unsupportedLinkTypes(), p.captureStats().unsupportedLinkPackets,
                        p.workers());
            } finally {
                if (!handedOver) {
                    records.close(); // a failed run leaves no temporary file behind
                }
            }
        } finally {
            for (CaptureFileReader r : readers) {
                try {
                    r.close();
                } catch (IOException ignored) {
                    // a finished input: closing it cannot change the result
                }
            }
        }
    }
}
