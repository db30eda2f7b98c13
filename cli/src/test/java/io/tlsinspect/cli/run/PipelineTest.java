package io.tlsinspect.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tlsinspect.capture.InputTally;
import io.tlsinspect.capture.packet.Frame;
import io.tlsinspect.capture.packet.LinkTypes;
import io.tlsinspect.capture.tcp.ConnectionListenerFactory;
import io.tlsinspect.capture.tcp.FlowTableConfig;
import io.tlsinspect.decoder.HandshakeDecoderFactory;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One reader, N workers: failures end the run at once with the failure itself, records come out in
 * id order, capture time reaches every worker, and the live mode drops rather than waits. Inputs
 * that never end make a hang show up as a timeout rather than as a slow pass.
 */
class PipelineTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final FlowTableConfig CFG = FlowTableConfig.defaults(Set.of(443));

    private static FlowTableConfig idle(Duration d) {
        return new FlowTableConfig(Set.of(443), FlowTableConfig.DEFAULT_MAX_FLOWS, d, FlowTableConfig.DEFAULT_LINGER,
                FlowTableConfig.DEFAULT_STREAM_CAP);
    }

    /** Every worker's decoder factory fails with {@code failure} when it opens its 50th connection. */
    private static ShardWorker.DecoderSetup failingAt50(Throwable failure) {
        return (sink, stats) -> {
            ConnectionListenerFactory real = new HandshakeDecoderFactory(sink, stats);
            AtomicInteger opened = new AtomicInteger();
            return info -> {
                if (opened.incrementAndGet() == 50) {
                    sneakyThrow(failure);
                }
                return real.open(info);
            };
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    private static Pipeline pipeline(int workers, List<HandshakeRecord> sink, ShardWorker.DecoderSetup decoders) {
        return new Pipeline(CFG, List.of("syns"), workers, Pipeline.Overflow.BLOCK,
                r -> sink.add(r), decoders);
    }

    private static void readEndless(Pipeline p) throws IOException {
        p.read(new SynSource(-1, -1, 1_000), List.of(new InputTally("syns")), () -> false, null);
    }

    @Test
    void aWorkerThatThrowsEndsTheRunWithItsExceptionWhileTheReaderStillHasInput() {
        IllegalStateException boom = new IllegalStateException("test: decoder broke");
        List<HandshakeRecord> sink = Collections.synchronizedList(new ArrayList<>());
        Pipeline p = pipeline(2, sink, failingAt50(boom));
        // The input never ends: the reader must notice the dead worker instead of waiting for it.
        assertTimeoutPreemptively(LIMIT, () ->
                assertThatThrownBy(() -> readEndless(p)).isSameAs(boom));
        assertTimeoutPreemptively(LIMIT, () -> assertThat(p.threadsEnded(LIMIT.toMillis())).isTrue());
    }

    @Test
    void anOutOfMemoryErrorInAWorkerReachesTheCallerAsItself() {
        OutOfMemoryError oom = new OutOfMemoryError("test: Java heap space");
        Pipeline p = pipeline(3, new ArrayList<>(), failingAt50(oom));
        assertTimeoutPreemptively(LIMIT, () ->
                assertThatThrownBy(() -> readEndless(p)).isSameAs(oom));
    }

    @Test
    void aFailingReaderStopsTheWorkersAndReachesTheCaller() {
        List<HandshakeRecord> sink = Collections.synchronizedList(new ArrayList<>());
        Pipeline p = pipeline(2, sink, HandshakeDecoderFactory::new);
        assertTimeoutPreemptively(LIMIT, () -> {
            assertThatThrownBy(() -> p.read(new SynSource(-1, 20_000, 1_000), List.of(new InputTally("syns")),
                    () -> false, null)).isInstanceOf(IOException.class).hasMessage("test: the disk went away");
            assertThat(p.threadsEnded(LIMIT.toMillis())).as("workers and merger ended").isTrue();
        });
    }

    @Test
    void aFailingSinkEndsTheRun() {
        IllegalArgumentException boom = new IllegalArgumentException("test: sink broke");
        Pipeline p = new Pipeline(idle(Duration.ofSeconds(1)),
                List.of("syns"), 2, Pipeline.Overflow.BLOCK, r -> {
                    throw boom;
                });
        assertTimeoutPreemptively(LIMIT, () -> assertThatThrownBy(() -> readEndless(p)).isSameAs(boom));
    }

    @Test
    void closingAnUnfinishedRunStopsItsThreads() throws Exception {
        Pipeline p = pipeline(2, new ArrayList<>(), HandshakeDecoderFactory::new);
        Frame f = new Frame();
        byte[] b = new byte[40];
        SynSource.syn(0, b);
        f.set(LinkTypes.RAW, SynSource.T0, b, 0, b.length, b.length);
        p.dissector().accept(f);
        p.close();
        assertThat(p.threadsEnded(LIMIT.toMillis())).isTrue();
    }

    @Test
    void recordsReachTheSinkInIdOrderWhateverTheNumberOfWorkers() throws IOException {
        // 30,000 unanswered SYNs, 100 µs apart, idle timeout 1 s: connections end all through the
        // run, in every worker, in an order that depends on the threads.
        FlowTableConfig cfg = idle(Duration.ofSeconds(1));
        List<Long> expected = null;
        for (int workers : new int[] {1, 2, 3, 5}) {
            List<HandshakeRecord> sink = new ArrayList<>();
            try (Pipeline p = new Pipeline(cfg, List.of("syns"), workers, Pipeline.Overflow.BLOCK, sink::add)) {
                p.read(new SynSource(30_000, -1, 100_000), List.of(new InputTally("syns")), () -> false, null);
                assertThat(p.stats()).containsEntry("connections", 30_000L).containsEntry("packets", 30_000L);
            }
            List<Long> ids = sink.stream().map(HandshakeRecord::id).toList();
            assertThat(ids).as(workers + " workers").hasSize(30_000).isSorted().doesNotHaveDuplicates();
            assertThat(sink).allMatch(r -> r.outcome() == Outcome.UNANSWERED_SYN);
            if (expected == null) {
                expected = ids;
            }
            assertThat(ids).isEqualTo(expected);
        }
    }

    @Test
    void aWorkerThatGetsNoPacketsStillSeesCaptureTimeAndEndsIdleConnections() throws Exception {
        // Client 0's SYN goes to one worker; then only clients of the other worker send, for 300 s of
        // capture time. Client 0's connection must end by idle timeout (120 s) long before the input does.
        int lonely = SynSource.workerOf(0, 2);
        List<HandshakeRecord> sink = Collections.synchronizedList(new ArrayList<>());
        try (Pipeline p = new Pipeline(CFG, List.of("syns"), 2, Pipeline.Overflow.BLOCK, sink::add)) {
            Frame f = new Frame();
            byte[] b = new byte[40];
            SynSource.syn(0, b);
            f.set(LinkTypes.RAW, SynSource.T0, b, 0, b.length, b.length);
            p.dissector().accept(f);
            long t = SynSource.T0;
            for (long i = 1; t < SynSource.T0 + 300_000_000_000L; i++) {
                if (SynSource.workerOf(i, 2) == lonely) {
                    continue;
                }
                t += 500_000_000L;
                SynSource.syn(i, b);
                f.set(LinkTypes.RAW, t, b, 0, b.length, b.length);
                p.dissector().accept(f);
            }
            // Not finished: only capture time can have ended it. Wait for the fact, not for a while.
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (sink.stream().noneMatch(r -> r.id() == 1) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(sink).anySatisfy(r -> {
                assertThat(r.id()).isEqualTo(1);
                assertThat(r.outcome()).isEqualTo(Outcome.UNANSWERED_SYN);
            });
            p.finish();
        }
        assertThat(sink.stream().filter(r -> r.id() == 1).findFirst().orElseThrow().endTsNanos())
                .isEqualTo(SynSource.T0 + 120_000_000_000L);
    }

    @Test
    void onAQuietLinkAdvancingTheClockEndsIdleConnectionsInEveryWorker() throws Exception {
        // Live capture on a quiet interface: no packet comes, only the clock moves (Pipeline.advanceTime).
        List<HandshakeRecord> sink = Collections.synchronizedList(new ArrayList<>());
        try (Pipeline p = new Pipeline(CFG, List.of("syns"), 3, Pipeline.Overflow.DROP, sink::add)) {
            Frame f = new Frame();
            SynSource src = new SynSource(20, -1, 1_000);
            while (src.next(f)) {
                p.dissector().accept(f);
            }
            p.advanceTime(SynSource.T0 + 121_000_000_000L); // past the 120 s idle timeout
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (sink.size() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(sink).as("every connection ended before the input did").hasSize(20);
            assertThat(sink).allMatch(r -> r.outcome() == Outcome.UNANSWERED_SYN);
            p.finish();
        }
    }

    /**
     * A SYN alone opens no decoder (compact flows): with room for one flow per worker, each new SYN evicts
     * the last flow, whose decoder opens then, so a stuck decoder stops both workers at once.
     */
    private static final FlowTableConfig ONE_FLOW_PER_WORKER = new FlowTableConfig(Set.of(443), 2,
            FlowTableConfig.DEFAULT_IDLE, FlowTableConfig.DEFAULT_LINGER, FlowTableConfig.DEFAULT_STREAM_CAP);

    /** A decoder whose every connection waits for {@code release}: both workers stuck on their first batch. */
    private static ShardWorker.DecoderSetup stuckUntil(CountDownLatch release) {
        return (sink, stats) -> {
            ConnectionListenerFactory real = new HandshakeDecoderFactory(sink, stats);
            return info -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return real.open(info);
            };
        };
    }

    @Test
    void liveModeDropsAndCountsInsteadOfWaitingForABusyWorker() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<HandshakeRecord> sink = Collections.synchronizedList(new ArrayList<>());
        int frames = 200_000;
        int totalBatches = 128; // 64 per worker: room for 2 * 64 * 1024 = 131,072 SYNs, fewer than sent
        try (Pipeline p = new Pipeline(ONE_FLOW_PER_WORKER, List.of("syns"), 2, Pipeline.Overflow.DROP, sink::add,
                stuckUntil(release), totalBatches)) {
            assertTimeoutPreemptively(LIMIT, () -> {
                Frame f = new Frame();
                SynSource src = new SynSource(frames, -1, 1_000);
                while (src.next(f)) {
                    p.dissector().accept(f); // never waits, although both workers are stuck
                }
            });
            assertThat(p.queueDrops()).as("no more queued than the bound holds")
                    .isGreaterThanOrEqualTo(frames - totalBatches * (long) Pipeline.BATCH_SEGMENTS);
            release.countDown();
            p.finish();
            assertThat(sink.size() + p.queueDrops()).isEqualTo(frames);
            // Reported like kernel drops: the report's stats carry the count (issue 10).
            assertThat(p.stats()).containsEntry("queue_drops", p.queueDrops());
            assertThat(p.captureStats().queueDrops).isEqualTo(p.queueDrops());
        }
    }

    @Test
    void liveQueuesGrowWhileAWorkerIsBehindSoAStallOfMoreThanTheStartingBatchesLosesNothing() throws Exception {
        // The JIT compiler's first seconds: workers far behind the capture thread for a while.
        CountDownLatch release = new CountDownLatch(1);
        List<HandshakeRecord> sink = Collections.synchronizedList(new ArrayList<>());
        int frames = 100_000; // more than the 2 * 32 * 1024 = 65,536 the starting batches hold
        assertThat(frames).isGreaterThan(2 * Pipeline.LIVE_BATCHES * Pipeline.BATCH_SEGMENTS);
        try (Pipeline p = new Pipeline(ONE_FLOW_PER_WORKER, List.of("syns"), 2, Pipeline.Overflow.DROP, sink::add,
                stuckUntil(release), Pipeline.LIVE_TOTAL_BATCHES)) {
            assertTimeoutPreemptively(LIMIT, () -> {
                Frame f = new Frame();
                SynSource src = new SynSource(frames, -1, 1_000);
                while (src.next(f)) {
                    p.dissector().accept(f);
                }
            });
            assertThat(p.queueDrops()).isZero();
            release.countDown();
            p.finish();
            assertThat(sink).hasSize(frames);
        }
    }

    @Test
    void theWorkersDecideExactlyWhatOneThreadWithoutThePipelineDecides() throws IOException {
        // Every sample capture, merged as one fleet: Inspection (dissector -> flow table -> decoder on
        // one thread, as live capture runs) against the reader and three workers.
        java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
        while (!java.nio.file.Files.isDirectory(dir.resolve("sample-pcaps"))) {
            dir = dir.getParent();
        }
        List<String> files = new ArrayList<>();
        for (String f : List.of("basic.pcap", "handshakes.pcap", "failures.pcap", "fallback.pcap", "browser.pcap",
                "fleet/s1.pcap", "fleet/s2.pcap", "fleet/s3.pcap")) {
            files.add(dir.resolve("sample-pcaps").resolve(f).toString());
        }
        Inspection one = new Inspection(CFG, files);
        List<io.tlsinspect.capture.file.CaptureFileReader> readers = new ArrayList<>();
        for (String f : files) {
            readers.add(io.tlsinspect.capture.file.CaptureFileReader.open(f));
        }
        io.tlsinspect.capture.CaptureRunner.run(new io.tlsinspect.capture.file.MergedSource(readers), one.dissector(),
                one.tallies(), () -> false, null);
        one.finish();
        io.tlsinspect.reports.model.ReportInput expected = one.reportInput();

        io.tlsinspect.reports.model.ReportInput workers = ParallelFiles.run(files, CFG, 3, null).input();
        assertThat(expected.records()).hasSizeGreaterThan(50);
        // the workers' records come back from their spill file: compared record by record, in order
        try (var spilled = workers.records()) {
            assertThat(spilled).containsExactlyElementsOf(expected.records());
        }
        assertThat(workers.stats()).isEqualTo(expected.stats());
        assertThat(workers.inputs()).isEqualTo(expected.inputs());
    }
}
